"""Reading report files of every format into text.

`read_report(path)` returns the text of one report or raises `IngestError` with a one-line
reason a clerk can act on. `find_reports(paths)` expands folders into the files to score.
One module per format; `READERS` maps a file suffix to its reader.
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


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """Returns every file named or found below the given folders, sorted, folders expanded.

    Unsupported files are returned too, so that the batch reports them as errors instead of
    skipping them silently; only hidden files (dot-files) inside folders are left out.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ))
        else:
            found.append(path)
    return found
