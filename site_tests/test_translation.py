"""Translations of documents (translation.py) and texts in several languages (localise.py)."""

from __future__ import annotations

import pytest
import yaml

from policy_portal import localise
from policy_portal.checklist import load_checklist
from policy_portal.documents import parse_document
from policy_portal.errors import SourceError
from policy_portal.legal_text import parse_body
from policy_portal.quiz import load_bank
from policy_portal.translation import parse_translation, source_sha256, stamp
from policy_portal.yaml_source import load

from conftest import ROOT

ORIGINAL = """---
document: sample
title: Образец
official_title: Образец политики
issuer: Организация
doc_type: Политика
number: "1"
date: 2022-06-21
jurisdiction: Республика Казахстан
original_language: ru
audience: public
---

## 1. Раздел {#s1}

1. Пункт первый. {#p1}

1) подпункт; {#p1-1}

ж) подпункт с буквой. {#p1-zh}

2. Пункт второй. {#p2}
"""

TRANSLATION_HEAD = """---
document: sample
translation: en
title: Sample
official_title: Sample policy
issuer: Organisation
doc_type: Policy
jurisdiction: Republic of Kazakhstan
---
"""

BODY = """
## 1. Section {#s1}

1. First clause. {#p1}

1) sub-item; {#p1-1}

ж) lettered sub-item. {#p1-zh}

2. Second clause. {#p2}
"""


@pytest.fixture
def original():
    return parse_document(ORIGINAL, "docs/sample.md")


def stamped(original, body=BODY) -> str:
    text, _ = stamp(TRANSLATION_HEAD + body, original)
    return text


def test_a_stamped_translation_is_aligned_and_current(original):
    translation = parse_translation(stamped(original), "docs/sample.en.md", original, "docs/sample.md")
    assert translation.language == "en"
    assert translation.stale == ()
    meta = translation.document.meta
    assert (meta.title, meta.number, meta.date.isoformat(), meta.language) == ("Sample", "1", "2022-06-21", "en")
    assert meta.is_translation and not original.meta.is_translation
    assert [b.citation for b in translation.document.anchored()] == ["1. Section", "cl. 1", "cl. 1(1)", "cl. 1(ж)", "cl. 2"]


def test_stamp_records_the_hash_of_the_original_blocks_own_text(original):
    text = stamped(original)
    p1 = original.find("p1")
    assert f"{{#p1 sha256={source_sha256(p1)}}}" in text
    # Own text only: the sub-item has a hash of its own, and the clause's does not cover it.
    assert source_sha256(p1) != source_sha256(original.find("p1-1"))
    assert stamp(text, original) == (text, [])


def test_stamp_only_the_anchors_asked_for(original):
    text, changed = stamp(TRANSLATION_HEAD + BODY, original, {"p2"})
    assert changed == ["p2"]
    assert "sha256=" not in text.split("{#p2")[0]


def test_a_changed_original_clause_makes_only_that_translated_clause_stale(original):
    text = stamped(original)
    changed = parse_document(ORIGINAL.replace("подпункт;", "подпункт изменён;"), "docs/sample.md")
    translation = parse_translation(text, "docs/sample.en.md", changed, "docs/sample.md")
    assert translation.stale == ("p1-1",)
    assert translation.stale_message() == (
        "docs/sample.en.md: 1 clause(s) translated from an earlier text of the original: p1-1 (the page marks them; "
        "update the translation, then `policy-portal translation stamp docs/sample.en.md`)")


@pytest.mark.parametrize("body, message", [
    (BODY.replace("ж) lettered sub-item. {#p1-zh}\n", ""),
     "docs/sample.en.md:18:1: 'p1-zh' (п. 1, пп. ж), docs/sample.md:20) is missing before 'p2' (expected every anchored "
     "block of docs/sample.md, in its order, with its number)"),
    (BODY.replace("2. Second clause. {#p2}\n", ""),
     "docs/sample.en.md:17:1: 'p2' (п. 2, docs/sample.md:22) is missing at the end (expected every anchored block of "
     "docs/sample.md, in its order, with its number)"),
    (BODY + "\n3. Extra. {#p3}\n",
     "docs/sample.en.md:21:1: anchor 'p3' is not in the original (expected every anchored block of docs/sample.md, in "
     "its order, with its number)"),
    (BODY.replace("2. Second", "3. Second"),
     "docs/sample.en.md:19:1: 'p2' is numbered '3.' here and '2.' in the original (expected the original's numbering)"),
    (BODY.replace("## 1. Section", "## 2. Section"),
     "docs/sample.en.md:11:1: heading 's1' is numbered '2.' here and '1.' in the original (expected the original's "
     "numbering)"),
    (BODY.replace("ж) lettered", "g) lettered"),
     "docs/sample.en.md:17:1: 'p1-zh' is a paragraph here and a subitem in the original (expected every anchored "
     "block of docs/sample.md, in its order, with its number)"),
])
def test_a_translation_that_does_not_follow_the_original_stops_the_build(original, body, message):
    with pytest.raises(SourceError) as error:
        parse_translation(stamped(original, body), "docs/sample.en.md", original, "docs/sample.md")
    assert str(error.value) == message


def test_a_translated_block_without_its_hash_stops_the_build(original):
    text = stamped(original).replace(f" sha256={source_sha256(original.find('p2'))}", "")
    with pytest.raises(SourceError) as error:
        parse_translation(text, "docs/sample.en.md", original, "docs/sample.md")
    assert str(error.value) == (
        "docs/sample.en.md:19:1: 'p2' does not record the original it translates (expected sha256=… in its attribute "
        "list; run `policy-portal translation stamp docs/sample.en.md` once the clause is checked against the original)")


@pytest.mark.parametrize("head, message", [
    (TRANSLATION_HEAD.replace("translation: en", "translation: ru"),
     "docs/sample.en.md:3:14: translation: 'ru' (expected a language other than the original's ru: kk, en)"),
    (TRANSLATION_HEAD.replace("title: Sample\n", "title: Sample\nnumber: '2'\n"),
     "docs/sample.en.md:5:1: unknown field 'number' in a translation (expected one of: document, translation, title, "
     "official_title, issuer, doc_type, jurisdiction, approval; number, date and notes come from the original)"),
    (TRANSLATION_HEAD.replace("issuer: Organisation\n", ""),
     "docs/sample.en.md:1:1: missing field 'issuer' (expected the issuing body in this language)"),
])
def test_translation_front_matter_errors_are_one_line(original, head, message):
    with pytest.raises(SourceError) as error:
        parse_translation(head + BODY, "docs/sample.en.md", original, "docs/sample.md")
    assert str(error.value) == message


def test_a_bad_hash_is_refused_where_it_is_written():
    with pytest.raises(SourceError) as error:
        parse_body("1. Text. {#p1 sha256=abc}\n", "x.md")
    assert str(error.value) == ("x.md:1:10: 'sha256=abc…' is not a SHA-256 (expected sha256= and 64 lowercase hex digits, "
                                "as `policy-portal translation stamp` writes it)")


@pytest.mark.parametrize("language, citations", [
    ("ru", ["п. 14", "п. 14, пп. 3)", "п. 14, абзац 3", "п. 14, пп. ж)"]),
    ("kk", ["14-т.", "14-т. 3) тт.", "14-т. 3-азат жол", "14-т. ж) тт."]),
    ("en", ["cl. 14", "cl. 14(3)", "cl. 14, para. 3", "cl. 14(ж)"]),
])
def test_citations_are_written_as_lawyers_of_each_language_write_them(language, citations):
    body = "14. Text: {#p14}\n\n3) item; {#p14-3}\n\n- dash item {#p14-d1}\n\nж) letter. {#p14-zh}\n"
    blocks = parse_body(body, "x.md", language=language)
    assert [b.citation for b in blocks[0].walk()] == citations


# --- Texts in several languages: banks and forms ---------------------------------------

BANK = (ROOT / "quizzes" / "anti-corruption.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def documents():
    return {"anti-corruption": parse_document((ROOT / "docs" / "anti-corruption.md").read_text(encoding="utf-8"),
                                              "docs/anti-corruption.md"),
            "personal-data": parse_document((ROOT / "docs" / "personal-data.md").read_text(encoding="utf-8"),
                                            "docs/personal-data.md")}


def test_a_bank_reads_in_each_of_its_languages_with_the_same_answer_key(documents):
    banks = {language: load_bank(BANK, "quizzes/anti-corruption.yaml", documents, language) for language in ("ru", "kk", "en")}
    assert banks["ru"].languages == ("ru", "kk", "en")
    assert {bank.language for bank in banks.values()} == {"ru", "kk", "en"}
    keys = {language: [(q.id, [o.id for o in q.options], q.correct, q.cites) for q in bank.questions] for language, bank in banks.items()}
    assert keys["ru"] == keys["kk"] == keys["en"]
    assert banks["ru"].questions[0].prompt != banks["en"].questions[0].prompt != banks["kk"].questions[0].prompt


def test_a_language_the_file_lacks_falls_back_to_its_original(documents):
    text = (ROOT / "quizzes" / "personal-data.yaml").read_text(encoding="utf-8")
    bank = load_bank(text, "quizzes/personal-data.yaml", documents, "kk")
    assert (bank.languages, bank.language) == (("ru", "en"), "ru")
    form = load_checklist((ROOT / "quizzes" / "checklists" / "pd-consent.yaml").read_text(encoding="utf-8"),
                          "quizzes/checklists/pd-consent.yaml", documents, "kk")
    assert form.language == "ru" and form.title.startswith("Согласие")


MULTI = """id: x
languages: [ru, en]
title:
  ru: Заголовок
  en: Title
topics:
  a:
    ru: Тема
    en: Topic
questions:
  - prompt:
      ru: Вопрос?
      en: Question?
"""


@pytest.mark.parametrize("text, message", [
    (MULTI.replace("      en: Question?\n", ""), "x.yaml:12:7: questions[0].prompt: missing the en translation (expected ru, en)"),
    (MULTI.replace("  en: Title\n", "  en: Title\n  kk: Тақырып\n"),
     "x.yaml:6:3: title.kk: language 'kk' is not among the file's languages (expected ru, en; add it to `languages:` first)"),
    (MULTI.replace("  en: Title\n", "  de: Titel\n"),
     "x.yaml:5:3: title.de: 'de' is not a language (expected ru, en; add it to `languages:` first)"),
    (MULTI.replace("title:\n  ru: Заголовок\n  en: Title\n", "title: Заголовок\n"),
     "x.yaml:3:8: title: text in one language only (expected a translation for each of the file's languages: ru, en, "
     "as 'ru: …' lines under it)"),
    (MULTI.replace("languages: [ru, en]", "languages: [ru, fr]"),
     "x.yaml:2:17: languages[1]: unknown language 'fr' (expected a list of languages from ru, kk, en, the original "
     "first, like [ru, en])"),
    (MULTI.replace("    en: Topic", "    en: ''"),
     "x.yaml:9:9: topics.a.en: the en translation is not text (expected ru, en, each a text)"),
])
def test_a_missing_or_stray_translation_is_one_line_at_its_place(text, message):
    with pytest.raises(SourceError) as error:
        localise.resolve(load(text, "x.yaml"), "en", localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)
    assert str(error.value) == message


def test_resolve_picks_the_language_and_keeps_ids():
    resolved = localise.resolve(load(MULTI, "x.yaml"), "en", localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)
    assert resolved.data == {"id": "x", "title": "Title", "topics": {"a": "Topic"}, "questions": [{"prompt": "Question?"}]}


ONE_LANGUAGE = """# A comment that stays.
id: x
title: Заголовок
topics:
  a: Тема
questions:
  - id: q1
    prompt: >-
      Длинный вопрос
      на двух строках?
    options:
      - id: a
        text: 'Ответ: да'
"""


def test_merge_writes_translations_into_the_file_and_keeps_the_rest():
    translations = {"en": {"title": "Title", "topics/a": "Topic", "questions/0/prompt": "A long question?",
                           "questions/0/options/0/text": "Answer: yes"}}
    merged = localise.merge(ONE_LANGUAGE, "x.yaml", translations, localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)
    assert merged.startswith("# A comment that stays.\nid: x\nlanguages: [ru, en]\ntitle:\n  ru: Заголовок\n  en: Title\n")
    data = yaml.safe_load(merged)
    assert data["questions"][0]["prompt"] == {"ru": "Длинный вопрос на двух строках?", "en": "A long question?"}
    assert data["questions"][0]["options"][0] == {"id": "a", "text": {"ru": "Ответ: да", "en": "Answer: yes"}}
    assert localise.extract(load(merged, "x.yaml"), "en", localise.BANK_FIELDS, localise.BANK_TEXT_MAPS) == translations["en"]


def test_merge_refuses_an_incomplete_or_unknown_translation():
    with pytest.raises(SourceError, match="en translation lacks 'topics/a' and 2 more"):
        localise.merge(ONE_LANGUAGE, "x.yaml", {"en": {"title": "Title"}}, localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)
    with pytest.raises(SourceError, match="en translation of unknown text 'questions/9/prompt'"):
        localise.merge(ONE_LANGUAGE, "x.yaml", {"en": {"questions/9/prompt": "?"}}, localise.BANK_FIELDS, localise.BANK_TEXT_MAPS)


@pytest.mark.parametrize("language, labels", [("ru", ["Верно", "Неверно"]), ("kk", ["Дұрыс", "Дұрыс емес"]),
                                              ("en", ["True", "False"])])
def test_true_false_options_are_in_the_banks_language(documents, language, labels):
    bank = load_bank(BANK, "quizzes/anti-corruption.yaml", documents, language)
    statement = next(q for q in bank.questions if q.type == "true_false")
    assert [(o.id, o.text) for o in statement.options] == list(zip(["true", "false"], labels))


@pytest.mark.parametrize("path", sorted((ROOT / "quizzes").glob("*.yaml")) + sorted((ROOT / "quizzes" / "checklists").glob("*.yaml")),
                         ids=lambda path: path.name)
def test_editors_schemas_accept_the_files_with_their_translations(path):
    """Editors validate the files as written (per-language mappings), not as the build resolves them."""
    import json

    import jsonschema

    kind = "checklist" if path.parent.name == "checklists" else "bank"
    schema = json.loads((ROOT / "hooks" / "policy_portal" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    errors = [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert errors == []
