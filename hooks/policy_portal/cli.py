"""The ``policy-portal`` command line: the register and item analysis for HR, and the
editors' tools (import a document, export a bank to Moodle, check the sources).

HR runs it, so what it prints is for HR: Russian by default (``--lang kk|en``), a short
summary, one ``policy-portal: …`` line per problem, exit code 2 when it cannot do its job.
argparse's own words (usage, help, argument errors) are translated too.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

from . import cli_check, cli_export, cli_import, cli_translation, register

_EPILOG = {
    "register": "пример: policy-portal register квитанции/ --site site/ --staff сотрудники.csv --out реестр-2026.xlsx",
    "analysis": "пример: policy-portal analysis квитанции/ --site site/ --out анализ-2026.xlsx",
}


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        with _argparse_language(_language(argv)):
            args = _parser().parse_args(argv)
    except _ArgumentError as error:
        text = register.Text(_language(argv))
        print(f"policy-portal: {text('error.arguments', detail=error.message, command=error.prog)}", file=sys.stderr)
        return 2
    if args.command == "import":
        return cli_import.run(args)
    if args.command == "export":
        return cli_export.run(args)
    if args.command == "check":
        return cli_check.run(args)
    if args.command == "translation":
        return cli_translation.run(args)
    text = register.Text(args.lang)
    try:
        return _register(args, text) if args.command == "register" else _analysis(args, text)
    except register.Fatal as error:
        print(f"policy-portal: {error}", file=sys.stderr)
        return 2


# Check receipts, write the register (and the staff view), print the summary.
def _register(args: argparse.Namespace, text: register.Text) -> int:
    _check_receipts_folder(args.receipts, text)
    site = register.load_site(args.site, text)
    delimiter = _delimiter(args.delimiter, text)
    as_csv = args.out.suffix.lower() == ".csv"
    staff_out = register.staff_csv_path(args.out) if as_csv and args.staff else None
    register.check_output(args.out, args.receipts, args.force, text, extra=(staff_out,) if staff_out else ())
    employees = register.read_staff(args.staff, text) if args.staff else None
    result = register.build_register(args.receipts, site, text)
    _report(args.receipts, result.problems)
    staff = register.staff_view(result.entries, employees, site, text) if employees is not None else None
    tables = [register.register_table(result, text)]
    if staff is not None:
        tables.append(register.staff_table(staff, site, text))
    if as_csv:
        outputs = [(args.out, lambda handle: register.write_csv(tables[0], handle, delimiter, text))]
        if staff_out:
            outputs.append((staff_out, lambda handle: register.write_csv(tables[1], handle, delimiter, text)))
    else:
        tables.append(register.errors_table(result.problems, text))
        outputs = [(args.out, lambda handle: register.write_xlsx(tables, handle, text))]
    register.write_files(outputs, text)
    for line in register.register_summary(result, staff, site, text):
        print(line)
    print(text("summary.written", path=", ".join(register.shown_path(path) for path, _ in outputs)))
    return 0


# Facility and discrimination of every question, from the accepted version 2 tests.
def _analysis(args: argparse.Namespace, text: register.Text) -> int:
    _check_receipts_folder(args.receipts, text)
    site = register.load_site(args.site, text)
    delimiter = _delimiter(args.delimiter, text)
    register.check_output(args.out, args.receipts, args.force, text)
    result = register.build_register(args.receipts, site, text)
    _report(args.receipts, result.problems)
    rows, attempts = register.item_analysis(result.entries, site, text)
    table = register.analysis_table(rows, text)
    if args.out.suffix.lower() == ".csv":
        register.write_files([(args.out, lambda handle: register.write_csv(table, handle, delimiter, text))], text)
    else:
        tables = [table, register.errors_table(result.problems, text)]
        register.write_files([(args.out, lambda handle: register.write_xlsx(tables, handle, text))], text)
    print(text("summary.analysis", attempts=attempts, questions=len(rows), flagged=sum(map(register.needs_rewrite, rows))))
    if result.problems:
        print(text("summary.skipped", count=len(result.problems)))
    print(text("summary.written", path=register.shown_path(args.out)))
    return 0


# ---------------------------------------------------------------------------------------


class _ArgumentError(Exception):
    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (printed by ``main``), not usage and a traceback."""

    def error(self, message: str):
        raise _ArgumentError(self.prog, message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="policy-portal", description="Инструменты портала политик.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{register,analysis,import,export,check,translation}")
    build = commands.add_parser(
        "register", help="журнал ознакомления из квитанций (.xlsx или .csv)", epilog=_EPILOG["register"],
        description="Проверяет квитанции тестов и форм и записывает журнал ознакомления: лист «Реестр» "
                    "(каждая квитанция со статусом и причиной), «Сотрудники» (с --staff: кто что сделал и "
                    "чего нет), «Ошибки» (пропущенные файлы).")
    _common(build, "register.xlsx", "реестр: .xlsx (Excel) или .csv; с --staff в CSV список сотрудников "
                                    "пишется рядом, в ИМЯ-staff.csv (по умолчанию: register.xlsx)")
    build.add_argument("--staff", type=Path, metavar="СОТРУДНИКИ",
                       help="список сотрудников (.csv или .xlsx) со столбцами ФИО, должность, подразделение")
    analysis = commands.add_parser(
        "analysis", help="статистика вопросов тестов, как в Moodle", epilog=_EPILOG["analysis"],
        description="По принятым квитанциям тестов (версии 2, с ответами): сколько раз показан каждый вопрос, "
                    "индекс лёгкости (% верных) и индекс дискриминации (корреляция с остальным тестом × 100, "
                    "как в Moodle); отмечает вопросы, которые стоит переписать.")
    _common(analysis, "item-analysis.xlsx", "результат: .xlsx или .csv (по умолчанию: item-analysis.xlsx)")
    cli_import.add_parser(commands)
    cli_export.add_parser(commands)
    cli_check.add_parser(commands)
    cli_translation.add_parser(commands)
    return parser


def _common(command: argparse.ArgumentParser, default_out: str, out_help: str) -> None:
    command.add_argument("receipts", type=Path, metavar="КВИТАНЦИИ",
                         help="папка с квитанциями (*.json, включая вложенные папки)")
    command.add_argument("--site", type=Path, default=Path("site"),
                         help="собранный сайт для сотрудников: clauses.json и training.json (по умолчанию: site)")
    command.add_argument("--out", type=Path, default=Path(default_out), help=out_help)
    command.add_argument("--lang", choices=register.LANGUAGES, default="ru",
                         help="язык заголовков, статусов и сообщений: ru, kk или en (по умолчанию: ru)")
    command.add_argument("--delimiter", help="разделитель CSV (по умолчанию «;» для ru и kk, «,» для en)")
    command.add_argument("--force", action="store_true", help="заменить уже существующий файл")


def _check_receipts_folder(folder: Path, text: register.Text) -> None:
    if not folder.exists():
        raise register.Fatal(text("error.no_receipts", path=folder))
    if not folder.is_dir():
        raise register.Fatal(text("error.receipts_not_folder", path=folder))


def _delimiter(value: str | None, text: register.Text) -> str:
    if value is None:
        return "," if text.language == "en" else ";"
    value = {"tab": "\t", "\\t": "\t"}.get(value, value)
    if len(value) != 1 or value in '"\r\n':
        raise register.Fatal(text("error.delimiter", value=repr(value)))
    return value


def _report(folder: Path, problems: list[register.Problem]) -> None:
    for problem in problems:
        print(f"policy-portal: {register.shown_path(folder / problem.file)}: {problem.message}", file=sys.stderr)


# argparse's messages (usage, help headings, argument errors) in the user's language. argparse
# looks its words up through its module-level gettext function at call time.
_ARGPARSE = {
    "ru": {
        "usage: ": "использование: ",
        "positional arguments": "аргументы",
        "options": "параметры",
        "show this help message and exit": "показать эту справку и выйти",
        "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
        "unrecognized arguments: %s": "непонятные аргументы: %s",
        "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (возможны: %(choices)s)",
        "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
        "expected one argument": "ожидается одно значение",
        "invalid %(type)s value: %(value)r": "недопустимое значение: %(value)r",
        "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: подходят %(matches)s",
        "expected at least one argument": "ожидается хотя бы одно значение",
        "expected at most one argument": "ожидается не больше одного значения",
    },
    "kk": {
        "usage: ": "қолданылуы: ",
        "positional arguments": "аргументтер",
        "options": "параметрлер",
        "show this help message and exit": "осы анықтаманы көрсету және шығу",
        "the following arguments are required: %s": "міндетті аргументтер көрсетілмеген: %s",
        "unrecognized arguments: %s": "түсініксіз аргументтер: %s",
        "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r мәніне жол берілмейді (мүмкін мәндер: %(choices)s)",
        "argument %(argument_name)s: %(message)s": "%(argument_name)s аргументі: %(message)s",
        "expected one argument": "бір мән күтіледі",
        "invalid %(type)s value: %(value)r": "жарамсыз мән: %(value)r",
        "ambiguous option: %(option)s could match %(matches)s": "%(option)s параметрі екіұшты: %(matches)s сәйкес келеді",
        "expected at least one argument": "кемінде бір мән күтіледі",
        "expected at most one argument": "бір мәннен артық емес күтіледі",
    },
}


@contextmanager
def _argparse_language(language: str):
    table = _ARGPARSE.get(language, {})
    original = argparse._
    argparse._ = lambda message: table.get(message, original(message))
    try:
        yield
    finally:
        argparse._ = original


# The language of an argument error, read before the arguments are understood.
def _language(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None
        if value in register.LANGUAGES:
            return value
    return "ru"


# A Kazakh name printed to a Windows console in cp1251 must not end the run.
def _tolerant_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
