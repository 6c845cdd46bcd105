"""After an import, done with README's own commands, the site builds with zero warnings and shows the posts."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, sphinx_build
from importing import DATA, MEDIA, project, run
from permalink_manifest import missing_entries, read_manifest


def readme_command(prefix: str) -> str:
    """The one command in README.md's ```shell blocks that starts with *prefix*."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    lines = [line for block in re.findall(r"```shell\n(.*?)```", text, re.DOTALL) for line in block.splitlines()]
    found = [line for line in lines if line.startswith(prefix)]
    assert len(found) == 1, f"README.md should show one `{prefix} …` command"
    return found[0]


def run_in(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run a README command in *root*, with this virtualenv standing in for .venv."""
    args = shlex.split(command)
    if args[0] == "make":
        args.append(f"VENV={sys.prefix}")
    else:
        args[0] = sys.executable
    return subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("import-build")
    root = project(base)
    shutil.copy(DATA / "wordpress-wxr.xml", root / "old-blog.xml")
    shutil.copytree(MEDIA, root / "uploads")
    shutil.copy(DATA / "blogger-takeout.atom", root / "feed.atom")
    outputs = []
    for command in (readme_command("make import "), readme_command(".venv/bin/python -m blogtools import ")):
        result = run_in(root, command)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(result.stdout)
    run(root, "blogger", "blogger-classic.xml", category="Research and practice")
    run(root, "wordpress", "wordpress-com-export.xml", tags="imported")
    for name in ("old-blog.xml", "feed.atom"):
        (root / name).unlink()
    shutil.rmtree(root / "uploads")
    return sphinx_build(root, base / "html"), outputs


def article(build, path: str) -> str:
    return " ".join(build.page(path).select_one("article").get_text(" ").split())


def test_the_readme_commands_import_and_report(built):
    _, (wordpress, blogger) = built
    assert "Imported old-blog.xml (wordpress):\n  posts written: 4\n" in wordpress  # after make's own lines
    assert "  images copied: 1\n" in wordpress
    assert blogger.startswith("Imported feed.atom (blogger):\n  posts written: 3\n")
    assert "Next:\n  1. describe each new tag and category in tags.yaml" in blogger


def test_the_site_builds_with_no_warning_after_the_imports(built):
    build, _ = built
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and "ERROR" not in build.stderr, build.stderr


def test_the_imported_posts_are_pages_with_their_words_citations_and_images(built):
    build, _ = built
    text = article(build, "posts/2014/03/thresholds-and-referrals.html")
    assert "Referrals to children’s social care rose again this year" in text
    assert "Every referral is a child someone is worried about." in text
    page = build.page("posts/2014/03/thresholds-and-referrals.html")
    entry = page.find(id="ref-gov2014characteristics")
    assert "[Characteristics of children in need]" in entry.get_text()
    assert entry.find("a", href="https://www.gov.uk/government/collections/statistics-children-in-need")
    assert page.find(id="cite-gov2014characteristics") is not None, "the citation in the text links to it"
    assert page.select_one("article img")["src"].endswith("_images/referrals-chart.png")
    assert page.select_one('a[href$="agency-staff-and-turnover.html"]').get_text(" ").strip() == "agency staff"
    assert "it would feed the blame culture" in article(build, "posts/2014/06/mandatory-reporting-revisited.html")
    assert "An inadequate rating hits a team hard." in article(build, "posts/2014/05/ofsted-ratings-and-morale.html")
    assert "This is a blog post." in article(build, "posts/2025/01/blog-post-1.html")
    assert build.page("posts/2014/04/learning-from-case-reviews.html").select_one("#references") is None


def test_drafts_comments_and_untitled_posts_are_not_published(built):
    build, _ = built
    assert not (build.outdir / "posts/2014/05/early-help.html").exists()
    assert not (build.outdir / "posts/2014/06/thoughts-on-inspection.html").exists()
    assert not (build.outdir / "imported").exists()
    assert not [p for p in build.outdir.rglob("*.html") if "Thresholds differ between authorities" in
                p.read_text(encoding="utf-8")]


def test_old_addresses_lead_to_the_new_pages_and_permalinks_lists_them(built):
    build, _ = built
    old = build.page("2014/03/10/thresholds-and-referrals/index.html")
    refresh = old.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh == "0; url=../../../../posts/2014/03/thresholds-and-referrals.html"
    assert (build.outdir / "2014/06/mandatory-reporting-revisited.html").is_file()
    listed = read_manifest(build.srcdir / "permalinks.txt")
    assert "2025/01/18/blog-post-1/index.html" in listed
    assert missing_entries(build.outdir, listed) == []


def test_new_tags_show_the_description_the_import_gave_them(built):
    build, _ = built
    assert "Referrals to children's social care" in build.page("blog/tag/referrals.html").get_text()
    assert "Not described yet" in build.page("blog/tag/mandatory-reporting.html").get_text()
