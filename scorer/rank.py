"""The ranking table across reports, the compact summary of a report it is built from, and
the gap list of one report.

Ranking: by the final score (0–100) descending; equal scores share a rank (1, 2, 2, 4 …).
得分率 is the checklist's earned ÷ possible points as a percentage (the checklist score,
before the quality component is blended in).

A batch's outputs that need every report at once (the ranking, the terminal table, the
office's workbook and index page) read a `ReportSummary` per report — under 2 KB, against
some 75 KB for a full `ReportResult` — so that a batch of any size can be ranked without
holding every result (README "Speed and scale").
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from scorer.catalogue import PART_LABELS
from scorer.checklist import Checklist
from scorer.engine import ReportResult

GAP_STATUSES = ("gap", "missing", "planned", "partial")
MANDATED_PARTS = ("part.achievements", "part.shortcomings", "part.first_responsible", "part.next_year_plan")


@dataclass(frozen=True)
class RankRow:
    rank: int
    issuer: str
    profile: str
    year: int | None
    score: float
    earned: float
    possible: float
    rate: float  # 得分率, percent
    quality: float | None  # the quality score, 0–100
    counts: dict[str, int]
    missing_parts: tuple[str, ...]
    timeliness: str
    file: str


def missing_parts(result: ReportResult, checklist: Checklist) -> tuple[str, ...]:
    """Returns the short names of the mandated parts that the report lacks (status missing)."""
    return tuple(PART_LABELS.get(checklist.element(eid).rule.part or "", eid) for eid in MANDATED_PARTS
                 if result.decision(eid).status == "missing")


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What the whole-batch outputs need of one scored report: metadata, scores, counts, the
    status of every element and the missing parts — no evidence, no text.

    `key` is the report's position in its batch (where its full result can be found again).
    """

    key: int
    file: str
    issuer: str | None
    profile: str
    year: int | None
    date: dt.date | None
    due: dt.date | None
    score: float
    checklist_score: float
    quality_score: float | None
    earned: float
    possible: float
    counts: dict[str, int]
    group_scores: dict[str, float]  # score of each checklist group that has possible points
    element_ids: tuple[str, ...]  # shared by every summary of the same checklist
    statuses: tuple[str, ...]  # the status of each element, in the order of `element_ids`
    missing_parts: tuple[str, ...]
    timeliness: str  # status of meta.timeliness
    notes: tuple[str, ...]
    checklist_id: str
    checklist_version: str
    checklist_label: str

    def status(self, element_id: str) -> str | None:
        """Returns the status of an element, or None when the report's checklist lacks it."""
        index = _positions(self.element_ids).get(element_id)
        return None if index is None else self.statuses[index]

    def status_items(self) -> Iterable[tuple[str, str]]:
        """Returns (element id, status) of every element, in checklist order."""
        return zip(self.element_ids, self.statuses, strict=True)


# One tuple of element ids, and one index of their positions, per checklist: every summary
# of that checklist shares them.
_shared_ids: dict[tuple[str, ...], tuple[str, ...]] = {}
_id_positions: dict[tuple[str, ...], dict[str, int]] = {}


def _positions(ids: tuple[str, ...]) -> dict[str, int]:
    found = _id_positions.get(ids)
    if found is None:
        found = _id_positions[ids] = {e: i for i, e in enumerate(ids)}
    return found


def _shared(ids: tuple[str, ...]) -> tuple[str, ...]:
    return _shared_ids.setdefault(ids, ids)


def _text(value: str | None) -> str | None:
    # Results that come back from worker processes carry fresh copies of every string;
    # interning the few distinct ones (statuses, profiles, labels) lets summaries share them.
    return None if value is None else sys.intern(value)


def summarize(result: ReportResult, checklist: Checklist, key: int = 0) -> ReportSummary:
    """Returns the compact summary of a result (`checklist` names the missing parts)."""
    meta = result.meta
    return ReportSummary(
        key=key, file=result.file, issuer=meta.issuer, profile=_text(meta.profile), year=meta.year,
        date=meta.date, due=result.due, score=result.score, checklist_score=result.checklist_score,
        quality_score=result.quality_score, earned=result.total.earned, possible=result.total.possible,
        counts={_text(s): n for s, n in result.total.counts.items()},
        group_scores={_text(g): sub.score for g, sub in result.groups.items() if sub.possible},
        element_ids=_shared(tuple(_text(d.element_id) for d in result.decisions)),
        statuses=tuple(_text(d.status) for d in result.decisions),
        missing_parts=tuple(_text(p) for p in missing_parts(result, checklist)),
        timeliness=_text(result.decision("meta.timeliness").status),
        notes=result.notes, checklist_id=_text(result.checklist_id),
        checklist_version=_text(result.checklist_version), checklist_label=_text(result.checklist_label),
    )


def rank_order(reports: Iterable[ReportSummary]) -> list[ReportSummary]:
    """Returns the reports best first (ties by issuer, then file)."""
    return sorted(reports, key=lambda r: (-r.score, r.issuer or "", r.file))


def ranking(reports: Iterable[ReportResult | ReportSummary], checklist: Checklist) -> list[RankRow]:
    """Returns the ranking rows, best first, ties sharing a rank. Takes results or their
    summaries."""
    summaries = [r if isinstance(r, ReportSummary) else summarize(r, checklist) for r in reports]
    rows: list[RankRow] = []
    for i, r in enumerate(rank_order(summaries)):
        rank = rows[-1].rank if rows and rows[-1].score == r.score else i + 1
        rate = 100 * r.earned / r.possible if r.possible else 0.0
        rows.append(RankRow(
            rank=rank, issuer=r.issuer or "(未识别)", profile=r.profile, year=r.year,
            score=r.score, earned=r.earned, possible=r.possible, rate=round(rate, 1),
            quality=r.quality_score, counts=dict(r.counts), missing_parts=r.missing_parts,
            timeliness=r.timeliness, file=r.file,
        ))
    return rows


@dataclass(frozen=True)
class GapItem:
    element_id: str
    name: str
    group: str
    status: str
    requirement: str
    source: str
    reason: str
    evidence: str


def gap_list(result: ReportResult, checklist: Checklist) -> dict[str, list[GapItem]]:
    """Returns the report's shortfalls (gap, missing, planned-only, partial) by group name.

    Weightless elements (part.other) are informational and never listed.
    """
    groups: dict[str, list[GapItem]] = {}
    for d in result.decisions:
        element = checklist.element(d.element_id)
        if d.status not in GAP_STATUSES or element.weight == 0:
            continue
        group_name = checklist.groups.get(element.group, {}).get("name", element.group)
        groups.setdefault(group_name, []).append(GapItem(
            d.element_id, element.name, group_name, d.status, element.requirement, element.source,
            d.reason, d.evidence[0].text if d.evidence else "",
        ))
    return groups
