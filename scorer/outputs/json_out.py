"""JSON output: the contract our evaluations read (see README "JSON output").

`ReportsJson` streams: the opening and each report's object are written as they come, the
errors, stale reviews and counts at the end; the text is the one `json.dumps(batch_dict(…),
indent=2)` gives for the whole batch.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from scorer.batch import Batch, BatchSummary
from scorer.checklist import Checklist
from scorer.engine import ReportResult, points
from scorer.outputs.writer import BatchWriter
from scorer.quality import QualitySignal
from scorer.rank import ranking


def report_dict(result: ReportResult, checklist: Checklist) -> dict:
    """Returns one report as the JSON contract's object (plus extra keys)."""
    meta = result.meta
    elements = {}
    for d in result.decisions:
        element = checklist.element(d.element_id)
        elements[d.element_id] = {
            "status": d.status,
            "score": points(result, d, checklist),
            "weight": element.weight,
            "evidence": [{"text": e.text, "part": e.part} for e in d.evidence],
            "name": element.name,
            "group": element.group,
            "reason": d.reason,
            "confidence": d.confidence,
            "flags": list(d.flags),
        }
        if d.review:
            elements[d.element_id]["review"] = d.review | {"machine_status": d.machine_status}
    return {
        "file": result.file,
        "title": meta.title,
        "issuer": meta.issuer,
        "year": meta.year,
        "date": meta.date.isoformat() if meta.date else None,
        "profile": meta.profile,
        "score": result.score,
        "elements": elements,
        "profile_guessed": meta.profile_guessed,
        "doc_number": meta.doc_number,
        "signatory": meta.signatory,
        "addressee": meta.addressee,
        "deadline": result.due.isoformat() if result.due else None,
        "earned": result.total.earned,
        "possible": result.total.possible,
        "counts": result.total.counts,
        "groups": {g: {"score": s.score, "earned": s.earned, "possible": s.possible, "counts": s.counts}
                   for g, s in result.groups.items()},
        "notes": list(result.notes),
        "checklist": {"id": result.checklist_id, "version": result.checklist_version,
                      "label": result.checklist_label},
        "checklist_score": result.checklist_score,
        "quality_score": result.quality_score,
        "quality": {q.id: quality_dict(q) for q in result.quality},
        "text_hash": result.text_hash,
    }


def quality_dict(signal: QualitySignal) -> dict:
    """Returns one quality signal with the sentences behind it."""
    return {"name": signal.name, "value": signal.value, "score": signal.score, "summary": signal.summary,
            "items": [{"text": i.text, "part": i.part, "ok": i.ok, "note": i.note} for i in signal.items]}


def _checklist_dict(checklist: Checklist) -> dict:
    return {"id": checklist.id, "version": checklist.version, "path": checklist.path,
            "sources": list(checklist.sources), "label": checklist.label()}


def _tail(batch: Batch | BatchSummary) -> dict:
    """Returns the keys that follow the reports: errors, stale reviews, counts."""
    scored = len(batch.results) if isinstance(batch, Batch) else batch.scored
    return {
        "errors": [{"file": e.file, "error": e.error} for e in batch.errors],
        "stale_reviews": [{"file": s.file, "element_id": s.review.element_id, "status": s.review.status,
                           "reviewer": s.review.reviewer, "date": s.review.date, "why": s.why}
                          for s in batch.stale_reviews],
        "summary": {"found": batch.found, "scored": scored, "failed": len(batch.errors)},
    }


def batch_dict(batch: Batch, checklist: Checklist) -> dict:
    """Returns a batch held whole as the JSON contract's object."""
    return {"checklist": _checklist_dict(checklist),
            "reports": [report_dict(r, checklist) for r in batch.results]} | _tail(batch)


def indented_json(value: object, depth: int) -> str:
    """Returns `value` as indented JSON placed `depth` levels deep (JSON escapes the line
    breaks inside strings, so every line break is the layout's)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


class ReportsJson(BatchWriter):
    """results.json: {"checklist", "reports": [...], "errors", "stale_reviews", "summary"}."""

    def __init__(self, out: TextIO, checklist: Checklist):
        super().__init__(out, checklist)
        self.reports = 0
        out.write('{\n  "checklist": ' + indented_json(_checklist_dict(checklist), 1) + ',\n  "reports": [')

    def add(self, result: ReportResult) -> None:
        self.out.write(("\n" if not self.reports else ",\n") + "    " + indented_json(report_dict(result, self.checklist), 2))
        self.reports += 1

    def finish(self, batch: BatchSummary) -> None:
        self.out.write("\n  ]" if self.reports else "]")
        for key, value in _tail(batch).items():
            self.out.write(f',\n  "{key}": ' + indented_json(value, 1))
        self.out.write("\n}\n")


class RankingJson(BatchWriter):
    """The ranking as JSON: {"ranking": [...], "errors": [...]}."""

    def finish(self, batch: BatchSummary) -> None:
        rows = [asdict(row) | {"missing_parts": list(row.missing_parts)}
                for row in ranking(batch.reports, self.checklist)]
        errors = [{"file": e.file, "error": e.error} for e in batch.errors]
        self.out.write(json.dumps({"ranking": rows, "errors": errors}, ensure_ascii=False, indent=2) + "\n")
