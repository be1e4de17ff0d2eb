"""JSON output: the contract our evaluations read (see README "JSON output")."""

from __future__ import annotations

import json
from dataclasses import asdict

from scorer.batch import Batch
from scorer.checklist import Checklist
from scorer.engine import ReportResult, points
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


def batch_dict(batch: Batch, checklist: Checklist) -> dict:
    return {
        "checklist": {"id": checklist.id, "version": checklist.version, "path": checklist.path,
                      "sources": list(checklist.sources), "label": checklist.label()},
        "reports": [report_dict(r, checklist) for r in batch.results],
        "errors": [{"file": e.file, "error": e.error} for e in batch.errors],
        "stale_reviews": [{"file": s.file, "element_id": s.review.element_id, "status": s.review.status,
                           "reviewer": s.review.reviewer, "date": s.review.date, "why": s.why}
                          for s in batch.stale_reviews],
        "summary": {"found": batch.found, "scored": len(batch.results), "failed": len(batch.errors)},
    }


def render(batch: Batch, checklist: Checklist) -> str:
    return json.dumps(batch_dict(batch, checklist), ensure_ascii=False, indent=2) + "\n"


def render_ranking(batch: Batch, checklist: Checklist) -> str:
    rows = [asdict(row) | {"missing_parts": list(row.missing_parts)}
            for row in ranking(batch.results, checklist)]
    errors = [{"file": e.file, "error": e.error} for e in batch.errors]
    return json.dumps({"ranking": rows, "errors": errors}, ensure_ascii=False, indent=2) + "\n"
