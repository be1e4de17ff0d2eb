"""Plain-text reports: UTF-8 (with or without BOM), UTF-16/UTF-32 (with or without BOM),
GB18030/GBK/GB2312 and Big5.

The encoding is never guessed silently wrong. Every candidate decoding is judged by how
Chinese it reads — the share of the hundred most common characters among its Chinese
characters, which is about a third in any real Chinese text and a few percent in mojibake
(UTF-8 read as GBK, Big5 read as GBK) — and the best one wins only if it reads as Chinese.
A file that decodes into control junk, replacement characters or mojibake is an error.
Valid UTF-8 is taken as UTF-8: text in any other encoding is almost never valid UTF-8.
"""

from __future__ import annotations

import re

from scorer.ingest.ingested import IngestedReport, IngestError

# The most frequent characters of Chinese text, simplified and traditional forms alike.
_COMMON = set(
    "的一是不了在人有我他这中大来上国個个到说們们为為子和你地出道也时時年得就那要下以生会會自着著去之"
    "过過家学學对對可她里裡后後小么麼心多天而能好都然没沒日于於起还還发發成事只作当當想看文无無开開"
    "手十用主行方又如前所本见見经經头頭面公同三已老从從动動两兩长長法治政府建设設工务務进進"
    "全推制度依规規管理作"
)
# Below this share of common characters a decoding is taken for mojibake, not Chinese
# (real texts: 0.3–0.4, even a menu 0.06; mojibake of the seed reports: at most 0.013).
_MIN_COMMON_SHARE = 0.04
_MAX_JUNK_SHARE = 0.01
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CJK_RUN = re.compile("[\u3400-\u9fff\uf900-\ufaff]+")
_COMMON_RUN = re.compile("[" + "".join(sorted(_COMMON)) + "]+")
# Control characters other than \t \n \f \r, and the replacement character.
_JUNK_RUN = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]+")


def _count(runs: re.Pattern[str], text: str) -> int:
    """Returns the number of characters of the text inside matches of `runs`."""
    return sum(map(len, runs.findall(text)))


def _junk_share(text: str) -> float:
    return _count(_JUNK_RUN, text) / max(1, len(text))


def chinese_share(text: str) -> float:
    """Returns the share of the most common Chinese characters among the text's Chinese
    characters (1.0 for a text without Chinese, which is judged by other means)."""
    cjk = _count(_CJK_RUN, text)
    if not cjk:
        return 1.0
    return _count(_COMMON_RUN, text) / cjk


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Returns (text, encoding) for UTF-16 without a byte-order mark, or None."""
    best = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _junk_share(text) <= _MAX_JUNK_SHARE and _CJK_RUN.search(text):
            score = chinese_share(text)
            if score >= _MIN_COMMON_SHARE and (best is None or score > best[0]):
                best = (score, text, encoding)
    return (best[1], best[2]) if best else None


def _readable_decodings(data: bytes) -> list[tuple[str, str]]:
    """Returns (text, encoding) of every encoding the bytes decode under without junk; valid
    UTF-8 alone when the bytes are that, as bytes of any other encoding almost never are."""
    found = []
    decoded = False
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded = True
        if _junk_share(text) <= _MAX_JUNK_SHARE:
            if encoding == "utf-8":
                return [(text, encoding)]
            found.append((text, encoding))
    if not decoded:
        # A UTF-8 file with a few broken bytes (cut off, or a stray byte from an editor)
        # is still UTF-8; the junk check refuses it when the damage is large.
        text = data.decode("utf-8", errors="replace")
        if _junk_share(text) <= _MAX_JUNK_SHARE:
            found.append((text, "utf-8 (with undecodable bytes)"))
    return found


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Returns (text, encoding name) of a byte string, or raises IngestError saying why not."""
    if not data.strip():
        raise IngestError("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise IngestError(f"the file starts with a {encoding} mark but is not {encoding}") from None
    if b"\x00" in data[:4096]:
        decoded = _utf16_without_bom(data)
        if decoded:
            return decoded
        raise IngestError("binary data, not a text file")
    readable = _readable_decodings(data)
    if not readable:
        raise IngestError("binary data or an unknown encoding, not a text file "
                          "(tried UTF-8, UTF-16, GB18030/GBK, Big5)")
    if readable[0][1] == "utf-8":
        return readable[0]
    share, text, encoding = max(((chinese_share(t), t, e) for t, e in readable), key=lambda ste: ste[0])
    if share < _MIN_COMMON_SHARE:
        raise IngestError("the text is in an unknown encoding: it decodes only into mojibake "
                          "(tried UTF-8, UTF-16, GB18030/GBK, Big5)")
    return text, encoding


def read_text(data: bytes) -> IngestedReport:
    """Returns the report in the bytes of a text file; raises IngestError with the reason."""
    text, encoding = decode_bytes(data)
    notes = () if encoding.startswith("utf-8") and "undecodable" not in encoding else (f"decoded as {encoding}",)
    return IngestedReport(text, notes)
