"""``policy-portal translation …``: the translator's tools.

* ``stamp PAGE [--anchor A …]``: a translated page records, on each anchored block, the SHA-256
  of the original block it translates (translation.py). Run it once a translator has checked
  the clauses against the current original: all of them, or those given.
* ``status PAGE``: which clauses are stale (the original changed since they were translated).
* ``extract FILE --lang xx -o OUT``: the texts of a bank or form in one language, by path,
  to send to a translator (``localise.extract``).
* ``merge FILE TRANSLATION --lang xx``: a translator's file (the same keys, translated) written
  into the bank or form as per-language texts (``localise.merge``).

What it prints is for editors, in Russian, one ``policy-portal: …`` line per problem, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import localise
from .documents import LANGUAGES, parse_document, split_front_matter
from .errors import SourceError
from .cli_export import _check_output
from .register import Fatal, Text, shown_path, write_files
from .translation import parse_translation, stamp
from .yaml_source import load, read_text

EPILOG = ("примеры: policy-portal translation stamp docs/anti-corruption.kk.md; "
          "policy-portal translation extract quizzes/anti-corruption.yaml --lang en -o перевод.yaml")


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``translation`` to the subcommands of the ``policy-portal`` parser."""
    parser = commands.add_parser(
        "translation", help="переводы: отметить сверенные пункты, найти устаревшие, выгрузить и загрузить тексты",
        epilog=EPILOG,
        description="Инструменты переводчика. Перевод документа (docs/<документ>.<язык>.md) хранит у каждого "
                    "пункта отпечаток (SHA-256) пункта оригинала, с которого он переведён; когда оригинал "
                    "меняется, пункт перевода помечается как устаревший.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="{stamp,status,extract,merge}")
    stamp_parser = actions.add_parser("stamp", help="записать отпечатки оригинала в перевод (после сверки)")
    stamp_parser.add_argument("page", type=Path, metavar="ПЕРЕВОД", help="страница перевода, например docs/anti-corruption.kk.md")
    stamp_parser.add_argument("--anchor", action="append", metavar="ЯКОРЬ",
                              help="только этот пункт (можно несколько раз); по умолчанию — все")
    status_parser = actions.add_parser("status", help="какие пункты перевода устарели")
    status_parser.add_argument("page", type=Path, metavar="ПЕРЕВОД", help="страница перевода")
    extract_parser = actions.add_parser("extract", help="выгрузить тексты банка или формы для переводчика")
    extract_parser.add_argument("file", type=Path, metavar="ФАЙЛ", help="банк quizzes/*.yaml или форма quizzes/checklists/*.yaml")
    extract_parser.add_argument("--lang", dest="language", default="ru", choices=LANGUAGES, metavar="ЯЗЫК",
                                help="язык выгружаемых текстов (по умолчанию ru)")
    extract_parser.add_argument("-o", "--out", type=Path, required=True, metavar="ФАЙЛ", help="куда записать")
    extract_parser.add_argument("--force", action="store_true", help="заменить уже существующий файл")
    merge_parser = actions.add_parser("merge", help="загрузить перевод текстов в банк или форму")
    merge_parser.add_argument("file", type=Path, metavar="ФАЙЛ", help="банк или форма")
    merge_parser.add_argument("translation", type=Path, metavar="ПЕРЕВОД", help="файл переводчика (ключи из extract)")
    merge_parser.add_argument("--lang", dest="language", required=True, choices=LANGUAGES, metavar="ЯЗЫК",
                              help="язык перевода: kk или en")
    parser.set_defaults(lang="ru")
    return parser


def run(args: argparse.Namespace) -> int:
    """0 when done, 1 when ``status`` finds stale clauses, 2 (one line on stderr) on a problem."""
    try:
        return {"stamp": _stamp, "status": _status, "extract": _extract, "merge": _merge}[args.action](args)
    except (Fatal, SourceError) as error:
        print(f"policy-portal: {error}", file=sys.stderr)
        return 2


# ---------------------------------------------------------------------------------------


def _stamp(args: argparse.Namespace) -> int:
    page, text, original, original_display = _translation_and_original(args.page)
    anchors = set(args.anchor) if args.anchor else None
    if anchors:
        known = {block.anchor for block in original.anchored()}
        unknown = sorted(anchors - known)
        if unknown:
            raise Fatal(f"в оригинале нет пункта «{unknown[0]}» — укажите якорь пункта, например p14 или p14-3")
    stamped, changed = stamp(text, original, anchors)
    # The result must be a translation the build accepts (alignment is checked here).
    parse_translation(stamped, shown_path(page), original, original_display)
    if changed:
        page.write_text(stamped, encoding="utf-8")
    print(f"Отмечено пунктов: {len(changed)}." if changed else "Все пункты уже отмечены, файл не изменён.")
    return 0


def _status(args: argparse.Namespace) -> int:
    page, text, original, original_display = _translation_and_original(args.page)
    stale = parse_translation(text, shown_path(page), original, original_display).stale
    if not stale:
        print("Все пункты перевода соответствуют оригиналу.")
        return 0
    citations = {block.anchor: block.citation for block in original.anchored()}
    print(f"Устаревших пунктов: {len(stale)} (оригинал изменился после перевода):")
    for anchor in stale:
        print(f"  {anchor} ({citations[anchor]})")
    return 1


def _extract(args: argparse.Namespace) -> int:
    path: Path = args.file
    located, fields, maps = _bank_or_form(path)
    texts = localise.extract(located, args.language, fields, maps)
    header = (f"# Тексты {shown_path(path)} ({args.language}) для перевода: переведите каждое значение, ключи не "
              f"меняйте; затем policy-portal translation merge {shown_path(path)} ЭТОТ_ФАЙЛ --lang <язык>\n")
    content = header + yaml.safe_dump(texts, allow_unicode=True, sort_keys=False, width=100)
    _check_output(args.out, path, args.force)
    write_files([(args.out, lambda handle: handle.write(content.encode("utf-8")))], Text("ru"))
    print(f"Выгружено текстов: {len(texts)} → {shown_path(args.out)}.")
    return 0


def _merge(args: argparse.Namespace) -> int:
    path: Path = args.file
    located, fields, maps = _bank_or_form(path)
    display = shown_path(args.translation)
    translated = load(read_text(args.translation, display), display)
    if not isinstance(translated.data, dict) or not all(isinstance(v, str) for v in translated.data.values()):
        raise Fatal(f"{display}: не файл перевода — ожидаются строки «путь: текст», как их выгружает translation extract")
    if localise.languages_of(located)[0] == args.language:
        raise Fatal(f"{args.language} — язык оригинала {shown_path(path)}; укажите язык перевода")
    merged = localise.merge(read_text(path, shown_path(path)), shown_path(path), {args.language: translated.data}, fields, maps)
    path.write_text(merged, encoding="utf-8")
    print(f"Перевод ({args.language}) записан в {shown_path(path)}: текстов {len(translated.data)}.")
    return 0


def _translation_and_original(page: Path):
    if not page.is_file():
        raise Fatal(f"{shown_path(page)}: файла нет — укажите страницу перевода, например docs/anti-corruption.kk.md")
    text = read_text(page, shown_path(page))
    front, _, _ = split_front_matter(text)
    meta = load(front or "", shown_path(page), first_line=2).data if front else None
    if not isinstance(meta, dict) or "translation" not in meta or "document" not in meta:
        raise Fatal(f"{shown_path(page)}: не перевод — в front matter нет document: и translation:")
    original_path = _original_of(page, str(meta["document"]))
    original_display = shown_path(original_path)
    original = parse_document(read_text(original_path, original_display), original_display)
    return page, text, original, original_display


# The original is the page of the same name without the language suffix, or any page of the
# folder whose front matter names the document (and is not a translation).
def _original_of(page: Path, document_id: str) -> Path:
    stem = page.name.split(".")[0]
    candidate = page.with_name(f"{stem}.md")
    for path in [candidate, *sorted(page.parent.glob("*.md"))]:
        if not path.is_file() or path == page:
            continue
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if front and f"document: {document_id}" in front and "translation:" not in front:
            return path
    raise Fatal(f"{shown_path(page)}: не найден оригинал документа «{document_id}» в {shown_path(page.parent)}")


def _bank_or_form(path: Path):
    if not path.is_file():
        raise Fatal(f"{shown_path(path)}: файла нет — укажите банк quizzes/*.yaml или форму quizzes/checklists/*.yaml")
    located = load(read_text(path, shown_path(path)), shown_path(path))
    if path.parent.name == "checklists":
        return located, localise.FORM_FIELDS, frozenset()
    return located, localise.BANK_FIELDS, localise.BANK_TEXT_MAPS
