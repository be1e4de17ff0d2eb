"""The ranking table across reports, and the gap list of one report.

Ranking: by the final score (0–100) descending; equal scores share a rank (1, 2, 2, 4 …).
得分率 is the checklist's earned ÷ possible points as a percentage (the checklist score,
before the quality component is blended in).
"""

from __future__ import annotations

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


def ranking(results: list[ReportResult], checklist: Checklist) -> list[RankRow]:
    """Returns the ranking rows, best first, ties sharing a rank."""
    ordered = sorted(results, key=lambda r: (-r.score, r.meta.issuer or "", r.file))
    rows: list[RankRow] = []
    for i, r in enumerate(ordered):
        rank = rows[-1].rank if rows and rows[-1].score == r.score else i + 1
        rate = 100 * r.total.earned / r.total.possible if r.total.possible else 0.0
        rows.append(RankRow(
            rank=rank, issuer=r.meta.issuer or "(未识别)", profile=r.meta.profile, year=r.meta.year,
            score=r.score, earned=r.total.earned, possible=r.total.possible, rate=round(rate, 1),
            quality=r.quality_score,
            counts=r.total.counts, missing_parts=missing_parts(r, checklist),
            timeliness=r.decision("meta.timeliness").status, file=r.file,
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
