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
