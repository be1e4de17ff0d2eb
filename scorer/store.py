"""The history of scores across years: an embedded SQLite database keyed by issuer and year.

Choices (README "Outputs for the office"):
- One row per (issuer, reporting year). Scoring the same report again replaces its row and
  its element statuses; it never adds a second one.
- A rank in the history is the rank among every report of that year kept in the database
  (ties share a rank), so it stays right when a year's reports are scored in several runs.
- The previous year of a report is the latest earlier year kept for the same issuer.
- The schema is versioned with SQLite's `user_version`; `MIGRATIONS[i]` takes a database
  from version i to i + 1, and a database written by a newer fazhi is refused, not touched.
- The default file is `fazhi-history.sqlite` in the current folder (one file per office,
  kept across years, unlike an output folder that is made per batch); `FAZHI_HISTORY_DB`
  or `--history-db` point elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scorer.engine import ReportResult

if TYPE_CHECKING:
    from typing import Self

    from scorer.similarity import SimilarityConfig

DEFAULT_DB_NAME = "fazhi-history.sqlite"
DB_ENV = "FAZHI_HISTORY_DB"

MIGRATIONS: tuple[str, ...] = (
    # 0 → 1: reports and the status of every element of each.
    """
    CREATE TABLE reports (
        issuer TEXT NOT NULL,
        year INTEGER NOT NULL,
        profile TEXT NOT NULL,
        score REAL NOT NULL,
        earned REAL NOT NULL,
        possible REAL NOT NULL,
        counts TEXT NOT NULL,
        file TEXT NOT NULL,
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        scored_at TEXT NOT NULL,
        PRIMARY KEY (issuer, year)
    );
    CREATE TABLE element_status (
        issuer TEXT NOT NULL,
        year INTEGER NOT NULL,
        element_id TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (issuer, year, element_id),
        FOREIGN KEY (issuer, year) REFERENCES reports (issuer, year) ON DELETE CASCADE
    );
    """,
    # 1 → 2: the normalised text, so that next year's report can be compared with it
    # (share of text carried over unchanged, scorer/similarity.py).
    "ALTER TABLE reports ADD COLUMN text TEXT;",
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(Exception):
    """The history database cannot be used; the message names the file and the reason."""


def default_db_path() -> Path:
    """Returns the history database path: $FAZHI_HISTORY_DB, else ./fazhi-history.sqlite."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB_NAME)


@dataclass(frozen=True)
class YearEntry:
    """One report kept in the history, with its rank among that year's reports."""

    issuer: str
    year: int
    profile: str
    score: float
    rank: int
    ranked_of: int
    statuses: dict[str, str]
    file: str
    checklist: str
    scored_at: str
    text: str | None = None  # the normalised text, when it was kept


@dataclass(frozen=True)
class Change:
    """How a report compares with the same issuer's previous year in the history."""

    issuer: str
    year: int
    score: float
    rank: int
    ranked_of: int
    previous_year: int
    previous_score: float
    previous_rank: int
    previous_ranked_of: int
    newly_met: tuple[str, ...]  # element ids met now and not met before
    lost: tuple[str, ...]  # element ids met before and not met now
    same_checklist: bool
    carried_over: float | None = None  # share of this year's text unchanged from last year's
    carried_passages: int = 0

    @property
    def score_delta(self) -> float:
        return round(self.score - self.previous_score, 1)

    @property
    def rank_delta(self) -> int:
        """Places gained since the previous year (positive = moved up)."""
        return self.previous_rank - self.rank


@dataclass(frozen=True)
class NotStored:
    """A scored report that the history could not keep, and why."""

    file: str
    reason: str


def issuer_key(issuer: str) -> str:
    """Returns the issuer as stored: inner whitespace collapsed to one space."""
    return " ".join(issuer.split())


class History:
    """An open history database; use `open_history(path)`."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.connection = connection
        self.path = path
        self._ranks_of: dict[int, tuple[dict[str, int], int]] = {}  # by year, until the next write

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def record(self, results: Iterable[ReportResult], *, now: dt.datetime | None = None,
               texts: Mapping[str, str] | None = None) -> list[NotStored]:
        """Stores every result under (issuer, year), replacing an earlier row, with its
        normalised text when `texts` (by file) has it; returns those it could not key (no
        issuer or no reporting year) and those a later one replaced."""
        with self.recorder(now) as recorder:
            for r in results:
                recorder.add(r, (texts or {}).get(r.file))
        return recorder.skipped

    def recorder(self, now: dt.datetime | None = None) -> Recorder:
        """Returns a recorder that stores results one at a time as a batch streams, in one
        transaction (committed when its `with` block ends without an error)."""
        return Recorder(self, (now or dt.datetime.now()).isoformat(timespec="seconds"))

    def _replace(self, r: ReportResult, key: tuple[str, int], stamp: str, text: str | None) -> None:
        self._ranks_of.clear()
        # Deleting first lets the cascade drop element rows of a checklist that has changed.
        self.connection.execute("DELETE FROM reports WHERE issuer = ? AND year = ?", key)
        self.connection.execute(
            "INSERT INTO reports (issuer, year, profile, score, earned, possible, counts, file, checklist_id,"
            " checklist_version, scored_at, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*key, r.meta.profile, r.score, r.total.earned, r.total.possible,
             json.dumps(r.total.counts), r.file, r.checklist_id, r.checklist_version, stamp, text))
        self.connection.executemany(
            "INSERT INTO element_status VALUES (?, ?, ?, ?)",
            [(*key, d.element_id, d.status) for d in r.decisions])

    def issuers(self) -> list[str]:
        """Returns every issuer kept, sorted."""
        return [row[0] for row in self.connection.execute("SELECT DISTINCT issuer FROM reports ORDER BY issuer")]

    def _ranks(self, year: int) -> tuple[dict[str, int], int]:
        # Kept until the next write: comparing a batch of N reports asks for the same
        # year's ranks N times.
        if year not in self._ranks_of:
            rows = self.connection.execute("SELECT issuer, score FROM reports WHERE year = ? ORDER BY score DESC",
                                           (year,)).fetchall()
            ranks: dict[str, int] = {}
            for i, (issuer, score) in enumerate(rows):
                ranks[issuer] = ranks[rows[i - 1][0]] if i and rows[i - 1][1] == score else i + 1
            self._ranks_of[year] = (ranks, len(rows))
        return self._ranks_of[year]

    def entries(self, issuer: str) -> list[YearEntry]:
        """Returns the issuer's reports kept in the history, oldest year first."""
        key = issuer_key(issuer)
        rows = self.connection.execute(
            "SELECT year, profile, score, file, checklist_id, checklist_version, scored_at, text "
            "FROM reports WHERE issuer = ? ORDER BY year", (key,)).fetchall()
        entries = []
        for year, profile, score, file, cl_id, cl_version, scored_at, text in rows:
            ranks, total = self._ranks(year)
            statuses = dict(self.connection.execute(
                "SELECT element_id, status FROM element_status WHERE issuer = ? AND year = ?", (key, year)))
            entries.append(YearEntry(key, year, profile, score, ranks[key], total, statuses, file,
                                     f"{cl_id} v{cl_version}", scored_at, text))
        return entries

    def change(self, issuer: str, year: int, similarity: SimilarityConfig | None = None) -> Change | None:
        """Returns the comparison of the issuer's `year` with its previous kept year, or None
        when either is not in the history."""
        entries = {e.year: e for e in self.entries(issuer)}
        current = entries.get(year)
        earlier = [y for y in entries if y < year]
        if current is None or not earlier:
            return None
        return compare(entries[max(earlier)], current, similarity)


class Recorder:
    """Stores results in the history one at a time (see `History.recorder`); `skipped` lists
    those it could not key and those a later one of the same issuer and year replaced."""

    def __init__(self, history: History, stamp: str):
        self.history = history
        self.stamp = stamp
        self.skipped: list[NotStored] = []
        self._kept: dict[tuple[str, int], str] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.history.connection.commit()
        else:
            self.history.connection.rollback()
            self.history._ranks_of.clear()

    def add(self, r: ReportResult, text: str | None = None) -> None:
        """Stores one result (with its normalised text), replacing an earlier row of the
        same issuer and year."""
        if not r.meta.issuer or r.meta.year is None:
            missing = "issuer" if not r.meta.issuer else "reporting year"
            self.skipped.append(NotStored(r.file, f"not kept in history: no {missing} recognised"))
            return
        key = (issuer_key(r.meta.issuer), r.meta.year)
        if key in self._kept:
            self.skipped.append(NotStored(self._kept[key], f"replaced in history by {r.file} "
                                                           f"(same issuer {key[0]} and year {key[1]})"))
        self._kept[key] = r.file
        self.history._replace(r, key, self.stamp, text)


def compare(previous: YearEntry, current: YearEntry, similarity: SimilarityConfig | None = None) -> Change:
    """Returns the change from one year's entry to a later one of the same issuer, with the
    share of text carried over unchanged when both texts were kept."""
    common = [eid for eid in current.statuses if eid in previous.statuses]
    carried = None
    if previous.text and current.text:
        from scorer.similarity import SimilarityConfig, carried_over

        carried = carried_over(previous.text, current.text, similarity or SimilarityConfig())
    return Change(
        issuer=current.issuer, year=current.year, score=current.score, rank=current.rank,
        ranked_of=current.ranked_of, previous_year=previous.year, previous_score=previous.score,
        previous_rank=previous.rank, previous_ranked_of=previous.ranked_of,
        newly_met=tuple(e for e in common if current.statuses[e] == "met" and previous.statuses[e] != "met"),
        lost=tuple(e for e in common if previous.statuses[e] == "met" and current.statuses[e] != "met"),
        same_checklist=previous.checklist == current.checklist,
        carried_over=None if carried is None else round(carried.share, 3),
        carried_passages=0 if carried is None else len(carried.passages),
    )


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(f"{path}: history schema version {version} is newer than this fazhi "
                           f"understands ({SCHEMA_VERSION}); upgrade fazhi-scorer")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        # One transaction per step: a failed step leaves the database at the previous version.
        connection.executescript(f"BEGIN; {MIGRATIONS[target - 1]} PRAGMA user_version = {target}; COMMIT;")


def open_history(path: str | Path) -> History:
    """Returns the history database at `path`, created or migrated to the current schema;
    raises HistoryError when the file is not a usable fazhi history."""
    path = Path(path)
    if path.is_dir():
        raise HistoryError(f"{path}: is a folder, not a history database file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise HistoryError(f"{path}: cannot open the history database ({exc})") from None
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, path)
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise HistoryError(f"{path}: not a usable history database ({exc})") from None
    except HistoryError:
        connection.close()
        raise
    return History(connection, path)
