"""Reading report files of every format into text.

`find_reports(paths)` expands files and folders into `Source`s — one per report, named as
the user should see it (an archive member would be `batch.zip/member.docx`). `Source.read()`
(or `read_report(path)`) returns the text of one report or raises `IngestError` with a
one-line reason a clerk can act on. One module per format; `READERS` maps a file suffix to
its reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scorer.ingest.text import read_text_file


class IngestError(Exception):
    """A report file that cannot be turned into text; the message says why."""


@dataclass(frozen=True)
class IngestedReport:
    """The text of one report file, with notes about how it was read (e.g. encoding)."""

    text: str
    notes: tuple[str, ...] = ()


READERS: dict[str, Callable[[Path], IngestedReport]] = {
    ".txt": lambda p: IngestedReport(*read_text_file(p, IngestError)),
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(READERS))


def read_report(path: Path) -> IngestedReport:
    """Returns the text of the report at `path`; raises IngestError naming the reason."""
    if not path.exists():
        raise IngestError("file not found")
    if path.is_dir():
        raise IngestError("is a folder, not a report file")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise IngestError(
            f"unsupported file type {path.suffix or '(no extension)'!r} "
            f"(supported: {', '.join(supported_suffixes())})"
        )
    return reader(path)


@dataclass(frozen=True)
class Source:
    """One report to read: its display name and how to get its text."""

    name: str
    path: Path

    def read(self) -> IngestedReport:
        """Returns the report's text; raises IngestError with the reason."""
        return read_report(self.path)


def find_reports(paths: Iterable[str | Path]) -> list[Source]:
    """Returns a source for every file named or found below the given folders, sorted.

    Unsupported files are returned too, so that the batch reports them as errors instead of
    skipping them silently; only hidden files (dot-files) inside folders are left out.
    """
    found: list[Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(Source(str(p), p) for p in sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ))
        else:
            found.append(Source(str(path), path))
    return found
