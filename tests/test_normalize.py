"""Layout repair: one canonical text whatever the layout the report arrived in."""

from __future__ import annotations

import opencc
import pytest

from scorer.normalize import is_mostly_traditional, is_page_number, normalize_text

from .conftest import SAMPLES

PARAGRAPH = ("镇党委始终把法治建设作为全局性工作来抓，全年召开镇党委会议4次专题研究法治建设，"
             "审定《桐溪镇2025年法治建设工作要点》，落实“谁执法谁普法”责任制，明确各站所的工作任务。")


def hard_wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


@pytest.mark.parametrize("line", ["— 3 —", "-3-", "- 12 -", "第3页", "第 3 页 共 10 页", "共10页 第3页", "3/10", "7",
                                  "－３－", "Page 3 of 10"])
def test_page_numbers_are_recognised(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2025", "12件", "第3页内容如下", "一、主要成效"])
def test_text_that_is_not_a_page_number_stays(line):
    assert not is_page_number(line)


def test_page_numbers_between_the_lines_are_dropped():
    text = f"一、主要成效\n{PARAGRAPH}\n— 3 —\n二、存在的不足\n-4-\n第5页\n{PARAGRAPH}"
    assert normalize_text(text).split("\n") == ["一、主要成效", PARAGRAPH, "二、存在的不足", PARAGRAPH]


def test_a_sentence_hard_wrapped_at_the_line_width_is_joined_whatever_its_lines_end_with():
    # Lines cut after "“" and after "，" would each look like a sentence end to a naive joiner.
    lines = hard_wrap(PARAGRAPH * 2, 28)
    assert normalize_text("\n".join(["一、主要成效", *lines, "二、存在的不足"])).split("\n") == [
        "一、主要成效", PARAGRAPH * 2, "二、存在的不足"]


def test_a_heading_wrapped_over_two_lines_is_one_heading():
    heading = "（七）党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况"
    lines = [*hard_wrap(PARAGRAPH, 28), *hard_wrap(heading, 28), *hard_wrap(PARAGRAPH, 28)]
    assert normalize_text("\n".join(lines)).split("\n") == [PARAGRAPH, normalize_text(heading), PARAGRAPH]


def test_a_sentence_cut_by_a_page_break_is_joined_across_the_page_number():
    first, second = PARAGRAPH[:30], PARAGRAPH[30:]
    assert normalize_text(f"{first}\n\n— 2 —\n\n{second}") == PARAGRAPH


def test_a_running_header_repeated_on_every_page_is_dropped_after_its_first_occurrence():
    header = "桐溪镇人民政府2025年度法治政府建设情况报告"
    pages = [header, "一、主要成效", PARAGRAPH, header, PARAGRAPH, header, "二、存在的不足", PARAGRAPH]
    assert normalize_text("\n".join(pages)).split("\n") == [header, "一、主要成效", PARAGRAPH, PARAGRAPH,
                                                            "二、存在的不足", PARAGRAPH]


def test_repeated_headings_are_not_running_headers():
    text = f"1.主要做法\n{PARAGRAPH}\n" * 3
    assert normalize_text(text).count("1.主要做法") == 3


def test_spaces_inside_chinese_words_are_removed():
    assert normalize_text("法 治 政 府 建 设 ， 2024 年 度 “ 三 项 制 度 ”") == "法治政府建设，2024年度“三项制度”"


def test_spaces_between_latin_words_stay():
    assert normalize_text("使用 Word 2016 编辑") == "使用 Word 2016编辑"


def test_full_width_forms_become_half_width_and_ascii_punctuation_chinese():
    assert normalize_text("（一）２０２４年办理案件１２件, 办结率１００％; 全部公开ＡＢＣ") == (
        "(一)2024年办理案件12件，办结率100%；全部公开ABC")


def test_spaces_around_ascii_punctuation_in_chinese_are_dropped():
    assert normalize_text("推进依法行政 , 建设法治政府 ; 全年办结 12 件 !") == "推进依法行政，建设法治政府；全年办结12件！"


def test_ascii_punctuation_at_either_end_of_the_text_becomes_chinese():
    assert [normalize_text(",法治政府建设,"), normalize_text("法治政府建设 ,")] == ["，法治政府建设，", "法治政府建设，"]


def test_a_colon_between_digits_stays_ascii():
    assert normalize_text("会议 : 10:30召开") == "会议：10:30召开"


def test_a_comma_between_latin_words_stays_ascii():
    assert normalize_text("Word, Excel和WPS") == "Word, Excel和WPS"


def test_ascii_quotes_in_chinese_become_chinese_quotes():
    assert normalize_text('落实"谁执法谁普法"责任制，推行"三项制度"。') == "落实“谁执法谁普法”责任制，推行“三项制度”。"


def test_traditional_characters_become_simplified():
    assert normalize_text("推進嚴格規範公正文明執法，法治政府建設") == "推进严格规范公正文明执法，法治政府建设"


def test_a_simplified_report_with_traditional_characters_in_its_place_names_is_not_traditional():
    text = (SAMPLES / "county_qinglan_2025.txt").read_text(encoding="utf-8").replace("青岚", "淶水")
    assert not is_mostly_traditional(text)


def test_a_report_in_traditional_characters_is_traditional():
    text = (SAMPLES / "county_qinglan_2025.txt").read_text(encoding="utf-8")
    assert is_mostly_traditional(opencc.OpenCC("s2t").convert(text))


def test_kangxi_radicals_from_pdf_exports_become_ideographs():
    assert normalize_text("\u2f00、主要成效") == "一、主要成效"


def test_normalising_twice_changes_nothing():
    for path in SAMPLES.glob("*.txt"):
        once = normalize_text(path.read_text(encoding="utf-8"))
        assert normalize_text(once) == once, path.name


def test_a_text_of_one_paragraph_per_line_is_not_taken_for_a_hard_wrapped_one():
    text = (SAMPLES / "county_qinglan_2025.txt").read_text(encoding="utf-8")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    assert normalize_text(text).split("\n") == [normalize_text(p) for p in paragraphs]
