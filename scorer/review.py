"""Human review: export the decisions worth a look, import reviewers' decisions, apply them.

- `export_rows(results)` lists decisions below HIGH confidence (partial, conflicts, near
  misses, negations in running text …) with their evidence and empty columns for the
  reviewer; `write_sheet` writes them to .xlsx (openpyxl) or .csv (utf-8-sig) as they come.
- `read_sheet` reads a filled sheet back (rows with an empty 复核结论 are skipped, bad rows
  are reported with their row number); `merge_into` adds the decisions to a YAML file of
  reviews, the audit trail (newest decision for the same report and element wins).
- `apply_reviews(result, reviews, checklist)` re-scores a report with the decisions that
  match it. A decision is keyed by the report's text fingerprint (sha256 of the
  normalised text); a decision whose report is found (same file name, or same issuer and
  year) but whose text has changed is *not* applied: it comes back as stale, for re-review.

Choices: the reviews file is YAML so that it reads as an audit log and diffs cleanly;
statuses may be written in English ids or the Chinese labels the sheet shows (已落实 …).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from scorer.catalogue import STATUS_LABELS, STATUSES
from scorer.checklist import Checklist
from scorer.decide import HIGH, Decision
from scorer.engine import ReportResult
from scorer.score import final_score, group_subtotals, subtotal

COLUMNS = ("文件 file", "单位 issuer", "年度 year", "报告指纹 text_hash", "要素 element_id", "要素名称",
           "机器判定 machine_status", "置信度 confidence", "提示 flags", "理由 reason", "证据 evidence",
           "复核结论 decision", "复核理由 review_reason", "复核人 reviewer", "复核日期 date")
_LABEL_TO_STATUS = {label: status for status, label in STATUS_LABELS.items()}


class ReviewError(Exception):
    """A reviews file or a filled sheet that cannot be used; `problems` lists every finding."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on one element of one report."""

    file: str
    issuer: str | None
    year: int | None
    text_hash: str
    element_id: str
    status: str
    reason: str
    reviewer: str
    date: str
    machine_status: str = ""


@dataclass(frozen=True)
class StaleReview:
    """A decision that was not applied because the report's text changed since."""

    review: Review
    file: str
    why: str


def needs_review(decision: Decision) -> bool:
    """Returns True for decisions worth a human look (below high confidence)."""
    return decision.confidence < HIGH and decision.review is None


def export_rows(results: list[ReportResult], checklist: Checklist) -> list[list]:
    """Returns the sheet rows of every decision worth a look, report by report."""
    rows = []
    for r in results:
        for d in r.decisions:
            if not needs_review(d):
                continue
            evidence = " ‖ ".join(e.text for e in (d.evidence or d.considered)[:3])
            rows.append([r.file, r.meta.issuer or "", r.meta.year or "", r.text_hash, d.element_id,
                         checklist.element(d.element_id).name, d.status, d.confidence, "、".join(d.flags),
                         d.reason, evidence, "", "", "", ""])
    return rows


def write_sheet(rows: Iterable[list], path: Path) -> int:
    """Writes the review sheet as .xlsx (frozen header, wide evidence column) or .csv, row by
    row as `rows` yields them (nothing is held: the .xlsx is written in openpyxl's
    write-only mode); returns the number of rows written."""
    written = 0
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter

        book = Workbook(write_only=True)
        sheet = book.create_sheet("待复核")
        sheet.freeze_panes = "A2"
        widths = (24, 18, 8, 18, 28, 22, 12, 8, 18, 40, 80, 14, 30, 10, 12)
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        header = []
        for i, label in enumerate(COLUMNS, 1):
            cell = WriteOnlyCell(sheet, label)
            cell.font = Font(bold=True)
            if i > len(COLUMNS) - 4:
                cell.fill = PatternFill("solid", fgColor="FFF2CC")
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
            written += 1
        book.save(path)
        return written
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(row)
            written += 1
    return written


def _sheet_rows(path: Path) -> list[list]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).active
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _status(value: str) -> str | None:
    value = str(value).strip()
    return value if value in STATUSES else _LABEL_TO_STATUS.get(value)


def _date(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def read_sheet(path: Path, checklist: Checklist) -> tuple[list[Review], int]:
    """Returns the decisions of a filled sheet and the number of rows left undecided;
    raises ReviewError listing every bad row."""
    try:
        rows = _sheet_rows(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ReviewError([f"{path}: cannot read the sheet: {exc}"]) from None
    if not rows or tuple(str(c).strip() for c in rows[0][:len(COLUMNS)]) != COLUMNS:
        raise ReviewError([f"{path}: not a review sheet from `fazhi review` (its header row differs)"])
    reviews, undecided, problems = [], 0, []
    ids = {el.id for el in checklist.elements}
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [""] * (len(COLUMNS) - len(row))
        (file, issuer, year, text_hash, element_id, _, machine, _, _, _, _,
         decision, reason, reviewer, date) = row[:len(COLUMNS)]
        if not str(decision).strip():
            undecided += 1
            continue
        status = _status(decision)
        where = f"{path}: row {number}"
        if status is None:
            problems.append(f"{where}: 复核结论 {decision!r} is not a status ({', '.join(STATUSES)} or 已落实 …)")
        if element_id not in ids:
            problems.append(f"{where}: unknown element id {element_id!r}")
        if not str(reason).strip() or not str(reviewer).strip():
            problems.append(f"{where}: a decision needs 复核理由 and 复核人")
        if problems and problems[-1].startswith(where):
            continue
        reviews.append(Review(str(file), str(issuer) or None, int(year) if str(year).strip() else None,
                              str(text_hash), str(element_id), status, str(reason).strip(),
                              str(reviewer).strip(), _date(date) or dt.date.today().isoformat(), str(machine)))
    if problems:
        raise ReviewError(problems)
    return reviews, undecided


def load_reviews(path: Path) -> list[Review]:
    """Returns the decisions kept in a reviews YAML file ([] when it does not exist yet)."""
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReviewError([f"{path}: cannot read reviews: {exc}"]) from None
    fields = {f.name for f in dataclasses.fields(Review)}
    reviews, problems = [], []
    for i, item in enumerate(data.get("reviews") or [], start=1):
        if not isinstance(item, dict) or not {"file", "text_hash", "element_id", "status"} <= set(item):
            problems.append(f"{path}: review {i} needs file, text_hash, element_id and status")
            continue
        reviews.append(Review(**{k: v for k, v in item.items() if k in fields}))
    if problems:
        raise ReviewError(problems)
    return reviews


def merge_into(path: Path, new: list[Review]) -> int:
    """Adds decisions to the reviews file (the newest for a report and element wins);
    returns how many decisions the file then holds."""
    kept = {(r.text_hash, r.element_id): r for r in load_reviews(path)}
    for r in new:
        kept[(r.text_hash, r.element_id)] = r
    data = {"reviews": [dataclasses.asdict(r) for r in kept.values()]}
    path.write_text("# Reviewers' decisions (fazhi review import). Newest per report and element wins.\n"
                    + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(kept)


def _same_report(review: Review, result: ReportResult) -> bool:
    if Path(review.file).name == Path(result.file).name:
        return True
    return bool(review.issuer) and review.issuer == result.meta.issuer and review.year == result.meta.year


def apply_reviews(result: ReportResult, reviews: list[Review], checklist: Checklist
                  ) -> tuple[ReportResult, list[StaleReview]]:
    """Returns the result with the reviewers' decisions applied and re-scored, and the
    decisions that belong to this report but were made on a different text."""
    mine = {r.element_id: r for r in reviews if r.text_hash == result.text_hash}
    stale = [StaleReview(r, result.file, "the report's text changed since the review")
             for r in reviews if r.text_hash != result.text_hash and _same_report(r, result)
             and r.element_id not in mine]
    if not mine:
        return result, stale
    decisions = []
    for d in result.decisions:
        r = mine.get(d.element_id)
        if r is None or r.status == d.status and d.review:
            decisions.append(d)
            continue
        decisions.append(dataclasses.replace(
            d, status=r.status, machine_status=d.machine_status or d.status,
            reason=f"人工复核 by {r.reviewer} on {r.date}: {r.reason}",
            review={"reviewer": r.reviewer, "date": r.date, "reason": r.reason}, confidence=HIGH, flags=()))
    total = subtotal(decisions, checklist)
    rescored = dataclasses.replace(result, decisions=tuple(decisions), total=total,
                                   groups=group_subtotals(decisions, checklist),
                                   score=final_score(total.score, result.quality_score, checklist))
    return rescored, stale
