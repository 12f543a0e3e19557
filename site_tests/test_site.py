"""The built staff site: fidelity to the sources, anchors, registry, metadata, notes."""

from __future__ import annotations

import collections
import html.parser
import re

import pytest

from conftest import DOCUMENT_SOURCES
from policy_portal.registry import text_sha256

WORD_RE = re.compile(r"\w+")


class _TextAndIds(html.parser.HTMLParser):
    """Collects the visible text (no script/style) and every id of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.ids: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.ids += [value for name, value in attrs if name == "id"]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse_page(path) -> _TextAndIds:
    parser = _TextAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def document_text(path) -> str:
    """The visible text of a document page before its editorial note (which quotes repairs)."""
    parser = _TextAndIds()
    parser.feed(path.read_text(encoding="utf-8").split('<section class="editorial-note"', 1)[0])
    return " ".join(parser.text)


def five_grams(text: str) -> list[tuple[str, ...]]:
    words = WORD_RE.findall(text.lower())
    return [tuple(words[i:i + 5]) for i in range(len(words) - 4)]


def _document(registry, doc_id):
    return next(d for d in registry["documents"] if d["id"] == doc_id)


@pytest.mark.parametrize("doc_id", sorted(DOCUMENT_SOURCES))
def test_page_text_holds_at_least_98_percent_of_source_five_grams(doc_id, staff_site, registry):
    source = DOCUMENT_SOURCES[doc_id].read_text(encoding="utf-8")
    page = staff_site / _document(registry, doc_id)["url"] / "index.html"
    page_grams = set(five_grams(" ".join(parse_page(page).text)))
    source_grams = five_grams(source)
    missing = [gram for gram in source_grams if gram not in page_grams]
    share = 1 - len(missing) / len(source_grams)
    print(f"{doc_id}: {share:.2%} of {len(source_grams)} five-grams on the page; missing:")
    for gram in missing:
        print("   ", " ".join(gram))
    assert share >= 0.98


def test_registry_lists_both_documents_with_expected_clause_counts(registry):
    assert registry["format"] == "policy-portal/clause-registry"
    assert [d["id"] for d in registry["documents"]] == ["anti-corruption", "personal-data"]
    anti = _document(registry, "anti-corruption")
    clauses = [c for c in anti["clauses"] if c["kind"] == "clause"]
    # 48 numbered clauses as printed: no clause 6, clause 16 twice.
    assert len(clauses) == 48
    numbers = [c["number"] for c in clauses]
    assert "6." not in numbers and numbers.count("16.") == 2
    sections = [c for c in anti["clauses"] if c["kind"] == "heading" and re.fullmatch(r"s\d+", c["anchor"])]
    assert len(sections) == 13
    personal = _document(registry, "personal-data")
    order = [c for c in personal["clauses"] if re.fullmatch(r"r\d+", c["anchor"])]
    regulation = [c for c in personal["clauses"] if c["kind"] == "clause" and re.fullmatch(r"p\d+", c["anchor"])]
    assert [c["number"] for c in order] == [f"{n}." for n in range(1, 8)]
    assert [c["number"] for c in regulation] == [f"{n}." for n in range(1, 23)]
    lettered = [c["anchor"] for c in personal["clauses"] if c["parent"] == "p15"]
    assert len(lettered) == 25 and lettered[0] == "p15-a" and lettered[-1] == "p15-shch"
    for doc in registry["documents"]:
        assert {"app1", "app2"} <= {c["anchor"] for c in doc["clauses"]}


def test_registry_entries_carry_text_and_its_hash(registry):
    p14_3 = next(c for c in _document(registry, "anti-corruption")["clauses"] if c["anchor"] == "p14-3")
    assert p14_3["number"] == "3)"
    assert p14_3["citation"] == "п. 14, пп. 3)"
    assert p14_3["url"] == "anti-corruption/#p14-3"
    assert p14_3["text"].startswith("предлагать, обещать или осуществлять платежи")
    for doc in registry["documents"]:
        for clause in doc["clauses"]:
            assert clause["sha256"] == text_sha256(clause["text"]), clause["anchor"]


@pytest.mark.parametrize("doc_id", sorted(DOCUMENT_SOURCES))
def test_every_registry_anchor_exists_exactly_once_in_the_page(doc_id, staff_site, registry):
    document = _document(registry, doc_id)
    ids = collections.Counter(parse_page(staff_site / document["url"] / "index.html").ids)
    anchors = [c["anchor"] for c in document["clauses"]]
    assert len(anchors) == len(set(anchors))
    assert [a for a in anchors if ids[a] != 1] == []
    assert [i for i, n in ids.items() if n > 1] == []


def test_clause_numbers_are_printed_as_in_the_original(staff_site):
    page = (staff_site / "anti-corruption" / "index.html").read_text(encoding="utf-8")
    assert '<ol' not in page.split('class="md-content"', 1)[1].split("</article>", 1)[0]
    assert page.count('<span class="clause__number">16.</span>') == 2
    assert '<span class="clause__number">6.</span>' not in page
    assert '<a class="clause__permalink" href="#p14-3" aria-label="Ссылка на п. 14, пп. 3)"' in page
    assert "**" not in document_text(staff_site / "anti-corruption" / "index.html")


@pytest.mark.parametrize(("doc_id", "facts"), [
    ("anti-corruption", ["Политика, утверждённая приказом главного врача", "182", "21.06.2022",
                         "КГП на ПХВ «Городская больница г. Серебрянск района Алтай» УЗ ВКО",
                         "Республика Казахстан, Восточно-Казахстанская область", "русский"]),
    ("personal-data", ["Распоряжение", "186-11", "13.08.2010",
                       "Администрация муниципального района «Корочанский район» Белгородской области",
                       "Российская Федерация, Белгородская область", "русский"]),
])
def test_document_header_and_home_page_show_the_metadata(doc_id, facts, staff_site):
    page = (staff_site / doc_id / "index.html").read_text(encoding="utf-8")
    header = page.split('<header class="document-header">', 1)[1].split("</header>", 1)[0]
    home = (staff_site / "index.html").read_text(encoding="utf-8")
    catalog = home.split('<section class="catalog"', 1)[1].split("</section>", 1)[0]
    entry = catalog.split(f'href="{doc_id}/"', 1)[1].split("</li>", 1)[0]
    for fact in facts:
        assert fact in header
        assert fact in entry


def test_editorial_note_lists_each_repair_with_a_link(staff_site):
    page = (staff_site / "anti-corruption" / "index.html").read_text(encoding="utf-8")
    note = page.split('<section class="editorial-note"', 1)[1].split("</section>", 1)[0]
    assert '<a href="#p11-5">п. 11, пп. 5)</a>: удалена строка' in note
    assert '<a href="#p16b">п. 16</a>: в оригинале два пункта с номером «16.»' in note
    assert note.count("<li>") == 12
    assert "<a href=\"#p2\">п. 2</a>: перед подпунктами 1)–5) удалены лишние знаки «- »." in note


def test_duplicated_page_break_line_is_published_once(staff_site):
    text = document_text(staff_site / "anti-corruption" / "index.html")
    assert text.count("рискам, которые могут возникнуть в деятельности КГП;") == 1


def test_staff_build_contains_the_staff_pages(staff_site):
    page = (staff_site / "staff" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="portal-audience" content="staff">' in page
