"""The `fazhi` command line: parses arguments, calls the library, prints or writes, exits.

Exit codes: 0 everything scored; 1 some files could not be read (they are listed in
`errors` and the rest are scored and written); 2 bad usage, an invalid checklist, or no
report file found.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Score annual rule-of-law government reports (法治政府建设年度报告) against a checklist.",
)
checklist_app = typer.Typer(no_args_is_help=True, help="Validate or show a checklist.")
app.add_typer(checklist_app, name="checklist")

ChecklistOpt = Annotated[Path | None, typer.Option("--checklist", "-c", help="Checklist YAML (default: bundled).")]
ProfileOpt = Annotated[str | None, typer.Option(
    "--profile", "-p", help="Override the guessed profile: province, city, county, township, department.")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _load(path: Path | None, *, check_examples: bool | None = None):
    """Returns the checklist, or exits 2 saying what is wrong. A checklist given by the user
    must also reproduce its examples; the bundled one is held to that by the test suite."""
    from scorer.checklist import ChecklistError, load_checklist

    if check_examples is None:
        check_examples = path is not None
    try:
        checklist = load_checklist(path)
    except ChecklistError as exc:
        _fail("Invalid checklist:\n" + "\n".join(f"  {p}" for p in exc.problems))
    if check_examples:
        from scorer.examples import check_examples as run

        failures = run(checklist)
        if failures:
            _fail("Invalid checklist (examples the scorer does not reproduce):\n"
                  + "\n".join(f"  {f.message(checklist.path)}" for f in failures))
    return checklist


def _scoring(path: Path | None):
    """Returns what to score with: the checklist the user names, or the bundled checklists
    chosen by each report's reporting year."""
    if path is not None:
        return _load(path)
    from scorer.checklist import ChecklistError
    from scorer.outlines import bundled_checklists

    try:
        return bundled_checklists()
    except ChecklistError as exc:
        _fail("Invalid checklist:\n" + "\n".join(f"  {p}" for p in exc.problems))


def _primary(scoring):
    return getattr(scoring, "primary", scoring)


def _profile(value: str | None) -> str | None:
    from scorer.catalogue import PROFILES

    if value is not None and value not in PROFILES:
        _fail(f"Unknown profile {value!r}: use one of {', '.join(PROFILES)}.")
    return value


JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: number of cores).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or md.")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write every format into this folder.")]
ReviewsOpt = Annotated[Path | None, typer.Option(
    "--reviews", help="Reviewers' decisions (YAML from `fazhi review-import`) to apply.")]


class _Reviews:
    """Applies reviewers' decisions to each result as it comes; those made on a text that
    has changed since (stale) are kept in `stale`, never applied, and listed on stderr as
    they are found (or by `echo_stale`, when `echo` is off: under a progress bar)."""

    def __init__(self, scoring, path: Path | None, echo: bool = True):
        from scorer.review import ReviewError, load_reviews

        self.scoring, self.stale, self.echo = scoring, [], echo
        self.decided = []
        if path is not None:
            try:
                self.decided = load_reviews(path)
            except ReviewError as exc:
                _fail("Invalid reviews file:\n" + "\n".join(f"  {p}" for p in exc.problems))

    def __call__(self, result):
        from scorer.review import apply_reviews

        if not self.decided:
            return result
        result, stale = apply_reviews(result, self.decided, _used(self.scoring, result))
        if self.echo:
            self.echo_stale(stale)
        self.stale.extend(stale)
        return result

    def echo_stale(self, stale: list | None = None) -> None:
        """Lists stale decisions on stderr (by default all found so far)."""
        for s in self.stale if stale is None else stale:
            typer.echo(f"Stale review, not applied: {s.file} {s.review.element_id} → {s.review.status} "
                       f"({s.review.reviewer}, {s.review.date}): {s.why}; review it again.", err=True)


def _sources(paths: list[Path] | None) -> list:
    """Returns the report sources named or found (the bundled samples by default), or exits 2
    when there is none."""
    from scorer.ingest import find_reports
    from scorer.resources import sample_reports_dir

    targets = paths or [sample_reports_dir()]
    sources = find_reports(targets)
    if not sources:
        _fail(f"No report files found in {', '.join(map(str, targets))}.")
    return sources


def _jobs(jobs: int) -> int:
    import os

    return jobs or os.cpu_count() or 1


def _finish(batch, out: Path | None = None, written: list[Path] | None = None) -> None:
    line = f"Found {batch.found} file(s): scored {batch.scored}, failed {len(batch.errors)}."
    if written:
        line += f" Wrote {len(written)} file(s) to {out}."
    typer.echo(line, err=True)
    if batch.errors:
        raise typer.Exit(1)


def _check_format(fmt: str, formats: dict) -> None:
    if fmt not in formats:
        _fail(f"Unknown format {fmt!r}: use one of {', '.join(formats)}.")


def _score_and_write(formats: dict, fmt: str, paths: list[Path] | None, out: Path | None,
                     profile: str | None, checklist: Path | None, jobs: int, reviews: Path | None) -> None:
    """Scores the reports and writes the chosen format to stdout (and every format into
    `out`) as they come: each report's part when it is scored, the rankings, tables and
    errors when the batch is done. Only a compact summary of each report is kept."""
    from contextlib import nullcontext

    from scorer.batch import BatchSummary, iter_outcomes
    from scorer.outputs import FolderWriter, write_batch

    _check_format(fmt, formats)
    scoring = _scoring(checklist)
    cl = _primary(scoring)
    chosen = _profile(profile)
    review = _Reviews(scoring, reviews)
    sources = _sources(paths)
    # CSV carries a byte-order mark so that `> ranking.csv` opens in Excel and WPS.
    if fmt == "csv":
        sys.stdout.write("\ufeff")
    screen = formats[fmt].open(sys.stdout, cl)
    with FolderWriter(out, cl) if out else nullcontext() as files:
        batch = write_batch(iter_outcomes(sources, scoring, chosen, _jobs(jobs)), [screen, *([files] if files else [])],
                            cl, review, BatchSummary(stale_reviews=review.stale))
    _finish(batch, out, files.written if files else None)


@app.command()
def score(
    paths: Annotated[list[Path] | None, typer.Argument(help="Report files or folders (default: bundled samples).")] = None,
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    profile: ProfileOpt = None,
    checklist: ChecklistOpt = None,
    jobs: JobsOpt = 0,
    reviews: ReviewsOpt = None,
) -> None:
    """Score reports: a score, every element's status with evidence, and errors."""
    from scorer.outputs import SCORE_FORMATS

    _score_and_write(SCORE_FORMATS, fmt, paths, out, profile, checklist, jobs, reviews)


@app.command()
def rank(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    profile: ProfileOpt = None,
    checklist: ChecklistOpt = None,
    jobs: JobsOpt = 0,
    reviews: ReviewsOpt = None,
) -> None:
    """Rank reports by score: rank, issuer, profile, score, 得分率, status counts, missing parts."""
    from scorer.outputs import RANK_FORMATS

    _score_and_write(RANK_FORMATS, fmt, paths, out, profile, checklist, jobs, reviews)


def _used(scoring, result):
    """Returns the checklist a result was scored with."""
    for checklist in getattr(scoring, "checklists", (scoring,)):
        if checklist.id == result.checklist_id:
            return checklist
    return _primary(scoring)


def _one(file: Path, scoring, profile: str | None, reviews: Path | None = None):
    from scorer.batch import FileError, score_one
    from scorer.ingest import Source

    review = _Reviews(scoring, reviews)
    outcome = score_one(Source(str(file), file), scoring, _profile(profile))
    if isinstance(outcome, FileError):
        _fail(f"{outcome.file}: {outcome.error}", 1)
    return review(outcome)


@app.command()
def gaps(
    file: Annotated[Path, typer.Argument(help="One report file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, md or json.")] = "text",
    profile: ProfileOpt = None,
    checklist: ChecklistOpt = None,
    reviews: ReviewsOpt = None,
) -> None:
    """List what one report misses, grouped, each with its requirement and source."""
    import json
    from dataclasses import asdict

    from scorer.catalogue import STATUS_LABELS
    from scorer.rank import gap_list

    if fmt not in ("text", "md", "json"):
        _fail(f"Unknown format {fmt!r}: use text, md or json.")
    scoring = _scoring(checklist)
    result = _one(file, scoring, profile, reviews)
    cl = _used(scoring, result)
    groups = gap_list(result, cl)
    if fmt == "json":
        typer.echo(json.dumps({"file": str(file), "issuer": result.meta.issuer, "score": result.score,
                               "gaps": {g: [asdict(i) for i in items] for g, items in groups.items()}},
                              ensure_ascii=False, indent=2))
        return
    head = "# " if fmt == "md" else ""
    typer.echo(f"{head}{result.meta.issuer or file} 缺项清单（得分 {result.score}）")
    total = sum(len(v) for v in groups.values())
    if not total:
        typer.echo("No gaps: every applicable element is met.")
    for group, items in groups.items():
        typer.echo(f"\n{'## ' if fmt == 'md' else ''}{group}（{len(items)}）")
        for i in items:
            typer.echo(f"- [{STATUS_LABELS[i.status]}] {i.name} ({i.element_id})\n"
                       f"    要求: {i.requirement}\n    依据: {i.source}\n    说明: {i.reason}")
            if i.evidence:
                typer.echo(f"    原文: {i.evidence}")


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="One report file.")],
    element_id: Annotated[str, typer.Argument(help="An element id (lead.shufa) or a quality signal (quality.boilerplate).")],
    profile: ProfileOpt = None,
    checklist: ChecklistOpt = None,
    reviews: ReviewsOpt = None,
) -> None:
    """Show an element's rule, the sentences it matched, and why it got its status."""
    from scorer.explain import explain_quality, explain_text

    scoring = _scoring(checklist)
    if element_id in _primary(scoring).quality.signals:
        typer.echo(explain_quality(_one(file, scoring, profile), element_id))
        return
    result = _one(file, scoring, profile, reviews)
    cl = _used(scoring, result)
    if element_id not in {e.id for e in cl.elements}:
        _fail(f"Unknown element id {element_id!r}; `fazhi checklist show` lists them.")
    typer.echo(explain_text(result, cl, element_id))


@app.command()
def review(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The sheet to write: .xlsx or .csv.")],
    profile: ProfileOpt = None,
    checklist: ChecklistOpt = None,
    jobs: JobsOpt = 0,
    reviews: ReviewsOpt = None,
) -> None:
    """Export the decisions worth a human look (below high confidence) to a sheet to fill in."""
    from scorer.batch import BatchSummary, FileError, iter_outcomes
    from scorer.review import export_rows, write_sheet

    if out.suffix.lower() not in (".xlsx", ".csv"):
        _fail(f"{out}: the review sheet must be .xlsx or .csv.")
    scoring = _scoring(checklist)
    chosen = _profile(profile)
    review = _Reviews(scoring, reviews)
    sources = _sources(paths)
    batch = BatchSummary()

    def rows():
        # Each report's rows go into the sheet as it is scored; only its summary is kept.
        for _, outcome in iter_outcomes(sources, scoring, chosen, _jobs(jobs)):
            if isinstance(outcome, FileError):
                batch.errors.append(outcome)
                continue
            result = review(outcome)
            batch.add(result, _primary(scoring))
            yield from export_rows([result], _used(scoring, result))

    written = write_sheet(rows(), out)
    typer.echo(f"Wrote {written} decision(s) to review from {batch.scored} report(s) to {out}. "
               "Fill in 复核结论 (a status), 复核理由 and 复核人, then run `fazhi review-import`.", err=True)
    _finish(batch)


@app.command("review-import")
def review_import(
    sheet: Annotated[Path, typer.Argument(help="A filled review sheet (.xlsx or .csv).")],
    reviews: Annotated[Path, typer.Option("--reviews", help="The reviews YAML to add the decisions to.")],
    checklist: ChecklistOpt = None,
) -> None:
    """Import reviewers' decisions from a filled sheet into the reviews file (an audit log)."""
    from scorer.review import ReviewError, merge_into, read_sheet

    cl = _primary(_scoring(checklist))
    try:
        decided, undecided = read_sheet(sheet, cl)
        total = merge_into(reviews, decided)
    except ReviewError as exc:
        _fail("Cannot import the review sheet:\n" + "\n".join(f"  {p}" for p in exc.problems))
    typer.echo(f"Imported {len(decided)} decision(s) ({undecided} row(s) left undecided); "
               f"{reviews} now holds {total}. Apply them with `--reviews {reviews}`.")


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold-label YAML files.")],
    reports: Annotated[list[Path] | None, typer.Option(
        "--reports", "-r", help="Folder(s) holding the labelled reports (searched in order).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Leave out the list of disagreements.")] = False,
    checklist: ChecklistOpt = None,
) -> None:
    """Measure the scorer against gold labels, next to the naive Ctrl-F baseline."""
    from scorer.evaluate import compare, default_report_folders, load_gold, render

    cl = _load(checklist)
    if not gold_dir.is_dir():
        _fail(f"{gold_dir}: not a folder of gold files.")
    try:
        gold = load_gold(gold_dir)
    except ValueError as exc:
        _fail(str(exc))
    if not gold:
        _fail(f"{gold_dir}: no gold files (*.yaml) found.")
    pairs, problems = compare(gold, list(reports or []) + default_report_folders(gold_dir), cl)
    typer.echo(render(pairs, problems, show_disagreements=not quiet))
    if not pairs:
        raise typer.Exit(2)


OverlayOpt = Annotated[Path | None, typer.Option("--overlay", help="An overlay YAML (extends a checklist).")]


@checklist_app.command("validate")
def checklist_validate(
    file: Annotated[Path | None, typer.Argument(help="Checklist or overlay YAML (default: bundled).")] = None,
    overlay: OverlayOpt = None,
) -> None:
    """Check a checklist or overlay: schema, ids, catalogue coverage, every example."""
    cl = _load(overlay or file, check_examples=True)
    n_examples = sum(len(e.examples) for e in cl.elements if not e.disabled)
    typer.echo(f"{cl.path}: valid — {cl.label()}, {len(cl.elements)} elements, "
               f"{n_examples} examples reproduced; from {' + '.join(cl.sources)}.")


@checklist_app.command("show")
def checklist_show(
    file: Annotated[Path | None, typer.Argument(help="Checklist or overlay YAML (default: bundled).")] = None,
    overlay: OverlayOpt = None,
) -> None:
    """Print the effective checklist as a table (id, 中文, group, weight, profiles, source)."""
    from rich.console import Console
    from rich.table import Table

    from scorer.catalogue import PROFILES

    cl = _load(overlay or file)
    table = Table(title=f"{cl.title} · {cl.label()} · {' + '.join(cl.sources)}", title_justify="left")
    for col in ("id", "中文", "group", "weight", "profiles", "source"):
        table.add_column(col, overflow="fold")
    for el in cl.elements:
        profiles = "all" if set(el.applies) == set(PROFILES) else ", ".join(el.applies)
        if el.disabled:
            profiles = f"disabled: {el.disabled}"
        table.add_row(el.id, el.name, el.group, f"{el.weight:g}", profiles, el.source)
    Console(width=max(140, Console().width)).print(table)


def _register_plugins() -> None:
    # Commands that live in their own modules; each imports its heavy libraries lazily.
    from scorer import report_cli, similar_cli

    report_cli.register(app)
    similar_cli.register(app)


_register_plugins()


def main() -> None:
    app()
