"""Keep posts.bib's entries from one build to the next.

``citation.cite_this`` writes ``posts.bib``, every post's BibTeX entry, when
what listings show of the posts has changed (a post added, a title changed).
pybtex's writer checks the braces of every field character by character: for
a thousand posts, a tenth of a second of a build that added one post, to write
999 entries as they were.

This takes over ``cite_this.write_files`` and hands it the entries' texts of
the last build that wrote them, by the digest of each post's record
(``citation.exports.EntryTexts``): pybtex writes only the entries of posts
whose record is new. The texts are kept in ``posts-bib-entries.json`` in the
doctree folder with a key made of the version of pybtex and the digest of the
build's setup (``speed.listings``: the configuration, the package's code and
the versions of the packages that render the site), so that a change to either
writes every entry again. The tests compare incremental builds with clean
ones, file by file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_citable_blog.citation import cite_this
from sphinx_citable_blog.citation.exports import EntryTexts
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.speed import listings
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STORE = "posts-bib-entries.json"


def store_key(app: Sphinx) -> str:
    setup = listings.decide(app).setup_fp
    return hashlib.sha256(f"{listings.installed_version('pybtex')}\0{setup}".encode()).hexdigest()


def write_files(app: Sphinx, exception: Exception | None) -> None:
    """``cite_this.write_files``, with the entries of the last build that wrote posts.bib."""
    if exception is not None or not writes_site(app):
        return
    path = Path(app.doctreedir) / STORE
    key = store_key(app)
    earlier: dict[str, str] = {}
    if not build_state(app).listings_unchanged:  # else posts.bib stands, unless it is missing
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            earlier = stored["entries"] if stored.get("key") == key else {}
        except (OSError, ValueError, KeyError, TypeError):
            pass
    texts = EntryTexts(earlier)
    if cite_this.write_files(app, exception, texts) and (texts.written or texts.now.keys() != earlier.keys()):
        path.write_text(json.dumps({"key": key, "entries": texts.now}, indent=0), encoding="utf-8")
