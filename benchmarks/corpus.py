"""Builds a synthetic corpus of realistic reports from the seed reports and the samples.

Every synthetic report is laid out like a real one, so that it runs through the whole
pipeline: a title line naming a (made-up) issuer and the reporting year, sometimes an
addressee line, a preamble, top-level parts with 一、二、… headings in a plausible order
(achievements first; the first-responsible part after the achievements, after the
shortcomings, or left out; the plan; sometimes "other"), sub-sections renumbered (一)(二)…,
a closing formula and a signature block with the issuer and a date.

The words come from the donor reports, recombined section by section: each part takes its
heading from one donor and its sub-sections (or paragraphs) from all donors that have that
part. So that reports differ as real ones do, every figure is redrawn (same number of
digits, a plausible range for %, months and days), years are shifted to the synthetic
reporting year, and the donors' own place names are replaced by the synthetic issuer's.
Sentences without a figure still repeat across reports; `distinct_sentence_share` says how
much, and the benchmark measures the engine both as it is and with its sentence cache
emptied before every report.

Nothing here is written into the project: the corpus goes to a temporary folder.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scorer.checklist import Checklist
from scorer.document import classify_heading, parse_document
from scorer.headings import parse_heading
from scorer.metadata import extract_metadata
from scorer.normalize import normalize_text

TOP_NUMERALS = "一二三四五六七八九十"
SUB_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                "十一", "十二", "十三", "十四", "十五"]
# Syllables of made-up place names (none is meant to name a real place).
_PLACE_FIRST = "青云松梅桐岚澄溪枫榆柳霞芸琅璟岑滢珂蘅翠"
_PLACE_SECOND = "岚泽川原溪宁阳安平和丰源湾峰屿塘湖洲桥林"
_DEPARTMENTS = ("司法局", "市场监督管理局", "生态环境局", "交通运输局", "自然资源局",
                "人力资源和社会保障局", "住房和城乡建设局", "应急管理局", "人民政府办公室")
_PROFILE_SHARE = (("county", 0.45), ("department", 0.25), ("township", 0.18), ("city", 0.12))
_PLACE_IN_ISSUER = re.compile(r"^(?:中共)?(.{1,4}?(?:自治县|新区|管理区|县|区|市|镇|乡|街道))")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])")


@dataclass
class Unit:
    """A sub-section (a (一) heading with its lines) or a plain paragraph of a donor part."""

    lines: list[str]
    donor: int
    nested_kind: str | None = None  # a sub-section that is itself a part (第一责任人 inside 成效)


@dataclass
class DonorPart:
    """One top-level part of a donor report."""

    kind: str
    donor: int
    heading: str  # the heading's words, without 一、
    intro: list[str]
    units: list[Unit]
    headed: bool  # units are (一) sub-sections rather than paragraphs


@dataclass
class Donor:
    """A donor report cut into what the builder recombines."""

    year: int
    places: tuple[str, ...]
    preamble: list[str]
    parts: list[DonorPart]


@dataclass
class Pools:
    donors: list[Donor]
    headed_units: dict[str, list[Unit]] = field(default_factory=lambda: defaultdict(list))
    parts: dict[str, list[DonorPart]] = field(default_factory=lambda: defaultdict(list))


def _cut_part(kind: str, heading: str, lines: list[str], donor: int, checklist: Checklist) -> DonorPart:
    intro: list[str] = []
    units: list[Unit] = []
    headed = any((h := parse_heading(line)) and h.level == 2 for line in lines)
    for line in lines:
        h = parse_heading(line)
        if headed and h and h.level == 2:
            units.append(Unit([line[len(h.marker):].strip()], donor,
                              classify_heading(h.title, checklist.nested_headings)))
        elif headed and units:
            units[-1].lines.append(line)
        elif headed:
            intro.append(line)
        else:
            units.append(Unit([line], donor))
    return DonorPart(kind, donor, heading, intro, units, headed)


def read_donor(text: str, index: int, checklist: Checklist) -> Donor:
    """Returns a donor report cut into preamble, parts and units."""
    normalized = normalize_text(text)
    doc = parse_document(normalized, checklist)
    meta = extract_metadata(doc, checklist, None)
    lines = normalized.split("\n")
    start = 0
    for i, line in enumerate(lines[:8]):  # the title may span two lines; the addressee follows
        if line in (doc.title, doc.addressee) or (doc.title and line in doc.title):
            start = i + 1
    end = len(lines) - len(doc.signature_lines)
    while end > start and any(lines[end - 1].startswith(c) for c in checklist.signals.closing_formulas):
        end -= 1
    body = lines[start:end]
    levels = [h.level for line in body if (h := parse_heading(line))]
    top = min(levels) if levels else 1
    preamble: list[str] = []
    parts: list[tuple[str, str, list[str]]] = []
    for line in body:
        h = parse_heading(line)
        if h and h.level == top:
            kind = classify_heading(h.title, checklist.part_headings) or "achievements"
            parts.append((kind, h.title, []))
        elif parts:
            parts[-1][2].append(line)
        else:
            preamble.append(line)
    places = tuple(sorted({m.group(1) for name in (meta.issuer or "", *doc.signature_lines)
                           if (m := _PLACE_IN_ISSUER.match(name))}, key=len, reverse=True))
    return Donor(meta.year or 2025, places, preamble,
                 [_cut_part(k, t, ls, index, checklist) for k, t, ls in parts])


def load_pools(texts: list[str], checklist: Checklist) -> Pools:
    """Returns the donors and their units pooled by part kind."""
    pools = Pools([read_donor(t, i, checklist) for i, t in enumerate(texts)])
    for donor in pools.donors:
        for part in donor.parts:
            pools.parts[part.kind].append(part)
            if part.headed:
                pools.headed_units[part.kind].extend(part.units)
    return pools


@dataclass(frozen=True)
class Issuer:
    name: str
    place: str
    profile: str
    parent: str  # the body the report is addressed to


def random_issuer(rng: random.Random) -> Issuer:
    """Returns a made-up issuer of a random profile."""
    profile = rng.choices([p for p, _ in _PROFILE_SHARE], [w for _, w in _PROFILE_SHARE])[0]
    stem = rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND)
    city = rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND) + "市"
    if profile == "city":
        place = stem + "市"
        return Issuer(place + "人民政府", place, profile, "省人民政府")
    if profile == "township":
        place = stem + rng.choice(("镇", "乡", "街道"))
        suffix = "办事处" if place.endswith("街道") else "人民政府"
        return Issuer(place + suffix, place, profile, f"{stem[0]}县人民政府")
    place = stem + rng.choice(("县", "区"))
    if profile == "department":
        return Issuer(place + rng.choice(_DEPARTMENTS), place, profile, place + "人民政府")
    return Issuer(place + "人民政府", place, profile, city + "人民政府")


def _redraw_number(match: re.Match[str], text: str, rng: random.Random) -> str:
    raw = match.group(0)
    after = text[match.end():match.end() + 1]
    whole, _, frac = raw.partition(".")
    if after == "%":
        return str(rng.randint(1, 99)) + ("." + rng.choice("0123456789") if frac else "")
    elif after == "月":
        value = str(rng.randint(1, 12))
    elif after == "日":
        value = str(rng.randint(1, 28))
    elif len(whole) == 1:
        value = str(rng.randint(1, 9))
    else:
        value = str(rng.randint(10 ** (len(whole) - 1), 10 ** len(whole) - 1))
    return value + ("." + "".join(rng.choice("0123456789") for _ in frac) if frac else "")


def mutate(line: str, donor: Donor, issuer: Issuer, year: int, rng: random.Random) -> str:
    """Returns a donor line with its figures redrawn, years shifted and places renamed."""
    h = parse_heading(line)
    marker = line[:len(h.marker)] if h else ""
    text = line[len(marker):]
    for place in donor.places:
        text = text.replace(place, issuer.place)
    years = {m.start(): str(int(m.group(1)) - donor.year + year) for m in _YEAR.finditer(text)}
    text = _NUMBER.sub(lambda m: years.get(m.start()) or _redraw_number(m, m.string, rng), text)
    return marker + text


def _part_order(pools: Pools, rng: random.Random) -> list[str]:
    order = ["achievements"]
    roll = rng.random()
    if roll < 0.55:
        order += ["first_responsible", "shortcomings", "plan"]
    elif roll < 0.75:
        order += ["shortcomings", "first_responsible", "plan"]
    elif roll < 0.85:
        order = ["first_responsible", "achievements", "shortcomings", "plan"]
    else:
        order += ["shortcomings", "plan"]
    if rng.random() < 0.4:
        order.append("other")
    return [k for k in order if pools.parts.get(k)]


def _part_lines(kind: str, pools: Pools, has_kinds: set[str], issuer: Issuer, year: int,
                rng: random.Random) -> tuple[str, list[str]]:
    """Returns the heading words and the lines of one synthetic part."""
    model = rng.choice(pools.parts[kind])
    donor_of = pools.donors
    heading = mutate(model.heading, donor_of[model.donor], issuer, year, rng)
    lines = [mutate(x, donor_of[model.donor], issuer, year, rng) for x in model.intro]
    if model.headed:
        pool = [u for u in pools.headed_units[kind]
                if u.nested_kind is None or u.nested_kind not in has_kinds]
        k = min(len(pool), max(2, len(model.units) + rng.randint(-2, 2)))
        chosen = rng.sample(pool, k)
        nested = [u for u in chosen if u.nested_kind]
        chosen = [u for u in chosen if not u.nested_kind] + nested[:1]  # a nested part goes last
        for i, unit in enumerate(chosen):
            donor = donor_of[unit.donor]
            lines.append(f"（{SUB_NUMERALS[i]}）{mutate(unit.lines[0], donor, issuer, year, rng)}")
            lines.extend(mutate(x, donor, issuer, year, rng) for x in unit.lines[1:])
    else:
        # Plain paragraphs ("一是……二是……") hang together: they are taken as one block.
        lines.extend(mutate(u.lines[0], donor_of[u.donor], issuer, year, rng) for u in model.units)
    return heading, lines


def synthetic_report(pools: Pools, rng: random.Random) -> tuple[Issuer, str]:
    """Returns a made-up issuer and the text of one synthetic report."""
    issuer = random_issuer(rng)
    year = rng.choice((2023, 2024, 2025))
    title = rng.choice((f"{issuer.name}关于{year}年度法治政府建设情况的报告",
                        f"{issuer.name}{year}年法治政府建设年度报告",
                        f"{issuer.name}{year}年度法治政府建设工作情况报告"))
    out = [title]
    if rng.random() < 0.5:
        out.append(f"{issuer.parent}：")
    donor = rng.choice([d for d in pools.donors if d.preamble] or pools.donors)
    out.extend(mutate(x, donor, issuer, year, rng) for x in donor.preamble
               if not (x.endswith(("：", ":")) and len(x) < 60))  # the donor's own addressee
    order = _part_order(pools, rng)
    for n, kind in enumerate(order):
        heading, lines = _part_lines(kind, pools, set(order), issuer, year, rng)
        out.append(f"{TOP_NUMERALS[n]}、{heading}")
        out.extend(lines)
    if rng.random() < 0.7:
        out.append("特此报告。")
    month, day = rng.choice((1, 2, 3, 3, 3, 4)), rng.randint(1, 28)
    out.extend(["", issuer.name, f"{year + 1}年{month}月{day}日"])
    return issuer, "\n".join(out) + "\n"


def write_corpus(pools: Pools, n: int, folder: Path, seed: int = 7,
                 gb18030_share: float = 0.1) -> Iterator[Path]:
    """Writes n synthetic reports into `folder` (one at a time) and yields their paths.

    About `gb18030_share` of them are saved in GB18030, as many government files are, so
    that the reader's fallback decoding is exercised too.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        issuer, text = synthetic_report(pools, rng)
        path = folder / f"{i:06d}_{issuer.profile}.txt"
        encoding = "gb18030" if rng.random() < gb18030_share else "utf-8"
        path.write_bytes(text.encode(encoding))
        yield path


def distinct_sentence_share(texts: list[str], checklist: Checklist) -> float:
    """Returns the share of sentences (of the given reports) that occur only once."""
    counts: dict[str, int] = defaultdict(int)
    for text in texts:
        for s in parse_document(normalize_text(text), checklist).sentences:
            counts[s.text] += 1
    total = sum(counts.values())
    return sum(1 for c in counts.values() if c == 1) / total if total else 0.0
