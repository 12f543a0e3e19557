"""The familiarisation register: statuses, re-scoring, bad files, outputs, HR's view, item analysis.

Most tests run against a tiny site (``fixtures/receipts/site``: two documents, one bank with
versions 2026.1 and 2026.2, three forms) and build their receipts from the fixture receipts
in ``fixtures/receipts/v1`` and ``v2``; one test uses the real staff build.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from policy_portal import cli, register
from policy_portal import receipt as receipts

FIXTURES = Path(__file__).parent / "fixtures" / "receipts"
SITE = FIXTURES / "site"
RU = register.Text("ru")
BANK = "Ежегодный тест по Политике противодействия коррупции"
FORMS = ["Подтверждение обязательства следовать Политике", "Согласие на антикоррупционные ограничения",
         "Согласие на обработку персональных данных"]
# The right answer and a wrong one for the questions the tests draw.
KEY = {"gifts-01": ("b", "a"), "gifts-02": ("false", "true"), "conflict-01": ("c", "a"), "reporting-01": ("d", "a")}


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _hash(anchor: str) -> str:
    registry = json.loads((SITE / "clauses.json").read_text(encoding="utf-8"))
    return next(c["sha256"] for d in registry["documents"] for c in d["clauses"] if c["anchor"] == anchor)


def _quiz(*, name="Петрова Мария Ивановна", right=("gifts-01", "gifts-02", "conflict-01"), wrong=("reporting-01",),
          unanswered=(), taken_at="2026-11-20T10:15:00+06:00", **changes) -> dict:
    """A version 2 test receipt of bank version 2026.2, scored as the browser scores it."""
    data = copy.deepcopy(_fixture("v2/quiz.json"))
    questions = [*right, *wrong, *unanswered]
    answers = {q: [KEY[q][0]] for q in right} | {q: [KEY[q][1]] for q in wrong}
    correct = len(right)
    percent = register.percent_of(correct, len(questions))
    data["learner"]["name"] = name
    data["attempt"] = {**data["attempt"], "taken_at": taken_at, "questions": questions, "answers": answers,
                       "correct": correct, "total": len(questions), "percent": percent, "passed": percent >= 75}
    data["clauses"] = [{"anchor": a, "sha256": _hash(a)} for a in ("p16-2", "p14", "p27-2", "p43")]
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = data
        for parent in parents:
            target = target[parent]
        target[last] = value
    return receipts.seal({k: v for k, v in data.items() if k != "digest"})


def _form(name="Петрова Мария Ивановна", form="ac-confirmation", signed_at="2026-11-20T10:40:00+06:00", **learner) -> dict:
    data = copy.deepcopy(_fixture("v2/attestation.json"))
    data["learner"] = {**data["learner"], "name": name, **learner}
    data["form"] = {**data["form"], "id": form, "signed_at": signed_at}
    if form == "pd-consent":
        data["document"] = {"id": "personal-data", "title": "…", "number": "186-11", "date": "2010-08-13"}
        data["clauses"] = [{"anchor": "r15", "sha256": _hash("r15")}]
    return receipts.seal({k: v for k, v in data.items() if k != "digest"})


def _put(folder: Path, name: str, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _build(folder: Path, language: str = "ru") -> register.Register:
    text = register.Text(language)
    return register.build_register(folder, register.load_site(SITE, text), text)


def _rows(folder: Path, *columns: str) -> list[tuple]:
    """The register's rows, only the named columns (Russian headers)."""
    table = register.register_table(_build(folder), RU)
    indexes = [table.header.index(c) for c in columns]
    return [tuple(row[i] for i in indexes) for row in table.rows]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy_portal.cli", *args], capture_output=True, text=True,
                          check=False, timeout=60)


# --- Statuses ----------------------------------------------------------------------------


def test_each_receipt_gets_its_status_and_reason(tmp_path):
    folder = tmp_path / "receipts"
    accepted = _put(folder, "receipt_petrova.json", _quiz())
    shutil.copy(accepted, folder / "receipt_petrova (1).json")  # the browser's second download
    altered = json.dumps(_quiz(name="Сидоров Олег"), ensure_ascii=False).replace('"percent": 75', '"percent": 100')
    (folder / "receipt_sidorov.json").write_text(altered, encoding="utf-8")
    outdated = _quiz(name="Ким Алия")
    outdated["clauses"][0]["sha256"] = "0" * 64  # п. 16, пп. 2) read in another wording
    outdated["clauses"][2]["sha256"] = "1" * 64
    outdated["clauses"].append({"anchor": "p99", "sha256": "2" * 64})
    _put(folder, "receipt_kim.json", receipts.seal(outdated))
    _put(folder, "receipt_no_name.json", _quiz(name=" "))
    assert _rows(folder, "Файл", "ФИО", "Результат", "Статус", "Причина") == [
        ("receipt_kim.json", "Ким Алия", "сдан, 75%", "устаревший текст",
         "текст изменился: п. 16, пп. 2); п. 27, пп. 2); p99 (такого пункта больше нет)"),
        ("receipt_no_name.json", "", "заявлено: сдан, 75%", "отклонена", "не указаны ФИО"),
        ("receipt_petrova.json", "Петрова Мария Ивановна", "сдан, 75%", "принята", ""),
        ("receipt_petrova (1).json", "Петрова Мария Ивановна", "сдан, 75%", "повтор", "та же квитанция, что и receipt_petrova.json"),
        ("receipt_sidorov.json", "Сидоров Олег", "заявлено: сдан, 100%", "изменена",
         "цифровой отпечаток не совпадает с содержимым: файл изменён после создания"),
    ]


def test_the_register_row_of_a_test_and_of_a_form(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "a.json", _quiz())
    _put(folder, "b.json", _form())
    table = register.register_table(_build(folder), RU)
    assert table.header == ["ФИО", "Должность", "Подразделение", "Документ", "Редакция документа", "Вид", "Название",
                            "Версия", "Результат", "Дата", "Время", "Статус", "Причина", "Отмечено в форме",
                            "Отпечаток (SHA-256)", "Файл"]
    quiz, form = table.rows
    assert quiz[:12] == ["Петрова Мария Ивановна", "медицинская сестра", "хирургическое отделение",
                         "Политика противодействия коррупции", "№ 182 от 21.06.2022", "тест", BANK, "2026.2",
                         "сдан, 75%", quiz[9], "10:15", "принята"]
    assert RU.date(quiz[9]) == "20.11.2026"
    assert form[5:14] == ["форма", FORMS[0], "2026.1", "подписано", form[9], "10:40", "принята", "",
                          "Я ознакомлена с Политикой и обязуюсь её соблюдать"]
    assert quiz[14] == _quiz()["digest"]["value"]


def test_a_failed_test_is_an_accepted_receipt_but_not_a_pass(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "failed.json", _quiz(right=("gifts-01", "gifts-02"), wrong=("conflict-01",), unanswered=("reporting-01",)))
    result = _build(folder)
    assert _rows(folder, "Результат", "Статус") == [("не сдан, 50%", "принята")]
    assert register.register_summary(result, None, register.load_site(SITE, RU), RU)[:2] == [
        "Квитанций: 1 — принято 1, изменено 0, устаревший текст 0, повтор 0, отклонено 0.",
        "Тесты среди принятых: сдано 0, не сдано 1.",
    ]


def test_a_receipt_without_name_position_or_department_is_rejected(tmp_path):
    folder = tmp_path / "receipts"
    data = _form()
    data["learner"] = {"name": "", "department": "  "}
    _put(folder, "anonymous.json", receipts.seal({k: v for k, v in data.items() if k != "digest"}))
    assert _rows(folder, "Результат", "Статус", "Причина") == [
        ("заявлено: подписано", "отклонена", "не указаны ФИО; не указана должность; не указано подразделение")]


def test_a_forged_receipt_with_a_recomputed_digest_is_rejected(tmp_path):
    folder = tmp_path / "receipts"
    forged = _quiz(attempt__questions=[], attempt__answers={}, attempt__correct=4, attempt__total=4,
                   attempt__percent=100, attempt__passed=True)
    assert receipts.verify(forged)
    _put(folder, "forged.json", forged)
    assert _rows(folder, "Результат", "Статус", "Причина") == [(
        "заявлено: сдан, 100%", "отклонена",
        "неверное число вопросов: 0 вместо 4; не соблюдены квоты тем: «Подарки» — 0 вместо не меньше 2; "
        "балл не сходится с ответами: записано 4 из 4 (100%), по ответам 0 из 0 (0%); "
        "отметка о сдаче не сходится с баллом: записано «сдан» при 0% и проходном 75%")]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"attempt__correct": 4, "attempt__percent": 100},
     "балл не сходится с ответами: записано 4 из 4 (100%), по ответам 3 из 4 (75%)"),
    ({"attempt__passed": False},
     "отметка о сдаче не сходится с баллом: записано «не сдан» при 75% и проходном 75%"),
    ({"attempt__pass_mark": 50}, "проходной балл не тот: записано 50%, в версии 2026.2 — 75%"),
    ({"bank__id": "fire-safety"}, "неизвестный тест: «fire-safety»"),
    ({"bank__version": "2027.1"}, "неизвестная версия теста: 2027.1 (тест «anti-corruption»)"),
    ({"attempt__questions": ["gifts-01", "gifts-02", "conflict-01", "gifts-99"],
      "attempt__answers": {"gifts-01": ["b"], "gifts-99": ["a"]}}, "неизвестные вопросы: gifts-99"),
    ({"attempt__answers": {"gifts-01": ["e"], "gifts-02": ["false"], "conflict-01": ["c"]}},
     "неизвестные варианты ответа: gifts-01: e"),
    ({"attempt__answers": {"gifts-01": ["b", "c"]}}, "несколько ответов на вопрос с одним верным: gifts-01"),
    ({"attempt__questions": ["gifts-01", "gifts-02", "conflict-01", "conflict-02"], "attempt__answers": {"conflict-02": ["a", "a"]}},
     "варианты ответа повторяются: conflict-02"),
    ({"attempt__answers": {"gifts-01": ["b"], "conflict-02": ["a", "c"]}}, "ответы на вопросы вне попытки: conflict-02"),
    ({"attempt__questions": ["gifts-01", "gifts-02", "gifts-01", "reporting-01"], "attempt__answers": {"gifts-01": ["b"]}},
     "вопросы повторяются: gifts-01"),
    ({"attempt__questions": ["conflict-02", "gifts-02", "conflict-01", "reporting-01"],
      "attempt__answers": {"gifts-02": ["false"], "conflict-01": ["c"], "reporting-01": ["d"]}},
     "не соблюдены квоты тем: «Подарки» — 1 вместо не меньше 2"),
    ({"attempt__mode": "practice"}, "попытка не в режиме теста: режим «practice»"),
    ({"attempt__taken_at": "вчера"}, "дата не распознана: «вчера»"),
    ({"document__id": "personal-data"},
     "тест другого документа: тест «anti-corruption» — к документу «anti-corruption», квитанция — к «personal-data»"),
    ({"document__id": "fire-safety"}, "неизвестный документ: «fire-safety»; тест другого документа: тест «anti-corruption» "
                                      "— к документу «anti-corruption», квитанция — к «fire-safety»"),
], ids=["score", "verdict", "pass-mark", "bank", "version", "question", "option", "two-answers", "repeated-option",
        "foreign-answer", "repeated-question", "quota", "practice", "date", "other-document", "unknown-document"])
def test_a_test_receipt_that_the_answers_do_not_bear_out_is_rejected(tmp_path, changes, reason):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _quiz(**changes))
    assert _rows(folder, "Статус", "Причина") == [("отклонена", reason)]


def test_fewer_questions_than_the_draw_is_rejected_and_rescored(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _quiz(right=("gifts-01", "gifts-02", "conflict-01"), wrong=()))
    assert _rows(folder, "Статус", "Причина") == [("отклонена", "неверное число вопросов: 3 вместо 4")]
    _put(folder, "r.json", _quiz(right=("gifts-01", "gifts-02", "conflict-01"), wrong=(), attempt__total=4,
                                 attempt__percent=75))
    assert _rows(folder, "Причина") == [(
        "неверное число вопросов: 3 вместо 4; балл не сходится с ответами: записано 3 из 4 (75%), по ответам 3 из 3 (100%)",)]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"form": "ac-unknown"}, "неизвестная форма: «ac-unknown»"),
    ({"confirmed": []}, "в форме ничего не отмечено"),
    ({"document": "personal-data"},
     "форма другого документа: форма «ac-confirmation» — к документу «anti-corruption», квитанция — к «personal-data»"),
])
def test_a_form_receipt_for_an_unknown_form_or_with_nothing_ticked_is_rejected(tmp_path, changes, reason):
    data = _form(form=changes.get("form", "ac-confirmation"))
    if "confirmed" in changes:
        data["form"]["confirmed"] = changes["confirmed"]
    if "document" in changes:
        data["document"]["id"] = changes["document"]
        data["clauses"] = [{"anchor": "r15", "sha256": _hash("r15")}]
    _put(tmp_path / "receipts", "f.json", receipts.seal({k: v for k, v in data.items() if k != "digest"}))
    assert _rows(tmp_path / "receipts", "Статус", "Причина") == [("отклонена", reason)]


def test_version_1_receipts_are_registered_with_what_can_be_checked(tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    shutil.copy(FIXTURES / "v1" / "quiz.json", folder / "quiz.json")
    shutil.copy(FIXTURES / "v1" / "attestation.json", folder / "attestation.json")
    inconsistent = _fixture("v1/quiz.json")
    inconsistent["attempt"]["correct"] = 3  # 3 of 4 is not 100%
    inconsistent["learner"]["name"] = "Жумабаев Ерлан"
    _put(folder, "quiz-inconsistent.json", receipts.seal({k: v for k, v in inconsistent.items() if k != "digest"}))
    unknown = _fixture("v1/quiz.json")
    unknown["attempt"]["questions"][0] = "reporting-02"  # only in version 2026.2
    _put(folder, "quiz-unknown-question.json", receipts.seal({k: v for k, v in unknown.items() if k != "digest"}))
    assert _rows(folder, "Файл", "Версия", "Результат", "Статус", "Причина") == [
        ("attestation.json", "2026.1", "подписано", "принята", ""),
        ("quiz.json", "2026.1", "сдан, 100%", "принята", "ответы не записаны (квитанция версии 1): балл не пересчитан"),
        ("quiz-inconsistent.json", "2026.1", "заявлено: сдан, 100%", "отклонена",
         "балл не сходится сам с собой: записано 3 из 4 (100%)"),
        ("quiz-unknown-question.json", "2026.1", "заявлено: сдан, 100%", "отклонена", "неизвестные вопросы: reporting-02"),
    ]


def test_the_fixture_receipts_are_what_the_browser_writes(tmp_path):
    """The v2 fixtures are accepted as they are: the shape the tests build on is a real one."""
    folder = tmp_path / "receipts"
    folder.mkdir()
    for name in ("quiz.json", "attestation.json"):
        shutil.copy(FIXTURES / "v2" / name, folder / name)
    assert _rows(folder, "Файл", "Результат", "Статус", "Причина") == [
        ("attestation.json", "подписано", "принята", ""), ("quiz.json", "сдан, 75%", "принята", "")]


# --- Bad files ---------------------------------------------------------------------------


def test_every_bad_file_is_one_line_and_the_rest_is_processed(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "good.json", _quiz())
    _put(folder / "from-usb", "good-form.json", _form())  # subfolders are searched
    for bad in sorted((FIXTURES / "bad").iterdir()):
        shutil.copy(bad, folder / bad.name)
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "big.json").write_bytes(b" " * (1024 * 1024 + 1))
    (folder / "folder.json").mkdir()
    os.mkfifo(folder / "pipe.json")
    (folder / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (folder / "link-to-folder.json").symlink_to(tmp_path)
    (folder / "._good.json").write_bytes(b"\x00\x05\x16\x07")  # macOS metadata on a USB stick: not read
    (folder / "notes.txt").write_text("not a receipt", encoding="utf-8")
    out = tmp_path / "register.csv"
    result = _run("register", str(folder), "--site", str(SITE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"policy-portal: {folder}/{line}" for line in (
        "answers-are-a-list.json: attempt.answers: ожидается объект, получено список",
        "big.json: больше 1 МБ (1048577 байт): квитанция весит несколько килобайт",
        "dangling.json: ссылка ведёт к файлу, которого нет",
        "deep.json: вложенность глубже 64 уровней",
        "folder.json: это папка, а не файл квитанции",
        "link-to-folder.json: ссылка ведёт на папку, а не на файл",
        "lone-surrogate.json: недопустимый символ в строке (одиночная половина суррогатной пары)",
        "name-is-a-number.json: learner.name: ожидается строка, получено целое число",
        "not-a-receipt.json: не квитанция портала (ожидается \"format\": \"policy-portal/receipt\")",
        "not-json.json: не JSON (строка 1, столбец 36)",
        "not-utf8.json: не в кодировке UTF-8 (байт 106)",
        "pipe.json: не обычный файл (канал, устройство или сокет)",
    )]
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [(row[-1], row[11]) for row in rows[1:]] == [("good.json", "принята"), ("from-usb/good-form.json", "принята")]
    assert "Пропущено файлов: 12 (причины — выше)." in result.stdout.splitlines()


@pytest.mark.parametrize(("content", "message"), [
    ('{"format": "policy-portal/receipt", "version": 3, "kind": "quiz"}', "version: ожидается 1 или 2, получено 3"),
    ('{"format": "policy-portal/receipt", "version": 2, "kind": "poll"}', "kind: ожидается «quiz» или «attestation», получено \"poll\""),
    ('{"format": "policy-portal/receipt", "format": "x"}', "ключ повторяется: «format»"),
    ('{"format": "policy-portal/receipt", "version": NaN}', "не JSON: недопустимое значение (NaN, Infinity или слишком длинное число)"),
    ("[]", "не квитанция портала (ожидается \"format\": \"policy-portal/receipt\")"),
])
def test_a_file_that_is_not_a_receipt_says_why(tmp_path, content, message):
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(register.Skipped) as error:
        register.read_receipt(path, RU)
    assert str(error.value) == message


@pytest.mark.parametrize(("where", "value", "message"), [
    (("attempt", "answers", "gifts-01"), "b", "attempt.answers.gifts-01: ожидается список, получено строка"),
    (("attempt", "correct"), 3.0, "attempt.correct: ожидается целое число, получено дробное число"),
    (("attempt", "passed"), 1, "attempt.passed: ожидается true или false, получено целое число"),
    (("attempt", "questions", 0), None, "attempt.questions[0]: ожидается строка, получено null"),
    (("clauses", 0), "p14", "clauses[0]: ожидается объект, получено строка"),
    (("learner",), ["Петрова"], "learner: ожидается объект, получено список"),
])
def test_a_receipt_with_a_wrong_type_anywhere_is_skipped(tmp_path, where, value, message):
    data = _quiz()
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    path = _put(tmp_path, "r.json", data)
    with pytest.raises(register.Skipped) as error:
        register.read_receipt(path, RU)
    assert str(error.value) == message


def test_a_version_2_test_receipt_without_answers_is_skipped(tmp_path):
    data = _quiz()
    del data["attempt"]["answers"]
    with pytest.raises(register.Skipped) as error:
        register.read_receipt(_put(tmp_path, "r.json", data), RU)
    assert str(error.value) == "attempt.answers: поле отсутствует"


# --- Outputs -----------------------------------------------------------------------------


def test_csv_has_a_bom_semicolons_and_no_formulas(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _form(name='=HYPERLINK("http://x","Петрова")', position="+7 701", department="@SUM(1)"))
    out = tmp_path / "register.csv"
    assert cli.main(["register", str(folder), "--site", str(SITE), "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3:].decode("utf-8").split("\r\n")
    assert lines[0] == ("ФИО;Должность;Подразделение;Документ;Редакция документа;Вид;Название;Версия;Результат;Дата;"
                        "Время;Статус;Причина;Отмечено в форме;Отпечаток (SHA-256);Файл")
    row = next(csv.reader([lines[1]], delimiter=";"))
    assert row[:3] == ["'=HYPERLINK(\"http://x\",\"Петрова\")", "'+7 701", "'@SUM(1)"]
    assert row[9:12] == ["20.11.2026", "10:40", "принята"]


def test_xlsx_neutralises_formulas_and_lists_skipped_files(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _form(name="=1+2", position="-медсестра", department="@хирургия"))
    (folder / "broken.json").write_text("{", encoding="utf-8")
    out = tmp_path / "register.xlsx"
    assert cli.main(["register", str(folder), "--site", str(SITE), "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Реестр", "Ошибки"]
    sheet = book["Реестр"]
    assert [c.value for c in sheet[2][:3]] == ["'=1+2", "'-медсестра", "'@хирургия"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("B2", "A1:P2")
    assert sheet["J2"].number_format == "DD.MM.YYYY"
    assert [[c.value for c in row] for row in book["Ошибки"].iter_rows()] == [
        ["Файл", "Почему пропущен"], ["broken.json", "не JSON (строка 1, столбец 2)"]]


def test_odd_file_names_control_characters_and_long_texts_still_make_valid_files(tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    data = _form(name="Петрова\x01Мария", position="м" * 40_000)
    with open(os.fsencode(folder) + b"/\xff.json", "wb") as handle:  # not UTF-8: as a Windows share may give it
        handle.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    out = tmp_path / "register.xlsx"
    assert cli.main(["register", str(folder), "--site", str(SITE), "--out", str(out)]) == 0
    row = [c.value for c in load_workbook(out)["Реестр"][2]]
    assert (row[0], len(row[1]), row[1][-1], row[-1]) == ("Петрова\ufffdМария", 32766, "…", "\ufffd.json")
    assert cli.main(["register", str(folder), "--site", str(SITE), "--out", str(tmp_path / "register.csv")]) == 0
    assert (tmp_path / "register.csv").read_text(encoding="utf-8-sig").splitlines()[1].endswith(";\ufffd.json")


def test_english_register_and_comma_delimiter(tmp_path, capsys):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _quiz(right=("gifts-01",), wrong=("gifts-02", "conflict-01", "reporting-01")))
    _put(folder, "n.json", _quiz(name=""))
    out = tmp_path / "register.csv"
    assert cli.main(["register", str(folder), "--site", str(SITE), "--out", str(out), "--lang", "en"]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][:13] == ["Name", "Position", "Department", "Document", "Document edition", "Kind", "Title", "Version",
                            "Result", "Date", "Time", "Status", "Reason"]
    assert [row[8:13] for row in rows[1:]] == [
        ["claimed: passed, 75%", "2026-11-20", "10:15", "rejected", "no name"],
        ["failed, 25%", "2026-11-20", "10:15", "accepted", ""],
    ]
    assert rows[1][4] == "No. 182 of 2022-06-21"
    assert capsys.readouterr().out.splitlines() == [
        "Receipts: 2 — accepted 1, altered 0, outdated text 0, duplicate 0, rejected 1.",
        "Accepted tests: passed 0, failed 1.",
        "Rejected: no name — 1.",
        f"Written: {out}",
    ]


def test_delimiter_can_be_chosen(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _form())
    out = tmp_path / "register.csv"
    assert cli.main(["register", str(folder), "--site", str(SITE), "--out", str(out), "--delimiter", "tab"]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("ФИО\tДолжность\tПодразделение\t")


def test_a_failing_writer_leaves_no_file_and_keeps_the_previous_one(tmp_path, monkeypatch):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _form())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "register.xlsx"

    def half_then_fail(tables, handle, text):
        handle.write(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(register, "write_xlsx", half_then_fail)
    with pytest.raises(RuntimeError):
        cli.main(["register", str(folder), "--site", str(SITE), "--out", str(out)])
    assert list(out_dir.iterdir()) == []
    out.write_bytes(b"last year's register")
    with pytest.raises(RuntimeError):
        cli.main(["register", str(folder), "--site", str(SITE), "--out", str(out), "--force"])
    assert [p.name for p in out_dir.iterdir()] == ["register.xlsx"]
    assert out.read_bytes() == b"last year's register"


def test_output_mistakes_are_one_russian_line_and_exit_code_2(tmp_path, capsys):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _form())
    existing = tmp_path / "register.xlsx"
    existing.write_bytes(b"old")
    cases = [
        (["--out", str(folder / "register.xlsx")],
         f"{folder}/register.xlsx: реестр не записывается в папку с квитанциями: в ней должны лежать только присланные "
         f"файлы, иначе реестр легко принять за квитанцию или потерять при следующем сборе — укажите --out вне папки {folder}"),
        (["--out", str(tmp_path / "2026" / "register.xlsx")],
         f"{tmp_path}/2026/register.xlsx: папки {tmp_path}/2026 нет — создайте её или укажите --out в существующей папке"),
        (["--out", str(existing)],
         f"{existing}: файл уже есть и не будет перезаписан — укажите другое имя или добавьте --force, чтобы заменить его"),
        (["--out", str(tmp_path / "register.txt")],
         f"{tmp_path}/register.txt: реестр записывается в файл .xlsx (Excel) или .csv — укажите --out с одним из этих расширений"),
        (["--site", str(tmp_path)],
         f"{tmp_path}/clauses.json: нет реестра пунктов — укажите собранный сайт (--site, по умолчанию site) или соберите его: make site"),
        (["--delimiter", ";;"], "--delimiter: ожидается один символ, например ; или , (получено ';;')"),
        (["--out", str(tmp_path)], f"{tmp_path}: это папка — укажите имя файла, например {tmp_path}/register.xlsx"),
    ]
    for args, message in cases:
        full = ["register", str(folder), "--site", str(SITE), "--out", str(tmp_path / "new.xlsx"), *args]
        assert cli.main(full) == 2
        captured = capsys.readouterr()
        assert (captured.out, captured.err) == ("", f"policy-portal: {message}\n")
    assert existing.read_bytes() == b"old"
    assert cli.main(["register", str(folder), "--site", str(SITE), "--out", str(existing), "--force"]) == 0
    assert load_workbook(existing).sheetnames == ["Реестр", "Ошибки"]


def test_missing_receipts_folder_and_bad_arguments(tmp_path, capsys):
    assert cli.main(["register", str(tmp_path / "nowhere"), "--site", str(SITE)]) == 2
    assert capsys.readouterr().err == (f"policy-portal: {tmp_path}/nowhere: папки нет — укажите папку, в которую "
                                       "сложены квитанции\n")
    assert cli.main(["register"]) == 2
    assert capsys.readouterr().err == ("policy-portal: не указаны обязательные аргументы: КВИТАНЦИИ "
                                       "(справка: policy-portal register --help)\n")
    assert cli.main(["register", "r/", "--bogus"]) == 2
    assert capsys.readouterr().err == "policy-portal: непонятные аргументы: --bogus (справка: policy-portal --help)\n"
    assert cli.main(["register", "--lang", "kk"]) == 2
    assert capsys.readouterr().err == ("policy-portal: міндетті аргументтер көрсетілмеген: КВИТАНЦИИ "
                                       "(анықтама: policy-portal register --help)\n")


def test_help_is_in_russian(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["register", "--help"])
    assert exit.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.startswith("использование: policy-portal register")
    assert "\nаргументы:\n" in help_text and "\nпараметры:\n" in help_text
    assert "показать эту справку и выйти" in help_text
    assert "usage" not in help_text and "options:" not in help_text


def test_a_site_without_training_json_is_explained(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(SITE / "clauses.json", site / "clauses.json")
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _form())
    assert cli.main(["register", str(folder), "--site", str(site), "--out", str(tmp_path / "r.xlsx"), "--lang", "kk"]) == 2
    assert capsys.readouterr().err == (f"policy-portal: {site}/training.json: тесттер мен нысандардың сипаттамасы жоқ — "
                                       "қызметкерлерге арналған сайтты жинаңыз (make site): жалпыға арналған жинақта ол жоқ\n")


def test_every_language_has_every_string_with_the_same_fields():
    import string

    def fields(template):
        return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)

    russian = register.STRINGS["ru"]
    for language in register.LANGUAGES:
        strings = register.STRINGS[language]
        assert strings.keys() == russian.keys(), language
        assert {k: fields(v) for k, v in strings.items()} == {k: fields(v) for k, v in russian.items()}, language
        for key, template in strings.items():
            if key.startswith("reason.") and ": " in template:
                assert "{" not in template.split(": ", 1)[0], (language, key)


# --- HR's view ---------------------------------------------------------------------------


STAFF = """\
ФИО;Должность;Подразделение
Петрова Мария Ивановна;медицинская сестра;хирургическое отделение
Сидоров Олег Петрович;врач-хирург;хирургическое отделение
Семёнова Алия;регистратор;приёмное отделение

Ким Виктор;санитар;терапевтическое отделение
"""


@pytest.fixture
def staff_folder(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "petrova-test.json", _quiz())
    _put(folder, "petrova-confirmation.json", _form())
    outdated = _form(form="ac-consent", signed_at="2025-01-15T09:00:00+06:00")
    outdated["clauses"][0]["sha256"] = "0" * 64
    _put(folder, "petrova-consent.json", receipts.seal({k: v for k, v in outdated.items() if k != "digest"}))
    _put(folder, "sidorov-test.json", _quiz(name="Сидоров  Олег Петрович", right=("gifts-01",),
                                            wrong=("gifts-02", "conflict-01", "reporting-01")))
    _put(folder, "sidorov-forged.json", _quiz(name="Сидоров Олег Петрович", attempt__percent=100))
    _put(folder, "semenova-test.json", _quiz(name=" семенова   АЛИЯ ", taken_at="2026-11-21T08:00:00+06:00"))
    _put(folder, "semenova-pd.json", _form(name="Семёнова Алия", form="pd-consent", signed_at="2026-11-21T08:30:00+06:00"))
    _put(folder, "akhmetov.json", _quiz(name="Ахметов Ержан", learner__position="водитель", learner__department="гараж"))
    return folder


def test_staff_view_one_row_per_employee(staff_folder, tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8-sig")
    employees = register.read_staff(staff, RU)
    site = register.load_site(SITE, RU)
    result = register.build_register(staff_folder, site, RU)
    table = register.staff_table(register.staff_view(result.entries, employees, site, RU), site, RU)
    assert table.header == ["ФИО", "Должность", "Подразделение", "Итог", f"Тест: {BANK}", *FORMS, "Не выполнено", "Замечания"]
    test, confirmation, consent, pd = f"Тест: {BANK}", *FORMS
    assert table.rows == [
        ["Петрова Мария Ивановна", "медицинская сестра", "хирургическое отделение", "не выполнено",
         "сдан, 20.11.2026", "подписано, 20.11.2026", "устаревший текст, 15.01.2025", "нет", f"{consent}; {pd}", ""],
        ["Сидоров Олег Петрович", "врач-хирург", "хирургическое отделение", "не выполнено",
         "не сдан, 20.11.2026", "нет", "нет", "нет", f"{test}; {confirmation}; {consent}; {pd}",
         "не приняты квитанции: 1 (см. реестр)"],
        ["Семёнова Алия", "регистратор", "приёмное отделение", "не выполнено",
         "сдан, 21.11.2026", "нет", "нет", "подписано, 21.11.2026", f"{confirmation}; {consent}", ""],
        ["Ким Виктор", "санитар", "терапевтическое отделение", "не выполнено",
         "нет", "нет", "нет", "нет", f"{test}; {confirmation}; {consent}; {pd}", ""],
        ["Ахметов Ержан", "водитель", "гараж", "не выполнено",
         "сдан, 20.11.2026", "нет", "нет", "нет", f"{confirmation}; {consent}; {pd}", "нет в списке сотрудников"],
    ]
    assert register.register_summary(result, register.staff_view(result.entries, employees, site, RU), site, RU) == [
        "Квитанций: 8 — принято 6, изменено 0, устаревший текст 1, повтор 0, отклонено 1.",
        "Тесты среди принятых: сдано 3, не сдано 1.",
        "Отклонены: балл не сходится с ответами — 1.",
        "Сотрудников в списке: 4; нет в списке, но прислали квитанции: 1.",
        f"  {test}: сдали 2, не сдали 1, устаревший текст 0, нет 1",
        f"  {confirmation}: подписали 1, устаревший текст 0, нет 3",
        f"  {consent}: подписали 0, устаревший текст 1, нет 3",
        f"  {pd}: подписали 1, устаревший текст 0, нет 3",
    ]


def test_staff_list_in_windows_1251_with_commas_and_a_done_employee(tmp_path):
    folder = tmp_path / "receipts"
    _put(folder, "t.json", _quiz(name="Ким Виктор"))
    for form in ("ac-confirmation", "ac-consent", "pd-consent"):
        _put(folder, f"{form}.json", _form(name="Ким Виктор", form=form))
    staff = tmp_path / "staff.csv"
    staff.write_bytes("Ф.И.О.,Должность,Подразделение\r\nКим Виктор,санитар,\"терапия, 2 этаж\"\r\n".encode("cp1251"))
    out = tmp_path / "register.csv"
    assert cli.main(["register", str(folder), "--site", str(SITE), "--staff", str(staff), "--out", str(out)]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "register-staff.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Ким Виктор", "санитар", "терапия, 2 этаж", "выполнено", "сдан, 20.11.2026",
                       "подписано, 20.11.2026", "подписано, 20.11.2026", "подписано, 20.11.2026", "", ""]


def test_staff_view_in_the_workbook_and_its_summary(staff_folder, tmp_path, capsys):
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF.replace(";", ","), encoding="utf-8")
    out = tmp_path / "register.xlsx"
    assert cli.main(["register", str(staff_folder), "--site", str(SITE), "--staff", str(staff), "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Реестр", "Сотрудники", "Ошибки"]
    sheet = book["Сотрудники"]
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("B2", "A1:J6")
    assert [c.value for c in sheet["E"]][1:] == ["сдан, 20.11.2026", "не сдан, 20.11.2026", "сдан, 21.11.2026", "нет",
                                                 "сдан, 20.11.2026"]
    assert sheet["E5"].fill.fgColor.rgb == "00FFC7CE"  # missing: red, like Excel's "Bad"
    assert capsys.readouterr().out.splitlines()[-1] == f"Записано: {out}"


def test_a_staff_list_without_a_name_column_is_explained(tmp_path, capsys):
    folder = tmp_path / "receipts"
    _put(folder, "r.json", _form())
    staff = tmp_path / "staff.csv"
    staff.write_text("Сотрудники отделения;;\nПетрова;;\n", encoding="utf-8")
    assert cli.main(["register", str(folder), "--site", str(SITE), "--staff", str(staff), "--out", str(tmp_path / "r.xlsx")]) == 2
    assert capsys.readouterr().err == (f"policy-portal: {staff}: в первой строке нет столбца «ФИО» — ожидаются заголовки "
                                       "ФИО; должность; подразделение\n")


def test_tab_and_carriage_return_are_neutralised_too():
    assert [register.neutralise(v) for v in ("\tx", "\rx", "x=1", "", 5, None)] == ["'\tx", "'\rx", "x=1", "", 5, None]


def test_names_match_whatever_the_case_spaces_or_yo():
    assert register.normalise_name("  Семёнова   АЛИЯ\u00a0Ивановна ") == register.normalise_name("семенова алия ивановна")


# --- Item analysis -----------------------------------------------------------------------


def test_item_analysis_on_a_hand_computed_example(tmp_path, capsys):
    """Six attempts of the same four questions (1 = answered correctly):

    attempt  gifts-01 gifts-02 conflict-01 reporting-01
    1        1        1        1           1
    2        1        1        1           0
    3        1        1        0           0
    4        1        0        0           0
    5        1        1        0           1
    6        1        0        1           0

    gifts-02: x = 1 1 1 0 1 0, rest = 3 2 1 1 2 2 (of 3): Sxy = 2/3, Sxx = 4/3, Syy = 17/6,
    r = (2/3) / sqrt(4/3 · 17/6) = 2/sqrt(34) = 0.343. reporting-01 gives the same r; conflict-01
    x = 1 1 0 0 0 1, rest = 3 2 2 1 3 1: Sxy = 0. gifts-01 is always right: no r.
    """
    folder = tmp_path / "receipts"
    order = ("gifts-01", "gifts-02", "conflict-01", "reporting-01")
    for n, pattern in enumerate(("1111", "1110", "1100", "1000", "1101", "1010"), start=1):
        right = tuple(q for q, bit in zip(order, pattern) if bit == "1")
        wrong = tuple(q for q, bit in zip(order, pattern) if bit == "0")
        _put(folder, f"{n}.json", _quiz(name=f"Сотрудник {n}", right=right, wrong=wrong))
    _put(folder, "7-rejected.json", _quiz(name="Сотрудник 7", attempt__percent=100))  # not counted
    shutil.copy(FIXTURES / "v1" / "quiz.json", folder / "8-v1.json")  # no answers: not counted
    site = register.load_site(SITE, RU)
    rows, attempts = register.item_analysis(register.build_register(folder, site, RU).entries, site, RU)
    assert attempts == 6
    assert [(r.question, r.topic, r.cites, r.drawn, r.correct, r.facility, r.discrimination, r.flag) for r in rows] == [
        ("gifts-01", "Подарки", ("п. 16, пп. 2)",), 6, 6, 100.0, None, "переписать вопрос: все ответили верно"),
        ("gifts-02", "Подарки", ("п. 14",), 6, 4, 66.7, 34.3, ""),
        ("conflict-01", "Конфликт интересов", ("п. 27, пп. 2)",), 6, 3, 50.0, 0.0,
         "переписать вопрос: не отличает знающих (индекс дискриминации ≤ 0)"),
        ("conflict-02", "Конфликт интересов", ("п. 27, пп. 2)",), 0, 0, None, None, "мало данных: показан 0 раз, нужно не меньше 5"),
        ("reporting-01", "Сообщения о коррупции", ("п. 43",), 6, 2, 33.3, 34.3, ""),
        ("reporting-02", "Сообщения о коррупции", ("п. 43", "п. 14"), 0, 0, None, None,
         "мало данных: показан 0 раз, нужно не меньше 5"),
    ]
    out = tmp_path / "analysis.csv"
    assert cli.main(["analysis", str(folder), "--site", str(SITE), "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ("Тест;Версия;Вопрос;Тема;Пункты;Показан, раз;Ответили верно;Индекс лёгкости, % верных;"
                        "Индекс дискриминации, % (корреляция с остальным тестом);Замечание")
    assert lines[2] == f"{BANK};2026.2;gifts-02;Подарки;п. 14;6;4;66,7;34,3;"
    assert lines[3] == (f"{BANK};2026.2;conflict-01;Конфликт интересов;п. 27, пп. 2);6;3;50,0;0,0;"
                        "переписать вопрос: не отличает знающих (индекс дискриминации ≤ 0)")
    assert capsys.readouterr().out.splitlines() == [
        "Попыток теста учтено: 6; вопросов: 6, из них переписать: 2.", f"Записано: {out}"]
    workbook = tmp_path / "analysis.xlsx"
    assert cli.main(["analysis", str(folder), "--site", str(SITE), "--out", str(workbook)]) == 0
    sheet = load_workbook(workbook)["Анализ вопросов"]
    assert [c.value for c in sheet[3]] == [BANK, "2026.2", "gifts-02", "Подарки", "п. 14", 6, 4, 66.7, 34.3, None]


def test_percent_rounds_half_up_like_the_browser():
    assert [register.percent_of(c, t) for c, t in ((17, 20), (1, 8), (1, 3), (2, 3), (0, 0), (4, 4))] == [85, 13, 33, 67, 0, 100]


# --- The real staff build ----------------------------------------------------------------


def test_a_receipt_of_the_real_banks_current_version_is_accepted(staff_site, tmp_path):
    """Receipts made from the built site's own training.json and clauses.json, as the browser would."""
    training = json.loads((staff_site / "training.json").read_text(encoding="utf-8"))
    registry = json.loads((staff_site / "clauses.json").read_text(encoding="utf-8"))
    bank_id, bank = "anti-corruption", training["banks"]["anti-corruption"]
    version = bank["versions"][bank["current"]]
    questions = []
    for topic, quota in version["quotas"].items():
        questions += [qid for qid, q in version["questions"].items() if q["topic"] == topic][:quota]
    questions += [qid for qid in version["questions"] if qid not in questions][: version["draw_count"] - len(questions)]
    document = next(d for d in registry["documents"] if d["id"] == bank["document"])
    hashes = {c["anchor"]: c["sha256"] for c in document["clauses"]}
    cited = dict.fromkeys(a for qid in questions for a in version["questions"][qid]["cites"])
    folder = tmp_path / "receipts"
    for name, answers in (("Петрова Мария", {q: version["questions"][q]["correct"] for q in questions}), ("Ким Алия", {})):
        correct = sum(bool(answers.get(q)) for q in questions)
        percent = register.percent_of(correct, len(questions))
        _put(folder, f"{name}.json", receipts.seal({
            "format": receipts.FORMAT, "version": 2, "kind": "quiz", "language": "ru",
            "learner": {"name": name, "position": "медицинская сестра", "department": "хирургия"},
            "document": {"id": document["id"], "title": document["title"], "number": document["number"], "date": document["date"]},
            "bank": {"id": bank_id, "version": bank["current"]},
            "attempt": {"mode": "test", "taken_at": "2026-11-20T10:15:00+06:00", "questions": questions, "answers": answers,
                        "correct": correct, "total": len(questions), "percent": percent,
                        "pass_mark": version["pass_mark"], "passed": percent >= version["pass_mark"]},
            "clauses": [{"anchor": a, "sha256": hashes[a]} for a in cited],
        }))
    out = tmp_path / "register.csv"
    result = _run("register", str(folder), "--site", str(staff_site), "--out", str(out))
    assert (result.returncode, result.stderr) == (0, "")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [(row[0], row[8], row[11], row[12]) for row in rows[1:]] == [
        ("Ким Алия", "не сдан, 0%", "принята", ""), ("Петрова Мария", "сдан, 100%", "принята", "")]


def test_receipts_made_by_the_first_release_still_register(staff_site, tmp_path):
    """Receipts saved by the portal's first release (commit 6b23eb9), as its browser code wrote them."""
    text = register.Text("ru")
    folder = FIXTURES / "first-release"
    table = register.register_table(register.build_register(folder, register.load_site(staff_site, text), text), text)
    columns = [table.header.index(c) for c in ("ФИО", "Название", "Версия", "Результат", "Статус", "Причина")]
    assert [tuple(row[i] for i in columns) for row in table.rows] == [
        ("Сидоров Иван", "Ежегодное обучение и тестирование по Политике противодействия коррупции", "2026.1",
         "сдан, 100%", "принята", "ответы не записаны (квитанция версии 1): балл не пересчитан"),
        ("Сидоров Иван", "Подтверждение обязательства следовать Политике (приложение 2)", "2026.1", "подписано",
         "принята", "квитанция версии 1: не указано подразделение (тогда это не требовалось)"),
        ("Сидоров Иван", "Ежегодное обучение по защите персональных данных муниципальных служащих", "2026.1",
         "сдан, 100%", "принята", "квитанция версии 1: не указана должность (тогда это не требовалось); "
         "квитанция версии 1: не указано подразделение (тогда это не требовалось); "
         "ответы не записаны (квитанция версии 1): балл не пересчитан"),
    ]


def test_a_version_2_receipt_without_position_is_rejected(tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    receipt = _fixture("v2/attestation.json")
    receipt["learner"]["position"] = ""
    _put(folder, "r.json", receipts.seal({k: v for k, v in receipt.items() if k != "digest"}))
    assert _rows(folder, "Статус", "Причина") == [("отклонена", "не указана должность")]


def test_a_copy_of_a_rejected_receipt_stays_rejected(tmp_path):
    folder = tmp_path / "receipts"
    folder.mkdir()
    receipt = _fixture("v2/attestation.json")
    receipt["learner"]["name"] = ""
    sealed = receipts.seal({k: v for k, v in receipt.items() if k != "digest"})
    _put(folder, "r.json", sealed)
    _put(folder, "r (1).json", sealed)
    assert _rows(folder, "Файл", "Статус", "Причина") == [
        ("r.json", "отклонена", "не указаны ФИО"), ("r (1).json", "отклонена", "не указаны ФИО")]


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_a_test_taken_on_the_kazakh_or_english_page_is_registered_like_the_russian_one(tmp_path, language):
    _put(tmp_path / "receipts", "a.json", _quiz(language=language))
    assert _rows(tmp_path / "receipts", "ФИО", "Результат", "Статус") == [("Петрова Мария Ивановна", "сдан, 75%", "принята")]


def test_a_receipt_in_a_language_the_portal_does_not_have_is_skipped(tmp_path):
    path = _put(tmp_path, "r.json", _quiz(language="de"))
    with pytest.raises(register.Skipped) as error:
        register.read_receipt(path, RU)
    assert str(error.value) == ('language: ожидается ru, kk или en (язык страницы, на которой заполнена квитанция), '
                                'получено "de"')
