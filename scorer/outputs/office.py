"""The office's view of a batch, and the tables that every office output shows.

`office_batch(...)` adds to the scored batch what a supervisory office works with: the rank
of every unit overall and within its group (governments, townships, departments), the
group's and the batch's average 得分率, the rectification ledger (整改台账) of each unit, the
batch's common problems (共性问题) and the change against the previous year from the
history. `tables(office)` lays it out as named tables with English column ids and Chinese
labels; the workbook, the CSV/JSON files, the HTML pages and the letters all render these.

Choices (README "Outputs for the office"):
- Groups: 政府 = province, city and county governments; 乡镇（街道）; 部门.
- Averages are plain means of the units' 得分率 (every unit counts once).
- The ledger lists missing, planned-only and gap elements (partial ones are named in the
  letter as needing more substance, not as rectification items); weightless elements
  (part.other) never appear.
- A common problem is an element that at least two units miss (one, in a batch of one).
- A batch may be scored with several checklists (chosen by reporting year): each report's
  names, requirements and sources come from its own checklist, the cross-report tables
  (matrix, common problems, heat map) follow the first (default) one.

Memory (README "Speed and scale"): the view holds a `ReportSummary` per report, never the
full results. A `Unit` reads its full result back when an output asks for it (`unit.result`,
from the batch held whole or from the CLI's spool on disk), and every table is a generator
of rows, so the workbook, the CSV/JSON tables and the pages are written row by row and
report by report, whatever the number of reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from scorer.batch import Batch, BatchSummary
from scorer.catalogue import PART_LABELS, STATUS_LABELS, STATUSES
from scorer.checklist import Checklist, Element
from scorer.decide import Decision, Evidence
from scorer.engine import ReportResult
from scorer.outlines import ChecklistSet
from scorer.outputs.json_out import indented_json
from scorer.rank import RankRow, ReportSummary, rank_order, ranking
from scorer.store import Change

GROUP_LABELS = {"government": "政府", "township": "乡镇（街道）", "department": "部门"}
PROFILE_GROUP = {"province": "government", "city": "government", "county": "government",
                 "township": "township", "department": "department"}
LEDGER_STATUSES = ("missing", "planned", "gap")
COUNTED = tuple(s for s in STATUSES if s != "not_applicable")
_QUOTE_LIMIT = 80


def cn_date(day: dt.date | None) -> str:
    """Returns a date as an office writes it (2026年4月1日), or "" for None."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def quote(text: str, limit: int = _QUOTE_LIMIT) -> str:
    """Returns a sentence shortened for quoting in a cell or a letter."""
    return text if len(text) <= limit else text[:limit] + "……"


@dataclass(frozen=True)
class Settings:
    """What the office decides for a batch: letter date, rectification period, its name."""

    letter_date: dt.date
    deadline_days: int = 15
    office: str = "（反馈单位）"
    history_path: str | None = None

    @property
    def rectify_by(self) -> dt.date:
        return self.letter_date + dt.timedelta(days=self.deadline_days)


@dataclass(frozen=True)
class LedgerItem:
    """One row of a unit's rectification ledger (整改台账)."""

    issuer: str
    element_id: str
    name: str
    group: str
    status: str
    problem: str
    requirement: str
    source: str
    measure: str
    deadline: dt.date


@dataclass(frozen=True)
class Unit:
    """One scored report as the office sees it: its summary, rank and group; its full result
    is read back when asked for, never kept."""

    summary: ReportSummary
    row: RankRow
    slug: str  # file name stem of its HTML page and letters
    group: str  # government | township | department
    group_rank: int
    group_size: int
    change: Change | None
    partial: tuple[str, ...]  # element ids only partly met
    timeliness: str
    checklist: Checklist  # the checklist it was scored with
    rectify_by: dt.date
    load: Callable[[int], ReportResult] = field(repr=False, compare=False)

    @property
    def issuer(self) -> str:
        return self.row.issuer

    @property
    def result(self) -> ReportResult:
        """Returns the full result (read back from where the batch keeps it)."""
        return self.load(self.summary.key)

    @property
    def ledger(self) -> tuple[LedgerItem, ...]:
        """Returns the unit's rectification ledger (整改台账), in checklist order."""
        return ledger_items(self.result, self.checklist, self.issuer, self.rectify_by)


@dataclass(frozen=True)
class CommonProblem:
    """An element that several units miss."""

    group: str
    element_id: str
    name: str
    units: tuple[str, ...]
    statuses: dict[str, int]
    applicable: int


@dataclass
class OfficeBatch:
    """Everything the office outputs show about one batch."""

    batch: BatchSummary
    checklist: Checklist
    settings: Settings
    units: list[Unit]
    group_rates: dict[str, float]
    batch_rate: float
    common: list[CommonProblem]
    common_threshold: int
    texts: Mapping[str, str] = field(default_factory=dict)  # normalised report text by file
    notes: list[str] = field(default_factory=list)  # history and text-reading notes for the summary
    checklists: tuple[Checklist, ...] = ()  # every checklist of the batch, the default first

    def checklist_of(self, report: ReportResult | ReportSummary) -> Checklist:
        """Returns the checklist a report was scored with (the default when not among them)."""
        for checklist in self.checklists:
            if (checklist.id, checklist.version) == (report.checklist_id, report.checklist_version):
                return checklist
        return self.checklist

    @property
    def common_headline(self) -> str:
        groups = len({p.group for p in self.common})
        return f"{groups}大类{len(self.common)}条共性问题"

    @cached_property
    def group_averages(self) -> dict[str, float]:
        """Returns each checklist group's mean score over the reports where it counts."""
        sums: dict[str, list[float]] = {}
        for u in self.units:
            for g, score in u.summary.group_scores.items():
                sums.setdefault(g, []).append(score)
        return {g: round(sum(v) / len(v), 1) for g, v in sums.items()}

    @cached_property
    def rank_counts(self) -> Counter[int]:
        """Returns how many units hold each overall rank (more than one: a tie)."""
        return Counter(u.row.rank for u in self.units)

    @cached_property
    def group_rank_counts(self) -> Counter[tuple[str, int]]:
        """Returns how many units hold each (group, rank in the group)."""
        return Counter((u.group, u.group_rank) for u in self.units)


def _dates(report: ReportResult | ReportSummary) -> tuple[dt.date | None, dt.date | None]:
    if isinstance(report, ReportSummary):
        return report.date, report.due
    return report.meta.date, report.due


def timeliness_text(report: ReportResult | ReportSummary) -> str:
    """Returns the timeliness of a report in words (按时 / 逾期N天 / 未注明日期)."""
    date, due = _dates(report)
    if date is None:
        return "未注明成文日期"
    if due is None:
        return f"报告年度不明（成文日期{cn_date(date)}）"
    if date <= due:
        return f"按时（{cn_date(date)}，期限{cn_date(due)}）"
    return f"逾期{(date - due).days}天（{cn_date(date)}，期限{cn_date(due)}）"


def _problem(element: Element, d: Decision, result: ReportResult, checklist: Checklist) -> tuple[str, str]:
    """Returns (problem, suggested measure) of a ledger row, in the words of an office."""
    rule, name = element.rule, element.name
    first = quote(d.evidence[0].text) if d.evidence else ""
    if d.status == "planned":
        return (f"“{name}”仅见于下一年度工作安排，报告未反映本年度已开展的工作（原文：“{first}”）。",
                f"细化“{name}”的工作安排，明确责任人和时间节点，按期报送落实情况。")
    if d.status == "gap" and rule.type == "timeliness":
        return (f"报告{timeliness_text(result)}，未按期报送。",
                "今后按规定期限报送年度报告。")
    if d.status == "gap":
        return (f"报告将“{name}”列为不足或尚未开展（原文：“{first}”）。",
                f"针对“{name}”方面的不足制定整改措施，明确责任人和完成时限，按期报送整改进展。")
    if rule.type == "part":
        part = checklist.part_names.get(rule.part or "", name)
        return (f"报告缺少“{part}”部分。", f"按照{element.source}的要求补写“{part}”部分，修改后重新报送。")
    if rule.type == "timeliness":
        return ("报告未注明成文日期或报告年度，无法核实是否按期报送。", "在报告落款处注明成文日期，按规定期限报送。")
    if rule.type == "title":
        return ("报告没有标题。", "补写报告标题，写明单位名称和报告年度。")
    if rule.type == "signature":
        return ("报告末尾没有署名和成文日期。", "在报告末尾补充署名和成文日期。")
    return (f"报告未反映“{name}”情况。", f"对照要求开展“{name}”相关工作，在年度报告中写明具体举措、数量或文件。")


def ledger_items(result: ReportResult, checklist: Checklist, issuer: str, deadline: dt.date) -> tuple[LedgerItem, ...]:
    """Returns the rectification ledger of one report, in checklist order."""
    items = []
    for d in result.decisions:
        element = checklist.element(d.element_id)
        if d.status not in LEDGER_STATUSES or element.weight == 0:
            continue
        problem, measure = _problem(element, d, result, checklist)
        group = checklist.groups.get(element.group, {}).get("name", element.group)
        items.append(LedgerItem(issuer, d.element_id, element.name, group, d.status, problem,
                                element.requirement, element.source, measure, deadline))
    return tuple(items)


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _slugs(rows: list[RankRow]) -> list[str]:
    """Returns a unique, file-system-safe page name per ranking row: issuer-year."""
    taken: dict[str, int] = {}
    slugs = []
    for row in rows:
        stem = _UNSAFE.sub("_", f"{row.issuer}-{row.year}" if row.year else row.issuer).strip("_.")
        stem = stem or Path(row.file).stem
        taken[stem] = taken.get(stem, 0) + 1
        slugs.append(stem if taken[stem] == 1 else f"{stem}-{taken[stem]}")
    return slugs


def _common_problems(units: list[Unit], checklist: Checklist, threshold: int) -> list[CommonProblem]:
    ids = {e.id for e in checklist.elements if e.weight > 0}
    applicable: Counter[str] = Counter()  # in order of first appearance, unit by unit
    missed: dict[str, list[str]] = {}
    statuses: dict[str, Counter[str]] = {}
    for u in units:
        for eid, status in u.summary.status_items():
            if status == "not_applicable" or eid not in ids:
                continue
            applicable[eid] += 1
            if status in LEDGER_STATUSES:
                missed.setdefault(eid, []).append(u.issuer)
                statuses.setdefault(eid, Counter())[status] += 1
    order = {e.id: i for i, e in enumerate(checklist.elements)}
    problems = []
    for eid, n in applicable.items():
        if len(missed.get(eid, ())) < threshold:
            continue
        element = checklist.element(eid)
        problems.append(CommonProblem(
            checklist.groups.get(element.group, {}).get("name", element.group), element.id, element.name,
            tuple(missed[eid]), {s: statuses[eid][s] for s in LEDGER_STATUSES}, n))
    per_group: dict[str, int] = {}
    for p in problems:
        per_group[p.group] = per_group.get(p.group, 0) + len(p.units)
    group_order = {g: i for i, g in enumerate(dict.fromkeys(p.group for p in problems))}
    return sorted(problems, key=lambda p: (-per_group[p.group], group_order[p.group], -len(p.units),
                                          order[p.element_id]))


def office_batch(batch: Batch, scoring: Checklist | ChecklistSet, settings: Settings,
                 changes: dict[str, Change] | None = None, texts: Mapping[str, str] | None = None,
                 notes: list[str] | None = None) -> OfficeBatch:
    """Returns the office's view of a batch held whole, scored with `scoring` (a checklist,
    or checklists chosen by year); `changes` maps a report file to its change against the
    previous year, `texts` a report file to its normalised text."""
    primary = scoring.checklists[0] if isinstance(scoring, ChecklistSet) else scoring
    return office_view(BatchSummary.of(batch, primary), batch.results.__getitem__, scoring, settings,
                       changes, texts, notes)


def office_view(batch: BatchSummary, load: Callable[[int], ReportResult], scoring: Checklist | ChecklistSet,
                settings: Settings, changes: dict[str, Change] | None = None,
                texts: Mapping[str, str] | None = None, notes: list[str] | None = None) -> OfficeBatch:
    """Returns the office's view of a batch from its summary; `load(key)` returns the full
    result of a report summary's key when an output needs it (see `office_batch`)."""
    checklists = scoring.checklists if isinstance(scoring, ChecklistSet) else (scoring,)
    checklist = checklists[0]
    changes = changes or {}
    ordered = rank_order(batch.reports)
    rows = ranking(ordered, checklist)
    slugs = _slugs(rows)
    frame = pd.DataFrame({"rate": [r.rate for r in rows], "score": [r.score for r in rows],
                          "group": [PROFILE_GROUP.get(r.profile, "government") for r in rows]})
    frame["group_rank"] = frame.groupby("group")["score"].rank(method="min", ascending=False)
    frame["group_size"] = frame.groupby("group")["score"].transform("size")
    group_rates = {g: round(float(v), 1) for g, v in frame.groupby("group", sort=False)["rate"].mean().items()}
    batch_rate = round(float(frame.rate.mean()), 1) if len(frame) else 0.0
    units = []
    for summary, row, slug, info in zip(ordered, rows, slugs, frame.itertuples(), strict=True):
        own = next((c for c in checklists if (c.id, c.version) == (summary.checklist_id, summary.checklist_version)),
                   checklist)
        units.append(Unit(
            summary=summary, row=row, slug=slug, group=info.group, group_rank=int(info.group_rank),
            group_size=int(info.group_size), change=changes.get(row.file),
            partial=tuple(eid for eid, status in summary.status_items()
                          if status == "partial" and own.element(eid).weight > 0),
            timeliness=timeliness_text(summary), checklist=own, rectify_by=settings.rectify_by, load=load,
        ))
    threshold = min(2, len(units)) or 1
    return OfficeBatch(batch, checklist, settings, units, group_rates, batch_rate,
                       _common_problems(units, checklist, threshold), threshold,
                       texts if texts is not None else {}, list(notes or []), tuple(checklists))


@dataclass(frozen=True)
class Table:
    """A table of an office output: English column ids, Chinese labels, one sheet.

    `rows()` yields the rows afresh each time it is called (each output writes them as they
    come), as dicts of column id → value. `coded` columns hold status ids that office
    outputs show as their Chinese labels (JSON keeps the ids).
    """

    id: str
    sheet: str
    labels: dict[str, str]
    rows: Callable[[], Iterator[dict]]
    coded: tuple[str, ...] = ()

    def values(self, row: dict) -> list:
        """Returns a row's values in column order (None where it has none)."""
        return [row.get(column) for column in self.labels]

    def shown(self, row: dict) -> list:
        """Returns a row as a clerk reads it: in column order, statuses in Chinese."""
        return [STATUS_LABELS.get(v, v) if column in self.coded else v
                for column, v in zip(self.labels, self.values(row), strict=True)]


def element_names(ids: tuple[str, ...], checklist: Checklist) -> str:
    """Returns the Chinese names of element ids (an id the checklist lacks stays as it is)."""
    names = {e.id: e.name for e in checklist.elements}
    return "、".join(names.get(e, e) for e in ids)


def ranking_table(office: OfficeBatch) -> Table:
    """Returns the 排名 table: overall and group ranks, counts, parts, timeliness, change."""
    cl = office.checklist
    columns = {
        "rank": "排名", "issuer": "单位", "profile_label": "类型", "group_label": "组别",
        "group_rank": "组内排名", "group_size": "组内单位数", "year": "年度", "score": "得分",
        "rate": "得分率(%)", "group_rate_avg": "组平均得分率(%)", "batch_rate_avg": "全批平均得分率(%)",
        "checklist_score": "清单得分", "quality_score": "质量得分",
        **{s: STATUS_LABELS[s] for s in COUNTED},
        "missing_parts": "缺少的法定部分", "timeliness": "报送时效",
        "previous_year": "上年度", "previous_score": "上年得分", "score_change": "得分变化",
        "history_rank": "库内年度排名", "previous_rank": "上年排名", "rank_change": "名次变化(+为上升)",
        "newly_met": "新落实要素", "lost": "不再落实要素", "carried_over": "沿用上年文字比例",
        "checklist": "评分清单", "notes": "备注",
        "profile": "profile", "group": "group", "timeliness_status": "timeliness_status", "file": "文件",
    }

    def rows() -> Iterator[dict]:
        for u in office.units:
            r, c, report = u.row, u.change, u.summary
            own = office.checklist_of(report)
            yield {
                "rank": r.rank, "issuer": r.issuer, "profile_label": cl.profiles.names.get(r.profile, r.profile),
                "group_label": GROUP_LABELS[u.group], "group_rank": u.group_rank, "group_size": u.group_size,
                "year": r.year, "score": r.score, "rate": r.rate, "group_rate_avg": office.group_rates[u.group],
                "batch_rate_avg": office.batch_rate, "checklist_score": report.checklist_score,
                "quality_score": report.quality_score, **{s: r.counts[s] for s in COUNTED},
                "missing_parts": "、".join(r.missing_parts), "timeliness": u.timeliness,
                "previous_year": c.previous_year if c else None, "previous_score": c.previous_score if c else None,
                "score_change": c.score_delta if c else None, "history_rank": c.rank if c else None,
                "previous_rank": c.previous_rank if c else None, "rank_change": c.rank_delta if c else None,
                "newly_met": element_names(c.newly_met, own) if c else "",
                "lost": element_names(c.lost, own) if c else "",
                "carried_over": c.carried_over if c else None, "checklist": report.checklist_label,
                "notes": "；".join(report.notes),
                "profile": r.profile, "group": u.group, "timeliness_status": r.timeliness, "file": r.file,
            }

    return Table("ranking", "排名", columns, rows)


def group_ranking_table(office: OfficeBatch) -> Table:
    """Returns the 分组排名 table: governments, townships and departments ranked apart."""
    columns = {"group_label": "组别", "group_rank": "组内排名", "issuer": "单位", "profile_label": "类型",
               "score": "得分", "rate": "得分率(%)", "group_rate_avg": "组平均得分率(%)",
               "batch_rate_avg": "全批平均得分率(%)", "rate_vs_batch": "与全批平均之差", "rank": "总排名",
               "group": "group"}
    order = list(GROUP_LABELS)

    def rows() -> Iterator[dict]:
        for u in sorted(office.units, key=lambda u: (order.index(u.group), u.group_rank, u.row.rank)):
            yield {"group_label": GROUP_LABELS[u.group], "group_rank": u.group_rank, "issuer": u.issuer,
                   "profile_label": office.checklist.profiles.names.get(u.row.profile, u.row.profile),
                   "score": u.row.score, "rate": u.row.rate, "group_rate_avg": office.group_rates[u.group],
                   "batch_rate_avg": office.batch_rate, "rate_vs_batch": round(u.row.rate - office.batch_rate, 1),
                   "rank": u.row.rank, "group": u.group}

    return Table("group_ranking", "分组排名", columns, rows)


def matrix_table(office: OfficeBatch) -> Table:
    """Returns the 要素矩阵 table: one row per report, one status column per element."""
    elements = office.checklist.elements
    columns = {"rank": "排名", "issuer": "单位", "score": "得分", **{e.id: e.name for e in elements}}
    ids = {e.id for e in elements}

    def rows() -> Iterator[dict]:
        for u in office.units:
            yield {"rank": u.row.rank, "issuer": u.issuer, "score": u.row.score,
                   **{eid: status for eid, status in u.summary.status_items() if eid in ids}}

    return Table("matrix", "要素矩阵", columns, rows, coded=tuple(e.id for e in elements))


def ledger_table(office: OfficeBatch) -> Table:
    """Returns the 缺项清单 laid out as the rectification ledger (整改台账) offices send back."""
    columns = {"seq": "序号", "issuer": "单位", "group": "类别", "element": "要素", "status_label": "问题类型",
               "problem": "存在问题", "requirement": "要求", "source": "依据", "measure": "整改措施（建议）",
               "responsible": "责任单位", "deadline": "整改时限", "rectification": "整改情况",
               "element_id": "element_id", "status": "status"}

    def rows() -> Iterator[dict]:
        items = (i for u in office.units for i in u.ledger)
        for n, i in enumerate(items, 1):
            yield {"seq": n, "issuer": i.issuer, "group": i.group, "element": i.name,
                   "status_label": STATUS_LABELS[i.status], "problem": i.problem, "requirement": i.requirement,
                   "source": i.source, "measure": i.measure, "responsible": i.issuer, "deadline": i.deadline,
                   "rectification": "", "element_id": i.element_id, "status": i.status}

    return Table("ledger", "缺项清单", columns, rows)


def common_table(office: OfficeBatch) -> Table:
    """Returns the 共性问题 table: elements several units miss, by group, most frequent first."""
    columns = {"group": "大类", "seq": "序号", "element": "要素", "units_count": "缺项单位数",
               "share": "占适用单位(%)", "missing": STATUS_LABELS["missing"], "planned": STATUS_LABELS["planned"],
               "gap": STATUS_LABELS["gap"], "units": "涉及单位", "element_id": "element_id"}

    def rows() -> Iterator[dict]:
        for n, p in enumerate(office.common, 1):
            yield {"group": p.group, "seq": n, "element": p.name, "units_count": len(p.units),
                   "share": round(100 * len(p.units) / p.applicable, 1), **p.statuses, "units": "、".join(p.units),
                   "element_id": p.element_id}

    return Table("common_problems", "共性问题", columns, rows)


def _sentences(d: Decision) -> list[tuple[Evidence, bool]]:
    decisive = set(d.evidence)
    if not d.considered:
        return [(e, True) for e in d.evidence]
    return [(e, e in decisive) for e in d.considered]


def evidence_table(office: OfficeBatch) -> Table:
    """Returns the 证据 table: every sentence a rule matched, marking the decisive ones."""
    columns = {"issuer": "单位", "element": "要素", "status_label": "要素状态", "decisive": "决定性证据",
               "kind_label": "该句性质", "part": "所在部分", "section": "所在标题", "text": "原文",
               "terms": "命中词", "element_id": "element_id", "status": "status", "kind": "kind"}

    def rows() -> Iterator[dict]:
        for u in office.units:
            result = u.result
            for d in result.decisions:
                name = office.checklist_of(result).element(d.element_id).name
                for e, decisive in _sentences(d):
                    yield {"issuer": u.issuer, "element": name, "status_label": STATUS_LABELS[d.status],
                           "decisive": "是" if decisive else "否", "kind_label": STATUS_LABELS.get(e.kind, e.kind),
                           "part": PART_LABELS.get(e.part, e.part), "section": e.section, "text": e.text,
                           "terms": "、".join(e.terms), "element_id": d.element_id, "status": d.status,
                           "kind": e.kind}

    return Table("evidence", "证据", columns, rows)


def errors_table(office: OfficeBatch) -> Table:
    """Returns the 错误 table: files that could not be read, with the reason."""
    return Table("errors", "错误", {"file": "文件", "error": "原因"},
                 lambda: ({"file": e.file, "error": e.error} for e in office.batch.errors))


def model_table(office: OfficeBatch) -> Table:
    """Returns the scoring model in words, with the batch's figures."""
    cl, s, batch = office.checklist, office.settings, office.batch
    deadlines = "；".join(f"{'其他' if k == 'default' else cl.profiles.names.get(k, k)}：次年{v.replace('-', '月')}日"
                         for k, v in cl.deadlines.items())
    items = [
        ("清单", "；".join(f"{c.title}（{c.label()}，{len(c.elements)}个要素）" for c in office.checklists)
                 + ("；按报告年度选用" if len(office.checklists) > 1 else "")),
        ("要素得分", f"每个适用要素得“权重×系数”：已落实 1，部分落实 {cl.partial_credit:g}，仅列计划、存在差距、未提及 0"),
        ("不适用要素", "不计入满分（如乡镇不考核立法）"),
        ("清单得分", "100 × 得分点 ÷ 满分点，保留一位小数；各类别分组得分同理"),
        ("得分", (f"{1 - cl.quality.weight:g} × 清单得分 + {cl.quality.weight:g} × 质量得分（报告质量信号的加权平均 × 100，"
                  "无法测量时只用清单得分）" if cl.quality.weight else "即清单得分")),
        ("得分率", "得分点 ÷ 满分点 × 100%（只看清单要素）"),
        ("排名", "按得分从高到低，同分同名次（1、2、2、4）；政府（省、市、县级）、乡镇（街道）、部门另行分组排名"),
        ("平均得分率", "组内或全批各单位得分率的算术平均，每个单位权重相同"),
        ("报送期限", deadlines + "；未注明成文日期的报告不推定日期"),
        ("共性问题", f"至少{office.common_threshold}个单位未提及、仅列计划或存在差距的要素；本批{office.common_headline}"),
        ("整改台账", (f"列出未提及、仅列计划、存在差距的要素；整改时限为反馈之日（{cn_date(s.letter_date)}）"
                      f"起{s.deadline_days}天，即{cn_date(s.rectify_by)}")),
        ("历年比较", f"历史库 {s.history_path}；库内年度排名为该年度库中全部报告的名次"
                     if s.history_path else "未使用历史库"),
        ("本批文件", f"找到{batch.found}份，评分{batch.scored}份，无法读取{len(batch.errors)}份"),
        ("全批平均得分率", f"{office.batch_rate}%"),
    ]
    return Table("scoring_model", "评分模型", {"item": "项目", "value": "内容"},
                 lambda: ({"item": k, "value": v} for k, v in items))


def weights_table(office: OfficeBatch) -> Table:
    """Returns every element with its group, weight, profiles, requirement and source."""
    cl = office.checklist
    columns = {"element_id": "element_id", "element": "要素", "group": "类别", "weight": "权重",
               "applies": "适用", "requirement": "要求", "source": "依据"}
    return Table("element_weights", "评分模型", columns, lambda: (
        {"element_id": e.id, "element": e.name, "group": cl.groups.get(e.group, {}).get("name", e.group),
         "weight": e.weight, "applies": "、".join(cl.profiles.names.get(p, p) for p in e.applies),
         "requirement": e.requirement, "source": e.source} for e in cl.elements))


def tables(office: OfficeBatch) -> list[Table]:
    """Returns every office table in workbook order (tables sharing a sheet stand one below
    the other)."""
    return [ranking_table(office), group_ranking_table(office), matrix_table(office), ledger_table(office),
            common_table(office), evidence_table(office), errors_table(office), model_table(office),
            weights_table(office)]


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_tables(office: OfficeBatch, folder: Path) -> list[Path]:
    """Writes every table as tables/<id>.csv (utf-8-sig, Chinese headers) and
    tables/<id>.json (English keys, with the Chinese labels), row by row; returns the files."""
    target = folder / "tables"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables(office):
        csv_path, json_path = target / f"{table.id}.csv", target / f"{table.id}.json"
        with (csv_path.open("w", encoding="utf-8-sig", newline="") as csv_file,
              json_path.open("w", encoding="utf-8") as json_file):
            rows = csv.writer(csv_file, lineterminator="\r\n")
            rows.writerow(table.labels.values())
            head = {"table": table.id, "sheet": table.sheet, "columns": table.labels}
            json_file.write("{\n" + "".join(f'  "{k}": {indented_json(v, 1)},\n' for k, v in head.items())
                            + '  "rows": [')
            n = 0
            for n, row in enumerate(table.rows(), 1):
                rows.writerow(table.shown(row))
                values = {column: _plain(v) for column, v in zip(table.labels, table.values(row), strict=True)}
                json_file.write(("\n" if n == 1 else ",\n") + "    " + indented_json(values, 2))
            json_file.write("\n  ]\n}\n" if n else "]\n}\n")
        written += [csv_path, json_path]
    return written
