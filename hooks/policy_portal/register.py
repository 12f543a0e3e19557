"""The familiarisation register: receipts collected from staff, checked, as a workbook or CSV.

A receipt (``receipt.py``) is what the browser saves after a test or a signed form. Nothing
but the browser made it, so anyone can make one: the register checks what can be checked.

* The digest must match the contents, else the receipt is *altered*.
* A test is scored again from the recorded answers against the bank version's answer key in
  the built site's ``training.json``; an unknown bank, version, question or option, a draw
  the bank could not have made, a score, pass mark or verdict that is not what the answers
  give, a practice attempt, a missing name: *rejected*, with the reason.
* Every clause hash must match the site's ``clauses.json``, else *outdated text*: the
  attempt or form was made against another wording, named by citation («п. 14, пп. 7)»).
* The same receipt handed in twice is a *duplicate*.
* A file that is not a readable receipt (not UTF-8, not JSON, wrong types, too big, too
  deep, a folder, a pipe, a broken link) is one line on stderr and is left out; the rest is
  still processed.

Version 1 receipts (the first release) do not record answers: they are checked for all the
rest and say that their score could not be recomputed.

With a staff list, HR's view: one row per employee, per task (each bank's test, each form)
done, failed, outdated or missing. ``item_analysis`` gives Moodle-style question statistics.
Every text a person reads is in ``STRINGS``, in Russian, Kazakh and English.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import stat
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Callable

from . import receipt as receipts
from .registry import FILENAME as REGISTRY_FILENAME

# training_record.FILENAME; not imported from there: that module pulls in YAML and the schema.
TRAINING_FILENAME = "training.json"
TRAINING_FORMAT = "policy-portal/training"
RECEIPT_VERSIONS = (1, 2)
MAX_BYTES = 1024 * 1024        # a receipt is a few kilobytes
MAX_DEPTH = 64                 # a receipt nests 4 levels deep
MAX_STAFF_BYTES = 16 * 1024 * 1024
MIN_DRAWN = 5                  # item statistics below this many attempts are noise

ACCEPTED, ALTERED, OUTDATED, DUPLICATE, REJECTED = "accepted", "altered", "outdated", "duplicate", "rejected"
STATUSES = (ACCEPTED, ALTERED, OUTDATED, DUPLICATE, REJECTED)
DONE, FAILED, MISSING = "done", "failed", "missing"
LANGUAGES = ("ru", "kk", "en")

# Every text a person reads, per language. Rejection reasons are "label: detail": the summary
# counts receipts by the label (the part before the first ": "), so keep it free of {fields}.
STRINGS: dict[str, dict[str, str]] = {
    "ru": {
        "format.date": "%d.%m.%Y",
        "decimal": ",",
        "sheet.register": "Реестр",
        "sheet.staff": "Сотрудники",
        "sheet.errors": "Ошибки",
        "sheet.analysis": "Анализ вопросов",
        "col.name": "ФИО",
        "col.position": "Должность",
        "col.department": "Подразделение",
        "col.document": "Документ",
        "col.edition": "Редакция документа",
        "col.kind": "Вид",
        "col.title": "Название",
        "col.version": "Версия",
        "col.result": "Результат",
        "col.date": "Дата",
        "col.time": "Время",
        "col.status": "Статус",
        "col.reason": "Причина",
        "col.confirmed": "Отмечено в форме",
        "col.digest": "Отпечаток (SHA-256)",
        "col.file": "Файл",
        "col.summary": "Итог",
        "col.outstanding": "Не выполнено",
        "col.notes": "Замечания",
        "col.problem": "Почему пропущен",
        "col.bank": "Тест",
        "col.question": "Вопрос",
        "col.topic": "Тема",
        "col.cites": "Пункты",
        "col.drawn": "Показан, раз",
        "col.correct": "Ответили верно",
        "col.facility": "Индекс лёгкости, % верных",
        "col.discrimination": "Индекс дискриминации, % (корреляция с остальным тестом)",
        "col.flag": "Замечание",
        "kind.quiz": "тест",
        "kind.attestation": "форма",
        "edition": "№ {number} от {date}",
        "status.accepted": "принята",
        "status.altered": "изменена",
        "status.outdated": "устаревший текст",
        "status.duplicate": "повтор",
        "status.rejected": "отклонена",
        "word.passed": "сдан",
        "word.failed": "не сдан",
        "result.test": "{verdict}, {percent}%",
        "result.signed": "подписано",
        "result.claimed": "заявлено: {result}",
        "task.test": "Тест: {title}",
        "cell.passed": "сдан, {date}",
        "cell.signed": "подписано, {date}",
        "cell.failed": "не сдан, {date}",
        "cell.outdated": "устаревший текст, {date}",
        "cell.missing": "нет",
        "summary.done": "выполнено",
        "summary.not_done": "не выполнено",
        "note.not_in_staff": "нет в списке сотрудников",
        "note.not_accepted": "не приняты квитанции: {count} (см. реестр)",
        "note.same_name": "ФИО повторяется в списке сотрудников (строки {lines})",
        "reason.altered": "цифровой отпечаток не совпадает с содержимым: файл изменён после создания",
        "reason.outdated": "текст изменился: {clauses}",
        "reason.clause_gone": "{anchor} (такого пункта больше нет)",
        "reason.duplicate": "та же квитанция, что и {file}",
        "reason.no_answers": "ответы не записаны (квитанция версии 1): балл не пересчитан",
        "reason.v1_missing": "квитанция версии 1: {field} (тогда это не требовалось)",
        "reason.no_name": "не указаны ФИО",
        "reason.no_position": "не указана должность",
        "reason.no_department": "не указано подразделение",
        "reason.unknown_document": "неизвестный документ: «{id}»",
        "reason.unknown_bank": "неизвестный тест: «{id}»",
        "reason.unknown_version": "неизвестная версия теста: {version} (тест «{id}»)",
        "reason.bank_document": "тест другого документа: тест «{id}» — к документу «{document}», квитанция — к «{receipt}»",
        "reason.not_test_mode": "попытка не в режиме теста: режим «{mode}»",
        "reason.bad_date": "дата не распознана: «{value}»",
        "reason.duplicate_questions": "вопросы повторяются: {ids}",
        "reason.unknown_questions": "неизвестные вопросы: {ids}",
        "reason.question_count": "неверное число вопросов: {count} вместо {expected}",
        "reason.quotas": "не соблюдены квоты тем: {items}",
        "reason.quota": "«{topic}» — {count} вместо не меньше {quota}",
        "reason.foreign_answers": "ответы на вопросы вне попытки: {ids}",
        "reason.unknown_options": "неизвестные варианты ответа: {items}",
        "reason.repeated_options": "варианты ответа повторяются: {ids}",
        "reason.several_answers": "несколько ответов на вопрос с одним верным: {ids}",
        "reason.score_mismatch": "балл не сходится с ответами: записано {recorded}, по ответам {computed}",
        "reason.score_inconsistent": "балл не сходится сам с собой: записано {recorded}",
        "reason.pass_mark": "проходной балл не тот: записано {recorded}%, в версии {version} — {expected}%",
        "reason.passed_mismatch": "отметка о сдаче не сходится с баллом: записано «{recorded}» при {percent}% и проходном {pass_mark}%",
        "reason.unknown_form": "неизвестная форма: «{id}»",
        "reason.form_document": "форма другого документа: форма «{id}» — к документу «{document}», квитанция — к «{receipt}»",
        "reason.nothing_confirmed": "в форме ничего не отмечено",
        "score": "{correct} из {total} ({percent}%)",
        "flag.few": "мало данных: показан {count} раз, нужно не меньше {minimum}",
        "flag.all_correct": "переписать вопрос: все ответили верно",
        "flag.none_correct": "переписать вопрос: никто не ответил верно",
        "flag.no_discrimination": "переписать вопрос: не отличает знающих (индекс дискриминации ≤ 0)",
        "file.folder": "это папка, а не файл квитанции",
        "file.special": "не обычный файл (канал, устройство или сокет)",
        "file.dangling": "ссылка ведёт к файлу, которого нет",
        "file.link_folder": "ссылка ведёт на папку, а не на файл",
        "file.too_big": "больше 1 МБ ({size} байт): квитанция весит несколько килобайт",
        "file.unreadable": "не читается: {detail}",
        "file.vanished": "файл исчез во время чтения",
        "file.folder_unreadable": "папка не читается: {detail}",
        "file.not_utf8": "не в кодировке UTF-8 (байт {position})",
        "file.not_json": "не JSON (строка {line}, столбец {column})",
        "file.bad_value": "не JSON: недопустимое значение (NaN, Infinity или слишком длинное число)",
        "file.too_deep": "вложенность глубже {limit} уровней",
        "file.surrogate": "недопустимый символ в строке (одиночная половина суррогатной пары)",
        "file.duplicate_key": "ключ повторяется: «{key}»",
        "file.not_receipt": "не квитанция портала (ожидается \"format\": \"policy-portal/receipt\")",
        "file.version": "version: ожидается 1 или 2, получено {value}",
        "file.kind": "kind: ожидается «quiz» или «attestation», получено {value}",
        "file.language": "language: ожидается ru, kk или en (язык страницы, на которой заполнена квитанция), получено {value}",
        "file.type": "{where}: ожидается {expected}, получено {got}",
        "file.missing": "{where}: поле отсутствует",
        "type.string": "строка",
        "type.integer": "целое число",
        "type.number": "дробное число",
        "type.boolean": "true или false",
        "type.list": "список",
        "type.object": "объект",
        "type.null": "null",
        "error.arguments": "{detail} (справка: {command} --help)",
        "error.no_registry": "{path}: нет реестра пунктов — укажите собранный сайт (--site, по умолчанию site) или соберите его: make site",
        "error.no_training": "{path}: нет описания тестов и форм — соберите сайт для сотрудников (make site): в публичной сборке его нет",
        "error.site_file": "{path}: файл сайта не читается ({detail}) — пересоберите сайт: make site",
        "error.no_receipts": "{path}: папки нет — укажите папку, в которую сложены квитанции",
        "error.receipts_not_folder": "{path}: это не папка — укажите папку, в которую сложены квитанции",
        "error.out_suffix": "{path}: реестр записывается в файл .xlsx (Excel) или .csv — укажите --out с одним из этих расширений",
        "error.out_is_folder": "{path}: это папка — укажите имя файла, например {example}",
        "error.out_no_folder": "{path}: папки {folder} нет — создайте её или укажите --out в существующей папке",
        "error.out_in_receipts": "{path}: реестр не записывается в папку с квитанциями: в ней должны лежать только присланные файлы, иначе реестр легко принять за квитанцию или потерять при следующем сборе — укажите --out вне папки {folder}",
        "error.out_exists": "{path}: файл уже есть и не будет перезаписан — укажите другое имя или добавьте --force, чтобы заменить его",
        "error.write": "{path}: не удалось записать ({detail}); прежний файл не изменён",
        "error.delimiter": "--delimiter: ожидается один символ, например ; или , (получено {value})",
        "error.staff_missing": "{path}: списка сотрудников нет",
        "error.staff_unreadable": "{path}: список сотрудников не читается ({detail})",
        "error.staff_too_big": "{path}: список сотрудников больше 16 МБ — ожидается таблица ФИО; должность; подразделение",
        "error.staff_format": "{path}: список сотрудников должен быть .csv или .xlsx",
        "error.staff_no_name": "{path}: в первой строке нет столбца «ФИО» — ожидаются заголовки ФИО; должность; подразделение",
        "summary.receipts": "Квитанций: {total} — принято {accepted}, изменено {altered}, устаревший текст {outdated}, повтор {duplicate}, отклонено {rejected}.",
        "summary.tests": "Тесты среди принятых: сдано {passed}, не сдано {failed}.",
        "summary.rejected": "Отклонены: {reasons}.",
        "summary.reason": "{label} — {count}",
        "summary.skipped": "Пропущено файлов: {count} (причины — выше).",
        "summary.staff": "Сотрудников в списке: {count}; нет в списке, но прислали квитанции: {extra}.",
        "summary.task_test": "  {task}: сдали {done}, не сдали {failed}, устаревший текст {outdated}, нет {missing}",
        "summary.task_form": "  {task}: подписали {done}, устаревший текст {outdated}, нет {missing}",
        "summary.analysis": "Попыток теста учтено: {attempts}; вопросов: {questions}, из них переписать: {flagged}.",
        "summary.written": "Записано: {path}",
    },
    "kk": {
        "format.date": "%d.%m.%Y",
        "decimal": ",",
        "sheet.register": "Тізілім",
        "sheet.staff": "Қызметкерлер",
        "sheet.errors": "Қателер",
        "sheet.analysis": "Сұрақтарды талдау",
        "col.name": "Аты-жөні",
        "col.position": "Лауазымы",
        "col.department": "Бөлімше",
        "col.document": "Құжат",
        "col.edition": "Құжат редакциясы",
        "col.kind": "Түрі",
        "col.title": "Атауы",
        "col.version": "Нұсқасы",
        "col.result": "Нәтиже",
        "col.date": "Күні",
        "col.time": "Уақыты",
        "col.status": "Мәртебесі",
        "col.reason": "Себебі",
        "col.confirmed": "Нысанда белгіленгені",
        "col.digest": "Цифрлық ізі (SHA-256)",
        "col.file": "Файл",
        "col.summary": "Қорытынды",
        "col.outstanding": "Орындалмағаны",
        "col.notes": "Ескертпелер",
        "col.problem": "Неге өткізілді",
        "col.bank": "Тест",
        "col.question": "Сұрақ",
        "col.topic": "Тақырып",
        "col.cites": "Тармақтар",
        "col.drawn": "Көрсетілді, рет",
        "col.correct": "Дұрыс жауап бергендер",
        "col.facility": "Жеңілдік индексі, дұрыс жауаптар %",
        "col.discrimination": "Дискриминация индексі, % (тесттің қалған бөлігімен корреляция)",
        "col.flag": "Ескертпе",
        "kind.quiz": "тест",
        "kind.attestation": "нысан",
        "edition": "{date} № {number}",
        "status.accepted": "қабылданды",
        "status.altered": "өзгертілген",
        "status.outdated": "ескірген мәтін",
        "status.duplicate": "қайталама",
        "status.rejected": "қабылданбады",
        "word.passed": "тапсырды",
        "word.failed": "тапсырмады",
        "result.test": "{verdict}, {percent}%",
        "result.signed": "қол қойылды",
        "result.claimed": "мәлімделгені: {result}",
        "task.test": "Тест: {title}",
        "cell.passed": "тапсырды, {date}",
        "cell.signed": "қол қойылды, {date}",
        "cell.failed": "тапсырмады, {date}",
        "cell.outdated": "ескірген мәтін, {date}",
        "cell.missing": "жоқ",
        "summary.done": "орындалды",
        "summary.not_done": "орындалмады",
        "note.not_in_staff": "қызметкерлер тізімінде жоқ",
        "note.not_accepted": "қабылданбаған түбіртектер: {count} (тізілімді қараңыз)",
        "note.same_name": "аты-жөні қызметкерлер тізімінде қайталанады ({lines}-жолдар)",
        "reason.altered": "цифрлық із мазмұнға сәйкес келмейді: файл жасалғаннан кейін өзгертілген",
        "reason.outdated": "мәтін өзгерді: {clauses}",
        "reason.clause_gone": "{anchor} (мұндай тармақ енді жоқ)",
        "reason.duplicate": "{file} файлымен бірдей түбіртек",
        "reason.no_answers": "жауаптар жазылмаған (1-нұсқа түбіртегі): балл қайта есептелмеді",
        "reason.v1_missing": "1-нұсқа түбіртегі: {field} (ол кезде міндетті емес еді)",
        "reason.no_name": "аты-жөні көрсетілмеген",
        "reason.no_position": "лауазымы көрсетілмеген",
        "reason.no_department": "бөлімшесі көрсетілмеген",
        "reason.unknown_document": "белгісіз құжат: «{id}»",
        "reason.unknown_bank": "белгісіз тест: «{id}»",
        "reason.unknown_version": "тесттің белгісіз нұсқасы: {version} («{id}» тесті)",
        "reason.bank_document": "басқа құжаттың тесті: «{id}» тесті «{document}» құжатына, түбіртек «{receipt}» құжатына жатады",
        "reason.not_test_mode": "әрекет тест режимінде емес: «{mode}» режимі",
        "reason.bad_date": "күні танылмады: «{value}»",
        "reason.duplicate_questions": "сұрақтар қайталанады: {ids}",
        "reason.unknown_questions": "белгісіз сұрақтар: {ids}",
        "reason.question_count": "сұрақтар саны дұрыс емес: {expected} орнына {count}",
        "reason.quotas": "тақырып квоталары сақталмаған: {items}",
        "reason.quota": "«{topic}» — {count}, кемінде {quota} керек",
        "reason.foreign_answers": "әрекетте болмаған сұрақтарға жауаптар: {ids}",
        "reason.unknown_options": "белгісіз жауап нұсқалары: {items}",
        "reason.repeated_options": "жауап нұсқалары қайталанады: {ids}",
        "reason.several_answers": "бір дұрыс жауабы бар сұраққа бірнеше жауап: {ids}",
        "reason.score_mismatch": "балл жауаптарға сәйкес келмейді: жазылғаны {recorded}, жауаптар бойынша {computed}",
        "reason.score_inconsistent": "балл өзара сәйкес келмейді: жазылғаны {recorded}",
        "reason.pass_mark": "өту балы басқа: жазылғаны {recorded}%, {version} нұсқасында {expected}%",
        "reason.passed_mismatch": "тапсыру белгісі баллға сәйкес келмейді: {percent}% және өту балы {pass_mark}% болғанда «{recorded}» деп жазылған",
        "reason.unknown_form": "белгісіз нысан: «{id}»",
        "reason.form_document": "басқа құжаттың нысаны: «{id}» нысаны «{document}» құжатына, түбіртек «{receipt}» құжатына жатады",
        "reason.nothing_confirmed": "нысанда ештеңе белгіленбеген",
        "score": "{total} ішінен {correct} ({percent}%)",
        "flag.few": "деректер аз: {count} рет көрсетілді, кемінде {minimum} керек",
        "flag.all_correct": "сұрақты қайта жазу керек: барлығы дұрыс жауап берді",
        "flag.none_correct": "сұрақты қайта жазу керек: ешкім дұрыс жауап бермеді",
        "flag.no_discrimination": "сұрақты қайта жазу керек: білетіндерді ажыратпайды (дискриминация индексі ≤ 0)",
        "file.folder": "бұл түбіртек файлы емес, бума",
        "file.special": "кәдімгі файл емес (арна, құрылғы немесе сокет)",
        "file.dangling": "сілтеме жоқ файлға апарады",
        "file.link_folder": "сілтеме файлға емес, бумаға апарады",
        "file.too_big": "1 МБ-тан үлкен ({size} байт): түбіртектің көлемі бірнеше килобайт",
        "file.unreadable": "оқылмады: {detail}",
        "file.vanished": "файл оқу кезінде жоғалды",
        "file.folder_unreadable": "бума оқылмады: {detail}",
        "file.not_utf8": "UTF-8 кодтауында емес ({position}-байт)",
        "file.not_json": "JSON емес ({line}-жол, {column}-баған)",
        "file.bad_value": "JSON емес: рұқсат етілмеген мән (NaN, Infinity немесе тым ұзын сан)",
        "file.too_deep": "кірістіру {limit} деңгейден терең",
        "file.surrogate": "жолда рұқсат етілмеген таңба бар (жұпсыз суррогат)",
        "file.duplicate_key": "кілт қайталанады: «{key}»",
        "file.not_receipt": "порталдың түбіртегі емес (\"format\": \"policy-portal/receipt\" күтіледі)",
        "file.version": "version: 1 немесе 2 күтіледі, алынғаны {value}",
        "file.kind": "kind: «quiz» немесе «attestation» күтіледі, алынғаны {value}",
        "file.language": "language: ru, kk немесе en күтіледі (түбіртек толтырылған беттің тілі), алынғаны {value}",
        "file.type": "{where}: {expected} күтіледі, алынғаны {got}",
        "file.missing": "{where}: өріс жоқ",
        "type.string": "жол",
        "type.integer": "бүтін сан",
        "type.number": "бөлшек сан",
        "type.boolean": "true немесе false",
        "type.list": "тізім",
        "type.object": "объект",
        "type.null": "null",
        "error.arguments": "{detail} (анықтама: {command} --help)",
        "error.no_registry": "{path}: тармақтар тізілімі жоқ — жиналған сайтты көрсетіңіз (--site, әдепкі бойынша site) немесе оны жинаңыз: make site",
        "error.no_training": "{path}: тесттер мен нысандардың сипаттамасы жоқ — қызметкерлерге арналған сайтты жинаңыз (make site): жалпыға арналған жинақта ол жоқ",
        "error.site_file": "{path}: сайт файлы оқылмады ({detail}) — сайтты қайта жинаңыз: make site",
        "error.no_receipts": "{path}: бума жоқ — түбіртектер салынған буманы көрсетіңіз",
        "error.receipts_not_folder": "{path}: бұл бума емес — түбіртектер салынған буманы көрсетіңіз",
        "error.out_suffix": "{path}: тізілім .xlsx (Excel) немесе .csv файлына жазылады — --out үшін осы кеңейтімдердің бірін көрсетіңіз",
        "error.out_is_folder": "{path}: бұл бума — файл атын көрсетіңіз, мысалы {example}",
        "error.out_no_folder": "{path}: {folder} бумасы жоқ — оны жасаңыз немесе --out үшін бар буманы көрсетіңіз",
        "error.out_in_receipts": "{path}: тізілім түбіртектер бумасына жазылмайды: онда тек жіберілген файлдар болуы керек, әйтпесе тізілімді түбіртекпен шатастыру немесе келесі жинауда жоғалту оңай — --out үшін {folder} бумасынан тыс жерді көрсетіңіз",
        "error.out_exists": "{path}: файл бар және қайта жазылмайды — басқа ат көрсетіңіз немесе ауыстыру үшін --force қосыңыз",
        "error.write": "{path}: жазу мүмкін болмады ({detail}); бұрынғы файл өзгерген жоқ",
        "error.delimiter": "--delimiter: бір таңба күтіледі, мысалы ; немесе , (алынғаны {value})",
        "error.staff_missing": "{path}: қызметкерлер тізімі жоқ",
        "error.staff_unreadable": "{path}: қызметкерлер тізімі оқылмады ({detail})",
        "error.staff_too_big": "{path}: қызметкерлер тізімі 16 МБ-тан үлкен — аты-жөні; лауазымы; бөлімше кестесі күтіледі",
        "error.staff_format": "{path}: қызметкерлер тізімі .csv немесе .xlsx болуы керек",
        "error.staff_no_name": "{path}: бірінші жолда «ФИО» (аты-жөні) бағаны жоқ — ФИО; должность; подразделение тақырыптары күтіледі",
        "summary.receipts": "Түбіртектер: {total} — қабылданды {accepted}, өзгертілген {altered}, ескірген мәтін {outdated}, қайталама {duplicate}, қабылданбады {rejected}.",
        "summary.tests": "Қабылданған тесттер: тапсырды {passed}, тапсырмады {failed}.",
        "summary.rejected": "Қабылданбағандар: {reasons}.",
        "summary.reason": "{label} — {count}",
        "summary.skipped": "Өткізілген файлдар: {count} (себептері — жоғарыда).",
        "summary.staff": "Тізімдегі қызметкерлер: {count}; тізімде жоқ, бірақ түбіртек жібергендер: {extra}.",
        "summary.task_test": "  {task}: тапсырды {done}, тапсырмады {failed}, ескірген мәтін {outdated}, жоқ {missing}",
        "summary.task_form": "  {task}: қол қойды {done}, ескірген мәтін {outdated}, жоқ {missing}",
        "summary.analysis": "Есепке алынған тест әрекеттері: {attempts}; сұрақтар: {questions}, оның ішінде қайта жазу керегі: {flagged}.",
        "summary.written": "Жазылды: {path}",
    },
    "en": {
        "format.date": "%Y-%m-%d",
        "decimal": ".",
        "sheet.register": "Register",
        "sheet.staff": "Staff",
        "sheet.errors": "Errors",
        "sheet.analysis": "Item analysis",
        "col.name": "Name",
        "col.position": "Position",
        "col.department": "Department",
        "col.document": "Document",
        "col.edition": "Document edition",
        "col.kind": "Kind",
        "col.title": "Title",
        "col.version": "Version",
        "col.result": "Result",
        "col.date": "Date",
        "col.time": "Time",
        "col.status": "Status",
        "col.reason": "Reason",
        "col.confirmed": "Ticked in the form",
        "col.digest": "Digest (SHA-256)",
        "col.file": "File",
        "col.summary": "Overall",
        "col.outstanding": "Not done",
        "col.notes": "Notes",
        "col.problem": "Why skipped",
        "col.bank": "Test",
        "col.question": "Question",
        "col.topic": "Topic",
        "col.cites": "Clauses",
        "col.drawn": "Times drawn",
        "col.correct": "Answered correctly",
        "col.facility": "Facility index, % correct",
        "col.discrimination": "Discrimination index, % (correlation with the rest of the test)",
        "col.flag": "Note",
        "kind.quiz": "test",
        "kind.attestation": "form",
        "edition": "No. {number} of {date}",
        "status.accepted": "accepted",
        "status.altered": "altered",
        "status.outdated": "outdated text",
        "status.duplicate": "duplicate",
        "status.rejected": "rejected",
        "word.passed": "passed",
        "word.failed": "failed",
        "result.test": "{verdict}, {percent}%",
        "result.signed": "signed",
        "result.claimed": "claimed: {result}",
        "task.test": "Test: {title}",
        "cell.passed": "passed, {date}",
        "cell.signed": "signed, {date}",
        "cell.failed": "failed, {date}",
        "cell.outdated": "outdated text, {date}",
        "cell.missing": "missing",
        "summary.done": "done",
        "summary.not_done": "not done",
        "note.not_in_staff": "not in the staff list",
        "note.not_accepted": "receipts not accepted: {count} (see the register)",
        "note.same_name": "the name appears more than once in the staff list (lines {lines})",
        "reason.altered": "the digest does not match the contents: the file was edited after it was made",
        "reason.outdated": "text changed: {clauses}",
        "reason.clause_gone": "{anchor} (no longer exists)",
        "reason.duplicate": "same receipt as {file}",
        "reason.no_answers": "answers not recorded (version 1 receipt): the score could not be recomputed",
        "reason.v1_missing": "version 1 receipt: {field} (not required then)",
        "reason.no_name": "no name",
        "reason.no_position": "no position",
        "reason.no_department": "no department",
        "reason.unknown_document": "unknown document: '{id}'",
        "reason.unknown_bank": "unknown test: '{id}'",
        "reason.unknown_version": "unknown test version: {version} (test '{id}')",
        "reason.bank_document": "test of another document: test '{id}' is for '{document}', the receipt for '{receipt}'",
        "reason.not_test_mode": "not a test attempt: mode '{mode}'",
        "reason.bad_date": "unreadable date: '{value}'",
        "reason.duplicate_questions": "repeated questions: {ids}",
        "reason.unknown_questions": "unknown questions: {ids}",
        "reason.question_count": "wrong number of questions: {count} instead of {expected}",
        "reason.quotas": "topic quotas not met: {items}",
        "reason.quota": "'{topic}' — {count} instead of at least {quota}",
        "reason.foreign_answers": "answers to questions not in the attempt: {ids}",
        "reason.unknown_options": "unknown answer options: {items}",
        "reason.repeated_options": "repeated answer options: {ids}",
        "reason.several_answers": "several answers to a single-answer question: {ids}",
        "reason.score_mismatch": "score does not match the answers: recorded {recorded}, from the answers {computed}",
        "reason.score_inconsistent": "score does not add up: recorded {recorded}",
        "reason.pass_mark": "wrong pass mark: recorded {recorded}%, version {version} has {expected}%",
        "reason.passed_mismatch": "verdict does not match the score: recorded '{recorded}' at {percent}% with a pass mark of {pass_mark}%",
        "reason.unknown_form": "unknown form: '{id}'",
        "reason.form_document": "form of another document: form '{id}' is for '{document}', the receipt for '{receipt}'",
        "reason.nothing_confirmed": "nothing ticked in the form",
        "score": "{correct} of {total} ({percent}%)",
        "flag.few": "too little data: drawn {count} times, at least {minimum} needed",
        "flag.all_correct": "rewrite the question: everyone answered correctly",
        "flag.none_correct": "rewrite the question: nobody answered correctly",
        "flag.no_discrimination": "rewrite the question: does not separate those who know (discrimination index ≤ 0)",
        "file.folder": "a folder, not a receipt file",
        "file.special": "not a regular file (a pipe, device or socket)",
        "file.dangling": "a link to a file that does not exist",
        "file.link_folder": "a link to a folder, not to a file",
        "file.too_big": "over 1 MB ({size} bytes): a receipt is a few kilobytes",
        "file.unreadable": "cannot be read: {detail}",
        "file.vanished": "the file disappeared while being read",
        "file.folder_unreadable": "folder cannot be read: {detail}",
        "file.not_utf8": "not UTF-8 (byte {position})",
        "file.not_json": "not JSON (line {line}, column {column})",
        "file.bad_value": "not JSON: a value that is not allowed (NaN, Infinity or a number too long)",
        "file.too_deep": "nested deeper than {limit} levels",
        "file.surrogate": "a character that is not allowed in a string (a lone surrogate)",
        "file.duplicate_key": "repeated key: '{key}'",
        "file.not_receipt": "not a portal receipt (expected \"format\": \"policy-portal/receipt\")",
        "file.version": "version: expected 1 or 2, got {value}",
        "file.kind": "kind: expected 'quiz' or 'attestation', got {value}",
        "file.language": "language: expected ru, kk or en (the language of the page the receipt was made on), got {value}",
        "file.type": "{where}: expected {expected}, got {got}",
        "file.missing": "{where}: missing",
        "type.string": "a string",
        "type.integer": "an integer",
        "type.number": "a fraction",
        "type.boolean": "true or false",
        "type.list": "a list",
        "type.object": "an object",
        "type.null": "null",
        "error.arguments": "{detail} (help: {command} --help)",
        "error.no_registry": "{path}: no clause registry — point --site (default: site) at the built site, or build it: make site",
        "error.no_training": "{path}: no description of the tests and forms — build the staff site (make site): the public build has none",
        "error.site_file": "{path}: unreadable site file ({detail}) — rebuild the site: make site",
        "error.no_receipts": "{path}: no such folder — give the folder the receipts were put in",
        "error.receipts_not_folder": "{path}: not a folder — give the folder the receipts were put in",
        "error.out_suffix": "{path}: the register is written to an .xlsx (Excel) or .csv file — give --out one of these extensions",
        "error.out_is_folder": "{path}: a folder — give a file name, e.g. {example}",
        "error.out_no_folder": "{path}: the folder {folder} does not exist — create it or give --out in an existing folder",
        "error.out_in_receipts": "{path}: the register is not written into the receipts folder: it should hold only the files staff sent, or the register is easily taken for a receipt or lost at the next collection — give --out outside {folder}",
        "error.out_exists": "{path}: the file exists and is not overwritten — give another name, or add --force to replace it",
        "error.write": "{path}: could not be written ({detail}); the previous file is unchanged",
        "error.delimiter": "--delimiter: expected one character such as ; or , (got {value})",
        "error.staff_missing": "{path}: no such staff list",
        "error.staff_unreadable": "{path}: the staff list cannot be read ({detail})",
        "error.staff_too_big": "{path}: the staff list is over 16 MB — expected a table of name; position; department",
        "error.staff_format": "{path}: the staff list must be .csv or .xlsx",
        "error.staff_no_name": "{path}: no name column in the first row — expected the headers ФИО; должность; подразделение (or name; position; department)",
        "summary.receipts": "Receipts: {total} — accepted {accepted}, altered {altered}, outdated text {outdated}, duplicate {duplicate}, rejected {rejected}.",
        "summary.tests": "Accepted tests: passed {passed}, failed {failed}.",
        "summary.rejected": "Rejected: {reasons}.",
        "summary.reason": "{label} — {count}",
        "summary.skipped": "Files skipped: {count} (reasons above).",
        "summary.staff": "Employees in the list: {count}; not in the list but sent receipts: {extra}.",
        "summary.task_test": "  {task}: passed {done}, failed {failed}, outdated text {outdated}, missing {missing}",
        "summary.task_form": "  {task}: signed {done}, outdated text {outdated}, missing {missing}",
        "summary.analysis": "Test attempts counted: {attempts}; questions: {questions}, to rewrite: {flagged}.",
        "summary.written": "Written: {path}",
    },
}

# Headers of the staff list HR keeps (first row), normalised: which column is which.
STAFF_HEADERS = {
    "name": {"фио", "ф.и.о.", "ф. и. о.", "сотрудник", "аты-жөні", "name", "full name"},
    "position": {"должность", "лауазымы", "position", "job title"},
    "department": {"подразделение", "отделение", "отдел", "бөлімше", "department"},
}


class Text:
    """The strings of one language: ``text("status.accepted")``, ``text("reason.x", id=…)``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.strings = STRINGS[language]

    def __call__(self, key: str, /, **fields) -> str:
        return self.strings[key].format(**fields)

    def date(self, value: date) -> str:
        return value.strftime(self.strings["format.date"])

    def label(self, key: str) -> str:
        """The part of a reason before its details: what the summary counts by."""
        return self.strings[key].split(": ", 1)[0]


class Fatal(Exception):
    """A problem that stops the command: one line, exit code 2."""


class Skipped(Exception):
    """A file that is not a readable receipt; the message says why."""


# --- The built site ----------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    citation: str
    sha256: str


@dataclass(frozen=True)
class SiteDocument:
    id: str
    title: str
    clauses: dict[str, Clause]


@dataclass(frozen=True)
class QuestionKey:
    type: str
    topic: str
    options: tuple[str, ...]
    correct: tuple[str, ...]
    cites: tuple[str, ...]


@dataclass(frozen=True)
class BankVersion:
    pass_mark: int
    draw_count: int
    quotas: dict[str, int]
    questions: dict[str, QuestionKey]


@dataclass(frozen=True)
class SiteBank:
    id: str
    title: str
    document: str
    topics: dict[str, str]
    versions: dict[str, BankVersion]


@dataclass(frozen=True)
class SiteForm:
    id: str
    title: str
    document: str


@dataclass(frozen=True)
class Site:
    """What the register checks against: the clause registry and the training record."""

    documents: dict[str, SiteDocument]
    banks: dict[str, SiteBank]
    forms: dict[str, SiteForm]

    def citation(self, document: str, anchor: str) -> str:
        clause = self.documents.get(document, SiteDocument("", "", {})).clauses.get(anchor)
        return clause.citation if clause else anchor


def load_site(folder: Path, text: Text) -> Site:
    """Read ``clauses.json`` and ``training.json`` of a built staff site; Fatal if unusable."""
    registry = _site_json(folder / REGISTRY_FILENAME, "error.no_registry", text)
    training = _site_json(folder / TRAINING_FILENAME, "error.no_training", text)
    try:
        documents = {
            doc["id"]: SiteDocument(doc["id"], str(doc.get("short_title") or doc["title"]), {
                clause["anchor"]: Clause(str(clause.get("citation") or clause["anchor"]), clause["sha256"])
                for clause in doc["clauses"]
            })
            for doc in registry["documents"]
        }
    except (KeyError, TypeError, AttributeError) as error:
        raise Fatal(text("error.site_file", path=folder / REGISTRY_FILENAME, detail=_detail(error))) from None
    try:
        if training.get("format") != TRAINING_FORMAT:
            raise ValueError(f'expected "format": "{TRAINING_FORMAT}"')
        banks = {
            bank_id: SiteBank(bank_id, str(bank["title"]), bank["document"], dict(bank.get("topics", {})), {
                version: BankVersion(int(key["pass_mark"]), int(key["draw_count"]), dict(key.get("quotas", {})), {
                    qid: QuestionKey(q["type"], q["topic"], tuple(q["options"]), tuple(q["correct"]), tuple(q.get("cites", ())))
                    for qid, q in key["questions"].items()
                })
                for version, key in bank["versions"].items()
            })
            for bank_id, bank in training["banks"].items()
        }
        forms = {form_id: SiteForm(form_id, str(form["title"]), form["document"]) for form_id, form in training["forms"].items()}
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise Fatal(text("error.site_file", path=folder / TRAINING_FILENAME, detail=_detail(error))) from None
    return Site(documents, banks, forms)


# --- Reading receipt files ---------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A file left out of the register, and why."""

    file: str
    message: str


def find_receipts(folder: Path, text: Text) -> tuple[list[str], list[Problem]]:
    """Every ``*.json`` in the folder and its subfolders, as paths relative to it.

    Names ending in ``.json`` must be regular files: a folder, pipe or broken link by that
    name is a problem, not a place to look. Hidden files and folders (``.x``, and the
    ``._x.json`` that macOS leaves on USB sticks) are not read; links to folders not followed.
    """
    found, problems = [], []

    def unreadable(error: OSError) -> None:
        where = os.path.relpath(error.filename, folder) if error.filename else "."
        problems.append(Problem(_posix(where), text("file.folder_unreadable", detail=error.strerror or str(error))))

    for root, folders, files in os.walk(folder, onerror=unreadable):
        relative = Path(root).relative_to(folder)
        for name in folders + files:
            if not name.startswith(".") and name.lower().endswith(".json"):
                found.append(_posix(relative / name))
        folders[:] = sorted(f for f in folders if not f.startswith(".") and not f.lower().endswith(".json"))
    return sorted(found, key=_file_order), problems


def read_receipt(path: Path, text: Text) -> dict:
    """The receipt in a file, type-checked; Skipped (with the reason) if it is not one."""
    raw = _read_bytes(path, text)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Skipped(text("file.not_utf8", position=error.start + 1)) from None
    if _nesting(source) > MAX_DEPTH:
        raise Skipped(text("file.too_deep", limit=MAX_DEPTH))
    try:
        data = json.loads(source, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise Skipped(text("file.not_json", line=error.lineno, column=error.colno)) from None
    except _DuplicateKey as error:
        raise Skipped(text("file.duplicate_key", key=_shown(str(error), 40))) from None
    except RecursionError:
        raise Skipped(text("file.too_deep", limit=MAX_DEPTH)) from None
    except ValueError:  # NaN, Infinity, an integer of more than 4300 digits
        raise Skipped(text("file.bad_value")) from None
    try:
        receipts.canonical_json(data).encode("utf-8")
    except UnicodeEncodeError:  # "\ud800": JSON allows the escape, UTF-8 has no such character
        raise Skipped(text("file.surrogate")) from None
    _check_types(data, text)
    return data


# --- Checking receipts -------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    key: str      # "reason.no_name": what the summary counts by
    text: str


@dataclass
class Entry:
    """One receipt in the register, checked."""

    file: str
    kind: str
    name: str
    position: str
    department: str
    document_id: str
    document: str
    edition: str
    title: str
    version: str
    status: str
    reasons: list[Reason]
    task: tuple[str, str] | None           # ("test", bank id) or ("form", form id)
    passed: bool | None = None
    percent: int | None = None
    taken: datetime | None = None
    taken_text: str = ""
    confirmed: list[str] = field(default_factory=list)
    digest: str = ""
    # Accepted version 2 tests: question id -> answered correctly (for item analysis).
    scored: dict[str, bool] = field(default_factory=dict)


@dataclass
class Register:
    entries: list[Entry]
    problems: list[Problem]


def build_register(folder: Path, site: Site, text: Text) -> Register:
    """Read and check every receipt in the folder; files that are not receipts become problems."""
    files, problems = find_receipts(folder, text)
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            data = read_receipt(folder / file, text)
        except Skipped as error:
            problems.append(Problem(file, str(error)))
            continue
        entry = check_receipt(data, file, site, text)
        # A copy of a rejected receipt stays rejected, with its reasons: "duplicate" would read
        # as a valid result sent twice.
        if entry.status in (ACCEPTED, OUTDATED):
            if entry.digest in seen:
                entry.status = DUPLICATE
                entry.reasons = [Reason("reason.duplicate", text("reason.duplicate", file=seen[entry.digest]))]
                entry.scored = {}
            else:
                seen[entry.digest] = file
        entries.append(entry)
    problems.sort(key=lambda p: _file_order(p.file))
    return Register(entries, problems)


def check_receipt(data: dict, file: str, site: Site, text: Text) -> Entry:
    """The register entry of one type-checked receipt: its status and the reasons for it."""
    learner, document = data["learner"], data["document"]
    document_id = document["id"]
    site_document = site.documents.get(document_id)
    entry = Entry(
        file=file, kind=data["kind"], name=_clean(learner.get("name", "")), position=_clean(learner.get("position", "")),
        department=_clean(learner.get("department", "")), document_id=document_id,
        document=site_document.title if site_document else document.get("title", document_id),
        edition=_edition(document, text), title="", version="", status=ACCEPTED, reasons=[], task=None,
        digest=data["digest"]["value"],
    )
    _describe(entry, data, site)
    if not receipts.verify(data):
        entry.status, entry.reasons = ALTERED, [_reason(text, "reason.altered")]
        return entry
    missing = [key for key, value in (("reason.no_name", entry.name), ("reason.no_position", entry.position),
                                      ("reason.no_department", entry.department)) if not value]
    notes: list[Reason] = []
    if data["version"] == 1:
        # The first release asked only for the name: a missing position or department is a
        # note, not a reason to refuse a receipt made honestly then.
        notes += [_reason(text, "reason.v1_missing", field=text(key)) for key in missing if key != "reason.no_name"]
        missing = [key for key in missing if key == "reason.no_name"]
    rejections = [_reason(text, key) for key in missing]
    if site_document is None:
        rejections.append(_reason(text, "reason.unknown_document", id=document_id))
    if entry.kind == "quiz":
        _check_quiz(data, entry, site, text, rejections, notes)
    else:
        _check_form(data, entry, site, text, rejections)
    if entry.taken is None:
        rejections.append(_reason(text, "reason.bad_date", value=_shown(entry.taken_text, 40)))
    changed = _changed_clauses(data, site_document) if site_document else []
    if rejections:
        entry.status, entry.reasons, entry.scored = REJECTED, rejections, {}
    elif changed:
        entry.status, entry.reasons = OUTDATED, [_reason(text, "reason.outdated", clauses="; ".join(
            clause if found else text("reason.clause_gone", anchor=clause) for clause, found in changed))] + notes
        entry.scored = {}
    else:
        entry.reasons = notes
    return entry


def percent_of(correct: int, total: int) -> int:
    """100 × correct / total rounded half up, as the browser's Math.round does."""
    return (200 * correct + total) // (2 * total) if total > 0 else 0


def _check_quiz(data: dict, entry: Entry, site: Site, text: Text, rejections: list[Reason], notes: list[Reason]) -> None:
    attempt, bank_ref = data["attempt"], data["bank"]
    bank = site.banks.get(bank_ref["id"])
    if bank is None:
        rejections.append(_reason(text, "reason.unknown_bank", id=bank_ref["id"]))
        return
    if bank.document != entry.document_id:
        rejections.append(_reason(text, "reason.bank_document", id=bank.id, document=bank.document, receipt=entry.document_id))
    version = bank.versions.get(bank_ref["version"])
    if version is None:
        rejections.append(_reason(text, "reason.unknown_version", id=bank.id, version=bank_ref["version"]))
        return
    if attempt["mode"] != "test":
        rejections.append(_reason(text, "reason.not_test_mode", mode=attempt["mode"]))
    questions: list[str] = attempt["questions"]
    repeated = sorted(qid for qid, n in Counter(questions).items() if n > 1)
    if repeated:
        rejections.append(_reason(text, "reason.duplicate_questions", ids=", ".join(repeated)))
    unknown = [qid for qid in dict.fromkeys(questions) if qid not in version.questions]
    if unknown:
        rejections.append(_reason(text, "reason.unknown_questions", ids=", ".join(unknown)))
    # A draw the bank cannot make still scores; unknown or repeated ids and options do not.
    scorable = not repeated and not unknown
    if len(questions) != version.draw_count:
        rejections.append(_reason(text, "reason.question_count", count=len(questions), expected=version.draw_count))
    topics = Counter(version.questions[qid].topic for qid in dict.fromkeys(questions) if qid in version.questions)
    short = [text("reason.quota", topic=bank.topics.get(topic, topic), count=topics[topic], quota=quota)
             for topic, quota in sorted(version.quotas.items()) if topics[topic] < quota]
    if short:
        rejections.append(_reason(text, "reason.quotas", items="; ".join(short)))
    recorded = text("score", correct=attempt["correct"], total=attempt["total"], percent=attempt["percent"])
    if data["version"] == 1:
        notes.append(_reason(text, "reason.no_answers"))
        consistent = (attempt["total"] == len(questions) and 0 <= attempt["correct"] <= attempt["total"]
                      and attempt["percent"] == percent_of(attempt["correct"], attempt["total"]))
        if not consistent:
            rejections.append(_reason(text, "reason.score_inconsistent", recorded=recorded))
        percent = attempt["percent"]
    else:
        answers: dict[str, list[str]] = attempt["answers"]
        drawn = set(questions)
        foreign = [qid for qid in answers if qid not in drawn]
        if foreign:
            rejections.append(_reason(text, "reason.foreign_answers", ids=", ".join(foreign)))
        known = {qid: version.questions[qid] for qid in answers if qid in version.questions and qid in drawn}
        bad_options = [f"{qid}: {', '.join(o for o in answers[qid] if o not in key.options)}"
                       for qid, key in known.items() if any(o not in key.options for o in answers[qid])]
        if bad_options:
            rejections.append(_reason(text, "reason.unknown_options", items="; ".join(bad_options)))
        repeated_options = [qid for qid in known if len(set(answers[qid])) != len(answers[qid])]
        if repeated_options:
            rejections.append(_reason(text, "reason.repeated_options", ids=", ".join(repeated_options)))
        several = [qid for qid, key in known.items() if key.type in ("single", "true_false") and len(answers[qid]) > 1]
        if several:
            rejections.append(_reason(text, "reason.several_answers", ids=", ".join(several)))
        if not scorable or foreign or bad_options or repeated_options or several:
            return
        scored = {qid: sorted(answers.get(qid, [])) == sorted(version.questions[qid].correct) for qid in questions}
        correct = sum(scored.values())
        percent = percent_of(correct, len(questions))
        if (attempt["correct"], attempt["total"], attempt["percent"]) != (correct, len(questions), percent):
            computed = text("score", correct=correct, total=len(questions), percent=percent)
            rejections.append(_reason(text, "reason.score_mismatch", recorded=recorded, computed=computed))
        entry.scored = scored
    if attempt["pass_mark"] != version.pass_mark:
        rejections.append(_reason(text, "reason.pass_mark", recorded=attempt["pass_mark"], version=bank_ref["version"],
                                  expected=version.pass_mark))
    if attempt["passed"] != (percent >= version.pass_mark):
        rejections.append(_reason(text, "reason.passed_mismatch", percent=percent, pass_mark=version.pass_mark,
                                  recorded=text("word.passed" if attempt["passed"] else "word.failed")))


def _check_form(data: dict, entry: Entry, site: Site, text: Text, rejections: list[Reason]) -> None:
    form_ref = data["form"]
    form = site.forms.get(form_ref["id"])
    if form is None:
        rejections.append(_reason(text, "reason.unknown_form", id=form_ref["id"]))
    elif form.document != entry.document_id:
        rejections.append(_reason(text, "reason.form_document", id=form.id, document=form.document, receipt=entry.document_id))
    if not [item for item in entry.confirmed if item.strip()]:
        rejections.append(_reason(text, "reason.nothing_confirmed"))


# What the receipt is for and says, as recorded; titles from the site when it knows them.
def _describe(entry: Entry, data: dict, site: Site) -> None:
    if data["kind"] == "quiz":
        bank_ref, attempt = data["bank"], data["attempt"]
        bank = site.banks.get(bank_ref["id"])
        entry.task, entry.version = ("test", bank_ref["id"]), bank_ref["version"]
        entry.title = bank.title if bank else bank_ref["id"]
        entry.percent, entry.passed = attempt["percent"], attempt["passed"]
        moment = attempt["taken_at"]
    else:
        form_ref = data["form"]
        form = site.forms.get(form_ref["id"])
        entry.task, entry.version = ("form", form_ref["id"]), form_ref.get("version", "")
        entry.title = form.title if form else (form_ref.get("title") or form_ref["id"])
        entry.confirmed = list(form_ref["confirmed"])
        moment = form_ref["signed_at"]
    entry.taken_text = moment
    try:
        entry.taken = datetime.fromisoformat(moment)  # the learner's local time, as recorded
    except ValueError:
        entry.taken = None


# (citation, still exists) of every recorded clause whose text is not today's, in order.
def _changed_clauses(data: dict, document: SiteDocument) -> list[tuple[str, bool]]:
    changed: dict[str, bool] = {}
    for recorded in data["clauses"]:
        clause = document.clauses.get(recorded["anchor"])
        if clause is None:
            changed.setdefault(recorded["anchor"], False)
        elif clause.sha256 != recorded["sha256"]:
            changed.setdefault(clause.citation, True)
    return list(changed.items())


# --- HR's view: one row per employee -----------------------------------------------------


@dataclass(frozen=True)
class Employee:
    name: str
    position: str
    department: str
    line: int


@dataclass(frozen=True)
class Task:
    key: tuple[str, str]
    label: str


@dataclass
class StaffRow:
    employee: Employee
    in_list: bool
    cells: dict[tuple[str, str], tuple[str, str]]    # task -> (DONE | FAILED | OUTDATED | MISSING, date text)
    notes: list[str]


def normalise_name(name: str) -> str:
    """How names are matched: NFC, case-folded, ё as е, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().replace("ё", "е").split())


def read_staff(path: Path, text: Text) -> list[Employee]:
    """HR's staff list: CSV (``;`` or ``,``; UTF-8 with or without BOM, or Windows-1251) or XLSX."""
    if not path.is_file():
        raise Fatal(text("error.staff_missing", path=path))
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise Fatal(text("error.staff_format", path=path))
    if path.stat().st_size > MAX_STAFF_BYTES:
        raise Fatal(text("error.staff_too_big", path=path))
    try:
        rows = _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path.read_bytes())
    except Exception as error:  # noqa: BLE001 - whatever a broken spreadsheet raises, it is one line
        raise Fatal(text("error.staff_unreadable", path=path, detail=_detail(error))) from None
    numbered = [(line, row) for line, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise Fatal(text("error.staff_no_name", path=path))
    columns: dict[str, int] = {}
    for index, header in enumerate(numbered[0][1]):
        for field_name, names in STAFF_HEADERS.items():
            if " ".join(header.casefold().split()) in names:
                columns.setdefault(field_name, index)
    if "name" not in columns:
        raise Fatal(text("error.staff_no_name", path=path))

    def cell(row: list[str], field_name: str) -> str:
        index = columns.get(field_name)
        return _clean(row[index]) if index is not None and index < len(row) else ""

    return [Employee(cell(row, "name"), cell(row, "position"), cell(row, "department"), line)
            for line, row in numbered[1:] if cell(row, "name")]


def tasks_of(site: Site, text: Text) -> list[Task]:
    """What every employee has to do: each bank's test, then each form that issues a receipt."""
    return ([Task(("test", bank.id), text("task.test", title=bank.title)) for bank in sorted(site.banks.values(), key=lambda b: b.id)]
            + [Task(("form", form.id), form.title) for form in sorted(site.forms.values(), key=lambda f: f.id)])


def staff_view(entries: list[Entry], employees: list[Employee], site: Site, text: Text) -> list[StaffRow]:
    """One row per employee in the list, then one per person who sent receipts but is not in it."""
    tasks = tasks_of(site, text)
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.name:
            by_name.setdefault(normalise_name(entry.name), []).append(entry)
    lines: dict[str, list[int]] = {}
    for employee in employees:
        lines.setdefault(normalise_name(employee.name), []).append(employee.line)
    rows = []
    for employee in employees:
        key = normalise_name(employee.name)
        notes = [text("note.same_name", lines=", ".join(map(str, lines[key])))] if len(lines[key]) > 1 else []
        rows.append(_staff_row(employee, True, by_name.get(key, []), tasks, notes, text))
    for key, own in by_name.items():
        if key not in lines:
            last = own[-1]
            person = Employee(last.name, last.position, last.department, 0)
            rows.append(_staff_row(person, False, own, tasks, [text("note.not_in_staff")], text))
    return rows


# Per task, the best of the person's receipts: a pass (or a signed form) against today's text,
# else a failed test, else a receipt against an outdated text, else nothing; dated by the latest.
def _staff_row(employee: Employee, in_list: bool, own: list[Entry], tasks: list[Task], notes: list[str], text: Text) -> StaffRow:
    cells = {}
    for task in tasks:
        mine = [e for e in own if e.task == task.key]
        ranked = ((DONE, [e for e in mine if e.status == ACCEPTED and e.passed is not False]),
                  (FAILED, [e for e in mine if e.status == ACCEPTED and e.passed is False]),
                  (OUTDATED, [e for e in mine if e.status == OUTDATED]))
        state, group = next(((state, group) for state, group in ranked if group), (MISSING, []))
        cells[task.key] = (state, _day(max(group, key=_moment_key), text) if group else "")
    not_accepted = sum(e.status in (ALTERED, REJECTED) for e in own)
    if not_accepted:
        notes = notes + [text("note.not_accepted", count=not_accepted)]
    return StaffRow(employee, in_list, cells, notes)


# --- Item analysis -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    """One question of one bank version, over the accepted version 2 test receipts."""

    bank: str
    version: str
    question: str
    topic: str
    cites: tuple[str, ...]
    drawn: int
    correct: int
    facility: float | None           # % of attempts that answered it correctly
    discrimination: float | None     # Pearson r × 100 of item score with the rest of the test
    flag: str


def item_analysis(entries: list[Entry], site: Site, text: Text) -> tuple[list[ItemStats], int]:
    """Moodle's quiz statistics per question: facility and discrimination index.

    The discrimination index is Moodle's: the correlation (Pearson, here point-biserial since
    the item score is 0 or 1) between the item's score and the score on the rest of the test
    (the attempt's other questions), × 100. Every attempt of a version has ``draw_count``
    questions, so the fraction of the rest answered correctly is used as the rest score.
    Returns the rows of every version with at least one attempt, and the number of attempts.
    """
    attempts: dict[tuple[str, str], list[dict[str, bool]]] = {}
    for entry in entries:
        if entry.status == ACCEPTED and entry.scored and entry.task:
            attempts.setdefault((entry.task[1], entry.version), []).append(entry.scored)
    rows = []
    for (bank_id, version_id), scored in sorted(attempts.items()):
        bank = site.banks[bank_id]
        version = bank.versions[version_id]
        for qid, key in version.questions.items():
            pairs = [(int(s[qid]), Fraction(sum(s.values()) - s[qid], len(s) - 1)) for s in scored if qid in s and len(s) > 1]
            drawn = sum(qid in s for s in scored)
            correct = sum(s.get(qid, False) for s in scored)
            facility = round(100 * correct / drawn, 1) if drawn else None
            r = _pearson(pairs)
            discrimination = round(100 * r, 1) + 0.0 if r is not None else None  # + 0.0: never "-0.0"
            if drawn < MIN_DRAWN:
                flag = text("flag.few", count=drawn, minimum=MIN_DRAWN)
            elif correct == drawn:
                flag = text("flag.all_correct")
            elif correct == 0:
                flag = text("flag.none_correct")
            elif discrimination is not None and discrimination <= 0:
                flag = text("flag.no_discrimination")
            else:
                flag = ""
            cites = tuple(site.citation(bank.document, anchor) for anchor in key.cites)
            rows.append(ItemStats(bank.title, version_id, qid, bank.topics.get(key.topic, key.topic), cites, drawn,
                                  correct, facility, discrimination, flag))
    return rows, sum(len(s) for s in attempts.values())


def needs_rewrite(row: ItemStats) -> bool:
    return row.drawn >= MIN_DRAWN and bool(row.flag)


# Exact until the square root: an uncorrelated item gives 0, not a rounding error below it.
def _pearson(pairs: list[tuple[int, Fraction]]) -> float | None:
    n = len(pairs)
    if n < 2:
        return None
    mean_x = Fraction(sum(x for x, _ in pairs), n)
    mean_y = sum(y for _, y in pairs) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    return float(sxy) / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else None


# --- Tables: what the workbook and the CSV files show -------------------------------------

GOOD, BAD, WARN = "good", "bad", "warn"


@dataclass
class Table:
    """One sheet (or one CSV file): header, rows, and a tone per cell for the workbook."""

    sheet: str
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)
    tones: list[list[str | None]] = field(default_factory=list)
    freeze: str = "A2"

    def add(self, row: list[object], tones: list[str | None] | None = None) -> None:
        self.rows.append(row)
        self.tones.append(tones or [None] * len(row))


def register_table(register: Register, text: Text) -> Table:
    table = Table(text("sheet.register"), [text(f"col.{c}") for c in (
        "name", "position", "department", "document", "edition", "kind", "title", "version", "result", "date", "time",
        "status", "reason", "confirmed", "digest", "file")], freeze="B2")
    for e in register.entries:
        if e.kind == "quiz":
            result = text("result.test", verdict=text("word.passed" if e.passed else "word.failed"), percent=e.percent)
        else:
            result = text("result.signed")
        trusted = e.status in (ACCEPTED, OUTDATED, DUPLICATE)
        if not trusted:
            result = text("result.claimed", result=result)
        day = e.taken.date() if e.taken else e.taken_text
        hour = e.taken.strftime("%H:%M") if e.taken else ""
        status_tone = {ACCEPTED: GOOD, OUTDATED: WARN, DUPLICATE: None}.get(e.status, BAD)
        result_tone = BAD if trusted and e.kind == "quiz" and not e.passed else None
        row = [e.name, e.position, e.department, e.document, e.edition, text(f"kind.{e.kind}"), e.title, e.version,
               result, day, hour, text(f"status.{e.status}"), "; ".join(r.text for r in e.reasons),
               "; ".join(e.confirmed), e.digest, e.file]
        tones: list[str | None] = [None] * len(row)
        tones[8], tones[11] = result_tone, status_tone  # the result and status columns
        table.add(row, tones)
    return table


def staff_table(rows: list[StaffRow], site: Site, text: Text) -> Table:
    tasks = tasks_of(site, text)
    table = Table(text("sheet.staff"), [text("col.name"), text("col.position"), text("col.department"), text("col.summary")]
                  + [task.label for task in tasks] + [text("col.outstanding"), text("col.notes")], freeze="B2")
    for row in rows:
        cells, tones, outstanding = [], [], []
        for task in tasks:
            state, day = row.cells[task.key]
            done_key = "cell.passed" if task.key[0] == "test" else "cell.signed"
            cells.append(text("cell.missing") if state == MISSING else text(
                {DONE: done_key, FAILED: "cell.failed", OUTDATED: "cell.outdated"}[state], date=day))
            tones.append({DONE: GOOD, FAILED: BAD, OUTDATED: WARN, MISSING: BAD}[state])
            if state != DONE:
                outstanding.append(task.label)
        summary = text("summary.not_done" if outstanding else "summary.done")
        e = row.employee
        table.add([e.name, e.position, e.department, summary] + cells + ["; ".join(outstanding), "; ".join(row.notes)],
                  [None, None, None, BAD if outstanding else GOOD] + tones + [None, WARN if not row.in_list else None])
    return table


def errors_table(problems: list[Problem], text: Text) -> Table:
    table = Table(text("sheet.errors"), [text("col.file"), text("col.problem")])
    for problem in problems:
        table.add([problem.file, problem.message])
    return table


def analysis_table(rows: list[ItemStats], text: Text) -> Table:
    table = Table(text("sheet.analysis"), [text(f"col.{c}") for c in (
        "bank", "version", "question", "topic", "cites", "drawn", "correct", "facility", "discrimination", "flag")], freeze="D2")
    for row in rows:
        table.add([row.bank, row.version, row.question, row.topic, "; ".join(row.cites), row.drawn, row.correct,
                   row.facility, row.discrimination, row.flag],
                  [None] * 9 + [BAD if needs_rewrite(row) else None])
    return table


# --- Summaries for the terminal ----------------------------------------------------------


def register_summary(register: Register, staff: list[StaffRow] | None, site: Site, text: Text) -> list[str]:
    counts = Counter(e.status for e in register.entries)
    accepted_tests = [e for e in register.entries if e.status == ACCEPTED and e.kind == "quiz"]
    lines = [
        text("summary.receipts", total=len(register.entries), **{s: counts[s] for s in STATUSES}),
        text("summary.tests", passed=sum(bool(e.passed) for e in accepted_tests), failed=sum(not e.passed for e in accepted_tests)),
    ]
    reasons = Counter(r.key for e in register.entries if e.status == REJECTED for r in e.reasons)
    if reasons:
        lines.append(text("summary.rejected", reasons=", ".join(
            text("summary.reason", label=text.label(key), count=n) for key, n in reasons.most_common())))
    if register.problems:
        lines.append(text("summary.skipped", count=len(register.problems)))
    if staff is not None:
        listed = [row for row in staff if row.in_list]
        lines.append(text("summary.staff", count=len(listed), extra=len(staff) - len(listed)))
        for task in tasks_of(site, text):
            states = Counter(row.cells[task.key][0] for row in listed)
            key = "summary.task_test" if task.key[0] == "test" else "summary.task_form"
            lines.append(text(key, task=task.label, done=states[DONE], failed=states[FAILED], outdated=states[OUTDATED],
                              missing=states[MISSING]))
    return lines


# --- Writing: XLSX and CSV, atomically ---------------------------------------------------

_TONES = {GOOD: ("C6EFCE", "006100"), BAD: ("FFC7CE", "9C0006"), WARN: ("FFEB9C", "9C5700")}
# Characters XML 1.0 cannot hold (openpyxl refuses them): shown as U+FFFD.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CELL_LIMIT = 32767


def neutralise(value: object) -> object:
    """A text cell as a spreadsheet may show it: never a formula (OWASP CSV injection).

    Also what XML and Excel cannot hold: control characters and the undecodable bytes of a
    file name become U+FFFD, and a text is cut at Excel's 32 767 characters.
    """
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("\ufffd", value.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    if len(value) > _CELL_LIMIT - 1:
        value = value[: _CELL_LIMIT - 2] + "…"
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_xlsx(tables: list[Table], handle, text: Text) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "policy-portal"
    date_format = text.strings["format.date"].replace("%d", "DD").replace("%m", "MM").replace("%Y", "YYYY")
    for table in tables:
        sheet = book.create_sheet(table.sheet[:31])
        sheet.append([neutralise(h) for h in table.header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for number, (row, tones) in enumerate(zip(table.rows, table.tones), start=2):
            sheet.append([None if v == "" else neutralise(v) for v in row])
            for column, (value, tone) in enumerate(zip(row, tones), start=1):
                if not tone and not isinstance(value, date):
                    continue
                cell = sheet.cell(number, column)
                if isinstance(value, date):
                    cell.number_format = date_format
                if tone:
                    fill, font = _TONES[tone]
                    cell.fill = PatternFill("solid", fgColor=fill)
                    cell.font = Font(color=font)
        columns = len(table.header)
        sheet.freeze_panes = table.freeze
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{len(table.rows) + 1}"
        # As wide as the longest value, up to 60 characters; long headers wrap instead.
        for index in range(columns):
            longest = max((len(_as_text(row[index], text)) for row in table.rows), default=0)
            header = min(len(table.header[index]), 24)
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(longest, header, 6) + 2, 60)
    book.save(handle)


def write_csv(table: Table, handle, delimiter: str, text: Text) -> None:
    """UTF-8 with a byte order mark, so Excel reads Cyrillic; the header row first."""
    stream = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.header])
    for row in table.rows:
        # Numbers and dates are the register's own: a negative index stays a number.
        writer.writerow([neutralise(v) if isinstance(v, str) else _as_text(v, text) for v in row])
    stream.flush()
    stream.detach()


def staff_csv_path(out: Path) -> Path:
    """Where the CSV of the staff view goes: next to the register, ``NAME-staff.csv``."""
    return out.with_name(f"{out.stem}-staff{out.suffix}")


def check_output(out: Path, receipts_folder: Path | None, force: bool, text: Text, extra: tuple[Path, ...] = ()) -> None:
    """Refuse, with one line, any output the command should not write."""
    if out.is_dir():
        raise Fatal(text("error.out_is_folder", path=out, example=out / "register.xlsx"))
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise Fatal(text("error.out_suffix", path=out))
    folder = out.parent
    if not folder.is_dir():
        raise Fatal(text("error.out_no_folder", path=out, folder=folder))
    if receipts_folder is not None:
        inside, root = folder.resolve(), receipts_folder.resolve()
        if inside == root or root in inside.parents:
            raise Fatal(text("error.out_in_receipts", path=out, folder=receipts_folder))
    for path in (out, *extra):
        if (path.exists() or path.is_symlink()) and not force:
            raise Fatal(text("error.out_exists", path=path))


def write_files(outputs: list[tuple[Path, Callable[[object], None]]], text: Text) -> None:
    """Write every file to a temporary file beside it, then put them all in place.

    A reader never sees half a register, and a failure leaves the previous files as they were.
    """
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, write in outputs:
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
            temporaries.append((temporary, path))
            with os.fdopen(descriptor, "wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temporary, 0o666 & ~mask)
        for temporary, path in temporaries:
            os.replace(temporary, path)
    except OSError as error:
        raise Fatal(text("error.write", path=path, detail=error.strerror or _detail(error))) from None
    finally:
        for temporary, _ in temporaries:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass


# ---------------------------------------------------------------------------------------


def _site_json(path: Path, missing: str, text: Text) -> dict:
    if not path.is_file():
        raise Fatal(text(missing, path=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise Fatal(text("error.site_file", path=path, detail=_detail(error))) from None
    if not isinstance(data, dict):
        raise Fatal(text("error.site_file", path=path, detail="not a JSON object"))
    return data


def _csv_rows(raw: bytes) -> list[list[str]]:
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # saved by Excel with Russian regional settings
        source = raw.decode("cp1251", errors="replace")
    header = source.lstrip().splitlines()[0] if source.strip() else ""
    delimiter = max((";", ",", "\t"), key=header.count) if any(d in header for d in ";,\t") else ";"
    return list(csv.reader(io.StringIO(source, newline=""), delimiter=delimiter))


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _detail(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]


# Checked without following links first: a FIFO opened for reading blocks until a writer
# comes, so only a regular file is opened, and then without blocking, and checked again.
def _read_bytes(path: Path, text: Text) -> bytes:
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            try:
                info = os.stat(path)
            except OSError:
                raise Skipped(text("file.dangling")) from None
            if stat.S_ISDIR(info.st_mode):
                raise Skipped(text("file.link_folder"))
    except FileNotFoundError:
        raise Skipped(text("file.vanished")) from None
    except OSError as error:
        raise Skipped(text("file.unreadable", detail=error.strerror or _detail(error))) from None
    if stat.S_ISDIR(info.st_mode):
        raise Skipped(text("file.folder"))
    if not stat.S_ISREG(info.st_mode):
        raise Skipped(text("file.special"))
    if info.st_size > MAX_BYTES:
        raise Skipped(text("file.too_big", size=info.st_size))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise Skipped(text("file.vanished")) from None
    except OSError as error:
        raise Skipped(text("file.unreadable", detail=error.strerror or _detail(error))) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Skipped(text("file.special"))
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise Skipped(text("file.too_big", size=len(raw)))
    return raw


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


# Deepest nesting of arrays and objects, counted before parsing: json.loads recurses.
def _nesting(source: str) -> int:
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub('""', source)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


class _DuplicateKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    data = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def _no_constant(name: str) -> None:
    raise ValueError(name)


# What each receipt field must be. (type, required); a dict is an object, a one-element list
# a list of that, ("map", spec) an object of any keys with values of spec.
RECEIPT_LANGUAGES = ("ru", "kk", "en")
_LEARNER = {"name": (str, False), "position": (str, False), "department": (str, False)}
_COMMON = {
    "format": (str, True), "version": (int, True), "kind": (str, True), "language": (str, False),
    "learner": (_LEARNER, True),
    "document": ({"id": (str, True), "title": (str, False), "number": (str, False), "date": (str, False)}, True),
    "clauses": ([{"anchor": (str, True), "sha256": (str, True)}], True),
    "digest": ({"algorithm": (str, True), "value": (str, True)}, True),
}
_ATTEMPT = {
    "mode": (str, True), "taken_at": (str, True), "questions": ([str], True), "correct": (int, True),
    "total": (int, True), "percent": (int, True), "pass_mark": (int, True), "passed": (bool, True),
}
_QUIZ = {"bank": ({"id": (str, True), "version": (str, True)}, True), "attempt": (_ATTEMPT, True)}
_QUIZ_2 = {**_QUIZ, "attempt": ({**_ATTEMPT, "answers": (("map", [str]), True)}, True)}
_FORM = {"form": ({"id": (str, True), "title": (str, False), "version": (str, False), "confirmed": ([str], True),
                   "signed_at": (str, True)}, True)}


def _check_types(data: object, text: Text) -> None:
    if not isinstance(data, dict) or data.get("format") != receipts.FORMAT:
        raise Skipped(text("file.not_receipt"))
    version, kind = data.get("version"), data.get("kind")
    if type(version) is not int or version not in RECEIPT_VERSIONS:
        raise Skipped(text("file.version", value=_shown(json.dumps(version, ensure_ascii=False), 40)))
    if kind not in ("quiz", "attestation"):
        raise Skipped(text("file.kind", value=_shown(json.dumps(kind, ensure_ascii=False), 40)))
    spec = {**_COMMON, **(_FORM if kind == "attestation" else _QUIZ_2 if version == 2 else _QUIZ)}
    _conforms(data, spec, "", text)
    # The portal's languages: a test taken on the Kazakh or English page is the same test.
    if data.get("language", "ru") not in RECEIPT_LANGUAGES:
        raise Skipped(text("file.language", value=_shown(json.dumps(data["language"], ensure_ascii=False), 40)))


def _conforms(value: object, spec, where: str, text: Text) -> None:
    if isinstance(spec, dict):
        _expect(value, dict, where, text)
        for key, (inner, required) in spec.items():
            path = f"{where}.{key}" if where else key
            if key in value:
                _conforms(value[key], inner, path, text)
            elif required:
                raise Skipped(text("file.missing", where=path))
    elif isinstance(spec, list):
        _expect(value, list, where, text)
        for index, item in enumerate(value):
            _conforms(item, spec[0], f"{where}[{index}]", text)
    elif isinstance(spec, tuple):
        _expect(value, dict, where, text)
        for key, item in value.items():
            _conforms(item, spec[1], f"{where}.{_shown(key, 40)}", text)
    else:
        _expect(value, spec, where, text)


def _expect(value: object, kind: type, where: str, text: Text) -> None:
    ok = type(value) is int if kind is int else isinstance(value, kind)
    if not ok:
        raise Skipped(text("file.type", where=where, expected=text(f"type.{_TYPE_NAMES[kind]}"),
                           got=text(f"type.{_type_name(value)}")))


_TYPE_NAMES = {str: "string", int: "integer", bool: "boolean", list: "list", dict: "object"}


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number"
    return _TYPE_NAMES.get(type(value), "object")


# "receipt_x.json" before "receipt_x (1).json", the copy a browser makes of it.
_COPY = re.compile(r"^(?P<stem>.*?) \((?P<n>\d+)\)$")


def _file_order(file: str) -> tuple:
    path = Path(file)
    match = _COPY.match(path.stem)
    stem, copy = (match["stem"], int(match["n"])) if match else (path.stem, 0)
    return (str(path.parent).casefold(), stem.casefold(), copy, file)


def _posix(path: str | Path) -> str:
    return Path(path).as_posix()


def _shown(value: str, limit: int) -> str:
    """A text safe for one terminal line: control characters escaped, undecodable bytes too."""
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    value = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def shown_path(path: Path | str) -> str:
    return _shown(str(path), 1000)


def _clean(value: str) -> str:
    return " ".join(value.split())


def _reason(text: Text, key: str, /, **fields) -> Reason:
    return Reason(key, text(key, **fields))


def _edition(document: dict, text: Text) -> str:
    number, day = document.get("number", ""), document.get("date", "")
    try:
        day = text.date(date.fromisoformat(day))
    except ValueError:
        pass
    return text("edition", number=number, date=day) if number or day else ""


def _moment_key(entry: Entry) -> str:
    return entry.taken.strftime("%Y-%m-%d %H:%M:%S") if entry.taken else ""


def _day(entry: Entry, text: Text) -> str:
    return text.date(entry.taken) if entry.taken else entry.taken_text


def _as_text(value: object, text: Text) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return text.date(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", text.strings["decimal"])
    return str(value)
