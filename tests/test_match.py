"""Term matching: word boundaries, negation, slogans, study mentions, plan and shortcomings."""

from __future__ import annotations

import pytest

from scorer.engine import score_text


def _status(checklist, element_id, body, heading="一、主要举措和成效", profile="county"):
    result = score_text(f"{heading}\n{body}\n", checklist, profile=profile)
    return result.decision(element_id)


def test_term_inside_another_word_does_not_match(checklist):
    assert _status(checklist, "lead.shufa", "律师当庭陈述法定理由，全年办结案件12件。").status == "missing"


def test_term_inside_a_compound_of_the_same_meaning_matches(checklist):
    assert _status(checklist, "lead.assessment", "将法治建设纳入全县绩效考核，分值占4%。").status == "met"


@pytest.mark.parametrize("sentence", [
    "部分单位未制定重大行政决策事项目录。",
    "个别乡镇尚未编制决策事项目录。",
    "决策事项目录公开不够及时。",
])
def test_negated_mention_in_achievements_is_a_gap(checklist, sentence):
    assert _status(checklist, "decision.catalogue", sentence).status == "gap"


def test_mention_only_in_shortcomings_is_a_gap_even_if_the_plan_promises_it(checklist):
    text = ("一、主要举措和成效\n评查案卷120卷。\n二、存在的不足和原因\n决策事项目录编制滞后。\n"
            "三、2026年工作安排\n制定重大行政决策事项目录。\n")
    assert score_text(text, checklist).decision("decision.catalogue").status == "gap"


def test_mention_only_in_the_plan_is_planned(checklist):
    d = _status(checklist, "lead.shufa", "常态化开展述法。", heading="一、下一步工作打算")
    assert (d.status, d.evidence[0].part) == ("planned", "plan")


def test_achievement_beats_a_shortcoming_about_the_same_work(checklist):
    text = ("一、主要举措和成效\n全年公示行政执法信息1260条。\n二、存在的不足和原因\n"
            "行政执法“三项制度”落实不够到位，原因是人员不足。\n")
    assert score_text(text, checklist).decision("enforce.three_systems").status == "met"


def test_slogan_alone_is_partial_and_a_figure_makes_it_met(checklist):
    assert _status(checklist, "enforce.three_systems", "落实行政执法“三项制度”。").status == "partial"
    assert _status(checklist, "enforce.three_systems", "公示行政执法信息1260条。").status == "met"


def test_figure_of_another_element_in_the_next_clause_does_not_count(checklist):
    sentence = "落实行政执法“三项制度”，开展执法监督检查13次。"
    assert _status(checklist, "enforce.three_systems", sentence).status == "partial"
    assert _status(checklist, "enforce.supervision", sentence).status == "met"


def test_figure_in_the_next_clause_of_the_same_topic_counts(checklist):
    assert _status(checklist, "lead.pre_meeting_study", "局务会坚持会前学法，全年学法8次。").status == "met"


def test_studying_a_topic_is_not_doing_the_work(checklist):
    sentence = "组织干部选取行政复议、行政诉讼等案例进行深入解读。"
    assert _status(checklist, "dispute.reconsideration", sentence).status == "missing"


def test_studying_counts_for_the_study_elements(checklist):
    sentence = "县委理论学习中心组开展习近平法治思想专题学习6次。"
    assert _status(checklist, "lead.xi_thought_study", sentence).status == "met"


def test_topic_sentence_is_met_when_the_sentences_under_it_are_concrete(checklist):
    body = "一是发扬新时代“枫桥经验”。全年调解矛盾纠纷1001件，成功975件。"
    assert _status(checklist, "dispute.fengqiao", body).status == "met"


def test_broad_heading_with_only_sub_topics_under_it_is_partial(checklist):
    body = "(四)深化执法体制改革，行政执法更加规范。一是提升执法质量。组织培训3次。"
    assert _status(checklist, "enforce.system_reform", body).status == "partial"


def test_sentence_starting_with_next_step_is_planned(checklist):
    assert _status(checklist, "lead.shufa", "下一步，将全面推行述法。").status == "planned"


def test_excluded_context_is_no_evidence(checklist):
    d = _status(checklist, "decision.legal_advisers", "村(居)法律顾问覆盖率达到100%。")
    assert d.status == "missing"
    assert _status(checklist, "dispute.legal_services", "村(居)法律顾问覆盖率达到100%。").status == "met"


def test_a_cited_regulation_title_is_not_the_work(checklist):
    sentence = "按照《法治政府建设与责任落实督察工作规定》的要求，报告如下。"
    assert _status(checklist, "lead.inspection", sentence).status == "missing"


def test_issuing_a_titled_document_is_the_work(checklist):
    sentence = "县政府常务会议审议通过《青山县政府合同管理办法》。"
    assert _status(checklist, "decision.contract_review", sentence).status == "met"


def test_negation_far_before_the_term_negates_something_else(checklist):
    sentence = "县检察院针对部分学校未落实强制报告制度向我局发出检察建议1份。"
    assert _status(checklist, "oversight.judicial", sentence).status == "met"


def test_negation_right_after_the_term_is_a_gap(checklist):
    assert _status(checklist, "decision.catalogue", "部分乡镇决策事项目录未公开。").status == "gap"


def test_reporting_own_shortcomings_is_not_a_shortfall(checklist):
    sentence = "局长在全会上书面述法，报告履行第一责任人职责情况和存在的不足。"
    assert _status(checklist, "lead.shufa", sentence).status == "met"


def test_a_training_institution_is_an_object_not_a_study(checklist):
    sentence = "对全县校外培训机构按照“双随机、一公开”要求开展抽查2批次。"
    assert _status(checklist, "func.market_regulation", sentence).status == "met"


def test_running_once_is_a_slogan_not_a_count(checklist):
    assert _status(checklist, "digital.online_services", "持续推进“一网通办”“最多跑一次”。").status == "partial"


def _lines_and_pieces(folder):
    """Returns every line of the reports in a folder, and every 2–12 character piece of them."""
    lines = [line for f in sorted(folder.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines()]
    pieces = [line[i:i + n] for line in lines for i in range(0, len(line), 7) for n in (2, 5, 12)]
    return lines, pieces


def test_own_segmentation_equals_jieba_on_every_sample_line_and_window(checklist, samples_dir):
    import jieba

    from scorer.engine import matcher_for
    from scorer.match import _segment

    matcher_for(checklist)  # the checklist's words are in the dictionary, as when scoring
    lines, pieces = _lines_and_pieces(samples_dir)
    odd = ["2023年12345热线", "abc 12.5%行政复议", "法治\t政府 x\r\n", "e-mail地址", "ＡＢＣ全角"]
    texts = lines + pieces + odd
    assert len(texts) > 1000
    assert [t for t in texts if _segment(t) != list(jieba.cut(t, HMM=False))] == []


def test_term_running_on_into_a_suffix_matches(checklist):
    d = _status(checklist, "oversight.judicial", "支持法院依法审理行政案件，收到司法建议书9份。")
    assert (d.status, d.evidence[0].terms) == ("met", ("司法建议",))


def test_term_inside_an_office_name_is_not_the_work(checklist):
    body = "市应急管理局牵头开展危险化学品安全生产执法检查，立案查处违法行为153起。"
    assert _status(checklist, "emergency.capacity", body, profile="city").status == "missing"


def test_a_word_across_the_left_edge_still_vetoes(checklist):
    assert _status(checklist, "dispute.mediation", "召开协调会议，协调解决企业用工问题12个。").status == "missing"


def test_skipping_segmentation_never_changes_an_edge_decision(checklist, samples_dir):
    from scorer.engine import matcher_for
    from scorer.match import _aligned, _token_spans, _word_may_cross

    matcher = matcher_for(checklist)
    lines, _ = _lines_and_pieces(samples_dir)
    hits = [(line, i, i + len(term)) for line in lines for term in matcher.terms
            for i in range(len(line)) if line.startswith(term, i)]
    skipped = [(line, s, e) for line, s, e in hits if not _word_may_cross(line, s, e)]
    assert len(skipped) > 500
    assert [h for h in skipped if not _aligned(_token_spans(h[0]), h[1], h[2])] == []
