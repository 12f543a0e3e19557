# Two commands for a newcomer: `make serve` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs
CHROMIUM := /usr/bin/chromium

.PHONY: serve site site-public site-offline test test-deps chromium bench-search bench-import bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(MKDOCS) serve --livereload --dev-addr 127.0.0.1:8000

site: $(VENV)/.installed
	$(MKDOCS) build --strict --config-file mkdocs.yml

# The public sites, one per organisation (mkdocs.public.<organisation>.yml, into
# site-public/<organisation>/): all of them, or one with ORG=hospital. SITE_URL=https://… is the
# address the site is served from (canonical links, sitemap).
ORGS := $(patsubst mkdocs.public.%.yml,%,$(wildcard mkdocs.public.*.yml))
ORG ?= $(ORGS)
site-public: $(VENV)/.installed
	@for org in $(ORG); do \
	  test -f mkdocs.public.$$org.yml || { echo "No mkdocs.public.$$org.yml (organisations: $(ORGS))"; exit 2; }; \
	  echo "Public site of $$org: site-public/$$org/"; \
	  $(MKDOCS) build --strict --config-file mkdocs.public.$$org.yml || exit 1; \
	done

site-offline: $(VENV)/.installed
	$(MKDOCS) build --strict --config-file mkdocs.offline.yml

# Debian's Chromium for the browser tests (CI runs as root in a fresh clone).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

test-deps: $(VENV)/.installed-test chromium

test: test-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest

# Prints recall and latency of the portal's search next to Material's plain search.
bench-search: test-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/python site_tests/bench_search.py

# Prints how much of the curated pages `policy-portal import` reproduces from the seed texts.
bench-import: $(VENV)/.installed
	$(BIN)/python site_tests/bench_import.py

# Builds 10, 50 and 200 synthetic policies next to plain Material; build time, memory, serve
# rebuild, page weight, search delay and Lighthouse (npm); rewrites its section of BENCHMARKS.md.
bench: test-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/python site_tests/bench_build.py

clean:
	rm -rf site site-public site-offline
