.PHONY: up test ci lint frontend bench
up:
	./dev up
test:
	./dev test
ci:
	bash .ci/run
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports
frontend:
	./dev frontend
bench:
	.venv/bin/pip install -q -r bench/requirements.txt && .venv/bin/python bench/run_matching.py --people 100000 --db postgres
