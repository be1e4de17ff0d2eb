"""`fazhi similar PATH ...`: pairs of reports that share long passages, flagged for review.

`register(app)` adds the command to a typer app. The renderers (`render_text`, `render_json`,
`render_csv`, `render_passages_csv`, `render_errors_csv`, `render_md`) take a
`SimilarityBatch` and return text, for other outputs (a 相似度 sheet) to reuse. The
library is imported only when the command runs, so that registering it keeps `fazhi` quick
to start.

Choices:
- By default only the flagged pairs are shown (their shared passages cover at least the
  threshold of one of the two reports); `--all` shows every pair sharing a passage.
- The threshold, the minimum passage and the stock phrases come from the checklist's
  `similarity:` block (`--checklist`, default the bundled one); `--threshold` and
  `--min-passage` override the first two for one run.
- Exit codes as for `fazhi score`: 0 every file read; 1 some files could not be read (they
  are listed, the others compared); 2 bad usage, an invalid checklist, or fewer than two
  report files found. A flagged pair is a finding, not an error: it does not change the code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from scorer.similarity import PairMatch, Passage, SimilarityBatch, SimilarityConfig

QUOTE_CHARS = 100
LONGEST_SHOWN = 3


def _shown(batch: SimilarityBatch, show_all: bool) -> list[PairMatch]:
    return batch.pairs if show_all else batch.flagged


def _percent(share: float) -> str:
    return f"{share:.0%}"


def _paragraphs(first: int, last: int) -> str:
    return f"¶{first}" if first == last else f"¶{first}–{last}"


def _quote(text: str, limit: int = QUOTE_CHARS) -> str:
    flat = text.replace("\n", " ¶ ")
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _headline(batch: SimilarityBatch) -> str:
    c = batch.config
    return (f"{batch.reports} report(s) compared: {len(batch.pairs)} pair(s) share passages of "
            f"{c.min_passage}+ characters, {len(batch.flagged)} flagged for review "
            f"(shared passages cover {_percent(c.threshold)} or more of a report)")


def render_text(batch: SimilarityBatch, show_all: bool = False) -> str:
    """Returns the pairs as plain text: both files, the coverage of each, the number of
    passages and the longest passages quoted; then the files that could not be read."""
    lines = ["Copying between reports", _headline(batch), ""]
    pairs = _shown(batch, show_all)
    if not pairs:
        lines.append("No pair of reports to show." if show_all else
                     "No pair of reports is flagged for review.")
    for n, pair in enumerate(pairs, 1):
        mark = "FLAGGED" if pair.flagged else "below threshold"
        coverage = (f"covers {_percent(pair.coverage_a)} of the first, {_percent(pair.coverage_b)} of the "
                    f"second · {len(pair.passages)} shared passage(s)")
        lines += [f"{n}. [{mark}] {pair.file_a}  ↔  {pair.file_b}", f"   {coverage}"]
        for p in pair.longest(LONGEST_SHOWN):
            where = (f"first {_paragraphs(p.a.first_paragraph, p.a.last_paragraph)}, "
                     f"second {_paragraphs(p.b.first_paragraph, p.b.last_paragraph)}")
            lines.append(f"   - {p.shared_chars} chars, {where}: “{_quote(p.a.text)}”")
        lines.append("")
    if batch.errors:
        lines.append("Could not read:")
        lines += [f"  {e.file}: {e.error}" for e in batch.errors]
    return "\n".join(lines).rstrip("\n") + "\n"


def _span_json(span) -> dict:
    return {"start": span.start, "end": span.end, "paragraphs": [span.first_paragraph, span.last_paragraph],
            "text": span.text}


def _passage_json(p: Passage) -> dict:
    return {"shared_chars": p.shared_chars, "a": _span_json(p.a), "b": _span_json(p.b)}


def render_json(batch: SimilarityBatch, show_all: bool = False) -> str:
    """Returns the pairs (every passage with its place and text in both reports), the
    errors and a summary with the settings used, as JSON."""
    c = batch.config
    data = {
        "pairs": [{"file_a": p.file_a, "file_b": p.file_b, "coverage_a": p.coverage_a,
                   "coverage_b": p.coverage_b, "flagged": p.flagged,
                   "passages": [_passage_json(x) for x in p.passages]}
                  for p in _shown(batch, show_all)],
        "errors": [{"file": e.file, "error": e.error} for e in batch.errors],
        "summary": {"found": batch.found, "compared": batch.reports, "failed": len(batch.errors),
                    "pairs_sharing_passages": len(batch.pairs), "flagged": len(batch.flagged),
                    "threshold": c.threshold, "min_passage": c.min_passage,
                    "common_from_reports": c.common_cutoff(batch.reports)},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(header: list[str], rows: list[list]) -> str:
    from scorer.outputs.csv_out import _csv as csv_text

    return csv_text(header, rows)


def render_csv(batch: SimilarityBatch, show_all: bool = False) -> str:
    """Returns one row per pair: both files, coverage of each (%), flagged, passages, and
    the longest passage with its paragraphs."""
    header = ["file_a", "file_b", "coverage_a_pct", "coverage_b_pct", "flagged", "passages",
              "shared_chars_a", "longest_passage", "longest_paragraphs_a", "longest_paragraphs_b"]
    rows = []
    for p in _shown(batch, show_all):
        top = p.longest(1)[0]
        rows.append([p.file_a, p.file_b, round(100 * p.coverage_a, 1), round(100 * p.coverage_b, 1),
                     "yes" if p.flagged else "no", len(p.passages), sum(x.shared_chars for x in p.passages),
                     top.a.text, _paragraphs(top.a.first_paragraph, top.a.last_paragraph),
                     _paragraphs(top.b.first_paragraph, top.b.last_paragraph)])
    return _csv(header, rows)


def render_passages_csv(batch: SimilarityBatch, show_all: bool = False) -> str:
    """Returns one row per shared passage, with its offsets, paragraphs and text in both reports."""
    header = ["file_a", "file_b", "passage", "shared_chars", "start_a", "end_a", "paragraphs_a",
              "start_b", "end_b", "paragraphs_b", "text_a", "text_b"]
    rows = [[pair.file_a, pair.file_b, n, p.shared_chars,
             p.a.start, p.a.end, _paragraphs(p.a.first_paragraph, p.a.last_paragraph),
             p.b.start, p.b.end, _paragraphs(p.b.first_paragraph, p.b.last_paragraph), p.a.text, p.b.text]
            for pair in _shown(batch, show_all) for n, p in enumerate(pair.passages, 1)]
    return _csv(header, rows)


def render_errors_csv(batch: SimilarityBatch, show_all: bool = False) -> str:
    """Returns the files that could not be read, with the reason."""
    return _csv(["file", "error"], [[e.file, e.error] for e in batch.errors])


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ¶ ")


def render_md(batch: SimilarityBatch, show_all: bool = False) -> str:
    """Returns a Markdown section 相似度: a table of pairs, then each pair's passages quoted."""
    lines = ["# 相似度 · Copying between reports", "", _headline(batch) + ".", ""]
    pairs = _shown(batch, show_all)
    if pairs:
        lines += ["| # | 报告 A | 报告 B | 覆盖 A | 覆盖 B | 共享段落 | 待复核 |", "|---|---|---|---|---|---|---|"]
        lines += [f"| {n} | {_md_cell(p.file_a)} | {_md_cell(p.file_b)} | {_percent(p.coverage_a)} | "
                  f"{_percent(p.coverage_b)} | {len(p.passages)} | {'是' if p.flagged else '否'} |"
                  for n, p in enumerate(pairs, 1)]
    else:
        lines.append("No pair of reports to show." if show_all else "No pair of reports is flagged for review.")
    for n, pair in enumerate(pairs, 1):
        lines += ["", f"## {n}. {_md_cell(pair.file_a)} ↔ {_md_cell(pair.file_b)}", ""]
        for p in pair.longest(LONGEST_SHOWN):
            where = (f"A {_paragraphs(p.a.first_paragraph, p.a.last_paragraph)}, "
                     f"B {_paragraphs(p.b.first_paragraph, p.b.last_paragraph)}")
            lines += [f"- {p.shared_chars} chars — {where}", f"  > {_md_cell(_quote(p.a.text, 300))}"]
        if len(pair.passages) > LONGEST_SHOWN:
            lines.append(f"- … and {len(pair.passages) - LONGEST_SHOWN} shorter passage(s) "
                         f"(all in similarity_passages.csv / the JSON output)")
    if batch.errors:
        lines += ["", "## Could not read", "", "| file | error |", "|---|---|"]
        lines += [f"| {_md_cell(e.file)} | {_md_cell(e.error)} |" for e in batch.errors]
    return "\n".join(lines) + "\n"


Renderer = Callable[["SimilarityBatch", bool], str]

FORMATS: dict[str, Renderer] = {"text": render_text, "json": render_json, "csv": render_csv, "md": render_md}
# File name, renderer and encoding of each file written by --out (CSV as utf-8-sig for Excel/WPS).
FILES: dict[str, tuple[Renderer, str]] = {
    "similarity.json": (render_json, "utf-8"),
    "similarity.md": (render_md, "utf-8"),
    "similarity.csv": (render_csv, "utf-8-sig"),
    "similarity_passages.csv": (render_passages_csv, "utf-8-sig"),
    "similarity_errors.csv": (render_errors_csv, "utf-8-sig"),
}


def write_files(batch: SimilarityBatch, folder: Path, show_all: bool = False) -> list[Path]:
    """Writes every file of FILES into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (renderer, encoding) in FILES.items():
        path = folder / name
        path.write_text(renderer(batch, show_all), encoding=encoding, newline="")
        written.append(path)
    return written


def config_for(checklist_path: Path | None, threshold: float | None, min_passage: int | None) -> SimilarityConfig:
    """Returns the settings of the checklist's `similarity:` block with the command-line
    overrides; raises ValueError (a bad value) or ChecklistError (an invalid checklist)."""
    from dataclasses import replace

    from scorer.checklist import load_checklist
    from scorer.similarity import SimilarityConfig

    checklist = load_checklist(checklist_path)
    try:
        config = SimilarityConfig.from_mapping(checklist.similarity)
    except ValueError as exc:
        raise ValueError(f"{checklist.path}: {exc}") from None
    overrides = {k: v for k, v in (("threshold", threshold), ("min_passage", min_passage)) if v is not None}
    return replace(config, **overrides) if overrides else config


def register(app: typer.Typer) -> None:
    """Adds the `similar` command to a typer app."""

    def fail(message: str, code: int = 2) -> None:
        typer.echo(message, err=True)
        raise typer.Exit(code)

    @app.command()
    def similar(
        paths: Annotated[list[Path], typer.Argument(help="Report files or folders (at least two reports).")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, csv or md.")] = "text",
        out: Annotated[Path | None, typer.Option(
            "--out", "-o", help="Write similarity.json/.md/.csv, similarity_passages.csv and "
                                "similarity_errors.csv into this folder.")] = None,
        show_all: Annotated[bool, typer.Option(
            "--all", "-a", help="Show every pair sharing a passage, not only the flagged ones.")] = False,
        threshold: Annotated[float | None, typer.Option(
            "--threshold", "-t", help="Flag a pair when shared passages cover this share of a report "
                                      "(default: the checklist's, 0.3).")] = None,
        min_passage: Annotated[int | None, typer.Option(
            "--min-passage", help="Shortest shared passage counted, in characters "
                                  "(default: the checklist's, 40).")] = None,
        checklist: Annotated[Path | None, typer.Option(
            "--checklist", "-c", help="Checklist YAML whose `similarity:` block is used (default: bundled).")] = None,
    ) -> None:
        """Find pairs of reports that share long passages (copying), flagged for review."""
        from scorer.checklist import ChecklistError
        from scorer.ingest import find_reports
        from scorer.similarity import compare_sources

        if fmt not in FORMATS:
            fail(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
        try:
            config = config_for(checklist, threshold, min_passage)
        except ChecklistError as exc:
            fail("Invalid checklist:\n" + "\n".join(f"  {p}" for p in exc.problems))
        except ValueError as exc:
            fail(f"Invalid similarity settings: {exc}")
        sources = find_reports(paths)
        if len(sources) < 2:
            fail(f"Found {len(sources)} report file(s) in {', '.join(map(str, paths))}: "
                 f"comparing needs at least two.")
        batch = compare_sources(sources, config)
        typer.echo(FORMATS[fmt](batch, show_all), nl=False)
        if fmt == "csv":
            # The CSV holds pairs only: the files that could not be read are named on stderr.
            for error in batch.errors:
                typer.echo(f"{error.file}: {error.error}", err=True)
        line = (f"Found {batch.found} file(s): read {batch.reports}, failed {len(batch.errors)}; "
                f"{len(batch.flagged)} pair(s) flagged for review.")
        if out:
            written = write_files(batch, out, show_all)
            line += f" Wrote {len(written)} file(s) to {out}."
        typer.echo(line, err=True)
        if batch.errors:
            raise typer.Exit(1)
