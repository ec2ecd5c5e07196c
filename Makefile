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

.PHONY: run test lint setup run-packages system-packages clean ui-catalogs

# The worker runs the jobs started in the browser (imports, exports); it starts in the
# background and stops with the server, however the server ends.
run: $(VENV)/.installed-app run-packages ui-catalogs
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

# What the app itself needs to make PDF editions: WeasyPrint's Pango, and Noto CJK so
# that Korean is set in a Korean face instead of empty boxes.
define missing_run_packages
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
[ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || missing="$$missing fonts-noto-cjk";
endef

define install_missing
if [ -n "$$missing" ]; then \
  echo "installing:$$missing"; \
  $(SUDO) apt-get update -qq && \
  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

run-packages:
	@missing=""; \
	$(missing_run_packages) \
	$(install_missing)

# For the tests, besides: GNU gettext (msgfmt) checks the catalogs; Chromium runs the
# browser tests; epubcheck (with its Java) checks the EPUB editions and poppler's
# pdftotext reads the PDF ones back; the PostgreSQL server runs the second pass.
system-packages:
	@missing=""; \
	$(missing_run_packages) \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v epubcheck >/dev/null || missing="$$missing epubcheck"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	$(install_missing)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
