"""Scores one report: a pure function of (text, checklist, options).

    text ─▶ normalize ─▶ parse_document ─▶ extract_metadata ─▶ decide (per element) ─▶ score

Batches, outputs and the CLI call `score_text` / `score_file`; nothing here prints or
writes files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from scorer.checklist import Checklist
from scorer.decide import Decision, deadline, decide
from scorer.document import Document, parse_document
from scorer.ingest import Source
from scorer.match import Matcher
from scorer.metadata import Metadata, extract_metadata
from scorer.normalize import normalize_text
from scorer.outlines import ChecklistSet
from scorer.quality import QualitySignal, assess, quality_score
from scorer.score import Subtotal, element_points, final_score, group_subtotals, subtotal

_matchers: dict[int, tuple[Checklist, Matcher]] = {}


def matcher_for(checklist: Checklist | ChecklistSet) -> Matcher:
    """Returns the (cached) matcher of a checklist; jieba words are loaded once. Given a
    set, loads the matchers of all its checklists and returns the default's."""
    if isinstance(checklist, ChecklistSet):
        for each in checklist.checklists[1:]:
            matcher_for(each)
        checklist = checklist.primary
    cached = _matchers.get(id(checklist))
    if cached is None or cached[0] is not checklist:
        cached = (checklist, Matcher(checklist))
        _matchers[id(checklist)] = cached
    return cached[1]


@dataclass(frozen=True)
class ReportResult:
    """Everything the scorer says about one report."""

    file: str
    meta: Metadata
    decisions: tuple[Decision, ...]
    total: Subtotal
    groups: dict[str, Subtotal]
    due: dt.date | None
    checklist_id: str
    checklist_version: str
    checklist_label: str
    notes: tuple[str, ...] = field(default_factory=tuple)
    quality: tuple[QualitySignal, ...] = ()
    quality_score: float | None = None
    score: float = 0.0  # the final score: checklist score blended with the quality score
    text_hash: str = ""  # fingerprint of the normalised text: reviews are keyed by it

    @property
    def checklist_score(self) -> float:
        return self.total.score

    def decision(self, element_id: str) -> Decision:
        for d in self.decisions:
            if d.element_id == element_id:
                return d
        raise KeyError(element_id)


def score_document(doc: Document, checklist: Checklist, *, profile: str | None = None,
                   file: str = "", notes: tuple[str, ...] = ()) -> ReportResult:
    """Returns the result for a parsed document."""
    matcher = matcher_for(checklist)
    meta = extract_metadata(doc, checklist, profile)
    index = matcher.index(doc)
    decisions = tuple(decide(el, doc, meta, index, matcher, checklist) for el in checklist.elements)
    total = subtotal(list(decisions), checklist)
    signals = assess(doc, index, matcher, decisions, checklist)
    quality = quality_score(signals, checklist)
    return ReportResult(
        file=file,
        meta=meta,
        decisions=decisions,
        total=total,
        groups=group_subtotals(list(decisions), checklist),
        due=deadline(meta, checklist),
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        checklist_label=checklist.label(),
        notes=notes,
        quality=signals,
        quality_score=quality,
        score=final_score(total.score, quality, checklist),
        text_hash=hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:16],
    )


def score_text(text: str, checklist: Checklist | ChecklistSet, *, profile: str | None = None,
               file: str = "", notes: tuple[str, ...] = ()) -> ReportResult:
    """Returns the result for the raw text of one report.

    Given a ChecklistSet, the checklist is chosen by the report's reporting year.
    """
    normalized = normalize_text(text)
    if isinstance(checklist, ChecklistSet):
        doc = parse_document(normalized, checklist.primary)
        year = extract_metadata(doc, checklist.primary, profile).year
        chosen, note = checklist.for_year(year)
        notes = (*notes, note) if note else notes
        if chosen is not checklist.primary:
            doc = parse_document(normalized, chosen)
        return score_document(doc, chosen, profile=profile, file=file, notes=notes)
    doc = parse_document(normalized, checklist)
    return score_document(doc, checklist, profile=profile, file=file, notes=notes)


def score_source(source: Source, checklist: Checklist | ChecklistSet, *,
                 profile: str | None = None) -> ReportResult:
    """Returns the result for one report source; raises IngestError when it cannot be read."""
    report = source.read()
    return score_text(report.text, checklist, profile=profile, file=source.name, notes=report.notes)


def score_file(path: str | Path, checklist: Checklist | ChecklistSet, *,
               profile: str | None = None) -> ReportResult:
    """Returns the result for one report file; raises IngestError when it cannot be read."""
    return score_source(Source(str(path), Path(path)), checklist, profile=profile)


def points(result: ReportResult, decision: Decision, checklist: Checklist) -> float:
    """Returns the points a decision earns in a result."""
    return element_points(decision, checklist.element(decision.element_id).weight, checklist)
