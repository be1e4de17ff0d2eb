"""CSV outputs (written as utf-8-sig so that Excel and WPS open Chinese text correctly).

`ElementsCsv` writes each report's rows as it comes; the ranking and the errors are written
at the end, from the batch's summary.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from scorer.batch import BatchSummary
from scorer.catalogue import PART_LABELS, STATUS_LABELS, STATUSES
from scorer.checklist import Checklist
from scorer.engine import ReportResult, points
from scorer.outputs.writer import BatchWriter
from scorer.rank import ranking


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def element_rows(r: ReportResult, checklist: Checklist) -> list[list]:
    """Returns one report's rows: one per element (status, points, first evidence), then
    one per quality signal."""
    rows = []
    for d in r.decisions:
        el = checklist.element(d.element_id)
        first = d.evidence[0] if d.evidence else None
        rows.append([r.file, r.meta.issuer or "", r.meta.profile, r.meta.year or "", r.checklist_label,
                     r.score, d.element_id, el.name, el.group, d.status, STATUS_LABELS[d.status], el.weight,
                     points(r, d, checklist), first.text if first else "",
                     PART_LABELS.get(first.part, first.part) if first else "", d.reason, d.confidence,
                     d.machine_status or "", (d.review or {}).get("reviewer", ""), "；".join(r.notes)])
    for q in r.quality:
        flagged = next((i for i in q.items if not i.ok), None)
        rows.append([r.file, r.meta.issuer or "", r.meta.profile, r.meta.year or "", r.checklist_label,
                     r.score, q.id, q.name, "quality", "signal", "质量信号", checklist.quality.signals[q.id][1],
                     "" if q.score is None else q.score, flagged.text if flagged else "",
                     PART_LABELS.get(flagged.part, flagged.part) if flagged else "", q.summary, "", "", "",
                     "；".join(r.notes)])
    return rows


ELEMENT_COLUMNS = ("file", "issuer", "profile", "year", "checklist", "score", "element_id", "要素", "group",
                   "status", "状态", "weight", "points", "evidence", "evidence_part", "reason", "confidence",
                   "machine_status", "reviewer", "notes")


class ElementsCsv(BatchWriter):
    """results.csv: one row per report × element, with status, points and the first evidence."""

    def __init__(self, out: TextIO, checklist: Checklist):
        super().__init__(out, checklist)
        self.rows = csv.writer(out, lineterminator="\r\n")
        self.rows.writerow(ELEMENT_COLUMNS)

    def add(self, result: ReportResult) -> None:
        self.rows.writerows(element_rows(result, self.checklist))


class RankingCsv(BatchWriter):
    """ranking.csv: rank, issuer, profile, score, 得分率, status counts."""

    def finish(self, batch: BatchSummary) -> None:
        checklist = self.checklist
        header = ["排名", "单位", "类型", "年度", "得分", "得分率(%)", "得分点", "满分点", "质量分",
                  *[STATUS_LABELS[s] for s in STATUSES if s != "not_applicable"],
                  "缺少的法定部分", "按时报送", "file"]
        rows = [[row.rank, row.issuer, checklist.profiles.names.get(row.profile, row.profile), row.year or "",
                 row.score, row.rate, row.earned, row.possible,
                 "" if row.quality is None else row.quality,
                 *[row.counts[s] for s in STATUSES if s != "not_applicable"],
                 "；".join(row.missing_parts), STATUS_LABELS[row.timeliness], row.file]
                for row in ranking(batch.reports, checklist)]
        self.out.write(_csv(header, rows))


class ErrorsCsv(BatchWriter):
    """errors.csv: the files that could not be scored, with the reason."""

    def finish(self, batch: BatchSummary) -> None:
        self.out.write(_csv(["file", "error"], [[e.file, e.error] for e in batch.errors]))
