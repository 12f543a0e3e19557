"""The organisation a public site speaks for: ``extra.organisation`` of its configuration.

``mkdocs.public.<organisation>.yml`` names the organisation, its address and contacts, how to
report corruption (the channels its policy names) and which documents its public site
publishes; the footer of every page prints it (``overrides/partials/copyright.html``)::

    extra:
      organisation:
        documents: [anti-corruption]
        name: {ru: …, kk: …, en: …}          # every text in each language of the site
        address: {ru: …, kk: …, en: …}       # optional
        contacts:                            # optional: [{label, value, href}]
        report:                              # optional
          cites: {document: anti-corruption, anchor: p43}
          title: {ru: …, …}
          channels: [{label, value, href}]

``check`` validates it against the site's languages and documents; a problem is one
``file:line:col`` line, positions taken from the configuration file itself.
"""

from __future__ import annotations

import re

import yaml

from .errors import SourceError

_FIELDS = {"documents", "name", "address", "contacts", "report"}
_CONTACT = {"label", "value", "href"}
_REPORT = {"cites", "title", "channels"}
# Links the footer may print: telephone, e-mail, web.
_HREF = re.compile(r"^(tel:\+?[0-9 ()-]+|mailto:[^\s<>\"]+|https?://[^\s<>\"]+)$")


def documents(organisation: object, config_path: str, config_display: str) -> set[str] | None:
    """The ids the organisation publishes, or None when the site is not an organisation's."""
    if not organisation:
        return None
    if not isinstance(organisation, dict) or not isinstance(organisation.get("documents"), list) or not organisation["documents"]:
        raise _Where(config_path, config_display).error(("documents",), "is not a list of document ids (expected "
                                                                        "documents: [anti-corruption])")
    return {str(item) for item in organisation["documents"]}


def check(organisation: object, languages: list[str], known: dict, config_path: str, config_display: str) -> None:
    """Validate ``extra.organisation``; ``known`` maps document ids to parsed documents."""
    if not organisation:
        return
    where = _Where(config_path, config_display)
    if not isinstance(organisation, dict):
        raise where.error((), "is not a mapping (expected documents:, name:, …)")
    for key in organisation:
        if key not in _FIELDS:
            raise where.error((key,), f"unknown field (expected one of: {', '.join(sorted(_FIELDS))})")
    for index, document_id in enumerate(organisation.get("documents") or []):
        if document_id not in known:
            raise where.error(("documents", index), f"no document '{document_id}' (expected one of: {', '.join(sorted(known))})")
        if known[document_id].meta.audience != "public":
            raise where.error(("documents", index), f"'{document_id}' is for staff only (audience: {known[document_id].meta.audience}; "
                                                    "expected documents whose front matter says audience: public)")
    if "name" not in organisation:
        raise where.error((), "no name (expected name: with the organisation's name in each language of the site)")
    _text(organisation["name"], ("name",), languages, where)
    if "address" in organisation:
        _text(organisation["address"], ("address",), languages, where)
    _contacts(organisation.get("contacts", []), ("contacts",), languages, where)
    report = organisation.get("report")
    if report is not None:
        if not isinstance(report, dict):
            raise where.error(("report",), "is not a mapping (expected title:, channels:, cites:)")
        for key in report:
            if key not in _REPORT:
                raise where.error(("report", key), f"unknown field (expected one of: {', '.join(sorted(_REPORT))})")
        _text(report.get("title"), ("report", "title"), languages, where)
        _contacts(report.get("channels", []), ("report", "channels"), languages, where)
        cites = report.get("cites")
        if cites is not None:
            if not isinstance(cites, dict) or set(cites) != {"document", "anchor"}:
                raise where.error(("report", "cites"), "is not {document: …, anchor: …} (expected the clause that says how to report)")
            if cites["document"] not in (organisation.get("documents") or []):
                raise where.error(("report", "cites", "document"), f"'{cites['document']}' is not published by this "
                                                                   "site (expected one of its documents:)")
            document = known.get(cites["document"])
            if document is None or document.find(str(cites["anchor"])) is None:
                raise where.error(("report", "cites"), f"no clause '{cites['anchor']}' in document '{cites['document']}' "
                                                       "(expected an anchor of a published document, like p43)")


# ---------------------------------------------------------------------------------------


def _text(value: object, path: tuple, languages: list[str], where: "_Where") -> None:
    expected = f"a text, or one per language of the site: {', '.join(languages)}"
    if isinstance(value, str) and value.strip():
        return
    if isinstance(value, dict):
        for language in languages:
            if not isinstance(value.get(language), str) or not value[language].strip():
                raise where.error((*path, language) if language in value else path, f"missing the {language} text (expected {expected})")
        for key in value:
            if key not in languages:
                raise where.error((*path, key), f"'{key}' is not a language of the site (expected {', '.join(languages)})")
        return
    raise where.error(path, f"is not text (expected {expected})")


def _contacts(value: object, path: tuple, languages: list[str], where: "_Where") -> None:
    if not isinstance(value, list):
        raise where.error(path, "is not a list (expected - label: …, value: …, href: …)")
    for index, contact in enumerate(value):
        here = (*path, index)
        if not isinstance(contact, dict) or "label" not in contact or not set(contact) <= _CONTACT:
            raise where.error(here, "is not {label, value, href} (expected label: and optionally value: and href:)")
        _text(contact["label"], (*here, "label"), languages, where)
        if "href" in contact and not _HREF.match(str(contact["href"])):
            raise where.error((*here, "href"), f"'{contact['href']}' is not a link the footer can print "
                                               "(expected tel:…, mailto:… or https://…)")


class _Where:
    """Positions in the configuration file, for one-line errors."""

    def __init__(self, path: str, display: str) -> None:
        self.display = display
        try:
            with open(path, encoding="utf-8") as handle:
                # Composing builds nodes only: MkDocs' tags (!ENV, !relative) need no constructor.
                self.root = yaml.compose(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, yaml.YAMLError):
            self.root = None

    def error(self, path: tuple, message: str) -> SourceError:
        line, col = self._position(("extra", "organisation", *path))
        shown = ".".join(str(part) for part in ("extra", "organisation", *path))
        return SourceError(self.display, line, col, f"{shown}: {message}")

    def _position(self, path: tuple) -> tuple[int, int]:
        node, found = self.root, (1, 1)
        for part in path:
            if isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if match is None:
                    break
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                break
            found = (node.start_mark.line + 1, node.start_mark.column + 1)
        return found
