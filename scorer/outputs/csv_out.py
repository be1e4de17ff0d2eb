"""CSV outputs (written as utf-8-sig so that Excel and WPS open Chinese text correctly)."""

from __future__ import annotations

import csv
import io

from scorer.batch import Batch
from scorer.catalogue import PART_LABELS, STATUS_LABELS, STATUSES
from scorer.checklist import Checklist
from scorer.engine import points
from scorer.rank import ranking


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def render_elements(batch: Batch, checklist: Checklist) -> str:
    """Returns one row per report × element, with status, points and the first evidence."""
    header = ["file", "issuer", "profile", "year", "checklist", "score", "element_id", "要素", "group", "status",
              "状态", "weight", "points", "evidence", "evidence_part", "reason", "confidence",
              "machine_status", "reviewer", "notes"]
    rows = []
    for r in batch.results:
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
    return _csv(header, rows)


def render_ranking(batch: Batch, checklist: Checklist) -> str:
    """Returns the ranking table: rank, issuer, profile, score, 得分率, status counts."""
    header = ["排名", "单位", "类型", "年度", "得分", "得分率(%)", "得分点", "满分点", "质量分",
              *[STATUS_LABELS[s] for s in STATUSES if s != "not_applicable"],
              "缺少的法定部分", "按时报送", "file"]
    rows = [[row.rank, row.issuer, checklist.profiles.names.get(row.profile, row.profile), row.year or "",
             row.score, row.rate, row.earned, row.possible,
             "" if row.quality is None else row.quality,
             *[row.counts[s] for s in STATUSES if s != "not_applicable"],
             "；".join(row.missing_parts), STATUS_LABELS[row.timeliness], row.file]
            for row in ranking(batch.results, checklist)]
    return _csv(header, rows)


def render_errors(batch: Batch, checklist: Checklist) -> str:
    """Returns the files that could not be scored, with the reason."""
    return _csv(["file", "error"], [[e.file, e.error] for e in batch.errors])
