"""Reading report files of every format into text.

`find_reports(paths)` expands files, folders and ZIP archives into `Source`s — one per
report, named as the user should see it (an archive member is `batch.zip/sub/报告.docx`).
`Source.read()` (or `read_report(path)`) returns the text of one report or raises
`IngestError` with a one-line reason a clerk can act on. One module per format; `READERS`
maps a file suffix to its reader, a function of the file's bytes.

Choices:
- The content decides the format when it clearly disagrees with the name: a PDF named
  .doc is read as a PDF, a web page saved as .doc as HTML, a PNG named .jpg as a PNG; the
  notes say so.
- Image files (.png, .jpg/.jpeg, .tif/.tiff, .bmp) are scans, read by OCR: each file is one
  report, a multi-page TIFF one report of several pages.
- Files over `max_file_bytes()` (50 MB unless the environment variable FAZHI_MAX_FILE_MB
  says otherwise) are refused before they are read.
- A text that is not a report is refused rather than scored near zero: fewer than
  `MIN_REPORT_CHARS` Chinese characters, or none of the rule-of-law words `REPORT_WORDS`.
- Hidden files (dot-files, macOS __MACOSX/ entries) inside folders and archives are left
  out; every other file found is a source, so an unsupported one becomes an error row.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scorer.ingest import archive
from scorer.ingest.doc import read_doc
from scorer.ingest.docx import read_docx
from scorer.ingest.html import read_html, read_mht
from scorer.ingest.image import IMAGE_SUFFIXES, image_suffix, read_image
from scorer.ingest.ingested import IngestedReport, IngestError
from scorer.ingest.pdf import read_pdf
from scorer.ingest.text import read_text
from scorer.normalize import count_han, is_mostly_traditional

__all__ = [
    "READERS",
    "ArchiveMember",
    "IngestError",
    "IngestedReport",
    "Source",
    "find_reports",
    "max_file_bytes",
    "read_bytes",
    "read_report",
    "supported_suffixes",
]

Reader = Callable[[bytes], IngestedReport]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".docx": read_docx,
    ".doc": read_doc,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".mht": read_mht,
    ".mhtml": read_mht,
    **dict.fromkeys(IMAGE_SUFFIXES, read_image),
}
ARCHIVE_SUFFIXES = (".zip",)
FORMAT_NAMES = {".txt": "text", ".docx": "Word (.docx)", ".doc": "Word 97–2003 (.doc)", ".pdf": "PDF",
                ".html": "a web page (HTML)", ".mht": "a single-file web page (MHT)", ".zip": "a ZIP archive",
                ".png": "a PNG image", ".jpg": "a JPEG image", ".tif": "a TIFF image", ".bmp": "a BMP image"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_FILE_MB_ENV = "FAZHI_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 50
MIN_REPORT_CHARS = 100
REPORT_WORDS = ("法治", "依法", "法律", "法制", "执法", "執法", "法規", "法规")


def supported_suffixes() -> tuple[str, ...]:
    """Returns the file suffixes that can be read, archives included."""
    return tuple(sorted((*READERS, *ARCHIVE_SUFFIXES)))


def max_file_bytes() -> int:
    """Returns the size limit of one file in bytes (FAZHI_MAX_FILE_MB, default 50 MB)."""
    raw = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_MB * 1024**2
    try:
        megabytes = float(raw)
    except ValueError:
        raise IngestError(f"{MAX_FILE_MB_ENV}={raw!r} is not a number of megabytes") from None
    if megabytes <= 0:
        raise IngestError(f"{MAX_FILE_MB_ENV}={raw!r} must be more than 0")
    return int(megabytes * 1024**2)


def _too_big(size: int, limit: int) -> IngestError:
    return IngestError(f"the file is {size / 1024**2:,.1f} MB, over the {limit / 1024**2:,.0f} MB "
                       f"limit (the environment variable {MAX_FILE_MB_ENV} changes it)")


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or (start.startswith(b"<?xml") and b"<html" in start)


def detect_format(data: bytes, suffix: str) -> str:
    """Returns the suffix whose reader fits the content: the file's own suffix unless the
    content clearly is another format (magic bytes of PDF, ZIP/Word, OLE/Word 97, images,
    HTML)."""
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    image_format = image_suffix(head, suffix)
    if image_format:
        return image_format
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if suffix in ARCHIVE_SUFFIXES or suffix == ".docx":
            return suffix
        return ".docx" if b"word/document.xml" in data else ".zip"
    if head.startswith(OLE_MAGIC):
        # A password-protected .docx is an OLE container holding an EncryptedPackage.
        return ".docx" if "EncryptedPackage".encode("utf-16-le") in data else ".doc"
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    if b"MIME-Version:" in head[:512] and b"multipart/related" in head.lower():
        return suffix if suffix in (".mht", ".mhtml") else ".mht"
    if suffix not in (".html", ".htm") and _looks_like_html(head):
        return ".html"
    return suffix


def check_is_report(text: str) -> None:
    """Raises IngestError when the text cannot be a rule-of-law report: empty, too short,
    or without any rule-of-law word."""
    if not text.strip():
        raise IngestError("no text in the file")
    chinese = count_han(text)
    if chinese < MIN_REPORT_CHARS:
        raise IngestError(f"not a report: only {chinese} Chinese characters (a report has at "
                          f"least {MIN_REPORT_CHARS})")
    if not any(word in text for word in REPORT_WORDS):
        raise IngestError("not a rule-of-law report: none of 法治, 依法, 法律, 法制, 执法, 法规 occurs")


def read_bytes(data: bytes, suffix: str, max_bytes: int | None = None) -> IngestedReport:
    """Returns the report held in the bytes of a file with that suffix; raises IngestError."""
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    if len(data) > limit:
        raise _too_big(len(data), limit)
    suffix = suffix.lower()
    fmt = detect_format(data, suffix)
    if fmt in ARCHIVE_SUFFIXES:
        return _read_single_member(data, limit)
    reader = READERS.get(fmt)
    if reader is None:
        if fmt == ".rtf":
            raise IngestError("an RTF file: save it as .docx or .pdf to score it")
        raise IngestError(f"unsupported file type {suffix or '(no extension)'!r} "
                          f"(supported: {', '.join(supported_suffixes())})")
    report = reader(data)
    check_is_report(report.text)
    notes = list(report.notes)
    if fmt != suffix and not {fmt, suffix} <= {".html", ".htm"}:
        notes.insert(0, f"read as {FORMAT_NAMES.get(fmt, fmt)}: that is what the file holds, "
                        f"whatever its name ({suffix or 'no extension'}) says")
    if is_mostly_traditional(report.text):
        notes.append("written in traditional characters: converted to simplified before matching")
    return IngestedReport(report.text, tuple(notes))


def _read_single_member(data: bytes | str, limit: int) -> IngestedReport:
    """Returns the report of an archive that holds exactly one; an archive of several is
    scored member by member through `find_reports`."""
    members = archive.list_members(data, limit)
    if not members:
        raise IngestError("the archive holds no files")
    if len(members) > 1:
        raise IngestError(f"an archive of {len(members)} files: give it to `fazhi score`, which "
                          f"scores every member")
    name, chain = members[0]
    return read_bytes(archive.member_bytes(data, chain, limit), Path(name).suffix, limit)


def read_report(path: Path) -> IngestedReport:
    """Returns the text of the report at `path`; raises IngestError naming the reason."""
    if not path.exists():
        raise IngestError("file not found")
    if path.is_dir():
        raise IngestError("is a folder, not a report file")
    limit = max_file_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_big(size, limit)
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read the file: {exc.strerror or exc}") from None
    return read_bytes(data, path.suffix, limit)


@dataclass(frozen=True)
class Source:
    """One report to read: its display name and how to get its text."""

    name: str
    path: Path

    def read(self) -> IngestedReport:
        """Returns the report's text; raises IngestError with the reason."""
        return read_report(self.path)


@dataclass(frozen=True)
class ArchiveMember(Source):
    """A report inside a ZIP archive (`path`); `chain` holds the raw member names from the
    outermost archive in, so that archives inside archives can be read."""

    chain: tuple[str, ...] = ()

    def read(self) -> IngestedReport:
        """Returns the member's text; raises IngestError with the reason."""
        limit = max_file_bytes()
        data = archive.member_bytes(str(self.path), self.chain, limit)
        return read_bytes(data, Path(self.name).suffix, limit)


def _sources_of_file(path: Path) -> list[Source]:
    """Returns the sources of one file: itself, or the members of an archive. An archive
    that cannot be listed is one source, whose reading reports why."""
    if path.suffix.lower() not in ARCHIVE_SUFFIXES:
        return [Source(str(path), path)]
    try:
        members = archive.list_members(str(path), max_file_bytes())
    except Exception:  # noqa: BLE001 — not lost: reading the archive as one source reports it
        return [Source(str(path), path)]
    if not members:
        return [Source(str(path), path)]
    return [ArchiveMember(f"{path}/{name}", path, chain) for name, chain in sorted(members)]


def find_reports(paths: Iterable[str | Path]) -> list[Source]:
    """Returns a source for every file named or found below the given folders, and for
    every member of the ZIP archives among them, sorted.

    Unsupported files are returned too, so that the batch reports them as errors instead of
    skipping them silently; only hidden files (dot-files) inside folders are left out.
    """
    found: list[Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    found.extend(_sources_of_file(p))
        else:
            found.extend(_sources_of_file(path))
    return found
