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
        return jinja2.Environment(loader=package, autoescape=True)
    return theme.overlay(loader=jinja2.ChoiceLoader([theme.loader, package]), autoescape=True)
