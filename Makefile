# make run   set up, then serve the app on http://127.0.0.1:5000 with the sample corpus,
#            with the job worker beside it
# make test  set up (test tools and system packages too), then run every test
#
# Works on a fresh Debian machine with only Python 3.11: what is missing is installed
# with pip into .venv, and with apt-get (as root, or through sudo) for system tools.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test lint setup system-packages clean ui-catalogs

# The worker runs the jobs started in the browser (imports, exports); it starts in the
# background and stops with the server, however the server ends.
run: $(VENV)/.installed-app ui-catalogs
	$(BIN)/translate-app init
	$(BIN)/translate-app demo
	$(BIN)/translate-app worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/translate-app run --host $(HOST) --port $(PORT)

# Every test runs twice: on SQLite, then on a throwaway PostgreSQL server that the
# test run starts itself (tests/pgserver.py) and removes at the end.
test: $(VENV)/.installed-test system-packages ui-catalogs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest --db sqlite
	$(BIN)/pytest --db postgresql

lint: $(VENV)/.installed-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

setup: $(VENV)/.installed-test system-packages

# The interface's compiled catalogs (locales/*/LC_MESSAGES/messages.mo) are build
# output: made from the committed messages.po after every install.
ui-catalogs: $(VENV)/.installed-app
	$(BIN)/translate-app i18n compile

# A venv needs Debian's python3-venv (ensurepip); install it when the first try fails.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && \
	  $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-app

# GNU gettext (msgfmt) checks the catalogs; Chromium runs the browser tests, with Noto
# CJK so that Korean in its screenshots is text, not empty boxes; the PostgreSQL server
# runs the second pass of the tests.
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing="$$missing fonts-noto-cjk"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
