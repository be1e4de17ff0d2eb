"""Shared fixtures: the default checklist, the bundled samples and the shared seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.checklist import Checklist, load_checklist

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
SAMPLES = REPO / "reports"
GOLD = REPO / "tests" / "gold"


@pytest.fixture(scope="session")
def checklist() -> Checklist:
    return load_checklist()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the shared seed corpus is not present at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
