"""Loads a checklist YAML file into typed values, or says exactly what is wrong with it.

The checklist is data: the engine knows a handful of rule *types* (`terms`, `part`,
`title`, `signature`, `timeliness`) and never an element id. See README "Checklist format".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scorer.catalogue import PROFILES, REQUIRED_IDS, STATUSES
from scorer.overlay import resolve
from scorer.resources import default_checklist_path
from scorer.yamlsource import ChecklistError, LineDict, parse_yaml

__all__ = ["Checklist", "ChecklistError", "Element", "load_checklist", "parse_checklist"]

RULE_TYPES = ("terms", "part", "title", "signature", "timeliness")
PART_KINDS = ("achievements", "shortcomings", "first_responsible", "plan", "other")


@dataclass(frozen=True)
class Pattern:
    """All `groups` must occur in one sentence; a group is satisfied by any of its terms."""

    groups: tuple[tuple[str, ...], ...]

    def terms(self) -> tuple[str, ...]:
        return tuple(t for g in self.groups for t in g)

    def describe(self) -> str:
        return " + ".join("|".join(g) for g in self.groups)


@dataclass(frozen=True)
class Rule:
    type: str
    patterns: tuple[Pattern, ...] = ()
    exclude: tuple[str, ...] = ()
    credit_part: str | None = None
    part: str | None = None
    partial_unless: tuple[Pattern, ...] = ()
    partial_when: tuple[Pattern, ...] = ()
    requires: tuple[str, ...] = ()
    count_study_mentions: bool = False
    continues_into: tuple[str, ...] = ()  # related elements whose clauses may carry its figure

    def terms(self) -> tuple[str, ...]:
        found = [t for p in (*self.patterns, *self.partial_when, *self.partial_unless) for t in p.terms()]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Example:
    text: str
    status: str
    part: str = "achievements"
    profile: str = "county"
    line: int = 0
    origin: str = ""  # the file the example is written in


@dataclass(frozen=True)
class Element:
    id: str
    name: str
    group: str
    weight: float
    applies: tuple[str, ...]
    source: str
    requirement: str
    rule: Rule
    examples: tuple[Example, ...] = ()
    line: int = 0
    disabled: str | None = None  # the reason an overlay gives for switching it off

    def applies_to(self, profile: str) -> bool:
        return profile in self.applies and not self.disabled


@dataclass(frozen=True)
class Signals:
    """Shared cue lists that the engine uses for every element (defined once in the YAML)."""

    negation_before: tuple[str, ...]
    shortfall_after: tuple[str, ...]
    plan_cues: tuple[str, ...]
    action_cues: tuple[str, ...]
    slogan_cues: tuple[str, ...]
    study_cues: tuple[str, ...]
    issuance_cues: tuple[str, ...]
    not_shortfall: tuple[str, ...]
    not_study: tuple[str, ...]
    negation_exceptions: tuple[str, ...]
    figure_pattern: re.Pattern[str]
    closing_formulas: tuple[str, ...]


@dataclass(frozen=True)
class QualityConfig:
    """How the report-quality signals (ELEMENTS.md section C) are measured and weighed."""

    weight: float  # share of the final score that comes from the quality signals
    signals: dict[str, tuple[str, float]]  # signal id -> (中文 name, weight among signals)
    generic_shortcomings: tuple[str, ...]
    stock_phrases: tuple[str, ...]


@dataclass(frozen=True)
class ProfileRules:
    names: dict[str, str]
    government_markers: tuple[str, ...]
    department_suffixes: tuple[str, ...]
    levels: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Checklist:
    path: str
    id: str
    version: str
    title: str
    partial_credit: float
    deadlines: dict[str, str]
    part_headings: dict[str, tuple[str, ...]]
    nested_headings: dict[str, tuple[str, ...]]
    paragraph_cues: dict[str, tuple[str, ...]]  # a paragraph starting with one opens the part
    paragraph_turns: dict[str, tuple[str, ...]]  # ... or whose first sentence holds one
    part_names: dict[str, str]
    groups: dict[str, dict[str, str]]
    signals: Signals
    profiles: ProfileRules
    elements: tuple[Element, ...]
    quality: QualityConfig = QualityConfig(0.0, {}, (), ())
    similarity: dict = field(default_factory=dict)
    vocab: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # the base checklist first, then each overlay applied
    reporting_years: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {el.id: el for el in self.elements})

    def element(self, element_id: str) -> Element:
        return self._by_id[element_id]

    def covers(self, year: int | None) -> bool:
        """Returns True when the checklist declares it covers reports of `year`."""
        first, last = self.reporting_years or (None, None)
        return year is not None and first is not None and first <= year <= last

    def label(self) -> str:
        years = f" ({self.reporting_years[0]}–{self.reporting_years[1]})" if self.reporting_years else ""
        return f"{self.id} v{self.version}{years}"

    def all_terms(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for el in self.elements:
            for t in (*el.rule.terms(), *el.rule.exclude):
                seen[t] = None
        return tuple(seen)

    def deadline_for(self, profile: str) -> str:
        """Returns the month-day ("03-01") after the reporting year by which `profile` reports."""
        return self.deadlines.get(profile, self.deadlines["default"])


class _Reader:
    """Turns the parsed YAML into typed values, collecting every problem with its line."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[str] = []
        self.vocab: dict[str, tuple[str, ...]] = {}
        self.origin: str | None = None  # the file the element being read comes from

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.origin or self.path}:{line}: {message}")

    def str_list(self, value: Any, line: int, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(line, f"{what} must be a list of non-empty strings")
            return ()
        return tuple(value)

    def alternatives(self, item: Any, line: int, where: str) -> tuple[str, ...]:
        if isinstance(item, str) and item.startswith("$"):
            if item[1:] not in self.vocab:
                self.problem(line, f"{where}: unknown vocabulary {item!r}")
                return ()
            return self.vocab[item[1:]]
        return self.str_list(item, line, where)

    def patterns(self, value: Any, line: int, where: str) -> tuple[Pattern, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(line, f"{where} must be a list of patterns")
            return ()
        out = []
        for item in value:
            if isinstance(item, dict):
                line = getattr(item, "line", line)
                unknown = set(item) - {"all"}
                if unknown or not isinstance(item.get("all"), list) or not item["all"]:
                    self.problem(line, f"{where}: a pattern mapping takes one key, 'all: [...]'")
                    continue
                groups = tuple(self.alternatives(g, line, where) for g in item["all"])
                if all(groups):
                    out.append(Pattern(groups))
            else:
                alts = self.alternatives(item, line, where)
                out.extend(Pattern(((t,),)) for t in alts)
        return tuple(out)

    def rule(self, raw: Any, line: int, eid: str) -> Rule:
        if not isinstance(raw, dict):
            self.problem(line, f"{eid}: 'rule' must be a mapping")
            return Rule(type="terms")
        line = getattr(raw, "line", line)
        known = {"type", "any", "exclude", "credit_part", "part", "partial_unless",
                 "partial_when", "requires", "count_study_mentions", "continues_into"}
        for key in set(raw) - known:
            self.problem(line, f"{eid}: unknown rule key {key!r}")
        rtype = raw.get("type", "terms")
        if rtype not in RULE_TYPES:
            self.problem(line, f"{eid}: unknown rule type {rtype!r} (one of {', '.join(RULE_TYPES)})")
        for key in ("credit_part", "part"):
            if raw.get(key) is not None and raw[key] not in PART_KINDS:
                self.problem(line, f"{eid}: {key} {raw[key]!r} is not a part ({', '.join(PART_KINDS)})")
        rule = Rule(
            type=rtype,
            patterns=self.patterns(raw.get("any"), line, f"{eid}.any"),
            exclude=self.str_list(raw.get("exclude"), line, f"{eid}.exclude"),
            credit_part=raw.get("credit_part"),
            part=raw.get("part"),
            partial_unless=self.patterns(raw.get("partial_unless"), line, f"{eid}.partial_unless"),
            partial_when=self.patterns(raw.get("partial_when"), line, f"{eid}.partial_when"),
            requires=self.str_list(raw.get("requires"), line, f"{eid}.requires"),
            count_study_mentions=bool(raw.get("count_study_mentions", False)),
            continues_into=self.str_list(raw.get("continues_into"), line, f"{eid}.continues_into"),
        )
        if rtype == "terms" and not rule.patterns and not rule.credit_part:
            self.problem(line, f"{eid}: a 'terms' rule needs 'any' patterns or a 'credit_part'")
        if rtype == "part" and not rule.part:
            self.problem(line, f"{eid}: a 'part' rule needs 'part'")
        return rule

    def examples(self, raw: Any, line: int, eid: str) -> tuple[Example, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(line, f"{eid}: 'examples' must be a non-empty list")
            return ()
        out = []
        for item in raw:
            iline = getattr(item, "line", line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                self.problem(iline, f"{eid}: each example needs 'text' and 'status'")
                continue
            status, part = item.get("status"), item.get("part", "achievements")
            profile = item.get("profile", "county")
            if status not in STATUSES:
                self.problem(iline, f"{eid}: example status {status!r} is not one of {', '.join(STATUSES)}")
                continue
            if part not in PART_KINDS:
                self.problem(iline, f"{eid}: example part {part!r} is not a part")
                continue
            if profile not in PROFILES:
                self.problem(iline, f"{eid}: example profile {profile!r} is not a profile")
                continue
            out.append(Example(item["text"], status, part, profile, iline,
                               getattr(item, "origin", None) or self.origin or self.path))
        if out and not any(e.status == "met" for e in out):
            self.problem(line, f"{eid}: needs at least one example with status 'met'")
        if out and all(e.status == "met" for e in out):
            self.problem(line, f"{eid}: needs at least one negative example (a status other than 'met')")
        return tuple(out)

    def element(self, raw: Any, groups: dict) -> Element | None:
        line = getattr(raw, "line", 0)
        self.origin = getattr(raw, "origin", None)
        try:
            return self._element(raw, groups, line)
        finally:
            self.origin = None

    def _element(self, raw: Any, groups: dict, line: int) -> Element | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            self.problem(line, "each element needs an 'id'")
            return None
        eid = raw["id"]
        for key in ("name", "group", "weight", "applies", "source", "requirement", "rule", "examples"):
            if key not in raw:
                self.problem(line, f"{eid}: missing key {key!r}")
        known = {"id", "name", "group", "weight", "applies", "source", "requirement", "rule", "examples",
                 "disabled"}
        for key in set(raw) - known:
            self.problem(line, f"{eid}: unknown key {key!r}")
        weight = raw.get("weight", 0)
        if not isinstance(weight, (int, float)) or weight < 0:
            self.problem(line, f"{eid}: weight must be a number >= 0")
            weight = 0
        if raw.get("group") not in groups:
            self.problem(line, f"{eid}: group {raw.get('group')!r} is not defined under 'groups'")
        applies = raw.get("applies", "all")
        applies = PROFILES if applies == "all" else self.str_list(applies, line, f"{eid}.applies")
        for p in applies:
            if p not in PROFILES:
                self.problem(line, f"{eid}: unknown profile {p!r} in applies")
        return Element(
            id=eid,
            name=str(raw.get("name", "")),
            group=str(raw.get("group", "")),
            weight=float(weight),
            applies=tuple(applies),
            source=str(raw.get("source", "")),
            requirement=str(raw.get("requirement", "")),
            rule=self.rule(raw.get("rule"), line, eid),
            examples=self.examples(raw.get("examples"), line, eid),
            line=line,
            disabled=raw.get("disabled"),
        )


def _section(doc: dict, key: str, reader: _Reader) -> dict:
    value = doc.get(key)
    if not isinstance(value, dict):
        reader.problem(getattr(doc, "line", 1), f"top-level {key!r} must be a mapping")
        return LineDict()
    return value


QUALITY_SIGNALS = ("quality.quantified", "quality.shortcomings_specific",
                   "quality.plan_addresses_gaps", "quality.boilerplate")


def _quality(raw: dict, reader: _Reader) -> QualityConfig:
    line = getattr(raw, "line", 1)
    weight = raw.get("weight", 0.0)
    if not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
        reader.problem(line, "quality.weight must be between 0 and 1")
        weight = 0.0
    signals = {}
    for sid, spec in (raw.get("signals") or {}).items():
        if sid not in QUALITY_SIGNALS:
            reader.problem(line, f"quality.signals: unknown signal {sid!r} (one of {', '.join(QUALITY_SIGNALS)})")
            continue
        w = spec.get("weight", 1) if isinstance(spec, dict) else None
        if not isinstance(w, (int, float)) or w < 0:
            reader.problem(getattr(spec, "line", line), f"quality.signals.{sid}: weight must be a number >= 0")
            continue
        signals[sid] = (str(spec.get("name", sid)), float(w))
    return QualityConfig(
        weight=float(weight),
        signals=signals,
        generic_shortcomings=reader.str_list(raw.get("generic_shortcomings"), line, "quality.generic_shortcomings"),
        stock_phrases=reader.str_list(raw.get("stock_phrases"), line, "quality.stock_phrases"),
    )


def parse_checklist(text: str, path: str = "<checklist>") -> Checklist:
    """Returns the checklist parsed from YAML text; raises ChecklistError listing all problems."""
    return build_checklist(parse_yaml(text, path), path, (path,))


def _years(raw: object, reader: _Reader, line: int) -> tuple[int, int] | None:
    if raw is None:
        return None
    if (isinstance(raw, list) and len(raw) == 2 and all(isinstance(y, int) for y in raw)
            and raw[0] <= raw[1]):
        return (raw[0], raw[1])
    reader.problem(line, "reporting_years must be [first year, last year]")
    return None


def build_checklist(doc: LineDict, path: str, sources: tuple[str, ...]) -> Checklist:
    """Returns the checklist of a parsed YAML document; raises ChecklistError listing all problems."""
    reader = _Reader(path)
    meta = _section(doc, "checklist", reader)
    vocab_raw = _section(doc, "vocab", reader)
    reader.vocab = {k: reader.str_list(v, vocab_raw.line, f"vocab.{k}") for k, v in vocab_raw.items()}
    groups = _section(doc, "groups", reader)
    parts_raw = _section(doc, "parts", reader)
    part_headings, part_names, nested, paragraph, turns = {}, {}, {}, {}, {}
    for kind, spec in parts_raw.items():
        if kind not in PART_KINDS:
            reader.problem(parts_raw.line, f"parts: unknown part {kind!r}")
            continue
        part_headings[kind] = reader.str_list(spec.get("headings"), spec.line, f"parts.{kind}.headings")
        part_names[kind] = str(spec.get("name", kind))
        if spec.get("paragraph_cues"):
            paragraph[kind] = reader.str_list(
                spec["paragraph_cues"], spec.line, f"parts.{kind}.paragraph_cues")
        if spec.get("paragraph_turns"):
            turns[kind] = reader.str_list(
                spec["paragraph_turns"], spec.line, f"parts.{kind}.paragraph_turns")
        if spec.get("nested_headings"):
            nested[kind] = reader.str_list(
                spec["nested_headings"], spec.line, f"parts.{kind}.nested_headings")
    sig = _section(doc, "signals", reader)
    try:
        figure = re.compile(sig.get("figure_pattern", r"\d"))
    except re.error as exc:
        reader.problem(sig.line, f"signals.figure_pattern is not a valid regex: {exc}")
        figure = re.compile(r"\d")
    signals = Signals(
        **{k: reader.str_list(sig.get(k), sig.line, f"signals.{k}") for k in (
            "negation_before", "shortfall_after", "plan_cues", "action_cues", "slogan_cues",
            "study_cues", "issuance_cues", "not_shortfall", "not_study", "negation_exceptions",
            "closing_formulas")},
        figure_pattern=figure,
    )
    prof = _section(doc, "profiles", reader)
    profiles = ProfileRules(
        names={k: str(v) for k, v in (prof.get("names") or {}).items()},
        government_markers=reader.str_list(prof.get("government_markers"), prof.line, "profiles.government_markers"),
        department_suffixes=reader.str_list(prof.get("department_suffixes"), prof.line, "profiles.department_suffixes"),
        levels={k: reader.str_list(v, prof.line, f"profiles.levels.{k}") for k, v in (prof.get("levels") or {}).items()},
    )
    deadlines = {k: str(v) for k, v in _section(doc, "deadlines", reader).items()}
    for k, v in deadlines.items():
        if not re.fullmatch(r"\d{2}-\d{2}", v):
            reader.problem(doc["deadlines"].line, f"deadlines.{k}: {v!r} is not MM-DD")
    if "default" not in deadlines:
        reader.problem(getattr(doc, "line", 1), "deadlines needs a 'default' entry")
        deadlines["default"] = "04-01"
    elements_raw = doc.get("elements")
    if not isinstance(elements_raw, list):
        reader.problem(1, "top-level 'elements' must be a list")
        elements_raw = []
    elements = [e for e in (reader.element(raw, groups) for raw in elements_raw) if e]
    seen: dict[str, int] = {}
    for el in elements:
        if el.id in seen:
            reader.problem(el.line, f"duplicate element id {el.id!r} (first defined at line {seen[el.id]})")
        seen.setdefault(el.id, el.line)
    for el in elements:
        for other in el.rule.continues_into:
            if other not in seen:
                reader.problem(el.line, f"{el.id}: continues_into names unknown element {other!r}")
    for rid in REQUIRED_IDS:
        if rid not in seen:
            reader.problem(1, f"element {rid!r} of the catalogue (ELEMENTS.md) is not defined")
    quality = _quality(doc.get("quality") or LineDict(), reader)
    years = _years(doc.get("reporting_years"), reader, getattr(doc, "line", 1))
    similarity = doc.get("similarity") or {}
    if not isinstance(similarity, dict):
        reader.problem(getattr(doc, "line", 1), "top-level 'similarity' must be a mapping")
        similarity = {}
    scoring = doc.get("scoring") or {}
    partial_credit = scoring.get("partial_credit", 0.5)
    if not isinstance(partial_credit, (int, float)) or not 0 <= partial_credit <= 1:
        reader.problem(getattr(scoring, "line", 1), "scoring.partial_credit must be between 0 and 1")
        partial_credit = 0.5
    if reader.problems:
        raise ChecklistError(reader.problems)
    return Checklist(
        path=path,
        id=str(meta.get("id", "")),
        version=str(meta.get("version", "")),
        title=str(meta.get("title", "")),
        partial_credit=float(partial_credit),
        deadlines=deadlines,
        part_headings=part_headings,
        nested_headings=nested,
        paragraph_cues=paragraph,
        paragraph_turns=turns,
        part_names=part_names,
        groups={k: {kk: str(vv) for kk, vv in v.items()} for k, v in groups.items()},
        signals=signals,
        profiles=profiles,
        elements=tuple(elements),
        quality=quality,
        similarity=dict(similarity),
        vocab=reader.vocab,
        sources=sources,
        reporting_years=years,
    )


def load_checklist(path: str | Path | None = None) -> Checklist:
    """Returns the checklist (or overlay) at `path`, default the bundled one; raises
    ChecklistError naming file and line of every problem."""
    path = Path(path) if path else default_checklist_path()
    doc, sources = resolve(path)
    return build_checklist(doc, str(path), sources)
