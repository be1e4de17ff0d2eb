"""ZIP archives: the names of their members and the bytes of one member, safely.

Member names: a name flagged as UTF-8 is taken as it is; an unflagged name (what Windows
zip tools write) is tried as UTF-8, then as GBK/GB18030, which is what a Chinese Windows
writes — Python's zipfile would show it as cp437 mojibake. An Info-ZIP Unicode path field,
when present, wins over both.

Zip bombs: an archive (or a .docx, which is a ZIP too) is refused before anything is
expanded when it has too many entries, when its entries declare more than
`MAX_ARCHIVE_TOTAL` bytes in all, or when a member expands more than `MAX_RATIO` times
(real documents compress 2–20 times; a bomb, hundreds or thousands). Expanded bytes are
counted as they come, so a member whose header lies about its size is stopped at the limit.
Archives inside archives are read up to `MAX_NESTING` levels deep.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import PurePosixPath

from scorer.ingest.ingested import IngestError

MAX_ENTRIES = 10_000
MAX_ARCHIVE_TOTAL = 2 * 1024**3
MAX_RATIO = 200
# A small member may compress very well (a page of spaces) without being a bomb.
_RATIO_FLOOR = 1024**2
MAX_NESTING = 3
_UNICODE_PATH_FIELD = 0x7075
_CHUNK = 1024**2


def member_name(info: zipfile.ZipInfo) -> str:
    """Returns the member's name as its author wrote it (UTF-8, GBK or Info-ZIP Unicode)."""
    unicode_path = _unicode_path_field(info.extra)
    if unicode_path is not None:
        return unicode_path
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unicode_path_field(extra: bytes) -> str | None:
    pos = 0
    while pos + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4:pos + 4 + size]
        if field_id == _UNICODE_PATH_FIELD and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        pos += 4 + size
    return None


def is_hidden(name: str) -> bool:
    """Returns True for folders, macOS resource forks (__MACOSX/) and dot-files: not reports."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return name.endswith(("/", "\\")) or any(p.startswith(".") or p == "__MACOSX" for p in parts)


def check_sizes(archive: zipfile.ZipFile, what: str = "archive") -> None:
    """Raises IngestError when the archive's entries look like a zip bomb; expands nothing."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise IngestError(f"zip bomb? the {what} has {len(infos)} entries (at most {MAX_ENTRIES} are read)")
    total = sum(i.file_size for i in infos)
    if total > MAX_ARCHIVE_TOTAL:
        raise IngestError(f"zip bomb? the {what} would expand to {total / 1024**2:,.0f} MB")
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise IngestError(
                f"zip bomb? {member_name(info)} in the {what} expands {info.file_size // max(1, info.compress_size)}"
                f" times ({info.compress_size / 1024:,.0f} KB to {info.file_size / 1024**2:,.0f} MB)")


def open_archive(data: bytes | str, what: str = "archive") -> zipfile.ZipFile:
    """Returns the opened archive (from its bytes or its path) after the zip-bomb checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(f"not a readable ZIP archive ({exc})") from None
    check_sizes(archive, what)
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """Returns the expanded bytes of one member, refusing more than `max_bytes` whatever
    its header says."""
    if info.flag_bits & 0x1:
        raise IngestError("the archive member is password-protected")
    if info.file_size > max_bytes:
        raise IngestError(f"the file is {info.file_size / 1024**2:,.1f} MB, over the "
                          f"{max_bytes / 1024**2:,.0f} MB limit (FAZHI_MAX_FILE_MB changes it)")
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > max_bytes:
                    raise IngestError(f"zip bomb? the member expands past the "
                                      f"{max_bytes / 1024**2:,.0f} MB limit although it declares "
                                      f"{info.file_size / 1024**2:,.1f} MB")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise IngestError(f"the archive member is damaged ({exc})") from None
    return bytes(out)


def list_members(data: bytes | str, max_bytes: int, depth: int = 0) -> list[tuple[str, tuple[str, ...]]]:
    """Returns (display name, chain of raw member names) of every report in an archive,
    archives inside it expanded; raises IngestError when the archive cannot be listed."""
    found: list[tuple[str, tuple[str, ...]]] = []
    with open_archive(data) as archive:
        for info in archive.infolist():
            name = member_name(info).replace("\\", "/")
            if info.is_dir() or is_hidden(name):
                continue
            if name.lower().endswith(".zip") and depth + 1 < MAX_NESTING:
                try:
                    inner = list_members(read_member(archive, info, max_bytes), max_bytes, depth + 1)
                except IngestError:
                    inner = []  # listed as it is below: reading it then says what is wrong
                if inner:
                    found += [(f"{name}/{n}", (info.filename, *c)) for n, c in inner]
                    continue
            found.append((name, (info.filename,)))
    return found


def member_bytes(data: bytes | str, chain: tuple[str, ...], max_bytes: int) -> bytes:
    """Returns the bytes of the member at the end of `chain` (raw names, outermost first)."""
    for raw in chain:
        with open_archive(data) as archive:
            try:
                info = archive.getinfo(raw)
            except KeyError:
                raise IngestError(f"the archive has no member {raw!r}") from None
            data = read_member(archive, info, max_bytes)
    assert isinstance(data, bytes)
    return data
