"""``policy-portal import``: a plain-text copy of a document → a draft document page.

Compliance officers run it, so it speaks Russian: what was written, then every place the
editor still has to settle as a clickable ``file:line:col: …`` line, and one
``policy-portal: …`` line with exit code 2 when it cannot do its job. ``cli.py`` adds the
command with :func:`add_parser` and runs it with :func:`run`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from . import importer
from .documents import parse_document
from .errors import SourceError

EPILOG = "пример: policy-portal import политика.txt -o docs/anti-corruption.md"
_ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")
# A page larger than this is refused by the build (yaml_source.MAX_SIZE); no single document is.
MAX_SOURCE_BYTES = 2 * 1024 * 1024
# Russian forms for 1, 2–4 and 5 or more.
_KINDS = (("heading", ("заголовок", "заголовка", "заголовков")), ("clause", ("пункт", "пункта", "пунктов")),
          ("subitem", ("подпункт", "подпункта", "подпунктов")),
          ("item", ("пункт с тире", "пункта с тире", "пунктов с тире")), ("paragraph", ("абзац", "абзаца", "абзацев")),
          ("table", ("таблица", "таблицы", "таблиц")))


class _Failure(Exception):
    """The import cannot be done; the message is one Russian sentence."""


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``import`` to the subcommands of ``policy-portal``."""
    parser = commands.add_parser(
        "import", help="черновик страницы документа из текстовой копии (.txt)", epilog=EPILOG,
        description="Превращает текстовую копию нормативного документа в страницу портала: шапка с реквизитами, "
                    "заголовки, пункты и подпункты с адресами, приложения и формы. Текст не меняется; исправленные "
                    "артефакты преобразования перечислены в editorial_notes, а то, что решить нельзя, помечено "
                    "«policy-portal: TODO» — сборка не пройдёт, пока редактор это не решит.")
    parser.add_argument("source", type=Path, metavar="ТЕКСТ", help="текстовая копия документа (.txt в UTF-8)")
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="СТРАНИЦА",
                        help="страница документа, которую нужно записать, например docs/anti-corruption.md")
    parser.add_argument("--id", dest="doc_id", metavar="ID",
                        help="id документа: строчные латинские буквы, цифры и «-» (по умолчанию: имя страницы без .md)")
    parser.add_argument("--encoding", metavar="КОДИРОВКА",
                        help="кодировка текста, если он не в UTF-8, например cp1251 (Windows-1251)")
    parser.add_argument("--force", action="store_true", help="заменить уже существующую страницу")
    parser.set_defaults(lang="ru")  # cli.main reads args.lang before dispatching
    return parser


def run(args: argparse.Namespace) -> int:
    """Import ``args.source`` into ``args.out``; 0 on success, 1 if the page needs a fix, 2 on failure."""
    try:
        return _import(args.source, args.out, args.doc_id, args.encoding, args.force)
    except _Failure as error:
        print(f"policy-portal: {error}", file=sys.stderr)
        return 2


# ---------------------------------------------------------------------------------------


def _import(source: Path, out: Path, doc_id: str | None, encoding: str | None, force: bool) -> int:
    doc_id = doc_id or out.stem
    _check_paths(source, out, doc_id, force)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise _Failure(f"не удалось прочитать {source}: {error.strerror}") from None
    try:
        text = importer.decode(data, encoding)
        conversion = importer.convert(text, doc_id, source.name, encoding_note=f"перекодировано из {encoding}" if encoding else "")
    except importer.ImportFailure as error:
        raise _Failure(f"{source}: {error}") from None
    _write(out, conversion.page)
    _summary(out, conversion, encoding)
    try:
        parse_document(importer.settled(conversion.page), str(out))
    except SourceError as error:
        print(f"policy-portal: внимание: страница записана, но не соберётся и после снятия пометок: {error}", file=sys.stderr)
        return 1
    return 0


def _check_paths(source: Path, out: Path, doc_id: str, force: bool) -> None:
    if not source.exists():
        raise _Failure(f"файл {source} не найден")
    if source.is_dir():
        raise _Failure(f"{source} — это папка, а нужен текстовый файл документа (.txt)")
    if source.stat().st_size > MAX_SOURCE_BYTES:
        raise _Failure(f"{source} больше {MAX_SOURCE_BYTES // 1024 // 1024} МБ — это не текстовая копия одного документа")
    if out.suffix.lower() != ".md":
        raise _Failure(f"страница документа должна быть файлом .md, а указано {out}")
    if out.is_dir():
        raise _Failure(f"{out} — это папка, а нужен файл страницы .md")
    if not out.parent.is_dir():
        raise _Failure(f"папки {out.parent} нет; создайте её или укажите другую страницу")
    if out.exists() and out.resolve() == source.resolve():
        raise _Failure(f"страница {out} и текстовая копия — один и тот же файл")
    if out.exists() and not force:
        raise _Failure(f"{out} уже существует; чтобы заменить страницу, добавьте --force")
    if not _ID_RE.match(doc_id):
        raise _Failure(f"id документа {doc_id!r} не подходит: нужны строчные латинские буквы, цифры и «-», "
                       f"например anti-corruption; укажите его в --id")


# Write to a temporary file beside the page, then put it in place: never half a page.
def _write(out: Path, page: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(page)
        os.replace(temporary, out)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _Failure(f"не удалось записать {out}: {error.strerror}") from None


def _summary(out: Path, conversion: importer.Conversion, encoding: str | None) -> None:
    counts = ", ".join(_count(conversion.counts[kind], forms) for kind, forms in _KINDS if conversion.counts[kind])
    print(f"Записана страница {out}: {counts}.")
    if encoding:
        print(f"Текст прочитан в кодировке {encoding}; это указано в поле source.")
    if conversion.notes:
        print(f"Записей в editorial_notes: {len(conversion.notes)} (исправленные артефакты преобразования и замечания "
              f"о нумерации); сверьте каждую с оригиналом.")
    left = importer.markers(conversion.page)
    if left:
        print(f"Решить редактору ({len(left)}; сборка не пройдёт, пока это есть):")
        for marker in left:
            print(f"  {out}:{marker.line}:{marker.column}: {marker.advice}")
    print("Затем соберите сайт: make site.")


def _count(number: int, forms: tuple[str, str, str]) -> str:
    if number % 10 == 1 and number % 100 != 11:
        return f"{number} {forms[0]}"
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return f"{number} {forms[1]}"
    return f"{number} {forms[2]}"
