# Every target installs what it needs into its own virtualenv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_INDEX ?= .demo-index

.PHONY: demo test bench bytecode browser cluster clean

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

# The cluster tests (tests/cluster_fixtures.py) need Java and Maven: built when both are there.
test: $(BIN)/.installed-test
	if command -v java >/dev/null && command -v mvn >/dev/null; then $(MAKE) --no-print-directory cluster; fi
	$(BIN)/python -m pytest -q

# A two-node OpenSearch test cluster from Maven Central jars: cluster/pom.xml's jars into
# cluster/lib, the launcher compiled into cluster/classes (see tests/cluster_fixtures.py).
cluster: cluster/classes/EmbeddedOpenSearch.class

cluster/lib/.resolved: cluster/pom.xml
	rm -rf cluster/lib
	cd cluster && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
		-DoutputDirectory=lib -DincludeScope=runtime
	touch $@

cluster/classes/EmbeddedOpenSearch.class: cluster/EmbeddedOpenSearch.java cluster/lib/.resolved
	mkdir -p cluster/classes
	javac -nowarn -cp 'cluster/lib/*' -d cluster/classes cluster/EmbeddedOpenSearch.java

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
	rm -rf $(VENV) $(DEMO_INDEX) build *.egg-info cluster/lib cluster/classes
