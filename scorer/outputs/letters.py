"""letters/: one feedback letter (反馈意见) per report, as .docx and .md.

The letter is what an office signs and sends: the unit, its score and rank (overall and in
its group, with the averages), every missing, planned-only or gap element with the
requirement it comes from and its source, the elements only partly met, the mandated parts
missing from the report, timeliness, the rectification deadline, and the unit's
rectification ledger (整改台账) as an attachment. The office's name and the letter date come
from the settings (`--office`, `--letter-date`).

The .docx follows the usual layout of Chinese official documents (GB/T 9704): A4, title in
22 pt bold, body in 16 pt 仿宋 with a two-character first-line indent and fixed 28 pt lines,
part headings in 黑体, sub-headings in 楷体; the ledger is on a landscape page of its own.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from scorer.catalogue import STATUS_LABELS
from scorer.outputs.office import (
    GROUP_LABELS,
    LedgerItem,
    OfficeBatch,
    Unit,
    cn_date,
    element_names,
)

FOLDER = "letters"
_COLLECT_EVERY = 32  # letters
_CN_NUMBERS = "一二三四五六七八九十"
LEDGER_COLUMNS = ("序号", "问题类型", "要素", "存在问题", "要求及依据", "整改措施（建议）", "责任单位", "整改时限", "整改情况")


@dataclass(frozen=True)
class Block:
    """A piece of a letter: a part heading (h1), a sub-heading (h2) or a paragraph (p)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Letter:
    """The words of one feedback letter, before layout."""

    title: str
    addressee: str
    blocks: tuple[Block, ...]
    office: str
    date: str
    ledger_rows: tuple[tuple[str, ...], ...]


def _rank_words(u: Unit, office: OfficeBatch) -> str:
    tied = office.rank_counts[u.row.rank] > 1
    group_tied = office.group_rank_counts[(u.group, u.group_rank)] > 1
    return (f"在本次评估的{len(office.units)}份报告中排{'并列' if tied else ''}第{u.row.rank}名，"
            f"在{GROUP_LABELS[u.group]}组{u.group_size}家单位中排{'并列' if group_tied else ''}第{u.group_rank}名")


def _overview(u: Unit, office: OfficeBatch) -> list[Block]:
    r, c = u.row, u.change
    counts = r.counts
    applicable = sum(v for k, v in counts.items() if k != "not_applicable")
    text = (f"报告得分{r.score:.1f}分（满分100分），{_rank_words(u, office)}。"
            f"本单位得分率{r.rate:.1f}%，{GROUP_LABELS[u.group]}组平均得分率{office.group_rates[u.group]:.1f}%，"
            f"全部报告平均得分率{office.batch_rate:.1f}%。"
            f"共核对适用要素{applicable}项：已落实{counts['met']}项，部分落实{counts['partial']}项，"
            f"仅列计划{counts['planned']}项，存在差距{counts['gap']}项，未提及{counts['missing']}项。")
    blocks = [Block("p", text)]
    if c:
        direction = "提高" if c.score_delta > 0 else "降低" if c.score_delta < 0 else "持平"
        delta = f"{abs(c.score_delta):.1f}分" if c.score_delta else ""
        moved = (f"年度名次由第{c.previous_rank}名{'上升' if c.rank_delta > 0 else '下降'}至第{c.rank}名"
                 if c.rank_delta else f"年度名次保持第{c.rank}名")
        own = office.checklist_of(u.result)
        more = ""
        if c.newly_met:
            more += f"新落实{element_names(c.newly_met, own)}；"
        if c.lost:
            more += f"{element_names(c.lost, own)}较上年未再体现；"
        blocks.append(Block("p", f"与{c.previous_year}年度报告相比，得分{direction}{delta}，{moved}"
                                 f"{'；' + more.rstrip('；') if more else ''}。"))
    return blocks


def _rectification(ledger: tuple[LedgerItem, ...]) -> list[Block]:
    if not ledger:
        return [Block("p", "报告已反映清单所列全部适用要素，没有需要整改的缺项。")]
    blocks: list[Block] = []
    group, n_group, n = None, 0, 0
    for item in ledger:
        if item.group != group:
            group, n = item.group, 0
            blocks.append(Block("h2", f"（{_CN_NUMBERS[n_group % 10]}）{item.group}"))
            n_group += 1
        n += 1
        blocks.append(Block("p", f"{n}．{item.name}（{STATUS_LABELS[item.status]}）。{item.problem}"
                                 f"要求：{item.requirement}（依据：{item.source}）。"))
    return blocks


def _partial(u: Unit, office: OfficeBatch) -> list[Block]:
    if not u.partial:
        return []
    names = element_names(u.partial, office.checklist_of(u.result))
    return [Block("p", f"以下事项报告虽有涉及，但只有原则性表述或不够完整，缺少具体举措、数据或文件，"
                       f"建议在今后的报告中充实：{names}。")]


def _structure(u: Unit, office: OfficeBatch) -> list[Block]:
    parts = u.row.missing_parts
    if not parts:
        return [Block("p", "报告包含上一年度主要举措和成效、存在的不足和原因、党政主要负责人履行推进法治建设"
                           "第一责任人职责情况、下一年度主要安排等法定组成部分。")]
    return [Block("p", f"报告缺少{'、'.join(f'“{p}”' for p in parts)}部分，不符合《法治政府建设与责任落实督察"
                       "工作规定》关于年度报告内容的要求，请补充完善后重新报送。")]


def _timeliness(u: Unit) -> list[Block]:
    m, due = u.result.meta, u.result.due
    if m.date is None:
        return [Block("p", "报告未注明成文日期，无法核实是否按期报送。请在落款处注明成文日期。")]
    if due is None:
        return [Block("p", f"报告成文日期为{cn_date(m.date)}，但未写明报告年度，无法确定报送期限。")]
    if m.date <= due:
        return [Block("p", f"报告成文日期为{cn_date(m.date)}，在报送期限{cn_date(due)}之前，按时报送。")]
    return [Block("p", f"报告成文日期为{cn_date(m.date)}，晚于报送期限{cn_date(due)}，逾期{(m.date - due).days}天。"
                       "请严格按照规定时限报送年度报告。")]


def letter_for(u: Unit, office: OfficeBatch) -> Letter:
    """Returns the feedback letter of one unit."""
    m, s = u.result.meta, office.settings
    ledger = u.ledger
    year = f"{m.year}年度" if m.year else ""
    report = f"《{m.title}》" if m.title else "年度法治政府建设情况报告"
    opening = (f"你单位报送的{report}收悉。我们对照{office.checklist_of(u.result).title}，逐项核对了报告内容，"
               "现将评估情况反馈如下。")
    sections = [("总体情况", _overview(u, office)),
                ("需要整改的事项", _rectification(ledger) + _partial(u, office)),
                ("报告结构", _structure(u, office)),
                ("报送时效", _timeliness(u)),
                ("整改要求", [Block("p", f"请于{cn_date(s.rectify_by)}前对照上述事项研究整改，明确责任人和完成时限，"
                                       f"填写整改台账（见附件）后报送{s.office}。")])]
    blocks = [Block("p", opening)]
    for i, (heading, body) in enumerate(sections):
        blocks.append(Block("h1", f"{_CN_NUMBERS[i]}、{heading}"))
        blocks.extend(body)
    rows = tuple((str(n), STATUS_LABELS[i.status], i.name, i.problem, f"{i.requirement}（依据：{i.source}）",
                  i.measure, i.issuer, cn_date(i.deadline), "") for n, i in enumerate(ledger, 1))
    return Letter(f"关于{u.issuer}{year}法治政府建设情况报告的反馈意见", u.issuer, tuple(blocks), s.office,
                  cn_date(s.letter_date), rows)


def _md_cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def render_markdown(letter: Letter) -> str:
    """Returns the letter as Markdown."""
    lines = [f"# {letter.title}", "", f"{letter.addressee}：", ""]
    for block in letter.blocks:
        prefix = {"h1": "## ", "h2": "### "}.get(block.kind, "")
        lines += [prefix + block.text, ""]
    lines += [f"<div align=\"right\">{letter.office}<br>{letter.date}</div>", "", "---", "",
              "附件：整改台账", ""]
    if letter.ledger_rows:
        lines.append("| " + " | ".join(LEDGER_COLUMNS) + " |")
        lines.append("|" + "---|" * len(LEDGER_COLUMNS))
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in letter.ledger_rows]
    else:
        lines.append("（无整改事项）")
    return "\n".join(lines) + "\n"


def _font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Sets a run's or style's Latin and East Asian font (Word reads Chinese text from eastAsia)."""
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    run_or_style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc: DocxDocument, text: str, font: str, size: float, *, bold: bool = False,
               align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = True) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)


def _ledger_table(doc: DocxDocument, letter: Letter) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    _paragraph(doc, "附件", "黑体", 16, indent=False)
    _paragraph(doc, f"{letter.addressee}整改台账", "宋体", 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if not letter.ledger_rows:
        _paragraph(doc, "无整改事项。", "仿宋", 16)
        return
    table = doc.add_table(rows=1, cols=len(LEDGER_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (10, 18, 28, 60, 55, 50, 22, 22, 22)
    table.autofit = False
    # Word reads each cell's width, LibreOffice and WPS the table grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for cell, label, width in zip(table.rows[0].cells, LEDGER_COLUMNS, widths, strict=True):
        cell.width = Mm(width)
        _font(cell.paragraphs[0].add_run(label), "黑体", 10.5, True)
    # Body cells take the Normal style's 仿宋 10.5 pt: setting fonts or styles cell by cell
    # costs python-docx a second per letter.
    for row in letter.ledger_rows:
        for cell, value, width in zip(table.add_row().cells, row, widths, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0].add_run(value)


def render_docx(letter: Letter) -> DocxDocument:
    """Returns the letter as a Word document laid out as an official letter."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _font(doc.styles["Normal"], "仿宋", 10.5)
    _paragraph(doc, letter.title, "宋体", 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "", "仿宋", 16, indent=False)
    _paragraph(doc, f"{letter.addressee}：", "仿宋", 16, indent=False)
    fonts = {"h1": "黑体", "h2": "楷体", "p": "仿宋"}
    for block in letter.blocks:
        _paragraph(doc, block.text, fonts[block.kind], 16)
    _paragraph(doc, "", "仿宋", 16, indent=False)
    _paragraph(doc, "附件：整改台账", "仿宋", 16)
    _paragraph(doc, "", "仿宋", 16, indent=False)
    _paragraph(doc, letter.office, "仿宋", 16, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, letter.date, "仿宋", 16, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _ledger_table(doc, letter)
    return doc


def write_letters(office: OfficeBatch, folder: Path) -> list[Path]:
    """Writes letters/<unit>.docx and letters/<unit>.md for every report, one report at a
    time; returns the files."""
    target = folder / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for n, u in enumerate(office.units, 1):
        letter = letter_for(u, office)
        md = target / f"{u.slug}.md"
        md.write_text(render_markdown(letter), encoding="utf-8")
        docx = target / f"{u.slug}.docx"
        render_docx(letter).save(str(docx))
        written += [docx, md]
        # A python-docx document is a web of reference cycles (about 0.3 MB) that only a
        # full collection frees, which Python runs rarely: hundreds would pile up.
        if n % _COLLECT_EVERY == 0:
            gc.collect()
    return written
