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

A sentence is segmented only when a dictionary word could cross a hit's edge, or a
single-character cue (未) stands near a hit, so most of the text is never segmented.
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
# A negation cue counts up to this many characters before the term ("部分乡镇尚未编制…目录"),
# or just after it ("目录未公开"); farther away it negates something else.
_NEGATION_REACH = 10
_NEGATION_AFTER = 3
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


_WINDOW = 4  # characters of context segmented on each side of an ambiguous hit
_MAX_WORD = 5  # longest dictionary word considered when looking for a word across an edge


def _word_may_cross(text: str, start: int, end: int) -> bool:
    """Returns True when some dictionary word could cross an edge of text[start:end].

    jieba without HMM only ever emits dictionary words or single characters, so a token can
    straddle the hit's left edge only if a dictionary word begins before `start` and ends
    inside the hit (and likewise on the right). When no such word exists the hit is
    word-aligned for certain and the sentence need not be segmented at all.
    """
    freq = jieba.dt.FREQ
    for s in range(max(0, start - _MAX_WORD + 1), start):
        for t in range(start + 1, min(end, s + _MAX_WORD + 1)):
            if freq.get(text[s:t]):
                return True
    for t in range(end + 1, min(len(text), end + _MAX_WORD) + 1):
        for s in range(max(start + 1, t - _MAX_WORD), end):
            if freq.get(text[s:t]):
                return True
    return False


def _word_aligned(text: str, start: int, end: int) -> bool:
    """Returns True when text[start:end] does not straddle a word edge.

    Only when a dictionary word could cross an edge is a window of the clause around the
    hit (_WINDOW characters each side) segmented; jieba's choice there decides. The answer
    depends only on that window, so it is cached by it: windows recur across reports.
    """
    lo = max(0, start - _WINDOW)
    return _window_aligned(text[lo:min(len(text), end + _WINDOW)], start - lo, end - lo)


@lru_cache(maxsize=262144)
def _window_aligned(window: str, start: int, end: int) -> bool:
    if not _word_may_cross(window, start, end):
        return True
    return _aligned(_token_spans(window), start, end)


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
    """Word-aligned term occurrences of one document, per sentence and per term."""

    def __init__(self, doc: Document, terms: tuple[str, ...]):
        self.doc = doc
        self._raw: dict[tuple[int, str], list[int]] = {}
        self._sentences_of: dict[str, set[int]] = {}
        self.terms_in: dict[int, set[str]] = {}
        texts = [s.text for s in doc.sentences]
        joined = "\n".join(texts)
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        # Only terms whose first two characters occur in the text can occur in it: one pass
        # over the text's bigrams spares most of the substring searches.
        bigrams = {joined[i:i + 2] for i in range(len(joined) - 1)}
        for term in terms:
            if term[:2] not in bigrams:
                continue
            i = joined.find(term)
            while i >= 0:
                k = bisect.bisect_right(starts, i) - 1
                self._raw.setdefault((k, term), []).append(i - starts[k])
                self._sentences_of.setdefault(term, set()).add(k)
                self.terms_in.setdefault(k, set()).add(term)
                i = joined.find(term, i + 1)
        self._checked: dict[tuple[int, str], list[int]] = {}

    def positions(self, index: int, term: str) -> list[int]:
        """Returns the word-aligned start offsets of `term` in sentence `index`."""
        key = (index, term)
        found = self._checked.get(key)
        if found is None:
            found = self._raw.get(key, [])
            if found:
                text = self.doc.sentences[index].text
                found = [p for p in found if _word_aligned(text, p, p + len(term))]
            self._checked[key] = found
        return found

    def raw_positions(self, index: int, term: str) -> list[int]:
        """Returns the substring offsets of `term` in sentence `index` (not checked for words)."""
        return self._raw.get((index, term), [])

    def candidate_sentences(self, terms: tuple[str, ...]) -> set[int]:
        """Returns the sentences holding any of `terms` as a substring (not yet aligned)."""
        out: set[int] = set()
        for t in terms:
            out |= self._sentences_of.get(t, set())
        return out


@dataclass(frozen=True)
class CueSet:
    """A cue list compiled for fast search: one regex for the multi-character cues, which
    may stand inside a word, and the single-character ones, which must be whole words."""

    multi: re.Pattern[str] | None
    single: frozenset[str]
    exceptions: frozenset[str] = frozenset()  # words that start with a single cue but are no cue

    @classmethod
    def of(cls, cues: tuple[str, ...], exceptions: tuple[str, ...] = ()) -> CueSet:
        multi = sorted((c for c in cues if len(c) > 1), key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, multi))) if multi else None
        return cls(pattern, frozenset(c for c in cues if len(c) == 1), frozenset(exceptions))

    def within(self, text: str, lo: int, hi: int) -> bool:
        """Returns True when a cue stands in text[lo:hi]."""
        if lo >= hi:
            return False
        if self.multi is not None and self.multi.search(text, lo, hi):
            return True
        if not self.single or not any(c in self.single for c in text[lo:hi]):
            return False
        # A single-character cue is a word of its own (未) or leads one (未公开), but not
        # one of the exceptions (未成年人, 未来).
        return any(lo <= s < hi and tok[0] in self.single and tok not in self.exceptions
                   for s, e, tok in _token_spans(text))


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """Returns the (start, end) of the clause (between ，；： marks) holding offset `pos`."""
    start = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        if m.start() < pos:
            start = m.end()
        else:
            return start, m.start()
    return start, len(text)


class Matcher:
    """Applies the `terms` rules of one checklist to documents."""

    def __init__(self, checklist: Checklist):
        self.checklist = checklist
        sig = checklist.signals
        self.negation = CueSet.of(sig.negation_before, sig.negation_exceptions)
        self.shortfall = CueSet.of(sig.shortfall_after)
        self.actions = CueSet.of(sig.action_cues)
        self.slogans = CueSet.of(sig.slogan_cues)
        self.study = CueSet.of(sig.study_cues)
        self.issuance = CueSet.of(sig.issuance_cues)
        self._not_study = re.compile("|".join(map(re.escape, sig.not_study))) if sig.not_study else None
        self._not_shortfall = re.compile("|".join(map(re.escape, sig.not_shortfall))) if sig.not_shortfall else None
        self.terms = tuple(dict.fromkeys(checklist.all_terms()))
        # The object terms (first group of every pattern): a clause naming one of another
        # element's objects starts talking about something else.
        self.object_terms = frozenset(
            t for el in checklist.elements for p in el.rule.patterns for t in p.groups[0])
        # An element's own terms, and those of the elements its rule `continues_into`: a
        # figure in a following clause about them still backs it ("坚持和发展枫桥经验，
        # 全年调解纠纷3.6万件" — the Fengqiao way is practised through mediation).
        by_id = {el.id: el for el in checklist.elements}
        self._own_terms = {
            el.id: frozenset(t for eid in (el.id, *el.rule.continues_into) if eid in by_id
                             for t in by_id[eid].rule.terms())
            for el in checklist.elements}
        jieba.initialize()
        load_user_words(self.terms + sig.negation_before + sig.shortfall_after + sig.action_cues
                        + sig.slogan_cues + sig.study_cues + sig.issuance_cues)

    def index(self, doc: Document) -> TermIndex:
        return TermIndex(doc, self.terms)

    def _around(self, cues: CueSet, text: str, pos: int, length: int) -> bool:
        lo, hi = clause_bounds(text, pos)
        return cues.within(text, lo, pos) or cues.within(text, pos + length, hi)

    def is_negated(self, text: str, pos: int, length: int) -> bool:
        """Returns True when the clause around the hit negates it (a negation cue before it)
        or calls it a shortfall (a shortfall cue after it)."""
        lo, hi = clause_bounds(text, pos)
        if self.negation.within(text, max(lo, pos - _NEGATION_REACH), pos):
            return True
        if self.negation.within(text, pos + length, min(hi, pos + length + _NEGATION_AFTER)):
            return True  # "决策事项目录未及时公开"
        after = text[pos + length:hi]
        if self._not_shortfall is not None:
            after = self._not_shortfall.sub("", after)  # "存在的不足", "弥补……不足" report, not negate
        return self.shortfall.within(after, 0, len(after))

    def is_study_mention(self, text: str, pos: int, length: int) -> bool:
        """Returns True when the hit's clause is about studying or explaining a topic."""
        if self._not_study is None:
            return self._around(self.study, text, pos, length)
        lo, hi = clause_bounds(text, pos)
        before = self._not_study.sub("", text[lo:pos])  # "校外培训机构" is an object, not a study
        after = self._not_study.sub("", text[pos + length:hi])
        return self.study.within(before, 0, len(before)) or self.study.within(after, 0, len(after))

    def is_cited_title(self, text: str, pos: int, length: int) -> bool:
        """Returns True when the hit stands inside a 《title》 that the clause only cites
        ("按照《……督察工作规定》的要求"); a clause that issues the document (制定, 印发 …)
        makes it the work itself."""
        for m in _DOCUMENT_NAME.finditer(text):
            if m.start() < pos and pos + length <= m.end():
                lo, hi = clause_bounds(text, pos)
                return not self.issuance.within(text, lo, hi)
        return False

    def is_slogan_at(self, text: str, pos: int, length: int) -> bool:
        """Returns True when the hit's clause holds a slogan verb (落实, 持续推进, 用好 …)
        besides the term itself."""
        return self._around(self.slogans, text, pos, length)

    def _reports_fact(self, text: str, lo: int, hi: int) -> bool:
        span = text[lo:hi]
        return bool(self.checklist.signals.figure_pattern.search(span) or _DOCUMENT_NAME.search(span)
                    or self.actions.within(text, lo, hi))

    def _names_other_object(self, index: TermIndex, k: int, lo: int, hi: int, own: frozenset[str]) -> bool:
        """Returns True when text[lo:hi] names another element's object as a topic of work
        (not inside a 《title》, not in a clause about studying: "学习法律法规和规章9部")."""
        text = index.doc.sentences[k].text
        if self.study.within(text, lo, hi):
            return False
        titles = [(m.start(), m.end()) for m in _DOCUMENT_NAME.finditer(text, lo, hi)]
        for term in index.terms_in.get(k, ()):
            if term in own or term not in self.object_terms:
                continue
            for p in index.raw_positions(k, term):
                if lo <= p < hi and not any(a <= p < b for a, b in titles):
                    return True
        return False

    def is_factual_at(self, index: TermIndex, k: int, pos: int, own: frozenset[str]) -> bool:
        """Returns True when the hit's clause reports a fact (figure, 《document》, completed
        action), or one of the next clauses gives a figure before another element's object
        comes up ("坚持会前学法，全年学法10次" but not "落实三项制度，开展执法监督13次")."""
        text = index.doc.sentences[k].text
        lo, hi = clause_bounds(text, pos)
        if self._reports_fact(text, lo, hi):
            return True
        figure = self.checklist.signals.figure_pattern
        for _ in range(_FOLLOW_CLAUSES):
            if hi >= len(text):
                return False
            lo, hi = clause_bounds(text, hi + 1)
            if self._names_other_object(index, k, lo, hi, own):
                return False
            if figure.search(text, lo, hi):
                return True
        return False

    def is_concrete_fact(self, text: str) -> bool:
        """Returns True when the text holds a figure, a named document or a completed action."""
        return self._reports_fact(text, 0, len(text))

    def is_concrete(self, sentence: Sentence) -> bool:
        """Returns True when the sentence reports a fact, or some clause of it is a plain
        statement without a slogan verb."""
        text = sentence.text
        if self._reports_fact(text, 0, len(text)):
            return True
        bounds = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(text)] + [len(text) + 1]
        return any(hi - lo > 4 and not self.slogans.within(text, lo, hi - 1)
                   for lo, hi in itertools.pairwise(bounds))

    def is_plan_sentence(self, sentence: Sentence) -> bool:
        """Returns True when a sentence outside the plan part speaks of the future."""
        return sentence.text.startswith(self.checklist.signals.plan_cues)

    @staticmethod
    def _pattern_spans(index: TermIndex, k: int, pattern: Pattern) -> tuple[tuple[str, ...], list[tuple[int, int]]] | None:
        """Returns the terms that satisfy each group, and every (offset, length) of the first
        group's terms: the first group names the element's object, whose clause decides."""
        matched, spans = [], []
        present = index.terms_in.get(k, ())
        for gi, group in enumerate(pattern.groups):
            found = None
            for term in group:
                if term not in present:
                    continue
                # Word edges matter for the object (first group); a context word of a
                # later group ("法治", "审查") only has to occur in the sentence.
                positions = index.positions(k, term) if gi == 0 else index.raw_positions(k, term)
                if positions:
                    found = found or term
                    if gi == 0:
                        spans.extend((p, len(term)) for p in positions)
            if found is None:
                return None
            matched.append(found)
        return tuple(matched), spans

    def hits(self, index: TermIndex, rule: Rule, element_id: str = "") -> list[Hit]:
        """Returns one hit per sentence in which any pattern of the rule holds."""
        doc = index.doc
        own = self._own_terms.get(element_id) or frozenset(rule.terms())
        first_terms = tuple(t for p in rule.patterns for t in p.groups[0])
        out: list[Hit] = []
        credited = {s.index for s in doc.sentences if rule.credit_part and s.part == rule.credit_part}
        for k in sorted(index.candidate_sentences(first_terms) | credited):
            sentence = doc.sentences[k]
            text = sentence.text
            if any(index.positions(k, t) for t in rule.exclude if t in index.terms_in.get(k, ())):
                continue
            best = None
            for pattern in rule.patterns:
                found = self._pattern_spans(index, k, pattern)
                if not found:
                    continue
                terms, spans = found
                if not rule.count_study_mentions:
                    spans = [(p, n) for p, n in spans if not self.is_study_mention(text, p, n)]
                spans = [(p, n) for p, n in spans if not self.is_cited_title(text, p, n)]
                if not spans:
                    continue
                factual = any(self.is_factual_at(index, k, p, own) for p, _ in spans)
                hit = Hit(sentence, terms,
                          negated=all(self.is_negated(text, p, n) for p, n in spans),
                          factual=factual,
                          concrete=factual or any(not self.is_slogan_at(text, p, n) for p, n in spans))
                if best is None or best.rank() > hit.rank():
                    best = hit
            if best is None and k in credited:
                concrete = self.is_concrete(sentence)
                best = Hit(sentence, (), False, concrete, concrete)
            if best:
                out.append(best)
        return out
