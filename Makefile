# Two commands for a fresh machine:
#   make site   build the site from the shipped data into site/
#   make test   run the whole test suite (installs what the tests need)
#   make test-fast  the fast tier: no full site builds, no browser (CI on every push)
VENV ?= .venv
PY := $(VENV)/bin/python
# Reference geodata: HHZ_GEO_DIR, else ../shared/geo beside the repository, else the user
# cache filled by `hhz geo fetch` (downloads from PDOK).
HHZ_GEO_DIR ?= $(shell [ -f ../shared/geo/gemeente_2025.topojson ] && cd ../shared/geo && pwd)
export HHZ_GEO_DIR

.PHONY: site test test-fast install install-test serve beheer clean cms-bundle

# constraints.txt pins the tested version of every package, so a fresh machine and CI
# install the same set (a new release upstream cannot break the build unseen).
$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	bash scripts/install-test-deps.sh

# beheer/ (the form editor) needs Decap CMS, installed from cms/package-lock.json when Node
# is there; without Node, or when npm ci fails (offline, a proxy), the site is built without
# the form (maintainers/decisions.md). Without Node hhz's own one-line warning says so.
cms-bundle:
	@if [ -f cms/node_modules/decap-cms/dist/decap-cms.js ] && [ cms/node_modules/.package-lock.json -nt cms/package-lock.json ]; then :; \
	elif ! command -v npm >/dev/null 2>&1; then :; \
	elif ! npm ci --silent --no-audit --no-fund --ignore-scripts --prefix cms; then \
	  echo "waarschuwing: npm ci --prefix cms mislukt (offline? proxy?); beheer/ wordt zonder formulier gebouwd"; fi

site: install cms-bundle
	@if [ -z "$(HHZ_GEO_DIR)" ]; then $(VENV)/bin/hhz geo fetch || echo "geen geodata: de kaart wordt zonder grenzen gebouwd"; fi
	$(VENV)/bin/hhz build .

serve: install
	$(VENV)/bin/hhz serve .

# The form (beheer/) on this machine without GitHub: decap-server (pinned in
# tests/npm/package-lock.json) on 127.0.0.1; saving writes into regions/. Ctrl+C stops it.
beheer: install cms-bundle
	@[ -f tests/npm/node_modules/decap-server/dist/index.js ] || npm ci --silent --no-audit --no-fund --ignore-scripts --prefix tests/npm
	$(VENV)/bin/hhz serve . --beheer

# pytest-xdist with one worker more than the cores: much of the suite waits on Chromium,
# decap-server, web servers and engine builds, so a spare worker keeps the cores busy (on 2
# cores: 320 s with 3 workers, 422 s with 2). Tests are distributed per module (loadscope), so
# a module's site and browser are set up once; built sites are shared (tests/helpers/builds.py).
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
test: install-test
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadscope

# the fast loop: no site builds, no browser; on every core too (under 60 s on 2 idle cores)
test-fast: install-test
	$(PY) -m pytest -q -n auto --dist loadscope -m "not slow and not browser"

clean:
	rm -rf build site .site.tmp-build test-artifacts
