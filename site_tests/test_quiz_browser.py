"""Quiz pages in Chromium: attempts, modes, storage, result sheet, receipt, escaping, axe."""

from __future__ import annotations

import io
import json
import re
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
        front = text.split("\n---", 1)[0]
        if "\ndocument:" in front and "\ntranslation:" not in front:
            document = parse_document(text, path.name)
            found[document.meta.id] = document
    return found


def _banks() -> dict:
    models = documents()
    return {p.stem: load_bank(p.read_text(encoding="utf-8"), p.name, models) for p in BANK_FILES}


BANKS = _banks()


LEARNER = {"name": "Иванова Анна Сергеевна", "position": "медицинская сестра", "department": "терапевтическое отделение"}


def _open(page, url: str, bank_id: str, mode: str = "test", learner: dict | None = None, goto: bool = True):
    if goto:
        page.goto(url + f"training/{bank_id}/")
    page.check(f".quiz__modes input[value={mode}]")
    if mode == "test":
        for field, value in (learner or LEARNER).items():
            page.fill(f"[data-learner={field}]", value)
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
    assert page.inner_text(".quiz__result-title") == "Результат теста"
    # The next steps come right under the verdict, before the sheet.
    assert page.eval_on_selector_all(".quiz__next-steps li", "els => els.map(e => e.innerText)") == [
        "Распечатайте лист результата и подпишите его.",
        "Скачайте квитанцию (файл JSON).", "Передайте подписанный лист и квитанцию в отдел кадров."]
    assert page.evaluate("""() => { const r = document.querySelector('.quiz__result');
        return [...r.children].filter(e => !e.hidden).map(e => e.className.split(' ')[0]).slice(0, 4); }""") == [
        "quiz__result-title", "quiz__verdict", "quiz__next", "quiz__sheet"]
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
    # A failed test shows which answers were wrong, not the keys (the bank's default).
    assert review.locator(".quiz__feedback-verdict").inner_text() == "Неверно."
    assert not review.locator(".quiz__explanation").is_visible()
    assert page.locator(".quiz__review .quiz__option--correct").count() == 0
    assert "Правильный ответ" not in page.inner_text(".quiz__review")
    chosen = review.locator(".quiz__option--chosen")
    assert chosen.count() == 1 and chosen.locator(".quiz__option-mark").inner_text() == "(ваш ответ)"
    assert chosen.get_attribute("data-option") == _wrong(first)[0]
    assert review.locator(".quiz__cite-links a").first.inner_text() != ""
    assert page.inner_text(".quiz__review-note").startswith("После несданного теста правильные ответы не показываются")


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
    marked = page.locator(f".quiz__question[data-question='{first}'] .quiz__option--correct")
    assert marked.count() == len(questions[first].correct)
    assert set(marked.locator(".quiz__option-mark").all_inner_texts()) == {"(ваш ответ — верно)"}
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
    node = page.locator(f".quiz__question[data-question='{second}']")
    assert node.locator(".quiz__option--wrong .quiz__option-mark").inner_text() == "(ваш ответ — неверно)"
    assert node.locator(".quiz__option--correct .quiz__option-mark").all_inner_texts() == (
        ["(правильный ответ)"] * len(questions[second].correct))


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
    _open(page, staff_url, bank_id, learner={**LEARNER, "name": name})
    drawn = _drawn(page)
    for question_id in drawn:
        _answer(page, questions[question_id], list(questions[question_id].correct))
    page.click("[data-action=finish]")
    return drawn


def _portal_keys(page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('policy-portal:')).sort()")


def test_clear_data_asks_then_removes_every_portal_key(page, staff_url):
    bank_id = sorted(BANKS)[0]
    _finish_test(page, staff_url, bank_id)
    verdict = page.inner_text(".quiz__verdict")
    # Another test and a form filled on the same shared computer, and a key of another site.
    page.evaluate("""() => { localStorage.setItem('policy-portal:quiz:other', '{}');
        localStorage.setItem('policy-portal:checklist:ac-consent', '{}'); localStorage.setItem('other-site', '1'); }""")
    page.reload()  # the last result and the learner's details survive a reload
    assert page.is_visible(".quiz__result") and page.inner_text(".quiz__verdict") == verdict
    assert page.input_value("[data-learner=name]") == "Иванова Анна Сергеевна"
    keys = ["policy-portal:checklist:ac-consent", "policy-portal:learner", f"policy-portal:quiz:{bank_id}", "policy-portal:quiz:other"]
    assert _portal_keys(page) == sorted(keys)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("[data-action=clear]")
    assert asked and asked[0].startswith("Удалить с этого компьютера все данные портала")
    assert _portal_keys(page) == sorted(keys) and page.is_visible(".quiz__result")  # cancelled: nothing lost
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-action=clear]")
    assert _portal_keys(page) == []
    assert page.evaluate("localStorage.getItem('other-site')") == "1"
    message = page.locator(".quiz__cleared")
    assert message.is_visible()
    assert message.inner_text() == "Удалено: тесты (2), формы (1), сохранённые ФИО, должность и подразделение."
    assert page.evaluate("document.activeElement.classList.contains('quiz__cleared')")
    assert page.is_visible(".quiz__start") and not page.is_visible(".quiz__result")
    assert not page.is_visible(".quiz__kept")
    assert page.input_value("[data-learner=name]") == ""
    page.reload()
    assert page.is_visible(".quiz__start") and not page.is_visible(".quiz__result")
    assert page.input_value("[data-learner=name]") == ""


def test_result_sheet_prints_to_pdf_with_the_name(page, staff_url):
    bank_id = sorted(BANKS)[0]
    bank = BANKS[bank_id]
    drawn = _finish_test(page, staff_url, bank_id)
    page.evaluate("document.documentElement.classList.add('quiz-printing')")  # what the print button does
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert len(pdf.pages) == 1
    document = documents()[bank.document].meta
    numbers = ", ".join(str(n) for n in range(1, len(drawn) + 1))
    for fact in ("Иванова Анна Сергеевна", "медицинская сестра", "терапевтическое отделение", document.issuer,
                 bank.title, f"№ {document.number} от {document.date:%d.%m.%Y}", bank.version, "сдано",
                 f"верно — {numbers}", "Подпись", "Дата"):
        assert " ".join(fact.split()) in text, fact
    assert not any(question_id in text for question_id in drawn)  # numbers, not internal ids
    taken = receipts_taken(page, bank_id)
    assert f"{taken[8:10]}.{taken[5:7]}.{taken[0:4]} {taken[11:16]}" in text  # local time, not UTC ISO
    assert "Мои данные" not in text and "Начать попытку" not in text and "Что дальше" not in text


def test_downloaded_receipt_verifies_against_the_registry(page, staff_url, registry):
    bank_id = sorted(BANKS)[0]
    bank = BANKS[bank_id]
    drawn = _finish_test(page, staff_url, bank_id)
    with page.expect_download() as download:
        page.click("[data-action=receipt]")
    taken = receipts_taken(page, bank_id)
    assert download.value.suggested_filename == (
        f"receipt_test-{bank_id}_ivanova-anna-sergeevna_{taken[:10]}-{taken[11:13]}{taken[14:16]}.json")
    receipt = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    questions = {q.id: q for q in bank.questions}
    assert receipt["version"] == 2 and receipt["language"] == "ru"
    assert receipt["attempt"]["answers"] == {q: sorted(questions[q].correct) for q in drawn}
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


def receipts_taken(page, bank_id) -> str:
    return page.evaluate(f"JSON.parse(localStorage.getItem('policy-portal:quiz:{bank_id}')).test.takenAt")


def test_a_test_needs_name_position_and_department_before_it_starts(page, staff_url):
    bank_id = sorted(BANKS)[0]
    page.goto(staff_url + f"training/{bank_id}/")
    page.check(".quiz__modes input[value=test]")
    page.fill("[data-learner=name]", "Иванова Анна Сергеевна")
    page.fill("[data-learner=department]", "хирургия")
    page.click("[data-action=start]")
    assert page.inner_text(".quiz__learner-missing") == "Чтобы начать тест, укажите: Должность."
    assert page.get_attribute("[data-learner=position]", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.dataset.learner") == "position"
    assert page.is_visible(".quiz__start") and not page.is_visible(".quiz__attempt")
    # Practice needs nothing.
    page.check(".quiz__modes input[value=practice]")
    page.click("[data-action=start]")
    assert page.is_visible(".quiz__attempt")


def test_a_kept_result_cannot_be_taken_over_by_the_next_person(page, staff_url):
    bank_id = sorted(BANKS)[0]
    _finish_test(page, staff_url, bank_id, name="Иванова Анна Сергеевна")
    digest = page.inner_text(".quiz__sheet-facts").split()[-1]
    # The next person at the same computer types her own details on the start screen.
    page.reload()
    page.click("[data-action=again]")
    page.fill("[data-learner=name]", "Петрова Ольга")
    page.click(".quiz__kept [data-action=show-passed]")
    facts = page.inner_text(".quiz__sheet-facts")
    assert "Иванова Анна Сергеевна" in facts and "Петрова" not in facts
    assert facts.split()[-1] == digest
    with page.expect_download() as download:
        page.click("[data-action=receipt]")
    receipt = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert receipt["learner"]["name"] == "Иванова Анна Сергеевна"
    assert "ivanova-anna-sergeevna" in download.value.suggested_filename


def test_a_second_tab_never_erases_a_passed_test(browser, staff_url):
    context = browser.new_context(locale="ru-RU")
    first, second = context.new_page(), context.new_page()
    bank_id = sorted(BANKS)[0]
    key = f"policy-portal:quiz:{bank_id}"
    second.goto(staff_url + f"training/{bank_id}/")  # opened before the test is passed
    _finish_test(first, staff_url, bank_id)
    passed = json.loads(first.evaluate(f"localStorage.getItem('{key}')"))["passed"]
    # The second tab's start screen followed: it offers the pass.
    second.wait_for_selector(".quiz__kept:not([hidden])")
    assert second.inner_text(".quiz__kept-text").startswith("Сохранён ваш сданный тест от ")
    _open(second, staff_url, bank_id, mode="practice", goto=False)
    # Practising there keeps the pass on every save.
    second.locator(".quiz__questions .quiz__question input").first.check()
    stored = json.loads(second.evaluate(f"localStorage.getItem('{key}')"))
    assert stored["passed"] == passed and stored["attempt"]["mode"] == "practice"
    # Even when a save happens without the other tab's storage event (a tab that slept).
    second.evaluate(f"""() => {{ const s = JSON.parse(localStorage.getItem('{key}'));
        s.passed.takenAt = '2099-01-01T00:00:00+00:00'; localStorage.setItem('{key}', JSON.stringify(s)); }}""")
    second.locator(".quiz__questions .quiz__question").nth(1).locator("input").first.check()
    assert json.loads(second.evaluate(f"localStorage.getItem('{key}')"))["passed"]["takenAt"] == "2099-01-01T00:00:00+00:00"
    first.reload()
    assert first.is_visible(".quiz__attempt")  # the practice attempt the other tab saved
    context.close()


def test_clearing_in_one_tab_empties_the_form_open_in_another(browser, staff_url):
    context = browser.new_context(locale="ru-RU")
    quiz, form = context.new_page(), context.new_page()
    form.goto(staff_url + "checklists/ac-confirmation/")
    name = form.locator("[data-field=name]")
    name.fill("Иванова Анна Сергеевна")
    quiz.goto(staff_url + f"training/{sorted(BANKS)[0]}/")
    quiz.once("dialog", lambda dialog: dialog.accept())
    quiz.click("[data-action=clear]")
    form.wait_for_function("document.querySelector('[data-field=name]').value === ''")
    form.locator("[data-field=position]").fill("санитар")  # typing on does not bring the name back
    assert json.loads(form.evaluate("localStorage.getItem('policy-portal:checklist:ac-confirmation')"))["fields"]["name"] == ""
    context.close()


def test_check_keeps_the_keyboard_focus_on_the_question(page, staff_url):
    bank_id = sorted(BANKS)[0]
    questions = {q.id: q for q in BANKS[bank_id].questions}
    _open(page, staff_url, bank_id, mode="practice")
    first = _drawn(page)[0]
    _answer(page, questions[first], list(questions[first].correct))
    page.click(f".quiz__question[data-question='{first}'] [data-action=check]")
    assert page.evaluate("document.activeElement.classList.contains('quiz__feedback')")
    assert page.evaluate("document.activeElement.closest('.quiz__question').dataset.question") == first


def test_ctrl_p_on_a_test_result_prints_the_sheet_alone(page, staff_url):
    _finish_test(page, staff_url, sorted(BANKS)[0])
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what Ctrl+P fires
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(pdf.pages) == 1
    assert "Лист результата тестирования" in pdf.pages[0].extract_text()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("document.documentElement.classList.contains('quiz-printing')")


def test_after_a_reload_the_newest_result_shows_and_the_others_are_one_click_away(page, staff_url):
    bank_id = sorted(BANKS)[0]
    questions = {q.id: q for q in BANKS[bank_id].questions}
    _finish_test(page, staff_url, bank_id)
    page.click("[data-action=again]")
    _open(page, staff_url, bank_id, goto=False)
    for question_id in _drawn(page):
        _answer(page, questions[question_id], _wrong(questions[question_id]))
    page.click("[data-action=finish]")
    assert "Тест не сдан" in page.inner_text(".quiz__verdict")
    assert page.inner_text(".quiz__next").count("Сохранён ваш сданный тест от ") == 1
    page.reload()
    assert "Тест не сдан" in page.inner_text(".quiz__verdict")  # the newest, not the older pass
    assert page.inner_text(".quiz__next").count("Сохранён ваш сданный тест от ") == 1
    page.click(".quiz__next [data-action=show-passed]")
    assert "Тест сдан" in page.inner_text(".quiz__verdict")
    others = page.locator(".quiz__others button")
    assert others.count() == 1 and others.inner_text().startswith("последний тест — не сдано, ")
    others.click()
    assert "Тест не сдан" in page.inner_text(".quiz__verdict")


@pytest.mark.parametrize("mode", ["test", "practice"])
def test_enter_on_an_answer_never_finishes_the_attempt(page, staff_url, mode):
    bank_id = sorted(BANKS)[0]
    _open(page, staff_url, bank_id, mode=mode)
    option = page.locator(".quiz__questions .quiz__question input").first
    option.check()
    option.press("Enter")
    page.locator(".quiz__questions .quiz__question").nth(1).locator("input").first.press("Enter")
    assert page.is_visible(".quiz__attempt") and not page.is_visible(".quiz__result")
    assert page.inner_text(".quiz__progress") == f"Отвечено: 1 из {BANKS[bank_id].draw_count}."
    assert page.evaluate(f"JSON.parse(localStorage.getItem('policy-portal:quiz:{bank_id}')).attempt !== null")


def test_finishing_with_unanswered_questions_asks_first(page, staff_url):
    bank_id = sorted(BANKS)[0]
    questions = {q.id: q for q in BANKS[bank_id].questions}
    _open(page, staff_url, bank_id)
    drawn = _drawn(page)
    for question_id in drawn[:-2]:
        _answer(page, questions[question_id], list(questions[question_id].correct))
    page.click("[data-action=finish]")
    assert page.is_visible(".quiz__attempt") and not page.is_visible(".quiz__result")
    assert page.inner_text(".quiz__unanswered-text") == (
        "Без ответа осталось вопросов: 2. Вопрос без ответа засчитывается как неверный.")
    assert page.evaluate("document.activeElement.classList.contains('quiz__unanswered-text')")
    count = len(drawn)
    assert page.eval_on_selector_all(".quiz__unanswered-list a", "els => els.map(e => e.innerText)") == [
        f"Вопрос {count - 1}", f"Вопрос {count}"]
    page.click("[data-action=back]")
    assert page.evaluate("document.activeElement.closest('.quiz__question').dataset.question") == drawn[-2]
    page.click("[data-action=finish]")
    page.click("[data-action=finish-anyway]")
    assert page.is_visible(".quiz__result")
    assert page.inner_text(".quiz__verdict").startswith(f"Правильных ответов: {count - 2} из {count}")


def test_check_needs_a_choice_and_reveals_nothing_without_one(page, staff_url):
    bank_id = sorted(BANKS)[0]
    _open(page, staff_url, bank_id, mode="practice")
    first = _drawn(page)[0]
    node = page.locator(f".quiz__question[data-question='{first}']")
    node.locator("[data-action=check]").click()
    assert node.locator(".quiz__check-hint").inner_text() == "Сначала выберите ответ, затем нажмите «Проверить ответ»."
    assert node.locator(".quiz__feedback").inner_text() == ""
    assert node.locator(".quiz__option-mark").all_inner_texts() == [""] * node.locator(".quiz__option").count()
    assert page.evaluate("document.activeElement.closest('.quiz__question').dataset.question") == first
    assert not node.locator("input").first.is_disabled()


def test_practice_after_a_passed_test_keeps_the_passed_result(page, staff_url):
    bank_id = sorted(BANKS)[0]
    bank = BANKS[bank_id]
    questions = {q.id: q for q in bank.questions}
    _finish_test(page, staff_url, bank_id)
    passed_digest = page.inner_text(".quiz__sheet-facts").split()[-1]
    page.click("[data-action=again]")
    assert page.inner_text(".quiz__kept-text").startswith("Сохранён ваш сданный тест от ")
    page.check(".quiz__modes input[value=practice]")
    page.click("[data-action=start]")
    for question_id in _drawn(page):
        _answer(page, questions[question_id], _wrong(questions[question_id]))
    page.click("[data-action=finish]")
    assert page.inner_text(".quiz__result-title") == "Результат тренировки"
    verdict = page.inner_text(".quiz__verdict")
    assert verdict.endswith("Это тренировка: она не засчитывается и не меняет результат теста.")
    assert "не сдан" not in verdict and not page.is_visible(".quiz__sheet")
    # The passed test is one click away, with the same sheet and receipt.
    page.click(".quiz__next [data-action=show-passed]")
    assert page.inner_text(".quiz__verdict").endswith(f"Тест сдан (нужно не менее {bank.pass_mark}%).")
    assert page.inner_text(".quiz__sheet-facts").split()[-1] == passed_digest
    with page.expect_download() as download:
        page.click("[data-action=receipt]")
    receipt = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert receipt["attempt"]["passed"] is True and receipt["attempt"]["mode"] == "test"
    page.reload()  # the newest result, the practice, comes back, with the pass one click away
    assert page.inner_text(".quiz__result-title") == "Результат тренировки"
    page.click(".quiz__next [data-action=show-passed]")
    assert page.inner_text(".quiz__sheet-facts").split()[-1] == passed_digest


def test_result_sheet_fits_a_phone(browser, staff_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    page = context.new_page()
    _finish_test(page, staff_url, sorted(BANKS)[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sheet = page.locator(".quiz__sheet").bounding_box()
    assert sheet["x"] >= 0 and sheet["x"] + sheet["width"] <= 390
    # Facts stack: each value starts at the left edge of the list, under its label.
    lefts = page.eval_on_selector_all(".quiz__sheet-facts > *", "els => els.map(e => Math.round(e.getBoundingClientRect().left))")
    assert len(set(lefts)) == 1
    context.close()


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


def test_without_javascript_the_page_says_the_test_needs_it(browser, staff_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    bank = BANKS[sorted(BANKS)[0]]
    page.goto(staff_url + f"training/{bank.id}/")
    assert page.is_visible(".quiz__nojs")
    assert "нужен JavaScript" in page.inner_text(".quiz__nojs")
    # The questions are in the data script, not in the page (it stays under 100 KiB).
    assert bank.questions[0].prompt not in page.content()
    assert not page.is_visible(".quiz__app")
    context.close()


def test_the_quiz_page_is_small_and_its_data_is_a_script_beside_it(staff_site):
    for path in ("training/anti-corruption", "kk/training/anti-corruption", "en/training/personal-data"):
        html = (staff_site / path / "index.html").read_text(encoding="utf-8")
        assert len(html.encode("utf-8")) < 100 * 1024, path
        name = re.search(r'<script src="(quiz-[a-z-]+\.[a-z]{2}\.[0-9a-f]{10}\.js)" defer></script>', html).group(1)
        script = (staff_site / path / name).read_text(encoding="utf-8")
        assert script.startswith("(window.PolicyPortal = window.PolicyPortal || {}).quizData")
        assert "<" not in script.split("] = ", 1)[1]


@pytest.mark.parametrize("state", ["start", "attempt", "unanswered", "result", "failed"])
def test_quiz_page_has_no_serious_accessibility_violations(page, staff_url, state):
    bank_id = sorted(BANKS)[0]
    if state == "start":
        page.goto(staff_url + f"training/{bank_id}/")
    elif state == "attempt":
        _open(page, staff_url, bank_id)
    elif state in ("unanswered", "failed"):
        _open(page, staff_url, bank_id)
        page.click("[data-action=finish]")
        if state == "failed":
            page.click("[data-action=finish-anyway]")
    else:
        _finish_test(page, staff_url, bank_id)
    results = Axe().run(page)
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def _russian_only(value):
    """A bank's data with every per-language text replaced by its Russian one (a one-language bank)."""
    if isinstance(value, dict):
        if value and set(value) <= {"ru", "kk", "en"} and all(isinstance(v, str) for v in value.values()):
            return value["ru"]
        return {key: _russian_only(item) for key, item in value.items() if key != "languages"}
    if isinstance(value, list):
        return [_russian_only(item) for item in value]
    return value


def test_markup_in_a_bank_stays_text(browser, tmp_path):
    # A copy of the site with one more bank whose texts contain markup.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "quizzes", project / "quizzes")
    bank = _russian_only(yaml.safe_load((ROOT / "quizzes" / BANK_FILES[0].name).read_text(encoding="utf-8")))
    bank["id"] = "markup"
    evil = "<script>window.__owned=1</script><img src=x onerror=\"window.__owned=2\">"
    bank["title"] = "Markup " + evil
    first = bank["questions"][0]
    bank["questions"], bank["draw"] = [first], {"count": 1}  # so the marked-up question is drawn
    bank["quality"] = {"max_longest_key": 100, "max_cue_pass": 100, "min_scenarios": 0}  # one question: no statistics
    bank["failed_test_review"] = "answers"
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
        page.check(".quiz__modes input[value=practice]")
        page.click("[data-action=start]")
        node = page.locator(f".quiz__question[data-question='{first['id']}']")
        assert node.locator(".quiz__prompt").inner_text() == first["prompt"]
        node.locator("input").first.check()
        node.locator("[data-action=check]").click()
        assert node.locator(".quiz__explanation").inner_text() == first["explanation"]
        assert page.locator(".quiz img").count() == 0
        assert page.evaluate("window.__owned") is None and dialogs == []
        # This bank shows the keys after a failed test too.
        page.click("[data-action=finish]")
        page.click("[data-action=again]")
        _open(page, url, "markup", goto=False)
        wrong = [o["id"] for o in first.get("options", [{"id": "true"}, {"id": "false"}])
                 if o["id"] not in (first["correct"] if "options" in first else [str(first["correct"]).lower()])][0]
        page.check(f".quiz__questions input[value='{wrong}']")
        page.click("[data-action=finish]")
        assert "Тест не сдан" in page.inner_text(".quiz__verdict")
        review = page.locator(".quiz__review .quiz__question")
        assert review.locator(".quiz__feedback-verdict").inner_text().startswith("Неверно. Правильный ответ: ")
        assert review.locator(".quiz__explanation").inner_text() == first["explanation"]
        assert review.locator(".quiz__option--correct").count() == 1
        page.close()
    finally:
        server.shutdown()


def test_keyboard_alone_takes_a_test_from_start_to_result(page, staff_url):
    bank_id = sorted(BANKS)[0]
    page.goto(staff_url + f"training/{bank_id}/")
    page.focus(".quiz__modes input[value=practice]")
    page.keyboard.press("ArrowDown")  # to "Тест"
    for value in LEARNER.values():  # name, position, department
        page.keyboard.press("Tab")
        page.keyboard.type(value)
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


def test_the_start_of_the_test_is_in_the_page_before_the_quiz_script_runs(staff_site):
    # Shown by the stylesheet once scripts run (not by quiz.js), with its numbers: nothing moves
    # after the first paint (the layout-shift test below).
    bank = BANKS[sorted(BANKS)[0]]
    html = (staff_site / "training" / bank.id / "index.html").read_text(encoding="utf-8")
    start = html.split('<section class="quiz__start"', 1)[1].split("</section>", 1)[0]
    assert (f'<p class="quiz__rules">В попытке {bank.draw_count} вопросов из {len(bank.questions)}. '
            f"Для успешной сдачи нужно не менее {bank.pass_mark}%") in start
    assert 'data-action="start"' in start and " hidden" not in start.split(">", 1)[0]


@pytest.mark.parametrize("failure", ["not loaded", "fails"])
def test_a_test_whose_script_does_not_run_says_it_cannot_run(browser, staff_url, failure):
    context = browser.new_context()
    page = context.new_page()
    if failure == "not loaded":
        page.route(re.compile(r".*/assets/javascripts/quiz\.js$"), lambda route: route.abort())
    else:  # a broken page: its strings are not JSON
        page.route(re.compile(r".*/training/anti-corruption/$"), lambda route: route.fulfill(
            response=route.fetch(), body=route.fetch().text().replace('class="quiz__strings">{', 'class="quiz__strings">{,')))
    page.goto(staff_url + "training/anti-corruption/")
    assert page.is_visible(".quiz__nojs") and not page.is_visible(".quiz__app")
    context.close()


def test_loading_the_test_page_shifts_nothing(browser, staff_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(staff_url + "training/anti-corruption/", wait_until="networkidle")
    page.wait_for_selector("[data-quiz-ready]", state="attached")
    shifts = page.evaluate("""() => new Promise(resolve => new PerformanceObserver((list, observer) => {
        observer.disconnect(); resolve(list.getEntries().map(entry => entry.value));
    }).observe({type: "layout-shift", buffered: true}) || setTimeout(() => resolve([]), 500))""")
    assert sum(shifts) < 0.01, shifts
    context.close()


def test_without_its_data_the_page_says_again_that_the_test_cannot_run(browser, staff_url):
    context = browser.new_context()
    page = context.new_page()
    page.route(re.compile(r".*/quiz-[a-z-]+\.ru\.[0-9a-f]{10}\.js$"), lambda route: route.abort())
    page.goto(staff_url + "training/anti-corruption/", wait_until="networkidle")
    assert page.is_visible(".quiz__nojs") and not page.is_visible(".quiz__app")
    context.close()
