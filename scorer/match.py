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
import math
import re
from collections.abc import KeysView
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import jieba

from scorer.checklist import Checklist, Pattern, Rule
from scorer.document import Document, Sentence

_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")
_DOCUMENT_NAME = re.compile(r"《[^》]{2,40}》")
_ASCII_WORD = re.compile("[a-zA-Z0-9]")  # jieba joins runs of these single characters
# A negation cue counts up to this many characters before the term ("部分乡镇尚未编制…目录"),
# or just after it ("目录未公开"); farther away it negates something else.
_NEGATION_REACH = 10
_NEGATION_AFTER = 3
# How many clauses after the hit's own may carry its figure.
_FOLLOW_CLAUSES = 2
_loaded_words: set[str] = set()
_OFFICE_ENDS = ("局", "厅", "委", "办")  # 管理局, 司法厅, 卫健委, 法治办: names of offices
_checklist_terms: set[str] = set()  # the terms of every checklist matched in this process
jieba.setLogLevel(logging.WARNING)


def load_user_words(words: tuple[str, ...], terms: tuple[str, ...] = ()) -> None:
    """Adds checklist words to jieba's dictionary (each word once per process); `terms`
    (a subset of them) are also the checklist terms that never veto each other's edges."""
    new = [w for w in words if w not in _loaded_words]
    for word in new:
        jieba.add_word(word)
        _loaded_words.add(word)
    fresh_terms = set(terms) - _checklist_terms
    _checklist_terms.update(fresh_terms)
    if new or fresh_terms:
        # Segmentations and edge checks made with the old dictionary no longer hold.
        _log_probability.clear()
        _token_spans.cache_clear()
        _window_aligned.cache_clear()


_WINDOW = 4  # characters of context segmented on each side of an ambiguous hit
_MAX_WORD = 5  # longest dictionary word considered when looking for a word across an edge


def _word_may_cross(text: str, start: int, end: int) -> bool:
    """Returns True when a dictionary word could cross an edge of text[start:end] in a
    way that _aligned would reject.

    jieba without HMM only ever emits dictionary words or single characters, so a token can
    straddle the hit's left edge only if a dictionary word begins before `start` and ends
    inside the hit; on the right only a word ending in an office's name (……管理局) is
    rejected. When no such word exists the hit is word-aligned for certain and the
    sentence need not be segmented at all.

    jieba's dictionary also holds every prefix of every word (with frequency 0), so the
    search from each starting character stops at the first fragment it does not hold.
    """
    freq = jieba.dt.FREQ
    for s in range(max(0, start - _MAX_WORD + 1), start):
        for t in range(start + 1, min(end, s + _MAX_WORD + 1)):
            found = freq.get(text[s:t])
            if found:
                return True
            if found is None:
                break
    for s in range(max(start + 1, end - _MAX_WORD + 1), end):
        for t in range(end + 1, min(len(text), s + _MAX_WORD) + 1):
            found = freq.get(text[s:t])
            if found and text[t - 1] in _OFFICE_ENDS:
                return True
            if found is None:
                break
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


# log(frequency) − log(total) of the dictionary words met so far: jieba's word weights.
_log_probability: dict[str, float] = {}


def _weight(word: str) -> float:
    found = _log_probability.get(word)
    if found is None:
        found = _log_probability[word] = math.log(jieba.dt.FREQ.get(word) or 1) - math.log(jieba.dt.total)
    return found


def _segment_block(block: str) -> list[str]:
    """Returns the words jieba's exact mode without HMM gives for one run of CJK/ASCII text.

    The same dynamic programme as jieba's (the most probable path through the dictionary
    words of the block, ties going to the longer word; runs of single ASCII letters and
    digits joined), without its per-call set-up, which costs more than the programme itself
    on the short windows matched here. tests/test_match.py checks it against jieba.cut.
    """
    freq = jieba.dt.FREQ
    n = len(block)
    score = [0.0] * (n + 1)
    step = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        best, best_end = None, i + 1
        j = i + 1
        fragment = block[i]
        found = freq.get(fragment)
        while found is not None:
            if found:
                value = _weight(fragment) + score[j]
                if best is None or value >= best:
                    best, best_end = value, j
            j += 1
            if j > n:
                break
            fragment = block[i:j]
            found = freq.get(fragment)
        if best is None:  # no dictionary word starts here: the character stands alone
            best = _weight(block[i]) + score[i + 1]
        score[i], step[i] = best, best_end
    words, ascii_run, x = [], "", 0
    while x < n:
        word = block[x:step[x]]
        x = step[x]
        if len(word) == 1 and _ASCII_WORD.match(word):
            ascii_run += word
            continue
        if ascii_run:
            words.append(ascii_run)
            ascii_run = ""
        words.append(word)
    if ascii_run:
        words.append(ascii_run)
    return words


def _segment(text: str) -> list[str]:
    """Returns jieba.cut(text, HMM=False) as a list (see _segment_block)."""
    words: list[str] = []
    for block in jieba.re_han_default.split(text):
        if not block:
            continue
        if jieba.re_han_default.match(block):
            words.extend(_segment_block(block))
        else:
            for piece in jieba.re_skip_default.split(block):
                if jieba.re_skip_default.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
    return words


@lru_cache(maxsize=65536)
def _token_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    spans, pos = [], 0
    for token in _segment(text):
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
    for s, e, word in tokens:
        if s <= start < e:
            first = (s, e, word)
        if s < end <= e:
            last = (s, e, word)
            break
    if first is None or last is None:
        return False
    if first == last:
        return True
    # A word across the left edge vetoes the hit ("述法" in 陈述|法定, "调解" in 协调|解决),
    # unless it is a checklist term itself: jieba splits overlapping domain compounds
    # either way ("调解委员会" in 人民调解|委员会). A word across the right edge does not:
    # Chinese compounds put the head last, so what runs on is a suffix or a head noun
    # ("司法建议" in 司法|建议书, "行政执法" in 行政|执法人员) — except an office's name
    # ("应急管理" in 应急|管理局): the office is who acted, not the work it did.
    if not (first[0] == start or first[2] in _checklist_terms):
        return False
    return last[1] == end or last[2] in _checklist_terms or not last[2].endswith(_OFFICE_ENDS)


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
    """Word-aligned term occurrences of one document, per sentence and per term, and what
    the matcher has already found out about them (each clause is read once per document,
    however many elements ask about it)."""

    def __init__(self, doc: Document, automaton: ahocorasick.Automaton):
        self.doc = doc
        self._raw: dict[int, dict[str, list[int]]] = {}  # sentence → term → offsets
        self._sentences_of: dict[str, set[int]] = {}
        self.terms_in: dict[int, KeysView[str]] = {}  # the terms each sentence holds
        # One pass of an Aho–Corasick automaton over each sentence finds every occurrence
        # of every checklist term, overlapping ones included ("复议" inside "行政复议").
        for k, sentence in enumerate(doc.sentences):
            found: dict[str, list[int]] = {}
            for end, (term, length) in automaton.iter(sentence.text):
                offsets = found.get(term)
                if offsets is None:
                    found[term] = [end - length + 1]
                else:
                    offsets.append(end - length + 1)
            if found:
                self._raw[k] = found
                self.terms_in[k] = found.keys()
                for term in found:
                    self._sentences_of.setdefault(term, set()).add(k)
        self._checked: dict[tuple[int, str], list[int]] = {}
        self._separators: dict[int, list[int]] = {}
        self.memo: dict[tuple, bool] = {}  # the matcher's answers about a clause or a hit

    def positions(self, index: int, term: str) -> list[int]:
        """Returns the word-aligned start offsets of `term` in sentence `index`."""
        key = (index, term)
        found = self._checked.get(key)
        if found is None:
            found = self.raw_positions(index, term)
            if found:
                text = self.doc.sentences[index].text
                found = [p for p in found if _word_aligned(text, p, p + len(term))]
            self._checked[key] = found
        return found

    def raw_positions(self, index: int, term: str) -> list[int]:
        """Returns the substring offsets of `term` in sentence `index` (not checked for words)."""
        found = self._raw.get(index)
        return found.get(term, []) if found else []

    def candidate_sentences(self, terms: tuple[str, ...]) -> set[int]:
        """Returns the sentences holding any of `terms` as a substring (not yet aligned)."""
        out: set[int] = set()
        for t in terms:
            found = self._sentences_of.get(t)
            if found:
                out |= found
        return out

    def clause(self, index: int, pos: int) -> tuple[int, int]:
        """Returns the (start, end) of the clause of sentence `index` holding offset `pos`."""
        seps = self._separators.get(index)
        if seps is None:
            text = self.doc.sentences[index].text
            seps = self._separators[index] = [m.start() for m in _CLAUSE_SPLIT.finditer(text)]
        i = bisect.bisect_left(seps, pos)
        return (seps[i - 1] + 1 if i else 0), (seps[i] if i < len(seps) else len(self.doc.sentences[index].text))


@dataclass(frozen=True)
class CueSet:
    """A cue list compiled for fast search: one regex for the multi-character cues, which
    may stand inside a word, and the single-character ones, which must be whole words."""

    multi: re.Pattern[str] | None
    single: frozenset[str]
    exceptions: frozenset[str] = frozenset()  # words that start with a single cue but are no cue
    anything: re.Pattern[str] | None = None  # any cue at all: most clauses hold none

    @classmethod
    def of(cls, cues: tuple[str, ...], exceptions: tuple[str, ...] = ()) -> CueSet:
        multi = sorted((c for c in cues if len(c) > 1), key=len, reverse=True)
        single = sorted(c for c in cues if len(c) == 1)
        either = [*map(re.escape, multi), *([f"[{''.join(map(re.escape, single))}]"] if single else [])]
        return cls(re.compile("|".join(map(re.escape, multi))) if multi else None, frozenset(single),
                   frozenset(exceptions), re.compile("|".join(either)) if either else None)

    def within(self, text: str, lo: int, hi: int) -> bool:
        """Returns True when a cue stands in text[lo:hi]."""
        if lo >= hi or self.anything is None or not self.anything.search(text, lo, hi):
            return False
        if self.multi is not None and self.multi.search(text, lo, hi):
            return True
        # A single-character cue is a word of its own (未) or leads one (未公开), but not
        # one of the exceptions (未成年人, 未来).
        return any(lo <= s < hi and tok[0] in self.single and tok not in self.exceptions
                   for s, e, tok in _token_spans(text))


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
        stock = checklist.quality.stock_phrases
        # Any of the quality signals' stock formulas (scorer/quality.py): one search a sentence.
        self.stock_phrases = re.compile("|".join(map(re.escape, stock))) if stock else None
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
        self._automaton = ahocorasick.Automaton()
        for term in self.terms:
            self._automaton.add_word(term, (term, len(term)))
        self._automaton.make_automaton()
        self._rules: dict[int, _CompiledRule] = {}
        jieba.initialize()
        load_user_words(self.terms + sig.negation_before + sig.shortfall_after + sig.action_cues
                        + sig.slogan_cues + sig.study_cues + sig.issuance_cues, self.terms)

    def index(self, doc: Document) -> TermIndex:
        """Returns the term index of a document (every term occurrence, found at once)."""
        return TermIndex(doc, self._automaton)

    def first_terms(self, rule: Rule) -> tuple[str, ...]:
        """Returns the object terms of a rule: the first group of every pattern."""
        return self._compiled(rule).first_terms

    def _compiled(self, rule: Rule) -> _CompiledRule:
        found = self._rules.get(id(rule))
        if found is None or found.rule is not rule:
            found = self._rules[id(rule)] = _CompiledRule.of(rule)
        return found

    @staticmethod
    def _memo(index: TermIndex, key: tuple, compute, *args) -> bool:
        """Returns compute(*args), computed once per document for that key."""
        found = index.memo.get(key)
        if found is None:
            found = index.memo[key] = compute(*args)
        return found

    def _around(self, cues: CueSet, index: TermIndex, k: int, pos: int, length: int) -> bool:
        text = index.doc.sentences[k].text
        lo, hi = index.clause(k, pos)
        return cues.within(text, lo, pos) or cues.within(text, pos + length, hi)

    def is_negated(self, index: TermIndex, k: int, pos: int, length: int) -> bool:
        """Returns True when the clause around the hit negates it (a negation cue before it)
        or calls it a shortfall (a shortfall cue after it)."""
        text = index.doc.sentences[k].text
        lo, hi = index.clause(k, pos)
        if self.negation.within(text, max(lo, pos - _NEGATION_REACH), pos):
            return True
        if self.negation.within(text, pos + length, min(hi, pos + length + _NEGATION_AFTER)):
            return True  # "决策事项目录未及时公开"
        if not self.shortfall.anything or not self.shortfall.anything.search(text, pos + length, hi):
            return False
        after = text[pos + length:hi]
        if self._not_shortfall is not None:
            after = self._not_shortfall.sub("", after)  # "存在的不足", "弥补……不足" report, not negate
        return self.shortfall.within(after, 0, len(after))

    def is_study_mention(self, index: TermIndex, k: int, pos: int, length: int) -> bool:
        """Returns True when the hit's clause is about studying or explaining a topic."""
        if self._not_study is None:
            return self._around(self.study, index, k, pos, length)
        text = index.doc.sentences[k].text
        lo, hi = index.clause(k, pos)
        if not self.study.anything or not self.study.anything.search(text, lo, hi):
            return False
        before = self._not_study.sub("", text[lo:pos])  # "校外培训机构" is an object, not a study
        after = self._not_study.sub("", text[pos + length:hi])
        return self.study.within(before, 0, len(before)) or self.study.within(after, 0, len(after))

    def is_cited_title(self, index: TermIndex, k: int, pos: int, length: int) -> bool:
        """Returns True when the hit stands inside a 《title》 that the clause only cites
        ("按照《……督察工作规定》的要求"); a clause that issues the document (制定, 印发 …)
        makes it the work itself."""
        text = index.doc.sentences[k].text
        if "《" not in text:
            return False
        for m in _DOCUMENT_NAME.finditer(text):
            if m.start() < pos and pos + length <= m.end():
                lo, hi = index.clause(k, pos)
                return not self.issuance.within(text, lo, hi)
        return False

    def is_slogan_at(self, index: TermIndex, k: int, pos: int, length: int) -> bool:
        """Returns True when the hit's clause holds a slogan verb (落实, 持续推进, 用好 …)
        besides the term itself."""
        return self._around(self.slogans, index, k, pos, length)

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
        lo, hi = index.clause(k, pos)
        if self._memo(index, ("fact", k, lo), self._reports_fact, text, lo, hi):
            return True
        figure = self.checklist.signals.figure_pattern
        for _ in range(_FOLLOW_CLAUSES):
            if hi >= len(text):
                return False
            lo, hi = index.clause(k, hi + 1)
            if self._names_other_object(index, k, lo, hi, own):
                return False
            if figure.search(text, lo, hi):
                return True
        return False

    def is_concrete_fact(self, text: str) -> bool:
        """Returns True when the text holds a figure, a named document or a completed action."""
        return self._reports_fact(text, 0, len(text))

    def is_concrete(self, index: TermIndex, sentence: Sentence) -> bool:
        """Returns True when the sentence reports a fact, or some clause of it is a plain
        statement without a slogan verb."""
        return self._memo(index, ("concrete", sentence.index), self._concrete, sentence.text)

    def _concrete(self, text: str) -> bool:
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
        group's terms: the first group names the element's object, whose clause decides.

        Word edges matter for the object (first group); a context word of a later group
        ("法治", "审查") only has to occur in the sentence, so the later groups are checked
        first: word edges are only looked at when the pattern can hold.
        """
        present = index.terms_in.get(k, ())
        later = []
        for group in pattern.groups[1:]:
            term = next((t for t in group if t in present), None)
            if term is None:
                return None
            later.append(term)
        first, spans = None, []
        for term in pattern.groups[0]:
            if term in present:
                positions = index.positions(k, term)
                if positions:
                    first = first or term
                    spans.extend((p, len(term)) for p in positions)
        if first is None:
            return None
        return (first, *later), spans

    def _hit(self, index: TermIndex, k: int, compiled: _CompiledRule, own: frozenset[str]) -> Hit | None:
        """Returns the strongest hit of the rule's patterns in sentence k, if any holds."""
        rule = compiled.rule
        best = None
        for pattern in compiled.patterns_in(index.terms_in.get(k, set())):
            found = self._pattern_spans(index, k, pattern)
            if not found:
                continue
            terms, spans = found
            if not rule.count_study_mentions:
                spans = [(p, n) for p, n in spans if not self.is_study_mention(index, k, p, n)]
            spans = [(p, n) for p, n in spans if not self.is_cited_title(index, k, p, n)]
            if not spans:
                continue
            factual = any(self.is_factual_at(index, k, p, own) for p, _ in spans)
            hit = Hit(index.doc.sentences[k], terms,
                      negated=all(self.is_negated(index, k, p, n) for p, n in spans),
                      factual=factual,
                      concrete=factual or any(not self.is_slogan_at(index, k, p, n) for p, n in spans))
            if best is None or best.rank() > hit.rank():
                best = hit
        return best

    def hits(self, index: TermIndex, rule: Rule, element_id: str = "") -> list[Hit]:
        """Returns one hit per sentence in which any pattern of the rule holds."""
        doc = index.doc
        compiled = self._compiled(rule)
        own = self._own_terms.get(element_id) or frozenset(rule.terms())
        candidates = index.candidate_sentences(compiled.first_terms)
        credited = ({s.index for s in doc.sentences if s.part == rule.credit_part}
                    if rule.credit_part else set())
        out: list[Hit] = []
        for k in sorted(candidates | credited):
            present = index.terms_in.get(k, set())
            if not present.isdisjoint(compiled.exclude) and any(
                    index.positions(k, t) for t in rule.exclude if t in present):
                continue
            best = self._hit(index, k, compiled, own) if k in candidates else None
            if best is None and k in credited:
                sentence = doc.sentences[k]
                concrete = self.is_concrete(index, sentence)
                best = Hit(sentence, (), False, concrete, concrete)
            if best:
                out.append(best)
        return out


@dataclass(frozen=True)
class _CompiledRule:
    """A `terms` rule laid out for matching: its object terms, and which patterns each
    object term opens (a sentence is tried only against the patterns its terms open)."""

    rule: Rule
    first_terms: tuple[str, ...]
    exclude: frozenset[str]
    opened_by: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, rule: Rule) -> _CompiledRule:
        opened: dict[str, list[int]] = {}
        for i, pattern in enumerate(rule.patterns):
            for term in pattern.groups[0]:
                opened.setdefault(term, []).append(i)
        first = tuple(t for p in rule.patterns for t in p.groups[0])
        return cls(rule, first, frozenset(rule.exclude), {t: tuple(v) for t, v in opened.items()})

    def patterns_in(self, present: set[str]) -> list[Pattern]:
        """Returns, in the rule's order, the patterns whose object terms occur in a sentence."""
        opened = {i for t in present if t in self.opened_by for i in self.opened_by[t]}
        return [self.rule.patterns[i] for i in sorted(opened)]
