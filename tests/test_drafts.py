"""A ``draft: true`` post is nowhere in a production build, and bannered in a preview.

The draft is added to a copy of the real site, with a work in references.bib
that only the draft cites.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, Build, copy_project, sphinx_build
from sphinx_citable_blog.authoring.drafts import is_draft_source

SLUG = "unfinished-thoughts-on-zanzibar-inspections"
PAGE = f"posts/2014/04/{SLUG}.html"
WORD = "Quokkaberry"  # in the draft's first paragraph, and nowhere else
DRAFT = f"""\
---
date: 2014-04-18
author: Chris Mills
category: Policy comment
tags: inspection
draft: true
---

# Unfinished thoughts on Zanzibar inspections

{WORD}: the first paragraph of a post that is not finished {{cite:p}}`draftonly2014`.

A second paragraph.

## References

```{{bibliography}}
:filter: docname in docnames
```
"""
ONLY_THE_DRAFT_CITES = """
@misc{draftonly2014,
  title = {[A work that only the draft cites]},
  year  = {2014},
}
"""


@pytest.mark.parametrize(("front", "draft"), [
    ("draft: true", True),
    ("draft: false", False),
    ("date: 2014-31-04", False),  # malformed, for the front-matter check to report
    ("draft: [", False),
])
def test_drafts_are_found_by_their_front_matter(front, draft):
    assert is_draft_source(f"---\n{front}\n---\n\n# T\n") is draft
    assert is_draft_source("# No front matter\n\ndraft: true\n") is False


def test_drafts_are_read_again_only_when_a_post_changed(tmp_path):
    """Each post's answer is kept with its size and time: a post edited since (even to the same size)
    is read again, and one whose size and time are those recorded is not."""
    import os  # noqa: PLC0415

    from sphinx_citable_blog.authoring.drafts import find_drafts  # noqa: PLC0415

    posts, cache = tmp_path / "posts", tmp_path / "doctrees" / "drafts.json"
    posts.mkdir()
    (posts / "a.md").write_text("---\ndraft: true\n---\n\n# A\n", encoding="utf-8")
    (posts / "b.md").write_text("---\ndraft: nope\n---\n\n# B\n", encoding="utf-8")
    assert find_drafts(tmp_path, ["posts/*.md"], cache) == (["posts/a.md"], [])
    # b becomes a draft, a does not: the same sizes, later times.
    for name, now in [("a.md", "nope"), ("b.md", "true")]:
        path = posts / name
        stat = path.stat()
        path.write_text(f"---\ndraft: {now}\n---\n\n# {name[0].upper()}\n", encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert find_drafts(tmp_path, ["posts/*.md"], cache) == (["posts/b.md"], [])
    # Unchanged by size and time: the recorded answer, without reading the post.
    stat = (posts / "b.md").stat()
    (posts / "b.md").write_text("---\ndraft: nope\n---\n\n# B\n", encoding="utf-8")
    os.utime(posts / "b.md", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert find_drafts(tmp_path, ["posts/*.md"], cache) == (["posts/b.md"], [])
    assert find_drafts(tmp_path, ["posts/*.md"]) == ([], [])  # without the record: read


def add_draft(src: Path) -> Path:
    (src / "posts" / "2014" / "04" / f"{SLUG}.md").write_text(DRAFT, encoding="utf-8")
    with (src / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write(ONLY_THE_DRAFT_CITES)
    return src


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("drafts-production")
    build = sphinx_build(add_draft(copy_project(base / "src")), base / "html", env={"DRAFTS": ""})
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built the way README says to preview drafts: make html DRAFTS=1."""
    src = add_draft(copy_project(tmp_path_factory.mktemp("drafts-preview") / "src"))
    shutil.copy(PROJECT / "Makefile", src)
    result = subprocess.run(["make", "html", "DRAFTS=1", f"VENV={sys.prefix}"], cwd=src,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return src / "_build" / "html"


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / path).read_text(encoding="utf-8"), "lxml")


def test_production_build_has_no_trace_of_the_draft(production):
    """No page, search entry, archive, tag or category listing, feed entry or sitemap line."""
    assert not (production.outdir / PAGE).exists()
    mentions = []
    for path in sorted(production.outdir.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if SLUG.encode() in data or WORD.encode() in data or b"Zanzibar" in data:
                mentions.append(path.relative_to(production.outdir).as_posix())
    assert mentions == []


def test_production_build_still_lists_the_published_posts(production):
    """The check above would pass on an empty site: make sure it is not one."""
    tag_page = production.page("blog/tag/inspection.html")
    listed = [a.get_text(strip=True) for a in tag_page.select(".ablog-post-title a")]
    assert listed == ["Ofsted – and the TIWPIR problem"]
    assert "tiwpir" in production.search_index()["terms"]
    assert "posts/2014/04/outsourcing.html" in (production.outdir / "blog" / "atom.xml").read_text(encoding="utf-8")


def test_work_cited_only_by_a_draft_is_not_reported_uncited(production):
    assert "draftonly2014" not in production.stderr
    assert "WARNING" not in production.stderr, production.stderr


def test_preview_shows_the_draft_with_a_banner_at_the_top(preview):
    soup = page(preview, PAGE)
    banner = soup.select_one("article .draft-banner")
    assert banner is not None
    assert banner.select_one(".admonition-title").get_text(strip=True) == "Draft"
    assert "left out of the published site" in banner.get_text()
    # At the top: after the title (and byline), before the post's first paragraph.
    top = [el for el in soup.select_one("article section").children if getattr(el, "name", None)]
    first_paragraph = next(el for el in top if el.name == "p" and WORD in el.get_text())
    assert top[0].name == "h1"
    assert top.index(banner) < top.index(first_paragraph) <= 3


def test_preview_lists_the_draft_where_it_will_appear(preview):
    for listing in ["index.html", "blog/2014.html", "blog/2014/04.html", "blog/tag/inspection.html",
                    "blog/category/policy-comment.html"]:
        links = {a["href"].rpartition("/")[2] for a in page(preview, listing).select("article a[href]")}
        assert f"{SLUG}.html" in links, listing
    recent = page(preview, "about.html").select_one(".ablog__recentposts")
    assert "Unfinished thoughts on Zanzibar inspections" in recent.get_text()


def test_preview_excerpt_is_the_drafts_first_paragraph_not_the_banner(preview):
    home = page(preview, "index.html")
    item = next(li for li in home.select("li.ablog-post") if SLUG in str(li))
    assert WORD in item.get_text()
    assert "left out of the published site" not in item.get_text()


def test_preview_banners_only_drafts(preview):
    assert page(preview, "posts/2014/04/outsourcing.html").select(".draft-banner") == []
