# Build, test and preview the blog. `make help` lists the targets.
#
# Everything runs inside .venv, created from the pinned requirements on first
# use; the only prerequisites are Python 3.11+ and make.

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
BUILDDIR   ?= _build
SPHINXOPTS ?=
# Zero warnings: every warning fails the build (-W), all are reported first
# (--keep-going), and every cross-reference must resolve (-n).
STRICT     := -W --keep-going -n
# Processes to build with (sphinx-build -j): one per core. The site is the
# same as a serial build's, file by file (tests/test_parallel.py).
JOBS       ?= auto
# DRAFTS=1 builds the posts marked "draft: true" too, each with a "Draft"
# banner: for previews only (make live sets it). Read by conf.py.
DRAFTS     ?=
# SPEED=0 builds without the speed layer (src/sphinx_citable_blog/speed/): the
# same site, file by file, more slowly (tests/test_speed_layer.py).
SPEED      ?=
ifeq ($(SPEED),0)
SPHINXOPTS += -D citable_blog_speed=0
endif

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.site-deps: requirements.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev-deps: requirements-dev.txt $(BIN)/.site-deps
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The site is built into a staging folder and copied to _build/html only when
# the build succeeds, so a failed build never leaves a half-written site there.
.PHONY: html
html: $(BIN)/.site-deps ## Build the site into _build/html (DRAFTS=1: with drafts, to preview; SPEED=0: no speed-ups)
	DRAFTS=$(DRAFTS) $(BIN)/python -m sphinx $(STRICT) -j $(JOBS) -b html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/staging
	rm -rf $(BUILDDIR)/html.new
	cp -a $(BUILDDIR)/staging $(BUILDDIR)/html.new
	rm -rf $(BUILDDIR)/html
	mv $(BUILDDIR)/html.new $(BUILDDIR)/html
	@echo "The site is in $(BUILDDIR)/html (open $(BUILDDIR)/html/index.html)."

# The blog as a book (src/sphinx_citable_blog/book/): every published post a
# chapter, oldest first, each with its own references. Each format has its own
# doctree folder, as the book reads the home page differently from the site.
.PHONY: epub
epub: $(BIN)/.site-deps ## Build the blog as an EPUB book: _build/epub/*.epub
	$(BIN)/python -m sphinx $(STRICT) -j $(JOBS) -b epub -d $(BUILDDIR)/doctrees-epub $(SPHINXOPTS) . $(BUILDDIR)/epub
	@echo "The EPUB is in $(BUILDDIR)/epub."

# The PDF needs TeX Live's latexmk and pdfLaTeX (Debian: latexmk
# texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
# tex-gyre; `make test` installs them). LaTeX stops at its first error.
.PHONY: pdf
pdf: $(BIN)/.site-deps ## Build the blog as a PDF book: _build/latex/*.pdf (needs TeX Live)
	@command -v latexmk >/dev/null || { echo "make pdf needs TeX Live's latexmk: sudo apt-get install latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre" >&2; exit 1; }
	$(BIN)/python -m sphinx $(STRICT) -j $(JOBS) -b latex -d $(BUILDDIR)/doctrees-latex $(SPHINXOPTS) . $(BUILDDIR)/latex
	$(MAKE) -C $(BUILDDIR)/latex all-pdf LATEXMKOPTS="-interaction=nonstopmode -halt-on-error"
	@echo "The PDF is in $(BUILDDIR)/latex."

# The browser and validator tests need Chromium, Java and npm packages: the
# first step installs whatever is missing (with apt-get when run as root), or
# stops at once saying what to install, before any test runs.
.PHONY: test
test: $(BIN)/.dev-deps ## Run the test suite (installs the browser tools it needs first)
	$(BIN)/python tests/prerequisites.py
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A new post: make post TITLE="Pressure of Work" TAGS="workforce, policy"
# [CATEGORY="Research and practice"] [DATE=2014-04-02] [DRAFT=1]. Each value
# reaches blogtools exactly as typed: make does not expand it ($(value ...), and
# not exported, which would expand it), and the shell sees it in single quotes,
# so quotes, "$", backquotes and a leading "-" in a title are all safe.
shell_quote = '$(subst ','\'',$(value $(1)))'
unexport TITLE TAGS CATEGORY DATE
.PHONY: post
post: $(BIN)/.site-deps ## Start a new post: TITLE="..." TAGS="a, b" [CATEGORY=...] [DATE=YYYY-MM-DD] [DRAFT=1]
	$(BIN)/python -m blogtools new --title=$(call shell_quote,TITLE) --tags=$(call shell_quote,TAGS) \
		--category=$(call shell_quote,CATEGORY) --date=$(call shell_quote,DATE)$(if $(filter-out 0,$(DRAFT)), --draft)

# Bring an old blog in: make import FROM=wordpress FILE=export.xml [UPDATE=1]
# [MEDIA=uploads-folder] [CATEGORY="..."] [TAGS="a, b"] [TIME_ZONE=Europe/London].
# As with `make post`, each value reaches blogtools exactly as typed.
unexport FROM FILE MEDIA TIME_ZONE
.PHONY: import
import: $(BIN)/.site-deps ## Import a Blogger or WordPress export: FROM=blogger|wordpress FILE=export.xml [UPDATE=1]
	$(BIN)/python -m blogtools import --media=$(call shell_quote,MEDIA) --category=$(call shell_quote,CATEGORY) \
		--tags=$(call shell_quote,TAGS) --time-zone=$(call shell_quote,TIME_ZONE)$(if $(filter-out 0,$(UPDATE)), --update) \
		-- $(call shell_quote,FROM) $(call shell_quote,FILE)

# permalinks.txt lists every published address and anchor; the tests fail if
# one disappears. This adds the new ones (it never removes any) and names any
# that no longer exist.
.PHONY: permalinks
permalinks: $(BIN)/.site-deps ## Add new pages and anchors to permalinks.txt
	$(BIN)/python tests/permalink_manifest.py

# What the built site still lacks for a scholarly blog archive that gives posts
# DOIs (a licence, ORCID iDs, DOIs...): a table, and exit status 1 until none.
.PHONY: check-archive
check-archive: html ## Report what the site lacks for a blog archive that gives posts DOIs
	$(BIN)/python -m blogtools check-archive $(BUILDDIR)/html

LIVE_PORT ?= 8000

.PHONY: live
live: $(BIN)/.dev-deps ## Preview on http://127.0.0.1:8000, rebuilt on every save (src/blogtools/preview.py)
	DRAFTS=1 $(BIN)/python -m blogtools preview $(STRICT) --host 127.0.0.1 --port $(LIVE_PORT) \
		--ignore '$(BUILDDIR)' --ignore '$(VENV)' -d $(BUILDDIR)/live-doctrees . $(BUILDDIR)/live

BENCH_VENV ?= .venv-bench

$(BENCH_VENV)/.deps: benchmarks/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements.txt
	touch $@

# The preview is timed in Chromium, driven by Playwright: like `make test`, this
# installs the browser first when it is missing (with apt-get, as root), or says how.
.PHONY: bench
bench: $(BIN)/.dev-deps $(BENCH_VENV)/.deps ## Time the build and the preview against Pelican and Hugo; writes benchmarks/results.md
	$(BIN)/python tests/prerequisites.py --browser-only
	$(BIN)/python benchmarks/bench.py --bench-python $(BENCH_VENV)/bin/python --jobs $(JOBS) $(BENCH_ARGS)

.PHONY: clean
clean: ## Remove everything built (keeps .venv)
	rm -rf $(BUILDDIR)
