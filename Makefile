# Two commands for a newcomer: `make run` and `make test`. Everything builds on `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: install run test test-e2e lint format messages compilemessages bench bench-scale wrk browser ocr nginx clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

# .mo files are committed; this rebuilds those older than their .po, in pure Python (no gettext).
compilemessages: install
	$(BIN)/python -m portal.catalogues compile

run: install compilemessages
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install compilemessages browser ocr nginx
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the project's catalogues from the source, fill new entries from STRINGS (a JSON file of
# {msgid: translation}) and recompile (needs GNU gettext).
messages: install
	@command -v xgettext >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	flock /tmp/portal-makemessages.lock $(MANAGE) makemessages --locale vi --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'media/*'
	flock /tmp/portal-makemessages.lock $(MANAGE) makemessages --locale vi --domain djangojs --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'static/*'
	$(BIN)/python -m portal.catalogues fill $(STRINGS)

# Debian's chromium for the browser tests (never a browser download), and poppler-utils'
# pdftoppm, which turns the printed documents of tests/e2e/test_document_print.py into PNG.
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null) || (echo "chromium is missing and could not be installed with apt" >&2; exit 1)
	@command -v pdftoppm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) || (echo "pdftoppm (poppler-utils) is missing and could not be installed with apt" >&2; exit 1)

# Debian's Tesseract with its Vietnamese model reads scanned PDFs for the document importer.
ocr:
	@(command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie >/dev/null) || (echo "tesseract-ocr-vie is missing and could not be installed with apt" >&2; exit 1)

# Debian's nginx with its cache-purge module: the front cache of tests/test_front_cache.py and of
# the bench (portal/deploy/nginx/portal.conf). Installed only; no site is enabled.
nginx:
	@test -x /usr/sbin/nginx -a -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-cache-purge >/dev/null) || (echo "nginx is missing and could not be installed with apt" >&2; exit 1)

# wrk from Debian is the HTTP load generator of `make bench` (portal/workload/bench/http/).
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || (echo "wrk is missing and could not be installed with apt" >&2; exit 1)

bench: install nginx wrk
	$(BIN)/python -m portal.workload.bench

# Ten times the scale on PostgreSQL and Redis (portal/workload/bench/scale10.py): about 40 minutes.
bench-scale: install wrk
	$(BIN)/python -m portal.workload.bench.scale10

clean:
	rm -rf $(VENV) .pytest_cache
