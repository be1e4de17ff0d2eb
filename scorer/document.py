"""Splits a normalised report into its header, title, parts and sentences.

The mandated parts (achievements, shortcomings, first-responsible, plan, other) are found
from the words of the top-level headings, using the heading cues of the checklist, in
whatever order they stand. Kinds with `nested_headings` in the checklist (the
first-responsible part, the plan) are also recognised as headed sub-sections of another part.
Text before the first top-level heading is the preamble; lines after the closing formula
(特此报告) or trailing short lines form the signature block.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from scorer.checklist import Checklist
from scorer.headings import Heading, parse_heading

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
# "一是强化理论武装。" — a short topic sentence that heads the sentences after it.
_TOPIC_SENTENCE = re.compile(r"^(?:[一二三四五六七八九十]{1,2}是|首先|其次|再次|最后)[^，。；]{2,24}[。！]?$")
TOPIC_LEVEL = 9
# Parts inside which a headed sub-section can open a nested part (e.g. a first-responsible
# section inside the achievements); a "第一责任人" sub-heading inside the plan stays plan.
_HOSTS_NESTED = ("preamble", "achievements", "other")
# Header lines above the title: 文件头, 文号, 签发人, 密级/紧急程度.
_HEADER_LINE = re.compile(r"文件$|〔\d{4}〕|\[\d{4}\]|签发人|^(?:特急|加急|平急|公开|秘密)")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,3}月.{1,3}日\s*$")
_TITLE_WORDS = ("报告", "法治政府")
_MAX_TITLE_SEARCH = 8
_MAX_BARE_HEADING = 24
_PARAGRAPH_LEVEL = 0  # a part opened by a paragraph's first words lasts to the next top heading
_YEAR = re.compile(r"(20\d{2})\s*年")
_MAX_SIGNATURE_LINE = 40
_MIN_ACHIEVEMENT_PARAGRAPHS = 3


@dataclass(frozen=True)
class Sentence:
    """One sentence of the report with the part it stands in."""

    index: int
    text: str
    part: str  # a part kind, or "preamble"
    section: str  # the heading it stands under, for display
    level: int = 0  # 0 for body text; a heading's level; TOPIC_LEVEL for "一是……。"
    paragraph: int = 0  # the body line (paragraph) it stands in

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class PartSpan:
    """A part of the report recognised from a heading."""

    kind: str
    heading: str
    level: int
    nested: bool  # a headed sub-section inside another part
    first_sentence: int


@dataclass(frozen=True)
class Document:
    """The parsed structure of one report."""

    text: str
    title: str | None
    header_lines: tuple[str, ...]
    addressee: str | None
    signature_lines: tuple[str, ...]
    parts: tuple[PartSpan, ...]
    sentences: tuple[Sentence, ...]

    def header_issuer(self) -> str | None:
        """Returns the header line that names the issuer (文件头 or an issuer line), if any."""
        for line in self.header_lines:
            if line.endswith("文件") or not _HEADER_LINE.search(line):
                return line
        return None

    def part_kinds(self) -> set[str]:
        return {p.kind for p in self.parts}

    def sentences_in(self, kind: str) -> list[Sentence]:
        return [s for s in self.sentences if s.part == kind]

    def block(self, heading: Sentence) -> list[Sentence]:
        """Returns the body sentences right under a heading or topic sentence, up to the next
        heading of any level: a broad heading whose body is all sub-sections has none."""
        out = []
        for s in self.sentences[heading.index + 1:]:
            if s.part != heading.part or s.is_heading:
                break
            out.append(s)
        return out


def classify_heading(title: str, cues_by_kind: dict[str, tuple[str, ...]]) -> str | None:
    """Returns the first part kind (in checklist order) one of whose cues occurs in `title`."""
    for kind, cues in cues_by_kind.items():
        if any(cue in title for cue in cues):
            return kind
    return None


def _split_title(lines: list[str]) -> tuple[list[str], str | None, str | None, int]:
    """Returns (header lines, title, addressee, index of the first body line)."""
    for i, line in enumerate(lines[:_MAX_TITLE_SEARCH]):
        if parse_heading(line) or (len(line) > 80 and "。" in line):
            break
        if all(w in line for w in _TITLE_WORDS) or (line.endswith("报告") and len(line) < 80):
            header = lines[:i]
            title = line
            if header and len(header[-1]) < 30 and not _HEADER_LINE.search(header[-1]):
                # An issuer line above the title belongs to the title and stays a header line.
                title = header[-1] + " " + title
            body = i + 1
            addressee = None
            if body < len(lines) and lines[body].endswith(("：", ":")) and len(lines[body]) < 60 \
                    and "如下" not in lines[body]:
                addressee, body = lines[body].rstrip("：:"), body + 1
            return header, title, addressee, body
    return [], None, None, 0


def _split_signature(lines: list[str], start: int, closings: tuple[str, ...]) -> tuple[int, list[str]]:
    """Returns (index where the signature block starts, its lines)."""
    for i in range(len(lines) - 1, max(start, len(lines) - 6) - 1, -1):
        if any(lines[i].startswith(c) for c in closings) and len(lines[i]) < 20:
            return i, lines[i + 1:]
    end = len(lines)
    while end > start and len(lines[end - 1]) <= _MAX_SIGNATURE_LINE and "。" not in lines[end - 1] \
            and not parse_heading(lines[end - 1]) and end > len(lines) - 3:
        end -= 1
    tail = lines[end:]
    if any(_DATE_LINE.match(t) for t in tail) or (tail and tail[-1].endswith(("政府", "局", "办公室", "委员会"))):
        return end, tail
    return len(lines), []


def _sentences_of(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]


def _bare_heading(line: str, checklist: Checklist, level: int) -> Heading | None:
    """Returns a heading for an unnumbered short line that names a part ("存在的问题"),
    as text copied from web pages often loses the numbering."""
    if len(line) > _MAX_BARE_HEADING or line.endswith(tuple("。；，,;")) or "如下" in line:
        return None
    if classify_heading(line, checklist.part_headings) is None:
        return None
    return Heading(level, "", line.rstrip("：:"), "")


def _classify_part(title: str, checklist: Checklist, plan_year: str | None) -> str:
    """Returns the part kind of a top-level heading.

    A heading that names the year after the reporting year ("三、2026年主要任务") is the
    plan even without a plan cue. A heading that names both the year's work and the plan
    ("一、2023年工作开展情况及2024年工作打算") heads whichever it names first: reports
    tell the past first, and "下一步……" paragraphs inside such a part open the plan.
    """
    first_at = {kind: min(title.find(c) for c in cues if c in title)
                for kind, cues in checklist.part_headings.items() if any(c in title for c in cues)}
    if plan_year and plan_year in title:
        first_at["plan"] = min(first_at.get("plan", len(title)), title.find(plan_year))
    if "plan" in first_at and "achievements" in first_at:
        return "achievements" if first_at["achievements"] < first_at["plan"] else "plan"
    return next(iter(first_at), "achievements")


def _paragraph_part(line: str, checklist: Checklist, plan_year: str | None) -> str | None:
    """Returns the part an unheaded paragraph opens by its first words, if any: the plan
    ("下一步，…", "2026年，我县将…") or the shortcomings ("但也存在一些问题：…")."""
    first = _sentences_of(line)[0] if line else ""
    for kind, cues in checklist.paragraph_cues.items():
        if first.startswith(cues):
            return kind
    for kind, turns in checklist.paragraph_turns.items():
        if any(t in first for t in turns):
            return kind
    if plan_year and first.startswith(plan_year) and "将" in first[:30]:
        return "plan"
    return None


def _achievements_before(sentences: list[Sentence], parts: list[PartSpan]) -> list[Sentence]:
    """Returns the sentences with those before the first paragraph-opened part marked as the
    achievements, in a report without top-level headings whose parts are opened by their
    paragraphs' words ("今年以来，我县……" then "但也清醒地看到……" then "下一步，我县将……"):
    there the achievements are the block of paragraphs before the shortcomings or the plan.
    A single paragraph before them is an introduction, not a part."""
    first = parts[0].first_sentence
    if len({s.paragraph for s in sentences[:first]}) < _MIN_ACHIEVEMENT_PARAGRAPHS:
        return sentences
    return [dataclasses.replace(s, part="achievements") if s.index < first else s for s in sentences]


def parse_document(text: str, checklist: Checklist) -> Document:
    """Returns the structure of a normalised report text."""
    lines = text.split("\n") if text else []
    header, title, addressee, body_start = _split_title(lines)
    body_end, signature = _split_signature(lines, body_start, checklist.signals.closing_formulas)
    body = lines[body_start:body_end]
    headings = [parse_heading(line) for line in body]
    levels = [h.level for h in headings if h]
    top = min(levels) if levels else 1
    headings = [h or _bare_heading(line, checklist, top) for h, line in zip(headings, body, strict=True)]
    year = _YEAR.search(title or "") or next((m for m in map(_YEAR.search, body[:3]) if m), None)
    plan_year = f"{int(year.group(1)) + 1}年" if year else None

    sentences: list[Sentence] = []
    parts: list[PartSpan] = []
    current, section = "preamble", ""
    nested_kind, nested_level = None, None
    by_paragraph = False  # the nested part was opened by a paragraph's words, not a heading
    sub_level = None  # level of the last sub-heading under the current top-level heading
    for i, line in enumerate(body):
        heading = headings[i]
        opens = None if heading or current == "plan" else _paragraph_part(line, checklist, plan_year)
        if opens and opens != (nested_kind or current) and (nested_kind is None or by_paragraph):
            # An unheaded paragraph that opens a part ("下一步，我县将……", "但也存在一些不足：")
            # runs until the next top-level heading, or, when it closes a sub-section
            # ("（一）……" ending in "下一步，我局将……"), until that sub-section's next sibling.
            nested_kind, by_paragraph = opens, True
            nested_level = _PARAGRAPH_LEVEL if sub_level is None else sub_level
            parts.append(PartSpan(opens, _sentences_of(line)[0][:40], _PARAGRAPH_LEVEL, True, len(sentences)))
        if heading and heading.level == top:
            kind = _classify_part(heading.title, checklist, plan_year)
            current, section, nested_kind, nested_level = kind, heading.marker + heading.title, None, None
            by_paragraph, sub_level = False, None
            parts.append(PartSpan(kind, section, heading.level, False, len(sentences)))
        elif heading:
            if nested_kind and heading.level <= nested_level:
                nested_kind, nested_level, by_paragraph = None, None, False
            sub_level = heading.level
            kind = None
            if current in _HOSTS_NESTED and not nested_kind:
                kind = classify_heading(heading.title, checklist.nested_headings)
            if kind and kind != current:
                nested_kind, nested_level = kind, heading.level
                parts.append(PartSpan(kind, heading.marker + heading.title, heading.level, True, len(sentences)))
            section = heading.marker + heading.title
        part = nested_kind or current
        if heading:
            if heading.level != top:
                sentences.append(Sentence(len(sentences), heading.title, part, section, heading.level, i))
            pieces = _sentences_of(heading.rest)
        else:
            pieces = _sentences_of(line)
        for piece in pieces:
            level = TOPIC_LEVEL if _TOPIC_SENTENCE.match(piece) else 0
            sentences.append(Sentence(len(sentences), piece, part, section, level, i))
    if parts and all(p.nested for p in parts):
        sentences = _achievements_before(sentences, parts)
        if sentences and sentences[0].part == "achievements":
            parts.insert(0, PartSpan("achievements", sentences[0].text[:40], _PARAGRAPH_LEVEL, True, 0))
    return Document(
        text=text,
        title=title,
        header_lines=tuple(header),
        addressee=addressee,
        signature_lines=tuple(signature),
        parts=tuple(parts),
        sentences=tuple(sentences),
    )
