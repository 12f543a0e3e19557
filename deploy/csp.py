#!/usr/bin/env python3
"""Print the Content-Security-Policy that a built site satisfies.

    deploy/csp.py site-public                      # the header value, one line
    deploy/csp.py --nginx site-public              # an nginx snippet: add_header ... always;
    deploy/csp.py --nginx -o /etc/nginx/snippets/policy-portal-csp.conf site-public

Material for MkDocs puts small inline <script> elements in every page (the storage scope,
which differs with the page's depth and with site_url, the palette and the content tabs).
A strict policy allows scripts from the site itself plus exactly those inline scripts, by
the SHA-256 of their text, instead of 'unsafe-inline'. The hashes depend on the build:
run this again after every build that changes Material, the templates (overrides/) or
site_url, and reload the web server with the new value.

The build is refused (exit status 1, one line per problem) if it contains what no hash can
allow: inline event handlers (onclick=...), javascript: URLs, or scripts from another origin.
Standard library only, so it runs on the web server without the project's virtualenv.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html.parser
import os
import re
import sys
import tempfile
from pathlib import Path

# <script type=...> values that the browser executes (the HTML standard's JavaScript MIME
# type essences, "module"), and inline script-like blocks that CSP also checks against
# script-src (import maps, speculation rules). Anything else (application/json,
# application/ld+json: Material's __config) is a data block: never run, needs no hash.
JAVASCRIPT_TYPES = {
    "", "module", "importmap", "speculationrules",
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
    "text/x-javascript",
}

# Everything except script-src, whose sources are computed. Each line says why.
DIRECTIVES = [
    # Nothing that is not listed below: no frames, media, manifests, plugins.
    ("default-src", "'none'"),
    # The portal's and Material's scripts (same origin) and the hashed inline scripts.
    ("script-src", None),
    # Material's and the portal's style sheets. The build has no <style> elements and no
    # style="" attributes; the scripts set styles only through the CSSOM (element.style),
    # which CSP does not restrict. So no 'unsafe-inline'.
    ("style-src", "'self'"),
    # The favicon; Material's icons are data: SVGs in its style sheet (mask-image: url(data:)).
    ("img-src", "'self' data:"),
    # No web fonts are used (theme.font: false); a self-hosted one would be allowed.
    ("font-src", "'self'"),
    # The search index of the page's language (search/search_index.<lang>.json), fetched by Material's bundle.
    ("connect-src", "'self'"),
    # Material's search worker (assets/javascripts/workers/search.<hash>.min.js); the worker
    # loads lunr with importScripts from the same origin.
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    # The only form is Material's search box, which never submits.
    ("form-action", "'self'"),
    # The pages may be framed by the site itself only (as X-Frame-Options: SAMEORIGIN).
    ("frame-ancestors", "'self'"),
]

_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class CspError(Exception):
    """The build contains something the strict policy cannot allow."""


class _PageScanner(html.parser.HTMLParser):
    """Collects a page's executable inline scripts and what a hash cannot allow."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.inline_scripts: list[str] = []
        self.problems: list[str] = []
        self.style_elements = 0
        self.style_attributes = 0
        self._script: list[str] | None = None
        self._in_style = False

    def _where(self) -> str:
        line, column = self.getpos()
        return f"{self.name}:{line}:{column + 1}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"{self._where()}: inline event handler {name}= on <{tag}> "
                                     "(a strict script-src blocks it; move it into a script file)")
            if name in {"href", "src", "action", "formaction", "data"} and \
                    value.strip().lower().startswith("javascript:"):
                self.problems.append(f"{self._where()}: javascript: URL in {name}= on <{tag}>")
        if "style" in values:
            self.style_attributes += 1
        if tag == "style":
            self._in_style = True
            self.style_elements += 1
        if tag != "script":
            return
        if "src" in values:
            if _EXTERNAL.match(values["src"]):
                self.problems.append(f"{self._where()}: script from another origin: {values['src']}")
            return
        script_type = values.get("type", "").split(";")[0].strip().lower()
        if script_type in JAVASCRIPT_TYPES:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def script_hash(text: str) -> str:
    """The CSP source for an inline script: SHA-256 of its UTF-8 text, as the browser sees it.

    The browser's HTML parser turns CR LF and lone CR into LF before it hashes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_script_hashes(site: Path) -> list[str]:
    """The sorted, distinct hashes of every executable inline script of every page in site."""
    pages = sorted(site.rglob("*.html"))
    if not pages:
        raise CspError(f"{site}: no HTML pages (build the site first: make site-public)")
    hashes: set[str] = set()
    problems: list[str] = []
    for page in pages:
        scanner = _PageScanner(str(page))
        scanner.feed(page.read_text(encoding="utf-8"))
        scanner.close()
        problems += scanner.problems
        if scanner.style_elements or scanner.style_attributes:
            problems.append(f"{page}: {scanner.style_elements} <style> element(s) and "
                            f"{scanner.style_attributes} style= attribute(s): style-src 'self' "
                            "blocks them; review deploy/csp.py before allowing them")
        hashes.update(script_hash(text) for text in scanner.inline_scripts)
    if problems:
        raise CspError("\n".join(problems))
    return sorted(hashes)


def policy(hashes: list[str]) -> str:
    """The header value: the fixed directives, with script-src 'self' and the hashes."""
    parts = []
    for name, value in DIRECTIVES:
        if value is None:
            value = " ".join(["'self'", *hashes])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def nginx_snippet(value: str, site: Path) -> str:
    # An nginx string in double quotes: '$' would start a variable, '"' end the string.
    if re.search(r'["$\\]', value):
        raise CspError(f"policy contains a character nginx would misread: {value}")
    return (f"# Generated by deploy/csp.py from {site} — regenerate after every build that changes\n"
            "# Material, the templates or site_url. Included by deploy/nginx.conf.\n"
            f'add_header Content-Security-Policy "{value}" always;\n')


def _write_atomically(path: Path, text: str) -> None:
    """Replace path only with the complete text: a failed run never leaves an empty policy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Print the Content-Security-Policy header value for a built site "
                    "(script-src 'self' plus the SHA-256 of every inline script).")
    parser.add_argument("site", type=Path, metavar="SITE_DIR", help="the built site, e.g. site-public")
    parser.add_argument("--nginx", action="store_true",
                        help='print an nginx snippet: add_header Content-Security-Policy "..." always;')
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE (replaced only when the policy is complete) instead of stdout")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"csp.py: {args.site}: not a directory (build the site first: make site-public)", file=sys.stderr)
        return 1
    try:
        value = policy(inline_script_hashes(args.site))
        text = nginx_snippet(value, args.site) if args.nginx else value + "\n"
    except CspError as error:
        for line in str(error).splitlines():
            print(f"csp.py: {line}", file=sys.stderr)
        return 1
    if args.output:
        _write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
