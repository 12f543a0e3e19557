"""Search benchmark: the portal's search against Material's plain search, side by side.

    make bench-search        (or: .venv/bin/python site_tests/bench_search.py)
    .venv/bin/python site_tests/bench_search.py --kazakh-stemmer   (the stemmer alone, no build)

Builds the portal and a baseline (the same pages with ``extra.portal_search: false`` and
Material's default search settings), runs every case of ``search_cases.yaml`` through each
site's real search UI in Chromium, and prints:

* recall@1 / recall@5, strict: an expected anchor itself is among the first k hits;
* recall@1 / recall@5, containing: a hit whose target contains an expected anchor (the
  anchor, a clause or section around it, or the whole page) is among the first k hits;
* the median size in words of the target of the first containing hit in the top 5 (what
  the reader lands on and has to read);
* the time from a key press to the results being shown, typing queries in the search box.

A case in Kazakh or English runs on that edition (/kk/, /en/); the figures are given for all
cases and per language.

``--kazakh-stemmer`` measures ``search.kazakh_stem`` against a hand-made answer: every word of
the Kazakh texts (docs/*.kk.md and the ``kk`` texts of the banks and forms) that starts with
one of KK_SAMPLE_LETTERS, grouped by lemma by hand (KK_LEMMAS). Words of one lemma share their
first letter, and so do words with one stem (a stem keeps at least three letters), so the
sample holds every conflation and every collision of its words. It prints how many pairs of
forms of one lemma get one stem (conflated), how many pairs of words of different lemmas do
(collisions; related when the lemmas are derived from one another, KK_RELATED), for the
stemmer with minimum stems of 2, 3 and 4 letters, Snowball's Russian stemmer and exact words.
"""

from __future__ import annotations

import json
import collections
import itertools
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, mkdocs_build, serve  # noqa: E402
from search_harness import DEFAULT_LANGUAGE, case_url, language_url, load_cases, matches, search  # noqa: E402
from test_site import document_text  # noqa: E402

# Typed into the search box for the latency figures (each has results in both builds).
TYPED_QUERIES = ["подарки пациента", "конфликт интересов", "персональные данные", "взятки", "152-ФЗ",
                 "личное дело", "антикоррупционные ограничения"]
LANGUAGES = ["ru", "kk", "en"]


def main() -> None:
    if "--kazakh-stemmer" in sys.argv:
        _report_kazakh_stemmer()
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        portal = _build(ROOT / "mkdocs.yml", tmp / "portal")
        baseline = _build(_baseline_config(tmp), tmp / "baseline")
        registry = _registries(portal)
        sizes = _target_sizes(registry, portal)
        cases = load_cases()
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rows = {}
            for name, site in (("portal", portal), ("baseline", baseline)):
                server, url = serve(site)
                page = browser.new_page()
                started = time.perf_counter()
                results = [search(page, case_url(url, case), case["query"]) for case in cases]
                elapsed = time.perf_counter() - started
                latencies = [_typing_latency(page, url, query) for query in TYPED_QUERIES]
                page.close()
                server.shutdown()
                rows[name] = _metrics(cases, results, registry, sizes) | {
                    "latency": latencies, "seconds": elapsed,
                    "languages": {language: _metrics(*_of_language(language, cases, results), registry, sizes)
                                  for language in LANGUAGES},
                    "kinds": {kind: _metrics(*_of_kind(kind, cases, results), registry, sizes)
                              for kind in dict.fromkeys(case["kind"] for case in cases)},
                }
            browser.close()
    _report(rows, len(cases))


def _build(config: Path, site: Path) -> Path:
    result = mkdocs_build(config, site)
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return site


# The same site with Material's own search: no clause entries, word forms or bridge.
def _baseline_config(tmp: Path) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"]["search"] = {"lang": "ru"}
    config["extra"]["portal_search"] = False
    config.update(docs_dir=str(ROOT / "docs"), hooks=[str(ROOT / "hooks" / "portal.py")], watch=[])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    # The hooks read quizzes/ beside the configuration file.
    shutil.copytree(ROOT / "quizzes", tmp / "quizzes", dirs_exist_ok=True)
    path = tmp / "mkdocs.baseline.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


# Each edition's clauses.json, its URLs made relative to the edition (as the hits are).
def _registries(site: Path) -> dict[str, dict]:
    registries = {}
    for language in LANGUAGES:
        home = language_url("", language)
        registry = json.loads((site / home / "clauses.json").read_text(encoding="utf-8"))
        for document in registry["documents"]:
            document["path"] = document["url"]
            document["url"] = document["url"][len(home):]
            for clause in document["clauses"]:
                clause["url"] = clause["url"][len(home):]
        registries[language] = registry
    return registries


def _of_language(language: str, cases: list[dict], results: list) -> tuple[list, list]:
    pairs = [(case, hits) for case, hits in zip(cases, results) if case.get("language", DEFAULT_LANGUAGE) == language]
    return [case for case, _ in pairs], [hits for _, hits in pairs]


def _of_kind(kind: str, cases: list[dict], results: list) -> tuple[list, list]:
    pairs = [(case, hits) for case, hits in zip(cases, results) if case["kind"] == kind]
    return [case for case, _ in pairs], [hits for _, hits in pairs]


# Words a reader lands on: a clause with its sub-items, a section, or a whole page.
def _target_sizes(registries: dict, site: Path) -> dict[str, dict[str, int]]:
    sizes = {}
    for language, registry in registries.items():
        sizes[language] = own = {}
        for document in registry["documents"]:
            own[document["url"]] = len(document_text(site / document["path"] / "index.html").split())
            for clause in document["clauses"]:
                own[clause["url"]] = len(clause["text"].split())
    return sizes


def _ancestors(registry: dict, document_id: str, anchor: str) -> set[str]:
    clauses = {c["anchor"]: c for d in registry["documents"] if d["id"] == document_id for c in d["clauses"]}
    found = set()
    while anchor in clauses and clauses[anchor]["parent"]:
        anchor = clauses[anchor]["parent"]
        found.add(anchor)
    return found


def _containing(case: dict, registry: dict) -> set[str]:
    """Hits whose target contains an expected anchor: it, a clause or section around it, the page.

    A task case (a test or form to find) is contained by its page(s) only.
    """
    if "document" not in case:
        return set(case.get("pages") or [case["page"]])
    document = next(d for d in registry["documents"] if d["id"] == case["document"])
    anchors = {c["anchor"] for c in document["clauses"] if matches(case, f"{document['url']}#{c['anchor']}")}
    containing = {document["url"]}
    for anchor in anchors:
        containing |= {f"{document['url']}#{a}" for a in {anchor} | _ancestors(registry, document["id"], anchor)}
    return containing


def _metrics(cases, results, registries, sizes) -> dict:
    strict_ranks, containing_ranks, targets, misses = [], [], [], []
    for case, hits in zip(cases, results):
        language = case.get("language", DEFAULT_LANGUAGE)
        containing = _containing(case, registries[language])
        strict_rank = next((i for i, hit in enumerate(hits) if matches(case, hit)), None)
        containing_rank = next((i for i, hit in enumerate(hits) if hit in containing), None)
        strict_ranks.append(strict_rank)
        containing_ranks.append(containing_rank)
        # The size of what a document hit lands on (a test or form page is not a text to read).
        if containing_rank is not None and containing_rank < 5 and hits[containing_rank] in sizes[language]:
            targets.append(sizes[language][hits[containing_rank]])
        if strict_rank is None or strict_rank >= 5:
            shown = "not found" if strict_rank is None else f"rank {strict_rank + 1}"
            misses.append(f"{language}: {case['query']} → {case.get('anchors') or case.get('pages') or [case.get('page')]} ({shown})")

    def recall(ranks, k):
        return sum(r is not None and r < k for r in ranks) / len(ranks) if ranks else float("nan")

    return {
        "strict@1": recall(strict_ranks, 1), "strict@5": recall(strict_ranks, 5),
        "containing@1": recall(containing_ranks, 1), "containing@5": recall(containing_ranks, 5),
        "median_words": statistics.median(targets) if targets else float("nan"),
        "misses": misses,
    }


# Type a query into the search box; time from the last key release to the results shown.
# Playwright enters Cyrillic as text input without key events, and Material searches on
# keyup: each character is inserted, then Shift is pressed and released for the keyup.
def _typing_latency(page, url: str, query: str) -> float:
    page.goto(url)
    page.keyboard.press("/")  # Material's shortcut to open search
    page.wait_for_selector(".md-search__input:focus")
    page.wait_for_function("() => !/Инициализация/.test(document.querySelector('.md-search-result__meta').textContent)")
    for character in query[:-1]:
        page.keyboard.insert_text(character)
        page.keyboard.press("Shift")
        page.wait_for_timeout(40)
    page.wait_for_timeout(600)
    page.evaluate("""() => {
        window.__bench = {};
        // Capture phase: starts the clock before Material's own keyup handler runs.
        document.addEventListener('keyup', () => { window.__bench.start = performance.now(); },
                                  { once: true, capture: true });
        // Done when a result is in the list again (Material first empties it), or when the
        // meta line says nothing was found.
        const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none'];
        const meta = document.querySelector('.md-search-result__meta');
        new MutationObserver(records => {
            const shown = records.some(r => [...r.addedNodes].some(n => n.classList?.contains('md-search-result__item')))
                || meta.textContent === none;
            if (window.__bench.start && !window.__bench.end && shown) window.__bench.end = performance.now();
        }).observe(document.querySelector('.md-search-result'), { childList: true, subtree: true });
    }""")
    page.keyboard.insert_text(query[-1])
    page.keyboard.press("Shift")
    page.wait_for_function("() => window.__bench.end", timeout=10_000)
    return page.evaluate("() => window.__bench.end - window.__bench.start")


def _report(rows: dict, count: int) -> None:
    print(f"Search benchmark: {count} cases (site_tests/search_cases.yaml)\n")
    print(f"| measure | {' | '.join(rows)} |")
    print(f"|---|{'---|' * len(rows)}")
    for key, label in [("strict@1", "recall@1 (the clause itself)"), ("strict@5", "recall@5 (the clause itself)"),
                       ("containing@1", "recall@1 (a target containing it)"),
                       ("containing@5", "recall@5 (a target containing it)")]:
        print(f"| {label} | {' | '.join(f'{row[key]:.1%}' for row in rows.values())} |")
    words = " | ".join(f"{row['median_words']:.0f}" for row in rows.values())
    print(f"| median words of the hit's target | {words} |")
    for language in LANGUAGES:
        count = sum(1 for case in load_cases() if case.get("language", DEFAULT_LANGUAGE) == language)
        recalls = " | ".join(f"{row['languages'][language]['strict@5']:.1%}" for row in rows.values())
        print(f"| recall@5 (the clause itself), {language} ({count} cases) | {recalls} |")
    for kind in next(iter(rows.values()))["kinds"]:
        count = sum(1 for case in load_cases() if case["kind"] == kind)
        recalls = " | ".join(f"{row['kinds'][kind]['strict@5']:.1%}" for row in rows.values())
        print(f"| recall@5 (the clause itself), {kind} ({count} cases, all languages) | {recalls} |")
    for stat, fn in (("median", statistics.median), ("max", max)):
        times = " | ".join(f"{fn(row['latency']):.0f}" for row in rows.values())
        print(f"| key press → results shown, {stat} (ms) | {times} |")
    print()
    for name, row in rows.items():
        print(f"{name}: {len(row['misses'])} cases without the clause in the top 5")
        for miss in row["misses"]:
            print("   ", miss)


# --- The Kazakh stemmer, measured against lemmas assigned by hand ---------------------

KK_SAMPLE_LETTERS = "аәжмө"
# lemma: every form of it in the sample (a word of the sample not listed is a lemma of its own).
# A label with a suffix (ал_v) tells a verb from a word spelt like its stem.
KK_LEMMAS = """
адам: адам адамдар адамдарда адамдардан адамдарды адамдардың адамдары адамдарының адамдарға адамды адамның адамы адамға
азайт: азайту азайтуға
ай: ай айдан айдың айға
айт: айтады айтпайды айту айтуды айтуға айтқанын айтпай айтып
айтыл: айтылған айтылғанын
айғақ: айғағы айғақ
актив: активтері активтерін активі
акті: актіге актілер актілерге актілеріне актісі актісіне
ал_v: алады алатыны алатынын алмады алмайды алмау алмай алсын алса алу алуды алуы алуын алуға алып алыңыз алғаны алған ала
алд: алдымен алдын алдына алдында
алушы: алушылар алушылары
алым: алым алымдар алымдарды алымдарға алымнан алымның
алын: алынбайды алынған алынғандарды алынғанын алынатын
алғыс: алғыс алғысқа алғысы
ана: аналарды аналары анасы анасын анасына анасының
анализатор: анализаторларының анализаторға
антибиотик: антибиотик антибиотикті
анықта: анықтау анықтауы
анықтама: анықтама анықтамалар анықтамаларға анықтамасына анықтамаға
аппарат: аппарат аппараттың аппаратын аппаратына аппаратында
апта: апта аптада аптадан аптадағы аптаға
ара: арасында арасындағы
арна: арна арналардың арнаны арнасы
арна_v: арналған арнап
артықшылық: артықшылық артықшылықтар артықшылықтарды артықшылықтары артықшылықты артықшылықтың
ас_v: асады аспаса асуын
асыр: асырады асырмайды асырмау асырмауды асырмауға асыру асырудың асыруға асыра асырап
асырыл: асырылады асырылуы
ата: ата атасы
ата_v: атайды атамайды атайтыны
атау: атауында
атал: аталған аталғандармен
ат: аты атынан
атқар: атқарады атқармағаны атқару атқарудың атқарумен атқаруға атқара атқаратын
аудан: аудан ауданда ауданның ауданы
аудар: аударуды аудармай аударып
аурухана: аурухана ауруханада ауруханадан ауруханадағы ауруханалары ауруханамен аурухананың ауруханасы ауруханаға
ауыстыр: ауыстыру ауыстыруды ауыстыруға ауыстырғаны ауыстырып
ауысым: ауысымдар ауысымдарда ауысымға
аш: ашты ашу ашып
аяқта: аяқтады аяқтаған
аяқтал: аяқталды аяқталған аяқталғаннан аяқталса аяқталып
аға: аға ағасы ағасына ағасының
ақпарат: ақпарат ақпаратты ақпараты ақпаратын
ақша: ақша ақшадан ақшамен ақшаны ақшаның ақшасы ақшасына ақшаға
ақы: ақы ақыны ақыға
жабдық: жабдық жабдықтарын
жаз: жазады жазу жазуды жазса жазып жазыңыз
жаза: жаза жазаның жазасын
жазба: жазба жазбалар жазбаларды жазбалардың жазбаларға жазбаны
жай: жай жайлардан жайында
жалда: жалдау жалдаудың
жалпы: жалпы жалпыға
жалғастыр: жалғастыру жалғастырған жалғастырып
жариялан: жарияланады жарияланбаған жариялану жарияланған жарияланғанға
жарна: жарналар жарналардың жарналарын
жарнама: жарнама жарнамасы жарнамасындағы
жас: жас жастағы
жаса: жасайды жасамайды жасау жасаудан жасауға жасаған жасағаны жасай жасап
жасал: жасалады жасалды жасалған жасалса
жасас: жасасады жасасуды жасасқанға жасасып
жат: жатады жатпайды жатпайтын жатқан жатқанын жата жатыр
жатқыз: жатқызады жатқызу жатқызғаны
жауап: жауап жауаптар жауаптарды жауапқа
жауаптылық: жауаптылық жауаптылықта жауаптылықтан жауаптылықты жауаптылыққа
жағдай: жағдай жағдайда жағдайдың жағдайлар жағдайларда жағдайлардан жағдайларды жағдайлардың жағдайларға жағдайында жағдайға жағдайды
жеделдет: жеделдеткені жеделдету жеделдетуге жеделдетуді
жекжат: жекжат жекжаттарды жекжаттарымен жекжаттарын
жемқорлық: жемқорлық жемқорлықты жемқорлықтың жемқорлыққа
жер: жерге жерде жердегі
жеткіз: жеткізеді жеткізу жеткізуге жеткізуді
жеткізуші: жеткізуші жеткізушіге жеткізушіден жеткізушілерге жеткізушілердің жеткізушілермен жеткізушімен жеткізушінің
жеңілдік: жеңілдік жеңілдікті жеңілдіктің
жиен: жиен жиенге жиенін жиенінің жиені
жина: жинау жинайтынын жинап жинаса
жинал: жиналған
жиналыс: жиналысында жиналыста жиналысқа
жинақтал: жинақталмаған жинақталған
жой: жоймайды жою жоюға жояды
жол: жол жолмен жолын
жоспар: жоспарды жоспарға
жоқ: жоғын жоқ
журнал: журналдағы журналы журналын журналына журналға
жыл: жыл жылына
жібер: жіберу жібере жіберіңіз
жіберіл: жіберілмейді жіберілсе
жүгін: жүгінген жүгінеді жүгінуге жүгінуді жүгінбестен жүгіне
жүр: жүрген жүргендерден жүрсе жүріп
жүргіз: жүргізеді жүргізу
жүргізіл: жүргізілген жүргізіледі
жүйе: жүйеге жүйесі жүйесін
жұбай: жұбайларды жұбайларымен жұбайымен жұбайының
жұмыс: жұмыс жұмыстан жұмысты жұмысқа жұмысы жұмысын жұмысынан
жәрдемдес: жәрдемдеседі жәрдемдесу жәрдемдесуге жәрдемдесуден
жөн: жөн жөні жөнін жөнінде жөніндегі
жөнде: жөндеу жөндеуге жөндеуді
жөнелт: жөнелту жөнелтуі
жөн_сіз: жөніңіз жөніңізді
маман: маман маманына маманы
материал: материалдарды материалдары материалдарын материалын
мақсат: мақсат мақсатта мақсаттар мақсаттарда мақсатты мақсаты мақсатымен мақсатында мақсатқа
мейрамхана: мейрамханада мейрамханадан мейрамханаға
мейіргер: мейіргер мейіргерге мейіргерді мейіргердің мейіргерлер мейіргерлерге мейіргерлердің мейіргерлерінің мейіргері мейіргерімен мейіргеріне мейіргерінен мейіргерінің
мекенжай: мекенжайлары мекенжайларын мекенжайы
мен_pron: мен мені менің
менеджер: менеджер менеджердің менеджеріне
меңгеруші: меңгеруші меңгерушіге меңгерушіден меңгерушілер меңгерушілерге меңгерушілерден меңгерушінің меңгерушісі меңгерушісіне меңгерушісінің
меңзе: меңзейді меңзесе меңзеуінше
мониторинг: мониторинг мониторингті
мына: мына мыналар мыналарды мыналардың мыналарға мынаны
міндет: міндеттер міндеттерді міндеттері міндеттерін міндетін
міндеттеме: міндеттемелер міндеттемелерді міндеттемесін
міндеттен: міндеттенемін міндеттенетініңізді
мүдде: мүдде мүдделер мүдделерде мүдделері мүдделерін мүдделерінде мүдделеріне мүдделерінен мүддесі мүддесінде мүддесіндегі мүддесіне
мүдделілік: мүдделілік мүдделілікпен
мүлік: мүлік мүлікті мүлкі мүлкін
мүмкіндік: мүмкіндігі мүмкіндігін мүмкіндік мүмкіндіктерді
мүше: мүше мүшелеріне мүшесі
мүшелік: мүшелігінің мүшелікке
мұл: мұнда мұны мұның
мәлімет: мәліметке мәліметтер мәліметтерді мәліметтердің мәліметтері
мән: мән мәнінде
мәселе: мәселе мәселелерді мәселелері мәселелеріне мәселемен мәселені мәселесі мәселесін
мәтін: мәтіні мәтіндері мәтіннің
мөлшер: мөлшері мөлшерінен
әдептілік: әдептілігіне әдептілікке
әже: әжесі әжесін
әзірле: әзірлейді әзірлеу әзірлеудің
әйел: әйел әйелі әйелімен әйеліне әйелінің
әке: әкесі әкесінің әкемді
әкімдік: әкімдігінің әкімдік әкімдікке
әпке: әпкесі әпкесінің
әрекет: әрекет әрекеттер әрекеттерге әрекеттерді әрекеттерін әрекеттерінің әрекеті әрекетін
әрекетсіздік: әрекетсіздігі әрекетсіздік
әріптес: әріптес әріптестер әріптестерден әріптестердің әріптестермен әріптестеріне әріптестерінен әріптестің әріптесі
әңгіме: әңгіме әңгімемен
өз: өз өздері өздеріне өздерінің өзі өзінің өзіме өзінде өзіне өзінен өзіңізге
өзгерт: өзгертпейді өзгертпеу өзгертпеңіз
өкіл: өкілмен өкілі
өкілеттік: өкілеттіктерге өкілеттіктерді өкілеттіктері өкілеттіктерімді өкілеттіктерін
өлшем: өлшемдерді өлшемдерін
өндіруші: өндірушінің өндірушісі өндірушісінің
өте_v: өтеу өтеуден өтеп
өт_v: өтетінін өтсе өтуге өтіп өткен өткенде
өтіл: өтіл өтілге өтілі өтілін өтіліне
өтінім: өтінім өтінімдер өтінімдерге өтінімдерде өтінімдердің өтінімді өтінімі өтінімін
өтініш: өтініштері өтініштерінің өтінішті өтініші өтінішімен
"""
# Lemmas derived one from another (a collision between them joins related words).
KK_RELATED = [{"жыл", "жылғы"}, {"жауап", "жауапты"}, {"міндет", "міндетті"}, {"жинал", "жиналыс"},
              {"ата_v", "атау"}]


def _kazakh_words() -> list[str]:
    """Every word of the Kazakh texts: docs/*.kk.md, and the kk texts of banks and forms."""
    from policy_portal.search import words

    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("**/*.kk.md"))]

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "kk" and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "quizzes").glob("**/*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    text = re.sub(r"\{[#.][^}]*\}", " ", " ".join(texts))  # attribute lists are markup
    return sorted({word for word in words(text, "kk") if re.search("[а-яәғқңөұүһі]", word)})


def _kazakh_figures(stem, sample: list[str], lemma_of: dict[str, str]) -> dict:
    def lemma(word):
        return lemma_of.get(word, word)

    by_lemma = collections.defaultdict(list)
    for word in sample:
        by_lemma[lemma(word)].append(word)
    stems = {word: stem(word) for word in sample}
    families = [forms for forms in by_lemma.values() if len(forms) > 1]
    pairs = [pair for forms in families for pair in itertools.combinations(forms, 2)]
    by_stem = collections.defaultdict(list)
    for word in sample:
        by_stem[stems[word]].append(word)
    collisions = [(a, b) for words in by_stem.values() for a, b in itertools.combinations(words, 2)
                  if lemma(a) != lemma(b)]
    related = [(a, b) for a, b in collisions if any({lemma(a), lemma(b)} <= group for group in KK_RELATED)]
    return {
        "lemmas": len(by_lemma), "families": len(families), "forms": sum(len(forms) for forms in families),
        "pairs": len(pairs), "conflated": sum(stems[a] == stems[b] for a, b in pairs),
        # forms that get the stem most forms of their lemma get
        "on_stem": sum(collections.Counter(stems[w] for w in forms).most_common(1)[0][1] for forms in families),
        "collisions": collisions, "related": related, "stems": len(by_stem),
        "unrelated": [pair for pair in collisions if pair not in related],
    }


def _report_kazakh_stemmer() -> None:
    import snowballstemmer
    from policy_portal import search

    lemma_of = {}
    for line in KK_LEMMAS.strip().splitlines():
        label, _, forms = line.partition(":")
        lemma_of.update((form, label.strip()) for form in forms.split())
    every = _kazakh_words()
    sample = [word for word in every if word[0] in KK_SAMPLE_LETTERS]
    missing = sorted(set(lemma_of) - set(sample))

    def kazakh(minimum):
        def stem(word):
            kept, search.KK_MIN_STEM = search.KK_MIN_STEM, minimum
            try:
                return search.kazakh_stem(word)
            finally:
                search.KK_MIN_STEM = kept
        return stem

    russian = snowballstemmer.stemmer("russian").stemWord
    variants = [("exact words", lambda word: word), ("Snowball Russian", russian),
                ("kazakh_stem, min 2", kazakh(2)), ("kazakh_stem, min 3 (used)", kazakh(3)),
                ("kazakh_stem, min 4", kazakh(4))]
    rows = {name: _kazakh_figures(stem, sample, lemma_of) for name, stem in variants}
    first = next(iter(rows.values()))
    print(f"Kazakh stemmer: {len(sample)} of the {len(every)} distinct Kazakh words (those starting with "
          f"{', '.join(KK_SAMPLE_LETTERS)}), {first['lemmas']} lemmas; {first['families']} lemmas have "
          f"{first['forms']} forms in the text ({first['pairs']} pairs of forms)\n")
    if missing:
        print(f"(not in the texts any more: {' '.join(missing)})\n")
    print("| stemmer | pairs of forms of a lemma with one stem | forms on their lemma's stem "
          "| colliding pairs of other lemmas (related / unrelated) | distinct stems |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | {row['conflated']} of {row['pairs']} ({row['conflated'] / row['pairs']:.1%}) "
              f"| {row['on_stem']} of {row['forms']} ({row['on_stem'] / row['forms']:.1%}) "
              f"| {len(row['collisions'])} ({len(row['related'])} / {len(row['unrelated'])}) | {row['stems']} |")
    used = rows["kazakh_stem, min 3 (used)"]
    print("\nUnrelated collisions of the stemmer used:")
    for a, b in used["unrelated"]:
        print(f"    {a} / {b} → {search.kazakh_stem(a)}")


if __name__ == "__main__":
    main()
