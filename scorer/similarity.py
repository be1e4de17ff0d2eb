"""Copying between reports: passages two reports share, and the share of each they cover.

Two questions are answered here, both as pure functions of texts:

- `find_copies(texts, config)`: within a batch, which pairs of reports share long passages
  (a county that pasted a neighbour's achievements, a report re-dated from last year's);
- `carried_over(previous_text, current_text, config)`: how much of this year's report was
  carried over from the same issuer's previous-year report.

This never changes a score. A pair is only *flagged for review* when the passages it shares
cover at least `threshold` of one of the two reports.

How texts are compared:

1. Every text goes through `normalize_text`, then is reduced to its *skeleton*: letters,
   ideographs and digits only (punctuation, spaces and line breaks dropped, Latin letters
   lower-cased), and every run of digits folded into one placeholder, so that re-dating
   ("2024年" → "2025年"), new figures and changed punctuation do not hide a copy. Every
   skeleton character keeps its position in the normalised text, for quoting.
2. Shingles are the skeleton's overlapping runs of `SHINGLE` characters, hashed.
3. Stock formulas do not count: a shingle is *ignored* when it lies inside one of the
   configured `stock_phrases`, or when it is *common* in the batch: found in more than
   `common_share` of its reports and in at least `common_min_reports` of them
   (`SimilarityConfig.common_cutoff`). So a template that many reports of one batch follow
   counts as stock text there, not as copying. Ignored shingles may bridge two parts of a
   copied passage but never make a passage or count towards coverage on their own.
4. Candidate pairs come from an inverted index of *winnowed* fingerprints (the smallest
   hash of every window of `WINDOW` shingles, as in MOSS): any run of at least
   SHINGLE + WINDOW - 1 = 15 shared characters is guaranteed to share a fingerprint, and
   only pairs sharing at least `MIN_SHARED_FINGERPRINTS` = 2 of them are compared (a
   passage holding one unbroken run of 23 characters, or two of 15, always qualifies), so a
   batch of thousands of reports is never compared pair by pair.
5. A candidate pair is aligned exactly: shingles shared by both, chained along diagonals
   into runs, runs joined across small edits (gaps of at most `MAX_GAP` characters on both
   sides) into maximal passages. A passage is kept when it holds at least `min_passage`
   shared characters that are not stock. A report's coverage is the share of its
   countable characters (those not inside stock formulas or common text) that lie in the
   shared runs of the kept passages.

Positions are given in the normalised text (`normalize_text`, one paragraph per line):
character offsets and 1-based paragraph (line) numbers.
"""

from __future__ import annotations

import bisect
import functools
import math
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scorer.batch import FileError
from scorer.ingest import IngestError, Source, find_reports
from scorer.normalize import normalize_text

# Characters per shingle: long enough that two independent reports rarely share one by
# chance outside set phrases, short enough that a copy edited every few dozen characters
# still shares runs.
SHINGLE = 8
# Shingles per winnowing window: every shared run of SHINGLE + WINDOW - 1 = 15 characters
# or more shares a fingerprint, and one of 23 or more shares two. A pair is compared when it
# shares MIN_SHARED_FINGERPRINTS: one would also compare the many pairs that share a single
# set phrase too rare to be common, at ten times the cost, for no passage.
WINDOW = 8
MIN_SHARED_FINGERPRINTS = 2
# Largest gap (in skeleton characters, on both sides) between two runs that still belong
# to one passage: a few changed, inserted or deleted characters.
MAX_GAP = 12
# A shingle repeated more often than this in one report (a refrain) is not used to align.
MAX_REPEATS = 8

DEFAULT_THRESHOLD = 0.3
DEFAULT_MIN_PASSAGE = 40
DEFAULT_COMMON_SHARE = 0.05
DEFAULT_COMMON_MIN_REPORTS = 5
# Formulas of the genre that independent reports write word for word; the checklist's
# `similarity.stock_phrases` replaces this list.
DEFAULT_STOCK_PHRASES: tuple[str, ...] = (
    "习近平新时代中国特色社会主义思想",
    "习近平法治思想",
    "习近平总书记关于法治政府建设的重要指示精神",
    "党中央、国务院",
    "党的二十大",
    "二十届二中全会",
    "二十届三中全会",
    "二十届四中全会",
    "二中、三中全会精神",
    "二中、三中、四中全会精神",
    "坚强领导下",
    "全面依法治国",
    "法治政府建设实施纲要",
    "履行推进法治建设第一责任人职责",
    "运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定",
    "严格规范公正文明执法",
    "现将有关情况报告如下",
    "现将工作情况报告如下",
    "特此报告",
    "专此报告",
)

_DIGIT_MARK = ord("#")
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_BASE = np.uint64(0x100000001B3)
_NO_HASH = np.iinfo(np.uint64).max


@dataclass(frozen=True)
class SimilarityConfig:
    """How copying is detected and when a pair is flagged (checklist key `similarity:`)."""

    threshold: float = DEFAULT_THRESHOLD
    min_passage: int = DEFAULT_MIN_PASSAGE
    stock_phrases: tuple[str, ...] = DEFAULT_STOCK_PHRASES
    common_share: float = DEFAULT_COMMON_SHARE
    common_min_reports: int = DEFAULT_COMMON_MIN_REPORTS

    def __post_init__(self) -> None:
        problems = config_problems(self.threshold, self.min_passage, self.stock_phrases,
                                   self.common_share, self.common_min_reports)
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def from_mapping(cls, block: Mapping[str, Any] | None) -> SimilarityConfig:
        """Returns the config of a checklist's `similarity:` block (absent keys take the
        defaults); raises ValueError naming every bad key."""
        block = dict(block or {})
        unknown = sorted(set(block) - {"threshold", "min_passage", "stock_phrases", "common_share",
                                       "common_min_reports"})
        problems = [f"similarity.{key}: unknown key" for key in unknown]
        values = {
            "threshold": block.get("threshold", DEFAULT_THRESHOLD),
            "min_passage": block.get("min_passage", DEFAULT_MIN_PASSAGE),
            "stock_phrases": block.get("stock_phrases", DEFAULT_STOCK_PHRASES),
            "common_share": block.get("common_share", DEFAULT_COMMON_SHARE),
            "common_min_reports": block.get("common_min_reports", DEFAULT_COMMON_MIN_REPORTS),
        }
        if isinstance(values["stock_phrases"], list):
            values["stock_phrases"] = tuple(values["stock_phrases"])
        problems += config_problems(**values)
        if problems:
            raise ValueError("; ".join(problems))
        return cls(**values)

    def common_cutoff(self, n_reports: int) -> int:
        """Returns the number of reports from which a shingle counts as common text."""
        return max(self.common_min_reports, math.floor(self.common_share * n_reports) + 1)


def config_problems(threshold: Any, min_passage: Any, stock_phrases: Any, common_share: Any,
                    common_min_reports: Any) -> list[str]:
    """Returns what is wrong with these settings, one message per key (empty when valid)."""
    problems = []
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        problems.append(f"similarity.threshold must be a share above 0 and at most 1, not {threshold!r}")
    if isinstance(min_passage, bool) or not isinstance(min_passage, int) or min_passage < SHINGLE:
        problems.append(f"similarity.min_passage must be a whole number of characters of at least "
                        f"{SHINGLE}, not {min_passage!r}")
    if not isinstance(stock_phrases, (list, tuple)) or not all(isinstance(p, str) for p in stock_phrases):
        problems.append("similarity.stock_phrases must be a list of phrases")
    if isinstance(common_share, bool) or not isinstance(common_share, (int, float)) or not 0 < common_share <= 1:
        problems.append(f"similarity.common_share must be a share above 0 and at most 1, not {common_share!r}")
    if isinstance(common_min_reports, bool) or not isinstance(common_min_reports, int) or common_min_reports < 2:
        problems.append(f"similarity.common_min_reports must be a whole number of at least 2, "
                        f"not {common_min_reports!r}")
    return problems


@dataclass(frozen=True)
class Span:
    """Where a passage stands in one report's normalised text."""

    start: int  # character offset, inclusive
    end: int  # character offset, exclusive
    first_paragraph: int  # 1-based line of the normalised text
    last_paragraph: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A maximal passage two reports share: its place and words in each."""

    a: Span
    b: Span
    shared_chars: int  # characters of report a in shared runs, punctuation and stock formulas aside


@dataclass(frozen=True)
class PairMatch:
    """Two reports that share passages, the share of each they cover, and whether the pair
    is flagged for review (one of the shares reaches the threshold)."""

    file_a: str
    file_b: str
    coverage_a: float
    coverage_b: float
    passages: tuple[Passage, ...]
    flagged: bool

    @property
    def coverage(self) -> float:
        """The larger of the two coverages: what flags the pair."""
        return max(self.coverage_a, self.coverage_b)

    def longest(self, n: int = 3) -> list[Passage]:
        """Returns the n longest passages, longest first."""
        return sorted(self.passages, key=lambda p: -p.shared_chars)[:n]


@dataclass(frozen=True)
class CarriedOver:
    """What a report carries over from its previous-year report: the share of the current
    report's countable text, and the passages (a = previous year, b = current year)."""

    share: float
    passages: tuple[Passage, ...]


@dataclass
class SimilarityBatch:
    """The outcome of comparing a batch of report files."""

    config: SimilarityConfig
    pairs: list[PairMatch] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    reports: int = 0

    @property
    def found(self) -> int:
        return self.reports + len(self.errors)

    @property
    def flagged(self) -> list[PairMatch]:
        return [p for p in self.pairs if p.flagged]


# ---------------------------------------------------------------------------- skeleton


@functools.lru_cache(maxsize=1)
def _keep_table() -> np.ndarray:
    """Returns, for every code point of the Basic Multilingual Plane, whether it is a letter,
    ideograph or digit (kept in the skeleton)."""
    return np.fromiter((chr(cp).isalnum() for cp in range(0x10000)), dtype=bool, count=0x10000)


@dataclass(frozen=True)
class _Skeleton:
    """A text's letters, ideographs and digits as code points, with their source offsets."""

    text: str  # the normalised text
    codes: np.ndarray  # uint64 code points; each digit run is one _DIGIT_MARK
    starts: np.ndarray  # offset in `text` of each skeleton character
    ends: np.ndarray  # offset just after it (a folded digit run spans several characters)
    line_starts: list[int]

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def span(self, first: int, last: int) -> Span:
        """Returns the span from skeleton character `first` to `last` inclusive."""
        start, end = int(self.starts[first]), int(self.ends[last])
        return Span(start, end, self.paragraph_of(start), self.paragraph_of(end - 1), self.text[start:end])


def _skeleton(normalised: str) -> _Skeleton:
    points = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    in_bmp = points < 0x10000
    keep = np.ones(len(points), dtype=bool)
    keep[in_bmp] = _keep_table()[points[in_bmp]]
    positions = np.flatnonzero(keep)
    codes = points[positions]
    upper = (codes >= ord("A")) & (codes <= ord("Z"))
    codes[upper] += 32
    digit = (codes >= ord("0")) & (codes <= ord("9"))
    # A digit right after a kept digit continues its run, even across a dropped "." or ",".
    continues = np.zeros(len(codes), dtype=bool)
    continues[1:] = digit[1:] & digit[:-1]
    head = ~continues
    heads = np.flatnonzero(head)
    ends = positions[np.append(heads[1:] - 1, len(codes) - 1)] + 1 if len(codes) else positions
    codes = np.where(digit, _DIGIT_MARK, codes)[head]
    line_starts = [0] + (np.flatnonzero(points == ord("\n")) + 1).tolist()
    return _Skeleton(normalised, codes.astype(np.uint64), positions[head], ends, line_starts)


def _shingle_hashes(codes: np.ndarray) -> np.ndarray:
    """Returns the hash of every run of SHINGLE skeleton characters (empty when shorter)."""
    n = len(codes) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(SHINGLE):
            h = h * _BASE + codes[j:j + n]
        # Finaliser of splitmix64: spreads the hashes so that winnowing's minima are random.
        h ^= h >> np.uint64(30)
        h *= _MIX_1
        h ^= h >> np.uint64(27)
        h *= _MIX_2
        h ^= h >> np.uint64(31)
    h[h == _NO_HASH] -= np.uint64(1)
    return h


def _as_text(codes: np.ndarray) -> str:
    return codes.astype(np.uint32).tobytes().decode("utf-32-le")


def _stock_mask(skeleton: _Skeleton, stock: tuple[str, ...]) -> np.ndarray:
    """Returns, per skeleton character, whether it stands inside a stock phrase."""
    mask = np.zeros(len(skeleton.codes), dtype=bool)
    if not stock or not len(skeleton.codes):
        return mask
    as_text = _as_text(skeleton.codes)
    for phrase in stock:
        start = as_text.find(phrase)
        while start >= 0:
            mask[start:start + len(phrase)] = True
            start = as_text.find(phrase, start + 1)
    return mask


@functools.lru_cache(maxsize=64)
def _stock_skeletons(phrases: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for phrase in phrases:
        codes = _skeleton(normalize_text(phrase)).codes
        if len(codes):
            out.append(_as_text(codes))
    return tuple(out)


@dataclass
class _Report:
    """A report ready to compare: skeleton, shingles and what is ignored in it."""

    name: str
    skeleton: _Skeleton
    hashes: np.ndarray
    stock_chars: np.ndarray  # per skeleton character
    ignored: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per shingle
    countable: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per character
    order: np.ndarray = field(init=False)  # shingle positions by hash, for lookups
    sorted_hashes: np.ndarray = field(init=False)
    distinct_hashes: np.ndarray = field(init=False)  # sorted, without repeats

    def __post_init__(self) -> None:
        self.order = np.argsort(self.hashes, kind="stable")
        self.sorted_hashes = h = self.hashes[self.order]
        self.distinct_hashes = h[np.concatenate(([True], h[1:] != h[:-1]))] if len(h) else h

    def settle(self, common: np.ndarray) -> None:
        """Marks the shingles to ignore (`common`: per shingle, too frequent in the batch)
        and the characters that count towards coverage."""
        n = len(self.hashes)
        inside_stock = np.zeros(n, dtype=bool)
        if n:
            windows = np.lib.stride_tricks.sliding_window_view(self.stock_chars, SHINGLE)
            inside_stock = windows.all(axis=1)
        self.ignored = inside_stock | common
        self.countable = _covered(np.flatnonzero(~self.ignored), len(self.skeleton.codes)) & ~self.stock_chars

    def fingerprints(self) -> np.ndarray:
        """Returns the winnowed fingerprints of the report's non-ignored shingles (unique)."""
        h = np.where(self.ignored, _NO_HASH, self.hashes)
        if len(h) == 0:
            return h
        if len(h) < WINDOW:
            picked = np.array([int(np.argmin(h))])
        else:
            windows = np.lib.stride_tricks.sliding_window_view(h, WINDOW)
            picked = np.unique(np.arange(len(windows)) + windows.argmin(axis=1))
        prints = h[picked]
        return np.unique(prints[prints != _NO_HASH])


def _covered(shingle_starts: np.ndarray, n_chars: int) -> np.ndarray:
    """Returns, per character, whether one of the shingles starting at these positions covers it."""
    marks = np.bincount(shingle_starts, minlength=n_chars + 1)[:n_chars + 1] \
        - np.bincount(shingle_starts + SHINGLE, minlength=n_chars + 1)[:n_chars + 1]
    return np.cumsum(marks)[:n_chars] > 0


def _prepare(name: str, text: str, config: SimilarityConfig) -> _Report:
    skeleton = _skeleton(normalize_text(text))
    stock = _stock_mask(skeleton, _stock_skeletons(tuple(config.stock_phrases)))
    return _Report(name, skeleton, _shingle_hashes(skeleton.codes), stock)


# ---------------------------------------------------------------------------- alignment


@dataclass
class _Chain:
    runs: list[tuple[int, int, int, int, bool]]  # a0, a1, b0, b1 (skeleton chars, end exclusive), own
    a1: int
    b1: int


def _runs(a: _Report, b: _Report) -> list[tuple[int, int, int, int, bool]]:
    """Returns the runs of shingles the two reports share, as (a0, a1, b0, b1, own) in
    skeleton characters, sorted by position in a; `own` is False for ignored shingles."""
    shared = np.intersect1d(a.distinct_hashes, b.distinct_hashes, assume_unique=True)
    if not len(shared):
        return []
    # Looking up only a's shingles that b holds keeps a pair sharing little cheap to align.
    in_a = np.flatnonzero(_is_in(a.hashes, shared))
    lo = np.searchsorted(b.sorted_hashes, a.hashes[in_a], side="left")
    hi = np.searchsorted(b.sorted_hashes, a.hashes[in_a], side="right")
    count = hi - lo
    count[count > MAX_REPEATS] = 0
    total = int(count.sum())
    if total == 0:
        return []
    ia = np.repeat(in_a, count)
    first = np.repeat(lo, count)
    within = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    jb = b.order[first + within]
    own = ~(a.ignored[ia] | b.ignored[jb])
    diagonal = jb - ia
    order = np.lexsort((ia, diagonal))
    ia, jb, own, diagonal = ia[order], jb[order], own[order], diagonal[order]
    breaks = np.ones(total, dtype=bool)
    breaks[1:] = (diagonal[1:] != diagonal[:-1]) | (ia[1:] != ia[:-1] + 1) | (own[1:] != own[:-1])
    heads = np.flatnonzero(breaks)
    tails = np.append(heads[1:], total) - 1
    runs = [(int(ia[h]), int(ia[t]) + SHINGLE, int(jb[h]), int(jb[t]) + SHINGLE, bool(own[h]))
            for h, t in zip(heads, tails)]
    runs.sort()
    return runs


def _chain(runs: list[tuple[int, int, int, int, bool]]) -> list[_Chain]:
    """Returns the runs joined into chains: a run continues the chain whose end it follows
    within MAX_GAP characters on both sides (overlaps of less than a shingle allowed)."""
    open_chains: list[_Chain] = []
    done: list[_Chain] = []
    for run in runs:
        a0, a1, b0, b1, _ = run
        still_open = []
        for chain in open_chains:
            (still_open if chain.a1 + MAX_GAP >= a0 else done).append(chain)
        open_chains = still_open
        best, best_cost = None, None
        for chain in open_chains:
            gap_a, gap_b = a0 - chain.a1, b0 - chain.b1
            if not (-SHINGLE < gap_a <= MAX_GAP and -SHINGLE < gap_b <= MAX_GAP):
                continue
            if a1 <= chain.a1 or b1 <= chain.b1:
                continue
            cost = max(gap_a, 0) + max(gap_b, 0) + abs(gap_a - gap_b)
            if best_cost is None or cost < best_cost:
                best, best_cost = chain, cost
        if best is None:
            open_chains.append(_Chain([run], a1, b1))
        else:
            best.runs.append(run)
            best.a1, best.b1 = a1, b1
    return done + open_chains


def _shared_mask(runs: Iterable[tuple[int, int, int, int, bool]], n_chars: int, side: int) -> np.ndarray:
    marks = np.zeros(n_chars + 1, dtype=np.int64)
    for run in runs:
        if run[4]:
            marks[run[2 * side]] += 1
            marks[run[2 * side + 1]] -= 1
    return np.cumsum(marks)[:n_chars] > 0


def _align(a: _Report, b: _Report, min_passage: int) -> tuple[list[Passage], float, float]:
    """Returns the passages a and b share and the coverage of each."""
    na, nb = len(a.skeleton.codes), len(b.skeleton.codes)
    kept: list[tuple[Passage, list]] = []
    for chain in _chain(_runs(a, b)):
        own_runs = [r for r in chain.runs if r[4]]
        if not own_runs:
            continue
        # Trim ignored runs at both ends: a passage starts and ends with shared words of its own.
        first = chain.runs.index(own_runs[0])
        last = len(chain.runs) - 1 - chain.runs[::-1].index(own_runs[-1])
        runs = chain.runs[first:last + 1]
        a0, a1 = min(r[0] for r in runs), max(r[1] for r in runs)
        b0, b1 = min(r[2] for r in runs), max(r[3] for r in runs)
        if min(a1 - a0, b1 - b0) < min_passage:
            continue
        shared_a = int((_shared_mask(own_runs, na, 0)[a0:a1] & a.countable[a0:a1]).sum())
        shared_b = int((_shared_mask(own_runs, nb, 1)[b0:b1] & b.countable[b0:b1]).sum())
        if min(shared_a, shared_b) < min_passage:
            continue
        passage = Passage(a.skeleton.span(a0, a1 - 1), b.skeleton.span(b0, b1 - 1), shared_a)
        kept.append((passage, own_runs))
    all_own = [r for _, own in kept for r in own]
    coverage_a = _coverage(_shared_mask(all_own, na, 0), a.countable)
    coverage_b = _coverage(_shared_mask(all_own, nb, 1), b.countable)
    passages = sorted((p for p, _ in kept), key=lambda p: (p.a.start, p.b.start))
    return passages, coverage_a, coverage_b


def _coverage(shared: np.ndarray, countable: np.ndarray) -> float:
    total = int(countable.sum())
    return round(int((shared & countable).sum()) / total, 4) if total else 0.0


# ---------------------------------------------------------------------------- the batch


def _common_hashes(reports: Sequence[_Report], cutoff: int) -> np.ndarray:
    """Returns the shingle hashes (sorted) that occur in `cutoff` reports of the batch or more."""
    if len(reports) < cutoff:
        return np.zeros(0, dtype=np.uint64)
    every = np.sort(np.concatenate([r.distinct_hashes for r in reports]))
    if not len(every):
        return every
    starts = np.flatnonzero(np.concatenate(([True], every[1:] != every[:-1])))
    counts = np.diff(starts, append=len(every))
    return every[starts[counts >= cutoff]]


def _is_in(hashes: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Returns, per hash, whether it is one of `sorted_set` (sorted hashes)."""
    if not len(sorted_set) or not len(hashes):
        return np.zeros(len(hashes), dtype=bool)
    where = np.minimum(np.searchsorted(sorted_set, hashes), len(sorted_set) - 1)
    return sorted_set[where] == hashes


def _candidate_pairs(reports: Sequence[_Report]) -> list[tuple[int, int]]:
    """Returns the pairs (i < j) of reports sharing at least MIN_SHARED_FINGERPRINTS fingerprints."""
    prints = [r.fingerprints() for r in reports]
    if not prints:
        return []
    every = np.sort(np.concatenate(prints))
    held_twice = np.unique(every[1:][every[1:] == every[:-1]])
    # Only the few fingerprints that two reports or more hold are indexed.
    shared = [p[_is_in(p, held_twice)] for p in prints]
    hashes = np.concatenate(shared)
    owners = np.repeat(np.arange(len(reports)), [len(x) for x in shared])
    order = np.argsort(hashes, kind="stable")  # stable: owners stay ascending within a hash
    hashes, owners = hashes[order], owners[order]
    n = len(reports)
    codes = []
    # Fingerprints in common text were left out, so no hash is held by many reports:
    # pairing each entry with the next ones of the same hash stays small.
    shift = 1
    while shift < len(hashes):
        same = hashes[shift:] == hashes[:-shift]
        if not same.any():
            break
        codes.append(owners[:-shift][same] * n + owners[shift:][same])
        shift += 1
    if not codes:
        return []
    pair_codes, counts = np.unique(np.concatenate(codes), return_counts=True)
    chosen = pair_codes[counts >= MIN_SHARED_FINGERPRINTS]
    return [(int(c // n), int(c % n)) for c in chosen]


def find_copies(texts: Mapping[str, str] | Iterable[tuple[str, str]],
                config: SimilarityConfig = SimilarityConfig()) -> list[PairMatch]:
    """Returns every pair of reports that shares at least one passage, flagged pairs first,
    then by the larger coverage. `texts` maps a report's name to its text (raw or normalised);
    a pair's file_a is the one given first."""
    items = list(texts.items()) if isinstance(texts, Mapping) else list(texts)
    reports = [_prepare(name, text, config) for name, text in items]
    common = _common_hashes(reports, config.common_cutoff(len(reports)))
    for report in reports:
        report.settle(_is_in(report.hashes, common))
    pairs = []
    for i, j in _candidate_pairs(reports):
        passages, coverage_a, coverage_b = _align(reports[i], reports[j], config.min_passage)
        if passages:
            flagged = max(coverage_a, coverage_b) >= config.threshold
            pairs.append(PairMatch(reports[i].name, reports[j].name, coverage_a, coverage_b,
                                   tuple(passages), flagged))
    pairs.sort(key=lambda p: (not p.flagged, -p.coverage, p.file_a, p.file_b))
    return pairs


def carried_over(previous_text: str, current_text: str,
                 config: SimilarityConfig = SimilarityConfig()) -> CarriedOver:
    """Returns the share of the current report carried over from the previous-year report
    (unchanged apart from figures, dates, punctuation and a few characters) and the passages.

    Only the stock phrases are set aside here: with two texts there is no batch to tell
    common text by. Either text may be raw or already normalised.
    """
    previous, current = _prepare("previous", previous_text, config), _prepare("current", current_text, config)
    for report in (previous, current):
        report.settle(np.zeros(len(report.hashes), dtype=bool))
    passages, _, share = _align(previous, current, config.min_passage)
    return CarriedOver(share, tuple(passages))


def compare_sources(sources: Iterable[Source], config: SimilarityConfig = SimilarityConfig()) -> SimilarityBatch:
    """Returns the copying found between the given report sources; a source that cannot be
    read becomes an error row and the others are compared."""
    batch = SimilarityBatch(config)
    texts: dict[str, str] = {}
    for source in sources:
        try:
            texts[source.name] = source.read().text
        except IngestError as exc:
            batch.errors.append(FileError(source.name, str(exc)))
        except Exception as exc:  # noqa: BLE001 — one broken file must not lose the batch: record it
            origin = traceback.extract_tb(exc.__traceback__)[-1]
            batch.errors.append(FileError(source.name, f"internal error {type(exc).__name__}: {exc} "
                                                       f"(at {Path(origin.filename).name}:{origin.lineno})"))
    batch.reports = len(texts)
    batch.pairs = find_copies(texts, config)
    return batch


def compare_paths(paths: Iterable[str | Path], config: SimilarityConfig = SimilarityConfig()) -> SimilarityBatch:
    """Returns the copying found between every report named or found in the given folders."""
    return compare_sources(find_reports(paths), config)
