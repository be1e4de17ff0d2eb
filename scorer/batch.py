"""Scores many report files: every file found is either scored or listed with its error.

Errors are values here: one unreadable file becomes a row of `Batch.errors` and the rest
of the batch goes on. Nothing is skipped silently: `found == len(results) + len(errors)`.

Workers (`jobs > 1`) are processes of a `concurrent.futures` pool. Each one loads the
checklist and jieba's dictionary once (when the pool forks, it inherits both from this
process, which loads them before starting it), then scores chunks of a few files. Workers
read their files themselves, so this process never holds report texts; at most a few chunks
per worker are in flight, so memory does not grow with the number of files waiting.
Outcomes come back in the order of the sources whatever `jobs` is, and are the same as
with `jobs=1`: scoring a report is a pure function of its text, the checklist and the profile.

A worker that dies (a crash, the kernel's out-of-memory killer) does not lose the batch:
the files of its chunk are scored again one by one, each in a fresh process, and a file that
kills its process again becomes a `FileError`.

Memory: `iter_outcomes` yields each outcome as it comes, and the commands write it out then;
what they keep of a batch is a `BatchSummary` (a `ReportSummary` of under 2 KB per report,
and the errors). Outputs that need full results after the whole batch is scored (the
office's pages, letters, ledger and evidence tables, written in ranking order) read them
back one at a time from a `ResultSpool`, a temporary file. A `Batch` holds every full
result: fine for a library call on a few hundred reports, not for a country's batch.
"""

from __future__ import annotations

import gc
import itertools
import pickle
import tempfile
import traceback
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scorer.checklist import Checklist
from scorer.engine import ReportResult, matcher_for, score_source
from scorer.ingest import IngestError, Source, find_reports
from scorer.outlines import ChecklistSet
from scorer.rank import ReportSummary, summarize

if TYPE_CHECKING:
    from typing import Self

# A checklist, or a set of them chosen by each report's reporting year.
Scoring = Checklist | ChecklistSet

# Files per chunk sent to a worker: big enough that the cost of sending a chunk (~1 ms) is
# small next to scoring it (tens of ms a file), small enough that the last chunks spread
# over all workers.
MAX_CHUNK = 8
# Chunks in flight per worker: keeps every worker busy while the next outcome in source
# order is awaited, without queueing the whole batch.
CHUNKS_IN_FLIGHT_PER_WORKER = 3


@dataclass(frozen=True)
class FileError:
    """A file that could not be scored, and why."""

    file: str
    error: str


@dataclass
class Batch:
    """The results of scoring a set of files."""

    results: list[ReportResult] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    stale_reviews: list = field(default_factory=list)  # reviewers' decisions not applied (text changed)

    @property
    def found(self) -> int:
        return len(self.results) + len(self.errors)

    def add(self, outcome: ReportResult | FileError) -> None:
        """Files an outcome under `results` or `errors`."""
        if isinstance(outcome, FileError):
            self.errors.append(outcome)
        else:
            self.results.append(outcome)


@dataclass
class BatchSummary:
    """A scored batch as the whole-batch outputs read it: a compact summary of every report
    (in source order), the errors, and the reviewers' decisions not applied."""

    reports: list[ReportSummary] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    stale_reviews: list = field(default_factory=list)

    @property
    def found(self) -> int:
        return len(self.reports) + len(self.errors)

    @property
    def scored(self) -> int:
        return len(self.reports)

    def add(self, result: ReportResult, checklist: Checklist) -> ReportSummary:
        """Adds a result's summary (its key is its position among the reports); returns it."""
        summary = summarize(result, checklist, key=len(self.reports))
        self.reports.append(summary)
        return summary

    @classmethod
    def of(cls, batch: Batch, checklist: Checklist) -> BatchSummary:
        """Returns the summary of a batch held whole (keys index `batch.results`)."""
        summary = cls(errors=list(batch.errors), stale_reviews=list(batch.stale_reviews))
        for result in batch.results:
            summary.add(result, checklist)
        return summary


class ResultSpool:
    """Full results, each with its report's normalised text, kept in a temporary file while
    a batch streams and read back one at a time by key (the order they were put in).

    The file has no name (it disappears with the process, even a killed one) and lives in
    `folder` (default: the system's temporary folder) — the output folder, for the CLI, so
    that a RAM-backed /tmp does not hold the batch after all. Entries are compressed (about
    a fifth of their pickled size). The last entry read is kept, since an output asks for
    the same report several times in a row.
    """

    def __init__(self, folder: Path | None = None):
        # Closed by close(): the spool owns the file for its whole life.
        self._file = tempfile.TemporaryFile(prefix="fazhi-spool-", dir=folder)  # noqa: SIM115
        self._bounds = array("q", [0])  # entry i spans bytes _bounds[i] to _bounds[i + 1]
        self._last: tuple[int, tuple[ReportResult, str | None]] | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def close(self) -> None:
        self._file.close()

    def put(self, result: ReportResult, text: str | None = None) -> int:
        """Keeps a result and its text; returns its key."""
        blob = zlib.compress(pickle.dumps((result, text), pickle.HIGHEST_PROTOCOL), 1)
        self._file.seek(self._bounds[-1])
        self._file.write(blob)
        self._bounds.append(self._bounds[-1] + len(blob))
        return len(self) - 1

    def _entry(self, key: int) -> tuple[ReportResult, str | None]:
        if self._last is None or self._last[0] != key:
            self._file.seek(self._bounds[key])
            blob = self._file.read(self._bounds[key + 1] - self._bounds[key])
            self._last = (key, pickle.loads(zlib.decompress(blob)))
        return self._last[1]

    def result(self, key: int) -> ReportResult:
        """Returns the result kept under `key`."""
        return self._entry(key)[0]

    def text(self, key: int) -> str | None:
        """Returns the text kept with the result under `key` (None when there was none)."""
        return self._entry(key)[1]


def score_one(source: Source, checklist: Scoring, profile: str | None) -> ReportResult | FileError:
    """Returns the result of one report, or its error (never raises for a bad file)."""
    try:
        return score_source(source, checklist, profile=profile)
    except IngestError as exc:
        return FileError(source.name, str(exc))
    except Exception as exc:  # noqa: BLE001 — a bug must not lose the batch: record it with its origin
        origin = traceback.extract_tb(exc.__traceback__)[-1]
        return FileError(source.name, f"internal error {type(exc).__name__}: {exc} "
                                      f"(at {Path(origin.filename).name}:{origin.lineno})")


# What a worker process scores with, set once by `_start_worker`.
_worker_checklist: Scoring | None = None
_worker_profile: str | None = None


def _start_worker(checklist: Scoring, profile: str | None) -> None:
    global _worker_checklist, _worker_profile
    _worker_checklist, _worker_profile = checklist, profile
    matcher_for(checklist)  # loads jieba and the checklist's words now, not in the first file
    # What is loaded now lives as long as the worker: leaving it out of the cyclic garbage
    # collector's passes saves about a millisecond per report, and keeps the pages a
    # forked worker shares with its parent from being copied.
    gc.freeze()


def _score_chunk(sources: list[Source]) -> list[ReportResult | FileError]:
    """Returns the outcomes of a chunk of sources, scored in a worker process."""
    assert _worker_checklist is not None, "worker used before _start_worker"
    return [score_one(s, _worker_checklist, _worker_profile) for s in sources]


def chunk_size(n_sources: int | None, workers: int) -> int:
    """Returns how many files go to a worker at once: about four chunks per worker for
    small batches (so the work spreads evenly), MAX_CHUNK for large or unsized ones."""
    if n_sources is None:
        return MAX_CHUNK
    return max(1, min(MAX_CHUNK, n_sources // (workers * 4)))


def _pool(workers: int, checklist: Scoring, profile: str | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(checklist, profile))


def _score_alone(source: Source, checklist: Scoring, profile: str | None) -> ReportResult | FileError:
    """Returns the outcome of one source scored in a fresh process of its own, or the
    error that says its process died."""
    with _pool(1, checklist, profile) as solo:
        try:
            return solo.submit(_score_chunk, [source]).result()[0]
        except BrokenProcessPool:
            return FileError(source.name, "the worker process scoring this file died "
                                          "(a crash, or it ran out of memory)")
        except Exception as exc:  # noqa: BLE001 — e.g. a result that cannot travel back: record it
            return FileError(source.name, f"worker error {type(exc).__name__}: {exc}")


def _chunks(sources: Iterable[Source], size: int) -> Iterator[list[Source]]:
    it = iter(sources)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _outcomes_in_pool(sources: Iterable[Source], checklist: Scoring, profile: str | None,
                      workers: int, size: int) -> Iterator[tuple[Source, ReportResult | FileError]]:
    matcher_for(checklist)  # loaded here once, so that forked workers inherit it
    pool = _pool(workers, checklist, profile)
    todo = _chunks(sources, size)
    in_flight: deque[tuple[list[Source], Future]] = deque()
    try:
        while True:
            while len(in_flight) < workers * CHUNKS_IN_FLIGHT_PER_WORKER:
                chunk = next(todo, None)
                if chunk is None:
                    break
                in_flight.append((chunk, pool.submit(_score_chunk, chunk)))
            if not in_flight:
                return
            chunk, future = in_flight.popleft()
            try:
                outcomes = future.result()
            except Exception:  # noqa: BLE001 — handled file by file below
                # The pool is broken (a worker died) or the chunk could not travel: find
                # the culprit file by file, and send the other chunks to a fresh pool.
                outcomes = [_score_alone(s, checklist, profile) for s in chunk]
                if isinstance(future.exception(), BrokenProcessPool):
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = _pool(workers, checklist, profile)
                    in_flight = deque((c, pool.submit(_score_chunk, c)) for c, _ in in_flight)
            yield from zip(chunk, outcomes)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def iter_outcomes(sources: Iterable[Source], checklist: Scoring, profile: str | None = None,
                  jobs: int = 1, progress: Callable[[Source], None] | None = None,
                  ) -> Iterator[tuple[Source, ReportResult | FileError]]:
    """Yields (source, result or error) for every source, in the order of the sources.

    A generator: outcomes can be written out as they come, so that memory stays flat
    however many files there are. `jobs` is the number of worker processes (1 = in this
    process); fewer are started when there are fewer files. `progress` is called once per
    source, in source order: in this process just before it is scored, with workers when
    its outcome comes back.
    """
    n = len(sources) if hasattr(sources, "__len__") else None
    workers = max(1, min(jobs, n if n is not None else jobs))
    if workers == 1:
        for source in sources:
            if progress:
                progress(source)
            yield source, score_one(source, checklist, profile)
        return
    for source, outcome in _outcomes_in_pool(sources, checklist, profile, workers, chunk_size(n, workers)):
        if progress:
            progress(source)
        yield source, outcome


def score_sources(sources: Iterable[Source], checklist: Scoring, profile: str | None = None,
                  progress: Callable[[Source], None] | None = None, jobs: int = 1) -> Batch:
    """Returns the batch result of the given sources, every full result held (see
    `iter_outcomes` for `jobs` and `progress`, and for batches too large to hold)."""
    batch = Batch()
    for _, outcome in iter_outcomes(sources, checklist, profile, jobs, progress):
        batch.add(outcome)
    return batch


def score_paths(paths: Iterable[str | Path], checklist: Scoring, profile: str | None = None,
                progress: Callable[[Source], None] | None = None, jobs: int = 1) -> Batch:
    """Returns the batch result of every report named or found in the given folders.

    `jobs` is the number of worker processes (1 = in this process); results come back in
    the order of the sources whatever `jobs` is.
    """
    return score_sources(find_reports(paths), checklist, profile, progress, jobs)
