"""Web pages saved from government sites (.html/.htm, single-file .mht): the article only.

A saved page holds the report among menus, breadcrumbs, "来源：… 发布时间：… 浏览次数：…"
lines, share and print buttons, related links and the site footer. The article is found
by where the text is, not by the names a particular site gives its boxes:
- scripts, styles, forms, <nav>, <header>, <footer>, <aside> and hidden elements go first;
- from <body>, the reader descends into the child that holds most (`_DOMINANT`) of the
  Chinese text outside links, until no child does: that element is the article;
- inside it, lines that are page furniture (来源, 发布时间, 浏览次数, 字号, 打印, 分享 …)
  are dropped;
- the page's title (<h1>, an element whose class or id says title, else <title> up to the
  site name) is put first when the article does not already start with it.
The publication date of the page is not the report's date (that is signed in the report);
it is kept in the notes for a reviewer.

Encodings: a byte-order mark, else the page's declared charset (gb2312 and gbk read as
their superset GB18030), else the same detection as for text files.
"""

from __future__ import annotations

import email
import email.policy
import re

import lxml.html
from lxml import etree

from scorer.ingest.ingested import IngestedReport, IngestError
from scorer.ingest.text import decode_bytes

_DROP = ("script", "style", "noscript", "template", "iframe", "nav", "header", "footer", "aside", "form",
         "select", "button", "input", "textarea", "svg", "canvas", "object", "embed", "head")
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "section",
          "article", "main", "blockquote", "pre", "center", "dd", "dt", "dl", "hr", "tbody", "thead"}
_DOMINANT = 0.85
# Page furniture: a label with its colon at the start of a line ("来源：县司法局 发布时间：…").
_CHROME = re.compile(
    r"^[【\[]?\s*(?:信息|文章)?(?:来源|发布时间|发布日期|更新时间|浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|访问量|"
    r"作者|编辑|责任编辑|字号|字体|分享到|当前位置|您当前的位置|您的位置|所在位置|上一篇|下一篇|"
    r"相关链接|相关阅读|相关文章|索引号|主题分类|发布机构|信息分类|扫一扫)\s*[:：]"
)
# A line of buttons: 【打印本页】【关闭窗口】, 字号 大 中 小.
_BUTTONS = re.compile(r"^(?:[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|分享到|收藏|纠错|大|中|小|默认)"
                      r"\s*[】\]]?\s*)+$")
# The site footer, when it is not in a <footer>.
_SITE_FOOTER = re.compile(r"版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|技术支持|网站地图")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期)\s*[:：]\s*(\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}(?:\s*日)?)")
_TITLE_HINT = re.compile(r"title|biaoti|bt\b|tit\b", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "big5": "big5hkscs"}


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def decode_page(data: bytes) -> tuple[str, str]:
    """Returns (text, encoding) of a web page: byte-order mark, declared charset, else detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _CHARSET.search(data[:8192])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            try:
                return data.decode(_SUPERSETS.get(name, name)), name
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: detect instead
    return decode_bytes(data)


def _own_text(el: etree._Element) -> int:
    """Returns the Chinese characters under `el` that are not link text."""
    total = _cjk_count(el.text_content())
    links = sum(_cjk_count(a.text_content()) for a in el.iter("a"))
    return max(0, total - links)


def _article(body: etree._Element) -> etree._Element:
    node = body
    while True:
        own = _own_text(node)
        children = [c for c in node if isinstance(c.tag, str)]
        best = max(children, key=_own_text, default=None)
        if best is None or own == 0 or _own_text(best) < _DOMINANT * own:
            return node
        node = best


def _lines(el: etree._Element) -> list[str]:
    """Returns the text of an element, one line per block element or <br>."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag.lower() in _BLOCK
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")
        if tag.lower() in ("td", "th"):
            parts.append("，")

    walk(el)
    text = "".join(parts)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip(" ，") for line in text.split("\n"))
    return [line for line in lines if line]


def _is_chrome(line: str) -> bool:
    bare = line.replace("\u3000", "").replace("\xa0", "").strip()
    return len(bare) <= 120 and bool(_CHROME.match(bare) or _BUTTONS.match(bare) or _SITE_FOOTER.search(bare))


def _page_title(root: etree._Element) -> str | None:
    """Returns the page's title of the report: an <h1>, a title-classed element, or <title>."""
    candidates = list(root.iter("h1", "h2"))
    candidates += [el for el in root.iter() if isinstance(el.tag, str)
                   and _TITLE_HINT.search(f"{el.get('class', '')} {el.get('id', '')}")]
    for el in candidates:
        text = re.sub(r"\s+", " ", el.text_content()).strip()
        if "报告" in text and len(text) < 100:
            return text
    title = root.find(".//title")
    if title is not None and title.text:
        pieces = re.split(r"\s*[_|｜—–-]{1,2}\s*", title.text.strip())
        for piece in pieces:
            if "报告" in piece and len(piece) < 100:
                return piece.strip()
    return None


def read_html(data: bytes) -> IngestedReport:
    """Returns the report in the bytes of a saved web page; raises IngestError with the reason."""
    text, _ = decode_page(data)
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"not a readable web page ({exc})") from None
    published = _PUBLISHED.search(re.sub(r"\s+", " ", root.text_content()))
    title = _page_title(root)
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter(etree.Comment)):
        if el.getparent() is not None:
            el.getparent().remove(el)
    for el in [e for e in root.iter() if isinstance(e.tag, str)
               and re.search(r"display\s*:\s*none", e.get("style", ""))]:
        if el.getparent() is not None:
            el.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    article = _article(body)
    lines = [line for line in _lines(article) if not _is_chrome(line)]
    opening = re.sub(r"\s+", "", "".join(lines[:8]))
    if title and re.sub(r"\s+", "", title) not in opening:
        lines.insert(0, title)
    notes = ()
    if published:
        day = re.sub(r"\s+", "", published.group(1))
        notes = (f"web page published {day} (not taken as the report's date)",)
    return IngestedReport("\n".join(lines), notes)


def read_mht(data: bytes) -> IngestedReport:
    """Returns the report in a single-file web page (.mht, what Word's "save as web page"
    and IE write, often named .doc by government sites)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                charset = part.get_content_charset()
                if charset:
                    declared = f'<meta charset="{charset}">'.encode()
                    payload = declared + payload
                return read_html(payload)
    raise IngestError("a single-file web page (MHT) without an HTML part")
