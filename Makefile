# Two commands for a newcomer: `make run` and `make test`. Both set up the environment first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 7860
SHARED_MODEL := ../shared/models/movenet_singlepose_lightning_int8_4.tflite
# Machines without internet use the team's copy of the pose model; elsewhere it is downloaded.
ifneq ($(wildcard $(SHARED_MODEL)),)
export MOVENET_MODEL_PATH ?= $(abspath $(SHARED_MODEL))
endif

.PHONY: install run test fuzz load clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT) --no-debugger --no-reload

test: install
	scripts/ensure-system-packages
	scripts/ensure-redis
	$(BIN)/python -m pytest $(PYTEST_ARGS)

fuzz: install
	scripts/ensure-redis
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} $(BIN)/python -m pytest tests/security/test_fuzz_api.py

# Throughput, latency and upload memory of the web process under gunicorn (Redis database 14).
load: install
	scripts/ensure-redis
	$(BIN)/python benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
