"""Scores many report files: every file found is either scored or listed with its error.

Errors are values here: one unreadable file becomes a row of `Batch.errors` and the rest
of the batch goes on. Nothing is skipped silently: `found == len(results) + len(errors)`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scorer.checklist import Checklist
from scorer.engine import ReportResult, score_source
from scorer.ingest import IngestError, Source, find_reports


@dataclass(frozen=True)
class FileError:
    """A file that could not be scored, and why."""

    file: str
    error: str


@dataclass
class Batch:
    """The results of scoring a set of files."""

    results: list[ReportResult] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)

    @property
    def found(self) -> int:
        return len(self.results) + len(self.errors)


def score_one(source: Source, checklist: Checklist, profile: str | None) -> ReportResult | FileError:
    """Returns the result of one report, or its error (never raises for a bad file)."""
    try:
        return score_source(source, checklist, profile=profile)
    except IngestError as exc:
        return FileError(source.name, str(exc))
    except Exception as exc:  # a bug must not lose the batch: record it with its origin
        origin = traceback.extract_tb(exc.__traceback__)[-1]
        return FileError(source.name, f"internal error {type(exc).__name__}: {exc} "
                                      f"(at {Path(origin.filename).name}:{origin.lineno})")


def score_paths(paths: Iterable[str | Path], checklist: Checklist, profile: str | None = None,
                progress: Callable[[Source], None] | None = None, jobs: int = 1) -> Batch:
    """Returns the batch result of every report named or found in the given folders.

    `jobs` is the number of worker processes (1 = in this process); results come back in
    the order of the sources whatever `jobs` is.
    """
    batch = Batch()
    for source in find_reports(paths):
        if progress:
            progress(source)
        outcome = score_one(source, checklist, profile)
        if isinstance(outcome, FileError):
            batch.errors.append(outcome)
        else:
            batch.results.append(outcome)
    return batch
