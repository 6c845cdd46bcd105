"""Install what the test suite needs beyond Python, or say exactly how to (``make test`` runs this first).

The browser and validator tests drive Debian's Chromium, run the Nu HTML
Checker on Java, and take axe-core and the checker's jar from npm
(``tests/browser/package.json``); the book's tests make the PDF with TeX Live,
read it with Poppler's pdftotext and check the EPUB with EPUBCheck. ``make html`` needs none of this; ``make test``
needs all of it, so before any test runs this script:

* finds the programs that are missing (``PROGRAMS``);
* installs their Debian packages with ``apt-get`` when it runs as root on a
  machine that has ``apt-get`` (a fresh container, CI); anywhere else it stops at
  once with one message naming the packages and the command that installs them,
  rather than letting the suite turn each missing tool into a wall of errors;
* installs the npm packages pinned in each ``package-lock.json`` (``npm ci``),
  again only when they are missing or the lock file changed since.

Run it with ``--check`` to report what is missing without installing anything.
``make bench``, which times the preview in Chromium, runs it with
``--browser-only``: Chromium alone, no npm packages.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Program:
    """A program the tests run, and the Debian package that provides it."""

    what: str  # what a reader calls it: "Chromium"
    command: str  # a name looked up on PATH, or an absolute path
    package: str  # the Debian package
    needed_by: str
    file: bool = False  # command is a file the package installs (a LaTeX style, a jar), not a program


BOOK_TESTS = "the book's tests (tests/test_book.py)"
TEXMF = "/usr/share/texlive/texmf-dist/"
EPUBCHECK = "/usr/share/java/epubcheck.jar"


def chromium_path() -> str:
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


def programs() -> list[Program]:
    return [
        Program("Chromium", chromium_path(), "chromium", "the browser tests (tests/browser/)"),
        Program("Java", "java", "default-jre-headless", "the Nu HTML Checker (tests/browser/test_html_valid.py)"),
        Program("Node.js", "node", "nodejs", "the npm packages of the tests"),
        Program("npm", "npm", "npm", "installing the npm packages of the tests"),
        # The book (tests/test_book.py): the PDF is made by TeX Live as Read the Docs makes it, then read
        # back by Poppler; the EPUB is checked by EPUBCheck.
        Program("latexmk", "latexmk", "latexmk", BOOK_TESTS),
        Program("pdfLaTeX", "pdflatex", "texlive-latex-recommended", BOOK_TESTS),
        Program("LaTeX's extra packages", TEXMF + "tex/latex/tabulary/tabulary.sty", "texlive-latex-extra", BOOK_TESTS,
                file=True),
        Program("TeX's recommended fonts", TEXMF + "tex/latex/txfonts/txfonts.sty", "texlive-fonts-recommended",
                BOOK_TESTS, file=True),
        Program("the TeX Gyre fonts", "/usr/share/texmf/tex/latex/tex-gyre/tgtermes.sty", "tex-gyre", BOOK_TESTS,
                file=True),
        Program("pdftotext", "pdftotext", "poppler-utils", BOOK_TESTS),
        Program("EPUBCheck", EPUBCHECK, "epubcheck", BOOK_TESTS, file=True),
    ]


# Folders whose package-lock.json pins npm packages the tests use.
NPM_FOLDERS = [PROJECT / "tests" / "browser", PROJECT / "tests" / "judges"]
NPM_STAMP = ".installed-lock"  # inside node_modules: the digest of the lock file installed


def is_present(command: str, which: Callable[[str], str | None] = shutil.which, file: bool = False) -> bool:
    if file:
        return os.path.isfile(command)
    if os.path.isabs(command):
        return os.access(command, os.X_OK)
    return which(command) is not None


def missing_programs(
    wanted: Iterable[Program], which: Callable[[str], str | None] = shutil.which
) -> list[Program]:
    return [program for program in wanted if not is_present(program.command, which, program.file)]


def can_install(which: Callable[[str], str | None] = shutil.which, euid: int | None = None) -> bool:
    """Whether this process may install Debian packages itself: root, with apt-get."""
    euid = os.geteuid() if euid is None else euid
    return euid == 0 and which("apt-get") is not None


def install_message(missing: list[Program], target: str = "make test") -> str:
    """The one message shown when the tools are missing and this process cannot install them."""
    packages = " ".join(dict.fromkeys(program.package for program in missing))
    lines = [f"{target} needs programs this machine does not have:"]
    lines += [f"  - {p.what} ({p.command}), for {p.needed_by}: Debian package {p.package}" for p in missing]
    lines += [
        f"Install them, then run `{target}` again:",
        f"  sudo apt-get install --no-install-recommends {packages}",
        f"(Run as root on a machine with apt-get, `{target}` installs them itself. Elsewhere, install the same "
        "programs with your system's package manager; CHROMIUM=/path/to/chromium names another browser.)",
    ]
    return "\n".join(lines)


def apt_install(packages: list[str]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"make test: installing {' '.join(packages)} with apt-get", flush=True)
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], check=True, env=env
    )


def lock_digest(folder: Path) -> str:
    return hashlib.sha256((folder / "package-lock.json").read_bytes()).hexdigest()


def npm_outdated(folder: Path) -> bool:
    """Whether *folder*'s npm packages are missing, or were installed from another lock file."""
    stamp = folder / "node_modules" / NPM_STAMP
    return not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != lock_digest(folder)


def npm_install(folder: Path) -> None:
    print(f"make test: installing the npm packages of {folder.relative_to(PROJECT)}", flush=True)
    subprocess.run(
        ["npm", "ci", "--prefix", str(folder), "--ignore-scripts", "--no-audit", "--no-fund"], check=True
    )
    (folder / "node_modules" / NPM_STAMP).write_text(lock_digest(folder) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report what is missing; install nothing")
    parser.add_argument("--browser-only", action="store_true", help="Chromium only, for make bench")
    args = parser.parse_args(argv)
    wanted = programs()[:1] if args.browser_only else programs()
    target = "make bench" if args.browser_only else "make test"
    missing = missing_programs(wanted)
    if missing and (args.check or not can_install()):
        print(install_message(missing, target), file=sys.stderr)
        return 1
    try:
        if missing:
            apt_install(list(dict.fromkeys(program.package for program in missing)))
            still = missing_programs(wanted)
            if still:
                print(install_message(still, target), file=sys.stderr)
                return 1
        outdated = [] if args.browser_only else [folder for folder in NPM_FOLDERS if npm_outdated(folder)]
        if outdated and args.check:
            names = ", ".join(str(folder.relative_to(PROJECT)) for folder in outdated)
            print(f"the npm packages of {names} are not installed (make test installs them)", file=sys.stderr)
            return 1
        for folder in outdated:
            npm_install(folder)
    except subprocess.CalledProcessError as exc:
        print(f"make test: `{' '.join(map(str, exc.cmd))}` failed (exit status {exc.returncode}); "
              "see its output above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
