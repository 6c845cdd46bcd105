"""What the tests of ``python -m blogtools import`` share: running an import, and reading what it wrote."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import PROJECT, copy_project
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from blogtools.importer.command import run_import
from blogtools.importer.report import Report
from blogtools.importer.writer import Options

DATA = PROJECT / "tests" / "data" / "import"
MEDIA = DATA / "media"
TODAY = dt.date(2026, 1, 1)


def project(tmp_path: Path) -> Path:
    """A copy of the site to import into."""
    dest = copy_project(tmp_path / "project")
    shutil.copy(PROJECT / "Makefile", dest)
    return dest


def run(root: Path, platform: str, export: str, time_zone: str = "", **options: object) -> Report:
    """Import tests/data/import/*export* into the site at *root*."""
    return run_import(platform, DATA / export, root, Options(today=TODAY, **options), time_zone)


def read_post(path: Path) -> tuple[dict[str, str], str, str]:
    """A written post's front matter (as YAML reads it), its title and its body after the title."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front_text, rest = text[4:].split("\n---\n", 1)
    front = yaml.safe_load(front_text)
    title_line, _, body = rest.lstrip("\n").partition("\n")
    assert title_line.startswith("# ")
    return {k: str(v) for k, v in front.items()}, title_line[2:], body


def render(markdown: str) -> BeautifulSoup:
    """*markdown* as MyST's own parser reads it, rendered to HTML (roles and comments as MyST sees them)."""
    parser = create_md_parser(MdParserConfig(), RendererHTML)
    return BeautifulSoup(parser.render(markdown), "html.parser")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under *root*, by path, for checking that nothing changed."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
