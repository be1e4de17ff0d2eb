"""Scores report files with Dask: the pure per-report function mapped by an existing engine.

    pip install 'fazhi-scorer[dask]'
    python benchmarks/scale_out.py ~/reports/2025/ --workers 2 --out results/

`scorer.batch.score_one(source, checklist, profile)` is the whole scoring of one report: a
pure function of the file and the checklist that never raises for a bad file (it returns a
`FileError`). Any engine that can map a function over a list can therefore run a batch;
here a Dask bag does, on this machine's processes. On a cluster the same code runs with a
`dask.distributed.Client` (then `scheduler=None`), provided every worker can read the files
(a shared folder or object store) and has fazhi-scorer installed. Ray's `ray.data` or
Spark's `rdd.map` would take `score_one` in the same way.

The outcomes come back in source order and go into a `Batch`, so every output of the CLI
(`scorer.outputs.write_all`) can be written from them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scorer.batch import Batch, Scoring, score_one
from scorer.ingest import find_reports
from scorer.outlines import bundled_checklists


def score_with_dask(paths: list[str | Path], checklist: Scoring, profile: str | None = None,
                    workers: int = 2, scheduler: str | None = "processes") -> Batch:
    """Returns the batch result of the reports found under `paths`, scored by Dask workers.

    `scheduler="processes"` runs a local pool of `workers` processes; `None` uses the active
    `dask.distributed.Client`. Partitions of about 16 files keep the per-task overhead small;
    the checklist travels once per partition.
    """
    import dask.bag as db

    sources = find_reports(paths)
    batch = Batch()
    if not sources:
        return batch
    bag = db.from_sequence(sources, partition_size=16)
    outcomes = bag.map(score_one, checklist, profile).compute(scheduler=scheduler, num_workers=workers)
    for outcome in outcomes:
        batch.add(outcome)
    return batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="report files or folders")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes (default 2)")
    parser.add_argument("--out", type=Path, help="write every output format into this folder")
    args = parser.parse_args()
    checklist = bundled_checklists()  # as `fazhi score` does: chosen by each report's year
    start = time.perf_counter()
    batch = score_with_dask(args.paths, checklist, workers=args.workers)
    seconds = time.perf_counter() - start
    if args.out:
        from scorer.outputs import write_all

        write_all(batch, checklist.primary, args.out)  # outputs name the default checklist
    print(f"Found {batch.found} file(s): scored {len(batch.results)}, failed {len(batch.errors)} "
          f"in {seconds:.1f} s with {args.workers} Dask worker(s).", file=sys.stderr)
    for error in batch.errors:
        print(f"  {error.file}: {error.error}", file=sys.stderr)


if __name__ == "__main__":
    main()
