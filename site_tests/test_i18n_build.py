"""The Kazakh and English editions as built: pages, translations, banks, registries, public sites."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from policy_portal.documents import parse_document, split_front_matter
from policy_portal.legal_text import own_text
from policy_portal.translation import parse_translation

from conftest import ROOT, mkdocs_build

LANGUAGES = ("kk", "en")
GLOSSARY = yaml.safe_load((ROOT / "quizzes" / "translation" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
TRANSLATIONS = [("anti-corruption", "kk"), ("anti-corruption", "en"), ("personal-data", "en")]


def html_pages(site, under=""):
    return {p.relative_to(site / under).as_posix() for p in (site / under).rglob("index.html")}


def test_every_page_of_the_staff_site_has_a_kazakh_and_an_english_edition(staff_site):
    russian = {page for page in html_pages(staff_site) if not page.startswith(("kk/", "en/"))}
    assert len(russian) == 17
    for language in LANGUAGES:
        assert html_pages(staff_site, language) == russian, language
        home = (staff_site / language / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in home


@pytest.mark.parametrize("document_id, language", TRANSLATIONS)
def test_a_translation_page_says_the_original_prevails_and_links_every_clause_to_it(staff_site, document_id, language):
    html = (staff_site / language / document_id / "index.html").read_text(encoding="utf-8")
    original = parse_document((ROOT / "docs" / f"{document_id}.md").read_text(encoding="utf-8"), f"{document_id}.md")
    assert "document-notice--translation" in html
    clauses = [block.anchor for block in original.anchored() if block.kind in ("clause", "subitem", "item", "paragraph")]
    for anchor in clauses:
        assert f'id="{anchor}" data-translation-status="current"' in html, anchor
        assert f'href="../../{document_id}/#{anchor}" hreflang="ru"' in html, anchor
    assert "data-translation-status=\"stale\"" not in html


def test_a_document_without_a_kazakh_translation_shows_the_original_marked_as_russian(staff_site):
    html = (staff_site / "kk" / "personal-data" / "index.html").read_text(encoding="utf-8")
    assert "document-notice--fallback" in html and "Бұл құжаттың қазақ тіліне аудармасы жоқ" in html
    body = html.split('<div lang="ru">', 1)[1]
    assert 'id="p15-zh"' in body and "clause__original" not in html


def test_quizzes_and_forms_are_in_the_page_language_or_the_original_with_a_notice(staff_site):
    def data(path):
        html = (staff_site / path / "index.html").read_text(encoding="utf-8")
        name = re.search(r'<script src="(quiz-[^"]+\.js)" defer></script>', html).group(1)
        script = (staff_site / path / name).read_text(encoding="utf-8")
        return html, json.loads(script.split("] = ", 1)[1].rstrip().rstrip(";"))

    html, kk = data("kk/training/anti-corruption")
    _, ru = data("training/anti-corruption")
    assert kk["questions"][0]["prompt"] == "Бұл Саясат бойынша қалай бағаланады?"
    # The receipt records the language the questions were shown in (quiz.js reads it).
    assert (kk["language"], ru["language"]) == ("kk", "ru")
    assert kk["bank"]["title"].startswith("Сыбайлас жемқорлыққа қарсы")
    # Citations read as in the Kazakh edition; the hashes a receipt records stay the original's.
    assert [c["citation"] for c in kk["questions"][0]["cites"]] == ["11-т. 1) тт. 2-азат жол", "14-т. 3) тт."]
    assert [c["sha256"] for c in kk["questions"][0]["cites"]] == [c["sha256"] for c in ru["questions"][0]["cites"]]
    assert "document-notice--fallback" not in html
    html, pd = data("kk/training/personal-data")
    assert 'document-notice--fallback" role="note">Бұл мазмұн қазақ тіліне аударылмаған' in html
    assert pd["language"] == "ru"
    assert '<div lang="ru">' in html and pd["questions"][0]["prompt"] == data("training/personal-data")[1]["questions"][0]["prompt"]
    form = (staff_site / "en" / "checklists" / "ac-consent" / "index.html").read_text(encoding="utf-8")
    assert "Consent to accept anti-corruption restrictions" in form and "document-notice--fallback" not in form
    # A translated form says the original prevails (it is printed and signed).
    assert 'document-notice--translation" role="note">This is an unofficial translation.' in form
    russian = (staff_site / "checklists" / "ac-consent" / "index.html").read_text(encoding="utf-8")
    assert "document-notice--translation" not in russian


def test_each_language_has_its_clause_registry_and_one_training_manifest(staff_site):
    root = json.loads((staff_site / "clauses.json").read_text(encoding="utf-8"))
    assert root["language"] == "ru" and root["documents"][0]["url"] == "anti-corruption/"
    for language in LANGUAGES:
        registry = json.loads((staff_site / language / "clauses.json").read_text(encoding="utf-8"))
        assert registry["language"] == language
        ours = {d["id"]: [c["anchor"] for c in d["clauses"]] for d in registry["documents"]}
        assert ours == {d["id"]: [c["anchor"] for c in d["clauses"]] for d in root["documents"]}
        assert not (staff_site / language / "training.json").exists()
    assert (staff_site / "training.json").exists()


@pytest.mark.parametrize("document_id, language", TRANSLATIONS)
def test_translations_use_the_glossary_terms(document_id, language):
    original = parse_document((ROOT / "docs" / f"{document_id}.md").read_text(encoding="utf-8"), "o.md")
    path = ROOT / "docs" / f"{document_id}.{language}.md"
    translation = parse_translation(path.read_text(encoding="utf-8"), path.name, original).document
    theirs = {block.anchor: own_text(block) for block in translation.anchored()}
    missing = []
    for block in original.anchored():
        for term in GLOSSARY:
            if re.search(term["ru"]["match"], own_text(block), re.I) and not re.search(term[language]["match"], theirs[block.anchor], re.I):
                missing.append((block.anchor, term[language]["term"]))
    assert missing == []


# --- Changes of the original, broken translations ------------------------------------------


def _project(tmp_path, edit_docs):
    """A copy of the staff site's sources with docs/ edited by ``edit_docs(docs)``."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    docs = project / "docs"
    shutil.copytree(ROOT / "docs", docs)
    edit_docs(docs)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), hooks=[str(ROOT / "hooks" / "portal.py")], watch=[])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path, project


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_original_clause_is_published_with_a_stale_notice_and_a_warning(tmp_path):
    config, project = _project(tmp_path, lambda docs: _edit(
        docs / "anti-corruption.md", "привлечение третьих лиц и осуществление платежей", "привлечение любых третьих лиц и осуществление платежей"))
    changed = next(line for line in (project / "docs" / "anti-corruption.md").read_text(encoding="utf-8").splitlines()
                   if "любых третьих лиц" in line)
    anchor = re.search(r"\{#([a-z0-9-]+)", changed).group(1)
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for language in LANGUAGES:
        assert (f"WARNING -  docs/anti-corruption.{language}.md: 1 clause(s) translated from an earlier text of the "
                f"original: {anchor} (the page marks them; update the translation, then `policy-portal translation "
                f"stamp docs/anti-corruption.{language}.md`)") in output
        html = (project / "site" / language / "anti-corruption" / "index.html").read_text(encoding="utf-8")
        assert html.count('data-translation-status="stale"') == 1
        assert f'id="{anchor}" data-translation-status="stale"' in html
        stale = html.split(f'id="{anchor}" data-translation-status="stale"', 1)[1]
        assert re.search(rf'<p class="clause__stale" role="note">[^<]+<a href="../../anti-corruption/#{anchor}" hreflang="ru">', stale)


def test_a_translation_missing_a_clause_stops_the_build_with_one_line(tmp_path):
    def drop(docs):
        text = (docs / "anti-corruption.en.md").read_text(encoding="utf-8")
        block = next(b for b in text.split("\n\n") if "{#p14-3 " in b)
        (docs / "anti-corruption.en.md").write_text(text.replace(block + "\n\n", ""), encoding="utf-8")
    config, project = _project(tmp_path, drop)
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert re.search(r"docs/anti-corruption\.en\.md:\d+:1: 'p14-3' \(п\. 14, пп\. 3\), docs/anti-corruption\.md:\d+\) "
                     r"is missing before 'p14-4' \(expected every anchored block of docs/anti-corruption\.md", output)
    assert "Traceback" not in output


def test_a_bank_text_without_one_of_its_languages_stops_the_build(tmp_path):
    def drop(docs):
        bank = docs.parent / "quizzes" / "anti-corruption.yaml"
        text = bank.read_text(encoding="utf-8")
        start = text.index("    prompt:\n", text.index("id: principles-02"))
        kk = text.index("      kk: ", start)
        en = text.index("      en: ", kk)
        bank.write_text(text[:kk] + text[en:], encoding="utf-8")
    config, project = _project(tmp_path, drop)
    result = mkdocs_build(config, project / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert re.search(r"quizzes/anti-corruption\.yaml:\d+:7: questions\[1\]\.prompt: missing the kk translation "
                     r"\(expected ru, kk, en\)", output)
    assert "Traceback" not in output


# --- Public sites of each organisation ------------------------------------------------------


def test_the_hospital_publishes_its_policy_alone_in_three_languages(hospital_site):
    pages = html_pages(hospital_site)
    assert pages == {f"{language}{page}" for language in ("", "kk/", "en/") for page in ("index.html", "anti-corruption/index.html")}
    for language, name, address in (
        ("", "КГП на ПХВ «Городская больница г. Серебрянск района Алтай» УЗ ВКО", "г. Серебрянск"),
        ("kk/", "ШҚО ДСБ «Алтай ауданы Серебрянск қаласының қалалық ауруханасы» ШЖҚ КМК", "Серебрянск қаласы"),
        ("en/", "Serebryansk City Hospital", "Serebryansk, Altai District"),
    ):
        html = (hospital_site / language / "anti-corruption" / "index.html").read_text(encoding="utf-8")
        footer = html.split('<section class="organisation"', 1)[1].split("</section>", 1)[0]
        assert name in footer and address in footer, language
        assert '<a href="tel:1424">1424</a>' in footer
        assert '<a href="#p43">' in footer
        assert 'class="md-header__button md-logo"' in html and "assets/images/hospital.svg" in html
        assert "document-header__status--in-force" in html and 'datetime="2022-06-21"' in html


def test_the_municipality_publishes_its_regulation_in_russian_and_english_only(municipality_site):
    assert html_pages(municipality_site) == {"index.html", "personal-data/index.html", "en/index.html", "en/personal-data/index.html"}
    html = (municipality_site / "en" / "personal-data" / "index.html").read_text(encoding="utf-8")
    assert "Administration of the Korocha District, Belgorod Region" in html
    assert 'hreflang="kk"' not in html


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace("      en: Serebryansk, Altai District", "      de: Serebryansk, Altai District"),
     r"mkdocs\.public\.hospital\.yml:\d+:7: extra\.organisation\.address: missing the en text \(expected a text, or one "
     r"per language of the site: ru, kk, en\)"),
    (lambda text: text.replace("href: tel:1424", "href: javascript:alert(1)"),
     r"mkdocs\.public\.hospital\.yml:\d+:17: extra\.organisation\.report\.channels\.0\.href: 'javascript:alert\(1\)' is "
     r"not a link the footer can print \(expected tel:…, mailto:… or https://…\)"),
    (lambda text: text.replace("documents: [anti-corruption]", "documents: [anti-corruption, budget]"),
     r"mkdocs\.public\.hospital\.yml:\d+:34: extra\.organisation\.documents\.1: no document 'budget'"),
])
def test_a_bad_organisation_stops_the_public_build_with_one_line(tmp_path, edit, message):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "mkdocs.public.yml"):
        shutil.copy(ROOT / name, project / name)
    text = edit((ROOT / "mkdocs.public.hospital.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.public.hospital.yml").write_text(text, encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.public.hospital.yml", project / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert re.search(message, output), output[-600:]
    assert "Traceback" not in output


def test_translation_front_matter_has_no_fields_of_the_original():
    for document_id, language in TRANSLATIONS:
        front, _, _ = split_front_matter((ROOT / "docs" / f"{document_id}.{language}.md").read_text(encoding="utf-8"))
        assert set(yaml.safe_load(front)) <= {"document", "translation", "title", "official_title", "issuer", "doc_type",
                                              "jurisdiction", "approval"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_lists_the_yearly_tasks_in_each_language(staff_site, language):
    html = (staff_site / language / "index.html").read_text(encoding="utf-8")
    yearly = html.split('<section class="yearly"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">', yearly)
    assert links == ["training/anti-corruption/", "checklists/ac-confirmation/", "checklists/ac-consent/",
                     "training/personal-data/", "checklists/pd-consent/", "staff/"]


FORMS = sorted((ROOT / "quizzes" / "checklists").glob("*.yaml"))


@pytest.mark.parametrize("path", FORMS, ids=lambda path: path.stem)
def test_translated_forms_use_the_glossary_terms(path):
    from policy_portal import localise
    from policy_portal.yaml_source import load

    located = load(path.read_text(encoding="utf-8"), path.name)
    languages = localise.languages_of(located)
    russian = localise.extract(located, "ru", localise.FORM_FIELDS)
    missing = []
    for language in languages[1:]:
        theirs = localise.extract(located, language, localise.FORM_FIELDS)
        for key, text in russian.items():
            for term in GLOSSARY:
                if re.search(term["ru"]["match"], text, re.I) and not re.search(term[language]["match"], theirs[key], re.I):
                    missing.append((language, key, term[language]["term"]))
    assert missing == []


# Quotation marks of the explanations, per language: a quote of the document must be exact.
QUOTE_MARKS = {"ru": re.compile(r"«([^«»]+)»"), "kk": re.compile(r"«([^«»]+)»"), "en": re.compile(r"“([^“”]+)”")}


def _squash(text: str) -> str:
    return " ".join(text.replace("**", "").replace("ё", "е").split()).lower()


@pytest.mark.parametrize("bank_id, language", [("anti-corruption", "ru"), ("anti-corruption", "kk"), ("anti-corruption", "en"),
                                               ("personal-data", "ru"), ("personal-data", "en")])
def test_explanations_quote_the_document_in_their_language_exactly(bank_id, language):
    from policy_portal import localise
    from policy_portal.legal_text import full_text
    from policy_portal.yaml_source import load

    located = load((ROOT / "quizzes" / f"{bank_id}.yaml").read_text(encoding="utf-8"), f"{bank_id}.yaml")
    document = parse_document((ROOT / "docs" / f"{bank_id}.md").read_text(encoding="utf-8"), "o.md")
    if language != "ru":
        path = ROOT / "docs" / f"{bank_id}.{language}.md"
        document = parse_translation(path.read_text(encoding="utf-8"), path.name, document).document
    text = _squash(" ".join(full_text(block) for block in document.blocks))
    texts = localise.extract(located, language, localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)
    wrong = []
    for key, value in texts.items():
        if key.endswith("/explanation"):
            for quote in QUOTE_MARKS[language].findall(value):
                # "…" elides words inside a quotation.
                pieces = [piece for piece in re.split(r"\s*(?:…|\.\.\.)\s*", quote) if piece.strip()]
                if not all(_squash(piece).strip(" .,;:") in text for piece in pieces):
                    wrong.append((key, quote[:80]))
    assert wrong == []


def test_pages_name_no_alternates_for_material_to_fetch_and_the_switcher_names_the_same_page(offline_site, staff_site,
                                                                                          hospital_site):
    # Material's script would fetch <alternate>/sitemap.xml and take over the switcher (ARCHITECTURE.md).
    for html in (offline_site / "kk" / "anti-corruption.html", staff_site / "anti-corruption" / "index.html",
                 staff_site / "kk" / "personal-data" / "index.html"):
        assert 'rel="alternate"' not in html.read_text(encoding="utf-8")
    page = (staff_site / "kk" / "anti-corruption" / "index.html").read_text(encoding="utf-8")
    links = dict((language, href) for href, language in re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link"', page))
    assert links == {"ru": "../../anti-corruption/", "kk": "./", "en": "../../en/anti-corruption/"}
    # Search engines find each page's alternates in the public site's sitemap.
    sitemap = (hospital_site / "sitemap.xml").read_text(encoding="utf-8")
    assert '<xhtml:link rel="alternate" hreflang="kk" href="http://127.0.0.1:8000/kk/anti-corruption/"/>' in sitemap
    assert (offline_site / "kk" / "anti-corruption.html").exists() and (offline_site / "en" / "personal-data.html").exists()
