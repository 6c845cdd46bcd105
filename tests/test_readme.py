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
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import CRASH_REPORT, PROJECT, ROOTS, copy_project

VENV = Path(sys.prefix)  # the virtualenv running the tests, which `make test` created


def readme_commands() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    return [line for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines() if line]


def make(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    cmd = ["make", *args, f"VENV={VENV}"]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, **kwargs)


def test_readme_documents_the_make_targets():
    assert readme_commands() == ["make html", "make test", "make live", "make epub", "make pdf",
                                 "make check-archive"]


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


def test_a_writers_mistake_through_make_html_is_a_message_and_keeps_the_site(project_copy: Path, tmp_path: Path):
    assert make("html", cwd=project_copy).returncode == 0
    index = project_copy / "_build" / "html" / "index.html"
    before = index.read_bytes()
    shutil.copytree(ROOTS / "fm-unlisted-tag", project_copy, dirs_exist_ok=True)
    result = make("html", cwd=project_copy, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert result.returncode != 0
    assert "posts/2014/04/unlisted-tag.md:5: ERROR: tag 'Policy' is not in tags.yaml" in result.stderr
    assert ("Build stopped by the errors above in posts/2014/04/unlisted-tag.md: nothing was written or published."
            in result.stderr)
    for marker in CRASH_REPORT:
        assert marker not in result.stdout + result.stderr
    assert not list(tmp_path.glob("sphinx-err-*.log"))
    assert index.read_bytes() == before


def free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


class Live:
    """`make live` running on a copy of the project, its output in a log file."""

    def __init__(self, project: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        with log.open("w") as out:
            self.proc = subprocess.Popen(
                ["make", "live", f"VENV={VENV}", f"LIVE_PORT={self.port}"],
                cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def get(self, page: str) -> str | None:
        """The text of *page*, or None if the preview does not serve it (yet)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{page}", timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return None

    def answers(self) -> bool:
        """Whether the preview's server answers at all (a missing page included)."""
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5).close()
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def wait_for(self, what: str, found, timeout: float = 120):
        deadline = time.monotonic() + timeout
        while True:
            result = found()
            if result:
                return result
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make live: no {what}:\n" + self.log.read_text())
            time.sleep(0.5)

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def test_make_live_serves_the_site(project_copy: Path, tmp_path: Path):
    live = Live(project_copy, tmp_path / "live.log")
    try:
        assert "Latest posts" in live.wait_for("home page", lambda: live.get("index.html"))
    finally:
        live.stop()


def test_make_live_reports_a_mistake_and_recovers_when_it_is_fixed(project_copy: Path, tmp_path: Path):
    shutil.copytree(ROOTS / "fm-unlisted-tag", project_copy, dirs_exist_ok=True)
    post = project_copy / "posts" / "2014" / "04" / "unlisted-tag.md"
    live = Live(project_copy, tmp_path / "live.log")
    try:
        closing = "Build stopped by the errors above in posts/2014/04/unlisted-tag.md"
        live.wait_for("closing line", lambda: closing in live.log.read_text())
        output = live.log.read_text()
        assert "unlisted-tag.md:5: ERROR: tag 'Policy' is not in tags.yaml" in output
        for marker in CRASH_REPORT:
            assert marker not in output
        live.wait_for("server", live.answers)
        time.sleep(1)  # the watcher starts with the server
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("tags: Policy, Ofsted", "tags: policy"), encoding="utf-8")
        page = live.wait_for("page once fixed", lambda: live.get("posts/2014/04/unlisted-tag.html"))
        assert "A post with tags that are not in the list" in page
    finally:
        live.stop()


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


def test_make_live_removes_a_deleted_post_and_marks_a_new_draft_at_once(project_copy: Path, tmp_path: Path):
    live = Live(project_copy, tmp_path / "live.log")
    posts = project_copy / "posts" / "2014" / "04"
    try:
        live.wait_for("the post to delete", lambda: live.get("posts/2014/04/outsourcing.html"))
        live.wait_for("watcher", lambda: "Waiting to detect changes" in live.log.read_text() or live.answers())
        time.sleep(1)
        (posts / "outsourcing.md").unlink()
        live.wait_for("the deleted post to go", lambda: live.get("posts/2014/04/outsourcing.html") is None)
        assert "Outsourcing" not in (live.get("index.html") or "")
        post = posts / "pressure-of-work.md"
        post.write_text(post.read_text(encoding="utf-8").replace("tags:", "draft: true\ntags:", 1), encoding="utf-8")
        page = live.wait_for("the draft banner",
                             lambda: "draft-banner" in (live.get("posts/2014/04/pressure-of-work.html") or ""))
        assert page
    finally:
        live.stop()


def test_make_check_archive_builds_the_site_and_reports_what_it_lacks(project_copy: Path):
    result = make("check-archive", cwd=project_copy)
    assert result.returncode != 0  # this blog has no licence, ORCID iD or DOI yet
    assert (project_copy / "_build" / "html" / "index.html").is_file()
    assert "Archive readiness of 7 published posts:" in result.stdout
    assert "| a Creative Commons licence | required | 0 of 7 |" in result.stdout
    assert "Not ready yet" in result.stdout
