"""A build stopped at any moment never makes a later build wrong.

Each scenario builds a copy of the site, edits a post (a new word in its body),
then builds again and kills that build, by SIGINT (Ctrl-C) or SIGKILL, at one
moment: while reading, while writing pages, while writing the listing pages, or
while finishing. The next build, with nothing changed since, must give exactly
the site a clean build of the same sources gives, and find the new word in its
search index. The build is killed from inside (``sitecustomize`` counts Sphinx's
events and signals the process group at the chosen one), so the moment is the
same on every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, Build, copy_project, sphinx_build
from test_reproducible import differences

POST = Path("posts/2014/04/outsourcing.md")
WORD = "zygomorphic"
SITECUSTOMIZE = """\
import os, signal
if os.environ.get("KILL_AT"):
    import sphinx.events
    event, nth, sig = os.environ["KILL_AT"].split(":")
    seen = {"n": 0}
    emit = sphinx.events.EventManager.emit
    def emit_and_kill(self, name, *args, **kwargs):
        if name == event:
            seen["n"] += 1
            if seen["n"] == int(nth):
                os.killpg(os.getpgid(0), getattr(signal, sig))
        return emit(self, name, *args, **kwargs)
    sphinx.events.EventManager.emit = emit_and_kill
"""

MOMENTS = {
    "reading": "doctree-read:1",
    "writing": "html-page-context:1",
    "listing pages": "html-collect-pages:1",
    "finishing": "build-finished:1",
}


def edit(src: Path) -> None:
    path = src / POST
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("hard thinking.", f"hard thinking, {WORD} or not."), encoding="utf-8")


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill-hook")
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("clean")
    src = copy_project(base / "src")
    edit(src)
    build = sphinx_build(src, base / "html")
    assert build.returncode == 0, build.stderr
    return build


def killed_build(src: Path, out: Path, hooks: Path, kill_at: str, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html", *extra,
           "-d", str(out.parent / (out.name + ".doctrees")), str(src), str(out)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    env.update({"PYTHONPATH": str(hooks), "KILL_AT": kill_at})
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, start_new_session=True)


CASES = [  # (moment, signal, jobs): each moment by each signal, serially and in parallel
    ("reading", "SIGINT", "1"), ("reading", "SIGKILL", "2"),
    ("writing", "SIGKILL", "1"), ("writing", "SIGINT", "2"),
    ("listing pages", "SIGKILL", "1"), ("listing pages", "SIGINT", "2"),
    ("finishing", "SIGINT", "1"), ("finishing", "SIGKILL", "2"),
]


@pytest.mark.parametrize(("moment", "sig", "jobs"), CASES)
def test_the_build_after_a_killed_one_equals_a_clean_build(tmp_path, hooks, clean, moment, sig, jobs):
    src = copy_project(tmp_path / "src")
    first = sphinx_build(src, tmp_path / "html", "-j", jobs)
    assert first.returncode == 0, first.stderr
    edit(src)
    killed = killed_build(src, tmp_path / "html", hooks, f"{MOMENTS[moment]}:{sig}", "-j", jobs)
    assert killed.returncode != 0, "the build was not killed"
    after = sphinx_build(src, tmp_path / "html", "-j", jobs)
    assert after.returncode == 0, after.stderr
    differ = differences(after.outdir, clean.outdir)
    assert not differ, f"killed while {moment}, the next build differs from a clean one:\n  " + "\n  ".join(differ)
    # (differences() compares searchindex.js too; this says what a reader would miss.)
    stem = next(term for term in clean.search_index()["terms"] if WORD.startswith(term))
    assert stem in after.search_index()["terms"], "the edited post cannot be found by its new word"


def test_a_killed_make_html_keeps_the_last_complete_site(tmp_path, hooks, clean):
    src = copy_project(tmp_path / "project")
    shutil.copy(PROJECT / "Makefile", src)
    make = ["make", "html", f"VENV={sys.prefix}"]
    assert subprocess.run(make, cwd=src, capture_output=True, check=False).returncode == 0
    site = src / "_build" / "html"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    edit(src)
    env = {**os.environ, "PYTHONPATH": str(hooks), "KILL_AT": f"{MOMENTS['writing']}:SIGKILL"}
    killed = subprocess.run(make, cwd=src, capture_output=True, env=env, check=False, start_new_session=True)
    assert killed.returncode != 0
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    done = subprocess.run(make, cwd=src, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    differ = differences(site, clean.outdir)
    assert not differ, "after a killed make html, the next differs from a clean build:\n  " + "\n  ".join(differ)


def test_a_build_that_failed_on_a_warning_fails_again_until_the_cause_is_fixed(tmp_path):
    """Sphinx reads a page once: without a full build, the second run would skip the broken page and pass."""
    src = copy_project(tmp_path / "src", root="missing-citation")
    message = 'WARNING: could not find bibtex key "nosuchwork2014"'
    for _ in range(2):
        build = sphinx_build(src, tmp_path / "html")
        assert build.returncode == 1 and message in build.stderr, build.stderr
