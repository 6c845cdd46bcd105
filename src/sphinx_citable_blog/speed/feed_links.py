"""The feeds' links made absolute once for each post's text, not on every build.

``reading.feeds`` rewrites every link of every entry of the main feed to an
absolute address (a feed reader cannot follow a relative one), which parses
and writes again each post's full text on every build that writes the feed:
on a 1,000-post blog, most of what fixing the feed costs when one post was
edited. This keeps each rewritten entry in ``feed-links.json`` in the
doctree folder, by a digest of what the rewriting depends on (the entry's HTML,
the address it was rendered for and the post's address), and rewrites only
the entries whose digest is new. The cache keeps only the last build's
entries, so it never grows beyond one feed. Without the speed layer every
entry is rewritten, and the tests compare the two sites file by file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_citable_blog.reading import feeds

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CACHE = "feed-links.json"


class AbsoluteLinks:
    """``feeds.absolutize_html``, answered from the last build's results when its input is the same."""

    def __init__(self, doctreedir: str | Path) -> None:
        self.path = Path(doctreedir) / CACHE
        try:
            self.old: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, str] = {}

    def __call__(self, fragment: str, page_url: str, entry_url: str) -> str:
        key = hashlib.sha256(f"{page_url}\0{entry_url}\0{fragment}".encode()).hexdigest()
        found = self.old.get(key)
        if found is None:
            found = feeds.absolutize_html(fragment, page_url, entry_url)
        self.new[key] = found
        return found

    def save(self) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(self.new, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.path)


def fix_feeds(app: Sphinx) -> None:
    """``feeds.fix_feeds``, with the entries' links from the cache."""
    links = AbsoluteLinks(app.doctreedir)
    feeds.fix_feeds(app, links)
    links.save()
