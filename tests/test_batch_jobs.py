"""Batches with worker processes: the same outcomes, errors and order as with one process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scorer.batch import FileError, iter_outcomes, score_paths, score_sources
from scorer.checklist import Checklist
from scorer.ingest import Source, find_reports


def _copies(samples_dir: Path, folder: Path, n: int) -> list[Path]:
    """Writes n sample reports (the four samples in turn) under distinct names."""
    samples = sorted(samples_dir.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i:03d}_{samples[i % len(samples)].name}"
        shutil.copyfile(samples[i % len(samples)], path)
        paths.append(path)
    return paths


def test_results_are_identical_whatever_jobs_is_on_samples_and_seeds(
        checklist: Checklist, samples_dir: Path, seeds_dir: Path) -> None:
    one = score_paths([samples_dir, seeds_dir], checklist, jobs=1)
    two = score_paths([samples_dir, seeds_dir], checklist, jobs=2)
    three = score_paths([samples_dir, seeds_dir], checklist, jobs=3)
    assert len(one.results) == 9
    assert two.results == one.results
    assert three.results == one.results


def test_results_come_back_in_source_order_with_workers(checklist: Checklist, samples_dir: Path,
                                                        tmp_path: Path) -> None:
    paths = _copies(samples_dir, tmp_path, 40)  # several chunks per worker
    batch = score_paths([tmp_path], checklist, jobs=2)
    assert [r.file for r in batch.results] == [str(p) for p in paths]


def test_unreadable_files_stay_errors_with_workers(checklist: Checklist, samples_dir: Path,
                                                   tmp_path: Path) -> None:
    _copies(samples_dir, tmp_path, 6)
    (tmp_path / "002_empty.txt").write_bytes(b"")
    (tmp_path / "004_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "005_notes.xyz").write_bytes(b"not a report format")
    batch = score_paths([tmp_path], checklist, jobs=2)
    assert batch.found == 9
    assert len(batch.results) == 6
    assert batch.errors == score_paths([tmp_path], checklist, jobs=1).errors
    assert [Path(e.file).name for e in batch.errors] == ["002_empty.txt", "004_binary.txt", "005_notes.xyz"]
    assert all(e.error for e in batch.errors)


def test_outcomes_interleave_results_and_errors_in_source_order(checklist: Checklist, samples_dir: Path,
                                                                tmp_path: Path) -> None:
    paths = _copies(samples_dir, tmp_path, 5)
    missing = tmp_path / "002_gone.txt"
    sources = [Source(str(p), p) for p in paths[:2]] + [Source(str(missing), missing)] + \
              [Source(str(p), p) for p in paths[2:]]
    outcomes = list(iter_outcomes(sources, checklist, jobs=2))
    assert [s.name for s, _ in outcomes] == [s.name for s in sources]
    assert outcomes[2][1] == FileError(str(missing), "file not found")
    assert all(not isinstance(o, FileError) for i, (_, o) in enumerate(outcomes) if i != 2)


def test_outcomes_stream_from_a_generator_of_sources(checklist: Checklist, samples_dir: Path,
                                                     tmp_path: Path) -> None:
    paths = _copies(samples_dir, tmp_path, 6)
    sources = (Source(str(p), p) for p in paths)  # no len(): the batch must not need one
    names = [s.name for s, _ in iter_outcomes(sources, checklist, jobs=2)]
    assert names == [str(p) for p in paths]


def test_progress_is_called_once_per_file_in_order_with_workers(checklist: Checklist, samples_dir: Path,
                                                                tmp_path: Path) -> None:
    paths = _copies(samples_dir, tmp_path, 10)
    seen: list[str] = []
    score_paths([tmp_path], checklist, progress=lambda s: seen.append(s.name), jobs=2)
    assert seen == [str(p) for p in paths]


class _KillsItsProcess(Source):
    """A source whose reading ends the process that reads it, as a crash would."""

    def read(self):
        os._exit(3)


def test_a_file_that_kills_its_worker_becomes_an_error_and_the_rest_is_scored(
        checklist: Checklist, samples_dir: Path, tmp_path: Path) -> None:
    paths = _copies(samples_dir, tmp_path, 6)
    sources = find_reports([tmp_path])
    sources[3] = _KillsItsProcess(sources[3].name, sources[3].path)
    batch = score_sources(sources, checklist, jobs=2)
    assert [r.file for r in batch.results] == [str(p) for i, p in enumerate(paths) if i != 3]
    assert batch.errors == [FileError(str(paths[3]), "the worker process scoring this file died "
                                                     "(a crash, or it ran out of memory)")]


class _RecordsItsProcess(Source):
    """A source that writes the id of the process reading it next to the file."""

    def read(self):
        self.path.with_suffix(".pid").write_text(str(os.getpid()))
        return super().read()


def _reader_pids(checklist: Checklist, samples_dir: Path, folder: Path, jobs: int) -> set[int]:
    paths = _copies(samples_dir, folder, 4)
    score_sources([_RecordsItsProcess(str(p), p) for p in paths], checklist, jobs=jobs)
    return {int(p.with_suffix(".pid").read_text()) for p in paths}


@pytest.mark.parametrize("jobs", [0, 1])
def test_one_job_or_fewer_reads_and_scores_in_this_process(checklist: Checklist, samples_dir: Path,
                                                           tmp_path: Path, jobs: int) -> None:
    assert _reader_pids(checklist, samples_dir, tmp_path, jobs) == {os.getpid()}


def test_workers_read_the_files_themselves(checklist: Checklist, samples_dir: Path, tmp_path: Path) -> None:
    pids = _reader_pids(checklist, samples_dir, tmp_path, 2)
    assert os.getpid() not in pids
