"""Quiz pages in Chromium: attempts, modes, storage, result sheet, receipt, escaping, axe."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from conftest import ROOT, mkdocs_build, serve
from policy_portal import receipt as receipts
from policy_portal.documents import parse_document
from policy_portal.quiz import load_bank

pytestmark = pytest.mark.browser
BANK_FILES = sorted((ROOT / "quizzes").glob("*.yaml"))


def documents() -> dict:
    """The documents of docs/ by id, as the build reads them."""
    found = {}
    for path in (ROOT / "docs").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "\ndocument:" in text.split("\n---", 1)[0]:
            document = parse_document(text, path.name)
            found[document.meta.id] = document
    return found


def _banks() -> dict:
    models = documents()
    return {p.stem: load_bank(p.read_text(encoding="utf-8"), p.name, models) for p in BANK_FILES}


BANKS = _banks()


def _open(page, url: str, bank_id: str, mode: str = "test"):
    page.goto(url + f"training/{bank_id}/")
    page.check(f".quiz__modes input[value={mode}]")
    page.click("[data-action=start]")
    page.wait_for_selector(".quiz__questions .quiz__question")


def _drawn(page) -> list[str]:
    return page.eval_on_selector_all(".quiz__questions .quiz__question", "els => els.map(e => e.dataset.question)")


def _answer(page, question, options: list[str]) -> None:
    for option in options:
        page.check(f".quiz__questions .quiz__question[data-question='{question.id}'] input[value='{option}']")


def _wrong(question) -> list[str]:
    wrong = [o.id for o in question.options if o.id not in question.correct]
    return wrong[:1]


@pytest.mark.parametrize("bank_id", sorted(BANKS))
def test_answering_every_question_correctly_passes(page, staff_url, bank_id):
    bank = BANKS[bank_id]
    questions = {q.id: q for q in bank.questions}
    _open(page, staff_url, bank_id)
    drawn = _drawn(page)
    assert len(drawn) == bank.draw_count == len(set(drawn))
    for topic, quota in bank.quotas.items():
        assert sum(questions[q].topic == topic for q in drawn) >= quota
    for question_id in drawn:
        _answer(page, questions[question_id], list(questions[question_id].correct))
    page.click("[data-action=finish]")
    verdict = page.inner_text(".quiz__verdict")
    assert verdict == (f"Правильных ответов: {len(drawn)} из {len(drawn)} (100%). "
                       f"Тест сдан (нужно не менее {bank.pass_mark}%).")
    assert page.evaluate("document.activeElement.classList.contains('quiz__result-title')")
    rows = page.eval_on_selector_all(".quiz__topics tbody tr", "rows => rows.map(r => r.innerText)")
    assert len(rows) == len({questions[q].topic for q in drawn})


def test_wrong_answers_fail_and_the_review_explains(page, staff_url):
    bank_id = sorted(BANKS)[0]
    questions = {q.id: q for q in BANKS[bank_id].questions}
    _open(page, staff_url, bank_id)
    drawn = _drawn(page)
    for question_id in drawn:
        _answer(page, questions[question_id], _wrong(questions[question_id]))
    page.click("[data-action=finish]")
    assert page.inner_text(".quiz__verdict").startswith(f"Правильных ответов: 0 из {len(drawn)} (0%). Тест не сдан")
    first = questions[drawn[0]]
    review = page.locator(".quiz__review .quiz__question").first
    assert review.locator(".quiz__feedback-verdict").inner_text().startswith("Неверно. Правильный ответ:")
    assert review.locator(".quiz__explanation").inner_text() == first.explanation


def test_practice_mode_gives_feedback_and_links_the_clause(page, staff_url):
    bank_id = sorted(BANKS)[0]
    questions = {q.id: q for q in BANKS[bank_id].questions}
    _open(page, staff_url, bank_id, mode="practice")
    first, second = _drawn(page)[:2]
    _answer(page, questions[first], list(questions[first].correct))
    page.click(f".quiz__question[data-question='{first}'] [data-action=check]")
    feedback = page.locator(f".quiz__question[data-question='{first}'] .quiz__feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    assert feedback.locator(".quiz__feedback-verdict").inner_text() == "Верно."
    assert feedback.locator(".quiz__explanation").inner_text() == questions[first].explanation
    link = feedback.locator(".quiz__cite-links a").first
    link.click()
    page.wait_for_load_state("load")
    assert page.evaluate("location.hash") == "#" + questions[first].cites[0]
    assert page.evaluate("document.querySelector(':target')?.id") == questions[first].cites[0]
    page.go_back()
    page.wait_for_selector(".quiz__questions .quiz__question")
    _answer(page, questions[second], _wrong(questions[second]))
    page.click(f".quiz__question[data-question='{second}'] [data-action=check]")
    verdict = page.locator(f".quiz__question[data-question='{second}'] .quiz__feedback-verdict").inner_text()
    assert verdict.startswith("Неверно. Правильный ответ:")


def test_reload_mid_attempt_keeps_questions_and_answers(page, staff_url):
    bank_id = sorted(BANKS)[0]
    questions = {q.id: q for q in BANKS[bank_id].questions}
    _open(page, staff_url, bank_id)
    drawn = _drawn(page)
    chosen = {q: list(questions[q].correct) for q in drawn[:3]}
    for question_id, options in chosen.items():
        _answer(page, questions[question_id], options)
    page.reload()
    page.wait_for_selector(".quiz__questions .quiz__question")
    assert _drawn(page) == drawn
    for question_id, options in chosen.items():
        checked = page.eval_on_selector_all(f".quiz__question[data-question='{question_id}'] input:checked",
                                            "els => els.map(e => e.value)")
        assert sorted(checked) == sorted(options)
    assert page.inner_text(".quiz__status") == "Продолжена сохранённая попытка."


def _finish_test(page, staff_url, bank_id, name="Иванова Анна Сергеевна"):
    questions = {q.id: q for q in BANKS[bank_id].questions}
    _open(page, staff_url, bank_id)
    drawn = _drawn(page)
    for question_id in drawn:
        _answer(page, questions[question_id], list(questions[question_id].correct))
    page.click("[data-action=finish]")
    page.fill("[data-learner=name]", name)
    page.fill("[data-learner=position]", "медицинская сестра")
    page.fill("[data-learner=department]", "терапевтическое отделение")
    return drawn


def test_clear_data_empties_storage_and_resets_the_page(page, staff_url):
    bank_id = sorted(BANKS)[0]
    _finish_test(page, staff_url, bank_id)
    verdict = page.inner_text(".quiz__verdict")
    page.reload()  # the last result and the learner's details survive a reload
    assert page.is_visible(".quiz__result") and page.inner_text(".quiz__verdict") == verdict
    assert page.input_value("[data-learner=name]") == "Иванова Анна Сергеевна"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-portal:')).length") == 2
    page.click("[data-action=clear]")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-portal:')).length") == 0
    assert page.is_visible(".quiz__start") and not page.is_visible(".quiz__result")
    assert page.input_value("[data-learner=name]") == ""
    page.reload()
    assert page.is_visible(".quiz__start") and not page.is_visible(".quiz__result")


def test_result_sheet_prints_to_pdf_with_the_name(page, staff_url):
    bank_id = sorted(BANKS)[0]
    bank = BANKS[bank_id]
    drawn = _finish_test(page, staff_url, bank_id)
    page.evaluate("document.documentElement.classList.add('quiz-printing')")  # what the print button does
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert len(pdf.pages) == 1
    for fact in ("Иванова Анна Сергеевна", "медицинская сестра", "терапевтическое отделение",
                 f"{bank.id}, {bank.version}", "сдано", drawn[0], "Подпись"):
        assert fact in text
    assert "Мои данные" not in text and "Начать попытку" not in text


def test_downloaded_receipt_verifies_against_the_registry(page, staff_url, registry):
    bank_id = sorted(BANKS)[0]
    bank = BANKS[bank_id]
    drawn = _finish_test(page, staff_url, bank_id)
    with page.expect_download() as download:
        page.click("[data-action=receipt]")
    receipt = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert receipts.verify(receipt)
    assert receipt["digest"]["value"] in page.inner_text(".quiz__sheet-facts")
    assert receipt["learner"] == {"name": "Иванова Анна Сергеевна", "position": "медицинская сестра",
                                  "department": "терапевтическое отделение"}
    assert receipt["bank"] == {"id": bank.id, "version": bank.version}
    assert receipt["attempt"]["questions"] == drawn and receipt["attempt"]["passed"] is True
    assert receipt["kind"] == "quiz" and receipt["format"] == "policy-portal/receipt"
    hashes = {c["anchor"]: c["sha256"] for d in registry["documents"] if d["id"] == bank.document for c in d["clauses"]}
    cited = {anchor for q in bank.questions if q.id in drawn for anchor in q.cites}
    assert {c["anchor"] for c in receipt["clauses"]} == cited
    assert all(hashes[c["anchor"]] == c["sha256"] for c in receipt["clauses"])


def test_draw_honours_count_and_quotas_every_time(page, staff_url):
    page.goto(staff_url + f"training/{sorted(BANKS)[0]}/")
    for bank in BANKS.values():
        topics = {q.id: q.topic for q in bank.questions}
        draws = page.evaluate("""([questions, count, quotas]) => Array.from({length: 200},
            () => PolicyPortal.quiz.draw(questions, count, quotas, Math.random))""",
                              [[{"id": q.id, "topic": q.topic} for q in bank.questions], bank.draw_count, bank.quotas])
        for drawn in draws:
            assert len(drawn) == bank.draw_count == len(set(drawn))
            for topic, quota in bank.quotas.items():
                assert sum(topics[q] == topic for q in drawn) >= quota
        if len(bank.questions) >= 2 * bank.draw_count:
            assert len({tuple(d) for d in draws}) > 150  # really random


def test_without_javascript_the_questions_are_readable(browser, staff_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    bank = BANKS[sorted(BANKS)[0]]
    page.goto(staff_url + f"training/{bank.id}/")
    assert page.is_visible(".quiz__nojs")
    assert "нужен JavaScript" in page.inner_text(".quiz__nojs")
    assert page.locator(".quiz__static-question").count() == len(bank.questions)
    assert page.locator(".quiz__static-question .quiz__prompt").first.inner_text() == bank.questions[0].prompt
    assert not page.is_visible(".quiz__app")
    context.close()


@pytest.mark.parametrize("state", ["start", "attempt", "result"])
def test_quiz_page_has_no_serious_accessibility_violations(page, staff_url, state):
    bank_id = sorted(BANKS)[0]
    if state == "start":
        page.goto(staff_url + f"training/{bank_id}/")
    elif state == "attempt":
        _open(page, staff_url, bank_id)
    else:
        _finish_test(page, staff_url, bank_id)
    results = Axe().run(page)
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_markup_in_a_bank_stays_text(browser, tmp_path):
    # A copy of the site with one more bank whose texts contain markup.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    bank = yaml.safe_load((ROOT / "quizzes" / BANK_FILES[0].name).read_text(encoding="utf-8"))
    bank["id"] = "markup"
    evil = "<script>window.__owned=1</script><img src=x onerror=\"window.__owned=2\">"
    bank["title"] = "Markup " + evil
    first = bank["questions"][0]
    bank["questions"], bank["draw"] = [first], {"count": 1}  # so the marked-up question is drawn
    first["prompt"] = "Вопрос " + evil
    first["explanation"] = "Пояснение " + evil
    if "options" in first:
        first["options"][0]["text"] = "Ответ " + evil
    (project / "quizzes" / "markup.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    (project / "docs" / "training" / "markup.md").write_text(
        "---\ntitle: Markup\naudience: staff\nquiz: markup\n---\n\n# Markup\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(project / "docs"), hooks=[str(ROOT / "hooks" / "portal.py")], watch=[])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve(project / "site")
    try:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "training/markup/")
        assert page.locator(".quiz__static-question .quiz__prompt").first.inner_text() == first["prompt"]
        page.check(".quiz__modes input[value=practice]")
        page.click("[data-action=start]")
        node = page.locator(f".quiz__question[data-question='{first['id']}']")
        assert node.locator(".quiz__prompt").inner_text() == first["prompt"]
        node.locator("input").first.check()
        node.locator("[data-action=check]").click()
        assert node.locator(".quiz__explanation").inner_text() == first["explanation"]
        assert page.locator(".quiz img").count() == 0
        assert page.evaluate("window.__owned") is None and dialogs == []
        page.close()
    finally:
        server.shutdown()


def test_keyboard_alone_takes_a_test_from_start_to_result(page, staff_url):
    bank_id = sorted(BANKS)[0]
    page.goto(staff_url + f"training/{bank_id}/")
    page.focus(".quiz__modes input[value=practice]")
    page.keyboard.press("ArrowDown")  # to "Тест"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "start"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('quiz__attempt-title')")
    answered = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        active = page.evaluate("""() => { const e = document.activeElement;
            return {action: e.dataset.action || null, question: e.closest('.quiz__question')?.dataset.question || null}; }""")
        if active["action"] == "finish":
            break
        if active["question"] and active["question"] not in answered:
            page.keyboard.press("Space")
            answered.add(active["question"])
    page.keyboard.press("Enter")
    assert len(answered) == BANKS[bank_id].draw_count
    assert page.evaluate("document.activeElement.classList.contains('quiz__result-title')")
    assert page.inner_text(".quiz__verdict").startswith("Правильных ответов:")


def test_options_are_shuffled_except_true_false(page, staff_url):
    bank = BANKS[sorted(BANKS)[0]]
    questions = {q.id: q for q in bank.questions}
    _open(page, staff_url, bank.id)
    moved = 0
    for question_id in _drawn(page):
        shown = page.eval_on_selector_all(f".quiz__question[data-question='{question_id}'] input", "els => els.map(e => e.value)")
        written = [o.id for o in questions[question_id].options]
        assert sorted(shown) == sorted(written)
        if questions[question_id].type == "true_false":
            assert shown == ["true", "false"]
        moved += shown != written
    assert moved > 0
