"""How every output of `fazhi score` and `fazhi rank` is written: as the batch streams.

A `BatchWriter` is opened on a text stream (a file, or stdout) with the checklist. Its
`add` takes each scored report in source order as it comes and writes what belongs to that
report alone (a JSON object, CSV rows, a Markdown section), then lets it go; its `finish`
takes the batch's compact summary (`scorer.batch.BatchSummary`) and writes what needs the
whole batch: rankings, terminal tables, errors, counts. So no writer holds the batch's full
results, and the text written is the same as if it had been rendered from a whole batch.

A `Format` wraps a writer class: called with a batch held whole, it returns the text.
"""

from __future__ import annotations

import io
from typing import TextIO

from scorer.batch import Batch, BatchSummary
from scorer.checklist import Checklist
from scorer.engine import ReportResult


class BatchWriter:
    """An output written as a batch streams (see the module's docstring)."""

    def __init__(self, out: TextIO, checklist: Checklist):
        self.out = out
        self.checklist = checklist

    def add(self, result: ReportResult) -> None:
        """Writes what belongs to one report alone (nothing, for whole-batch outputs)."""

    def finish(self, batch: BatchSummary) -> None:
        """Writes what needs the whole batch."""


class Format:
    """An output format: its writer class, and the text of a whole batch when called."""

    def __init__(self, writer: type[BatchWriter]):
        self.writer = writer

    def open(self, out: TextIO, checklist: Checklist) -> BatchWriter:
        """Returns a writer of this format on `out`."""
        return self.writer(out, checklist)

    def __call__(self, batch: Batch, checklist: Checklist) -> str:
        """Returns the text of a batch held whole."""
        out = io.StringIO()
        writer = self.open(out, checklist)
        for result in batch.results:
            writer.add(result)
        writer.finish(BatchSummary.of(batch, checklist))
        return out.getvalue()
