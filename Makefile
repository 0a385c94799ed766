# faq-export: `make` builds output/ from content/faq.yaml; `make test` runs the tests.
# Both set up .venv (pinned by requirements.lock) and the system packages first.

PYTHON ?= python3
SOURCE ?= content/faq.yaml
OUT ?= output

VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
SYSTEM_BUILD := $(VENV)/.system-build
SYSTEM_TEST := $(VENV)/.system-test
ACE := tools/ace/node_modules/.bin/ace-cli
WEB := tools/web/node_modules/.ready
VERAPDF := tools/verapdf/lib/.ready
INPUTS := $(SOURCE) $(wildcard templates/print/*) $(shell find faq_export -name '*.py' -o -name '*.css' -o -name '*.j2' 2>/dev/null) $(READY)

.PHONY: all pdf epub docx html txt brf alternates large-print examples approve test-references validate check bench bench-large test test-fast lint clean distclean lock help
.DEFAULT_GOAL := all

help:
	@echo "make           build $(OUT)/<slug>.pdf, .epub and .docx from $(SOURCE)"
	@echo "make pdf|epub|docx   one format"
	@echo "make html|txt|brf    an alternate format: a web page, plain text, braille (BRF)"
	@echo "make alternates      all three (BUILD_FLAGS=\"--braille-grade 1\" adds options)"
	@echo "make large-print     the large-print edition: <slug>-large-print.pdf, .epub and .docx"
	@echo "make examples  build the FAQ in Spanish, Chinese and Arabic (examples/) into $(OUT)/examples/"
	@echo "make validate  check $(SOURCE) and list every problem"
	@echo "make check     build, then run the accessibility checker on $(OUT)/"
	@echo "make bench     time each build step, and whole builds against pandoc, WeasyPrint, Typst"
	@echo "make bench-large   the same comparison at 1,000 and 3,000 questions"
	@echo "make test      run the tests, ruff and mypy"
	@echo "make test-fast the tests not marked slow, and ruff: under a minute, while working"
	@echo "make approve   accept the documents' new look (tests/visual/) after a meant change"
	@echo "make clean     remove $(OUT)/;  make distclean also removes $(VENV)/"

$(SYSTEM_BUILD):
	@scripts/system-deps.sh build
	@mkdir -p $(VENV) && touch $@

$(SYSTEM_TEST): $(SYSTEM_BUILD)
	@scripts/system-deps.sh test
	@touch $@

# Our package's bytecode, as pip writes it for a package it installs: an editable install,
# on a machine that sets PYTHONDONTWRITEBYTECODE, left every process compiling faq_export's
# modules again (0.1 s of each build). compileall writes only what is out of date.
BYTECODE = $(PY) -m compileall -q faq_export

$(READY): requirements.lock pyproject.toml | $(SYSTEM_BUILD)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@$(BYTECODE)
	@touch $@

# The output names come from the source (metadata.slug), so they are known only once the
# environment exists: the outputs are built by a second make run that can ask for them.
all pdf epub docx html txt brf alternates large-print: $(READY)
	@$(MAKE) --no-print-directory -f Makefile.outputs $@ PY=$(PY) SOURCE=$(SOURCE) OUT=$(OUT) \
		INPUTS="$(INPUTS)" BUILD_FLAGS="$(BUILD_FLAGS)"

# Our FAQ in other languages (examples/*.yaml), each in its own three documents.
examples: $(READY)
	@for source in examples/*.yaml; do \
		$(PY) -m faq_export build "$$source" --out $(OUT)/examples/$$(basename "$$source" .yaml) \
			--strict || exit $$?; \
	done

validate: $(READY)
	@$(PY) -m faq_export validate $(SOURCE)

# The accessibility checker on the built documents (EPUBCheck included when Java is here).
check: all
	@$(PY) -m faq_export check $$($(PY) -m faq_export outputs $(SOURCE) --out $(OUT))

# DAISY Ace (npm, pinned by tools/ace/package-lock.json) with Debian's chromium: no browser
# download (PUPPETEER_SKIP_DOWNLOAD), faq_export/checks/ace.py drives Debian's chromium.
$(ACE): tools/ace/package-lock.json | $(SYSTEM_TEST)
	@cd tools/ace && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# axe-core and the Nu HTML Checker (vnu-jar), npm, pinned by tools/web/package-lock.json: the
# judges of the web page (--format html), driven through Debian's chromium and Java.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's is used.
$(WEB): tools/web/package-lock.json | $(SYSTEM_TEST)
	@cd tools/web && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# veraPDF (Maven Central, pinned by tools/verapdf/pom.xml): the reference PDF/A and PDF/UA
# validator the tests run on every PDF they build. A test-time tool; `build` never uses it.
$(VERAPDF): tools/verapdf/pom.xml | $(SYSTEM_TEST)
	@cd tools/verapdf && rm -rf lib && mvn -q -B -Dstyle.color=never \
		dependency:copy-dependencies -DoutputDirectory=lib
	@touch $@

# Speed, measured here and never in a unit test: medians and ratios to a same-process baseline,
# then whole processes against pandoc, bare WeasyPrint and Typst (bench/requirements.txt).
BENCH_READY := $(VENV)/.bench-ready
$(BENCH_READY): bench/requirements.txt $(READY)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $@

bench: $(BENCH_READY)
	@$(BYTECODE)
	@$(PY) bench/run.py $(SOURCE)
	@$(PY) bench/compare.py bench

# 1,000 and 3,000 questions: about a quarter of an hour on two cores.
bench-large: $(BENCH_READY)
	@$(BYTECODE)
	@$(PY) bench/compare.py large

# The tests run on every core (pytest-xdist), a test file a worker: a file's module fixtures
# (its builds, its validators' runs) are made once. WORKERS=0 runs them in this one process.
WORKERS ?= auto
# PYTHONDONTWRITEBYTECODE (set on some machines) emptied for the tests: pytest keeps the test
# files it has rewritten for its asserts (3 s of each worker's start) and the builds the tests
# run keep faq_export's bytecode, in the __pycache__ folders git ignores.
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(WORKERS) --dist loadfile

test: $(READY) $(SYSTEM_TEST) $(ACE) $(WEB) $(VERAPDF)
	$(PYTEST) -m "not references"
	@$(MAKE) --no-print-directory lint

# While working: the tests not marked slow (tests/conftest.py lists the slow ones: validators,
# child processes, real-world builds, Hypothesis, the bench), first failure stops, then ruff.
# The reference validators (veraPDF, EPUBCheck, Ace) re-run on the third-party corpus: do their
# verdicts still match tests/thirdparty/expected.json? `make test` checks ours against those.
test-references: $(READY) $(SYSTEM_TEST) $(ACE) $(VERAPDF)
	$(PY) -m pytest -m references -q

# The look of the documents, approved (tests/visual/): after a change of look that is meant,
# this rewrites the approved images; `make test` compares with them (tests/test_visual.py).
approve: $(READY) $(SYSTEM_TEST)
	FAQ_EXPORT_APPROVE=1 $(PY) -m pytest tests/test_visual.py -q

test-fast: $(READY)
	$(PYTEST) -m "not slow" -x -q
	$(PY) -m ruff check faq_export tests bench
	$(PY) -m ruff format --check faq_export tests bench

lint: $(READY)
	$(PY) -m ruff check faq_export tests bench
	$(PY) -m ruff format --check faq_export tests bench
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet ".[dev]"
	{ echo "# Pinned dependencies of faq-export and its tests (make lock regenerates this file)."; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^faq-export'; } > requirements.lock
	rm -rf .lock-venv build *.egg-info

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf $(VENV) .pytest_cache .ruff_cache
