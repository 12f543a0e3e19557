"""The Jinja templates the hooks render: package data, always autoescaped.

The quiz, form, coverage and legal-text templates and the portal's strings ship inside the
package (``templates/partials/``), so a regular, non-editable install renders pages without
the source tree. The hooks render them with autoescaping on: text from YAML cannot become
markup even where a template forgets ``| e``. The theme's own overrides (``overrides/``)
import the strings too: ``theme_dirs`` adds this folder to the theme's search path.
"""

from __future__ import annotations

from importlib.resources import files

import jinja2
import jinja2.bccache

TEMPLATES = files("policy_portal") / "templates"


def directory() -> str:
    """The templates folder on the file system (installed packages are unpacked files)."""
    return str(TEMPLATES)


def theme_dirs(dirs: list[str], custom_dir: str | None) -> list[str]:
    """The theme's search path with the package's templates after the project's overrides."""
    if directory() in dirs:
        return dirs
    at = 1 if custom_dir else 0
    return [*dirs[:at], directory(), *dirs[at:]]


def environment(theme: jinja2.Environment | None = None) -> jinja2.Environment:
    """An autoescaping environment: the theme's (filters, overrides) if given, else standalone."""
    package = jinja2.FileSystemLoader(directory())
    if theme is None:
        return jinja2.Environment(loader=package, autoescape=True, bytecode_cache=PORTAL_BYTECODE)
    return theme.overlay(loader=jinja2.ChoiceLoader([theme.loader, package]), autoescape=True,
                         bytecode_cache=PORTAL_BYTECODE)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process, keyed by name and source.

    MkDocs makes a new Jinja environment for every build (every language pass under
    mkdocs-static-i18n, every rebuild under `mkdocs serve`), and each compiles every template
    again: a third of a three-language build. Jinja checks the source's checksum, so an edited
    template is compiled afresh. Its key is the template's name only, and the code differs with
    the environment's settings (autoescaping): one cache per kind of environment.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# MkDocs' theme environment (no autoescaping) and the hooks' autoescaping overlay.
THEME_BYTECODE = MemoryBytecodeCache()
PORTAL_BYTECODE = MemoryBytecodeCache()
