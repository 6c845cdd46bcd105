"""``make check-archive`` says what the built site lacks for a blog archive that gives posts DOIs.

The real site has no licence, ORCID iD or DOI yet (none is the author's
until given), so the report names those three, with what to set, and exits 1;
everything else an archive asks for is met by all seven posts. A copy given a
licence, the author's ORCID iD and a DOI for each post (ORCID's and Crossref's
test identifiers, never registered to anyone) is ready, and the check exits 0.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import copy_with_settings, sphinx_build


def check(outdir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blogtools", "check-archive", str(outdir)], capture_output=True,
                          text=True, check=False)


def rows(report: str) -> dict[str, tuple[str, str, str]]:
    found = re.findall(r"^\| (.+?) \| (required|recommended) \| (\d+ of \d+) \| (.*) \|$", report, re.M)
    return {name: (kind, count, todo) for name, kind, count, todo in found}


def test_the_real_site_lacks_a_licence_orcid_ids_and_dois_and_nothing_else(site):
    result = check(site.outdir)
    assert result.returncode == 1, result.stdout + result.stderr
    table = rows(result.stdout)
    assert len(table) == 13
    lacking = {name: todo for name, (kind, count, todo) in table.items() if count != "7 of 7"}
    assert lacking == {
        "a Creative Commons licence": 'choose one and set citable_blog_license in conf.py (e.g. "CC-BY-4.0")',
        "an ORCID iD for each author": "set citable_blog_orcids in conf.py",
        "a DOI": "doi: in the front matter, once the archive has registered one",
    }
    assert all(count == "0 of 7" for name, (kind, count, todo) in table.items() if name in lacking)
    assert table["full text in a public feed (Atom, JSON Feed), with title and date"][:2] == ("required", "7 of 7")
    assert "Not ready yet" in result.stdout


@pytest.fixture(scope="module")
def ready(tmp_path_factory):
    base = tmp_path_factory.mktemp("archive-ready")
    project, _ = copy_with_settings(base / "src", 'citable_blog_license = "CC-BY-4.0"\n'
                                    'citable_blog_orcids = {"Chris Mills": "0000-0002-1825-0097"}')
    for post in sorted((project / "posts").rglob("*.md")):
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("\ntags: ", f"\ndoi: 10.5555/example.{post.stem}\ntags: ", 1), encoding="utf-8")
    build = sphinx_build(project, base / "html")
    assert build.returncode == 0, build.stderr
    return build


def test_a_site_with_a_licence_orcid_ids_and_dois_is_ready(ready):
    result = check(ready.outdir)
    assert result.returncode == 0, result.stdout
    assert all(count == "7 of 7" for _, count, _ in rows(result.stdout).values())
    assert result.stdout.rstrip().endswith("Ready for an archive.")


def test_without_a_built_site_it_says_to_build_first(tmp_path):
    result = check(tmp_path)
    assert result.returncode == 2
    assert "run `make html` first" in result.stdout
