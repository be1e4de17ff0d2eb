"""The bundled checklists, one per implementation outline, chosen by reporting year.

Reports on 2021–2025 answer to the 2021–2025 outline (default.yaml); reports on 2015–2020
to the 2015–2020 outline (outline2015.yaml, an overlay of the default). A report whose year
no checklist covers — or whose year is unknown — is scored with the default, and the
result says so in its notes. A checklist given with `--checklist` overrides the choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorer.checklist import Checklist, load_checklist
from scorer.resources import default_checklist_path


@dataclass(frozen=True)
class ChecklistSet:
    """Checklists to choose from by reporting year; the first is the default."""

    checklists: tuple[Checklist, ...]

    @property
    def primary(self) -> Checklist:
        return self.checklists[0]

    def for_year(self, year: int | None) -> tuple[Checklist, str | None]:
        """Returns the checklist covering `year`, and a note when none does."""
        for checklist in self.checklists:
            if checklist.covers(year):
                return checklist, None
        what = f"reporting year {year}" if year else "an unknown reporting year"
        return self.primary, f"no bundled checklist covers {what}; scored with {self.primary.label()}"


def bundled_checklists() -> ChecklistSet:
    """Returns the default checklist and every bundled variant that declares its years."""
    default = load_checklist(default_checklist_path())
    variants = [load_checklist(p) for p in sorted(default_checklist_path().parent.glob("*.yaml"))
                if p.name != "default.yaml"]
    return ChecklistSet((default, *(v for v in variants if v.reporting_years)))
