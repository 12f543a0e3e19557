"""The deployment example (deploy/): the Content-Security-Policy that deploy/csp.py computes
allows the public build to work in Chromium and nothing more, and deploy/nginx.conf sends it
with the other headers and the right cache lifetimes."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ROOT
from search_harness import load_cases, matches, search

pytestmark = pytest.mark.browser

DEPLOY = ROOT / "deploy"
CSP_PY = DEPLOY / "csp.py"
NGINX_CONF = DEPLOY / "nginx.conf"
CSP_SNIPPET = "/etc/nginx/snippets/policy-portal-csp.conf"
# Collects every CSP violation of a document (a fresh list for each page load).
COLLECT_VIOLATIONS = ("window.__csp = [];"
                      "document.addEventListener('securitypolicyviolation',"
                      " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


def run_csp(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CSP_PY), *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def policy(public_site) -> str:
    result = run_csp(str(public_site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1
    return result.stdout.strip()


def directives(value: str) -> dict[str, list[str]]:
    parsed = {}
    for part in value.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = sources
    return parsed


# --- What the build contains, found independently of deploy/csp.py ----------------------

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def inline_scripts(html: str) -> tuple[list[str], list[str]]:
    """(executable inline scripts, types of inline data blocks) of one page."""
    scripts, data_types = [], []
    for attributes, body in SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            assert body.strip() == ""
            continue
        match = TYPE.search(attributes)
        script_type = next((g for g in match.groups() if g is not None), "").strip().lower() if match else ""
        if script_type in {"", "text/javascript", "application/javascript", "module"}:
            scripts.append(body)
        else:
            data_types.append(script_type)
    return scripts, data_types


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_every_page_is_checked_and_only_json_data_blocks_are_left_unhashed(public_site):
    found = pages(public_site)
    assert set(found) == {f"{language}{page}" for language in ("", "kk/", "en/")
                          for page in ("index.html", "anti-corruption/index.html", "personal-data/index.html")} | {"404.html"}
    for name, html in found.items():
        scripts, data_types = inline_scripts(html)
        # Material's storage scope first, then palette and content tabs; its __config is JSON.
        assert len(scripts) == 3 and scripts[0].startswith("__md_scope=new URL("), name
        assert data_types == ["application/json"], name


def test_policy_hashes_exactly_the_inline_scripts_of_the_build(public_site, policy):
    expected = sorted({sha256_source(script) for html in pages(public_site).values()
                       for script in inline_scripts(html)[0]})
    # The scope script differs with the page's depth (".", "..", "../.." under /kk/ and /en/)
    # and in 404.html ("/").
    assert len(expected) == 6
    assert directives(policy)["script-src"] == ["'self'", *expected]


def test_policy_is_strict(policy):
    hashes = " ".join(directives(policy)["script-src"][1:])
    assert policy == (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'self'")
    assert "unsafe" not in policy


def test_build_has_nothing_a_hash_cannot_allow(public_site):
    """No inline handlers or javascript: URLs (script-src), no inline styles (style-src 'self')."""
    for name, html in pages(public_site).items():
        tags = re.findall(r"<[a-zA-Z][^>]*>", SCRIPT.sub("", html))
        assert [t for t in tags if re.search(r"\son[a-z]+\s*=", t, re.IGNORECASE)] == [], name
        assert "javascript:" not in html.lower(), name
        assert [t for t in tags if re.search(r"\sstyle\s*=", t, re.IGNORECASE)] == [], name
        assert re.search(r"<style\b", html, re.IGNORECASE) is None, name


def test_csp_py_writes_the_nginx_snippet(public_site, policy, tmp_path):
    out = tmp_path / "snippets" / "policy-portal-csp.conf"
    result = run_csp("--nginx", "-o", str(out), str(public_site))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8") == (
        f"# Generated by deploy/csp.py from {public_site} — regenerate after every build that changes\n"
        "# Material, the templates or site_url. Included by deploy/nginx.conf.\n"
        f'add_header Content-Security-Policy "{policy}" always;\n')
    assert run_csp("--nginx", str(public_site)).stdout == out.read_text(encoding="utf-8")


def _tiny_site(root: Path, body: bytes) -> Path:
    root.mkdir(parents=True)
    (root / "index.html").write_bytes(b"<!doctype html><html><head><meta charset=utf-8></head><body>"
                                      + body + b"</body></html>")
    return root


def test_csp_py_hashes_what_the_browser_hashes(tmp_path):
    """CR LF becomes LF before hashing; UTF-8 text; modules hashed; JSON data blocks not."""
    site = _tiny_site(tmp_path / "site", "<script>\r\nwindow.a = 'ёж';\r\n</script>"
                      "<script type=module>window.b = 1</script>"
                      '<script type="application/json">{"c": 1}</script>'.encode("utf-8"))
    result = run_csp(str(site))
    assert directives(result.stdout)["script-src"] == ["'self'", *sorted(
        [sha256_source("\nwindow.a = 'ёж';\n"), sha256_source("window.b = 1")])]


@pytest.mark.parametrize(("markup", "problem"), [
    (b'<button onclick="go()">x</button>', "index.html:1:61: inline event handler onclick= on <button>"),
    (b'<a href="javascript:go()">x</a>', "index.html:1:61: javascript: URL in href= on <a>"),
    (b'<script src="https://cdn.example/x.js"></script>',
     "index.html:1:61: script from another origin: https://cdn.example/x.js"),
    (b'<p style="color:red">x</p>', "index.html: 0 <style> element(s) and 1 style= attribute(s)"),
])
def test_csp_py_refuses_what_no_hash_allows_and_keeps_the_old_snippet(tmp_path, markup, problem):
    site = _tiny_site(tmp_path / "site", markup)
    out = tmp_path / "csp.conf"
    out.write_text("previous policy\n", encoding="utf-8")
    result = run_csp("--nginx", "-o", str(out), str(site))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"csp.py: {site}/{problem}")
    assert out.read_text(encoding="utf-8") == "previous policy\n"


def test_csp_py_refuses_a_folder_without_pages(tmp_path):
    result = run_csp(str(tmp_path))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"csp.py: {tmp_path}: no HTML pages (build the site first: make site-public)\n"


# --- deploy/nginx.conf ------------------------------------------------------------------

TOKEN = re.compile(r"""(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<comment>\#[^\n]*)"""
                   r"""|(?P<punct>[{};])|(?P<word>[^\s{};"'\#][^\s{};"']*)""")


def nginx_tree(text: str) -> list:
    """nginx configuration as [(directive, [arguments], [children] or None)]."""
    stack: list[list] = [[]]
    words: list[str] = []
    for match in TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "comment":
            continue
        if kind == "string":
            words.append(re.sub(r"\\(.)", r"\1", value[1:-1]))
        elif kind == "word":
            words.append(value)
        elif value == ";":
            stack[-1].append((words[0], words[1:], None))
            words = []
        elif value == "{":
            block: list = []
            stack[-1].append((words[0], words[1:], block))
            stack.append(block)
            words = []
        else:
            assert words == [], words
            stack.pop()
    assert len(stack) == 1 and words == []
    return stack[0]


def directives_of(block: list, name: str) -> list[list[str]]:
    return [args for directive, args, _ in block if directive == name]


def nginx_blocks():
    tree = nginx_tree(NGINX_CONF.read_text(encoding="utf-8"))
    servers = [children for name, _, children in tree if name == "server"]
    https = [s for s in servers if ["443", "ssl"] in directives_of(s, "listen")]
    assert len(servers) == 2 and len(https) == 1
    maps = {args[1]: children for name, args, children in tree if name == "map"}
    return tree, https[0], next(s for s in servers if s is not https[0]), maps


def cache_control(uri: str) -> str:
    """The Cache-Control nginx sends for a path: its map, emulated (first matching regex)."""
    _, server, _, maps = nginx_blocks()
    header = [args for args in directives_of(server, "add_header") if args[0] == "Cache-Control"]
    assert header == [["Cache-Control", "$policy_portal_cache_control", "always"]]
    default = None
    for key, (value,), _ in maps["$policy_portal_cache_control"]:
        if key == "default":
            default = value
        elif re.search(key.removeprefix("~"), uri):
            return value
    return default


def nginx_headers(policy: str, uri: str) -> list[tuple[str, str]]:
    """The headers nginx adds to a response: the server's add_header lines and the CSP snippet."""
    _, server, _, _ = nginx_blocks()
    headers = [("Content-Security-Policy", policy)]
    for name, value, *_ in directives_of(server, "add_header"):
        headers.append((name, cache_control(uri) if value.startswith("$") else value))
    return headers


def test_nginx_sets_every_header_once_always_and_only_at_server_level(policy):
    tree, server, redirect, _ = nginx_blocks()
    assert directives_of(server, "include") == [[CSP_SNIPPET]]
    assert directives_of(server, "add_header") == [
        ["X-Content-Type-Options", "nosniff", "always"],
        ["Referrer-Policy", "no-referrer", "always"],
        ["X-Frame-Options", "SAMEORIGIN", "always"],
        ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()", "always"],
        ["Strict-Transport-Security", "max-age=31536000", "always"],
        ["Cache-Control", "$policy_portal_cache_control", "always"],
    ]
    assert directives(policy)["frame-ancestors"] == ["'self'"]  # as X-Frame-Options: SAMEORIGIN

    # nginx does not inherit add_header into a block that has its own: none may have one.
    def nested(block: list) -> list:
        found = []
        for name, _, children in block:
            if children is not None:
                found += [(name, d) for d, _, _ in children if d in {"add_header", "include", "if"}]
                found += nested(children)
        return found
    assert nested(server) == []
    assert [name for name, _, children in tree if children is None] == []
    assert directives_of(redirect, "return") == [["301", "https://$host$request_uri"]]


def test_nginx_serves_the_public_build_compressed(public_site):
    _, server, _, _ = nginx_blocks()
    assert directives_of(server, "root")[0][0].endswith("/site-public")
    assert directives_of(server, "error_page") == [["404", "/404.html"]]
    assert (public_site / "404.html").is_file()
    assert directives_of(server, "gzip") == [["on"]]
    # text/html is compressed without being listed (nginx warns if it is).
    assert set(directives_of(server, "gzip_types")[0]) == {
        "text/css", "application/javascript", "text/javascript", "application/json",
        "application/xml", "text/xml", "image/svg+xml"}


HASHED_NAME = re.compile(r"^[a-z]+\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")


def test_only_files_with_a_content_hash_in_their_name_are_cached_for_a_year(public_site):
    files = sorted(p.relative_to(public_site).as_posix() for p in public_site.rglob("*") if p.is_file())
    lifetimes = {name: cache_control("/" + name) for name in files}
    assert set(lifetimes.values()) == {"public, max-age=31536000, immutable", "no-cache"}
    year = sorted(name for name, value in lifetimes.items() if "immutable" in value)
    assert year == sorted(name for name in files if HASHED_NAME.match(name.rsplit("/", 1)[-1]))
    # Material's bundle, its search worker and its two style sheets, each with its source map.
    prefixes = ["assets/javascripts/bundle.", "assets/javascripts/workers/search.",
                "assets/stylesheets/main.", "assets/stylesheets/palette."]
    assert sorted((p, n.endswith(".map")) for n in year for p in prefixes if n.startswith(p)) == \
        sorted((p, m) for p in prefixes for m in (False, True))
    assert len(year) == 8
    # What the pages load by a hashed name is among them (the worker through __config).
    index = (public_site / "index.html").read_text(encoding="utf-8")
    for name in re.findall(r'(?:src|href)="(assets/[^"]+\.[0-9a-f]{8}\.min\.(?:js|css))"', index) + \
            re.findall(r'"search": "(assets/[^"]+)"', index):
        assert name in year
    for name in ["index.html", "404.html", "search/search_index.ru.json", "clauses.json", "sitemap.xml",
                 "assets/stylesheets/portal.css", "assets/javascripts/search-bridge.js",
                 "assets/javascripts/lunr/min/lunr.ru.min.js", "assets/images/favicon.png"]:
        assert lifetimes[name] == "no-cache", name


def _nginx_binary() -> str | None:
    # Not $NGINX: nginx reads that variable itself (sockets inherited on binary upgrade).
    for candidate in (os.environ.get("POLICY_PORTAL_NGINX"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def test_nginx_accepts_the_configuration(public_site, tmp_path):
    nginx = _nginx_binary()
    if nginx is None:
        pytest.skip("no nginx binary (POLICY_PORTAL_NGINX=/path/to/nginx to check deploy/nginx.conf)")
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make the test certificate")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    assert run_csp("--nginx", "-o", str(tmp_path / "csp.conf"), str(public_site)).returncode == 0
    site = NGINX_CONF.read_text(encoding="utf-8")
    for placeholder, real in [(CSP_SNIPPET, tmp_path / "csp.conf"),
                              ("/etc/ssl/certs/policies.example.org.pem", tmp_path / "cert.pem"),
                              ("/etc/ssl/private/policies.example.org.key", tmp_path / "key.pem"),
                              ("/srv/policy-portal/site-public", public_site)]:
        assert site.count(f" {placeholder};") == 1, placeholder  # the directive, not a comment
        site = site.replace(f" {placeholder};", f" {real};")
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    # Temporary folders of the modules this nginx has (a test run must not need /var/lib/nginx).
    version = subprocess.run([nginx, "-V"], capture_output=True, text=True, check=False).stderr
    temp = " ".join(f"{module}_temp_path {tmp_path}/temp;" for module in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
                    if module == "client_body" or f"--without-http_{module}_module" not in version)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        "http {\n  types { text/html html; text/css css; application/javascript js; application/json json; }\n"
        f"  access_log off; {temp}\n  include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if name != "NGINX"}
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
                            capture_output=True, text=True, check=False, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "syntax is ok" in output and "test is successful" in output
    assert "[warn]" not in output and "[emerg]" not in output, output


# --- The CI examples and the guide ------------------------------------------------------

def test_ci_examples_build_and_publish_the_public_site_only():
    github = yaml.safe_load((DEPLOY / "github-actions.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any(re.search(r'SITE_URL="[^"]+" make site-public ORG=hospital$', run) for run in runs), runs
    assert any("deploy/csp.py --nginx -o policy-portal-csp.conf site-public/hospital" in run for run in runs)
    assert [s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")] \
        == ["site-public/hospital"]
    assert [s["uses"].split("@")[0] for s in github["jobs"]["deploy"]["steps"]] == ["actions/deploy-pages"]

    gitlab = yaml.safe_load((DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = gitlab["pages"]
    assert "make site-public ORG=hospital" in job["script"]
    assert any(line.startswith('export SITE_URL="') for line in job["script"])
    assert job["pages"] == {"publish": "site-public/hospital"}
    assert "site-public/hospital" in job["artifacts"]["paths"]

    for text in [(DEPLOY / name).read_text(encoding="utf-8") for name in ("github-actions.yml", "gitlab-ci.yml")]:
        commands = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        assert not any(re.search(r"make site\b(?!-)|gh-deploy|mkdocs build", line) for line in commands)


def test_readme_names_the_snippet_nginx_includes_and_warns_about_gh_deploy():
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert f"deploy/csp.py --nginx -o {CSP_SNIPPET} site-public/hospital" in readme
    assert "mkdocs gh-deploy -f mkdocs.public.hospital.yml" in readme
    assert "**staff**" in readme


# --- In Chromium, served with the headers nginx sends -----------------------------------

class _DeployHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a build as deploy/nginx.conf does: its headers on every response, 404.html."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.server.headers_for(unquote(urlsplit(self.path).path)):
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_with_headers(directory: Path, headers_for):
    """Serve a directory on 127.0.0.1 (random port) with headers; return (server, base URL)."""
    handler = functools.partial(_DeployHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.headers_for = headers_for
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture
def watched(browser):
    """A page that records CSP violations, console messages and uncaught errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.console_messages_seen = []
    page.errors_seen = []
    page.on("console", lambda m: page.console_messages_seen.append((m.type, m.text, m.location.get("url"))))
    page.on("pageerror", lambda error: page.errors_seen.append(str(error)))
    yield page
    context.close()


def test_chromium_runs_exactly_the_hashed_inline_scripts(watched, tmp_path):
    """The hashes csp.py prints are the ones Chromium computes; a missing one is a violation."""
    site = _tiny_site(tmp_path / "site", "<script>\r\nwindow.a = 'ёж';\r\n</script>"
                      "<script type=module>window.b = 1</script>"
                      '<script type="application/json">{"c": 1}</script>'.encode("utf-8"))
    policy = run_csp(str(site)).stdout.strip()
    module_hash = sha256_source("window.b = 1")
    for served, expected in [(policy, ["ёж", 1, []]),
                             (policy.replace(" " + module_hash, ""), ["ёж", None, ["script-src-elem inline"]])]:
        server, url = serve_with_headers(site, lambda path, served=served: [("Content-Security-Policy", served)])
        try:
            watched.goto(url)
            watched.wait_for_load_state("load")
            assert watched.evaluate("[window.a, window.b ?? null, window.__csp]") == expected
        finally:
            server.shutdown()


def test_the_public_site_works_under_the_policy(watched, public_site, policy):
    # Waits are written as functions: Playwright eval()s a function's text once, at the start,
    # but an expression again on every poll, and the policy (no 'unsafe-eval') refuses that.
    page = watched
    server, base = serve_with_headers(public_site, lambda path: nginx_headers(policy, path))
    violations: list[str] = []

    def visit(path: str, status: int = 200):
        response = page.goto(base + path)
        assert response.status == status
        assert response.headers["content-security-policy"] == policy
        assert response.headers["x-content-type-options"] == "nosniff"
        page.wait_for_load_state("load")
        # The inline scope script and Material's bundle both ran.
        ran = page.evaluate("typeof __md_get === 'function' && !document.documentElement.classList.contains('no-js')")
        assert ran, f"{path}: scripts did not run; CSP violations: {page.evaluate('window.__csp')}"

    def collect():
        violations.extend(f"{page.url}: {v}" for v in page.evaluate("window.__csp.splice(0)"))

    try:
        visit("")
        assert page.locator("a[href='anti-corruption/']").count() >= 1
        collect()

        # A deep link to a clause, then its permalink, scrolling in between.
        visit("anti-corruption/#p14")
        assert page.evaluate("document.querySelector(':target')?.id") == "p14"
        # In view, below Material's sticky header (its style sheet and scroll margins apply).
        header, top = page.evaluate("[document.querySelector('.md-header').getBoundingClientRect().bottom,"
                                    " document.getElementById('p14').getBoundingClientRect().top]")
        assert 40 <= header <= top < 900
        start = page.evaluate("window.scrollY")
        page.mouse.wheel(0, 6000)
        page.wait_for_function("start => window.scrollY > start + 2000", arg=start)
        page.click("a.clause__permalink[href='#p14-3']")
        page.wait_for_function("() => document.querySelector(':target')?.id === 'p14-3'")
        assert page.url == base + "anti-corruption/#p14-3"
        # document-page.js ran: it names the page's address for printouts.
        assert page.locator("[data-print-url]").first.text_content() == base + "anti-corruption/"
        page.emulate_media(media="print")
        assert len(page.pdf(format="A4")) > 10_000
        page.emulate_media(media="screen")
        collect()

        visit("personal-data/")
        page.keyboard.press("End")
        page.wait_for_function("() => window.scrollY > 2000")
        page.emulate_media(media="print")
        page.emulate_media(media="screen")
        collect()

        # Search through the UI (?q=): worker, index and the portal's bridge are all allowed.
        case = next(case for case in load_cases() if case["query"] == "взятка")
        hits = search(page, base, "взятка")
        assert any(matches(case, hit) for hit in hits[:5]), hits
        assert page.locator(".md-search-result__item").count() >= 1
        collect()

        # Material's 404 page, as nginx's error_page serves it.
        visit("no-such-page/", status=404)
        collect()

        # The listener works and the policy is enforced: an injected inline script is blocked.
        console_before_injection = list(page.console_messages_seen)
        page.evaluate("() => { const s = document.createElement('script');"
                      " s.textContent = 'window.__injected = true'; document.body.append(s); }")
        page.wait_for_function("() => window.__csp.length > 0")
        assert page.evaluate("[window.__injected ?? null, window.__csp]") == [None, ["script-src-elem inline"]]
    finally:
        server.shutdown()

    assert violations == []
    assert page.errors_seen == []
    # No console line about CSP (or Permissions-Policy) until the injected script's one.
    about_policies = [m for m in page.console_messages_seen
                      if "Content Security Policy" in m[1] or "Permissions-Policy" in m[1]]
    assert [m for m in about_policies if m in console_before_injection] == []
    assert len(about_policies) == 1 and about_policies[0][1].startswith("Executing inline script violates")
    # The only other console error is the deliberately missing page.
    assert [m for m in page.console_messages_seen if m[0] == "error" and m not in about_policies] == [
        ("error", "Failed to load resource: the server responded with a status of 404 (Not Found)",
         base + "no-such-page/")]
