"""Which of the blog's two outputs a build writes: the site, or the book.

The site is what the HTML builders write: pages, archives, feeds, search. The
book (``book``) is what the EPUB and LaTeX builders write: the posts as
chapters, and nothing of the site's machinery. Sphinx's EPUB builder is an
HTML builder (its ``format`` is ``"html"``), so asking for the format alone
would give the book the site's archives, feeds and buttons: every module asks
here instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The builders that write the book (sphinx-build -b epub, -b latex).
BOOK_BUILDERS = frozenset({"epub", "latex"})


def writes_book(app: Sphinx) -> bool:
    """Whether this build writes the book (EPUB or LaTeX)."""
    builder = getattr(app, "builder", None)
    return builder is not None and builder.name in BOOK_BUILDERS


def writes_site(app: Sphinx) -> bool:
    """Whether this build writes the site: an HTML builder that is not the book's."""
    builder = getattr(app, "builder", None)
    return builder is not None and builder.format == "html" and builder.name not in BOOK_BUILDERS
