"""Word .docx reports: body paragraphs and tables in reading order, text boxes, automatic
list numbers, and the header/footer lines that hold the title or the date.

Choices:
- One paragraph is one line; a soft line break (Shift+Enter) is a line break too, and
  normalisation joins it back when it cut a sentence.
- Automatic numbering ("一、" made by Word's list numbering rather than typed) is rendered
  into the text, because the parts of a report are recognised from those markers.
- A table row is one line with its cells joined by "，"; a row of one cell (a table used
  for layout, e.g. a red-headed document frame) gives one line per paragraph.
- Page-header lines that hold the title, a date or the document head (…文件, 文号, 签发人)
  and are not already in the body are put first; footer lines only when they hold a date.
  Running headers with a unit's name and page numbers are left out.
- Deleted text of tracked changes is left out, inserted text kept; text boxes are read once
  (Word stores a second, fallback copy of each for old readers).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from scorer.ingest import archive
from scorer.ingest.ingested import IngestedReport, IngestError
from scorer.normalize import is_page_number

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DATE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,3}月.{1,3}日")
# What a page header holds that belongs to the report: its title, a date, or the document
# head (红头 "…文件", 文号 "〔2026〕3号", 签发人); a unit name or "内部资料" does not.
_HEADER_WORTH_KEEPING = re.compile(r"报告|文件$|〔\d{4}〕|\[\d{4}\]|签发人")
# Word XML is parsed without entity expansion or network access: a hostile file cannot
# blow up memory or make the scorer fetch anything.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_CN = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _chinese_number(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[units] if units else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """Returns list number `n` written in Word's number format `fmt` (decimal, chineseCounting …)."""
    if fmt.startswith("chineseCounting") or fmt in ("ideographDigital", "japaneseCounting"):
        return _chinese_number(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Renders the automatic list labels of paragraphs, counting as Word does."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            abstract = {}
            for a in numbering.iter(_w("abstractNum")):
                abstract[a.get(_w("abstractNumId"))] = self._levels_of(a)
            for num in numbering.iter(_w("num")):
                ref = num.find(_w("abstractNumId"))
                levels = dict(abstract.get(ref.get(_w("val")) if ref is not None else "", {}))
                for override in num.iter(_w("lvlOverride")):
                    ilvl = int(override.get(_w("ilvl"), "0"))
                    start = override.find(_w("startOverride"))
                    if start is not None and ilvl in levels:
                        fmt, text, _ = levels[ilvl]
                        levels[ilvl] = (fmt, text, int(start.get(_w("val"), "1")))
                self.levels[num.get(_w("numId"))] = levels
        if styles is not None:
            for style in styles.iter(_w("style")):
                num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
                if num_pr is not None:
                    self.style_num[style.get(_w("styleId"))] = self._num_pr(num_pr)

    @staticmethod
    def _levels_of(abstract: etree._Element) -> dict[int, tuple[str, str, int]]:
        levels = {}
        for lvl in abstract.iter(_w("lvl")):
            fmt = lvl.find(_w("numFmt"))
            text = lvl.find(_w("lvlText"))
            start = lvl.find(_w("start"))
            levels[int(lvl.get(_w("ilvl"), "0"))] = (
                fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                text.get(_w("val"), "") if text is not None else "",
                int(start.get(_w("val"), "1")) if start is not None else 1,
            )
        return levels

    @staticmethod
    def _num_pr(num_pr: etree._Element) -> tuple[str, int]:
        num_id = num_pr.find(_w("numId"))
        ilvl = num_pr.find(_w("ilvl"))
        return (num_id.get(_w("val"), "0") if num_id is not None else "0",
                int(ilvl.get(_w("val"), "0")) if ilvl is not None else 0)

    def label(self, paragraph: etree._Element) -> str:
        """Returns the list label of a paragraph ("一、", "（二）", "3.") or "" when it has none."""
        p_pr = paragraph.find(_w("pPr"))
        if p_pr is None:
            return ""
        num_pr = p_pr.find(_w("numPr"))
        style = p_pr.find(_w("pStyle"))
        if num_pr is not None:
            num_id, ilvl = self._num_pr(num_pr)
        elif style is not None and style.get(_w("val")) in self.style_num:
            num_id, ilvl = self.style_num[style.get(_w("val"))]
        else:
            return ""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]

        def number(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            value = counters.get(level, levels.get(level, ("", "", 1))[2])
            return format_number(value, levels.get(level, (fmt,))[0])

        return re.sub(r"%(\d)", number, text) if fmt not in ("bullet", "none") else ""


def _outside_fallback(el: etree._Element) -> bool:
    return not any(a.tag == _MC_FALLBACK for a in el.iterancestors())


def _run_text(paragraph: etree._Element) -> str:
    """Returns the visible text of a paragraph, without its text boxes."""
    out = []
    for el in paragraph.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("noBreakHyphen"), _w("txbxContent")):
        if any(a.tag == _w("txbxContent") for a in el.iterancestors()) or el.tag == _w("txbxContent"):
            continue
        if not _outside_fallback(el):
            continue
        if el.tag == _w("t"):
            out.append(el.text or "")
        elif el.tag == _w("tab"):
            out.append("\t")
        elif el.tag == _w("noBreakHyphen"):
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


def _text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    return [box for box in paragraph.iter(_w("txbxContent"))
            if _outside_fallback(box) and not any(a.tag == _w("txbxContent") for a in box.iterancestors())]


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Yields the paragraphs and tables of a body, cell or text box in reading order."""
    for child in container:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins")):
            yield from _blocks(child.find(_w("sdtContent")) if child.tag == _w("sdt") else child)


def _lines(container: etree._Element | None, numbering: _Numbering) -> list[str]:
    """Returns the text lines of a body, cell, header or text box."""
    if container is None:
        return []
    lines: list[str] = []
    for block in _blocks(container):
        if block.tag == _w("p"):
            for box in _text_boxes(block):
                lines += _lines(box, numbering)
            text = _run_text(block)
            if text.strip():
                lines += (numbering.label(block) + text).split("\n")
        else:
            lines += _table_lines(block, numbering)
    return lines


def _table_lines(table: etree._Element, numbering: _Numbering) -> list[str]:
    lines: list[str] = []
    for row in table.iter(_w("tr")):
        if any(a.tag == _w("tbl") for a in row.iterancestors() if a is not table):
            continue  # a row of a nested table: read with its cell
        cells = [[line for line in _lines(cell, numbering) if line.strip()] for cell in row.findall(_w("tc"))]
        cells = [c for c in cells if c]
        if len(cells) == 1:
            lines += cells[0]
        elif cells:
            lines.append("，".join("".join(c).strip() for c in cells))
    return lines


def _part_xml(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(package.read(name), _PARSER)
    except KeyError:
        return None


def read_docx(data: bytes) -> IngestedReport:
    """Returns the report in the bytes of a .docx file; raises IngestError with the reason."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError("the Word file is password-protected: save an unprotected copy")
    try:
        package = archive.open_archive(data, "Word file")
    except IngestError as exc:
        if "zip bomb" in str(exc):
            raise
        raise IngestError("a corrupt Word file (not a valid .docx package)") from None
    with package:
        try:
            document = _part_xml(package, "word/document.xml")
            if document is None:
                raise IngestError("a corrupt Word file (no word/document.xml inside)")
            numbering = _Numbering(_part_xml(package, "word/numbering.xml"), _part_xml(package, "word/styles.xml"))
            body = _lines(document.find(_w("body")), numbering)
            headers, footers = [], []
            for name in sorted(package.namelist()):
                if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                    part = _part_xml(package, name)
                    lines = _lines(part, _Numbering(None, None))
                    (headers if "header" in name else footers).extend(lines)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError) as exc:
            raise IngestError(f"a corrupt Word file ({exc})") from None
    in_body = {line.strip() for line in body}
    top = [h for h in dict.fromkeys(h.strip() for h in headers)
           if h and h not in in_body and not is_page_number(h) and (_HEADER_WORTH_KEEPING.search(h) or _DATE.search(h))]
    bottom = [f for f in dict.fromkeys(f.strip() for f in footers)
              if f and f not in in_body and not is_page_number(f) and _DATE.search(f)]
    return IngestedReport("\n".join([*top, *body, *bottom]))
