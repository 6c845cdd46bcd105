"""Keep ABlog's copies of each post small in the environment.

ABlog stores, for every post, a copy of its excerpt and of its whole text in
the environment (``env.ablog_posts``), to render listings and feeds from. The
environment is loaded at the start of every build and written at the end of
every build that read a file, so on a 1,000-post blog these copies were most
of its 16 MB. Two things keep them out of it:

* docutils' ``deepcopy`` keeps each copied node's link to the document it came
  from, so pickling a copy pickled the post's original doctree too. The
  copies are unlinked as soon as ABlog has made them; an unlinked node finds
  its document through its parents, as the copies always did once placed in
  the page that shows them.
* The whole text is needed only to render a post's feed entry, which
  ``speed.feed_entries`` keeps from one build to the next: it is written to its
  own file in the doctree folder (``post-copies/``) and the environment keeps
  a :class:`StoredText` in its place, which reads it back when ABlog (or
  ``speed.render.excerpts``) copies it.

The output does not change (the tests compare builds file by file).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import SphinxError

from sphinx_citable_blog.compat.ablog import post_records

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "post-copies"


class StoredText:
    """A post's whole text as ABlog copied it, in a file until it is needed.

    Stands in for ABlog's copy (a document, or a section for a page with
    several posts), which ABlog only ever uses through ``deepcopy()``.
    """

    __slots__ = ("name",)
    folder: Path | None = None  # this build's post-copies folder (set when the builder starts)

    def __init__(self, name: str) -> None:
        self.name = name

    def __getstate__(self) -> str:
        return self.name

    def __setstate__(self, state: str) -> None:
        self.name = state

    def deepcopy(self) -> nodes.Element:
        path = Path(StoredText.folder or ".") / self.name
        try:
            whole, copies = pickle.loads(path.read_bytes())
        except FileNotFoundError:
            raise SphinxError(
                f"{path} is missing: the doctree folder is incomplete; delete it (make clean) and build again"
            ) from None
        if not whole:
            return copies[0]
        document = nodes.document(None, None)  # a holder: ABlog uses only its children
        document.extend(copies)
        return document


def keep_copies_small(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    for order, info in enumerate(post_records(app.env).get(docname, []), start=1):
        for copy in info["excerpt"]:
            unlink(copy)
        text = info["doctree"]
        if not isinstance(text, nodes.Node):
            continue
        whole = isinstance(text, nodes.document)
        copies = list(text.children) if whole else [text]
        for copy in copies:
            copy.parent = None  # ABlog's copy, replaced below: its document holder is not pickled
            unlink(copy)
        name = f"{docname}.{order}.pickle"
        path = Path(app.doctreedir) / FOLDER / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps((whole, copies), pickle.HIGHEST_PROTOCOL))
        info["doctree"] = StoredText(name)


def set_folder(app: Sphinx) -> None:
    StoredText.folder = Path(app.doctreedir) / FOLDER


def unlink(copy: nodes.Node) -> None:
    """Unlink *copy* and its descendants from the document they were copied from."""
    for node in copy.findall():
        node.document = None



def remove_stale_copies(app: Sphinx, exception: Exception | None) -> None:
    """Remove the stored texts of posts that are gone (deleted, unpublished, renamed)."""
    if exception is not None:
        return
    folder = Path(app.doctreedir) / FOLDER
    posts = set(post_records(app.env))
    for path in sorted(folder.rglob("*.pickle")) if folder.is_dir() else ():  # listed first: folders go as we go
        if path.relative_to(folder).as_posix().rsplit(".", 2)[0] not in posts:
            path.unlink()
            parent = path.parent
            while parent != folder and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
