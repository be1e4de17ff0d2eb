"""Finds checklist terms in a report's sentences, at word boundaries, with their context.

How a term is found:
1. Every term of the checklist is searched as a plain substring over the whole text at
   once (fast, C-level `str.find`).
2. A substring hit counts only when it stands on word boundaries: the sentence is cut into
   words by jieba (with every checklist term loaded as a user word, once per process) and
   the hit must not straddle a word edge: it either spans whole words or lies inside one
   word ("复议" inside "行政复议"). So "述法" does not fire inside "陈述|法定|理由".
3. For each sentence that holds a pattern, the matcher records whether the clause of the
   hit is negated (a negation cue before it: 未, 尚未, 没有 …; or a shortfall cue after it:
   不够到位, 有待 …), and whether the sentence is concrete (a figure, a named document, a
   completed action) or only a slogan.

Only sentences that contain a candidate term are segmented, so the cost stays well below
segmenting the whole report.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba

from scorer.checklist import Checklist, Pattern, Rule
from scorer.document import Document, Sentence

_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
_DOCUMENT_NAME = re.compile(r"《[^》]{2,40}》")
# How many clauses after the hit's own may carry its figure.
_FOLLOW_CLAUSES = 2
_loaded_words: set[str] = set()
jieba.setLogLevel(logging.WARNING)


def load_user_words(terms: tuple[str, ...]) -> None:
    """Adds checklist terms to jieba's dictionary (each word once per process)."""
    for term in terms:
        if term not in _loaded_words:
            jieba.add_word(term)
            _loaded_words.add(term)


@lru_cache(maxsize=65536)
def _token_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    spans, pos = [], 0
    for token in jieba.cut(text, HMM=False):
        spans.append((pos, pos + len(token), token))
        pos += len(token)
    return tuple(spans)


def _aligned(tokens: tuple[tuple[int, int, str], ...], start: int, end: int) -> bool:
    """Returns False when the hit straddles a word edge ("述法" in 陈述|法定).

    A hit inside one word ("考核" in 绩效考核, "复议" in 行政复议) is accepted: jieba's
    compounds usually contain the term's meaning; the few that do not (规章制度) are
    handled by the rule's `exclude` list.
    """
    first = last = None
    for s, e, _ in tokens:
        if s <= start < e:
            first = (s, e)
        if s < end <= e:
            last = (s, e)
            break
    if first is None or last is None:
        return False
    return first == last or (first[0] == start and last[1] == end)


@dataclass(frozen=True)
class Hit:
    """One pattern found in one sentence, with what its clause says about it."""

    sentence: Sentence
    terms: tuple[str, ...]
    negated: bool
    factual: bool  # a figure, a named document or a completed action goes with it
    concrete: bool  # factual, or a plain statement rather than a slogan

    def rank(self) -> tuple[bool, bool, bool]:
        """Sorts the strongest hit of a sentence first."""
        return (self.negated, not self.concrete, not self.factual)


class TermIndex:
    """Word-boundary term occurrences of one document, per sentence."""

    def __init__(self, doc: Document, terms: tuple[str, ...]):
        self.doc = doc
        self._by_sentence: dict[int, dict[str, list[int]]] = {}
        texts = [s.text for s in doc.sentences]
        joined = "\n".join(texts)
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        for term in terms:
            i = joined.find(term)
            while i >= 0:
                k = bisect.bisect_right(starts, i) - 1
                local = i - starts[k]
                if local + len(term) <= len(texts[k]):
                    self._by_sentence.setdefault(k, {}).setdefault(term, []).append(local)
                i = joined.find(term, i + 1)
        self._checked: dict[tuple[int, str], list[int]] = {}

    def positions(self, index: int, term: str) -> list[int]:
        """Returns the word-aligned start offsets of `term` in sentence `index`."""
        key = (index, term)
        if key not in self._checked:
            raw = self._by_sentence.get(index, {}).get(term, [])
            if raw:
                tokens = _token_spans(self.doc.sentences[index].text)
                raw = [p for p in raw if _aligned(tokens, p, p + len(term))]
            self._checked[key] = raw
        return self._checked[key]

    def candidate_sentences(self, terms: tuple[str, ...]) -> set[int]:
        """Returns the sentences holding any of `terms` as a substring (not yet aligned)."""
        return {k for k, found in self._by_sentence.items() if any(t in found for t in terms)}


class Matcher:
    """Applies the `terms` rules of one checklist to documents."""

    def __init__(self, checklist: Checklist):
        self.checklist = checklist
        sig = checklist.signals
        extra = sig.negation_before + sig.shortfall_after + sig.action_cues + sig.slogan_cues + sig.study_cues
        self.terms = tuple(dict.fromkeys(checklist.all_terms()))
        # The object terms (first group of every pattern): a clause naming one of another
        # element's objects starts talking about something else.
        self.object_terms = frozenset(
            t for el in checklist.elements for p in el.rule.patterns for t in p.groups[0])
        load_user_words(self.terms + extra)

    def index(self, doc: Document) -> TermIndex:
        return TermIndex(doc, self.terms)

    def _clause(self, text: str, pos: int) -> tuple[int, int]:
        start = 0
        for m in _CLAUSE_SPLIT.finditer(text):
            if m.start() < pos:
                start = m.end()
            else:
                return start, m.start()
        return start, len(text)

    @staticmethod
    def _words(text: str, lo: int, hi: int) -> set[str]:
        return {tok for s, e, tok in _token_spans(text) if s >= lo and e <= hi}

    def _has_cue(self, text: str, lo: int, hi: int, cues: tuple[str, ...]) -> bool:
        """Single-character cues must be whole words (未 but not 未成年人); longer ones may be part of one."""
        if lo >= hi:
            return False
        words = self._words(text, lo, hi)
        span = text[lo:hi]
        return any(c in words or (len(c) > 1 and c in span) for c in cues)

    def is_negated(self, sentence: Sentence, pos: int, length: int) -> bool:
        """Returns True when the clause around the hit negates it or calls it a shortfall."""
        sig = self.checklist.signals
        text = sentence.text
        lo, hi = self._clause(text, pos)
        return self._has_cue(text, lo, pos, sig.negation_before) or self._has_cue(
            text, pos + length, hi, sig.shortfall_after)

    def is_study_mention(self, sentence: Sentence, pos: int, length: int) -> bool:
        """Returns True when the hit's clause is about studying or explaining a topic."""
        text, cues = sentence.text, self.checklist.signals.study_cues
        lo, hi = self._clause(text, pos)
        return self._has_cue(text, lo, pos, cues) or self._has_cue(text, pos + length, hi, cues)

    def _reports_fact(self, text: str, lo: int, hi: int) -> bool:
        sig = self.checklist.signals
        span = text[lo:hi]
        return bool(sig.figure_pattern.search(span) or _DOCUMENT_NAME.search(span)
                    or self._words(text, lo, hi) & set(sig.action_cues))

    def is_factual_at(self, sentence: Sentence, pos: int, own_terms: frozenset[str]) -> bool:
        """Returns True when the hit's clause reports a fact (figure, 《document》, completed
        action), or one of the next clauses gives a figure before another element's object
        comes up ("坚持会前学法，全年学法10次" but not "落实三项制度，开展执法监督13次")."""
        text = sentence.text
        lo, hi = self._clause(text, pos)
        if self._reports_fact(text, lo, hi):
            return True
        figure = self.checklist.signals.figure_pattern
        for _ in range(_FOLLOW_CLAUSES):
            if hi >= len(text):
                return False
            lo, hi = self._clause(text, hi + 1)
            span = _DOCUMENT_NAME.sub("", text[lo:hi])
            if any(t in span for t in self.object_terms - own_terms):
                return False
            if figure.search(span):
                return True
        return False

    def is_slogan_at(self, sentence: Sentence, pos: int, length: int) -> bool:
        """Returns True when the hit's clause holds a slogan verb (落实, 持续推进, 用好 …)
        besides the term itself."""
        text, cues = sentence.text, self.checklist.signals.slogan_cues
        lo, hi = self._clause(text, pos)
        return self._has_cue(text, lo, pos, cues) or self._has_cue(text, pos + length, hi, cues)

    def is_concrete(self, sentence: Sentence) -> bool:
        """Returns True when some clause of the sentence is concrete (see `is_concrete_at`)."""
        text = sentence.text
        if self._reports_fact(text, 0, len(text)):
            return True
        bounds = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(text)] + [len(text) + 1]
        cues = self.checklist.signals.slogan_cues
        return any(hi - lo > 4 and not self._has_cue(text, lo, hi - 1, cues)
                   for lo, hi in itertools.pairwise(bounds))

    def is_plan_sentence(self, sentence: Sentence) -> bool:
        """Returns True when a sentence outside the plan part speaks of the future."""
        return sentence.text.startswith(self.checklist.signals.plan_cues)

    def _pattern_spans(self, index: TermIndex, k: int, pattern: Pattern) -> tuple[tuple[str, ...], list[tuple[int, int]]] | None:
        """Returns the terms that satisfy each group, and every (offset, length) of the first
        group's terms: the first group names the element's object, whose clause decides."""
        matched, spans = [], []
        for gi, group in enumerate(pattern.groups):
            found = None
            for term in group:
                positions = index.positions(k, term)
                if positions:
                    found = found or term
                    if gi == 0:
                        spans.extend((p, len(term)) for p in positions)
            if found is None:
                return None
            matched.append(found)
        return tuple(matched), spans

    def hits(self, index: TermIndex, rule: Rule) -> list[Hit]:
        """Returns one hit per sentence in which any pattern of the rule holds."""
        doc = index.doc
        first_terms = tuple(t for p in rule.patterns for t in p.groups[0])
        out: list[Hit] = []
        credited = {s.index for s in doc.sentences if rule.credit_part and s.part == rule.credit_part}
        for k in sorted(index.candidate_sentences(first_terms) | credited):
            sentence = doc.sentences[k]
            if any(index.positions(k, t) for t in rule.exclude):
                continue
            best = None
            for pattern in rule.patterns:
                found = self._pattern_spans(index, k, pattern)
                if not found:
                    continue
                terms, spans = found
                if not rule.count_study_mentions:
                    spans = [(p, n) for p, n in spans if not self.is_study_mention(sentence, p, n)]
                    if not spans:
                        continue
                own = frozenset(rule.terms())
                factual = any(self.is_factual_at(sentence, p, own) for p, _ in spans)
                hit = Hit(sentence, terms,
                          negated=all(self.is_negated(sentence, p, n) for p, n in spans),
                          factual=factual,
                          concrete=factual or any(not self.is_slogan_at(sentence, p, n) for p, n in spans))
                if best is None or best.rank() > hit.rank():
                    best = hit
            if best is None and k in credited:
                best = Hit(sentence, (), False, self.is_concrete(sentence), self.is_concrete(sentence))
            if best:
                out.append(best)
        return out
