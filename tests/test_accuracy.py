"""Accuracy against the gold labels, with the targets of the foundation issue.

Seeds: the five real reports in ../shared/corpus/seeds (skipped when absent).
Samples: the four fictional reports in reports/ (always run).
"""

from __future__ import annotations

import pytest

from scorer.evaluate import compare, load_gold, summarise

from .conftest import GOLD, SAMPLES


@pytest.fixture(scope="module")
def seed_summary(checklist, seeds_dir):
    pairs, problems = compare(load_gold(GOLD / "seeds"), [seeds_dir], checklist)
    assert problems == []
    return summarise(pairs)


@pytest.fixture(scope="module")
def sample_summary(checklist):
    pairs, problems = compare(load_gold(GOLD / "samples"), [SAMPLES], checklist)
    assert problems == []
    return summarise(pairs)


def test_seed_gold_covers_five_reports_and_every_element(seed_summary, checklist):
    assert seed_summary.reports == 5
    assert seed_summary.pairs == 5 * len(checklist.elements)


def test_seed_mandated_parts_are_all_right(seed_summary):
    assert seed_summary.parts_accuracy == 1.0


def test_seed_met_f1_is_at_least_0_90(seed_summary):
    assert seed_summary.met.f1 >= 0.90


def test_seed_status_accuracy_is_at_least_0_85(seed_summary):
    assert seed_summary.status_accuracy >= 0.85


def test_seed_met_f1_beats_the_ctrl_f_baseline_by_0_15(seed_summary):
    assert seed_summary.met.f1 - seed_summary.baseline_met.f1 >= 0.15


def test_sample_mandated_parts_are_all_right(sample_summary):
    assert sample_summary.parts_accuracy == 1.0


def test_sample_met_f1_and_status_accuracy(sample_summary):
    assert sample_summary.met.f1 >= 0.90
    assert sample_summary.status_accuracy >= 0.85


# The fictional sets written by other hands: (folder under tests/gold and tests/data, reports).
FURTHER_SETS = [("heldout", 5), ("heldout2", 6), ("heldout3", 6)]


@pytest.fixture(scope="module", params=FURTHER_SETS, ids=[name for name, _ in FURTHER_SETS])
def further_set(request, checklist):
    """Returns (number of reports expected, summary) of one further gold set."""
    name, reports = request.param
    pairs, problems = compare(load_gold(GOLD / name), [GOLD.parent / "data" / name], checklist)
    assert problems == []
    return reports, summarise(pairs)


def test_further_set_mandated_parts_are_all_right(further_set):
    reports, summary = further_set
    assert summary.reports == reports
    assert summary.parts_accuracy == 1.0


def test_further_set_met_f1_and_status_accuracy(further_set):
    _, summary = further_set
    assert summary.met.f1 >= 0.90
    assert summary.status_accuracy >= 0.85
