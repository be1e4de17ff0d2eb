"""Turns matches into one status per element, each with the evidence that decides it.

Statuses and precedence follow ELEMENTS.md:
- evidence in the achievements, first-responsible, preamble or "other" parts decides:
  `met` when some sentence is concrete (a figure, a named document, a completed action),
  `partial` when every such sentence is only a slogan;
- otherwise `gap` when the element is named in the shortcomings part or in a negated
  clause anywhere outside the plan;
- otherwise `planned` when it appears in the plan part (or a sentence starting
  "下一步…");
- otherwise `missing`; and `not_applicable` when the element does not apply to the profile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scorer.checklist import Checklist, Element, Pattern
from scorer.document import Document, Sentence
from scorer.match import Hit, Matcher, TermIndex
from scorer.metadata import Metadata, parse_date

CREDIT_PARTS = ("achievements", "first_responsible", "preamble", "other")
MAX_EVIDENCE = 3

# Confidence of a decision, and the flags that lower it:
#   high   — met on a fact (figure, 《document》, completed action); gap in the shortcomings
#            part; planned; missing with no candidate term at all; structure and metadata.
#   medium — met on a plain statement or a heading over concrete sentences ("statement");
#            met while a shortcoming or negated clause also names it ("conflict"); partial
#            ("slogan_only"); gap only from a negated clause ("negated_in_text"); missing
#            although a term occurred but was set aside ("near_miss"); partial parts.
#   low    — a profile defaulted because the issuer is unknown ("profile_unknown"), which
#            decides not_applicable; a deadline that cannot be computed ("year_unknown").
HIGH, MEDIUM, LOW = 0.9, 0.6, 0.3


@dataclass(frozen=True)
class Evidence:
    """A sentence behind a decision: what it says, where it stands, what it shows."""

    text: str
    part: str
    kind: str  # met | partial | gap | planned
    terms: tuple[str, ...] = ()
    section: str = ""
    sentence: int = -1  # index of the sentence in the document, -1 for metadata
    factual: bool = False  # a figure, a named document or a completed action goes with it


@dataclass(frozen=True)
class Decision:
    """The status of one element in one report, with evidence and the reason."""

    element_id: str
    status: str
    evidence: tuple[Evidence, ...]  # the decisive sentences (at most MAX_EVIDENCE)
    reason: str
    considered: tuple[Evidence, ...] = ()  # every sentence the rule matched, for `explain`
    confidence: float = HIGH
    flags: tuple[str, ...] = ()  # why a reviewer may want to look (see CONFIDENCE)
    machine_status: str | None = None  # the scorer's own status, when a reviewer changed it
    review: dict | None = None  # reviewer, date, reason of a human decision (人工复核)


def _evidence_kind(hit: Hit, index: TermIndex, matcher: Matcher) -> str:
    s = hit.sentence
    if s.part == "plan":
        return "planned"
    if s.part == "shortcomings" or hit.negated:
        return "gap"
    if matcher.is_plan_sentence(s):
        return "planned"
    if s.is_heading:
        # A heading names a topic; the sentences right under it show whether work was done.
        if hit.factual or any(matcher.is_concrete(index, b) for b in index.doc.block(s)):
            return "met"
        return "partial"
    return "met" if hit.concrete else "partial"


_REASONS = {
    "met": "stated as done in the {part} part, with a figure, a named document or a completed action",
    "partial": "mentioned in the {part} part only as a slogan or intention (no action, object or figure)",
    "gap": "named only as a shortcoming or in a negated clause",
    "planned": "appears only in the next-year plan",
    "missing": "no sentence of the report matches the rule",
}
_ORDER = ("met", "partial", "gap", "planned")


def _confidence(status: str, chosen: list[Evidence], evidence: list[Evidence]) -> tuple[float, tuple[str, ...]]:
    if status == "met":
        flags = [] if any(e.factual for e in chosen) else ["statement"]
        if any(e.kind == "gap" for e in evidence):
            flags.append("conflict")
        return (MEDIUM if flags else HIGH), tuple(flags)
    if status == "partial":
        return MEDIUM, ("slogan_only",)
    if status == "gap" and not any(e.part == "shortcomings" for e in chosen):
        return MEDIUM, ("negated_in_text",)
    return HIGH, ()


def _from_evidence(element: Element, evidence: list[Evidence], near_miss: bool = False) -> Decision:
    for status in _ORDER:
        chosen = [e for e in evidence if e.kind == status]
        if chosen:
            part = chosen[0].part
            confidence, flags = _confidence(status, chosen, evidence)
            return Decision(element.id, status, tuple(chosen[:MAX_EVIDENCE]),
                            _REASONS[status].format(part=part), tuple(evidence), confidence, flags)
    if near_miss:
        return Decision(element.id, "missing", (), _REASONS["missing"] + " (a term occurred but was set aside: "
                        "inside another word, a study topic, a cited title or an excluded context)",
                        confidence=MEDIUM, flags=("near_miss",))
    return Decision(element.id, "missing", (), _REASONS["missing"])


def _decide_terms(element: Element, index: TermIndex, matcher: Matcher) -> Decision:
    evidence = [
        Evidence(h.sentence.text, h.sentence.part, _evidence_kind(h, index, matcher), h.terms,
                 h.sentence.section, h.sentence.index, h.factual)
        for h in matcher.hits(index, element.rule, element.id)
    ]
    near_miss = bool(index.candidate_sentences(matcher.first_terms(element.rule)))
    return _from_evidence(element, evidence, near_miss=near_miss)


def _any_pattern(patterns: tuple[Pattern, ...], sentences: list[Sentence], index: TermIndex) -> Sentence | None:
    for s in sentences:
        for p in patterns:
            if all(any(index.positions(s.index, t) for t in g) for g in p.groups):
                return s
    return None


def _decide_part(element: Element, doc: Document, index: TermIndex, checklist: Checklist) -> Decision:
    rule = element.rule
    spans = [p for p in doc.parts if p.kind == rule.part]
    name = checklist.part_names.get(rule.part, rule.part)
    if spans:
        span = spans[0]
        heading = Evidence(span.heading, rule.part, "met", section=span.heading)
        if rule.partial_unless:
            body = doc.sentences_in(rule.part)
            cue = _any_pattern(rule.partial_unless, body, index)
            if cue is None:
                return Decision(element.id, "partial", (heading,),
                                f"the {name} part is there but gives no reasons (原因)",
                                confidence=MEDIUM, flags=("no_reasons_found",))
            reason = Evidence(cue.text, cue.part, "met", section=cue.section)
            return Decision(element.id, "met", (heading, reason), f"the {name} part is there, with reasons")
        where = "a headed sub-section" if span.nested else "a part of its own"
        return Decision(element.id, "met", (heading,), f"the report has {where}: {span.heading}")
    if rule.partial_when:
        running = [s for s in doc.sentences if s.part in CREDIT_PARTS]
        s = _any_pattern(rule.partial_when, running, index)
        if s:
            return Decision(element.id, "partial", (Evidence(s.text, s.part, "partial", section=s.section),),
                            f"no part is devoted to it; it is mentioned only in the running text of the {s.part} part",
                            confidence=MEDIUM, flags=("running_text",))
    return Decision(element.id, "missing", (), f"the report has no {name} part")


def _decide_title(element: Element, meta: Metadata) -> Decision:
    if not meta.title:
        return Decision(element.id, "missing", (), "the report has no title line")
    evidence = (Evidence(meta.title, "title", "met"),)
    lacking = [w for w in element.rule.requires if w not in meta.title]
    if lacking:
        return Decision(element.id, "partial", evidence, f"the title lacks {'、'.join(lacking)}")
    has_year = meta.year is not None and str(meta.year) in meta.title
    has_issuer = bool(meta.issuer) and meta.issuer in meta.title
    if has_year and has_issuer:
        return Decision(element.id, "met", evidence, "the title names the issuer and the reporting year")
    missing_bits = [w for w, ok in (("the reporting year", has_year), ("the issuer", has_issuer)) if not ok]
    return Decision(element.id, "partial", evidence, f"the title lacks {' and '.join(missing_bits)}")


def _decide_signature(element: Element, doc: Document, meta: Metadata) -> Decision:
    signed = [line for line in doc.signature_lines if len(line) >= 3 and not parse_date(line)]
    issuer = signed[-1] if signed else doc.header_issuer()
    shown = [x for x in (issuer, meta.date.isoformat() if meta.date else None) if x]
    evidence = (Evidence(" / ".join(shown), "signature", "met"),) if shown else ()
    if issuer and meta.date:
        return Decision(element.id, "met", evidence, "issuing body and date are given")
    if issuer or meta.date:
        lacking = "a date" if issuer else "the issuing body"
        return Decision(element.id, "partial", evidence, f"the report lacks {lacking} at its end or head")
    return Decision(element.id, "missing", (), "no issuing body or date at the end or the head")


def deadline(meta: Metadata, checklist: Checklist) -> dt.date | None:
    """Returns the date by which this report was due, or None without a reporting year."""
    if meta.year is None:
        return None
    month, day = (int(x) for x in checklist.deadline_for(meta.profile).split("-"))
    return dt.date(meta.year + 1, month, day)


def _decide_timeliness(element: Element, meta: Metadata, checklist: Checklist) -> Decision:
    if meta.date is None:
        return Decision(element.id, "missing", (), "the report is undated")
    due = deadline(meta, checklist)
    evidence = (Evidence(meta.date.isoformat(), "signature", "met"),)
    if due is None:
        return Decision(element.id, "missing", evidence, "the reporting year is unknown, so no deadline applies",
                        confidence=LOW, flags=("year_unknown",))
    if meta.date <= due:
        return Decision(element.id, "met", evidence, f"dated {meta.date} on or before the deadline {due}")
    late = (meta.date - due).days
    return Decision(element.id, "gap", (Evidence(meta.date.isoformat(), "signature", "gap"),),
                    f"dated {meta.date}, {late} days after the deadline {due}")


def decide(element: Element, doc: Document, meta: Metadata, index: TermIndex,
           matcher: Matcher, checklist: Checklist) -> Decision:
    """Returns the decision for one element of one report."""
    if element.disabled:
        return Decision(element.id, "not_applicable", (), f"switched off by the checklist: {element.disabled}")
    if not element.applies_to(meta.profile):
        if meta.profile_guessed and meta.issuer is None:
            return Decision(element.id, "not_applicable", (),
                            f"does not apply to profile {meta.profile} (assumed: the issuer is unknown)",
                            confidence=LOW, flags=("profile_unknown",))
        return Decision(element.id, "not_applicable", (), f"does not apply to profile {meta.profile}")
    kind = element.rule.type
    if kind == "part":
        return _decide_part(element, doc, index, checklist)
    if kind == "title":
        return _decide_title(element, meta)
    if kind == "signature":
        return _decide_signature(element, doc, meta)
    if kind == "timeliness":
        return _decide_timeliness(element, meta, checklist)
    return _decide_terms(element, index, matcher)
