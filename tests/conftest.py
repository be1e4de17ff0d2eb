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


@pytest.fixture(scope="session")
def site(checklist, samples_dir, tmp_path_factory):
    """Returns (folder, office batch) after writing the HTML pages of the four samples."""
    import datetime as dt

    from scorer.batch import score_paths
    from scorer.ingest import find_reports
    from scorer.outputs.html import normalized_texts, write_site
    from scorer.outputs.office import Settings, office_batch

    batch = score_paths([samples_dir], checklist)
    texts, notes = normalized_texts(batch.results, find_reports([samples_dir]))
    view = office_batch(batch, checklist, Settings(dt.date(2026, 4, 20)), texts=texts, notes=notes)
    folder = tmp_path_factory.mktemp("site")
    write_site(view, folder)
    return folder, view
