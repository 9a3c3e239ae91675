# The one command surface. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: xmlsec1 pdf-packages chaos-packages card-packages clamav-packages cluster-packages cluster test-cluster static css css-check run test test-services test-e2e test-interop test-card test-clamav card-demo lint format messages makemessages migrate seed check-deploy perf bench wrk chaos clean help

help:
	@echo "make run            portal with demo data on http://127.0.0.1:8000 (SQLite, embedded broker, worker, beat);"
	@echo "                    elsewhere: make run PORTAL_BASE_URL=http://127.0.0.1:8123"
	@echo "make test           the test suite (no services needed)"
	@echo "make test-services  the PostgreSQL + Redis suite (DATABASE_URL, REDIS_URL)"
	@echo "make test-e2e       browser tests in Chromium with axe"
	@echo "make test-interop   SAML against an independent SP and IdP (samlify on Node)"
	@echo "make test-card      card tests through a private pcscd (installs pcscd, vpcd, pyscard)"
	@echo "make card-demo      a demo citizen's virtual chip ID card and the card bridge"
	@echo "make test-clamav    upload scanning through a private clamd (installs clamav-daemon)"
	@echo "make cluster        HAProxy, two gunicorns, two workers, one beat on PostgreSQL + Redis"
	@echo "make test-cluster   the multi-node test through HAProxy (DATABASE_URL, REDIS_URL)"
	@echo "make chaos          faults injected into real processes: Redis killed, PostgreSQL restarted,"
	@echo "                    the worker killed mid-work"
	@echo "make lint | format | messages | check-deploy | perf"
	@echo "make bench          the production shape (PostgreSQL, Redis, gunicorn, worker) against a"
	@echo "                    bare reference app, driven by wrk (docs/performance.md)"

# compat mode (here and below) puts the checkout on sys.path, so the console scripts
# (ugysegeg-card-bridge) find the apps whichever of the two installs ran last.
$(BIN)/.installed: pyproject.toml | xmlsec1
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]" \
	  --config-settings editable_mode=compat
	touch $@

# SAML signatures are made and checked by the xmlsec1 program (Debian package).
xmlsec1:
	@command -v xmlsec1 >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing xmlsec1 (SAML signatures)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1; \
	  else echo "Please install xmlsec1 first (Debian/Ubuntu: sudo apt-get install xmlsec1)"; exit 1; fi; }

# The signed PDFs (cases/signing.py) are checked in the tests by a validator that is not
# ours: pdfsig from poppler-utils (Debian package).
pdf-packages:
	@command -v pdfsig >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing poppler-utils (pdfsig checks the signed PDFs)"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils; \
	  else echo "Please install poppler-utils (Debian/Ubuntu: sudo apt-get install poppler-utils)"; exit 1; fi; }

# The card bridge needs pyscard (compiled against libpcsclite); the card tests and the
# demo card need pcscd and the vpcd virtual reader, and the card tests check the card with
# the standard tools (pcsc_scan and scriptor from pcsc-tools, opensc-tool from opensc).
# Debian packages, installed as root.
card-packages:
	@missing=""; \
	command -v pcscd >/dev/null || missing="$$missing pcscd"; \
	[ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || missing="$$missing vsmartcard-vpcd"; \
	[ -e /usr/include/PCSC/winscard.h ] || missing="$$missing libpcsclite-dev"; \
	command -v swig >/dev/null || missing="$$missing swig"; \
	command -v gcc >/dev/null || missing="$$missing gcc"; \
	command -v pcsc_scan >/dev/null || missing="$$missing pcsc-tools"; \
	command -v opensc-tool >/dev/null || missing="$$missing opensc"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "Please install:$$missing (Debian/Ubuntu: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

# compat mode puts the checkout on sys.path, so the ugysegeg-card-bridge script finds it.
$(BIN)/.card-installed: $(BIN)/.installed pyproject.toml | card-packages
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test,card]" \
	  --config-settings editable_mode=compat
	touch $@

test-card: $(BIN)/.card-installed messages
	$(BIN)/pytest -p no:cacheprovider -m pcsc -n 2 tests/eszemelyi

# Upload scanning: the real clamd (Debian clamav-daemon) on the project's own test
# signatures (sandbox/clamav/signatures), one private daemon per test session.
clamav-packages:
	@command -v clamd >/dev/null || [ -x /usr/sbin/clamd ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing clamav-daemon (upload scanning)"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clamav-daemon; \
	  else echo "Please install clamav-daemon (Debian/Ubuntu: sudo apt-get install clamav-daemon)"; exit 1; fi; }

test-clamav: $(BIN)/.installed messages | clamav-packages
	$(BIN)/pytest -p no:cacheprovider -m clamav tests/cases

# The multi-node shape (scripts/run_cluster.py, docs/operator-guide.md "Several web
# instances"): HAProxy in front of two gunicorns, two workers, one beat and a clamd, all
# with the production settings, on the local PostgreSQL and Redis. Debian packages.
cluster-packages:
	@missing=""; \
	command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing="$$missing haproxy"; \
	command -v clamd >/dev/null || [ -x /usr/sbin/clamd ] || missing="$$missing clamav-daemon"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "Please install:$$missing (Debian/Ubuntu: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ugysegeg_cluster
CLUSTER_REDIS_URL ?= redis://127.0.0.1:6379/0
cluster: $(BIN)/.installed messages static | cluster-packages
	DATABASE_URL=$(CLUSTER_DATABASE_URL) REDIS_URL=$(CLUSTER_REDIS_URL) \
	  PATH="/usr/sbin:$$PATH" $(BIN)/python scripts/run_cluster.py

# Starts the shape on DATABASE_URL's server (database <name>_cluster) and REDIS_URL, and
# checks docker-compose.yml (Compose Specification schema from npm), the Dockerfile and
# deploy/haproxy.cfg.
test-cluster: $(BIN)/.installed messages static node_modules/.installed | cluster-packages
	PATH="/usr/sbin:$$PATH" $(BIN)/pytest -p no:cacheprovider -m cluster tests/cluster

DEMO_CITIZEN ?= kovacs.janos
card-demo: $(BIN)/.card-installed seed
	$(BIN)/python -m sandbox.vcard.demo --citizen $(DEMO_CITIZEN)

messages: $(BIN)/.installed
	$(BIN)/python scripts/compile_messages.py

makemessages: $(BIN)/.installed
	$(MANAGE) makemessages --locale hu --locale en --no-obsolete --ignore ".venv/*" --ignore "node_modules/*"
	$(BIN)/python scripts/compile_messages.py

migrate: $(BIN)/.installed messages
	$(MANAGE) migrate --noinput

# Static files as production serves them: hashed names, gzip and Brotli copies
# (WhiteNoise), collected again only when a source file or the install changed.
STATIC_SOURCES := $(shell find static $(wildcard */static) -type f 2>/dev/null)
staticfiles/staticfiles.json: $(BIN)/.installed $(STATIC_SOURCES)
	$(MANAGE) collectstatic --noinput --clear --verbosity 0

static: staticfiles/staticfiles.json

# The Bootstrap subset the pages load (static/css/bootstrap.css, committed): only the
# rules whose classes the templates, scripts and Python modules name (PurgeCSS).
css: node_modules/.installed
	node scripts/build_css.mjs

css-check: node_modules/.installed
	node scripts/build_css.mjs --check

seed: migrate static
	$(MANAGE) seed_demo

run: seed
	$(BIN)/python scripts/run_embedded.py

test: $(BIN)/.installed messages | pdf-packages
	$(BIN)/pytest -n 2 -p no:cacheprovider

test-services: $(BIN)/.installed messages
	$(BIN)/pytest -p no:cacheprovider -m "postgres or redis"

# On SQLite the browser suite's database is a file: the live server's threads wait for
# each other's locks there, where a shared in-memory database fails at once.
test-e2e: $(BIN)/.installed messages node_modules/.installed | pdf-packages
	mkdir -p var
	if [ -z "$$DATABASE_URL" ]; then \
	  export DATABASE_TEST_NAME=$${DATABASE_TEST_NAME:-$(CURDIR)/var/e2e-test.sqlite3}; fi; \
	  $(BIN)/pytest -p no:cacheprovider -m e2e

# The foreign SAML parties (samlify) over HTTP; their browser journeys run in test-e2e.
test-interop: $(BIN)/.installed messages node_modules/.installed
	$(BIN)/pytest -p no:cacheprovider -m "interop and not e2e"

# The npm test tools (axe-core, samlify), installed again whenever the manifest or lock changes.
node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund --silent
	touch $@

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/vulture

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: $(BIN)/.installed messages
	PORTAL_ENV=production DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-value-0123456789 \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/ugysegeg DJANGO_ALLOWED_HOSTS=portal.example.hu \
	REDIS_URL=redis://127.0.0.1:6379/0 SAML_IDP_METADATA_FILE=docs/examples/idp-metadata.xml \
	SIMPLEPAY_MERCHANT=CHECKDEPLOY SIMPLEPAY_SECRET_KEY=check-deploy-only-key \
	PAYMENTS_BENEFICIARY_ACCOUNT=10032000-01290001-00000007 \
	$(MANAGE) check --deploy --fail-level WARNING

# Faults injected into real processes: a PostgreSQL cluster and a Redis server of the
# tests' own (ports 5440 and 6390), gunicorn and Celery (tests/chaos/). Debian's
# postgresql and redis-server, installed as root; and libharfbuzz-subset0, with which
# WeasyPrint subsets fonts ten times faster than without (the worker renders a receipt
# for every card payment).
chaos-packages:
	@missing=""; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "Please install:$$missing (Debian/Ubuntu: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

chaos: $(BIN)/.installed messages | chaos-packages
	$(BIN)/pytest -p no:cacheprovider -m chaos -s tests/chaos

perf: $(BIN)/.installed messages
	$(BIN)/python tests/perf/run.py

# The HTTP load generator of `make bench` (Debian package).
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing wrk (the load generator of make bench)"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; \
	  else echo "Please install wrk (Debian/Ubuntu: sudo apt-get install wrk)"; exit 1; fi; }

# The local PostgreSQL (database bench_portal, made anew) and Redis (DB 9) are used;
# see docs/performance.md for what it starts and the BENCH_* settings.
bench: $(BIN)/.installed messages | wrk
	$(BIN)/python tests/perf/bench.py

clean:
	rm -rf $(VENV) var staticfiles node_modules
