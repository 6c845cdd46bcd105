"""The blog as a book: EPUB (``make epub``) and PDF (``make pdf``), from the same sources as the site.

Sphinx's EPUB and LaTeX builders write the book (``outputs.writes_book``):

``contents``
    what the book holds and in what order: the home page's introduction, the
    pages of ``citable_blog_book_pages`` (the About page), then every
    published post, oldest first; everything else of the site (how-to-cite,
    drafts) is left out of the build;
``chapters``
    each post as a chapter: its title and date at the head, its own reference
    list, and its permanent web address at the end; links to pages that are
    only on the site (archives, feeds, tag pages) point to the site;
``downloads``
    the ``book-downloads`` directive: links to the PDF and EPUB that Read the
    Docs serves for the site's version, on the home and how-to-cite pages;
``formats``
    what each format needs besides: the EPUB without the site's templates,
    archives, feeds or search; the PDF's title page (title, author, date of
    the newest post, the site's address).

The site's own machinery (bylines, "Cite this post", related posts, sidebars,
feeds, listings) asks ``outputs.writes_site`` and stays out of the book.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from sphinx_citable_blog.book import chapters, contents, downloads, formats  # noqa: PLC0415

    contents.setup(app)
    downloads.setup(app)
    chapters.setup(app)
    formats.setup(app)
