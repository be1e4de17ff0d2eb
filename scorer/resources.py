"""Where the bundled checklist and sample reports are, in a checkout or after `pip install .`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _bundled(folder: str, package: str) -> Path:
    in_repo = _REPO / folder
    if in_repo.is_dir():
        return in_repo
    return Path(str(resources.files(package)))


def default_checklist_path() -> Path:
    """Returns the default checklist (checklist/default.yaml)."""
    return _bundled("checklist", "scorer.bundled.checklist") / "default.yaml"


def sample_reports_dir() -> Path:
    """Returns the folder of bundled fictional sample reports (reports/)."""
    return _bundled("reports", "scorer.bundled.reports")
