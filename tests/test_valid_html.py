"""The HTML writer's fixes (reading.valid_html), checked without a browser or Java."""

from __future__ import annotations

from docutils import nodes
from sphinx_citable_blog.reading.valid_html import holds_blocks


def test_holds_blocks_is_about_block_children_only():
    assert not holds_blocks(nodes.paragraph("", "", nodes.Text("a "), nodes.reference("", "link", refuri="x.html")))
    assert not holds_blocks(nodes.paragraph("", "", nodes.inline("", "17 April 2014")))
    assert holds_blocks(nodes.paragraph("", "", nodes.paragraph("", "inner")))
    assert holds_blocks(nodes.paragraph("", "", nodes.bullet_list()))


def test_no_paragraph_in_a_paragraph_and_links_stay_in_paragraphs(site):
    for path in site.outdir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert 'role="doc-biblioentry"' not in html, path
    listing = site.page("blog/tag/policy.html")
    excerpts = listing.select("article .ablog-post-excerpt")
    assert excerpts and all(e.name == "div" and e.find("p") for e in excerpts)
    post = site.page("posts/2014/04/outsourcing.html")
    assert post.select_one(".post-byline .post-byline-main").name == "p"
    assert all(p.parent.name != "p" for p in post.select("article p"))
    # A reference list is a list of the style's entries, each an item of it.
    entries = post.select("section#references ul.references > li > p.csl-entry")
    assert entries and not post.select("section#references [role]")
