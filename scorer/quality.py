"""Report-quality signals (ELEMENTS.md section C): is the report more than ticked boxes?

Each signal gives a value, a 0–1 score and the sentences or paragraphs behind it:

- quality.quantified — share of achievement paragraphs (achievements and first-responsible
  parts, headings left out) that carry a concrete figure; score = that share. The
  paragraphs without one are listed.
- quality.shortcomings_specific — share of shortcoming items (sentences of the
  shortcomings part) that name a concrete problem: a checklist object (决策事项目录,
  执法证件 …) or a figure, rather than only stock words from `quality.generic_shortcomings`
  ("学习不够深入", "创新不足"). score = 0.7 × that share + 0.3 if the part gives reasons.
  No shortcomings part: value none, score 0.
- quality.plan_addresses_gaps — share of specific shortcoming items that the plan part
  answers: the plan names an element the item names, or shares a checklist term or a good
  part of its wording. score = that share; none when there is no specific shortcoming
  (then the signal is left out of the quality score); 0 when there is no plan.
- quality.boilerplate — share of sentences outside the shortcomings and plan that are
  stock formulas: they hold a phrase of `quality.stock_phrases` or a slogan verb, and no
  figure, document, completed action or checklist object. score = 1 − that share.

The quality score is the weighted mean of the available signal scores × 100; it enters
the final score with the checklist's `quality.weight` (see scorer/score.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorer.checklist import Checklist
from scorer.decide import Decision
from scorer.document import Document, Sentence
from scorer.match import Matcher, TermIndex

_CREDIT_PARTS = ("achievements", "first_responsible")
_CJK_BIGRAM = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
_MIN_PARAGRAPH = 20
_SHARED_WORDING = 0.3
_REASONS_SHARE = 0.3


@dataclass(frozen=True)
class QualityItem:
    """A sentence or paragraph behind a signal, and whether it counts in its favour."""

    text: str
    part: str
    ok: bool
    note: str = ""


@dataclass(frozen=True)
class QualitySignal:
    id: str
    name: str
    value: float | None  # the measured share, None when it cannot be measured
    score: float | None  # 0–1, None when left out of the quality score
    summary: str
    items: tuple[QualityItem, ...] = ()


def _paragraphs(sentences: list[Sentence]) -> list[list[Sentence]]:
    groups: dict[int, list[Sentence]] = {}
    for s in sentences:
        if not s.is_heading:
            groups.setdefault(s.paragraph, []).append(s)
    return list(groups.values())


def _quantified(doc: Document, checklist: Checklist) -> tuple[float | None, float | None, str, list[QualityItem]]:
    figure = checklist.signals.figure_pattern
    paragraphs = [p for p in _paragraphs([s for s in doc.sentences if s.part in _CREDIT_PARTS])
                  if sum(len(s.text) for s in p) >= _MIN_PARAGRAPH]
    if not paragraphs:
        return None, 0.0, "no achievement paragraphs", []
    items = []
    for p in paragraphs:
        text = "".join(s.text for s in p)
        has = bool(figure.search(text))
        items.append(QualityItem(text, p[0].part, has, "carries a figure" if has else "no figure"))
    share = sum(i.ok for i in items) / len(items)
    return share, share, f"{sum(i.ok for i in items)} of {len(items)} achievement paragraphs carry a figure", items


def _object_terms(index: TermIndex, matcher: Matcher, s: Sentence) -> set[str]:
    return {t for t in index.terms_in.get(s.index, ()) if t in matcher.object_terms and index.positions(s.index, t)}


def _shortcoming_items(doc: Document, index: TermIndex, matcher: Matcher, checklist: Checklist) -> list[QualityItem]:
    generic = checklist.quality.generic_shortcomings
    figure = checklist.signals.figure_pattern
    items = []
    for s in doc.sentences_in("shortcomings"):
        objects = _object_terms(index, matcher, s)
        if objects or figure.search(s.text):
            items.append(QualityItem(s.text, s.part, True, "names " + ("、".join(sorted(objects)) or "a figure")))
        elif any(g in s.text for g in generic):
            items.append(QualityItem(s.text, s.part, False, "stock words only"))
    return items


def _specific(decisions: dict[str, Decision], doc: Document, items: list[QualityItem]):
    if not doc.sentences_in("shortcomings"):
        return None, 0.0, "no shortcomings part", items
    if not items:
        return 0.0, 0.0, "the shortcomings part names no concrete problem", items
    share = sum(i.ok for i in items) / len(items)
    reasons = decisions["part.shortcomings"].status == "met" if "part.shortcomings" in decisions else False
    score = (1 - _REASONS_SHARE) * share + (_REASONS_SHARE if reasons else 0.0)
    summary = (f"{sum(i.ok for i in items)} of {len(items)} shortcoming items are specific; "
               f"reasons {'given' if reasons else 'not given'}")
    return share, round(score, 3), summary, items


def _bigrams(text: str) -> set[str]:
    return set(_CJK_BIGRAM.findall(text))


def _answers(decisions: dict[str, Decision], doc: Document, index: TermIndex, matcher: Matcher):
    by_sentence: dict[int, set[str]] = {}
    for d in decisions.values():
        for e in d.considered:
            by_sentence.setdefault(e.sentence, set()).add(d.element_id)
    plan = doc.sentences_in("plan")
    plan_elements = set().union(*(by_sentence.get(s.index, set()) for s in plan)) if plan else set()
    plan_terms = set().union(*(index.terms_in.get(s.index, set()) for s in plan)) if plan else set()
    plan_bigrams = _bigrams("".join(s.text for s in plan))
    items = []
    for s in doc.sentences_in("shortcomings"):
        elements = by_sentence.get(s.index, set())
        objects = _object_terms(index, matcher, s)
        if not elements and not objects:
            continue
        shared = (elements & plan_elements) or (objects & plan_terms)
        grams = _bigrams(s.text)
        wording = len(grams & plan_bigrams) / len(grams) if grams else 0.0
        ok = bool(shared) or wording >= _SHARED_WORDING
        note = ("answered by the plan: " + "、".join(sorted(shared))) if shared else (
            f"plan shares {wording:.0%} of its wording" if ok else "no matching measure in the plan")
        items.append(QualityItem(s.text, s.part, ok, note))
    if not items:
        return None, None, "no specific shortcoming to answer", items
    if not plan:
        return 0.0, 0.0, "the report has no plan part", items
    share = sum(i.ok for i in items) / len(items)
    return share, share, f"{sum(i.ok for i in items)} of {len(items)} specific shortcomings have a matching measure", items


def _boilerplate(doc: Document, index: TermIndex, matcher: Matcher, checklist: Checklist):
    stock = checklist.quality.stock_phrases
    sentences = [s for s in doc.sentences if s.part not in ("shortcomings", "plan") and not s.is_heading]
    if not sentences:
        return None, 0.0, "no sentences outside shortcomings and plan", []
    items = []
    for s in sentences:
        text = s.text
        # Cheapest test first: most sentences hold no stock phrase and no slogan verb.
        found = matcher.stock_phrases is not None and matcher.stock_phrases.search(text)
        stock_hit = next((p for p in stock if p in text), None) if found else None
        if not (stock_hit or matcher.slogans.within(text, 0, len(text))):
            continue
        if not matcher.is_concrete_fact(text) and not _object_terms(index, matcher, s):
            items.append(QualityItem(text, s.part, False, f"stock formula{': ' + stock_hit if stock_hit else ''}"))
    share = len(items) / len(sentences)
    return share, round(1 - share, 3), f"{len(items)} of {len(sentences)} sentences are stock formulas", items


def assess(doc: Document, index: TermIndex, matcher: Matcher, decisions: tuple[Decision, ...],
           checklist: Checklist) -> tuple[QualitySignal, ...]:
    """Returns the quality signals of one report, in checklist order."""
    by_id = {d.element_id: d for d in decisions}
    shortcomings = _shortcoming_items(doc, index, matcher, checklist)
    measured = {
        "quality.quantified": _quantified(doc, checklist),
        "quality.shortcomings_specific": _specific(by_id, doc, shortcomings),
        "quality.plan_addresses_gaps": _answers(by_id, doc, index, matcher),
        "quality.boilerplate": _boilerplate(doc, index, matcher, checklist),
    }
    out = []
    for sid, (name, _) in checklist.quality.signals.items():
        value, score, summary, items = measured[sid]
        out.append(QualitySignal(sid, name, None if value is None else round(value, 3),
                                 None if score is None else round(score, 3), summary, tuple(items)))
    return tuple(out)


def quality_score(signals: tuple[QualitySignal, ...], checklist: Checklist) -> float | None:
    """Returns the weighted mean of the available signal scores × 100, or None if none."""
    weights = checklist.quality.signals
    scored = [(s.score, weights[s.id][1]) for s in signals if s.score is not None and weights[s.id][1] > 0]
    total = sum(w for _, w in scored)
    if not total:
        return None
    return round(100 * sum(v * w for v, w in scored) / total, 1)
