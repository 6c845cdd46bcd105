"""An author's ORCID iD is shown only once conf.py gives it, and then wherever an archive or reader looks.

No iD is known for Chris Mills, so the real site shows none. A copy configured
with ORCID's own test iD (0000-0002-1825-0097, which ORCID's documentation
uses for a fictitious researcher) links it from every byline and the author's
page, and gives it in ``citation_author_orcid`` (right after the author's
``citation_author``) and as the author's ``sameAs`` in the JSON-LD. A mistyped
iD (a wrong check digit) or an author not in ``blog_authors`` stops the build
at the setting's line.
"""

from __future__ import annotations

import json

import pytest
from conftest import assert_no_crash_report, copy_with_settings, page_soup, post_pages, sphinx_build

ORCID = "https://orcid.org/0000-0002-1825-0097"
AUTHOR_PAGE = "blog/author/chris-mills.html"


def configured(tmp_path, setting: str):
    project, line = copy_with_settings(tmp_path / "src", f"citable_blog_orcids = {setting}")
    return sphinx_build(project, tmp_path / "html"), line


@pytest.fixture(scope="module")
def with_orcid(tmp_path_factory):
    build, _ = configured(tmp_path_factory.mktemp("orcid"), '{"Chris Mills": "0000-0002-1825-0097"}')
    assert build.returncode == 0, build.stderr
    return build


def test_the_real_site_claims_no_orcid(site):
    for name in [*post_pages(site), AUTHOR_PAGE, "index.html"]:
        assert "orcid" not in (site.outdir / name).read_text(encoding="utf-8").lower(), name


def test_each_byline_and_the_author_page_link_the_orcid(with_orcid):
    for name in post_pages(with_orcid):
        links = page_soup(with_orcid, name).select(".post-byline a.post-author-orcid")
        assert [(a["href"], a.get_text()) for a in links] == [(ORCID, ORCID)], name
    author = page_soup(with_orcid, AUTHOR_PAGE).select_one(".ablog-author-orcid a")
    assert author["href"] == ORCID


def test_the_metadata_gives_the_orcid_with_its_author(with_orcid):
    page = page_soup(with_orcid, "posts/2014/04/outsourcing.html")
    names = [(tag["name"], tag["content"]) for tag in page.find_all("meta", attrs={"name": True})
             if tag["name"].startswith("citation_author")]
    assert names == [("citation_author", "Mills, Chris"), ("citation_author_orcid", ORCID)]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert [author.get("sameAs") for author in data["author"]] == [ORCID]


@pytest.mark.parametrize(("setting", "message"), [
    ('{"Chris Mills": "0000-0002-1825-0098"}',
     "citable_blog_orcids['Chris Mills'] = '0000-0002-1825-0098' is not an ORCID iD"),
    ('{"Chris Mils": "0000-0002-1825-0097"}',
     "citable_blog_orcids gives an ORCID iD for 'Chris Mils', who is not in blog_authors"),
], ids=["check digit", "unknown author"])
def test_a_wrong_orcid_setting_stops_the_build_at_its_line(tmp_path, setting, message):
    build, line = configured(tmp_path, setting)
    assert build.returncode != 0
    assert f"conf.py:{line}: ERROR: {message}" in build.stderr
    assert_no_crash_report(build)
    assert not (tmp_path / "html" / "index.html").exists()
