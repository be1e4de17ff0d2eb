"""The scoring model: weighted 0–100 with part and group subtotals and raw counts.

- Each applicable element earns `weight × credit`: met = 1, partial = the checklist's
  `scoring.partial_credit` (0.5 by default), planned / gap / missing = 0.
- not_applicable elements leave the denominator: a township is not marked down for
  local legislation it cannot make.
- score = 100 × earned / possible, rounded to one decimal; the same for each group.
- Raw counts of every status stand beside every score.
- The report-quality signals (scorer/quality.py) form a separate component: the final
  score = (1 − w) × checklist score + w × quality score, w = the checklist's
  `quality.weight` (0.1 by default; 0 turns it off). Without a measurable signal the final
  score is the checklist score.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scorer.catalogue import STATUSES
from scorer.checklist import Checklist
from scorer.decide import Decision


@dataclass(frozen=True)
class Subtotal:
    """Earned and possible points of a set of elements, with status counts."""

    earned: float
    possible: float
    counts: dict[str, int]

    @property
    def score(self) -> float:
        return round(100 * self.earned / self.possible, 1) if self.possible else 0.0


def credit(status: str, checklist: Checklist) -> float:
    """Returns the share of an element's weight that a status earns."""
    return {"met": 1.0, "partial": checklist.partial_credit}.get(status, 0.0)


def element_points(decision: Decision, weight: float, checklist: Checklist) -> float:
    """Returns the points one decision earns."""
    return round(weight * credit(decision.status, checklist), 3)


def subtotal(decisions: list[Decision], checklist: Checklist) -> Subtotal:
    """Returns the subtotal of the given decisions."""
    earned = possible = 0.0
    counts = Counter({s: 0 for s in STATUSES})
    for d in decisions:
        counts[d.status] += 1
        if d.status == "not_applicable":
            continue
        weight = checklist.element(d.element_id).weight
        possible += weight
        earned += weight * credit(d.status, checklist)
    return Subtotal(round(earned, 3), round(possible, 3), dict(counts))


def group_subtotals(decisions: list[Decision], checklist: Checklist) -> dict[str, Subtotal]:
    """Returns one subtotal per checklist group, in checklist order."""
    by_group: dict[str, list[Decision]] = {g: [] for g in checklist.groups}
    for d in decisions:
        by_group.setdefault(checklist.element(d.element_id).group, []).append(d)
    return {g: subtotal(ds, checklist) for g, ds in by_group.items() if ds}


def final_score(checklist_score: float, quality: float | None, checklist: Checklist) -> float:
    """Returns the final 0–100 score: the checklist score blended with the quality score."""
    w = checklist.quality.weight
    if quality is None or not w:
        return checklist_score
    return round((1 - w) * checklist_score + w * quality, 1)
