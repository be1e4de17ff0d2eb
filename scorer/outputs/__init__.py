"""Output formats of `fazhi score` and `fazhi rank`, written as the batch streams.

Each format is a `BatchWriter` (scorer/outputs/writer.py): `add` takes every report as it
comes, `finish` the batch's summary. `SCORE_FORMATS` renders `fazhi score`, `RANK_FORMATS`
`fazhi rank`; called with a batch held whole, a format returns its text. Adding a format is
one module and one line here. `FolderWriter` writes every file of `FILES` into a folder as
the batch streams, `write_batch` feeds a batch's outcomes to writers as they come, and
`write_all` writes every file for a batch held whole.

The office outputs of `fazhi report` (xlsx, html, letters, tables) are in office.py and
the modules it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from scorer.batch import Batch, BatchSummary, FileError
from scorer.checklist import Checklist
from scorer.engine import ReportResult
from scorer.ingest import Source
from scorer.outputs import csv_out, json_out, markdown, table
from scorer.outputs.writer import BatchWriter, Format

if TYPE_CHECKING:
    from typing import Self

SCORE_FORMATS: dict[str, Format] = {
    "table": Format(table.ScoresTable),
    "json": Format(json_out.ReportsJson),
    "csv": Format(csv_out.ElementsCsv),
    "md": Format(markdown.ScoresMd),
}
RANK_FORMATS: dict[str, Format] = {
    "table": Format(table.RankingTable),
    "json": Format(json_out.RankingJson),
    "csv": Format(csv_out.RankingCsv),
    "md": Format(markdown.RankingMd),
}
# File name of each format when written to a folder (CSV as utf-8-sig for Excel/WPS).
FILES: dict[str, tuple[Format, str]] = {
    "results.json": (SCORE_FORMATS["json"], "utf-8"),
    "results.csv": (SCORE_FORMATS["csv"], "utf-8-sig"),
    "results.md": (SCORE_FORMATS["md"], "utf-8"),
    "ranking.csv": (RANK_FORMATS["csv"], "utf-8-sig"),
    "ranking.md": (RANK_FORMATS["md"], "utf-8"),
    "errors.csv": (Format(csv_out.ErrorsCsv), "utf-8-sig"),
}


class FolderWriter:
    """Writes every file of FILES into a folder as a batch streams; a context manager that
    closes the files. `written` lists the files."""

    def __init__(self, folder: Path, checklist: Checklist):
        folder.mkdir(parents=True, exist_ok=True)
        self.written = [folder / name for name in FILES]
        self._files: list[TextIO] = []
        self._writers: list[BatchWriter] = []
        for path, (fmt, encoding) in zip(self.written, FILES.values(), strict=True):
            handle = path.open("w", encoding=encoding, newline="")
            self._files.append(handle)
            self._writers.append(fmt.open(handle, checklist))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self._files:
            handle.close()

    def add(self, result: ReportResult) -> None:
        for writer in self._writers:
            writer.add(result)

    def finish(self, batch: BatchSummary) -> None:
        for writer in self._writers:
            writer.finish(batch)


def write_batch(outcomes: Iterable[tuple[Source, ReportResult | FileError]],
                writers: list[BatchWriter | FolderWriter], checklist: Checklist,
                review: Callable[[ReportResult], ReportResult] | None = None,
                batch: BatchSummary | None = None) -> BatchSummary:
    """Gives each scored report to the writers as it comes (after `review`, which applies
    reviewers' decisions), keeps its summary and the errors in `batch`, then finishes the
    writers with it; returns it."""
    batch = batch if batch is not None else BatchSummary()
    for _, outcome in outcomes:
        if isinstance(outcome, FileError):
            batch.errors.append(outcome)
            continue
        result = review(outcome) if review else outcome
        for writer in writers:
            writer.add(result)
        batch.add(result, checklist)
    for writer in writers:
        writer.finish(batch)
    return batch


def write_all(batch: Batch, checklist: Checklist, folder: Path) -> list[Path]:
    """Writes every output format of a batch held whole into `folder`; returns the files."""
    with FolderWriter(folder, checklist) as files:
        for result in batch.results:
            files.add(result)
        files.finish(BatchSummary.of(batch, checklist))
    return files.written
