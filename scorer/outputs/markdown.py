"""Markdown outputs: a readable section per report, written as each comes, and the ranking
table, written from the batch's summary."""

from __future__ import annotations

from typing import TextIO

from scorer.batch import BatchSummary, FileError
from scorer.catalogue import PART_LABELS, STATUS_LABELS, STATUSES
from scorer.checklist import Checklist
from scorer.engine import ReportResult, points
from scorer.outputs.writer import BatchWriter
from scorer.rank import gap_list, ranking


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def counts_line(counts: dict[str, int]) -> str:
    return "，".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUSES)


def report_markdown(r: ReportResult, checklist: Checklist) -> list[str]:
    m = r.meta
    lines = [
        f"## {m.issuer or r.file}",
        "",
        f"- 文件: `{r.file}`；评分清单: {r.checklist_label}",
        f"- 标题: {m.title or '（无标题）'}",
        (f"- 年度: {m.year or '未识别'}；类型: {checklist.profiles.names.get(m.profile, m.profile)}"
         f"{'（按单位名称推断）' if m.profile_guessed else '（指定）'}；成文日期: {m.date or '无'}；"
         f"报送期限: {r.due or '未知'}"),
        (f"- **得分 {r.score}**（清单得分 {r.checklist_score}，{r.total.earned}/{r.total.possible} 分；"
         f"质量分 {r.quality_score if r.quality_score is not None else '—'}）；{counts_line(r.total.counts)}"),
        "",
        "| 分组 | 得分 | 得分点/满分点 | 计数 |",
        "|---|---|---|---|",
    ]
    for g, sub in r.groups.items():
        name = checklist.groups.get(g, {}).get("name", g)
        lines.append(f"| {name} | {sub.score} | {sub.earned}/{sub.possible} | {counts_line(sub.counts)} |")
    lines += ["", "| 要素 | 状态 | 得分/权重 | 证据 |", "|---|---|---|---|"]
    for d in r.decisions:
        el = checklist.element(d.element_id)
        ev = d.evidence[0] if d.evidence else None
        quote = f"[{PART_LABELS.get(ev.part, ev.part)}] {ev.text}" if ev else d.reason
        reviewed = f"（人工复核，原判 {STATUS_LABELS[d.machine_status]}）" if d.review else ""
        lines.append(f"| `{d.element_id}` {el.name} | {STATUS_LABELS[d.status]}{reviewed} | "
                     f"{points(r, d, checklist)}/{el.weight:g} | {_cell(quote)} |")
    if r.quality:
        lines += ["", "| 质量信号 | 数值 | 得分 | 说明 |", "|---|---|---|---|"]
        lines += [f"| `{q.id}` {q.name} | {'—' if q.value is None else q.value} | "
                  f"{'—' if q.score is None else q.score} | {_cell(q.summary)} |" for q in r.quality]
    gaps = gap_list(r, checklist)
    if gaps:
        lines += ["", "### 缺项清单", ""]
        for group, items in gaps.items():
            lines.append(f"**{group}**")
            lines += [f"- {STATUS_LABELS[i.status]}：{i.name}（`{i.element_id}`）— {i.requirement}（依据：{i.source}）"
                      for i in items]
            lines.append("")
    if r.notes:
        lines += ["", "注: " + "；".join(r.notes)]
    return lines + [""]


def _lines(out: TextIO, lines: list[str]) -> None:
    out.write("".join(line + "\n" for line in lines))


def _errors(errors: list[FileError]) -> list[str]:
    return ["## 无法评分的文件", ""] + _table(["文件", "原因"], [[e.file, e.error] for e in errors])


class ScoresMd(BatchWriter):
    """results.md: a heading, one section per report, then the files that failed."""

    def __init__(self, out: TextIO, checklist: Checklist):
        super().__init__(out, checklist)
        _lines(out, [f"# 法治政府建设年度报告评分结果（清单 {checklist.label()}，{' + '.join(checklist.sources)}）", ""])

    def add(self, result: ReportResult) -> None:
        _lines(self.out, report_markdown(result, self.checklist))

    def finish(self, batch: BatchSummary) -> None:
        if batch.errors:
            _lines(self.out, _errors(batch.errors))


class RankingMd(BatchWriter):
    """ranking.md: the ranking table, then the files that failed."""

    def finish(self, batch: BatchSummary) -> None:
        checklist = self.checklist
        header = ["排名", "单位", "类型", "得分", "得分率", *[STATUS_LABELS[s] for s in STATUSES[:-1]], "缺少的法定部分"]
        rows = [[row.rank, row.issuer, checklist.profiles.names.get(row.profile, row.profile), row.score,
                 f"{row.rate}%", *[row.counts[s] for s in STATUSES[:-1]], "；".join(row.missing_parts) or "—"]
                for row in ranking(batch.reports, checklist)]
        lines = ["# 排名", ""] + _table(header, rows)
        if batch.errors:
            lines += [""] + _errors(batch.errors)
        _lines(self.out, lines)
