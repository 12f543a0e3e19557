"""One YAML helper for the project: load a file keeping every value's line and column.

Validation messages point at the exact place in the file (``file:line:col``), so the loader
returns the plain data together with the position of each value, keyed by its path
(``("questions", 3, "correct")``).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .errors import SourceError

Path = tuple  # ("questions", 3, "correct", 0)


@dataclass(frozen=True)
class Located:
    """Data loaded from YAML, with the 1-based position of each value and mapping key."""

    data: object
    path: str
    values: dict[Path, tuple[int, int]]
    keys: dict[Path, tuple[int, int]]

    def at(self, where: Path) -> tuple[int, int]:
        """Position of the value at ``where``, or of the nearest enclosing value."""
        while where not in self.values and where:
            where = where[:-1]
        return self.values.get(where, (1, 1))

    def key_at(self, where: Path) -> tuple[int, int]:
        return self.keys.get(where, self.at(where))

    def error(self, where: Path, message: str, *, key: bool = False) -> SourceError:
        line, col = self.key_at(where) if key else self.at(where)
        return SourceError(self.path, line, col, f"{describe(where)}: {message}" if where else message)


def load(text: str, path: str) -> Located:
    """Parse YAML text; raise SourceError on a syntax error or a duplicate key."""
    try:
        node = yaml.compose(text.lstrip("\ufeff"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SourceError(path, mark.line + 1, mark.column + 1, f"YAML syntax error: {error.problem}") from None
    values: dict[Path, tuple[int, int]] = {}
    keys: dict[Path, tuple[int, int]] = {}
    data = _convert(node, (), values, keys, path) if node is not None else None
    return Located(data, path, values, keys)


def describe(where: Path) -> str:
    """``questions[3].correct`` for the path ("questions", 3, "correct")."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _convert(node, where, values, keys, path):
    values[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _CONSTRUCTOR.construct_object(key_node)
            if key in result:
                raise SourceError(path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                  f"{describe(where + (key,))}: duplicate key '{key}' (expected each key once)")
            keys[where + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, where + (key,), values, keys, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, where + (index,), values, keys, path) for index, item in enumerate(node.value)]
    return _CONSTRUCTOR.construct_object(node)
