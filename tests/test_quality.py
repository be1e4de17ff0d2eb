"""Report-quality signals: figures, specific shortcomings, plans that answer them, stock formulas."""

from __future__ import annotations

from scorer.engine import score_text

GOOD = """青山县人民政府关于2025年度法治政府建设情况的报告
一、主要举措和成效
全年评查行政处罚案卷120卷，评出优秀案卷8卷。
组织8个部门主要负责人现场述法。
二、存在的不足和原因
部分乡镇尚未编制重大行政决策事项目录，原因是司法所力量薄弱。
三、2026年工作安排
指导各乡镇编制重大行政决策事项目录。
"""

WEAK = """青山县人民政府关于2025年度法治政府建设情况的报告
一、主要举措和成效
在县委坚强领导下，我县高度重视法治建设，取得了明显成效。
不断提升依法行政水平，推动各项工作走深走实。
全年评查行政处罚案卷120卷，评出优秀案卷8卷。
二、存在的问题
学习不够深入，创新意识不强。
三、2026年工作安排
继续加强学习。
"""


def _signals(text, checklist):
    result = score_text(text, checklist)
    return result, {q.id: q for q in result.quality}


def test_every_signal_of_the_catalogue_is_measured(checklist):
    _, signals = _signals(GOOD, checklist)
    assert list(signals) == ["quality.quantified", "quality.shortcomings_specific",
                             "quality.plan_addresses_gaps", "quality.boilerplate"]


def test_quantified_is_the_share_of_achievement_paragraphs_with_a_figure(checklist):
    _, signals = _signals(WEAK, checklist)
    q = signals["quality.quantified"]
    assert q.value == round(1 / 3, 3)
    assert [i.ok for i in q.items] == [False, False, True]


def test_specific_shortcoming_with_reasons_scores_full(checklist):
    _, signals = _signals(GOOD, checklist)
    q = signals["quality.shortcomings_specific"]
    assert (q.value, q.score) == (1.0, 1.0)
    assert "决策事项目录" in q.items[0].note


def test_stock_shortcomings_are_flagged_generic(checklist):
    _, signals = _signals(WEAK, checklist)
    q = signals["quality.shortcomings_specific"]
    assert (q.value, q.score) == (0.0, 0.0)
    assert q.items[0].note == "stock words only"


def test_plan_that_answers_the_shortcoming_is_found(checklist):
    _, signals = _signals(GOOD, checklist)
    q = signals["quality.plan_addresses_gaps"]
    assert q.value == 1.0
    assert "decision.catalogue" in q.items[0].note


def test_plan_that_ignores_the_shortcoming_is_listed(checklist):
    text = GOOD.replace("指导各乡镇编制重大行政决策事项目录。", "继续加强学习。")
    _, signals = _signals(text, checklist)
    q = signals["quality.plan_addresses_gaps"]
    assert q.value == 0.0
    assert q.items[0].note == "no matching measure in the plan"


def test_stock_formulas_count_as_boilerplate(checklist):
    _, signals = _signals(WEAK, checklist)
    q = signals["quality.boilerplate"]
    assert q.value == round(2 / 3, 3)
    assert q.items[0].note.startswith("stock formula: ")
    assert q.items[0].text.startswith("在县委坚强领导下")


def test_weak_report_scores_lower_on_quality(checklist):
    good, _ = _signals(GOOD, checklist)
    weak, _ = _signals(WEAK, checklist)
    assert good.quality_score > weak.quality_score + 30
