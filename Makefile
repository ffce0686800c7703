# The two commands of the README: `make demo` and `make test`. Both install what they need first.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check lint typecheck screenshots clean

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap
	./scripts/bootstrap dev
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/perimeter demo

test: $(STAMP)
	$(BIN)/python -m pytest

check: lint typecheck

screenshots: $(STAMP)
	PERIMETER_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser

lint: $(STAMP)
	$(BIN)/ruff check perimeter tests bench
	$(BIN)/ruff format --check perimeter tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
