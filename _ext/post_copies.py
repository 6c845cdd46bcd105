"""Keep ABlog's copies of each post apart from the page they were copied from.

ABlog stores, for every post, a copy of its excerpt and of its whole text in
the environment (``env.ablog_posts``), to render listings and feeds from.
docutils' ``deepcopy`` keeps each copied node's link to the document it came
from, so pickling the environment pickled every post's original doctree too,
beside the copies: a 1,000-post blog had a 16 MB environment, loaded again at
the start of every build and written at the end of every build that read a
file. Here the copies are unlinked as soon as ABlog has made them. An unlinked
node finds its document through its parents, as the copies always did once
placed in the page that shows them; the output does not change (the tests
compare builds file by file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def unlink_copies(app: Sphinx, doctree: nodes.document) -> None:
    for info in getattr(app.env, "ablog_posts", {}).get(app.env.docname, []):
        for copy in [*info["excerpt"], info["doctree"]]:
            for node in copy.findall():
                if node is not copy or not isinstance(copy, nodes.document):
                    node.document = None  # a document stays its own


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    # After ABlog made the copies (doctree-read, priority 500).
    app.connect("doctree-read", unlink_copies, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
