"""What every reader returns (`IngestedReport`) or raises (`IngestError`)."""

from __future__ import annotations

from dataclasses import dataclass


class IngestError(Exception):
    """A report file that cannot be turned into text; the message says why, in one line."""


@dataclass(frozen=True)
class IngestedReport:
    """The text of one report file, with notes about how it was read (encoding, OCR …).

    The notes travel into `ReportResult.notes` and so into every output that shows notes.
    """

    text: str
    notes: tuple[str, ...] = ()
