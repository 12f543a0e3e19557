"""``policy-portal export moodle|gift BANK.yaml -o FILE``: a question bank for Moodle's import.

The bank is loaded with the build's own checks — schema, rules, quality limits, the answer
keys recorded in ``history/`` — against the documents of the project's pages, so Moodle gets
exactly what the portal publishes. ``cli.py`` adds the command with ``add_parser`` and runs it
with ``run``; what it prints is for the person running it, in Russian, one
``policy-portal: …`` line per problem, exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.structure.files import File

from . import bank_stats, export, training_record
from .documents import LANGUAGES, Document, check_front_matter, parse_document, split_front_matter
from .errors import SourceError
from .quiz import Bank, load_bank
from .translation import parse_translation
from .register import Fatal, Text, shown_path, write_files
from .yaml_source import load

FORMATS = {"moodle": ("Moodle XML", export.moodle_xml), "gift": ("GIFT", export.gift)}
CONFIG = "mkdocs.yml"
EPILOG = ("пример: policy-portal export moodle quizzes/anti-corruption.yaml -o anti-corruption.xml "
          "--site-url https://portal.example/")


def add_parser(commands) -> argparse.ArgumentParser:
    """Add ``export`` to the subcommands of the ``policy-portal`` parser."""
    parser = commands.add_parser(
        "export", help="банк вопросов для импорта в Moodle (Moodle XML или GIFT)", epilog=EPILOG,
        description="Записывает банк вопросов в файл для импорта в Moodle 4.x (Банк вопросов → Импорт): "
                    "категория на каждую тему, пояснения — общим отзывом с пунктами документа. Банк "
                    "проверяется так же, как при сборке сайта.")
    parser.add_argument("format", metavar="ФОРМАТ", help="moodle (Moodle XML, .xml) или gift (GIFT, .txt)")
    parser.add_argument("bank", type=Path, metavar="БАНК", help="банк вопросов, например quizzes/anti-corruption.yaml")
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="ФАЙЛ", help="куда записать результат")
    parser.add_argument("--site-url", metavar="АДРЕС",
                        help="адрес опубликованного сайта, например https://portal.example/: пояснения получат "
                             "ссылки на пункты (без него — только номера пунктов)")
    parser.add_argument("--docs", type=Path, metavar="ПАПКА",
                        help="папка страниц сайта (по умолчанию docs_dir из mkdocs.yml проекта)")
    parser.add_argument("--force", action="store_true", help="заменить уже существующий файл")
    parser.add_argument("--lang", default="ru", choices=LANGUAGES, metavar="ЯЗЫК",
                        help="язык вопросов: ru (по умолчанию), kk или en — из тех, что есть в банке")
    return parser


def run(args: argparse.Namespace) -> int:
    """Export the bank; 0 when written, 2 (with one line on stderr) when not."""
    try:
        return _export(args)
    except (Fatal, SourceError) as error:
        print(f"policy-portal: {error}", file=sys.stderr)
        return 2


# ---------------------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    if args.format not in FORMATS:
        raise Fatal(f"неизвестный формат «{args.format}» — укажите moodle (Moodle XML) или gift (GIFT)")
    name, write = FORMATS[args.format]
    site_url = _site_url(args.site_url)
    bank_path: Path = args.bank
    if not bank_path.is_file():
        raise Fatal(f"{shown_path(bank_path)}: файла нет — укажите банк вопросов, например quizzes/anti-corruption.yaml")
    _check_output(args.out, bank_path, args.force)
    text = _read(bank_path, shown_path(bank_path))
    root = _project_root(bank_path)
    config = _config(root) if root else {}
    docs = _docs_folder(args.docs, root, config)
    pages, translations = _document_pages(docs, config.get("use_directory_urls", True))
    bank = load_bank(text, shown_path(bank_path), {doc_id: document for doc_id, (document, _) in pages.items()}, args.lang)
    if args.lang not in bank.languages:
        raise Fatal(f"в банке {bank.id} нет текстов на языке {args.lang} (языки банка: {', '.join(bank.languages)})")
    bank_stats.check_quality(bank, text)
    _check_history(bank, bank_path.parent / "history", text)
    document, page_url = pages[bank.document]
    # In a translated bank, citations and links are those of the document's translation.
    if args.lang != bank.languages[0] and (bank.document, args.lang) in translations:
        source, shown = translations[(bank.document, args.lang)]
        document = parse_translation(source, shown, document).document
        page_url = f"{args.lang}/{page_url}"
    clause_url = (lambda anchor: f"{site_url}{page_url}#{anchor}") if site_url else None
    try:
        output = write(bank, document, clause_url)
    except export.ExportError as error:
        raise load(text, bank.path).error(error.where, error.message) from None
    write_files([(args.out, lambda handle: handle.write(output.encode("utf-8")))], Text("ru"))
    topics = len({question.topic for question in bank.questions})
    print(f"{name}: {len(bank.questions)} {_questions(len(bank.questions))} банка {bank.id} (версия {bank.version}), "
          f"категорий: {topics} → {shown_path(args.out)}")
    if not site_url:
        print("Ссылок на пункты нет: чтобы пояснения вели на сайт, укажите --site-url, например https://portal.example/")
    return 0


# The published site's address, ending in "/", or None.
def _site_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or any(ch.isspace() for ch in value):
        raise Fatal(f"--site-url «{value}»: ожидается адрес опубликованного сайта, например https://portal.example/")
    return value if value.endswith("/") else value + "/"


def _check_output(out: Path, bank_path: Path, force: bool) -> None:
    if out.is_dir():
        raise Fatal(f"{shown_path(out)}: это папка — укажите имя файла, например {shown_path(out / 'bank.xml')}")
    if not out.parent.is_dir():
        raise Fatal(f"{shown_path(out)}: папки {shown_path(out.parent)} нет — создайте её или укажите другую")
    if out.exists() and out.resolve() == bank_path.resolve():
        raise Fatal(f"{shown_path(out)}: это сам банк вопросов — укажите другое имя файла")
    if (out.exists() or out.is_symlink()) and not force:
        raise Fatal(f"{shown_path(out)}: файл уже есть и не будет перезаписан — укажите другое имя или добавьте --force, чтобы заменить его")


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Fatal(f"{shown}: файл не в кодировке UTF-8 — сохраните его в UTF-8") from None
    except OSError as error:
        raise Fatal(f"{shown}: не удалось прочитать ({error.strerror})") from None


# The folder with mkdocs.yml: above the bank, else above the current folder.
def _project_root(bank_path: Path) -> Path | None:
    for start in (bank_path.resolve().parent, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / CONFIG).is_file():
                return folder
    return None


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may use tags (!ENV, !!python/name:…): read them as nothing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(root: Path) -> dict:
    path = root / CONFIG
    try:
        config = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise Fatal(f"{shown_path(_shown(path))}: не удалось прочитать настройки сайта ({_reason(error)})") from None
    return config if isinstance(config, dict) else {}


def _docs_folder(option: Path | None, root: Path | None, config: dict) -> Path:
    if option is not None:
        folder = option
    elif root is not None:
        folder = root / str(config.get("docs_dir") or "docs")
    else:
        raise Fatal(f"не найден {CONFIG} ни над банком, ни над текущей папкой — укажите папку страниц сайта: --docs docs")
    if not folder.is_dir():
        raise Fatal(f"{shown_path(_shown(folder))}: папки страниц нет — укажите её: --docs ПАПКА")
    return folder


# Every page whose front matter has `document:`: the originals -> (parsed document, its URL on
# the site), and the translations (document id, language) -> (source, shown path).
def _document_pages(docs: Path, directory_urls: bool):
    pages: dict[str, tuple[Document, str]] = {}
    translations: dict[tuple[str, str], tuple[str, str]] = {}
    # A translation (name.kk.md) after the page itself, as the build reads the default language.
    paths = sorted((p for p in docs.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(docs).parts)),
                   key=lambda p: (p.stem.rsplit(".", 1)[-1] in LANGUAGES and "." in p.stem, p.as_posix()))
    for path in paths:
        shown = shown_path(_shown(path))
        source = _read(path, shown)
        check_front_matter(source, shown)
        front, _, _ = split_front_matter(source)
        meta = yaml.safe_load(front) if front else None
        if not isinstance(meta, dict) or "document" not in meta:
            continue
        if "translation" in meta:
            translations[(str(meta["document"]), str(meta["translation"]))] = (source, shown)
            continue
        document = parse_document(source, shown)
        url = File(path.relative_to(docs).as_posix(), str(docs), str(docs), bool(directory_urls)).url
        pages.setdefault(document.meta.id, (document, "" if url == "./" else url))
    if not pages:
        raise Fatal(f"{shown_path(_shown(docs))}: нет ни одной страницы документа (document: в front matter) — "
                    f"укажите папку страниц сайта: --docs ПАПКА")
    return pages, translations


# A version recorded with other answers is refused as the build refuses it; nothing is written.
def _check_history(bank: Bank, history: Path, text: str) -> None:
    training_record.record_version(bank, history, text, write=False)


# A path as short as it can be shown: relative to the current folder when inside it.
def _shown(path: Path) -> Path:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else Path(relative)


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error).splitlines()[0]


def _questions(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return "вопрос"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "вопроса"
    return "вопросов"
