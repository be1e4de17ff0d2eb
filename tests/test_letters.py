"""Feedback letters: one .docx and one .md per report, with what an office signs and sends."""

from __future__ import annotations

import datetime as dt

import docx
import pytest

from scorer.batch import score_paths
from scorer.outputs.letters import LEDGER_COLUMNS, write_letters
from scorer.outputs.office import Settings, office_batch

OFFICE = "青岚县委全面依法治县委员会办公室"


@pytest.fixture(scope="module")
def letters(checklist, samples_dir, tmp_path_factory):
    """Returns (folder, office batch) after writing the letters of the four samples."""
    batch = score_paths([samples_dir], checklist)
    view = office_batch(batch, checklist, Settings(dt.date(2026, 4, 20), 15, OFFICE))
    folder = tmp_path_factory.mktemp("letters")
    write_letters(view, folder)
    return folder / "letters", view


def unit(view, issuer):
    return next(u for u in view.units if u.issuer == issuer)


def test_there_is_one_docx_and_one_md_letter_per_report(letters):
    folder, view = letters
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{u.slug}{suffix}" for u in view.units for suffix in (".docx", ".md"))


def test_a_letter_names_the_unit_its_score_and_its_rank(letters):
    folder, view = letters
    township = unit(view, "桐溪镇人民政府")
    text = (folder / f"{township.slug}.md").read_text(encoding="utf-8")
    assert text.startswith("# 关于桐溪镇人民政府2025年度法治政府建设情况报告的反馈意见\n\n桐溪镇人民政府：")
    assert f"报告得分{township.row.score:.1f}分" in text
    assert f"在本次评估的4份报告中排第{township.row.rank}名" in text
    assert "在乡镇（街道）组1家单位中排第1名" in text


def test_every_missing_or_planned_element_comes_with_its_requirement_and_source(letters, checklist):
    folder, view = letters
    township = unit(view, "桐溪镇人民政府")
    text = (folder / f"{township.slug}.md").read_text(encoding="utf-8")
    listed = [d for d in township.result.decisions
              if d.status in ("missing", "planned") and checklist.element(d.element_id).weight > 0]
    assert listed
    for d in listed:
        element = checklist.element(d.element_id)
        assert f"{element.name}（{'未提及' if d.status == 'missing' else '仅列计划'}）。" in text
        assert f"要求：{element.requirement}（依据：{element.source}）。" in text


def test_a_letter_names_the_parts_missing_from_the_report(letters):
    folder, view = letters
    text = (folder / f"{unit(view, '桐溪镇人民政府').slug}.md").read_text(encoding="utf-8")
    assert "报告缺少“不足和原因”部分" in text


def test_a_late_report_is_told_how_many_days_late(letters):
    folder, view = letters
    text = (folder / f"{unit(view, '青岚县市场监督管理局').slug}.md").read_text(encoding="utf-8")
    assert "报告成文日期为2026年3月10日，晚于报送期限2026年3月1日，逾期9天。" in text


def test_a_letter_ends_with_the_deadline_the_office_and_the_date(letters):
    folder, view = letters
    text = (folder / f"{unit(view, '青岚县人民政府').slug}.md").read_text(encoding="utf-8")
    assert "请于2026年5月5日前对照上述事项研究整改" in text and f"后报送{OFFICE}。" in text
    assert f"{OFFICE}<br>2026年4月20日" in text


def test_the_docx_letter_has_the_text_and_the_ledger_as_a_table(letters):
    folder, view = letters
    township = unit(view, "桐溪镇人民政府")
    document = docx.Document(str(folder / f"{township.slug}.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "关于桐溪镇人民政府2025年度法治政府建设情况报告的反馈意见"
    assert "桐溪镇人民政府：" in paragraphs
    assert any(p.startswith("报告缺少“不足和原因”部分") for p in paragraphs)
    table = document.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == LEDGER_COLUMNS
    assert len(table.rows) == len(township.ledger) + 1
    assert document.sections[-1].page_width > document.sections[-1].page_height  # the ledger is landscape


def test_the_docx_sets_a_chinese_font_for_chinese_text(letters):
    folder, view = letters
    document = docx.Document(str(folder / f"{view.units[0].slug}.docx"))
    run = document.paragraphs[0].runs[0]
    fonts = run._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
