"""The scoring model: weights, partial credit, not_applicable out of the denominator."""

from __future__ import annotations

from scorer.engine import score_text

REPORT = """青山县人民政府关于2025年度法治政府建设情况的报告
一、主要举措和成效
组织8个部门主要负责人现场述法。
落实行政执法“三项制度”。
二、存在的不足和原因
部分单位学法不深，主要原因是重视不够。
三、2026年工作安排
制定重大行政决策事项目录。
特此报告。
青山县人民政府
2026年3月20日
"""


def test_score_is_earned_over_possible_with_partial_at_its_credit(checklist):
    result = score_text(REPORT, checklist)
    earned = possible = 0.0
    for d in result.decisions:
        el = checklist.element(d.element_id)
        if d.status == "not_applicable":
            continue
        possible += el.weight
        earned += el.weight * {"met": 1.0, "partial": checklist.partial_credit}.get(d.status, 0.0)
    assert result.total.possible == round(possible, 3)
    assert result.checklist_score == round(100 * earned / possible, 1)
    assert result.decision("enforce.three_systems").status == "partial"


def test_not_applicable_elements_leave_the_denominator(checklist):
    county = score_text(REPORT, checklist, profile="county")
    township = score_text(REPORT, checklist, profile="township")
    na = [d.element_id for d in township.decisions if d.status == "not_applicable"]
    assert "func.power_list" in na
    removed = sum(checklist.element(e).weight for e in na) - sum(
        checklist.element(d.element_id).weight for d in county.decisions if d.status == "not_applicable")
    assert township.total.possible == county.total.possible - removed


def test_counts_add_up_to_the_number_of_elements(checklist):
    result = score_text(REPORT, checklist)
    assert sum(result.total.counts.values()) == len(checklist.elements)
    assert sum(sum(g.counts.values()) for g in result.groups.values()) == len(checklist.elements)


def test_group_subtotals_cover_every_group_in_checklist_order(checklist):
    result = score_text(REPORT, checklist)
    assert list(result.groups) == list(checklist.groups)
    assert result.groups["part"].counts["met"] == 3  # achievements, shortcomings, plan


def test_timeliness_uses_the_deadline_of_the_profile(checklist):
    gov = score_text(REPORT, checklist, profile="county")
    dept = score_text(REPORT, checklist, profile="department")
    assert gov.decision("meta.timeliness").status == "met"
    assert dept.decision("meta.timeliness").status == "gap"
    assert "19 days after the deadline 2026-03-01" in dept.decision("meta.timeliness").reason


def test_undated_report_is_missing_timeliness_not_guessed(checklist):
    result = score_text(REPORT.replace("2026年3月20日\n", ""), checklist)
    assert result.meta.date is None
    assert result.decision("meta.timeliness").status == "missing"
    assert result.decision("meta.signature_date").status == "partial"


def test_final_score_blends_in_the_quality_score_at_its_weight(checklist):
    result = score_text(REPORT, checklist)
    w = checklist.quality.weight
    assert 0 < w < 1 and result.quality_score is not None
    assert result.score == round((1 - w) * result.checklist_score + w * result.quality_score, 1)
