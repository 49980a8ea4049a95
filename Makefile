# Jamaa — the README's two commands (run, test) and their helpers.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
PORT   ?= 8000
PYTHON ?= python3

.PHONY: run test setup install install-dev bench lint messages clean stack stack-stop

run: setup ## install, migrate, load the demo communes, serve on 127.0.0.1:$(PORT)
	PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-dev ## the whole suite (browser tests need /usr/bin/chromium)
	$(PY) -m pytest $(PYTEST_ARGS)

setup: install
	$(PY) manage.py migrate --no-input
	PORT=$(PORT) $(PY) manage.py load_demo

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

bench: install-dev ## benchmarks through gunicorn on loopback (tests/bench)
	$(PY) -m pytest tests/bench -p no:cacheprovider --override-ini addopts= -s

stack: install ## the local production stack on loopback: PostgreSQL, Redis, nginx, 2 gunicorn, worker (deploy/stack.py)
	$(PY) deploy/stack.py start

stack-stop: ## stop the local production stack (its data stays in var/stack/)
	$(PY) deploy/stack.py stop

lint: install-dev
	$(VENV)/bin/ruff check site participation tests
	$(VENV)/bin/bandit -r site participation -ll -q

messages: install ## refresh and compile the gettext catalogues
	$(PY) manage.py makemessages -l ar -l fr -l zgh --no-obsolete --ignore=.venv --ignore=tests --ignore=var --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var db.sqlite3
