"""The commands README.md gives a new reader work as written."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT, ROOTS, copy_project

VENV = Path(sys.prefix)  # the virtualenv running the tests, which `make test` created


def readme_commands() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    return [line for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines() if line]


def make(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    cmd = ["make", *args, f"VENV={VENV}"]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, **kwargs)


def test_readme_documents_the_make_targets():
    assert readme_commands() == ["make html", "make test", "make live"]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    dest = copy_project(tmp_path / "project")
    shutil.copy(PROJECT / "Makefile", dest)
    shutil.copytree(PROJECT / "tests", dest / "tests")
    return dest


def test_make_html_builds_the_site(project_copy: Path):
    result = make("html", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project_copy / "_build" / "html" / "index.html").is_file()
    assert (project_copy / "_build" / "html" / "blog" / "atom.xml").is_file()


def test_a_failed_make_html_keeps_the_previous_site(project_copy: Path):
    assert make("html", cwd=project_copy).returncode == 0
    index = project_copy / "_build" / "html" / "index.html"
    before = index.read_bytes()
    shutil.copytree(ROOTS / "missing-citation", project_copy, dirs_exist_ok=True)
    result = make("html", cwd=project_copy)
    assert result.returncode != 0
    assert "could not find bibtex key" in result.stderr
    assert index.read_bytes() == before
    assert not (project_copy / "_build" / "html" / "posts" / "2014" / "04" / "missing-citation.html").exists()


def free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def test_make_live_serves_the_site(project_copy: Path, tmp_path: Path):
    port = free_port()
    log = tmp_path / "live.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "live", f"VENV={VENV}", f"LIVE_PORT={port}"],
            cwd=project_copy, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as response:
                    assert response.status == 200
                    assert "Latest posts" in response.read().decode("utf-8")
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("make live did not serve the site:\n" + log.read_text())
                time.sleep(1)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_readme_quotes_the_last_benchmark():
    """README's table of build times is the one `make bench` last wrote to benchmarks/results.md."""
    results = (PROJECT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    walls = {(int(n), build): wall for n, build, wall in
             re.findall(r"^\| (\d+) \| ([a-zA-Z ]+?) \| ([\d.]+) \|", results, re.M)}
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$",
                      readme, re.M)
    assert [int(row[0]) for row in rows] == sorted({n for n, _ in walls})
    builds = ("cold", "no change", "one edited", "one added", "Pelican cold", "Hugo cold")
    for n, *times in rows:
        assert times == [walls[(int(n), build)] for build in builds], n
