# Every target installs what it needs into its own virtualenv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_INDEX ?= .demo-index

.PHONY: demo test bench bytecode browser clean

$(BIN)/.installed-%: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$*]'
	$(MAKE) --no-print-directory bytecode
	touch $@

# Byte-compile Gazette's own modules, as installing a package does (an editable install does
# not): a cold `gazette search` otherwise compiles them on every run where
# PYTHONDONTWRITEBYTECODE is set (30 ms of 190).
bytecode:
	$(BIN)/python -m compileall -q corpus index search web cli.py

demo: $(BIN)/.installed-test
	$(BIN)/gazette index --rebuild --index $(DEMO_INDEX) corpus/sample
	$(BIN)/gazette stats --index $(DEMO_INDEX)
	$(BIN)/gazette search summit --index $(DEMO_INDEX) --facet leaders --facet year --limit 5
	$(BIN)/gazette search denuclearization --index $(DEMO_INDEX) --person "Kim Jong-un" --limit 3

test: $(BIN)/.installed-test
	$(BIN)/python -m pytest -q

# Debian's chromium for the browser tests of `gazette serve` (tests/test_web_browser.py),
# installed only when missing; Playwright drives it, never downloading a browser of its own.
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

bench: $(BIN)/.installed-test $(BIN)/.installed-bench bytecode
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/ranking.py
	$(BIN)/python benchmarks/ranking_topics.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/web_latency.py

clean:
	rm -rf $(VENV) $(DEMO_INDEX) build *.egg-info
