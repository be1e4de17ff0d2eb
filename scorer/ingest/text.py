"""Plain-text reports: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

The encoding is never guessed silently wrong: a text that decodes under none of these, or
that decodes into replacement characters or control junk, is an error.
"""

from __future__ import annotations

from pathlib import Path

_ENCODINGS = ("utf-8", "gb18030")
_MAX_JUNK_SHARE = 0.01


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return False
    junk = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t\f"))
    return junk <= _MAX_JUNK_SHARE * len(text)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Returns (text, encoding name) of a byte string, or raises ValueError saying why not."""
    if not data.strip():
        raise ValueError("the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ValueError("binary data, not a text file")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    raise ValueError("the text is in an unknown encoding (tried UTF-8, UTF-16, GB18030/GBK)")


def read_text_file(path: Path, error: type[Exception]) -> tuple[str, tuple[str, ...]]:
    """Returns (text, notes) of a text file; raises `error` with the reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text, encoding = decode_bytes(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise error(str(exc)) from None
    notes = () if encoding.startswith("utf-8") else (f"decoded as {encoding}",)
    return text, notes
