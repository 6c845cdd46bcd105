"""The build itself: no warnings, Read the Docs' way, and bad input stops it."""

from __future__ import annotations

import re

import pytest
from conftest import assert_no_crash_report, assert_stopped_before_writing, copy_project, sphinx_build


def test_build_has_no_warnings(site):
    assert site.returncode == 0
    assert "WARNING" not in site.stderr and "ERROR" not in site.stderr, site.stderr


def test_read_the_docs_build_uses_its_canonical_url(tmp_path):
    """Build the way Read the Docs does, and check every absolute URL uses its address."""
    url = "https://blog.example.org/en/stable/"
    src = copy_project(tmp_path / "src")
    build = sphinx_build(src, tmp_path / "out", "-T", "-D", "language=en",
                         env={"READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": url})
    assert build.returncode == 0, build.stderr
    page = build.page("posts/2014/04/outsourcing.html")
    assert page.select_one("link[rel=canonical]")["href"] == url + "posts/2014/04/outsourcing.html"
    feed = (build.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")
    assert f'href="{url}blog/atom.xml" rel="self"' in feed
    assert "chris-mills-child-protection.readthedocs.io" not in feed


BAD_INPUT = {
    "bad-date": r"posts/2014/04/bad-date\.md:2: ERROR: date '2014-31-04' is not a day of the calendar",
    "missing-citation": r'posts/2014/04/missing-citation\.md:10: WARNING: could not find bibtex key "nosuchwork2014"',
    "broken-xref": r"posts/2014/04/broken-xref\.md:10: WARNING: undefined label: 'no-such-label'",
}


@pytest.mark.parametrize("root", sorted(BAD_INPUT))
def test_bad_input_fails_the_build_naming_file_and_line(bad_build, root):
    build = bad_build(root)
    assert build.returncode == 1
    assert re.search(BAD_INPUT[root], build.stderr), build.stderr
    assert_no_crash_report(build)


def test_a_mistake_built_the_read_the_docs_way_is_a_message_too(tmp_path):
    """Read the Docs runs sphinx-build with -T, which prints any exception's full traceback."""
    src = copy_project(tmp_path / "src", root="fm-unlisted-tag")
    build = sphinx_build(src, tmp_path / "out", "-T", "-D", "language=en",
                         env={"READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": "https://blog.example.org/en/x/"})
    messages = [r"posts/2014/04/unlisted-tag\.md:5: ERROR: tag 'Policy'", r"unlisted-tag\.md:5: ERROR: tag 'Ofsted'"]
    assert_stopped_before_writing(build, messages, ["posts/2014/04/unlisted-tag.md"])


def test_invalid_front_matter_stops_before_any_page_is_written(bad_build):
    build = bad_build("bad-date")
    assert "nothing was written or published" in build.stderr
    assert not list(build.outdir.rglob("*.html"))
