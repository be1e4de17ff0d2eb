"""Where the bundled checklist and sample reports are, in a checkout or after `pip install .`."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def _bundled(folder: str) -> Path:
    """Returns the repository's folder in a checkout, else its copy installed inside the
    package (pyproject maps checklist/ and reports/ to scorer/bundled/)."""
    in_repo = _REPO / folder
    if (_REPO / "pyproject.toml").is_file() and in_repo.is_dir():
        return in_repo
    return _PACKAGE / "bundled" / folder


def default_checklist_path() -> Path:
    """Returns the default checklist (checklist/default.yaml)."""
    return _bundled("checklist") / "default.yaml"


def sample_reports_dir() -> Path:
    """Returns the folder of bundled fictional sample reports (reports/)."""
    return _bundled("reports")
