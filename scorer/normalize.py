"""Text normalisation: one canonical form of a report's text before it is parsed.

Reports arrive with full-width and half-width forms mixed, spaces inside words
("2024 年度"), lines broken in the middle of a sentence where a PDF page or column ended,
and page numbers ("— 3 —"). Everything downstream works on the output of `normalize_text`.

Choices:
- Full-width ASCII letters, digits and brackets become half-width; Chinese punctuation that
  has no ASCII twin in running Chinese text (，。；：、“”) is kept as it is, and the ASCII
  comma/semicolon/colon between Chinese characters become their Chinese forms, so that
  clause splitting sees one alphabet.
- A line is joined to the next when it does not end a sentence, is long enough to be body
  text, is not a heading, and the next line does not start a heading.
"""

from __future__ import annotations

import re
import unicodedata

from scorer.headings import is_heading_line

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Characters that may end a line of body text without the line being broken.
_LINE_END_PUNCT = "。！？；：!?;:…”」』）)"
# Lines shorter than this are titles, addressees, signatures or dates: never joined.
_MIN_BODY_LINE = 16

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－一]{1,3}\s*\d{1,3}\s*[-—–－一]{1,3}|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|[-—–－]?\s*\d{1,3}\s*[-—–－]?)\s*$"
)
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}\d])[ \t\u3000\u00a0]+(?=[{_CJK}])|(?<=[{_CJK}])[ \t\u3000\u00a0]+(?=[\d])")
_ASCII_PUNCT_IN_CJK = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_PUNCT_RE = re.compile(rf"(?<=[{_CJK}”)])([,;:?!])|([,;:?!])(?=[{_CJK}“(《])")


def _width_fold(text: str) -> str:
    """Returns text with full-width ASCII forms folded to half-width (digits, letters, brackets)."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in "，；：？！":
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _canonical_punct(text: str) -> str:
    return _ASCII_PUNCT_RE.sub(lambda m: _ASCII_PUNCT_IN_CJK[m.group(1) or m.group(2)], text)


def _should_join(line: str, following: str) -> bool:
    if len(line) < _MIN_BODY_LINE or line.endswith(tuple(_LINE_END_PUNCT)):
        return False
    if is_heading_line(line) and len(line) < 40:
        return False
    if is_heading_line(following):
        return False
    return not line.endswith(("报告", "情况", "通知", "意见"))


def join_broken_lines(lines: list[str]) -> list[str]:
    """Returns the lines with mid-sentence breaks (page or column ends) joined up."""
    joined: list[str] = []
    for line in lines:
        if joined and _should_join(joined[-1], line):
            joined[-1] = joined[-1] + line
        else:
            joined.append(line)
    return joined


def normalize_text(raw: str) -> str:
    """Returns the canonical text of a report: one paragraph per line, no blank lines."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text = _width_fold(text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    text = _canonical_punct(text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        lines.append(line)
    return "\n".join(join_broken_lines(lines))
