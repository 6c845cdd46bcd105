"""What the book holds, and in what order.

The book is the home page (its title and introduction: the lists of posts
and the site's table of contents are dropped), the pages named in
``citable_blog_book_pages`` (the About page), then every published post in
date order, oldest first. The posts are not in the site's table of contents
(the site lists them through ABlog's archives), so while the book is built the
home page's site parts give way to the book's table of contents, with the
pages and the posts: the EPUB builder makes its navigation and reading order
from it, the LaTeX builder its chapters.

Everything else (how-to-cite, drafts in a preview) is left out of the EPUB
file, and links to it lead to the site (``book.chapters``). Because the
home page reads differently for the book and for the site, it is read again
whenever the output changes from one to the other, and on every book build
(which is how a post added later joins the book with no other change).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from sphinx_citable_blog import events
from sphinx_citable_blog.authoring.drafts import is_draft_source
from sphinx_citable_blog.authoring.front_matter import front_matter_block, parse_date
from sphinx_citable_blog.authoring.text_files import NotUtf8, read_utf8
from sphinx_citable_blog.compat.sphinx import note_toctree
from sphinx_citable_blog.outputs import writes_book
from sphinx_citable_blog.state import env_data

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# The classes of the nodes that list posts or link the site's pages, dropped from the home page in the book.
SITE_ONLY_BLOCKS = ("PostList", "toctree")
CONTENTS_CAPTION = "Contents"


def post_date(path: Path) -> dt.datetime:
    """The date in the post's front matter; the end of time when it has none (the front-matter check then stops
    the build, at the post's line, after reading: this runs before)."""
    try:
        block = front_matter_block(read_utf8(path, bom=True))
        fields = yaml.load(block[0], Loader=yaml.BaseLoader) if block else None
    except (NotUtf8, yaml.YAMLError):
        fields = None
    value = fields.get("date") if isinstance(fields, dict) else None
    return (parse_date(value) if isinstance(value, str) else None) or dt.datetime.max


def source_path(app: Sphinx, docname: str) -> Path | None:
    """The source file of *docname*, found or not yet found by Sphinx (before reading, a new post is not)."""
    for suffix in app.config.source_suffix:
        path = Path(app.srcdir) / f"{docname}{suffix}"
        if path.is_file():
            return path
    return None


def chapter_posts(app: Sphinx, docnames: Iterable[str]) -> list[str]:
    """The published posts among *docnames*, oldest first."""
    found = []
    posts = set(app.config.matched_blog_posts)
    for docname in docnames:
        path = source_path(app, docname) if docname in posts else None
        if path is None:
            continue
        try:
            draft = is_draft_source(read_utf8(path, bom=True))
        except NotUtf8:
            continue  # the encoding check has stopped the build already
        if draft:
            continue  # a preview (DRAFTS=1) shows drafts; the book never does
        found.append((post_date(path), docname))
    return [docname for _, docname in sorted(found)]


def book_documents(app: Sphinx) -> list[str]:
    """The documents of the book in order: the home page, the pages, the posts."""
    pages = [page for page in app.config.citable_blog_book_pages if page in app.env.found_docs]
    return [app.config.root_doc, *pages, *chapter_posts(app, app.env.found_docs)]


def leave_out_of_the_epub(app: Sphinx, builder: object = None) -> None:
    """Leave the pages that are not the book's out of the EPUB file (the LaTeX builder takes only chapters).

    They are still read, so that the site's table of contents and links to them
    resolve; the EPUB builder writes them but packs only what is in its manifest.
    Set once the environment is saved (``write-started``), so that the saved
    configuration is the one ``conf.py`` gives and the next build stays incremental.
    """
    if not writes_book(app) or app.builder.name != "epub":
        return
    in_book = set(book_documents(app))
    suffix = app.builder.out_suffix
    left_out = sorted(docname + suffix for docname in app.env.found_docs - in_book)
    if left_out:
        logger.info("the book leaves out: %s", ", ".join(left_out))
    app.config.epub_exclude_files = [*app.config.epub_exclude_files, *left_out]


def read_home_page_again(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                         removed: set[str]) -> list[str]:
    """Read the home page again for the book every time, and for the site after the book."""
    data = env_data(env)
    book = writes_book(app)
    if book or data.home_page_read_for_book:
        data.home_page_read_for_book = book
        return [app.config.root_doc]
    return []


def _is_site_only(node: nodes.Node) -> bool:
    return type(node).__name__ in SITE_ONLY_BLOCKS or (
        isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"]
    )


def make_contents(app: Sphinx, doctree: nodes.document) -> None:
    """Give the home page, read for the book, the book's table of contents instead of the site's parts."""
    docname = app.env.docname
    if not writes_book(app) or docname != app.config.root_doc:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is not None:
        for child in list(top.children):
            if isinstance(child, nodes.section) or _is_site_only(child):
                # The site's table of contents goes from the page, but what it includes stays included:
                # the pages the book leaves out are still the site's, and read.
                for toctree in child.findall(addnodes.toctree):
                    note_toctree(app, docname, toctree)
                top.remove(child)
    documents = book_documents(app)[1:]
    toctree = addnodes.toctree(
        parent=docname, entries=[(None, doc) for doc in documents], includefiles=documents,
        maxdepth=1, glob=False, hidden=False, includehidden=False, numbered=0, titlesonly=True,
        caption=CONTENTS_CAPTION, rawcaption=CONTENTS_CAPTION,
    )
    wrapper = nodes.compound(classes=["toctree-wrapper", "book-contents"])
    wrapper += toctree
    # Beside the home page's section, not in it, so that each document is a chapter of its own; Sphinx
    # records what it includes when it makes the table of contents, next.
    doctree += wrapper


def setup(app: Sphinx) -> None:
    app.connect("write-started", leave_out_of_the_epub)
    app.connect("env-get-outdated", read_home_page_again)
    app.connect("doctree-read", make_contents, priority=events.BOOK_CONTENTS)
