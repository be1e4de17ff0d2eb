"""Report metadata: issuer, reporting year, date, document number, signatory, profile.

Choices:
- The date is read only from the signature block (2026年3月17日, 二〇二六年三月十七日,
  2026-03-17), the header, or a date that ends one of the last three lines (a signature
  run into the last paragraph), never from running text (which is full of dates of
  events). An undated report gets `date = None`; nothing is guessed — the publication date
  of a web page is not the report's date either.
- The reporting year comes from the title, else from the first part heading, else from the
  opening sentence, else it is the date's year minus one.
- The profile is guessed from the issuer: a government marker (人民政府, 管委会 …) followed
  by more words (办公室) or a department suffix (局, 委员会 …) means a department; otherwise
  the level of the last place name (省 / 市 / 区县 / 乡镇街道) decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scorer.checklist import Checklist, ProfileRules
from scorer.document import Document

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0}
_DATE = re.compile(
    r"(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［]\d{4}[〕\]］]\s*\d{1,4}\s*号")
_SIGNATORY = re.compile(r"签发人[:：]?\s*([\u4e00-\u9fff·]{2,6})")
_YEAR = re.compile(r"(20\d{2})\s*年")
_ISSUER_END = re.compile(r"关于|(?:20\d{2})\s*年")
_DATE_AT_END = re.compile(_DATE.pattern + r"\s*[)）]?\s*$")
_NUMERIC_DATE_LINE = re.compile(r"^\s*(20\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*$")
# How many lines at the end of a report are searched for its date.
_END_LINES = 3


@dataclass(frozen=True)
class Metadata:
    """What the report says about itself."""

    title: str | None
    issuer: str | None
    year: int | None
    date: dt.date | None
    profile: str
    profile_guessed: bool
    doc_number: str | None
    signatory: str | None
    addressee: str | None


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # a year written digit by digit: 二〇二六
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_date(text: str) -> dt.date | None:
    """Returns the last well-formed date written in `text` (2026年3月17日, 二〇二六年三月十七日)."""
    found = None
    for m in _DATE.finditer(text):
        try:
            found = dt.date(*(_cn_number(g) for g in m.groups()))
        except (ValueError, KeyError):
            continue
    return found


def _numeric_date(line: str) -> dt.date | None:
    """Returns the date of a line that is only a numeric date (2026-03-17, 2026.3.17)."""
    m = _NUMERIC_DATE_LINE.match(line)
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def _report_date(doc: Document) -> dt.date | None:
    for block in (doc.signature_lines, doc.header_lines):
        for line in reversed(block):
            date = parse_date(line) or _numeric_date(line)
            if date:
                return date
    # A signature run into the last paragraph ("……特此报告。XX县人民政府 2026年3月17日")
    # or a date in brackets under the title's last line: a date that ends one of the last lines.
    for line in reversed(doc.text.split("\n")[-_END_LINES:]):
        m = _DATE_AT_END.search(line)
        if m:
            date = parse_date(m.group(0))
            if date:
                return date
    return None


def _issuer(doc: Document) -> str | None:
    if doc.title:
        head = _ISSUER_END.split(doc.title, maxsplit=1)[0].strip()
        if head and len(head) >= 3:
            return head
    for line in reversed(doc.signature_lines):
        name = _DATE.sub("", line).strip(" （）()")
        if len(name) >= 3 and not _numeric_date(line):
            return name
    for line in doc.header_lines:
        if line.endswith("文件"):
            return line[: -len("文件")]
    return None


def _reporting_year(doc: Document, date: dt.date | None) -> int | None:
    candidates = [doc.title or ""]
    candidates += [p.heading for p in doc.parts if not p.nested][:1]
    candidates += [s.text for s in doc.sentences[:1]]
    for text in candidates:
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    return date.year - 1 if date else None


def guess_profile(issuer: str | None, rules: ProfileRules) -> str | None:
    """Returns the profile implied by the issuer's name, or None when it says nothing."""
    if not issuer:
        return None
    units = issuer.split()
    unit = next((u for u in units if any(m in u for m in rules.government_markers)), units[-1])
    for marker in rules.government_markers:
        pos = unit.rfind(marker)
        if pos > 0:
            place, after = unit[:pos], unit[pos + len(marker):]
            if after:
                return "department"
            break
    else:
        place = unit
        if unit.endswith(rules.department_suffixes):
            return "department"
    best, best_pos = None, -1
    for profile, suffixes in rules.levels.items():
        for suffix in suffixes:
            pos = place.rfind(suffix)
            if pos >= 0 and pos + len(suffix) > best_pos:
                best, best_pos = profile, pos + len(suffix)
    return best


def extract_metadata(doc: Document, checklist: Checklist, profile: str | None = None) -> Metadata:
    """Returns the report's metadata; `profile` overrides the guess from the issuer."""
    rules = checklist.profiles
    date = _report_date(doc)
    issuer = _issuer(doc)
    head = "\n".join(doc.header_lines)
    number = _DOC_NUMBER.search(head)
    signatory = _SIGNATORY.search(head)
    guessed = guess_profile(issuer, rules)
    return Metadata(
        title=doc.title,
        issuer=issuer,
        year=_reporting_year(doc, date),
        date=date,
        profile=profile or guessed or "county",
        profile_guessed=profile is None,
        doc_number=re.sub(r"\s+", "", number.group(0)) if number else None,
        signatory=signatory.group(1) if signatory else None,
        addressee=doc.addressee,
    )
