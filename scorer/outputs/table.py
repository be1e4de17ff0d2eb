"""Terminal tables (rich): what `fazhi score` and `fazhi rank` print by default.

Both are one row per report, laid out when the batch is done, from its compact summary.
A table of more than `CHUNK` rows is printed a chunk of rows at a time, each chunk laid
out with the column widths of the whole table, so that what is printed is the one table
rich would print, without holding every row's rendering (about 8 KB a row) at once.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from scorer.batch import BatchSummary
from scorer.catalogue import STATUS_LABELS, STATUSES
from scorer.outputs.writer import BatchWriter
from scorer.rank import ranking

_COUNTED = [s for s in STATUSES if s != "not_applicable"]
CHUNK = 1000  # rows laid out at a time
_WIDTH = 160


def _console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, width=_WIDTH, force_terminal=False, color_system=None)


def _to_text(*renderables) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    for r in renderables:
        console.print(r)
    return buffer.getvalue()


def _table(title: str | None, columns: list[str], widths: list[int] | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_header=title is not None)
    for i, column in enumerate(columns):
        table.add_column(column, overflow="fold", width=None if widths is None else widths[i])
    return table


def _widest(columns: list[str], rows: Iterable[list[str]]) -> list[list[str]]:
    """Returns two rows: each column's cell of the largest minimum width, and of the largest
    width (rich lays a column out from these alone)."""
    console = _console(io.StringIO())
    measure = {}

    def width(cell: str) -> Measurement:
        if cell not in measure:
            measure[cell] = Measurement.get(console, console.options, cell)
        return measure[cell]

    widest_min, widest_max = list(columns), list(columns)
    for row in rows:
        for i, cell in enumerate(row):
            m = width(cell)
            if m.minimum > width(widest_min[i]).minimum:
                widest_min[i] = cell
            if m.maximum > width(widest_max[i]).maximum:
                widest_max[i] = cell
        if len(measure) > 10 * CHUNK:  # cells repeat (counts, profiles); file names do not
            measure = {c: width(c) for c in (*widest_min, *widest_max)}
    return [widest_min, widest_max]


def _column_widths(title: str, columns: list[str], widest: list[list[str]]) -> list[int]:
    """Returns the content width rich gives each column of a table with these widest cells."""
    table = _table(title, columns)
    for row in widest:
        table.add_row(*row)
    console = _console(io.StringIO())
    # Rich's own layout (private methods: `test_streaming` checks the chunks against one table).
    widths = table._calculate_column_widths(console, console.options.update_width(_WIDTH - table._extra_width))
    return [w - table._get_padding_width(i) for i, w in enumerate(widths)]


def table_text(title: str, columns: list[str], rows: Callable[[], Iterator[list[str]]]) -> Iterator[str]:
    """Yields the text of the table of `columns` over `rows()` (called twice when the table
    has more than CHUNK rows), a chunk of rows at a time."""
    first = list(islice(rows(), CHUNK + 1))
    if len(first) <= CHUNK:
        table = _table(title, columns)
        for row in first:
            table.add_row(*row)
        yield _to_text(table)
        return
    del first
    widths = _column_widths(title, columns, _widest(columns, rows()))
    remaining = rows()
    chunk = list(islice(remaining, CHUNK))
    n = 0
    while chunk:
        following = list(islice(remaining, CHUNK))
        table = _table(title if n == 0 else None, columns, widths)
        for row in chunk:
            table.add_row(*row)
        lines = _to_text(table).splitlines(keepends=True)
        # One table: the first chunk keeps the top border, the last the bottom one.
        yield "".join(lines[1 if n else 0:len(lines) - (1 if following else 0)])
        chunk, n = following, n + 1


def _errors_table(batch: BatchSummary) -> Table:
    errors = Table(title="无法评分的文件 (errors)", title_justify="left")
    errors.add_column("file", overflow="fold")
    errors.add_column("error", overflow="fold")
    for e in batch.errors:
        errors.add_row(e.file, e.error)
    return errors


class ScoresTable(BatchWriter):
    """One row per report: file, issuer, profile, year, score, quality, counts, missing parts."""

    def finish(self, batch: BatchSummary) -> None:
        checklist = self.checklist
        columns = ["file", "单位 issuer", "类型", "年度", "得分", "质量", *[STATUS_LABELS[s] for s in _COUNTED],
                   "缺少的法定部分"]

        def rows() -> Iterator[list[str]]:
            for r in batch.reports:
                quality = "—" if r.quality_score is None else f"{r.quality_score:.0f}"
                ocr = " [OCR]" if any(n.startswith("OCR") for n in r.notes) else ""
                yield [Path(r.file).name + ocr, r.issuer or "—", r.profile, str(r.year or "—"),
                       f"{r.score:.1f}", quality,
                       *[str(r.counts[s]) for s in _COUNTED], "；".join(r.missing_parts) or "—"]

        self.out.writelines(table_text(f"评分结果 · checklist {checklist.id} v{checklist.version}", columns, rows))
        if batch.errors:
            self.out.write(_to_text(_errors_table(batch)))


class RankingTable(BatchWriter):
    """The ranking: rank, issuer, profile, score, 得分率, counts, missing parts."""

    def finish(self, batch: BatchSummary) -> None:
        checklist = self.checklist
        columns = ["排名", "单位", "类型", "得分", "得分率", *[STATUS_LABELS[s] for s in _COUNTED], "缺少的法定部分"]
        ranked = ranking(batch.reports, checklist)

        def rows() -> Iterator[list[str]]:
            for row in ranked:
                yield [str(row.rank), row.issuer, checklist.profiles.names.get(row.profile, row.profile),
                       f"{row.score:.1f}", f"{row.rate:.1f}%", *[str(row.counts[s]) for s in _COUNTED],
                       "；".join(row.missing_parts) or "—"]

        self.out.writelines(table_text("排名 ranking", columns, rows))
        if batch.errors:
            self.out.write(_to_text(_errors_table(batch)))
