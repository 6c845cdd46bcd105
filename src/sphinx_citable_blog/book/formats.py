"""What each of the book's formats needs besides its chapters.

EPUB
    Sphinx's EPUB builder is an HTML builder, so it would render the site's
    templates (the theme's page, sidebars) and write every page the site's
    extensions add (ABlog's archives and feeds, the month archives, the 404
    page). The book has its own pages only: the site's templates are dropped
    from the builder's template loader, and no handler of
    ``html-collect-pages`` runs for it.
PDF (LaTeX)
    The title page: the blog's title, its author, the date of the newest post
    and the site's address, in place of Sphinx's (which would show the date
    of the build and a release number).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.texescape import escape as tex_escape

from sphinx_citable_blog import events
from sphinx_citable_blog.book.chapters import authors, newest_post_date
from sphinx_citable_blog.book.contents import chapter_posts, post_date, source_path
from sphinx_citable_blog.compat.sphinx import (
    disconnect_all,
    load_templates_without,
    use_epub_builder_with_ncx_identifier,
)
from sphinx_citable_blog.outputs import writes_book

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# The characters the package itself writes that pdfLaTeX does not know: the reference lists' links back.
LATEX_CHARACTERS = "\n\\DeclareUnicodeCharacter{21A9}{\\ensuremath{\\hookleftarrow}}\n"
TITLE_PAGE = r"""\begin{titlepage}
\centering
\vspace*{0.2\textheight}
{\Huge\bfseries %(title)s\par}
\vspace{2em}
{\Large %(author)s\par}
\vspace{1.5em}
{\large %(date)s\par}
\vfill
{\small \sphinxnolinkurl{%(url)s}\par}
\end{titlepage}
"""


def url_escape(url: str) -> str:
    """*url* for ``\\sphinxnolinkurl``, which takes it verbatim but for LaTeX's comment and parameter signs."""
    return url.replace("%", r"\%").replace("#", r"\#")


def epub_without_the_site(app: Sphinx) -> None:
    if not writes_book(app) or app.builder.format != "html":
        return
    load_templates_without(app.builder, list(app.config.templates_path))
    disconnect_all(app, "html-collect-pages")


def edition(app: Sphinx) -> None:
    """The EPUB's version (``ibooks:version``), unless conf.py sets one: the date of the newest post."""
    if not writes_book(app) or app.config.version:
        return
    posts = chapter_posts(app, app.config.matched_blog_posts)
    if posts:
        app.config.version = post_date(source_path(app, posts[-1])).date().isoformat()


def latex_title_page(app: Sphinx, env: BuildEnvironment) -> None:
    if not writes_book(app) or app.builder.name != "latex":
        return
    app.builder.context["preamble"] += LATEX_CHARACTERS
    newest = newest_post_date(app)
    app.builder.context["maketitle"] = TITLE_PAGE % {
        "title": tex_escape(app.config.project),
        "author": tex_escape(", ".join(app.config.blog_authors[a][0] for a in authors(app))),
        "date": tex_escape(f"Newest post: {newest}" if newest else ""),
        "url": url_escape(app.config.html_baseurl),
    }


def setup(app: Sphinx) -> None:
    use_epub_builder_with_ncx_identifier(app)
    app.connect("builder-inited", epub_without_the_site, priority=events.BOOK_PAGES_ONLY)
    app.connect("builder-inited", edition, priority=events.BOOK_EDITION)
    app.connect("env-updated", latex_title_page)
