"""Heading markers of Chinese official documents and their nesting levels.

Level 0: 第一部分 (a report that uses it puts 一、 headings inside) ; level 1: 一、 ;
level 2: (一) ; level 3: 1. / 1、 / (1). A heading may be followed
by body text on the same line ("(一)强化组织领导。成立了……"): the heading's own words end
at the first full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = "一二三四五六七八九十"
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{_NUM}]{{1,3}}(?:部分|章)[、:：]?\s*")),
    (1, re.compile(rf"^[{_NUM}]{{1,3}}\s*[、.．]")),
    (2, re.compile(rf"^\(\s*[{_NUM}]{{1,3}}\s*\)\s*")),
    (3, re.compile(r"^(?:\d{1,2}\s*[、．.](?!\d)|\(\s*\d{1,2}\s*\)|[①-⑳])\s*")),
)
_HEADING_END = re.compile(r"[。！？]")


@dataclass(frozen=True)
class Heading:
    """A heading found at the start of a line."""

    level: int
    marker: str
    title: str  # the heading's own words, without marker and without body text
    rest: str  # body text that follows the heading on the same line


def parse_heading(line: str) -> Heading | None:
    """Returns the heading that starts `line`, or None when the line is body text."""
    for level, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        body = line[m.end():].strip()
        if not body:
            return None
        end = _HEADING_END.search(body)
        if end is None:
            return Heading(level, m.group(0).strip(), body, "")
        return Heading(level, m.group(0).strip(), body[: end.start()], body[end.end():].strip())
    return None


def is_heading_line(line: str) -> bool:
    """Returns True when the line starts with a heading marker."""
    return parse_heading(line) is not None
