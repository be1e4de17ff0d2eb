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


def _summary_of(name, checklist):
    pairs, problems = compare(load_gold(GOLD / name), [GOLD.parent / "data" / name], checklist)
    assert problems == []
    return summarise(pairs)


@pytest.fixture(scope="module")
def heldout_summary(checklist):
    return _summary_of("heldout", checklist)


@pytest.fixture(scope="module")
def fourth_set_summary(checklist):
    return _summary_of("heldout2", checklist)


def test_third_set_mandated_parts_are_all_right(heldout_summary):
    assert heldout_summary.reports == 5
    assert heldout_summary.parts_accuracy == 1.0


def test_third_set_met_f1_and_status_accuracy(heldout_summary):
    assert heldout_summary.met.f1 >= 0.90
    assert heldout_summary.status_accuracy >= 0.85


def test_fourth_set_mandated_parts_are_all_right(fourth_set_summary):
    assert fourth_set_summary.reports == 6
    assert fourth_set_summary.parts_accuracy == 1.0


def test_fourth_set_met_f1_and_status_accuracy(fourth_set_summary):
    assert fourth_set_summary.met.f1 >= 0.90
    assert fourth_set_summary.status_accuracy >= 0.85


@pytest.fixture(scope="module")
def fifth_set_summary(checklist):
    return _summary_of("heldout3", checklist)


def test_fifth_set_mandated_parts_are_all_right(fifth_set_summary):
    assert fifth_set_summary.reports == 6
    assert fifth_set_summary.parts_accuracy == 1.0


def test_fifth_set_met_f1_and_status_accuracy(fifth_set_summary):
    assert fifth_set_summary.met.f1 >= 0.90
    assert fifth_set_summary.status_accuracy >= 0.85
