"""index.html and one page per report: self-contained files that open offline.

Every page carries its CSS, script and charts inline (SVG drawn here; no CDN, no fonts or
images fetched). The index shows the batch: figures, the score distribution, the ranking
(overall and by group), the common problems, an element × report heat map and the files
that failed. A report page shows the report's normalised text with every sentence a rule
matched highlighted and labelled by element, a side panel of element statuses that jumps
to the evidence, the group scores against the batch, and the gap list.

The index is written piece by piece from the reports' summaries (its heat map alone is some
13 KB a report), each report page from that report's full result and text, read back one
at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from scorer.catalogue import STATUS_LABELS
from scorer.checklist import Checklist
from scorer.decide import Decision
from scorer.document import Document, parse_document
from scorer.engine import ReportResult
from scorer.headings import parse_heading
from scorer.ingest import IngestError, Source
from scorer.normalize import normalize_text
from scorer.outputs.office import GROUP_LABELS, OfficeBatch, Unit, cn_date, element_names, quote

ASSETS = Path(__file__).parent / "assets"
REPORTS_DIR = "reports"
_KIND_ORDER = ("met", "partial", "gap", "planned")


def normalized_text(file: str, source: Source | None) -> tuple[str | None, str | None]:
    """Returns the normalised text of a scored report's source, read again, or None with a
    note saying why it could not be (its page then says so instead of showing the text)."""
    if source is None:
        return None, f"{file}: text not shown on its page (source not found again)"
    try:
        return normalize_text(source.read().text), None
    except IngestError as exc:
        return None, f"{file}: text not shown on its page ({exc})"


def normalized_texts(results: Iterable[ReportResult], sources: Iterable[Source]) -> tuple[dict[str, str], list[str]]:
    """Returns the normalised text of every result's file, and a note for each that could
    not be read again."""
    by_name = {s.name: s for s in sources}
    texts: dict[str, str] = {}
    notes: list[str] = []
    for r in results:
        text, note = normalized_text(r.file, by_name.get(r.file))
        if text is None:
            notes.append(note)
        else:
            texts[r.file] = text
    return texts, notes


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _page(title: str, header: str, body: str, script: bool = False) -> str:
    return "".join(_page_parts(title, header, [body], script))


def _page_parts(title: str, header: str, body: Iterable[str], script: bool = False) -> Iterator[str]:
    """Yields a page piece by piece (the index of a large batch is written as it is made)."""
    yield (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<link rel="icon" href="data:,"><title>{escape(title)}</title>'
           f"<style>{_asset('office.css')}</style></head>\n<body>{header}\n")
    yield from body
    yield (f"<script>{_asset('office.js')}</script>" if script else "") + "</body></html>\n"


def _badge(status: str) -> str:
    return f'<span class="badge st-{status}">{STATUS_LABELS[status]}</span>'


def _signed(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    cls = "up" if value > 0 else "down" if value < 0 else ""
    text = f"{value:+.{digits}f}" if digits else f"{value:+d}"
    return f'<span class="{cls}">{text}</span>'


def _json_script(element_id: str, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


# ---- charts (inline SVG) -------------------------------------------------------------

def _svg_open(cls: str, label: str, width: int, height: int) -> str:
    return (f'<svg class="{cls}" role="img" aria-label="{label}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">')


def histogram_svg(scores: list[float], width: int = 560, height: int = 220) -> str:
    """Returns an SVG bar chart of how many reports score in each band of ten points."""
    bins = [0] * 10
    for s in scores:
        bins[min(int(s // 10), 9)] += 1
    top = max(bins) or 1
    left, bottom, plot_h = 30, 30, height - 50
    bar_w = (width - left - 10) / 10
    parts = [_svg_open("histogram", "得分分布", width, height)]
    for i, count in enumerate(bins):
        x = left + i * bar_w
        h = plot_h * count / top
        y = height - bottom - h
        parts.append(f'<rect x="{x + 3:.1f}" y="{y:.1f}" width="{bar_w - 6:.1f}" height="{h:.1f}" fill="#8e1b1b">'
                     f"<title>{i * 10}–{i * 10 + 9 if i < 9 else 100} 分：{count} 份</title></rect>")
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="12" text-anchor="middle">'
                         f"{count}</text>")
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
                     f'text-anchor="middle">{i * 10}</text>')
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>')
    parts.append(f'<text x="{width - 10}" y="{height - 4}" font-size="11" text-anchor="end">得分</text>')
    parts.append('<text x="4" y="14" font-size="11">份数</text></svg>')
    return "".join(parts)


def group_bars_svg(rows: list[tuple[str, float, float | None]], width: int = 560) -> str:
    """Returns an SVG of horizontal bars: one per group (name, score, batch average), the
    average drawn as a tick."""
    row_h, label_w, right = 26, 150, 50
    height = row_h * len(rows) + 30
    plot_w = width - label_w - right
    parts = [_svg_open("group-bars", "分组得分", width, height)]
    for i, (name, score, average) in enumerate(rows):
        y = 6 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{plot_w}" height="16" fill="#eee"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{plot_w * score / 100:.1f}" height="16" '
                     f'fill="#8e1b1b"><title>{escape(name)}：{score:.1f}</title></rect>')
        parts.append(f'<text x="{label_w + plot_w + 6}" y="{y + 15}" font-size="12">{score:.1f}</text>')
        if average is not None:
            x = label_w + plot_w * average / 100
            parts.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 22}" stroke="#1f5fa8" '
                         f'stroke-width="2"><title>全批平均 {average:.1f}</title></line>')
    y = height - 8
    parts.append(f'<line x1="{label_w}" y1="{y - 4}" x2="{label_w + 14}" y2="{y - 4}" stroke="#1f5fa8" stroke-width="2"/>'
                 f'<text x="{label_w + 18}" y="{y}" font-size="11">全批平均</text></svg>')
    return "".join(parts)


# ---- the report text with its evidence -----------------------------------------------

@dataclass
class _Span:
    start: int
    end: int
    labels: dict[str, tuple[str, bool]] = field(default_factory=dict)  # element id → (kind, decisive)


def _sentence_positions(lines: list[str], doc: Document) -> dict[int, tuple[int, int]]:
    """Returns (line, start) of every sentence, found in reading order."""
    found: dict[int, tuple[int, int]] = {}
    line, offset = 0, 0
    for s in doc.sentences:
        for j in range(line, len(lines)):
            k = lines[j].find(s.text, offset if j == line else 0)
            if k >= 0:
                found[s.index] = (j, k)
                line, offset = j, k + len(s.text)
                break
    return found


def _find_anywhere(lines: list[str], text: str, from_end: bool) -> tuple[int, int] | None:
    order = range(len(lines) - 1, -1, -1) if from_end else range(len(lines))
    for j in order:
        k = lines[j].rfind(text) if from_end else lines[j].find(text)
        if k >= 0:
            return j, k
    return None


class _Locator:
    """Finds where an evidence sentence stands in the text lines."""

    def __init__(self, lines: list[str], doc: Document):
        self.lines = lines
        positions = _sentence_positions(lines, doc)
        self.by_key: dict[tuple[str, str, str], tuple[int, int]] = {}
        self.by_text: dict[str, tuple[int, int]] = {}
        for s in doc.sentences:
            if s.index in positions:
                self.by_key.setdefault((s.text, s.part, s.section), positions[s.index])
                self.by_text.setdefault(s.text, positions[s.index])

    def spans(self, text: str, part: str, section: str) -> list[tuple[int, int, int]]:
        """Returns (line, start, end) of each piece of an evidence text found in the lines."""
        at = self.by_key.get((text, part, section)) or self.by_text.get(text)
        if at:
            return [(at[0], at[1], at[1] + len(text))]
        found = _find_anywhere(self.lines, text, from_end=part == "signature")
        if found:
            return [(found[0], found[1], found[1] + len(text))]
        # A signature block ("单位 / 日期") or a title joined from two lines: piece by piece.
        pieces = text.split(" / ") if " / " in text else text.split(" ")
        out = []
        for piece in (p for p in pieces if len(p) >= 2 and p != text):
            hit = _find_anywhere(self.lines, piece, from_end=part == "signature")
            if hit:
                out.append((hit[0], hit[1], hit[1] + len(piece)))
        return out


def _evidence_of(d: Decision) -> list[tuple[str, str, str, str, bool]]:
    decisive = set(d.evidence)
    sentences = d.considered or d.evidence
    return [(e.text, e.part, e.section, e.kind, e in decisive) for e in sentences]


def _text_spans(lines: list[str], doc: Document, result: ReportResult) -> tuple[dict[int, list[_Span]], dict[str, str]]:
    """Returns the highlighted spans of each line and the anchor id of each element's
    first decisive evidence."""
    locator = _Locator(lines, doc)
    by_line: dict[int, list[_Span]] = {}
    first: dict[str, tuple[int, int]] = {}
    for d in result.decisions:
        for text, part, section, kind, decisive in _evidence_of(d):
            for line, start, end in locator.spans(text, part, section):
                spans = by_line.setdefault(line, [])
                span = next((s for s in spans if s.start < end and start < s.end), None)
                if span is None:
                    span = _Span(start, end)
                    spans.append(span)
                else:  # overlapping evidence of another element: one mark, both labels
                    span.start, span.end = min(span.start, start), max(span.end, end)
                span.labels.setdefault(d.element_id, (kind, decisive))
                if decisive and d.element_id not in first:
                    first[d.element_id] = (line, span.start)
    anchors = {}
    for eid, (line, start) in first.items():
        span = next(s for s in by_line[line] if s.start <= start < s.end)
        anchors[eid] = f"s{line}-{span.start}"
    return by_line, anchors


def _line_class(line: str, i: int, doc: Document, n_lines: int) -> str:
    if doc.title and i < 8 and line in doc.title:
        return "title"
    heading = parse_heading(line)
    if heading and heading.level <= 2:
        return f"h{heading.level}"
    if i >= n_lines - len(doc.signature_lines):
        return "sig"
    return ""


def _render_text(text: str, result: ReportResult, checklist: Checklist) -> tuple[str, dict[str, str]]:
    """Returns the report text as HTML paragraphs with evidence marks, and the anchors."""
    doc = parse_document(text, checklist)
    lines = text.split("\n")
    spans, anchors = _text_spans(lines, doc, result)
    paragraphs = []
    for i, line in enumerate(lines):
        out, pos = [], 0
        for span in sorted(spans.get(i, []), key=lambda s: s.start):
            if span.start < pos:
                continue
            out.append(escape(line[pos:span.start]))
            kinds = [k for k, _ in span.labels.values()]
            kind = next((k for k in _KIND_ORDER if k in kinds), "met")
            tags = "".join(
                f'<span class="tag k-{k}{" decisive" if decisive else ""}" data-el="{escape(eid)}">'
                f"{escape(checklist.element(eid).name)}</span>"
                for eid, (k, decisive) in span.labels.items())
            out.append(f'<mark class="ev k-{kind}" id="s{i}-{span.start}" data-els="{escape(" ".join(span.labels))}">'
                       f'{escape(line[span.start:span.end])}</mark><span class="tags">{tags}</span>')
            pos = span.end
        out.append(escape(line[pos:]))
        cls = _line_class(line, i, doc, len(lines))
        attribute = f' class="{cls}"' if cls else ""
        paragraphs.append(f"<p{attribute}>{''.join(out)}</p>")
    return "\n".join(paragraphs), anchors


# ---- pages ---------------------------------------------------------------------------

def _unit_facts(u: Unit, office: OfficeBatch) -> str:
    m, r = u.summary, u.row
    profile = office.checklist.profiles.names.get(m.profile, m.profile)
    change = ""
    c = u.change
    if c:
        own = office.checklist_of(u.summary)
        change = (f"<li>与{c.previous_year}年度比较：得分 {c.previous_score:.1f} → {c.score:.1f}（{_signed(c.score_delta)}），"
                  f"库内年度排名 {c.previous_rank}/{c.previous_ranked_of} → {c.rank}/{c.ranked_of}"
                  f"（{_signed(c.rank_delta, 0)}）"
                  + (f"；新落实：{escape(element_names(c.newly_met, own))}" if c.newly_met else "")
                  + (f"；不再落实：{escape(element_names(c.lost, own))}" if c.lost else "")
                  + ("" if c.same_checklist else "（两年所用清单版本不同）") + "</li>")
    counts = "，".join(f"{STATUS_LABELS[s]} {r.counts[s]}" for s in STATUS_LABELS)
    return (f'<ul id="meta-info">'
            f"<li>类型：{escape(profile)}；年度：{m.year or '未识别'}；成文日期：{cn_date(m.date) or '未注明'}；"
            f"报送期限：{cn_date(m.due) or '未知'}；<b>{escape(u.timeliness)}</b></li>"
            f"<li>排名：全批第 {r.rank} 名（共 {len(office.units)} 份）；{GROUP_LABELS[u.group]}组第 {u.group_rank} 名"
            f"（共 {u.group_size} 份）；得分率 {r.rate:.1f}%，组平均 {office.group_rates[u.group]:.1f}%，"
            f"全批平均 {office.batch_rate:.1f}%</li>"
            f"<li>{counts}</li>"
            f"<li>缺少的法定部分：{escape('、'.join(r.missing_parts)) or '无'}</li>{change}</ul>")


def _panel(u: Unit, office: OfficeBatch) -> str:
    cl = office.checklist_of(u.result)
    out = ['<aside id="panel"><div id="detail" class="small">点击要素，跳转到报告中的证据。</div>']
    for group, info in cl.groups.items():
        items = [d for d in u.result.decisions if cl.element(d.element_id).group == group]
        if not items:
            continue
        out.append(f"<h3>{escape(info.get('name', group))}</h3>")
        for d in items:
            el = cl.element(d.element_id)
            weightless = " weightless" if el.weight == 0 or d.status == "not_applicable" else ""
            out.append(f'<button type="button" class="el{weightless}" data-el="{escape(d.element_id)}" '
                       f'title="{escape(d.element_id)}"><span>{escape(el.name)}</span>{_badge(d.status)}</button>')
    out.append("</aside>")
    return "".join(out)


def _gap_list(u: Unit, office: OfficeBatch) -> str:
    if not u.ledger and not u.partial:
        return "<p>没有需要整改的事项。</p>"
    out, current = [], None
    for item in u.ledger:
        if item.group != current:
            if current is not None:
                out.append("</ul>")
            out.append(f"<h3>{escape(item.group)}</h3><ul class='gaps'>")
            current = item.group
        out.append(f'<li id="gap-{escape(item.element_id)}">{_badge(item.status)} '
                   f'<a href="#el={escape(item.element_id)}" data-el="{escape(item.element_id)}">{escape(item.name)}</a>：'
                   f"{escape(item.problem)}<br><span class='small'>要求：{escape(item.requirement)}"
                   f"（依据：{escape(item.source)}）；建议：{escape(item.measure)}</span></li>")
    if current is not None:
        out.append("</ul>")
    if u.partial:
        cl = office.checklist_of(u.result)
        names = "、".join(f'<a href="#el={escape(e)}" data-el="{escape(e)}">{escape(cl.element(e).name)}</a>'
                         for e in u.partial)
        out.append(f"<p>部分落实（仅有原则性表述或不够完整）：{names}</p>")
    return "".join(out)


def _element_data(u: Unit, office: OfficeBatch, anchors: dict[str, str]) -> dict[str, dict[str, str]]:
    problems = {i.element_id: i.problem for i in u.ledger}
    data = {}
    for d in u.result.decisions:
        el = office.checklist_of(u.result).element(d.element_id)
        target = anchors.get(d.element_id)
        if target is None:
            target = f"gap-{d.element_id}" if d.element_id in problems else "meta-info"
        data[d.element_id] = {"name": el.name, "status": d.status, "label": STATUS_LABELS[d.status],
                              "requirement": el.requirement, "source": el.source, "reason": d.reason,
                              "problem": problems.get(d.element_id, ""), "target": target}
    return data


def report_page(u: Unit, office: OfficeBatch) -> str:
    """Returns the HTML page of one report."""
    result = u.result
    m, cl = result.meta, office.checklist_of(result)
    text = office.texts.get(result.file)
    if text is None:
        body_text, anchors = "<p>原文无法显示（文件未能再次读取）。</p>", {}
    else:
        body_text, anchors = _render_text(text, result, cl)
    averages = office.group_averages
    bars = [(cl.groups.get(g, {}).get("name", g), sub.score, averages.get(g))
            for g, sub in result.groups.items() if sub.possible]
    title = f"{u.issuer} {m.year or ''} 年度报告评估"
    notes = "".join(f'<div class="sub note">注：{escape(n)}</div>' for n in result.notes)
    header = (f'<header class="top"><h1>{escape(u.issuer)} · 得分 {u.row.score:.1f}</h1>'
              f'<div class="sub">{escape(m.title or result.file)} · <a href="../index.html">返回总览</a></div>'
              f"{notes}</header>")
    legend = "".join(_badge(s) for s in ("met", "partial", "planned", "gap"))
    body = (f'<main class="page"><section>{_unit_facts(u, office)}</section><div class="layout">{_panel(u, office)}<div>'
            f'<section><h2>分组得分（红条为本报告，蓝线为全批平均）</h2>{group_bars_svg(bars)}</section>'
            f'<section id="gaps"><h2>缺项清单（{len(u.ledger)} 项，整改时限 {cn_date(office.settings.rectify_by)}）</h2>'
            f"{_gap_list(u, office)}</section>"
            f'<section class="report-text"><h2>报告原文与证据</h2><p class="small legend">句子底色为证据性质：{legend}'
            f"；句后标签为对应要素，加粗为决定性证据。</p>{body_text}</section></div></div></main>"
            + _json_script("element-data", _element_data(u, office, anchors)))
    return _page(title, header, body, script=True)


def _ranking_rows(office: OfficeBatch) -> Iterator[str]:
    head = ("<tr><th>排名</th><th>单位</th><th>类型</th><th>年度</th><th>得分</th><th>得分率</th><th>组内排名</th>"
            + "".join(f"<th>{STATUS_LABELS[s]}</th>" for s in ("met", "partial", "planned", "gap", "missing"))
            + "<th>缺少的法定部分</th><th>报送时效</th><th>较上年得分</th><th>名次变化</th><th>反馈函</th></tr>")
    yield f'<table class="data" id="ranking"><thead>{head}</thead><tbody>'
    for u in office.units:
        r, c = u.row, u.change
        yield (
            f'<tr><td class="num">{r.rank}</td><td><a href="{REPORTS_DIR}/{escape(u.slug)}.html">{escape(u.issuer)}</a></td>'
            f"<td>{escape(office.checklist.profiles.names.get(r.profile, r.profile))}</td><td>{r.year or ''}</td>"
            f'<td class="num">{r.score:.1f}</td><td class="num">{r.rate:.1f}%</td>'
            f'<td>{GROUP_LABELS[u.group]} {u.group_rank}/{u.group_size}</td>'
            + "".join(f'<td class="num">{r.counts[s]}</td>' for s in ("met", "partial", "planned", "gap", "missing"))
            + f"<td>{escape('、'.join(r.missing_parts))}</td><td>{escape(u.timeliness)}</td>"
            f'<td class="num">{_signed(c.score_delta) if c else ""}</td><td class="num">{_signed(c.rank_delta, 0) if c else ""}</td>'
            f'<td><a href="letters/{escape(u.slug)}.docx">docx</a> · <a href="letters/{escape(u.slug)}.md">md</a></td></tr>')
    yield "</tbody></table>"


def _groups_table(office: OfficeBatch) -> str:
    rows = []
    for g, label in GROUP_LABELS.items():
        members = [u for u in office.units if u.group == g]
        if not members:
            continue
        listing = "、".join(f"{u.group_rank}. {escape(u.issuer)}" for u in sorted(members, key=lambda u: u.group_rank))
        rate = office.group_rates[g]
        rows.append(f'<tr><td>{label}</td><td class="num">{len(members)}</td><td class="num">{rate:.1f}%</td>'
                    f'<td class="num">{office.batch_rate:.1f}%</td><td class="num">{_signed(round(rate - office.batch_rate, 1))}</td>'
                    f"<td>{listing}</td></tr>")
    return ('<table class="data" id="groups"><thead><tr><th>组别</th><th>单位数</th><th>组平均得分率</th>'
            f'<th>全批平均得分率</th><th>差</th><th>组内排名</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _common_list(office: OfficeBatch) -> str:
    if not office.common:
        return "<p>没有共性问题。</p>"
    rows = "".join(f"<tr><td>{escape(p.group)}</td><td>{escape(p.name)}</td><td class='num'>{len(p.units)}/{p.applicable}</td>"
                   f"<td>{escape('、'.join(p.units))}</td></tr>" for p in office.common)
    return ('<table class="data" id="common"><thead><tr><th>大类</th><th>要素</th><th>缺项单位</th><th>涉及单位</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def _heat_map(office: OfficeBatch) -> Iterator[str]:
    """Yields the element × report table, one element's row at a time."""
    cl = office.checklist
    head = "".join(f'<th class="unit" title="{escape(u.issuer)}">{u.row.rank} {escape(quote(u.issuer, 12))}</th>'
                   for u in office.units)
    yield f'<div class="heat-wrap"><table class="heat" id="heatmap"><thead><tr><th></th>{head}</tr></thead><tbody>'
    current = None
    for el in cl.elements:
        if el.group != current:
            current = el.group
            yield (f'<tr><th class="grp" colspan="{len(office.units) + 1}">'
                   f"{escape(cl.groups.get(el.group, {}).get('name', el.group))}</th></tr>")
        cells = []
        for u in office.units:
            # A report scored with another checklist may lack an element: shown as not applicable.
            status = u.summary.status(el.id) or "not_applicable"
            cells.append(f'<td class="st-{status}"><a href="{REPORTS_DIR}/{escape(u.slug)}.html#el={escape(el.id)}" '
                         f'title="{escape(u.issuer)} · {escape(el.name)}：{STATUS_LABELS[status]}"></a></td>')
        yield f'<tr><th class="el" title="{escape(el.id)}">{escape(el.name)}</th>{"".join(cells)}</tr>'
    yield "</tbody></table></div>"


def _index_parts(office: OfficeBatch) -> Iterator[str]:
    """Yields the HTML overview of the batch piece by piece."""
    batch, cl = office.batch, office.checklist
    cards = "".join(f'<div class="card"><b>{value}</b><span>{label}</span></div>' for label, value in (
        ("找到文件", batch.found), ("已评分", batch.scored), ("无法读取", len(batch.errors)),
        ("全批平均得分率", f"{office.batch_rate:.1f}%"), ("共性问题", office.common_headline)))
    errors = ""
    if batch.errors:
        rows = "".join(f"<tr><td>{escape(e.file)}</td><td>{escape(e.error)}</td></tr>" for e in batch.errors)
        errors = (f'<section><h2>无法读取的文件（{len(batch.errors)}）</h2><table class="data" id="errors"><thead>'
                  f"<tr><th>文件</th><th>原因</th></tr></thead><tbody>{rows}</tbody></table></section>")
    legend = "".join(_badge(s) for s in STATUS_LABELS)
    header = (f'<header class="top"><h1>法治政府建设年度报告评估总览</h1><div class="sub">{escape(cl.title)}'
              f"（{escape(cl.id)} v{escape(cl.version)}）· 反馈日期 {cn_date(office.settings.letter_date)} · "
              f'<a href="ranking.xlsx">ranking.xlsx</a></div></header>')

    def body() -> Iterator[str]:
        yield (f'<main class="page"><div class="cards">{cards}</div>'
               f'<section><h2>得分分布</h2><div class="charts">{histogram_svg([u.row.score for u in office.units])}'
               "</div></section><section><h2>排名</h2>")
        yield from _ranking_rows(office)
        yield ("</section>"
               f"<section><h2>分组排名（政府、乡镇（街道）、部门）</h2>{_groups_table(office)}</section>"
               f"<section><h2>共性问题：{office.common_headline}</h2>{_common_list(office)}</section>"
               f'<section><h2>要素 × 报告热力图</h2><p class="small legend">{legend}　点击格子打开该报告并定位到该要素。</p>')
        yield from _heat_map(office)
        yield f"</section>{errors}</main>"

    yield from _page_parts("法治政府建设年度报告评估总览", header, body())


def index_page(office: OfficeBatch) -> str:
    """Returns the HTML overview of the batch."""
    return "".join(_index_parts(office))


def write_site(office: OfficeBatch, folder: Path) -> list[Path]:
    """Writes index.html (piece by piece) and reports/<unit>.html (one report at a time)
    into `folder`; returns the files."""
    pages = folder / REPORTS_DIR
    pages.mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    with index.open("w", encoding="utf-8") as handle:
        handle.writelines(_index_parts(office))
    written = [index]
    for u in office.units:
        path = pages / f"{u.slug}.html"
        path.write_text(report_page(u, office), encoding="utf-8")
        written.append(path)
    return written
