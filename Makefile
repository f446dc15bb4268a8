# Entry points; each sets up what it needs (environments, trained model) first.
SHELL := /bin/bash
.PHONY: setup train run run-cluster deploy-cluster test test-fast bench load faults lint referentials backup restore

setup:
	@scripts/setup.sh >/dev/null

train:
	@scripts/train.sh

run:
	@scripts/run.sh

# The production topology on this machine (nginx, 2 Rasa, 2 action servers, PostgreSQL, Redis).
run-cluster:
	@scripts/run-cluster.sh

# Rolling update of the running cluster: this checkout's code and model, one server at a time.
deploy-cluster:
	@scripts/deploy-cluster.sh

test:
	@scripts/test.sh

test-fast:
	@scripts/test-fast.sh

bench:
	@scripts/bench.sh

# Open-loop load test (Locust): capacity of the embedded default, the starter bot and the cluster.
load:
	@scripts/load.sh

# Faults against the cluster: Rasa and action servers killed, Redis and PostgreSQL restarted, a rolling update.
faults:
	@scripts/faults.sh

lint:
	@scripts/lint.sh

referentials:
	@source scripts/env.sh && PY="$$(make_venv app 3.11 requirements/app.txt)/bin/python" && \
	  "$$PY" -m registration.sources.build && "$$PY" -m registration.referentials epreuves counts

# Backups (docs/production.md « Sauvegardes »): make backup [TOPOLOGY=cluster] [OUTPUT=dir|file.tar] [KEEP=n];
# make restore FILE=path [TOPOLOGY=cluster] [FORCE=1], with the assistant stopped.
backup:
	@TOPOLOGY="$(TOPOLOGY)" scripts/backup.sh create $(if $(OUTPUT),--output "$(OUTPUT)") $(if $(KEEP),--keep "$(KEEP)")

restore:
	@test -n "$(FILE)" || { echo "Indiquez la sauvegarde : make restore FILE=var/backups/bts-backup-….tar" >&2; exit 2; }
	@TOPOLOGY="$(TOPOLOGY)" scripts/backup.sh restore "$(FILE)" $(if $(FORCE),--force)
