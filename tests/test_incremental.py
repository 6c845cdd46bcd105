"""An incremental build (what ``make live`` runs on every change) shows every post everywhere.

Each scenario builds a copy of the site, changes its posts, builds again into
the same folders (so Sphinx only re-reads what changed), and checks the
listings; where the sources end the same as a clean build's, the two output
trees must be byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, Build, copy_project, sphinx_build
from sphinx_citable_blog.reading.search import drop_empty_terms
from test_reproducible import differences

PANELS = PROJECT / "src" / "sphinx_citable_blog" / "templates" / "panels"
NEW_TITLE = "Caseloads and the courts"
NEW_POST = f"""\
---
date: 2014-05-02
author: Chris Mills
category: Policy comment
tags: policy, workforce
---

# {NEW_TITLE}

A paragraph about caseloads, for the home page's excerpt.

## References

```{{bibliography}}
:filter: docname in docnames
```
"""
NEW_PAGE = "posts/2014/05/caseloads-and-the-courts.html"
OUTSOURCING = "posts/2014/04/outsourcing"


@dataclass
class Scenario:
    src: Path
    always: set[str]  # pages written by every build, even with nothing changed (ABlog's, search, 404)
    before: dict[str, int]  # mtime (ns) of every page before the change
    build: Build  # the incremental build after the change

    def page(self, path: str) -> BeautifulSoup:
        return self.build.page(path)

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.build.outdir).as_posix() for p in self.build.outdir.rglob("*.html"))

    def rewritten(self) -> set[str]:
        """The pages the change made the incremental build write."""
        return changed_since(self.build.outdir, self.before) - self.always


def mtimes(outdir: Path) -> dict[str, int]:
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def changed_since(outdir: Path, before: dict[str, int]) -> set[str]:
    return {p for p, ns in before.items() if (outdir / p).stat().st_mtime_ns != ns}


def build_ok(src: Path, out: Path) -> Build:
    build = sphinx_build(src, out)
    assert build.returncode == 0, build.stderr
    return build


def run(base: Path, change, start=None, calibrate: bool = False) -> Scenario:
    """Build a copy of the site (after *start*, if given), apply *change*, build again incrementally.

    With *calibrate*, an extra build with nothing changed first finds the
    pages that every build writes.
    """
    src = copy_project(base / "src")
    if start:
        start(src)
    first = build_ok(src, base / "html")
    before = mtimes(first.outdir)
    always: set[str] = set()
    if calibrate:
        build_ok(src, base / "html")
        always = changed_since(first.outdir, before)
        before = mtimes(first.outdir)
    change(src)
    return Scenario(src, always, before, build_ok(src, base / "html"))


def clean_build(src: Path, base: Path) -> Build:
    return build_ok(src, base / "clean")


def titles(soup: BeautifulSoup, selector: str) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(selector)]


def recent_posts(soup: BeautifulSoup) -> list[str]:
    """The titles in a page's "Recent Posts" sidebar (links read "2 May 2014 - Title")."""
    return [text.partition(" - ")[2] for text in titles(soup, ".ablog__recentposts li a")]


def add_post(src: Path) -> None:
    path = src / "posts" / "2014" / "05" / "caseloads-and-the-courts.md"
    path.parent.mkdir(parents=True)
    path.write_text(NEW_POST, encoding="utf-8")


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return run(tmp_path_factory.mktemp("added"), add_post)


def test_a_new_post_is_on_the_home_page(added):
    assert titles(added.page("index.html"), "article .postlist .ablog-post-title a")[0] == NEW_TITLE


def test_a_new_post_is_in_its_archives_tags_and_category(added):
    for listing in ["blog.html", "blog/2014.html", "blog/2014/05.html", "blog/tag/policy.html",
                    "blog/tag/workforce.html", "blog/category/policy-comment.html", "blog/author/chris-mills.html"]:
        assert NEW_TITLE in titles(added.page(listing), ".ablog-post-title a"), listing
    assert NEW_TITLE not in titles(added.page("blog/2014/04.html"), ".ablog-post-title a")


def test_every_pages_recent_posts_show_the_new_post(added):
    with_sidebar = [p for p in added.pages() if added.page(p).select_one(".ablog__recentposts")]
    assert {"index.html", "about.html", "posts/2014/04/outsourcing.html", NEW_PAGE} <= set(with_sidebar)
    # A post's own page leaves it out of its recent posts.
    stale = [p for p in with_sidebar if p != NEW_PAGE and NEW_TITLE not in recent_posts(added.page(p))]
    assert stale == []


def test_the_newest_post_before_it_now_links_forward_to_it(added):
    links = [a["href"] for a in added.page("posts/2014/04/outsourcing.html").select("a[href]")]
    assert any(href.endswith("05/caseloads-and-the-courts.html") for href in links)


def test_adding_a_post_gives_the_same_site_as_a_clean_build(added, tmp_path):
    clean = clean_build(added.src, tmp_path)
    differ = differences(added.build.outdir, clean.outdir)
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)


def retitle(src: Path) -> None:
    path = src / f"{OUTSOURCING}.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("# Outsourcing\n", "# Outsourcing child protection\n")
    text = text.replace("date: 2014-04-17", "date: 2014-04-18").replace("tags: policy, service improvement",
                                                                         "tags: policy, workforce")
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def retitled(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return run(tmp_path_factory.mktemp("retitled"), retitle)


def test_a_changed_title_date_and_tags_reach_every_listing(retitled):
    for page in retitled.pages():
        soup = retitled.page(page)
        if soup.select_one(".ablog__recentposts") and page != f"{OUTSOURCING}.html":
            assert "Outsourcing child protection" in recent_posts(soup), page
            assert "Outsourcing" not in recent_posts(soup), page
    assert "Outsourcing child protection" in titles(retitled.page("blog/tag/workforce.html"), ".ablog-post-title a")
    home = retitled.page("index.html").select_one("article .postlist").get_text()
    assert "Outsourcing child protection · 18 April 2014" in home


def test_changing_a_post_gives_the_same_site_as_a_clean_build(retitled, tmp_path):
    clean = clean_build(retitled.src, tmp_path)
    differ = differences(retitled.build.outdir, clean.outdir)
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)


def remove_new_post(src: Path) -> None:
    (src / "posts" / "2014" / "05" / "caseloads-and-the-courts.md").unlink()


def test_a_removed_post_is_linked_from_no_page(tmp_path):
    scenario = run(tmp_path, remove_new_post, start=add_post)
    pages = scenario.pages()
    assert "index.html" in pages
    for page in pages:
        if page in {NEW_PAGE, "blog/2014/05.html"}:
            continue  # Sphinx never deletes an output file: these are left, but no longer linked
        hrefs = [a["href"] for a in scenario.page(page).select("a[href]")]
        assert not [h for h in hrefs if "caseloads-and-the-courts.html" in h or h.endswith("2014/05.html")], page
        assert NEW_TITLE not in scenario.page(page).get_text(), page


def edit_body(src: Path) -> None:
    path = src / f"{OUTSOURCING}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("In the meantime", "Meanwhile"), encoding="utf-8")


@pytest.fixture(scope="module")
def body_edited(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return run(tmp_path_factory.mktemp("body-edited"), edit_body, calibrate=True)


def test_a_change_to_a_posts_body_alone_rewrites_only_that_post(body_edited):
    assert "Meanwhile" in body_edited.page(f"{OUTSOURCING}.html").get_text()
    assert f"{OUTSOURCING}.html" not in body_edited.always
    assert body_edited.rewritten() == {f"{OUTSOURCING}.html"}


def test_rewriting_one_post_gives_the_same_site_as_a_clean_build(body_edited, tmp_path):
    """The feeds render every post again: they must not depend on which pages were written."""
    clean = clean_build(body_edited.src, tmp_path)
    differ = differences(body_edited.build.outdir, clean.outdir)
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)


def test_words_no_page_contains_leave_the_search_index():
    index = {"terms": {"meantim": [], "outsourc": 7, "servic": [1, 7]}, "titleterms": {"old": []}, "titles": []}
    assert drop_empty_terms(index) is True
    assert index == {"terms": {"outsourc": 7, "servic": [1, 7]}, "titleterms": {}, "titles": []}
    assert drop_empty_terms(index) is False


def test_an_edited_out_word_is_not_searchable(body_edited):
    terms = body_edited.build.search_index()["terms"]
    assert "meanwhil" in terms
    assert "meantim" not in terms


def test_a_rebuild_writes_listing_pages_and_feeds_only_when_they_change(body_edited):
    """ABlog's listing pages and the 404 page are not written again when nothing they show changed
    (speed.listings); Sphinx writes the search page on every build, as the last build wrote it
    (speed.search_page; the comparison with a clean build checks its content)."""
    assert body_edited.always <= {"search.html"}, body_edited.always
    # The feed carries the whole post, so the edit reaches it (and the clean-build comparison checks it all).
    feed = (body_edited.build.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")
    assert "Meanwhile" in feed and "In the meantime" not in feed


def test_a_missing_listing_page_is_written_again(tmp_path):
    def lose_pages(src: Path) -> None:
        (tmp_path / "html" / "blog" / "tag" / "policy.html").unlink()
        (tmp_path / "html" / "blog" / "atom.xml").unlink()

    scenario = run(tmp_path, lose_pages)
    assert "Posts tagged" in scenario.page("blog/tag/policy.html").get_text()
    assert (scenario.build.outdir / "blog" / "atom.xml").is_file()
    differ = differences(scenario.build.outdir, clean_build(scenario.src, tmp_path).outdir)
    assert not differ, "files that differ from a clean build:\n  " + "\n  ".join(differ)


def test_an_edited_template_reaches_every_page(tmp_path):
    """Compiled templates (speed.jinja_cache) and listing pages (speed.listings)
    are kept between builds, keyed by content: a template edit must still reach every page."""
    marker = "<!-- edited template -->"

    def edit_template(src: Path) -> None:
        """Override the package's sidebar panel with the site's own (as a site customises a template)."""
        path = src / "_templates" / "panels" / "ablog" / "tagcloud.html"
        path.parent.mkdir(parents=True)
        path.write_text((PANELS / "ablog" / "tagcloud.html").read_text(encoding="utf-8") + marker + "\n",
                        encoding="utf-8")

    scenario = run(tmp_path, edit_template)
    assert list((tmp_path / "html.doctrees" / "jinja").glob("*.cache")), "no compiled templates were kept"
    pages = [p for p in scenario.pages() if scenario.page(p).select_one(".ablog__tagcloud")]
    assert {"index.html", "blog/tag/policy.html", "posts/2014/04/outsourcing.html"} <= set(pages)
    stale = [p for p in pages if marker not in (scenario.build.outdir / p).read_text(encoding="utf-8")]
    assert stale == []


def test_a_posts_stored_text_is_read_back_and_a_missing_one_is_named(tmp_path, monkeypatch):
    """ABlog's copy of a post's whole text waits in the doctree folder (speed.env_size)."""
    import pickle

    from docutils import nodes
    from sphinx_citable_blog.speed.env_size import StoredText
    from sphinx.errors import SphinxError

    monkeypatch.setattr(StoredText, "folder", tmp_path)
    text = [nodes.paragraph("", "Whole text.")]
    (tmp_path / "post.1.pickle").write_bytes(pickle.dumps((True, text)))
    stored = pickle.loads(pickle.dumps(StoredText("post.1.pickle")))
    copied = stored.deepcopy()
    assert isinstance(copied, nodes.document) and copied.astext() == "Whole text."
    with pytest.raises(SphinxError, match=r"gone\.1\.pickle is missing.*make clean"):
        StoredText("gone.1.pickle").deepcopy()
