# Two commands set everything up on a fresh machine (see README.md):
#   make build   build the editions (site/, dist/<name>-offline.zip and the print edition,
#                dist/<name>.pdf); a failed build leaves the last good ones in place
#                (src/thinning_hair/editions.py); PDF=0 make build skips the PDF
#   ENGINE=properdocs make build   the same with ProperDocs (or ENGINE=zensical: Zensical)
#                instead of MkDocs (MAINTAINERS.md, "Engines"); ENGINE applies to `make serve` too
#   make test    everything build needs, plus test tools, Chromium, Firefox and WebKit; runs `make lint`,
#                then pytest
# and, for authors:
#   make check   after an edit: lint, every page's front matter, snippets and citations,
#                generated files up to date, and the quick tests (seconds)
#   make test-fast  the quick tests only (tests/unit: no engine, no browser)
#   make serve   live preview on http://127.0.0.1:8000
#   make lint    Markdown (markdownlint-cli2) and UK spelling (cspell) of docs/ and includes/
#   make spelling-words  list the words cspell does not know (to check, then add to
#                project-words.txt)
#   make review-dates    name every page whose review is overdue (exit 1 if any)
#   make bench   Lighthouse, first-view weight and build figures, ours against stock
#                Material, every page (BENCH_ARGS="--pages index,finasteride --runs 1")
#   make generate  regenerate the glossary page and tooltips, the figures and the Sources page
#                from includes/ (make build and make serve do it too)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
# Material 9.8 prints an end-of-life notice on every build; it is known and not a failure.
export NO_MKDOCS_2_WARNING := 1
# The engine that builds the site: mkdocs (default), properdocs (the continuation of MkDocs
# 1.x) or zensical (Material's successor). `thinning-hair` reads it; the extra of
# pyproject.toml with the engine's name is installed for it.
ENGINE ?= mkdocs
export ENGINE
ENGINE_DEPS := $(if $(filter properdocs,$(ENGINE)),$(BIN)/.properdocs)$(if $(filter zensical,$(ENGINE)),$(BIN)/.zensical)

.PHONY: build test test-fast check lint spelling-words review-dates serve bench generate deps \
        test-deps node-deps pdf-libs chromium java engines clean

# ---- dependencies ---------------------------------------------------------------------

# Each stamp file below says "installed"; it is redone when its inputs change, and also when
# something it installed has gone missing (a deleted .venv/bin/mkdocs or node_modules/<pkg>):
# the stamp is removed here, before make decides what to run.
ifeq ($(wildcard $(BIN)/mkdocs),)
  $(shell rm -f $(BIN)/.deps $(BIN)/.test-deps)
endif
ifeq ($(wildcard $(BIN)/pytest),)
  $(shell rm -f $(BIN)/.test-deps)
endif
ifeq ($(wildcard $(BIN)/properdocs),)
  $(shell rm -f $(BIN)/.properdocs $(BIN)/.test-deps)
endif
ifeq ($(wildcard $(BIN)/zensical),)
  $(shell rm -f $(BIN)/.zensical $(BIN)/.test-deps)
endif
# A pinned package deleted from .venv, or at another version: reinstall (it says which).
ifneq ($(wildcard $(BIN)/python),)
  ifneq ($(shell $(BIN)/python src/thinning_hair/tools/installed.py >/dev/null || echo missing),)
    $(shell rm -f $(BIN)/.deps $(BIN)/.test-deps)
  else ifneq ($(wildcard $(BIN)/.test-deps),)
    ifneq ($(shell $(BIN)/python src/thinning_hair/tools/installed.py test >/dev/null || echo missing),)
      $(shell rm -f $(BIN)/.test-deps)
    endif
  endif
endif
NODE_PACKAGES := $(shell $(PYTHON) -c 'import json; print(" ".join(json.load(open("package.json"))["devDependencies"]))' 2>/dev/null)
NODE_MISSING  := $(filter-out $(wildcard node_modules/*/package.json node_modules/@*/*/package.json),$(NODE_PACKAGES:%=node_modules/%/package.json))
ifneq ($(NODE_MISSING),)
  $(shell rm -f node_modules/.installed)
endif

# The virtual environment is rebuilt when pyproject.toml changes.
$(BIN)/.deps: pyproject.toml
	@echo "==> Python environment ($(VENV)) with the pinned dependencies"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@broken="$$($(BIN)/python src/thinning_hair/tools/installed.py --pins)"; \
	  [ -z "$$broken" ] || $(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    --force-reinstall --no-deps $$broken
	@touch $@

# ProperDocs, for ENGINE=properdocs (the "test" extra includes it for the parity test).
$(BIN)/.properdocs: $(BIN)/.deps pyproject.toml
	@echo "==> ProperDocs (the \"properdocs\" extra of pyproject.toml)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[properdocs]'
	@touch $@

# Zensical, for ENGINE=zensical (the "test" extra includes it for tests/engines/test_zensical.py).
$(BIN)/.zensical: $(BIN)/.deps pyproject.toml
	@echo "==> Zensical (the \"zensical\" extra of pyproject.toml)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[zensical]'
	@touch $@

$(BIN)/.test-deps: $(BIN)/.deps pyproject.toml
	@echo "==> Test dependencies (ProperDocs included, for tests/build/test_engine_parity.py)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@broken="$$($(BIN)/python src/thinning_hair/tools/installed.py --pins test)"; \
	  [ -z "$$broken" ] || $(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    --force-reinstall --no-deps $$broken
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 and npm (apt-get install nodejs npm)"; exit 1; }
	@echo "==> npm packages (pinned in package-lock.json)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node-deps: node_modules/.installed
deps: $(BIN)/.deps node-deps pdf-libs
test-deps: deps $(BIN)/.test-deps chromium java engines

# The print edition's WeasyPrint draws text with Pango and subsets fonts with HarfBuzz: system
# libraries, installed from Debian's packages when missing (silent when they are there).
PDF_LIBS := libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
            libharfbuzz-subset.so.0:libharfbuzz-subset0
pdf-libs:
	@missing=""; \
	for pair in $(PDF_LIBS); do \
	  /sbin/ldconfig -p 2>/dev/null | grep "$${pair%%:*} " >/dev/null || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  echo "==> Installing from Debian's packages, for the print edition:$$missing"; \
	  as_root=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  $$as_root apt-get update -qq && \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The print edition (WeasyPrint) needs:$$missing (Debian/Ubuntu: sudo apt-get install$$missing)."; \
	  echo "Or build without it: PDF=0 make build"; \
	  [ "$${PDF:-1}" = 0 ] || exit 1; \
	fi

# Playwright cannot download its own browsers here; the tests drive Debian's Chromium.
chromium:
	@if [ -n "$${CHROMIUM:-}" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then \
	  echo "==> Chromium: $$(command -v chromium || command -v chromium-browser || echo $$CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "==> Installing Chromium from Debian's packages (about a minute)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium is needed for the browser tests and was not found."; \
	  echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium."; \
	  exit 1; \
	fi

# The Nu HTML Checker (vnu.jar, from npm) needs a Java runtime.
java:
	@if command -v java >/dev/null; then \
	  echo "==> Java: $$(java -version 2>&1 | head -1)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "==> Installing a Java runtime from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
	  echo "Java is needed for the HTML checker and was not found."; \
	  echo "Install it (Debian/Ubuntu: sudo apt-get install default-jre-headless)."; \
	  exit 1; \
	fi

# Firefox ESR and WebKit (WebKitGTK's WebDriver, its MiniBrowser, and Xvfb for a display) for
# tests/engines/test_engines.py, from Debian's packages; puppeteer-core (package.json) and selenium
# (pyproject.toml's test extra) drive them. FIREFOX=/path and MINIBROWSER=/path use other
# binaries. Where they cannot be installed (not root and no sudo, or no apt-get), the tests
# skip those engines and say why, except with CI or REQUIRE_ALL_ENGINES set (.ci/run sets
# it): then this stops.
engines:
	@missing=""; \
	{ [ -n "$${FIREFOX:-}" ] || command -v firefox-esr >/dev/null; } || missing="$$missing firefox-esr"; \
	command -v WebKitWebDriver >/dev/null || missing="$$missing webkit2gtk-driver"; \
	{ [ -n "$${MINIBROWSER:-}" ] || ls /usr/lib/*/webkit2gtk-4.1/MiniBrowser >/dev/null 2>&1; } || \
	  missing="$$missing libwebkit2gtk-4.1-0"; \
	command -v Xvfb >/dev/null || missing="$$missing xvfb"; \
	if [ -z "$$missing" ]; then \
	  echo "==> Firefox: $$($${FIREFOX:-firefox-esr} --version 2>/dev/null); WebKitGTK: $$(dpkg-query -W -f='$${Version}' webkit2gtk-driver 2>/dev/null || echo '?')"; \
	elif command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  echo "==> Installing from Debian's packages:$$missing (about a minute)"; \
	  as_root=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  $$as_root apt-get update -qq && \
	  $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The Firefox and WebKit tests need:$$missing (Debian/Ubuntu: sudo apt-get install$$missing)."; \
	  if [ -n "$${CI:-}$${REQUIRE_ALL_ENGINES:-}" ]; then echo "CI or REQUIRE_ALL_ENGINES is set: stopping."; exit 1; fi; \
	  echo "Without them, tests/engines/test_engines.py skips those engines and says why."; \
	fi

# ---- build ------------------------------------------------------------------------------

# Everything runs through one command line, `thinning-hair` (src/thinning_hair/cli.py): it
# regenerates the glossary, Sources page and figures when their data changed, builds both
# editions with ENGINE, and finishes the HTML (html/postbuild.py).
# A page whose review_due has passed fails the build (the plugin);
# `REVIEW_OVERDUE=notice make build` publishes it with a "Review overdue" box instead (the
# weekly run of .github/workflows/publish.yml does this, and its review-dates job fails).
build: deps $(ENGINE_DEPS)
	@$(BIN)/thinning-hair build

# The plugin regenerates the generated files on every save.
serve: deps $(ENGINE_DEPS)
	@$(BIN)/thinning-hair serve

generate: deps
	@$(BIN)/thinning-hair generate

# ---- checks -----------------------------------------------------------------------------

# The Markdown and spelling checks first: they take two seconds and name file:line.
test: test-deps lint
	@$(BIN)/python -m pytest

# The quick tests only (tests/unit: no engine, no browser): seconds, not minutes.
test-fast: deps $(BIN)/.test-deps
	@$(BIN)/python -m pytest tests/unit -q

# What an author runs after an edit: Markdown and spelling, every page's front matter,
# snippets and citations (all reported in one run), generated files up to date, quick tests.
check: lint test-fast
	@$(BIN)/thinning-hair check

# Config: .markdownlint-cli2.jsonc (a reason beside each rule turned off) and
# cspell.config.yaml with project-words.txt (what is checked, and why the references are not).
lint: node-deps
	@echo "==> Markdown (markdownlint-cli2, .markdownlint-cli2.jsonc)"
	@node_modules/.bin/markdownlint-cli2
	@echo "==> UK spelling (cspell, cspell.config.yaml + project-words.txt)"
	@node_modules/.bin/cspell --no-progress --show-suggestions || { \
	  echo "A US spelling? Fix the page. A correct word cspell does not know (a name, a drug)? Add it to project-words.txt."; exit 1; }

spelling-words: node-deps
	@node_modules/.bin/cspell --no-progress --no-summary --words-only --unique | sort -fu

review-dates: $(BIN)/.deps
	@$(BIN)/thinning-hair review-dates

# Lighthouse needs node_modules and Chromium only; e.g. BENCH_ARGS="--pages index --runs 1"
bench: deps chromium
	@$(BIN)/thinning-hair bench $(BENCH_ARGS)

clean:
	rm -rf site site-offline dist .pytest_cache
