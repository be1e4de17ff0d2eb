"""Report metadata: issuer, year, date, document number, signatory, addressee, profile and
the timeliness computed from them."""

from __future__ import annotations

import datetime as dt

from scorer.engine import score_text

from .conftest import SAMPLES

TOWNSHIP = (SAMPLES / "township_tongxi_2025.txt").read_text(encoding="utf-8")
# The township sample up to "特此报告。", without its signature block.
BODY = TOWNSHIP[: TOWNSHIP.index("特此报告。")]


def meta(text: str, checklist, profile: str | None = None):
    return score_text(text, checklist, profile=profile).meta


def test_the_signature_block_gives_issuer_and_date(checklist):
    m = meta(TOWNSHIP, checklist)
    assert (m.issuer, m.year, m.date, m.profile, m.addressee) == (
        "桐溪镇人民政府", 2025, dt.date(2026, 2, 15), "township", "中共青岚县委全面依法治县委员会办公室、青岚县人民政府")


def test_a_date_in_chinese_numerals_is_read(checklist):
    assert meta(BODY + "特此报告。\n桐溪镇人民政府\n二〇二六年二月十五日", checklist).date == dt.date(2026, 2, 15)


def test_a_numeric_date_in_the_signature_block_is_read(checklist):
    assert meta(BODY + "特此报告。\n桐溪镇人民政府\n2026.2.15", checklist).date == dt.date(2026, 2, 15)


def test_a_date_run_into_the_last_paragraph_is_read(checklist):
    assert meta(BODY + "特此报告。桐溪镇人民政府 2026年2月15日", checklist).date == dt.date(2026, 2, 15)


def test_a_date_of_an_event_near_the_end_is_not_the_report_date(checklist):
    m = meta(BODY + "下一步，全镇将于2026年6月30日前完成村规民约修订。", checklist)
    assert m.date is None


def test_an_undated_report_is_flagged_not_guessed(checklist):
    result = score_text(BODY + "特此报告。\n桐溪镇人民政府", checklist)
    timeliness = result.decision("meta.timeliness")
    assert result.meta.date is None
    assert (timeliness.status, timeliness.reason) == ("missing", "the report is undated")


def test_without_a_title_the_issuer_comes_from_a_signature_line_that_holds_the_date_too(checklist):
    untitled = BODY[BODY.index("2025年，桐溪镇"):]
    m = meta(untitled + "特此报告。\n桐溪镇人民政府 2026年2月15日", checklist)
    assert (m.title, m.issuer, m.date, m.profile) == (None, "桐溪镇人民政府", dt.date(2026, 2, 15), "township")


def test_the_header_gives_document_number_and_signatory(checklist):
    header = "青岚县桐溪镇人民政府文件\n桐政报〔2026〕3号\n签发人：李明\n"
    m = meta(header + TOWNSHIP, checklist)
    assert (m.doc_number, m.signatory, m.title) == ("桐政报〔2026〕3号", "李明", TOWNSHIP.splitlines()[0])


def test_a_department_is_due_on_1_march_and_a_government_on_1_april(checklist):
    department = score_text((SAMPLES / "department_market_2025.txt").read_text(encoding="utf-8"), checklist)
    assert (department.meta.profile, department.due) == ("department", dt.date(2026, 3, 1))
    assert department.decision("meta.timeliness").reason == "dated 2026-03-10, 9 days after the deadline 2026-03-01"
    township = score_text(TOWNSHIP, checklist)
    assert (township.due, township.decision("meta.timeliness").status) == (dt.date(2026, 4, 1), "met")


def test_the_profile_option_overrides_the_guess(checklist):
    m = meta(TOWNSHIP, checklist, profile="county")
    assert (m.profile, m.profile_guessed) == ("county", False)
