"""extra.organisation of a public site: checked with positions from its configuration file."""

from __future__ import annotations

import pytest
import yaml

from policy_portal import organisation
from policy_portal.documents import parse_document
from policy_portal.errors import SourceError

from conftest import ROOT

CONFIG = """INHERIT: mkdocs.public.yml
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
extra:
  organisation:
    documents: [anti-corruption]
    name:
      ru: Больница
      kk: Аурухана
      en: Hospital
    contacts:
      - label: {ru: Приёмная, kk: Қабылдау бөлмесі, en: Reception}
        value: "+7 000 000 00 00"
        href: tel:+70000000000
    report:
      cites: {document: anti-corruption, anchor: p43}
      title: {ru: Сообщить о коррупции, kk: Хабарлау, en: Report corruption}
      channels:
        - label: {ru: Телефон, kk: Телефон, en: Telephone}
          value: "1424"
          href: tel:1424
"""
LANGUAGES = ["ru", "kk", "en"]


@pytest.fixture(scope="module")
def known():
    anti = parse_document((ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8"), "anti-corruption.md")
    staff = parse_document((ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8")
                           .replace("document: anti-corruption", "document: internal").replace("audience: public", "audience: staff"),
                           "internal.md")
    return {"anti-corruption": anti, "internal": staff}


def run(tmp_path, text, known):
    path = tmp_path / "mkdocs.public.x.yml"
    path.write_text(text, encoding="utf-8")
    # MkDocs' own loader reads !ENV; the check composes the file itself for positions.
    data = yaml.load(text.replace("!ENV ", ""), Loader=yaml.SafeLoader)
    value = data["extra"]["organisation"]
    organisation.check(value, LANGUAGES, known, str(path), "mkdocs.public.x.yml")
    return organisation.documents(value, str(path), "mkdocs.public.x.yml")


def test_a_complete_organisation_passes_and_names_its_documents(tmp_path, known):
    assert run(tmp_path, CONFIG, known) == {"anti-corruption"}
    assert organisation.documents(None, "x", "x") is None


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("      en: Hospital\n", ""),
     "mkdocs.public.x.yml:7:7: extra.organisation.name: missing the en text (expected a text, or one per language of "
     "the site: ru, kk, en)"),
    (lambda t: t.replace("    documents: [anti-corruption]", "    documents: [anti-corruption, internal]"),
     "mkdocs.public.x.yml:5:34: extra.organisation.documents.1: 'internal' is for staff only (audience: staff; expected "
     "documents whose front matter says audience: public)"),
    (lambda t: t.replace("      cites: {document: anti-corruption, anchor: p43}", "      cites: {document: internal, anchor: p43}"),
     "mkdocs.public.x.yml:15:25: extra.organisation.report.cites.document: 'internal' is not published by this site "
     "(expected one of its documents:)"),
    (lambda t: t.replace("anchor: p43", "anchor: p99"),
     "mkdocs.public.x.yml:15:14: extra.organisation.report.cites: no clause 'p99' in document 'anti-corruption' "
     "(expected an anchor of a published document, like p43)"),
    (lambda t: t.replace("href: tel:+70000000000", "href: 'javascript:alert(1)'"),
     "mkdocs.public.x.yml:13:15: extra.organisation.contacts.0.href: 'javascript:alert(1)' is not a link the footer "
     "can print (expected tel:…, mailto:… or https://…)"),
    (lambda t: t.replace("    name:\n", "    logo: x.svg\n    name:\n"),
     "mkdocs.public.x.yml:6:11: extra.organisation.logo: unknown field (expected one of: address, contacts, documents, "
     "name, report)"),
])
def test_a_mistake_is_one_line_at_its_place_in_the_configuration(tmp_path, known, edit, message):
    with pytest.raises(SourceError) as error:
        run(tmp_path, edit(CONFIG), known)
    assert str(error.value) == message


def test_documents_that_are_not_a_list_are_refused_where_they_are_written(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text(CONFIG.replace("documents: [anti-corruption]", "documents: anti-corruption"), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        organisation.documents({"documents": "anti-corruption", "name": "x"}, str(path), "c.yml")
    assert str(error.value) == ("c.yml:5:16: extra.organisation.documents: is not a list of document ids (expected "
                                "documents: [anti-corruption])")
