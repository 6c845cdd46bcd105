"""Keep the listing pages' rendered excerpts and entries from one build to the next.

``speed.render.excerpts`` and ``speed.render.entries`` render each post's
excerpt and listing entry once per build. But a build that writes the listing
pages (one post added, say) writes pages that list every post, so it rendered
every excerpt and entry again, though only one post had changed.

When a build has written the listing pages, the renders it holds are saved to
``listing-renders.json`` in the doctree folder, each post's with a key made of
everything its HTML depends on: the build's setup (``speed.listings``'s
digest of the configuration, templates, extensions, bibliography and package
versions), what listings show of the post (``incremental.listings.LISTED``) and the
digest of its text as read. The next build that writes the listing pages starts
its render caches from the saved renders whose key is unchanged, and from none
when the title of any page of the last build has changed or the page is gone
(a cross-reference in an excerpt shows the title of the page it links to).
The tests compare incremental builds with clean ones, file by file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.compat.ablog import post_records
from sphinx_citable_blog.incremental.listings import listed
from sphinx_citable_blog.speed.render.entries import entries
from sphinx_citable_blog.speed.render.excerpts import renderer
from sphinx_citable_blog.state import build_state, env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STORE = "listing-renders.json"


def post_keys(app: Sphinx, setup: str) -> dict[str, str]:
    """By post: the digest of everything its excerpt and entry are rendered from (once per build)."""

    def make() -> dict[str, str]:
        texts = env_data(app.env).text_digests
        return {
            docname: hashlib.sha256(json.dumps([setup, texts.get(docname), listed(infos)]).encode()).hexdigest()
            for docname, infos in post_records(app.env).items()
        }

    return build_state(app).once("render_store_keys", make)


def restore(app: Sphinx, setup: str, titles: dict[str, str]) -> int:
    """Start this build's render caches from the last build's renders that still hold; how many posts'."""
    try:
        stored = json.loads((Path(app.doctreedir) / STORE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if any(titles.get(docname) != title for docname, title in stored.get("titles", {}).items()):
        return 0
    keys = post_keys(app, setup)
    excerpts, entry_renders = renderer(app).first, entries(app).first
    restored = 0
    for docname, (key, excerpt, entry) in stored.get("posts", {}).items():
        if keys.get(docname) != key:
            continue
        if excerpt and docname not in excerpts:
            excerpts[docname] = tuple(excerpt)
        if entry and docname not in entry_renders:
            entry_renders[docname] = tuple(entry)
        restored += 1
    return restored


def save(app: Sphinx, setup: str, titles: dict[str, str]) -> None:
    """Keep the renders this process holds for the next build."""
    path = Path(app.doctreedir) / STORE
    excerpts, entry_renders = renderer(app).first, entries(app).first
    posts: dict[str, Any] = {
        docname: [key, excerpts.get(docname), entry_renders.get(docname)]
        for docname, key in post_keys(app, setup).items()
        if docname in excerpts or docname in entry_renders
    }
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({"titles": titles, "posts": posts}), encoding="utf-8")
    partial.replace(path)
