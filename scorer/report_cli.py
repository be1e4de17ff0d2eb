"""`fazhi report` and `fazhi history`: everything an office publishes and sends, and the
change of a unit across years.

`register(app)` adds both commands to the `fazhi` app. `report` scores a batch (with a
progress bar on stderr), keeps it in the history database as it comes, then writes
ranking.xlsx, the tables as CSV and JSON, index.html with one page per report, and one
letter per report. Its memory does not grow with the batch beyond a summary of under 2 KB per
report: full results wait in a spool on disk (README "Speed and scale").
The library modules are imported inside the functions: pandas, openpyxl and python-docx
take a second to load, which other `fazhi` commands should not pay.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from scorer.batch import Batch, BatchSummary, ResultSpool
    from scorer.checklist import Checklist
    from scorer.engine import ReportResult
    from scorer.ingest import Source
    from scorer.outlines import ChecklistSet
    from scorer.outputs.office import OfficeBatch, Settings
    from scorer.store import Change, History

Writer = Callable[["OfficeBatch", Path], list[Path]]


def office_writers() -> tuple[Writer, ...]:
    """Returns every office output: a function of (office batch, folder) → files written."""
    from scorer.outputs import html, letters, office, xlsx

    return (xlsx.write_workbook, office.write_tables, html.write_site, letters.write_letters)


HistoryOpt = Annotated[Path | None, typer.Option(
    "--history-db", help="History database (default: $FAZHI_HISTORY_DB, else ./fazhi-history.sqlite).")]


def _changes(db: History, reports: Iterable[tuple[str, str | None, int | None]],
             similarity: dict | None) -> dict[str, Change]:
    """Returns each report's change against its previous year in the history, by file
    (`reports` gives each one's file, issuer and year)."""
    from scorer.similarity import SimilarityConfig

    config = SimilarityConfig.from_mapping(similarity or {})
    changes = {}
    for file, issuer, year in reports:
        if issuer and year is not None:
            change = db.change(issuer, year, config)
            if change:
                changes[file] = change
    return changes


def keep_history(db: History, batch: Batch, texts: dict[str, str] | None = None,
                 similarity: dict | None = None) -> tuple[dict[str, Change], list[str]]:
    """Stores a batch held whole (with the normalised texts) in the history; returns each
    report's change against its previous year (by file), with the share of text carried
    over, and notes on the reports the history could not keep."""
    skipped = db.record(batch.results, texts=texts)
    changes = _changes(db, ((r.file, r.meta.issuer, r.meta.year) for r in batch.results), similarity)
    return changes, [f"{s.file}: {s.reason}" for s in skipped]


def _write_view(view: OfficeBatch, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for writer in office_writers():
        written += writer(view, out)
    return written


def write_office_outputs(batch: Batch, scoring: Checklist | ChecklistSet, settings: Settings, out: Path,
                         sources: list[Source], changes: dict[str, Change] | None = None,
                         notes: list[str] | None = None,
                         read: tuple[dict[str, str], list[str]] | None = None) -> tuple[list[Path], OfficeBatch]:
    """Writes every office output for a batch held whole into `out`; returns the files and
    the office view they were made from. `read` is the normalised texts (and reading notes)
    when the caller has them already."""
    from scorer.outputs import html, office

    texts, text_notes = read or html.normalized_texts(batch.results, sources)
    view = office.office_batch(batch, scoring, settings, changes, texts, [*(notes or []), *text_notes])
    return _write_view(view, out), view


class SpooledTexts(Mapping):
    """The normalised texts of a streamed batch by file, read back from its spool."""

    def __init__(self, spool: ResultSpool, batch: BatchSummary):
        self.spool = spool
        self.keys_of = {r.file: r.key for r in batch.reports}

    def __getitem__(self, file: str) -> str:
        text = self.spool.text(self.keys_of[file])
        if text is None:
            raise KeyError(file)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_of)

    def __len__(self) -> int:
        return len(self.keys_of)


@dataclass
class Streamed:
    """What scoring a batch for the office leaves: the batch's summary (full results and
    texts are in the spool), the changes against the previous year, and notes."""

    batch: BatchSummary
    changes: dict[str, Change]
    notes: list[str]


def score_for_office(sources: list[Source], scoring: Checklist | ChecklistSet, spool: ResultSpool, *,
                     profile: str | None = None, jobs: int = 1, db: History | None = None,
                     review: Callable[[ReportResult], ReportResult] | None = None,
                     progress: Callable[[Source], None] | None = None,
                     similarity: dict | None = None) -> Streamed:
    """Scores the sources and, as each report comes, reads its normalised text again, keeps
    it in the history (when `db` is given) and puts result and text into `spool`; returns
    the batch's summary with the changes against each report's previous year."""
    from scorer.batch import BatchSummary, FileError, iter_outcomes
    from scorer.outputs import html

    primary = getattr(scoring, "primary", scoring)
    batch, text_notes = BatchSummary(), []
    with db.recorder() if db else nullcontext() as recorder:
        for source, outcome in iter_outcomes(sources, scoring, profile, jobs, progress):
            if isinstance(outcome, FileError):
                batch.errors.append(outcome)
                continue
            result = review(outcome) if review else outcome
            text, note = html.normalized_text(result.file, source)
            if note:
                text_notes.append(note)
            if recorder:
                recorder.add(result, text)
            key = spool.put(result, text)
            summary = batch.add(result, primary)
            assert summary.key == key, "the spool and the summary count reports alike"
    changes = _changes(db, ((r.file, r.issuer, r.year) for r in batch.reports), similarity) if db else {}
    skipped = [f"{s.file}: {s.reason}" for s in recorder.skipped] if db else []
    return Streamed(batch, changes, [*skipped, *text_notes])


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[Source], None]]:
    """Yields the progress callback of a bar on stderr (gone when the batch is done)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("评分 scoring"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda s: bar.update(task, advance=1, description=Path(s.name).name)


def _summary(batch: BatchSummary, out: Path, written: list[Path], history_note: str, notes: list[str]) -> None:
    from scorer.outputs import html, letters

    def count(pred: Callable[[Path], bool]) -> int:
        return sum(1 for p in written if pred(p))

    pages = count(lambda p: p.parent.name == html.REPORTS_DIR and p.suffix == ".html")
    wrote = (f"Wrote {len(written)} file(s) to {out}/: ranking.xlsx; index.html and {pages} report page(s) "
             f"in {html.REPORTS_DIR}/; {count(lambda p: p.suffix == '.docx')} letter(s) as .docx and .md "
             f"in {letters.FOLDER}/; {count(lambda p: p.parent.name == 'tables')} table file(s) (CSV, JSON) in tables/.")
    lines = [wrote, history_note, *(f"  note: {n}" for n in notes),
             f"Found {batch.found} file(s): scored {batch.scored}, failed {len(batch.errors)}."]
    for line in lines:
        typer.echo(line, err=True)


def report(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the workbook, pages, letters and tables.")],
    history_db: HistoryOpt = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Neither read nor write the history database.")] = False,
    office_name: Annotated[str, typer.Option("--office", help="The office that signs the letters.")] = "（反馈单位）",
    letter_date: Annotated[str | None, typer.Option(
        "--letter-date", help="Date of the letters, YYYY-MM-DD (default: today).")] = None,
    deadline_days: Annotated[int, typer.Option(
        "--deadline-days", help="Days after the letter date by which units rectify.")] = 15,
    profile: Annotated[str | None, typer.Option(
        "--profile", "-p", help="Override the guessed profile: province, city, county, township, department.")] = None,
    checklist: Annotated[Path | None, typer.Option("--checklist", "-c", help="Checklist YAML (default: bundled).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: number of cores).")] = 0,
    reviews: Annotated[Path | None, typer.Option(
        "--reviews", help="Reviewers' decisions (YAML from `fazhi review-import`) to apply.")] = None,
) -> None:
    """Write what an office publishes and sends: ranking.xlsx, index.html and a page per
    report, a feedback letter per report (.docx, .md), CSV/JSON tables; keep the history.

    Each report is kept in the history and put aside on disk (a spool in the output folder)
    as it is scored, so memory holds only a summary per report; the outputs, which show
    ranks and averages of the whole batch, are then written one report at a time."""
    from scorer.batch import ResultSpool
    from scorer.cli import _fail, _jobs, _profile, _Reviews, _scoring
    from scorer.ingest import find_reports
    from scorer.outputs import office
    from scorer.store import HistoryError, default_db_path, open_history

    try:
        day = dt.date.fromisoformat(letter_date) if letter_date else dt.date.today()
    except ValueError:
        _fail(f"--letter-date {letter_date!r} is not a date like 2026-04-20.")
    if deadline_days < 0:
        _fail("--deadline-days must be 0 or more.")
    scoring = _scoring(checklist)
    chosen_profile = _profile(profile)
    review = _Reviews(scoring, reviews, echo=False)
    db_path = None if no_history else (history_db or default_db_path())
    db = None
    if db_path is not None:
        try:
            db = open_history(db_path)
        except HistoryError as exc:
            _fail(f"{exc}. Use --history-db PATH or --no-history.")
    settings = office.Settings(day, deadline_days, office_name, str(db_path) if db_path else None)
    try:
        sources = find_reports(paths)
        if not sources:
            _fail(f"No report files found in {', '.join(map(str, paths))}.")
        out.mkdir(parents=True, exist_ok=True)
        with ResultSpool(out) as spool:
            with _progress_bar(len(sources)) as progress:
                streamed = score_for_office(sources, scoring, spool, profile=chosen_profile, jobs=_jobs(jobs),
                                            db=db, review=review, progress=progress,
                                            similarity=getattr(scoring, "primary", scoring).similarity)
            review.echo_stale()
            batch = streamed.batch
            batch.stale_reviews = review.stale
            view = office.office_view(batch, spool.result, scoring, settings, streamed.changes,
                                      SpooledTexts(spool, batch), streamed.notes)
            written = _write_view(view, out)
    finally:
        if db:
            db.close()
    keyed = {(r.issuer, r.year) for r in batch.reports if r.issuer and r.year is not None}
    history_note = (f"History: {db_path} (kept {len(keyed)} report(s); {len(streamed.changes)} compared with an "
                    "earlier year)." if db_path else "History: not used (--no-history).")
    _summary(batch, out, written, history_note, view.notes)
    if batch.errors:
        raise typer.Exit(1)


def find_issuer(db: History, wanted: str) -> tuple[str | None, str]:
    """Returns (the issuer kept under that name or a unique part of it, or None; the
    message saying why none was found)."""
    issuers = db.issuers()
    key = " ".join(wanted.split())
    if key in issuers:
        return key, ""
    close = [i for i in issuers if key in i]
    if len(close) == 1:
        return close[0], ""
    if close:
        return None, f"{wanted!r} matches several issuers in {db.path}: {'、'.join(close)}. Give the full name."
    examples = f", e.g. {'、'.join(issuers[:5])}" if issuers else ""
    return None, f"No report of {wanted!r} in {db.path} ({len(issuers)} issuer(s) kept{examples})."


def history(
    issuer: Annotated[str, typer.Argument(help="The issuer as in the ranking (or a unique part of it).")],
    history_db: HistoryOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Show an issuer's scores across years: score, rank, and elements newly met or lost."""
    from rich.console import Console
    from rich.table import Table

    from scorer.cli import _fail
    from scorer.outlines import bundled_checklists
    from scorer.store import HistoryError, compare, default_db_path, open_history

    if fmt not in ("table", "json"):
        _fail(f"Unknown format {fmt!r}: use table or json.")
    path = history_db or default_db_path()
    if not path.is_file():
        _fail(f"No history database at {path}: run `fazhi report … --out DIR` first, or give --history-db.")
    try:
        with open_history(path) as db:
            name, problem = find_issuer(db, issuer)
            if name is None:
                _fail(problem)
            entries = db.entries(name)
    except HistoryError as exc:
        _fail(str(exc))
    changes = [None] + [compare(a, b) for a, b in pairwise(entries)]
    names = {e.id: e.name for c in reversed(bundled_checklists().checklists) for e in c.elements}

    def listed(ids: tuple[str, ...]) -> str:
        return "、".join(names.get(i, i) for i in ids)

    if fmt == "json":
        typer.echo(json.dumps({"issuer": name, "database": str(path), "years": [
            {"year": e.year, "profile": e.profile, "score": e.score, "rank": e.rank, "ranked_of": e.ranked_of,
             "checklist": e.checklist, "file": e.file, "scored_at": e.scored_at,
             "change": None if c is None else {
                 "previous_year": c.previous_year, "score_delta": c.score_delta, "rank_delta": c.rank_delta,
                 "newly_met": list(c.newly_met), "lost": list(c.lost), "same_checklist": c.same_checklist,
                 "carried_over": c.carried_over}}
            for e, c in zip(entries, changes, strict=True)]}, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{name} · 历年得分 history ({path})", title_justify="left")
    for col in ("年度", "得分", "较上年", "库内排名", "名次变化", "新落实要素", "不再落实要素", "沿用上年文字",
                "清单", "文件"):
        table.add_column(col, overflow="fold")
    for e, c in zip(entries, changes, strict=True):
        table.add_row(str(e.year), f"{e.score:.1f}", f"{c.score_delta:+.1f}" if c else "—", f"{e.rank}/{e.ranked_of}",
                      f"{c.rank_delta:+d}" if c else "—", listed(c.newly_met) if c else "", listed(c.lost) if c else "",
                      f"{c.carried_over:.0%}" if c and c.carried_over is not None else "—",
                      e.checklist + ("" if c is None or c.same_checklist else " (changed)"), e.file)
    Console(width=max(140, Console().width)).print(table)


def register(app: typer.Typer) -> None:
    """Adds the `report` and `history` commands to the `fazhi` app."""
    app.command("report")(report)
    app.command("history")(history)
