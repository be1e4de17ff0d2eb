"""The same report as .txt, .docx, .pdf and .html gives the same element statuses.

The other formats are made here from the seed text with the libraries an office's own
systems make them with: python-docx for Word, ReportLab with a CJK font for PDF (A4,
16 pt body with a first-line indent, 28 pt pitch, page numbers "— 3 —" in the footer and
the title as a running header from page 2 on), and the markup of a government web page
(menus, breadcrumbs, 来源/发布时间/浏览次数 line, share buttons, site footer, GB2312).
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from scorer.engine import score_file
from scorer.ingest import read_report

CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)


def cjk_font() -> Path:
    """Returns a TrueType CJK font of the machine, or skips the test naming the package."""
    for font in CJK_FONTS:
        if font.exists():
            return font
    pytest.skip("no CJK TrueType font: apt-get install fonts-wqy-zenhei")


def report_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def title_index(lines: list[str]) -> int | None:
    """Returns the index of the report's title line among its first lines, if it has one."""
    return next((i for i, line in enumerate(lines[:6]) if "报告" in line and len(line) < 80), None)


def signature_start(lines: list[str]) -> int:
    """Returns where the trailing short lines (issuer, date) start."""
    end = len(lines)
    while end > 0 and len(lines[end - 1]) <= 30 and "。" not in lines[end - 1]:
        end -= 1
    return end


def write_docx(lines: list[str], path: Path) -> Path:
    """Writes the report as a Word file: centred title, indented body, right-aligned
    signature, page numbers in the footer."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(16)
    title = title_index(lines)
    signature = signature_start(lines)
    for i, line in enumerate(lines):
        paragraph = doc.add_paragraph(line)
        if i == title:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.runs[0].font.size = Pt(22)
        elif i >= signature:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph.paragraph_format.first_line_indent = Pt(32)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")
    doc.save(path)
    return path


def write_pdf(lines: list[str], path: Path) -> Path:
    """Writes the report as an A4 PDF laid out like a Word export of an official document."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", str(cjk_font()), subfontIndex=0))
    body = ParagraphStyle("body", fontName="CJK", fontSize=16, leading=28, firstLineIndent=32, wordWrap="CJK")
    heading = ParagraphStyle("title", parent=body, fontSize=22, leading=36, firstLineIndent=0, alignment=TA_CENTER)
    signed = ParagraphStyle("signed", parent=body, firstLineIndent=0, alignment=TA_RIGHT)
    title = title_index(lines)
    signature = signature_start(lines)
    running_header = lines[title][:30] if title is not None else ""

    def furniture(canvas, doc) -> None:
        canvas.setFont("CJK", 14)
        canvas.drawCentredString(A4[0] / 2, 15 * mm, f"— {doc.page} —")
        if doc.page > 1 and running_header:
            canvas.setFont("CJK", 10)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 20 * mm, running_header)

    story = [Paragraph(escape(line), heading if i == title else signed if i >= signature else body)
             for i, line in enumerate(lines)]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                      bottomMargin=35 * mm).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


def write_html(lines: list[str], path: Path) -> Path:
    """Writes the report as a government web page in GB2312, with all its furniture: the
    title in an <h1> above the article."""
    title = title_index(lines)
    title_text = lines[title] if title is not None else "法治政府建设情况"
    signature = signature_start(lines)
    paragraphs = []
    for i, line in enumerate(lines):
        if i == title == 0:
            continue  # shown in the page's <h1>; when a document head precedes it, both show it
        style = "text-align:right" if i >= signature else "text-indent:2em"
        paragraphs.append(f'<p style="{style}">{html.escape(line)}</p>')
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{html.escape(title_text)}_政府信息公开_人民政府门户网站</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ float: left; }}</style></head>
<body>
<div class="top"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul>
<div class="search"><form><input name="q" value="请输入关键词"><button>搜索</button></form></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 法治政府建设</div>
<div class="main"><div class="article">
<h1 class="article-title">{html.escape(title_text)}</h1>
<div class="info">来源：司法局&nbsp;&nbsp;发布时间：2026-03-20 09:30&nbsp;&nbsp;浏览次数：<span id="hits">1024</span>
&nbsp;【字号：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(paragraphs)}
</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
<div class="btns">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a.html">关于印发法治政府建设实施方案的通知</a></li>
<li><a href="/b.html">全面依法治县委员会2025年工作要点</a></li></ul></div></div>
<div class="foot">主办单位：人民政府办公室 网站标识码：4300000001 ICP备12345678号 公网安备43000002000001号</div>
</body></html>"""
    path.write_bytes(page.encode("gb18030"))
    return path


FORMATS = {".docx": write_docx, ".pdf": write_pdf, ".html": write_html}


@pytest.fixture(scope="module")
def seed_copies(seeds_dir, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Returns, per seed report, its .txt and the .docx, .pdf and .html made from it."""
    out = tmp_path_factory.mktemp("formats")
    copies: dict[str, dict[str, Path]] = {}
    for seed in sorted(seeds_dir.glob("*.txt")):
        lines = report_lines(seed.read_text(encoding="utf-8"))
        copies[seed.stem] = {".txt": shutil.copy(seed, out / seed.name)}
        for suffix, write in FORMATS.items():
            copies[seed.stem][suffix] = write(lines, out / f"{seed.stem}{suffix}")
    return copies


def statuses(path: Path, checklist) -> dict[str, str]:
    return {d.element_id: d.status for d in score_file(path, checklist).decisions}


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_every_seed_gives_the_same_statuses_as_its_text(seed_copies, checklist, suffix):
    differences = {}
    for seed, files in seed_copies.items():
        want, got = statuses(files[".txt"], checklist), statuses(files[suffix], checklist)
        differences[seed] = {e: (want[e], got[e]) for e in want if want[e] != got[e]}
    assert differences == {seed: {} for seed in seed_copies}


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_every_seed_gives_the_same_metadata_as_its_text(seed_copies, checklist, suffix):
    def meta(path: Path) -> tuple:
        m = score_file(path, checklist).meta
        return m.title, m.issuer, m.year, m.date, m.profile, m.doc_number, m.signatory, m.addressee

    for seed, files in seed_copies.items():
        assert meta(files[suffix]) == meta(files[".txt"]), seed


def test_the_pdf_loses_its_page_numbers_and_running_header(seed_copies):
    files = seed_copies["000_b5f2fc64005681d0"]
    text = read_report(files[".pdf"]).text
    title = read_report(files[".txt"]).text.splitlines()[0]
    assert "— 2 —" not in text and "— 3 —" not in text
    assert text.count(title) == 1


def test_the_web_page_loses_its_furniture(seed_copies):
    text = read_report(seed_copies["000_b5f2fc64005681d0"][".html"]).text
    for furniture in ("当前位置", "来源：", "发布时间", "浏览次数", "字号", "分享到", "打印本页", "相关链接", "网站标识码", "首页"):
        assert furniture not in text
