"""Terminal tables (rich): what `fazhi score` and `fazhi rank` print by default."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scorer.batch import Batch
from scorer.catalogue import STATUS_LABELS, STATUSES
from scorer.checklist import Checklist
from scorer.rank import missing_parts, ranking

_COUNTED = [s for s in STATUSES if s != "not_applicable"]


def _to_text(*renderables) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=160, force_terminal=False, color_system=None)
    for r in renderables:
        console.print(r)
    return buffer.getvalue()


def _errors_table(batch: Batch) -> Table:
    errors = Table(title="无法评分的文件 (errors)", title_justify="left")
    errors.add_column("file", overflow="fold")
    errors.add_column("error", overflow="fold")
    for e in batch.errors:
        errors.add_row(e.file, e.error)
    return errors


def render_scores(batch: Batch, checklist: Checklist) -> str:
    table = Table(title=f"评分结果 · checklist {checklist.id} v{checklist.version}", title_justify="left")
    for col in ("file", "单位 issuer", "类型", "年度", "得分", "质量", *[STATUS_LABELS[s] for s in _COUNTED],
                "缺少的法定部分"):
        table.add_column(col, overflow="fold")
    for r in batch.results:
        quality = "—" if r.quality_score is None else f"{r.quality_score:.0f}"
        ocr = " [OCR]" if any(n.startswith("OCR") for n in r.notes) else ""
        table.add_row(Path(r.file).name + ocr, r.meta.issuer or "—", r.meta.profile, str(r.meta.year or "—"),
                      f"{r.score:.1f}", quality,
                      *[str(r.total.counts[s]) for s in _COUNTED], "；".join(missing_parts(r, checklist)) or "—")
    parts = [table] + ([_errors_table(batch)] if batch.errors else [])
    return _to_text(*parts)


def render_ranking(batch: Batch, checklist: Checklist) -> str:
    table = Table(title="排名 ranking", title_justify="left")
    for col in ("排名", "单位", "类型", "得分", "得分率", *[STATUS_LABELS[s] for s in _COUNTED], "缺少的法定部分"):
        table.add_column(col, overflow="fold")
    for row in ranking(batch.results, checklist):
        table.add_row(str(row.rank), row.issuer, checklist.profiles.names.get(row.profile, row.profile),
                      f"{row.score:.1f}", f"{row.rate:.1f}%", *[str(row.counts[s]) for s in _COUNTED],
                      "；".join(row.missing_parts) or "—")
    parts = [table] + ([_errors_table(batch)] if batch.errors else [])
    return _to_text(*parts)
