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

With ``-j``, in a first build, the files (posts.bib and every post's RIS file:
a thousand files for a thousand posts) are written by a process started with
the listing pages (:func:`start_writing`), while the main process renders the
page that lists every post and the other core would idle; ``build-finished``
joins it and keeps the entries it wrote.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.parallel import ParallelTasks

from sphinx_citable_blog.citation import cite_this
from sphinx_citable_blog.citation.exports import EntryTexts
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.speed import gc, listings
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STORE = "posts-bib-entries.json"


def store_key(app: Sphinx) -> str:
    setup = listings.decide(app).setup_fp
    return hashlib.sha256(f"{listings.installed_version('pybtex')}\0{setup}".encode()).hexdigest()


def _write(app: Sphinx) -> tuple[bool, dict[str, str], int]:
    """Write the files with the last build's entries; whether they were, the entries now, how many pybtex wrote."""
    earlier: dict[str, str] = {}
    if not build_state(app).listings_unchanged:  # else posts.bib stands, unless it is missing
        try:
            stored = json.loads((Path(app.doctreedir) / STORE).read_text(encoding="utf-8"))
            earlier = stored["entries"] if stored.get("key") == store_key(app) else {}
        except (OSError, ValueError, KeyError, TypeError):
            pass
    texts = EntryTexts(earlier)
    wrote = cite_this.write_files(app, None, texts)
    return wrote and (texts.written > 0 or texts.now.keys() != earlier.keys()), texts.now, texts.written


def _keep(app: Sphinx, changed: bool, entries: dict[str, str]) -> None:
    if changed:
        path = Path(app.doctreedir) / STORE
        path.write_text(json.dumps({"key": store_key(app), "entries": entries}, indent=0), encoding="utf-8")


def start_writing(app: Sphinx) -> list[tuple[str, dict, str]]:
    """With ``-j``, as the listing pages are collected, in a first build (no posts.bib in the output folder):
    write the files in another process (no pages). Other builds compare the files with what they have, most
    of which stand: cheaper than starting a process."""
    if writes_site(app) and app.builder.parallel_ok and not (Path(app.builder.outdir) / cite_this.POSTS_BIB).exists():
        build_state(app).listings_unchanged = listings.decide(app).pages_unchanged()
        task = ParallelTasks(1)
        task.add_task(gc.in_worker(_write), app, lambda _arg, result: _keep(app, result[0], result[1]))
        build_state(app).speed.posts_files = task
    return []


def write_files(app: Sphinx, exception: Exception | None) -> None:
    """``cite_this.write_files``, with the entries of the last build that wrote posts.bib (or, with ``-j``,
    the end of the process that writes them)."""
    speed = build_state(app).speed
    if speed.posts_files is not None:
        task, speed.posts_files = speed.posts_files, None
        task.join()
        return
    if exception is not None or not writes_site(app):
        return
    changed, entries, _ = _write(app)
    _keep(app, changed, entries)
