"""Reading checklist YAML with the file and line of every mapping, for error messages."""

from __future__ import annotations

from pathlib import Path

import yaml


class ChecklistError(Exception):
    """Raised when a checklist cannot be used; `problems` lists every finding."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class LineDict(dict):
    """A mapping that remembers where it was written (file and line)."""

    line = 0
    origin: str | None = None


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping and refuses duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.origin = loader.origin
    keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise yaml.MarkedYAMLError(problem=f"duplicate key(s) {sorted(dupes)}", problem_mark=node.start_mark)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, path: str) -> LineDict:
    """Returns the YAML mapping in `text`; raises ChecklistError naming file and line."""
    loader = _LineLoader(text)
    loader.origin = path
    try:
        doc = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise ChecklistError([f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}"]) from None
    finally:
        loader.dispose()
    if not isinstance(doc, dict):
        raise ChecklistError([f"{path}:1: a checklist is a YAML mapping"])
    return doc


def read_yaml(path: Path) -> LineDict:
    """Returns the YAML mapping of a file; raises ChecklistError when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ChecklistError([f"{path}: cannot read checklist: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ChecklistError([f"{path}: checklist is not UTF-8 text"]) from None
    return parse_yaml(text, str(path))
