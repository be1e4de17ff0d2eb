"""Paragraphs from positioned text: the lines of PDF pages and of OCR'd page images.

A PDF knows where every piece of text stands, not where a paragraph ends. This module
rebuilds paragraphs from the geometry, the way a reader sees them:
- pieces at the same height are one line;
- a line that reaches the right edge of the text block continues in the next line, unless
  that one is indented (a new paragraph's first-line indent), starts with a heading marker,
  or stands after a wider gap than the line pitch; a full line followed by a centred
  line is a wrapped title;
- the last line of a page continues on the next page by the same rule, so a sentence cut
  by a page break is whole again;
- running headers and footers (the same text, digits aside, at the same height on at least
  half of the pages) and page numbers at the top or bottom of a page are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from scorer.headings import is_heading_line
from scorer.normalize import is_page_number

# How far from the right edge (in line heights) a line still counts as reaching it: CJK
# line breaking leaves up to one character of room when the next one does not fit.
_FULL_SLACK = 1.6
# Chinese punctuation is inked in the left part of its square: its box ends early.
_NARROW_INK = "，。、；：？！”’）》」』,.;:"
_NARROW_INK_EM = 0.8
_INDENT = 0.8
# Lines whose heights differ by more than this share are set in different sizes.
_OTHER_SIZE = 0.3
_WIDER_GAP = 1.45
_EDGE_LINES = 2
# A gap wider than this share of the line height between two pieces is a space.
_SPACE_GAP = 0.2


@dataclass(frozen=True)
class TextPiece:
    """A run of text and its box on the page; y grows downwards (top < bottom)."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Page:
    """The text pieces of one page and the page's height (same unit as the boxes)."""

    pieces: tuple[TextPiece, ...]
    height: float


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _join_pieces(pieces: list[TextPiece]) -> TextPiece:
    pieces.sort(key=lambda p: p.left)
    text = pieces[0].text
    for before, piece in pairwise(pieces):
        gap = piece.left - before.right
        em = max(before.height, piece.height, 1e-6)
        if text and piece.text and gap > _SPACE_GAP * em:
            text += " "  # normalisation removes it again between Chinese characters
        text += piece.text
    return TextPiece(text, min(p.left for p in pieces), min(p.top for p in pieces),
                     max(p.right for p in pieces), max(p.bottom for p in pieces))


def lines_of(pieces: tuple[TextPiece, ...]) -> list[TextPiece]:
    """Returns the lines of a page, top to bottom: pieces that overlap vertically by more
    than half the smaller height are one line."""
    lines: list[list[TextPiece]] = []
    for piece in sorted((p for p in pieces if p.text.strip()), key=lambda p: (p.top, p.left)):
        if lines:
            current = lines[-1]
            top, bottom = min(p.top for p in current), max(p.bottom for p in current)
            overlap = min(bottom, piece.bottom) - max(top, piece.top)
            if overlap > 0.5 * min(bottom - top, piece.height):
                current.append(piece)
                continue
        lines.append([piece])
    return [_join_pieces(line) for line in lines]


def _page_furniture(pages: list[list[TextPiece]], heights: list[float]) -> set[tuple[int, int]]:
    """Returns (page, line) indexes of running headers/footers and page numbers."""
    keys: dict[tuple[int, int], tuple[str, int]] = {}
    for p, lines in enumerate(pages):
        edge = set(range(min(_EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - _EDGE_LINES), len(lines)))
        for i in edge:
            text = re.sub(r"\s+", "", lines[i].text)
            keys[(p, i)] = (re.sub(r"\d+", "#", text), round(lines[i].top / max(heights[p], 1e-6) * 40))
    pages_with = Counter(key for _, key in {(p, key) for (p, _), key in keys.items()})
    running = {k for k, n in pages_with.items() if len(pages) >= 2 and n >= 2 and n >= len(pages) / 2}
    return {pos for pos, key in keys.items() if key in running or is_page_number(pages[pos[0]][pos[1]].text)}


@dataclass(frozen=True)
class _Frame:
    left: float
    right: float
    em: float
    pitch: float


def _frame(lines: list[TextPiece], fallback: _Frame | None) -> _Frame | None:
    """Returns the text block of a page: its left and right edges, line height and pitch."""
    if len(lines) < 4:
        return fallback
    lefts = sorted(line.left for line in lines)
    rights = sorted(line.right for line in lines)
    em = median(line.height for line in lines)
    pitches = [b.top - a.top for a, b in pairwise(lines) if b.top > a.top]
    return _Frame(lefts[len(lefts) // 10], rights[-1 - len(rights) // 20], em,
                  median(pitches) if pitches else 1.5 * em)


def _continues(prev: TextPiece, prev_frame: _Frame, line: TextPiece, frame: _Frame, same_page: bool) -> bool:
    """Returns True when `line` carries on the paragraph whose last line is `prev`."""
    reach = prev.right + (_NARROW_INK_EM * prev_frame.em if prev.text.rstrip()[-1:] in _NARROW_INK else 0)
    if reach < prev_frame.right - _FULL_SLACK * prev_frame.em:
        return False
    if is_heading_line(line.text.strip()):
        return False
    if abs(line.height - prev.height) > _OTHER_SIZE * max(line.height, prev.height):
        return False  # a title over body text, body text over a footnote
    if same_page and line.top - prev.top > _WIDER_GAP * frame.pitch:
        return False
    if line.left <= frame.left + _INDENT * frame.em:
        return True
    centre = (frame.left + frame.right) / 2
    centred = abs((line.left + line.right) / 2 - centre) < frame.em and line.right < frame.right - frame.em
    return centred and prev.text.strip()[-1:] not in "。！？；"


def _glue(text: str, more: str) -> str:
    if text and more and _is_ascii_word(text[-1]) and _is_ascii_word(more[0]):
        return text + " " + more
    return text + more


def paragraphs(pages: list[Page]) -> list[str]:
    """Returns the paragraphs of the pages in reading order, page furniture dropped."""
    page_lines = [lines_of(page.pieces) for page in pages]
    furniture = _page_furniture(page_lines, [page.height for page in pages])
    kept = [[line for i, line in enumerate(lines) if (p, i) not in furniture] for p, lines in enumerate(page_lines)]
    all_lines = [line for lines in kept for line in lines]
    overall = _frame(all_lines, None)
    out: list[str] = []
    prev: tuple[TextPiece, _Frame] | None = None
    for p, lines in enumerate(kept):
        frame = _frame(lines, overall)
        for i, line in enumerate(lines):
            text = line.text.strip()
            if prev and frame and _continues(prev[0], prev[1], line, frame, same_page=i > 0):
                out[-1] = _glue(out[-1], text)
            else:
                out.append(text)
            prev = (line, frame) if frame else None
    return out
