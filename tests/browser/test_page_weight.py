"""A first visit to a post transfers at most 200 KB.

Measured in Chromium with an empty cache against the test server, which gzips
text files (level 6) as a production web server does: the figure is the sum of
the encoded (compressed) body sizes of every response the page loads, HTML,
CSS, JavaScript, fonts and anything else, once the network is idle and the
fonts are ready. README.md gives the figure.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BUDGET = 200 * 1024
POST = "posts/2014/04/stepping-up-but-not-staying-in.html"  # the longest post, with notes and references


def first_visit(new_context, http_site, path: str) -> dict[str, int]:
    """Encoded bytes of each response of a first visit to *path*, by URL."""
    visit = new_context()
    page = visit.context.new_page()
    sizes: dict[str, int] = {}
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(http_site.url(path), wait_until="networkidle")
    page.evaluate("() => document.fonts.ready.then(() => document.fonts.size)")
    page.wait_for_load_state("networkidle")
    for request in finished:
        response = request.response()
        assert response is not None, request.url
        body = request.sizes()["responseBodySize"]
        sizes[request.url.removeprefix(http_site.base_url)] = body
    return sizes


def report(sizes: dict[str, int]) -> str:
    lines = [f"{size / 1024:8.1f} KB  {url}" for url, size in sorted(sizes.items(), key=lambda kv: -kv[1])]
    return "\n".join([*lines, f"{sum(sizes.values()) / 1024:8.1f} KB  total"])


def test_first_visit_to_a_post_is_within_budget(new_context, http_site):
    sizes = first_visit(new_context, http_site, POST)
    print("\nFirst visit to", POST, "\n" + report(sizes))
    total = sum(sizes.values())
    # What was counted is what the server sent, compressed.
    sent = {s.path.removeprefix(http_site.base_url.removeprefix(http_site.origin)): s.encoded_bytes
            for s in http_site.log}
    for url, size in sizes.items():
        assert size == sent[url], url
    assert any(url.endswith(".css") for url in sizes) and any(".js" in url for url in sizes)
    assert total <= BUDGET, f"{total / 1024:.1f} KB > {BUDGET / 1024:.0f} KB:\n{report(sizes)}"


def test_the_icon_font_is_a_small_subset(new_context, http_site):
    sizes = first_visit(new_context, http_site, POST)
    fonts = {url: size for url, size in sizes.items() if url.split("?")[0].endswith((".woff2", ".woff", ".ttf"))}
    # The page draws icons, so the (solid) icon font is loaded; cut to the
    # glyphs used it is a few KB instead of 115 KB, and nothing loads
    # Font Awesome's 1.5 MB script.
    assert fonts, sizes
    assert all(size < 8 * 1024 for size in fonts.values()), fonts
    assert not [url for url in sizes if "fontawesome.js" in url]
