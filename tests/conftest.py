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
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
# The package (src/) is installed in the test environment: the copies build with it.
IGNORE = shutil.ignore_patterns(".git", ".venv*", "_build", "tests", "__pycache__", ".pytest_cache", "benchmarks",
                                "src", "node_modules")
DEFAULT_SITE_URL = "https://chris-mills-child-protection.readthedocs.io/en/latest/"


@dataclass
class Build:
    srcdir: Path
    outdir: Path
    returncode: int
    stdout: str
    stderr: str
    crash_logs: list[Path] = field(default_factory=list)  # Sphinx's sphinx-err-*.log files, if it wrote any

    def page(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / path).read_text(encoding="utf-8"), "lxml")

    def post_pages(self) -> list[str]:
        return sorted(p.relative_to(self.outdir).as_posix() for p in (self.outdir / "posts").rglob("*.html"))

    def search_index(self) -> dict:
        text = (self.outdir / "searchindex.js").read_text(encoding="utf-8")
        return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))


# What Sphinx's crash report says; a writer's mistake must never produce it.
CRASH_REPORT = ("Traceback", "Versions\n===", "Loaded Extensions", "The full traceback has been saved",
                "please open an issue", "Extension error", "Exception occurred")


def assert_no_crash_report(build: Build) -> None:
    for marker in CRASH_REPORT:
        assert marker not in build.stderr + build.stdout, build.stderr
    assert build.crash_logs == []


def assert_stopped_before_writing(build: Build, messages: list[str], files: list[str]) -> None:
    """*build* stopped with exactly the errors matching *messages*, a closing line naming *files*,
    no crash report, and no page written."""
    assert build.returncode == 1, build.stderr
    errors = [line for line in build.stderr.splitlines() if ": ERROR: " in line]
    assert len(errors) == len(messages), build.stderr
    assert "WARNING" not in build.stderr, build.stderr  # nothing but the errors: no follow-on noise
    for message in messages:
        assert re.search(message, build.stderr), build.stderr
    closing = f"Build stopped by the errors above in {', '.join(files)}: nothing was written or published."
    assert build.stderr.rstrip().splitlines()[-1].startswith(closing), build.stderr
    assert_no_crash_report(build)
    assert not list(build.outdir.rglob("*.html"))


def copy_project(dest: Path, root: str | None = None) -> Path:
    """Copy the site's sources to *dest*; with *root*, its posts replace the real ones."""
    shutil.copytree(PROJECT, dest, ignore=IGNORE)
    if root is not None:
        shutil.rmtree(dest / "posts")
        shutil.copytree(ROOTS / root, dest, dirs_exist_ok=True)
    return dest


def copy_with_settings(dest: Path, settings: str) -> tuple[Path, int]:
    """A copy of the project whose conf.py ends with *settings*, and the number of the line they end on."""
    project = copy_project(dest)
    conf = project / "conf.py"
    text = conf.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + settings.strip("\n") + "\n"
    conf.write_text(text, encoding="utf-8")
    return project, text.count("\n")


def page_soup(build: Build, name: str):
    """The built page *name* (``posts/2014/04/outsourcing.html``), parsed."""
    from bs4 import BeautifulSoup  # noqa: PLC0415

    return BeautifulSoup((build.outdir / name).read_text(encoding="utf-8"), "html.parser")


def post_pages(build: Build) -> list[str]:
    """Every post page of *build* (redirect pages included), relative to its output folder."""
    return sorted(p.relative_to(build.outdir).as_posix() for p in (build.outdir / "posts").rglob("*.html"))


def sphinx_build(srcdir: Path, outdir: Path, *extra: str, env: dict[str, str] | None = None) -> Build:
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html", *extra]
    cmd += ["-d", str(outdir.parent / (outdir.name + ".doctrees")), str(srcdir), str(outdir)]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    # A temporary folder of the build's own, to see whether Sphinx saved a crash report there.
    tmp = outdir.parent / (outdir.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    full_env["TMPDIR"] = str(tmp)
    full_env.update(env or {})
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, check=False)
    return Build(srcdir, outdir, proc.returncode, proc.stdout, proc.stderr, sorted(tmp.glob("sphinx-err-*.log")))


def sphinx_main_watched(srcdir: Path, outdir: Path, *extra: str, before: str,
                        after: str = "raise SystemExit(rc)") -> subprocess.CompletedProcess[str]:
    """Build *srcdir* with ``sphinx.cmd.build.main`` in a new Python process that runs the code
    *before* first (to watch or slow down the build's internals) and the code *after* with the exit status in ``rc`` (to print what it saw)."""
    args = ["-q", *extra, "-b", "html", "-d", str(outdir.parent / (outdir.name + ".doctrees")), str(srcdir), str(outdir)]
    program = "\n".join(
        [textwrap.dedent(before), "from sphinx.cmd.build import main", f"rc = main({args!r})", textwrap.dedent(after)])
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
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
