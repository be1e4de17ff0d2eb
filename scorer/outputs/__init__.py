"""Output formats. Every writer takes the batch and the checklist and returns text.

`SCORE_FORMATS` renders `fazhi score`; `RANK_FORMATS` renders `fazhi rank`. Adding a format
is one module and one line here. `write_all` writes every format into a folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scorer.batch import Batch
from scorer.checklist import Checklist
from scorer.outputs import csv_out, json_out, markdown, table

Writer = Callable[[Batch, Checklist], str]

SCORE_FORMATS: dict[str, Writer] = {
    "table": table.render_scores,
    "json": json_out.render,
    "csv": csv_out.render_elements,
    "md": markdown.render_scores,
}
RANK_FORMATS: dict[str, Writer] = {
    "table": table.render_ranking,
    "json": json_out.render_ranking,
    "csv": csv_out.render_ranking,
    "md": markdown.render_ranking,
}
# File name of each format when written to a folder (CSV as utf-8-sig for Excel/WPS).
FILES: dict[str, tuple[str, Writer, str]] = {
    "results.json": ("json", json_out.render, "utf-8"),
    "results.csv": ("csv", csv_out.render_elements, "utf-8-sig"),
    "results.md": ("md", markdown.render_scores, "utf-8"),
    "ranking.csv": ("csv", csv_out.render_ranking, "utf-8-sig"),
    "ranking.md": ("md", markdown.render_ranking, "utf-8"),
    "errors.csv": ("csv", csv_out.render_errors, "utf-8-sig"),
}


def write_all(batch: Batch, checklist: Checklist, folder: Path) -> list[Path]:
    """Writes every output format into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (_, writer, encoding) in FILES.items():
        path = folder / name
        path.write_text(writer(batch, checklist), encoding=encoding, newline="")
        written.append(path)
    return written
