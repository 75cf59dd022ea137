# The course's commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# The course's matrices are small: one BLAS thread computes them faster than several, which
# spin-wait for each other (on two busy cores a chapter ran up to ten times slower). The stored
# outputs do not depend on it: the float-noise guard shows they survive any order of the sums.
# A value already set in the environment wins.
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: book serve test lab outputs bench clean

$(BIN)/python:
	@PYTHON=$(PYTHON) tools/ensure-system-deps.sh venv
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml tools/jupyterlab-overrides.json | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	$(LAB_DEFAULTS)
	@touch $@

# JupyterLab 4.4+ sends widget messages to a kernel "subshell" (ipykernel 7); on this path one
# message to the kernel and back took 45 ms at the median against 6-8 ms on the main shell
# (bench/lab_round_trip.py), a delay every explorer move paid. The course's JupyterLab sends them
# to the main shell: an explorer then waits for a running cell to finish, as before JupyterLab 4.4.
LAB_DEFAULTS = mkdir -p $(VENV)/share/jupyter/lab/settings && \
	cp tools/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json

# The build caches each chapter's execution by its cells' source, and Sphinx re-reads
# only the files that changed; a change to nnlib must run every chapter again, so
# both caches are cleared whenever nnlib's files change.
NNLIB_HASH = $(shell cat $$(find nnlib -type f \( -name '*.py' -o -name '*.js' -o -name '*.css' -o -name '*.json' \) | sort) | sha256sum | cut -c1-16)

## book: build the website into _build/html (chapters run again when they or nnlib change); live mode's Pyodide
## is fetched once into .cache/pyodide/ (npm, pip) and verified against its official checksums
book: $(STAMP)
	@if [ "$$(cat _build/.nnlib-hash 2>/dev/null)" != "$(NNLIB_HASH)" ]; then \
	  echo "nnlib changed: every chapter runs again"; rm -rf _build/.jupyter_cache _build/.doctrees; fi
	@tools/ensure-system-deps.sh npm
	$(BIN)/python tools/pyodide_assets.py
	NNLIB_HIDE_HINTS=1 $(BIN)/jupyter-book build . -W -n --keep-going
	@echo $(NNLIB_HASH) > _build/.nnlib-hash
	@echo
	@echo "The book is in _build/html. Open _build/html/index.html, or run 'make serve'."

## serve: serve the built website on http://127.0.0.1:$(PORT)
serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## lab: open the chapters in JupyterLab: MyST rendered (jupyterlab-myst), live explorers once a chapter runs
## (Jupyter Notebook 7 works as well: `$(BIN)/pip install notebook`, then `$(BIN)/jupyter notebook chapters/`)
lab: $(STAMP)
	@$(LAB_DEFAULTS)
	@echo "Open a chapter, then Run > Run All Cells: each explorer's controls come alive (arrow keys move a"
	@echo "focused slider). Before it runs, an explorer shows its figure at the default settings."
	$(BIN)/jupyter lab chapters/ $$([ "$$(id -u)" -eq 0 ] && echo --allow-root)

## test: nnlib unit tests, every notebook with nbval, the float-noise guard, the built site in a browser
## (desktop, phone, dark mode, print), then a chapter in a real JupyterLab
test: $(STAMP)
	@tools/ensure-system-deps.sh chromium
	@tools/ensure-system-deps.sh compiler
	@tools/ensure-system-deps.sh npm
	$(BIN)/python tools/pyodide_assets.py
	$(PYTEST) --durations=12 tests/unit chapters tests/float_noise tests/site tests/lab $(NBVAL)

## outputs: re-execute the chapters, store their outputs, and run the float-noise guard on them
## (after editing a chapter or nnlib; `make outputs CHAPTERS=chapters/05-*.ipynb` for some)
outputs: $(STAMP)
	$(BIN)/python tools/execute_chapters.py $(CHAPTERS)

## bench: time the explorers, a digits epoch five ways, Conv2D and a LeNet step (against PyTorch if installed),
## the recurrent and attention layers, nnlib's answers to bad input, and page weights (by hand; see bench/)
bench: $(STAMP)
	$(BIN)/python bench/explorers.py
	$(BIN)/python bench/digits_epoch.py
	$(BIN)/python bench/conv.py
	$(BIN)/python bench/recurrent.py
	$(BIN)/python bench/attention.py
	$(BIN)/python bench/robustness_census.py

clean:
	rm -rf _build
