"""Links to the book's downloads, where the site's pages ask for them (the ``book-downloads`` directive).

Read the Docs builds the PDF and EPUB of each version (``formats`` in
``.readthedocs.yaml``) and serves them at fixed addresses beside the site's:
``https://<project>.readthedocs.io/_/downloads/<language>/<version>/pdf/``
for a site at ``https://<project>.readthedocs.io/<language>/<version>/``.
The addresses are worked out from ``html_baseurl``, or given in
``citable_blog_book_downloads`` for a site served elsewhere; a site whose
address is not Read the Docs' and that gives none stops the build at
``conf.py``, rather than linking files that do not exist.

In the book itself, the links are left out: a reader already has the book.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_citable_blog.errors import setting_location, stop_build
from sphinx_citable_blog.outputs import writes_book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SETTING = "citable_blog_book_downloads"
# The formats, as Read the Docs names them in its addresses, and as readers know them.
FORMATS = (("pdf", "PDF"), ("epub", "EPUB"))
LEAD_TEXT = "The whole blog as a book, to keep or to read offline: "
CLASS = "book-downloads"


def read_the_docs_downloads(site_url: str) -> dict[str, str] | None:
    """Read the Docs' download addresses for the version served at *site_url*, if it is a version's address."""
    parts = urlsplit(site_url)
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) != 2 or parts.scheme not in {"http", "https"}:
        return None
    language, version = segments
    return {
        name: urlunsplit((parts.scheme, parts.netloc, f"/_/downloads/{language}/{version}/{name}/", "", ""))
        for name, _ in FORMATS
    }


def download_urls(app: Sphinx) -> dict[str, str] | None:
    """The address of each format: the setting's, or Read the Docs' for the site's address."""
    return app.config.citable_blog_book_downloads or read_the_docs_downloads(app.config.html_baseurl or "")


def check_downloads(app: Sphinx) -> None:
    """Stop at conf.py when the downloads have no address (read only when a page asks for them)."""
    urls = app.config.citable_blog_book_downloads
    if urls is None or set(urls) == {name for name, _ in FORMATS}:
        return
    logger.error(
        "%s = %r: give the address of each format, {'pdf': '…', 'epub': '…'}, or None for Read the Docs' addresses",
        SETTING, urls, location=setting_location(app, SETTING), type="citable_blog", subtype="book",
    )
    stop_build(app, ["conf.py"])


class BookDownloads(SphinxDirective):
    """``{book-downloads}``: a line linking the PDF and the EPUB of this version of the blog."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        urls = download_urls(self.env.app)
        if urls is None:
            raise self.error(
                "book-downloads: the site's address (html_baseurl) is not a Read the Docs version's, "
                "so the downloads' addresses are unknown: set citable_blog_book_downloads in conf.py "
                "to {'pdf': '…', 'epub': '…'}"
            )
        line = nodes.paragraph(classes=[CLASS])
        line += nodes.Text(LEAD_TEXT)
        for index, (name, label) in enumerate(FORMATS):
            if index:
                line += nodes.Text(" · ")
            line += nodes.reference(label, label, refuri=urls[name], classes=[f"book-download-{name}"])
        return [line]


def leave_out_of_book(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if writes_book(app):
        for line in list(doctree.findall(lambda n: isinstance(n, nodes.paragraph) and CLASS in n["classes"])):
            line.parent.remove(line)


def setup(app: Sphinx) -> None:
    app.add_directive("book-downloads", BookDownloads)
    app.connect("builder-inited", check_downloads)
    app.connect("doctree-resolved", leave_out_of_book)
