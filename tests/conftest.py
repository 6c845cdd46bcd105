"""Shared fixtures: the site is built once per test session, in a temporary folder.

Sites are built by running ``python -m sphinx`` in a subprocess, exactly as
``make html`` and Read the Docs do. (ABlog keeps its state on a class shared by
every Sphinx application in a process, so building several sites in one
process would mix their posts.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
IGNORE = shutil.ignore_patterns(".git", ".venv", "_build", "tests", "__pycache__", ".pytest_cache", "benchmarks")
DEFAULT_SITE_URL = "https://chris-mills-child-protection.readthedocs.io/en/latest/"


@dataclass
class Build:
    srcdir: Path
    outdir: Path
    returncode: int
    stdout: str
    stderr: str

    def page(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / path).read_text(encoding="utf-8"), "lxml")

    def post_pages(self) -> list[str]:
        return sorted(p.relative_to(self.outdir).as_posix() for p in (self.outdir / "posts").rglob("*.html"))

    def search_index(self) -> dict:
        text = (self.outdir / "searchindex.js").read_text(encoding="utf-8")
        return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))


def assert_stopped_before_writing(build: Build, messages: list[str], summary: str) -> None:
    """*build* failed with exactly the errors matching *messages*, and wrote no page."""
    assert build.returncode != 0
    errors = [line for line in build.stderr.splitlines() if ": ERROR: " in line]
    assert len(errors) == len(messages), build.stderr
    for message in messages:
        assert re.search(message, build.stderr), build.stderr
    assert summary in build.stderr, build.stderr
    assert not list(build.outdir.rglob("*.html"))


def copy_project(dest: Path, root: str | None = None) -> Path:
    """Copy the site's sources to *dest*; with *root*, its posts replace the real ones."""
    shutil.copytree(PROJECT, dest, ignore=IGNORE)
    if root is not None:
        shutil.rmtree(dest / "posts")
        shutil.copytree(ROOTS / root, dest, dirs_exist_ok=True)
    return dest


def sphinx_build(srcdir: Path, outdir: Path, *extra: str, env: dict[str, str] | None = None) -> Build:
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html", *extra]
    cmd += ["-d", str(outdir.parent / (outdir.name + ".doctrees")), str(srcdir), str(outdir)]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    full_env.update(env or {})
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, check=False)
    return Build(srcdir, outdir, proc.returncode, proc.stdout, proc.stderr)


def sphinx_main_watched(srcdir: Path, outdir: Path, *extra: str, before: str,
                        after: str = "raise SystemExit(rc)") -> subprocess.CompletedProcess[str]:
    """Build *srcdir* with ``sphinx.cmd.build.main`` in a new Python process that runs the code
    *before* first (to watch or slow down the build's internals; the site's extensions are
    importable) and the code *after* with the exit status in ``rc`` (to print what it saw)."""
    args = ["-q", *extra, "-b", "html", "-d", str(outdir.parent / (outdir.name + ".doctrees")), str(srcdir), str(outdir)]
    program = "\n".join(
        [textwrap.dedent(before), "from sphinx.cmd.build import main", f"rc = main({args!r})", textwrap.dedent(after)])
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    env["PYTHONPATH"] = str(srcdir / "_ext")
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, cwd=srcdir,
                          check=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("site")
    build = sphinx_build(copy_project(base / "src"), base / "html")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="session")
def bad_build(tmp_path_factory: pytest.TempPathFactory):
    """Build the tiny site under tests/roots/<name>, once per name."""
    cache: dict[str, Build] = {}

    def _build(name: str) -> Build:
        if name not in cache:
            base = tmp_path_factory.mktemp(name)
            cache[name] = sphinx_build(copy_project(base / "src", root=name), base / "html")
        return cache[name]

    return _build
