"""The per-report function mapped by Dask (benchmarks/scale_out.py) gives the batch's outcomes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.scale_out import score_with_dask
from scorer.batch import score_paths
from scorer.checklist import Checklist

pytest.importorskip("dask.bag", reason="the optional Dask extra is not installed (pip install '.[dask]')")


def test_dask_processes_give_the_same_results_and_errors_as_the_batch(
        checklist: Checklist, samples_dir: Path, tmp_path: Path) -> None:
    for sample in sorted(samples_dir.glob("*.txt")):
        shutil.copyfile(sample, tmp_path / sample.name)
    (tmp_path / "blank.txt").write_bytes(b"   ")
    by_dask = score_with_dask([tmp_path], checklist, workers=2)
    by_batch = score_paths([tmp_path], checklist, jobs=1)
    assert len(by_dask.results) == 4
    assert by_dask.results == by_batch.results
    assert by_dask.errors == by_batch.errors
    assert [e.file for e in by_dask.errors] == [str(tmp_path / "blank.txt")]
