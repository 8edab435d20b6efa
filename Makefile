# The single entry point: `make run` builds everything, `make test` runs the whole suite.
# Both create the virtual environment themselves on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench bench-browser bench-speed clean browser-deps system-deps

run: $(STAMP)
	$(BIN)/npdw build
	$(BIN)/npdw network
	$(BIN)/npdw export --format all

test: $(STAMP) browser-deps system-deps
	$(BIN)/ruff check npdw_graph tests $(wildcard bench)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check npdw_graph tests $(wildcard bench)

# bench: everything (bench/run.py, about 50 minutes, then the network page in the browser, then the issue-19 targets
# with the 1M and 5M builds, about 15 minutes);
# bench-speed: only the targets (quick mode, about 5 minutes on a quiet machine; `bench/speed.py --full` adds the 1M and 5M builds);
# bench-browser: only the network page in headless Chromium (bench/browser.py, about 10 minutes).
bench: $(STAMP) browser-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/browser.py
	$(BIN)/python bench/speed.py --full

bench-speed: $(STAMP)
	$(BIN)/python bench/speed.py

bench-browser: $(STAMP) browser-deps
	$(BIN)/python bench/browser.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# Headless Chromium for the browser tests (Debian packages; needs root or sudo).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; fi; }

# The libraries WeasyPrint loads for `npdw report --format pdf` (Pango, HarfBuzz with its subsetter, fontconfig via
# pangoft2; GObject comes with Pango), a font, and poppler-utils (pdftotext, pdfinfo) for the tests that read the PDF back.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core poppler-utils
# Node.js runs the network page's own nodeSize in tests/test_network_gexf.py (the GEXF's sizes are the page's).
SYSTEM_PACKAGES += nodejs
# Virtuoso 7 (virtuoso-t) for tests/test_virtuoso.py, which starts its own server on free loopback ports.
SYSTEM_PACKAGES += virtuoso-opensource
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; fi

clean:
	rm -rf dist .pytest_cache .ruff_cache
