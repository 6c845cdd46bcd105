"""``make test`` installs the tools the suite needs, or stops at once saying how to install them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import prerequisites
from conftest import PROJECT
from prerequisites import Program, can_install, install_message, missing_programs

CHROMIUM = Program("Chromium", "/nonexistent/chromium", "chromium", "the browser tests")
JAVA = Program("Java", "java", "default-jre-headless", "the checker")


def test_missing_programs_are_looked_up_on_path_or_by_absolute_path():
    which = {"java": "/usr/bin/java"}.get
    assert missing_programs([CHROMIUM, JAVA], which) == [CHROMIUM]
    assert missing_programs([JAVA], lambda name: None) == [JAVA]


def test_only_root_with_apt_get_installs():
    with_apt = {"apt-get": "/usr/bin/apt-get"}.get
    assert can_install(with_apt, euid=0)
    assert not can_install(with_apt, euid=1000)
    assert not can_install(lambda name: None, euid=0)


def test_the_message_names_every_package_and_one_command():
    message = install_message([CHROMIUM, JAVA])
    assert "sudo apt-get install --no-install-recommends chromium default-jre-headless" in message
    assert message.count("apt-get install") == 1
    assert "Chromium (/nonexistent/chromium)" in message and "Java (java)" in message


def test_the_project_needs_a_browser_java_and_npm():
    assert {p.package for p in prerequisites.programs()} >= {"chromium", "default-jre-headless", "nodejs", "npm"}
    assert all((folder / "package-lock.json").is_file() for folder in prerequisites.NPM_FOLDERS)


def fake_venv(base: Path) -> Path:
    """A venv for the Makefile whose stamps say its packages are installed, with this Python."""
    venv = base / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    for stamp in (".site-deps", ".dev-deps"):
        (venv / "bin" / stamp).touch()
    return venv


def test_make_test_stops_before_any_test_when_tools_are_missing_and_cannot_be_installed(tmp_path):
    """As a user without apt-get (an empty PATH) and no Chromium: one message, no test run."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns(".git", ".venv*", "_build", "node_modules"))
    venv = fake_venv(tmp_path)
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = {"PATH": str(empty), "CHROMIUM": "/nonexistent/chromium", "HOME": str(tmp_path)}
    make = shutil.which("make")
    assert make is not None
    proc = subprocess.run(
        [make, "-C", str(project), "test", f"VENV={venv}"], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode != 0
    assert "sudo apt-get install --no-install-recommends chromium default-jre-headless nodejs npm" in proc.stderr
    assert "test session starts" not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_check_mode_reports_and_installs_nothing(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path), "CHROMIUM": "/nonexistent/chromium"}
    proc = subprocess.run(
        [sys.executable, str(PROJECT / "tests" / "prerequisites.py"), "--check"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("make test needs programs this machine does not have:")
    assert "apt-get update" not in proc.stdout


def test_ci_runs_the_readme_test_command_and_nothing_else():
    commands = [
        line.strip() for line in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == "make test"
    assert all(c.startswith(("set ", "cd ")) for c in commands[:-1]), commands
