"""Finding the title, the mandated parts (in any order) and the sentences of a report."""

from __future__ import annotations

from scorer.document import parse_document
from scorer.normalize import normalize_text

FR_FIRST = """青山县司法局2025年度法治政府建设情况报告
一、党政主要负责人履行推进法治建设第一责任人职责情况
局长主持召开局务会议专题研究法治建设4次。
二、2025年推进法治政府建设的主要举措和成效
(一)规范执法。评查行政处罚案卷120卷。
三、存在的问题
执法力量不足。
四、2026年工作打算
继续开展案卷评查。
特此报告。
青山县司法局
2026年2月20日
"""


def _parse(text, checklist):
    return parse_document(normalize_text(text), checklist)


def test_parts_are_found_in_any_order(checklist):
    doc = _parse(FR_FIRST, checklist)
    assert [p.kind for p in doc.parts] == ["first_responsible", "achievements", "shortcomings", "plan"]


def test_sentences_carry_their_part(checklist):
    doc = _parse(FR_FIRST, checklist)
    by_text = {s.text: s.part for s in doc.sentences}
    assert by_text["局长主持召开局务会议专题研究法治建设4次。"] == "first_responsible"
    assert by_text["评查行政处罚案卷120卷。"] == "achievements"
    assert by_text["继续开展案卷评查。"] == "plan"


def test_title_and_signature_block_are_split_off(checklist):
    doc = _parse(FR_FIRST, checklist)
    assert doc.title == "青山县司法局2025年度法治政府建设情况报告"
    assert doc.signature_lines == ("青山县司法局", "2026年2月20日")
    assert all("特此报告" not in s.text for s in doc.sentences)


def test_headed_sub_section_on_first_responsible_is_a_nested_part(checklist):
    text = """青山县2025年度法治政府建设情况报告
一、主要举措和成效
(一)规范执法。评查案卷120卷。
(二)党政主要负责人履行第一责任人职责情况。县长带头述法。
(三)强化监督。办理检察建议7件。
二、2026年工作安排
继续抓好学法。
"""
    doc = _parse(text, checklist)
    nested = [p for p in doc.parts if p.nested]
    assert [(p.kind, p.level) for p in nested] == [("first_responsible", 2)]
    parts = {s.text: s.part for s in doc.sentences}
    assert parts["县长带头述法。"] == "first_responsible"
    assert parts["办理检察建议7件。"] == "achievements"


def test_first_responsible_sub_heading_inside_the_plan_stays_plan(checklist):
    text = """青山县2025年度法治政府建设情况报告
一、主要举措和成效
评查案卷120卷。
二、2026年工作思路
(一)增强主要负责人履行第一责任人职责主动性。制定责任清单。
"""
    doc = _parse(text, checklist)
    assert "first_responsible" not in doc.part_kinds()
    assert {s.part for s in doc.sentences if "责任清单" in s.text} == {"plan"}


def test_header_lines_and_addressee_are_recognised(checklist):
    text = """中共青山县委文件
青报〔2025〕3号
签发人：王某某
中共青山县委 青山县人民政府 关于青山县2024年度法治政府建设工作情况的报告
中共云泽市委、市人民政府：
2024年，我县扎实推进依法行政。现将情况报告如下：
一、主要举措和成效
评查案卷120卷。
"""
    doc = _parse(text, checklist)
    assert doc.header_lines == ("中共青山县委文件", "青报〔2025〕3号", "签发人：王某某")
    assert doc.title.startswith("中共青山县委")
    assert doc.addressee == "中共云泽市委、市人民政府"
    assert doc.sentences[0].part == "preamble"


def test_topic_sentence_heads_the_sentences_after_it(checklist):
    text = "一、主要举措和成效\n一是发扬新时代“枫桥经验”。全年调解纠纷1001件。二是推进普法。\n"
    doc = _parse(text, checklist)
    topic = next(s for s in doc.sentences if s.text.startswith("一是"))
    assert topic.is_heading
    assert [s.text for s in doc.block(topic)] == ["全年调解纠纷1001件。"]


def test_every_seed_report_has_achievements_and_plan(checklist, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = _parse(path.read_text(encoding="utf-8"), checklist)
        assert {"achievements", "plan"} <= doc.part_kinds(), path.name


def test_unnumbered_part_headings_copied_from_a_web_page_are_found(checklist):
    text = """青山县2025年度法治政府建设情况报告
现将2025年法治政府建设情况报告如下：
主要举措和成效
全年评查案卷120卷。
存在的问题和原因
执法力量不足，原因是编制紧张。
下一步工作打算
继续开展案卷评查。
"""
    doc = _parse(text, checklist)
    assert [p.kind for p in doc.parts] == ["achievements", "shortcomings", "plan"]
    assert doc.sentences[0].part == "preamble"


def test_top_heading_naming_the_next_year_is_the_plan(checklist):
    text = """青山县2025年度法治政府建设情况报告
一、聚焦重点领域，推进依法行政
全年评查案卷120卷。
二、2026年主要任务
继续开展案卷评查。
"""
    doc = _parse(text, checklist)
    assert [p.kind for p in doc.parts] == ["achievements", "plan"]


def test_final_paragraph_starting_next_step_is_the_plan(checklist):
    text = """青山县2025年度法治政府建设情况报告
一、主要举措和成效
全年评查案卷120卷。
二、存在的不足和原因
执法力量不足，原因是编制紧张。
下一步，我县将重点抓好以下工作：一是全面推行述法。二是开展案卷评查。
特此报告。
"""
    doc = _parse(text, checklist)
    assert [p.kind for p in doc.parts] == ["achievements", "shortcomings", "plan"]
    assert {s.part for s in doc.sentences if "述法" in s.text or "二是" in s.text} == {"plan"}


def test_paragraph_owning_up_to_problems_opens_the_shortcomings(checklist):
    text = """青山县2025年度法治政府建设情况报告
一、工作开展情况
全年评查案卷120卷。
但也存在一些问题：部分单位尚未制定重大行政决策事项目录。
二、2026年工作打算
制定决策事项目录。
"""
    doc = _parse(text, checklist)
    assert [p.kind for p in doc.parts] == ["achievements", "shortcomings", "plan"]
    assert doc.parts[1].nested


def test_part_numbering_puts_yi_headings_inside_the_parts(checklist):
    text = """青山县教育局2025年度法治政府建设情况报告
第一部分 主要负责人履行推进法治建设第一责任人职责情况
一、带头学法。局长带头述法。
第二部分 2025年度主要举措和成效
一、规范执法。评查案卷12卷。
第三部分 存在的不足及原因
一、补齐短板。执法力量不足，原因是编制少。
第四部分 2026年工作安排
一、规范执法裁量。制定裁量基准。
"""
    doc = _parse(text, checklist)
    assert [p.kind for p in doc.parts] == ["first_responsible", "achievements", "shortcomings", "plan"]
    assert {s.part for s in doc.sentences if "裁量" in s.text} == {"plan"}


def test_issuer_line_above_the_title_counts_as_the_header_issuer(checklist):
    text = "中共青山县委 青山县人民政府\n关于2025年度法治政府建设情况的报告\n一、主要举措和成效\n评查案卷120卷。\n"
    doc = _parse(text, checklist)
    assert doc.header_issuer() == "中共青山县委 青山县人民政府" or doc.header_issuer() == "中共青山县委青山县人民政府"


MIXED_HEADING = """青山县税务局2024年度法治政府建设情况报告
一、2024年工作开展情况及2025年工作打算
(一)规范执法
评查执法案卷96卷。
下一步，我局将推广移动执法。
(二)优化服务
网上申报率达到99%。
二、存在的问题及原因
执法人员不足，原因是编制少。
"""


def test_heading_naming_the_years_work_before_the_plan_heads_the_achievements(checklist):
    doc = _parse(MIXED_HEADING, checklist)
    assert [(p.kind, p.nested) for p in doc.parts] == [
        ("achievements", False), ("plan", True), ("shortcomings", False)]


def test_plan_paragraph_closing_a_sub_section_ends_at_its_sibling(checklist):
    parts = {s.text: s.part for s in _parse(MIXED_HEADING, checklist).sentences}
    assert parts["下一步，我局将推广移动执法。"] == "plan"
    assert parts["网上申报率达到99%。"] == "achievements"


def test_main_measures_and_results_heading_is_the_achievements(checklist):
    doc = _parse("青山县2025年度法治政府建设情况报告\n一、主要工作举措和成效\n评查案卷120卷。\n", checklist)
    assert [p.kind for p in doc.parts] == ["achievements"]


HEADINGLESS = """悦山县2025年度法治政府建设情况报告
2025年是纲要实施的收官之年。
今年以来，我县召开常务会议专题研究法治建设4次。
在行政执法方面，评查案卷120卷。
总的来看，我县法治政府建设是有成效的，但我们也清醒地看到，还有一定差距，主要是：执法力量不足。
下一步，我县将继续推进综合执法改革。
悦山县人民政府
2026年3月20日
"""


def test_shortcomings_paragraph_may_turn_after_its_first_words(checklist):
    doc = _parse(HEADINGLESS, checklist)
    assert [p.kind for p in doc.parts][1:] == ["shortcomings", "plan"]


def test_paragraphs_before_the_shortcomings_of_a_headingless_report_are_the_achievements(checklist):
    doc = _parse(HEADINGLESS, checklist)
    assert doc.parts[0].kind == "achievements"
    assert {s.part for s in doc.sentences if "评查案卷" in s.text} == {"achievements"}


def test_one_paragraph_before_the_plan_is_an_introduction_not_a_part(checklist):
    doc = _parse("悦山县2025年度法治政府建设情况报告\n今年以来，我县召开会议4次。\n下一步，我县将继续推进改革。\n",
                 checklist)
    assert [p.kind for p in doc.parts] == ["plan"]
