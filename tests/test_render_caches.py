"""The render caches change nothing but the time a build takes.

_ext/excerpt_cache.py and _ext/sidebar_cache.py render the listing pages'
excerpts and the sidebar's fragments once and reuse the HTML on the pages
that show the same thing. Built with ``render_caches = False`` (every
fragment rendered on every page, as the theme and ABlog do), the site must be
byte-for-byte the one the tests check everywhere else.
"""

from __future__ import annotations

from conftest import sphinx_build
from test_reproducible import differences


def test_the_site_is_the_same_without_the_render_caches(site, tmp_path):
    uncached = sphinx_build(site.srcdir, tmp_path / "html", "-D", "render_caches=0")
    assert uncached.returncode == 0, uncached.stderr
    differ = differences(site.outdir, uncached.outdir)
    assert not differ, "files that differ without the caches:\n  " + "\n  ".join(differ)


def test_relocated_links_are_those_sphinx_would_write():
    import pytest
    from excerpt_cache import SamePage, relocate
    from sphinx.util.osutil import relative_uri

    html = ('<p><a class="reference internal" href="../../posts/2014/04/outsourcing.html#ref-key">x</a>'
            '<img src="../../_images/chart.png"/><a href="https://example.org/a.html">y</a>'
            '<a href="#top">z</a><a href="policy.html">t</a></p>')
    moved = relocate(html, "blog/tag/workforce.html", "blog.html")
    assert 'href="posts/2014/04/outsourcing.html#ref-key"' in moved
    assert 'src="_images/chart.png"' in moved
    assert 'href="https://example.org/a.html"' in moved and 'href="#top"' in moved
    assert f'href="{relative_uri("blog.html", "blog/tag/policy.html")}"' in moved
    assert relocate(moved, "blog.html", "blog/tag/workforce.html") == html
    with pytest.raises(SamePage):
        relocate(html, "blog/tag/workforce.html", "blog/tag/policy.html")


def test_moved_entry_links_are_those_pathto_would_write():
    """A listing entry's links, made by the template's pathto on one page, moved to another page."""
    from entry_cache import move_links
    from sphinx.util.osutil import relative_uri

    pages = ["blog.html", "blog/tag/policy.html", "blog/tag/workforce.html", "blog/2014/04.html",
             "posts/2014/04/outsourcing.html", "index.html"]

    def pathto(page: str, target: str) -> str:  # Sphinx's pathto, for an HTML page
        return relative_uri(page, target) or "#"

    def entry(page: str) -> str:
        links = "".join(f'<a href="{pathto(page, target)}">t</a>' for target in pages)
        return (f'<div>{links}<a href="{pathto(page, "posts/2014/04/outsourcing.html")}#sec">a</a>'
                '<a href="https://example.org/x.html">x</a></div>')

    for rendered_for in pages:
        for shown_on in pages:
            assert move_links(entry(rendered_for), rendered_for, shown_on) == entry(shown_on), (rendered_for, shown_on)


def test_a_blog_in_many_folders_is_the_same_without_the_render_caches(tmp_path):
    """Posts spread over many folders: excerpts moved between listing pages, sidebars shared per folder."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import corpus

    src = corpus.write_sphinx_site(corpus.generate(30), tmp_path / "src")
    cached = sphinx_build(src, tmp_path / "cached")
    uncached = sphinx_build(src, tmp_path / "uncached", "-D", "render_caches=0")
    assert cached.returncode == 0 and uncached.returncode == 0, cached.stderr + uncached.stderr
    differ = differences(cached.outdir, uncached.outdir)
    assert not differ, "files that differ without the caches:\n  " + "\n  ".join(differ)


def test_a_pages_marked_fragments_are_read_back_by_name():
    from sidebar_cache import mark, marked_fragments, replace_fragments

    recent = '<a href="../05/newest.html">N</a>'
    page = f"<nav>{mark('ablog/recentposts.html', recent)}<p>x</p>{mark('ablog/tagcloud.html', '')}</nav>"
    assert marked_fragments(page) == {"ablog/recentposts.html": recent, "ablog/tagcloud.html": ""}
    assert replace_fragments(page, lambda name: name.upper()) == (
        f"<nav>{mark('ablog/recentposts.html', 'ABLOG/RECENTPOSTS.HTML')}<p>x</p>"
        f"{mark('ablog/tagcloud.html', 'ABLOG/TAGCLOUD.HTML')}</nav>")
