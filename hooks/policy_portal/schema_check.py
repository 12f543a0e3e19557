"""Validate YAML data against a JSON Schema and report the first problem in one line.

The schema files in ``schemas/`` (package data) are the ones editors use while typing; the build
checks the same files, so the two can never disagree. A violation becomes the project's
error shape, pointing at the value in the file: ``file:line:col: where: what (expected …)``.

Two validators of the same schema: ``jsonschema_rs`` answers whether a file is valid (200 times
faster, and nearly every file is), ``jsonschema`` finds and words the problem of one that is
not, so the messages do not depend on the fast one. A value the Rust one cannot take (a date)
goes to ``jsonschema`` directly.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

import jsonschema
import jsonschema_rs

from .errors import SourceError
from .yaml_source import Located

Special = Callable[[Located, object], "SourceError | None"]


@lru_cache(maxsize=None)
def validator(schema: Path) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(schema))


@lru_cache(maxsize=None)
def fast_validator(schema: Path) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(_schema(schema))


@lru_cache(maxsize=None)
def _schema(schema: Path) -> dict:
    return json.loads(schema.read_text(encoding="utf-8"))


def _valid(data: dict, schema: Path) -> bool:
    try:
        return fast_validator(schema).is_valid(data)
    except ValueError:  # a type JSON does not have: jsonschema's checker says what it is
        return False


def check(located: Located, schema: Path, special: Special | None = None) -> None:
    """Raise SourceError for the first violation in the file; ``special`` may word it better."""
    if not isinstance(located.data, dict):
        raise SourceError(located.path, 1, 1, "the file is not a mapping of fields (expected 'id:', 'title:', …)")
    if _valid(located.data, schema):
        return
    errors = list(validator(schema).iter_errors(located.data))
    if not errors:
        return
    errors = [leaf for error in errors for leaf in _leaves(error)]
    error = min(errors, key=lambda e: (located.at(tuple(e.absolute_path)), -len(e.absolute_path), _RANK.get(e.validator, 9)))
    raise (special and special(located, error)) or _message(located, error)


_RANK = {"additionalProperties": 0, "required": 1, "type": 2}


def _leaves(error):
    """The specific errors under allOf/anyOf; oneOf stays one error."""
    if error.validator in ("allOf", "anyOf") and error.context:
        return [leaf for sub in error.context for leaf in _leaves(sub)]
    return [error]


def _message(located: Located, error) -> SourceError:
    where = tuple(error.absolute_path)
    value = error.instance
    schema = error.schema
    kind = error.validator
    if kind == "required":
        missing = next(name for name in error.validator_value if name not in value)
        return located.error(where, f"missing field '{missing}' (expected {_describe_field(error, missing)})")
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        unknown = next(name for name in value if name not in allowed)
        return located.error(where + (unknown,), f"unknown field '{unknown}' (expected one of: {', '.join(allowed)})", key=True)
    if kind == "type":
        return located.error(where, f"{value!r} is {type_name(value)} (expected {type_name(error.validator_value, schema=True)})")
    if kind in ("minimum", "maximum"):
        return located.error(where, f"{value} is out of range (expected {'at least' if kind == 'minimum' else 'at most'} {error.validator_value})")
    if kind == "enum":
        return located.error(where, f"{value!r} is not allowed (expected one of: {', '.join(map(str, error.validator_value))})")
    if kind == "pattern":
        return located.error(where, f"{value!r} is not a valid id (expected lowercase letters, digits and '-')")
    if kind in ("minItems", "minLength", "minProperties"):
        return located.error(where, f"is empty (expected at least {error.validator_value})")
    if kind == "maxProperties":
        return located.error(where, f"has {len(value)} fields (expected at most {error.validator_value})")
    return located.error(where, f"{error.message}")


def _describe_field(error, name: str) -> str:
    spec = error.schema.get("properties", {}).get(name, {})
    return spec.get("description") or type_name(spec.get("type", "a value"), schema=True)


_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping of fields", "null": "empty"}


def type_name(value, *, schema: bool = False) -> str:
    if schema:
        return _TYPE_NAMES.get(value, str(value))
    if isinstance(value, bool):
        return "true or false"
    return {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a mapping of fields",
            type(None): "empty"}.get(type(value), type(value).__name__)
