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
_RADICALS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")


@functools.lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Returns the text with traditional characters converted to simplified ones."""
    return _to_simplified().convert(text)


def is_mostly_traditional(text: str) -> bool:
    """Returns True when the text is written in traditional characters."""
    chinese = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not chinese:
        return False
    changed = sum(1 for a, b in zip(text, to_simplified(text)) if a != b)
    return changed >= _TRADITIONAL_SHARE * len(chinese)


def is_page_number(line: str) -> bool:
    """Returns True when the line is only a page number ("— 3 —", "-3-", "第3页", "3/10")."""
    return bool(_PAGE_NUMBER.match(unicodedata.normalize("NFKC", line)))


_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "，；：？！"}
_WIDTH_TABLE[0x3000] = ord(" ")


def _width_fold(text: str) -> str:
    """Returns text with full-width ASCII forms folded to half-width (digits, letters, brackets)."""
    return text.translate(_WIDTH_TABLE)


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
    text = "\n".join(_chinese_quotes(line) for line in text.split("\n"))
    return _ASCII_PUNCT_RE.sub(lambda m: _ASCII_PUNCT_IN_CJK[m.group(1) or m.group(2)], text)


_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


def _display_width(line: str) -> int:
    # East Asian wide and full-width characters count two columns (the blocks of
    # unicodedata.east_asian_width "W"/"F" that occur in Chinese text), counted by regex.
    return len(line) + len(_WIDE.findall(line))


def wrap_width(lines: list[str]) -> int | None:
    """Returns the display width at which the text was hard-wrapped, or None when its lines
    are paragraphs of free length."""
    widths = [w for w in map(_display_width, lines) if w >= 20]
    if len(widths) < _HARD_WRAP_MIN_LINES:
        return None
    counts = Counter(widths)
    best, best_count = None, 0
    for width in counts:
        near = sum(n for w, n in counts.items() if width - _WRAP_SLACK <= w <= width)
        if near > best_count or (near == best_count and best is not None and width > best):
            best, best_count = width, near
    if best is None or best_count < _HARD_WRAP_MIN_LINES or best_count < _HARD_WRAP_SHARE * len(widths):
        return None
    return best


def drop_running_headers(lines: list[str]) -> list[str]:
    """Returns the lines without the repeats of running headers and footers."""
    def key(line: str) -> str | None:
        if len(line) > _MAX_RUNNING_HEADER or is_heading_line(line) or line.endswith(("。", "！", "？", "；")):
            return None
        return re.sub(r"\d+", "#", line)

    counts = Counter(k for k in map(key, lines) if k)
    seen: set[str] = set()
    kept = []
    for line in lines:
        k = key(line)
        if k and counts[k] >= _RUNNING_HEADER_REPEATS:
            if k in seen:
                continue
            seen.add(k)
        kept.append(line)
    return kept


def _should_join(paragraph: str, last_line: str, following: str, width: int | None) -> bool:
    if is_heading_line(following):
        return False
    if width is not None and _display_width(last_line) >= width - _WRAP_SLACK:
        return True
    if len(paragraph) < _MIN_BODY_LINE or paragraph.endswith(tuple(_LINE_END_PUNCT)):
        return False
    if is_heading_line(paragraph) and len(paragraph) < 40:
        return False
    return not paragraph.endswith(("报告", "情况", "通知", "意见"))


def join_broken_lines(lines: list[str]) -> list[str]:
    """Returns the lines with mid-sentence breaks (page or column ends) joined up."""
    width = wrap_width(lines)
    joined: list[str] = []
    last_line = ""
    for line in lines:
        if joined and _should_join(joined[-1], last_line, line, width):
            joined[-1] = joined[-1] + line
        else:
            joined.append(line)
        last_line = line
    return joined


def normalize_text(raw: str) -> str:
    """Returns the canonical text of a report: one paragraph per line, no blank lines."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text = _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = to_simplified(text)
    text = _width_fold(text)
    text = _SPACE_INSIDE_CHINESE.sub("", text)
    text = _canonical_punct(text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        lines.append(line)
    return "\n".join(join_broken_lines(drop_running_headers(lines)))
