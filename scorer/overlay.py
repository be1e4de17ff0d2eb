"""Checklist overlays: an office adapts a checklist without editing it.

An overlay is a YAML file with `extends:` (`default` for the bundled checklist, or a path
relative to the overlay) and any of:

    checklist: {id, version, title}      # the effective checklist's identity (id required)
    reporting_years: [2015, 2020]        # the reporting years it covers
    scoring / deadlines / quality / similarity / vocab / groups / parts / signals / profiles:
                                         # merged key by key into the base (lists replace)
    change:  {ELEMENT_ID: {weight, applies, name, source, requirement, rule, examples,
                           add_terms, add_exclude, add_examples}}
    disable: {ELEMENT_ID: "reason"}      # scored not_applicable, with the reason
    elements: [ … new elements … ]

Overlays may extend overlays; a cycle is an error. Every problem names the overlay file and
line. The base file is never edited.
"""

from __future__ import annotations

from pathlib import Path

from scorer.resources import default_checklist_path
from scorer.yamlsource import ChecklistError, LineDict, read_yaml

_MERGED_SECTIONS = ("scoring", "deadlines", "quality", "similarity", "vocab", "groups", "parts",
                    "signals", "profiles")
_OVERLAY_KEYS = {"extends", "checklist", "reporting_years", "change", "disable", "elements", *_MERGED_SECTIONS}
_CHANGE_FIELDS = {"name", "group", "weight", "applies", "source", "requirement", "rule", "examples",
                  "add_terms", "add_exclude", "add_examples"}


def _merge(base: object, top: object) -> object:
    """Returns `top` merged into `base`: mappings key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(top, dict):
        merged = LineDict(base)
        merged.line, merged.origin = getattr(top, "line", 0), getattr(top, "origin", None)
        for key, value in top.items():
            merged[key] = _merge(base.get(key), value)
        return merged
    return top


def _copy(mapping: dict, like: dict) -> LineDict:
    out = LineDict(mapping)
    out.line, out.origin = getattr(like, "line", 0), getattr(like, "origin", None)
    return out


class _Overlay:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []

    def problem(self, where: dict | None, message: str) -> None:
        self.problems.append(f"{self.path}:{getattr(where, 'line', 1)}: {message}")

    def _string_list(self, value: object, where: dict, what: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(where, f"{what} must be a list of non-empty strings")
            return []
        return value

    def change(self, element: dict, fields: object, eid: str) -> LineDict:
        if not isinstance(fields, dict):
            self.problem(None, f"change.{eid} must be a mapping of fields")
            return _copy(element, element)
        out = _copy(element, fields)
        for key in set(fields) - _CHANGE_FIELDS:
            self.problem(fields, f"change.{eid}: unknown field {key!r} (one of {', '.join(sorted(_CHANGE_FIELDS))})")
        for key in _CHANGE_FIELDS & set(fields) - {"add_terms", "add_exclude", "add_examples"}:
            out[key] = fields[key]
        rule = _copy(out.get("rule") or {}, fields)
        for key, target in (("add_terms", "any"), ("add_exclude", "exclude")):
            if key in fields:
                rule[target] = list(rule.get(target) or []) + self._string_list(fields[key], fields, f"change.{eid}.{key}")
        out["rule"] = rule
        if "add_examples" in fields:
            extra = fields["add_examples"]
            if isinstance(extra, list):
                out["examples"] = list(out.get("examples") or []) + extra
            else:
                self.problem(fields, f"change.{eid}.add_examples must be a list of examples")
        return out

    def apply(self, base: LineDict, top: LineDict) -> LineDict:
        for key in set(top) - _OVERLAY_KEYS:
            self.problem(top, f"unknown overlay key {key!r} (one of {', '.join(sorted(_OVERLAY_KEYS))})")
        merged = _copy(base, base)
        identity = top.get("checklist")
        if not isinstance(identity, dict) or not identity.get("id"):
            self.problem(top, "an overlay needs `checklist: {id: …, version: …}` naming the effective checklist")
        else:
            merged["checklist"] = _merge(base.get("checklist") or {}, identity)
        if "reporting_years" in top:
            merged["reporting_years"] = top["reporting_years"]
        for section in _MERGED_SECTIONS:
            if section in top:
                merged[section] = _merge(base.get(section) or LineDict(), top[section])
        elements = [e for e in base.get("elements") or [] if isinstance(e, dict)]
        position = {e.get("id"): i for i, e in enumerate(elements)}
        for eid, fields in (top.get("change") or {}).items():
            if eid not in position:
                self.problem(fields if isinstance(fields, dict) else top, f"change: unknown element {eid!r}")
                continue
            elements[position[eid]] = self.change(elements[position[eid]], fields, eid)
        disable = top.get("disable") or {}
        for eid, reason in disable.items():
            if eid not in position:
                self.problem(disable, f"disable: unknown element {eid!r}")
            elif not isinstance(reason, str) or not reason.strip():
                self.problem(disable, f"disable.{eid}: give the reason as text")
            else:
                element = _copy(elements[position[eid]], disable)
                element["disabled"] = reason.strip()
                elements[position[eid]] = element
        new = top.get("elements") or []
        if not isinstance(new, list):
            self.problem(top, "elements must be a list of new elements")
            new = []
        for element in new:
            eid = element.get("id") if isinstance(element, dict) else None
            if eid in position:
                self.problem(element, f"elements: {eid!r} is already defined in the base; use `change`")
                continue
            elements.append(element)
        merged["elements"] = elements
        return merged


def resolve(path: Path, chain: tuple[Path, ...] = ()) -> tuple[LineDict, tuple[str, ...]]:
    """Returns the effective checklist document at `path` with its sources, base first."""
    doc = read_yaml(path)
    ref = doc.get("extends")
    if ref is None:
        return doc, (str(path),)
    here = (*chain, path.resolve())
    if not isinstance(ref, str) or not ref:
        raise ChecklistError([f"{path}:{doc.line}: extends must name `default` or a checklist file"])
    base_path = default_checklist_path() if ref == "default" else (path.parent / ref)
    if base_path.resolve() in here:
        cycle = " → ".join(p.name for p in (*here, base_path.resolve()))
        raise ChecklistError([f"{path}:{doc.line}: extends cycle: {cycle}"])
    base, sources = resolve(base_path, here)
    overlay = _Overlay(str(path))
    merged = overlay.apply(base, doc)
    if overlay.problems:
        raise ChecklistError(overlay.problems)
    merged.pop("extends", None)
    return merged, (*sources, str(path))
