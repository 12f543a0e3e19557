"""``policy-portal check [PROJECT_DIR] [--all]``: the build's checks, without building.

Editors and pre-commit run it (``.pre-commit-hooks.yaml``). It prints each problem as the build
does, one ``file:line:col: …`` line on stderr, and exits 1; with nothing wrong, a one-line
Russian summary on stdout and exit 0; exit 2 when there is no project to check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import check
from .errors import SourceError

_EPILOG = "пример: policy-portal check . --all"


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``check`` to the subcommands (argparse's ``add_subparsers()`` object)."""
    parser = commands.add_parser(
        "check", help="проверить документы, банки вопросов и формы без сборки сайта", epilog=_EPILOG,
        description="Проверяет всё, что проверяет сборка: страницы docs/ (кодировка, front matter, текст "
                    "документов), банки вопросов quizzes/*.yaml (схема, правила, качество, история версий) и "
                    "формы quizzes/checklists/*.yaml. Ничего не записывает. Ошибка — одна строка "
                    "«файл:строка:столбец: …»; код выхода 1.")
    parser.add_argument("project", nargs="?", type=Path, default=Path("."), metavar="ПАПКА_ПРОЕКТА",
                        help="папка проекта с docs/ и quizzes/ (по умолчанию: текущая)")
    parser.add_argument("--all", action="store_true", dest="all_problems",
                        help="показать все ошибки, а не только первую")
    return parser


def run(args: argparse.Namespace) -> int:
    """Check the project; 0 when all is well, 1 with problems, 2 without a project."""
    project: Path = args.project
    if not (project / check.DOCS).is_dir():
        print(f"policy-portal: в папке {project} нет docs/ (ожидается папка проекта портала: docs/ и quizzes/)", file=sys.stderr)
        return 2
    try:
        result = check.check_project(project, keep_going=args.all_problems)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    for problem in result.problems:
        print(problem, file=sys.stderr)
    checked = f"Проверено: документов {result.documents}, банков {result.banks}, форм {result.forms}"
    print(f"{checked} — ошибок: {len(result.problems)}." if result.problems else f"{checked} — ошибок нет.")
    return 1 if result.problems else 0
