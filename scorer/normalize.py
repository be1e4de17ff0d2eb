"""Text normalisation: one canonical form of a report's text before it is parsed.

Reports arrive with full-width and half-width forms mixed, spaces inside words
("2024 年度", "法 治" from OCR), traditional characters, lines broken in the middle of a
sentence where a PDF page or column ended, page numbers ("— 3 —", "-3-", "第3页") and
running headers repeated on every page. Everything downstream works on the output of
`normalize_text`.

Choices:
- Traditional characters become simplified (OpenCC's t2s, phrase-aware), so that the
  checklist's simplified terms match; a simplified text passes through unchanged. Kangxi
  radicals that some PDF exports put in place of ideographs (⼀ for 一) become the ideographs.
- Full-width ASCII letters, digits and brackets become half-width; Chinese punctuation that
  has no ASCII twin in running Chinese text (，。；：、“”) is kept as it is, and the ASCII
  comma/semicolon/colon next to Chinese characters become their Chinese forms (spaces
  around them dropped), and ASCII double quotes in Chinese lines become “ and ” in turn,
  so that clause splitting and quoted terms see one alphabet.
- Spaces between Chinese characters, Chinese punctuation and digits are removed; spaces
  between Latin words stay.
- A short line (≤ 40 characters, not a heading, not a sentence) that comes back three times
  or more, digits aside, is a running header or footer: only its first occurrence stays.
- A line is joined to the next when it does not end a sentence, is long enough to be body
  text, is not a heading, and the next line does not start a heading. In a hard-wrapped
  text (most lines of one display width, as copied out of a PDF) a line of that full
  width is joined to the next whatever it ends with, unless the next line is a heading.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections import Counter

import opencc

from scorer.headings import is_heading_line

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Chinese punctuation and quotes: 、。〈〉《》「」【】〔〕（）“”‘’…— and the kept full-width forms.
_CJK_PUNCT = r"\u3001-\u303f\u2018-\u201f\u2026\u2014\uff08\uff09\uff0c\uff1a\uff1b\uff1f\uff01"
# Characters that may end a line of body text without the line being broken.
_LINE_END_PUNCT = "。！？；：!?;:…”」』）)"
# Lines shorter than this are titles, addressees, signatures or dates: never joined.
_MIN_BODY_LINE = 16
_MAX_RUNNING_HEADER = 40
_RUNNING_HEADER_REPEATS = 3
# A text is hard-wrapped when at least this share of its longer lines has one width.
_HARD_WRAP_SHARE = 0.5
_HARD_WRAP_MIN_LINES = 5
_WRAP_SLACK = 4
# Share of Chinese characters that differ from their simplified form in a traditional text
# (about a third); a simplified text has a stray one at most.
_TRADITIONAL_SHARE = 0.05

_PAGE_NUMBER = re.compile(
    r"^\s*(?:"
    r"[-—–－一~·•]{1,3}\s*\d{1,3}\s*[-—–－一~·•]{1,3}"
    r"|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|共\s*\d{1,3}\s*页\s*[,，/]?\s*第\s*\d{1,3}\s*页"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|(?:page|p\.)\s*\d{1,3}(?:\s*of\s*\d{1,3})?"
    r"|[-—–－]?\s*\d{1,3}\s*[-—–－]?"
    r")\s*$",
    re.IGNORECASE,
)
_WIDE = f"{_CJK}{_CJK_PUNCT}"
_SPACE_INSIDE_CHINESE = re.compile(
    rf"(?<=[{_WIDE}\d])[ \t\u3000\u00a0]+(?=[{_WIDE}])|(?<=[{_WIDE}])[ \t\u3000\u00a0]+(?=\d)"
)
_ASCII_PUNCT_IN_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_PUNCT_RE = re.compile(rf"(?<=[{_CJK}”)])[ \t]*([,;:?!])[ \t]*|[ \t]*([,;:?!])[ \t]*(?=[{_CJK}“(《])")
# Maximal runs of the characters the two patterns above match, as `_sub_in_runs` wants them:
# spaces, and spaces with ASCII punctuation holding at least one mark (its first character
# class lets the regex engine skip to where a run can start).
_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")
_ASCII_PUNCT_RUN = re.compile(r"[ \t,;:?!](?:(?<=[,;:?!])|(?=[ \t]*[,;:?!]))[ \t,;:?!]*")
_BLANKS = re.compile(r"[ \t]+")
_DIGITS = re.compile(r"\d+")
_RADICALS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")


@functools.lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def to_simplified(text: str) -> str:
    """Returns the text with traditional characters converted to simplified ones."""
    # The last conversion is kept: reading a report converts its text to tell the script,
    # and normalising it converts the same text again.
    return _to_simplified().convert(text)


# High bytes, in UTF-16-BE, of the code units U+3400–U+9FFF (CJK ideographs); no other code
# unit, surrogates included, has one of them.
_HAN_HIGH_BYTES = bytes(range(0x34, 0xA0))


def count_han(text: str) -> int:
    """Returns the number of Chinese characters (U+3400–U+9FFF) in the text."""
    # Counted on the high bytes of the UTF-16 code units: C-level, five times faster than a
    # regex and fifty times faster than a loop over the characters.
    high = text.encode("utf-16-be", "surrogatepass")[::2]
    return len(high) - len(high.translate(None, _HAN_HIGH_BYTES))


def _differing_positions(text: str, other: str) -> int:
    """Returns the number of positions, up to the shorter length, where the texts differ."""
    # Compared in slices first, so that the few stray differences of a simplified text cost
    # a few slices instead of a loop over every character.
    changed = 0
    for start in range(0, min(len(text), len(other)), 256):
        a, b = text[start:start + 256], other[start:start + 256]
        if a != b:
            changed += sum(map(operator.ne, a, b))
    return changed


def is_mostly_traditional(text: str) -> bool:
    """Returns True when the text is written in traditional characters."""
    chinese = count_han(text)
    if not chinese:
        return False
    simplified = to_simplified(text)
    if simplified == text:
        return False
    return _differing_positions(text, simplified) >= _TRADITIONAL_SHARE * chinese


def is_page_number(line: str) -> bool:
    """Returns True when the line is only a page number ("— 3 —", "-3-", "第3页", "3/10")."""
    return bool(_PAGE_NUMBER.match(unicodedata.normalize("NFKC", line)))


_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "，；：？！"}
_WIDTH_TABLE[0x3000] = ord(" ")
_FULL_WIDTH_RUN = re.compile("[" + "".join(map(chr, sorted(_WIDTH_TABLE))) + "]+")


def _width_fold(text: str) -> str:
    """Returns text with full-width ASCII forms folded to half-width (digits, letters, brackets)."""
    # Only the runs of full-width forms go through str.translate, which is slow on a whole
    # Chinese text (a table lookup per character).
    return _FULL_WIDTH_RUN.sub(lambda m: m.group(0).translate(_WIDTH_TABLE), text)


def _sub_in_runs(pattern: re.Pattern[str], repl, runs: re.Pattern[str], text: str) -> str:
    """Returns `pattern.sub(repl, text)` for a pattern whose matches lie inside the matches
    of `runs` and look at most one character outside them."""
    # A pattern that starts with a look-behind is tried at every position of the text; the
    # runs (spaces, ASCII punctuation) start with a character class, which the regex engine
    # skips to. Each run is given with its neighbours, so the look-arounds see what they see
    # in the whole text.
    def in_run(m: re.Match[str]) -> str:
        start, end = m.span()
        head, tail = min(start, 1), min(len(text) - end, 1)
        done = pattern.sub(repl, text[start - head:end + tail])
        return done[head:len(done) - tail]

    return runs.sub(in_run, text)


def _chinese_quotes(line: str) -> str:
    """Returns the line with ASCII double quotes (OCR, plain-text editors) turned into
    Chinese opening and closing quotes, in turn."""
    if '"' not in line or not re.search(f"[{_CJK}]", line):
        return line
    out, inside = [], False
    for ch in line:
        if ch == '"':
            ch = "”" if inside else "“"
        if ch in "“”":
            inside = ch == "“"
        out.append(ch)
    return "".join(out)


def _canonical_punct(text: str) -> str:
    if '"' in text:
        text = "\n".join(_chinese_quotes(line) for line in text.split("\n"))
    return _sub_in_runs(_ASCII_PUNCT_RE, lambda m: _ASCII_PUNCT_IN_CJK[m.group(1) or m.group(2)],
                        _ASCII_PUNCT_RUN, text)


_WIDE_RUN = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+")
_SENTENCE_END = ("。", "！", "？", "；")


def _display_width(line: str) -> int:
    # East Asian wide and full-width characters count two columns (the blocks of
    # unicodedata.east_asian_width "W"/"F" that occur in Chinese text), counted by regex.
    return len(line) + sum(map(len, _WIDE_RUN.findall(line)))


def _wrap_width(widths: list[int]) -> int | None:
    """Returns the hard-wrap width of lines of these display widths, or None."""
    widths = [w for w in widths if w >= 20]
    if len(widths) < _HARD_WRAP_MIN_LINES:
        return None
    counts = Counter(widths)

    def near(width: int) -> int:  # lines up to the slack narrower than `width`, or as wide
        return sum(counts.get(w, 0) for w in range(width - _WRAP_SLACK, width + 1))

    best = max(counts, key=lambda width: (near(width), width))  # a tie goes to the wider
    best_count = near(best)
    if best_count < _HARD_WRAP_MIN_LINES or best_count < _HARD_WRAP_SHARE * len(widths):
        return None
    return best


def wrap_width(lines: list[str]) -> int | None:
    """Returns the display width at which the text was hard-wrapped, or None when its lines
    are paragraphs of free length."""
    return _wrap_width([_display_width(line) for line in lines])


def _drop_running_headers(lines: list[str], headings: list[bool]) -> tuple[list[str], list[bool]]:
    """Returns the lines without running headers, and which of them are headings."""
    keys = [None if heading or len(line) > _MAX_RUNNING_HEADER or line.endswith(_SENTENCE_END)
            else _DIGITS.sub("#", line) for line, heading in zip(lines, headings)]
    counts = Counter(k for k in keys if k)
    seen: set[str] = set()
    kept, kept_headings = [], []
    for line, heading, k in zip(lines, headings, keys):
        if k and counts[k] >= _RUNNING_HEADER_REPEATS:
            if k in seen:
                continue
            seen.add(k)
        kept.append(line)
        kept_headings.append(heading)
    return kept, kept_headings


def drop_running_headers(lines: list[str]) -> list[str]:
    """Returns the lines without the repeats of running headers and footers."""
    return _drop_running_headers(lines, [is_heading_line(line) for line in lines])[0]


def _should_join(paragraph: str, last_width: int, following_is_heading: bool, width: int | None) -> bool:
    if following_is_heading:
        return False
    if width is not None and last_width >= width - _WRAP_SLACK:
        return True
    if len(paragraph) < _MIN_BODY_LINE or paragraph.endswith(tuple(_LINE_END_PUNCT)):
        return False
    if len(paragraph) < 40 and is_heading_line(paragraph):
        return False
    return not paragraph.endswith(("报告", "情况", "通知", "意见"))


def _join_broken_lines(lines: list[str], headings: list[bool]) -> list[str]:
    """Returns the lines joined up; `headings` says which lines are headings."""
    widths = [_display_width(line) for line in lines]
    width = _wrap_width(widths)
    joined: list[str] = []
    for i, line in enumerate(lines):
        if joined and _should_join(joined[-1], widths[i - 1], headings[i], width):
            joined[-1] += line
        else:
            joined.append(line)
    return joined


def join_broken_lines(lines: list[str]) -> list[str]:
    """Returns the lines with mid-sentence breaks (page or column ends) joined up."""
    return _join_broken_lines(lines, [is_heading_line(line) for line in lines])


def normalize_text(raw: str) -> str:
    """Returns the canonical text of a report: one paragraph per line, no blank lines."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text = _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = to_simplified(text)
    text = _width_fold(text)
    text = _sub_in_runs(_SPACE_INSIDE_CHINESE, "", _SPACE_RUN, text)
    text = _canonical_punct(text)
    lines = [line for line in (raw_line.strip() for raw_line in _BLANKS.sub(" ", text).split("\n"))
             if line and not _PAGE_NUMBER.match(line)]
    lines, headings = _drop_running_headers(lines, [is_heading_line(line) for line in lines])
    return "\n".join(_join_broken_lines(lines, headings))
