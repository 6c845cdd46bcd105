"""sphinx-citable-blog: an ABlog blog made a citable, searchable book.

Add ``"sphinx_citable_blog"`` to ``extensions`` after ``"myst_parser"``,
``"ablog"`` and ``"sphinxcontrib.bibtex"``. The package is organised by
concern, each a subpackage with a ``setup`` that connects its handlers:

``authoring``
    a writer's mistakes (front matter, tags, bibliography, drafts, encoding)
    stop the build at their file and line;
``citation``
    "Cite this post", citation keys, metadata for reference managers,
    permanent links and anchors, the reference lists;
``reading``
    bylines, navigation, related posts, month archives, feeds, sitemap, 404
    page, search, icons, valid HTML;
``incremental``
    an incremental build gives the clean build's site, whatever changed or
    stopped;
``book``
    the blog as a book: EPUB and PDF, each post a chapter with its own
    references;
``speed``
    what only makes builds faster, loaded unless ``citable_blog_speed`` is off;
``compat``
    every use of another package's internals, and the versions checked.

``events`` names the order of every handler and the package's event;
``state`` holds what a build works out and what it keeps; ``errors`` stops a
build on a writer's mistake. Settings all start with ``citable_blog_``.

Importing the package, or a subpackage, loads nothing else: each ``setup``
imports its modules, so that ``blogtools`` can use the pure modules (the list
of tags, the encoding check) without loading Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"

HERE = Path(__file__).resolve().parent
# The package's style sheets, in this order, after the theme's (Sphinx's priority for a site's own).
CSS_FILES = ("blog.css", "reader.css")
CSS_PRIORITY = 800

SETTINGS: list[tuple[str, object, str, frozenset[type]]] = [
    # (name, default, rebuild, types)
    # The list of tags and categories posts may use, each with a description (authoring.topics); None: any.
    ("citable_blog_topics_file", None, "env", frozenset({str, type(None)})),
    # Build the posts marked "draft: true" too, each with a banner (authoring.drafts): for previews only.
    ("citable_blog_show_drafts", False, "env", frozenset({bool})),
    # The file that records each published post's permanent BibTeX key (citation.cite_this).
    ("citable_blog_keys_file", "citation-keys.txt", "env", frozenset({str, type(None)})),
    # The page on citing the blog, linked from "Cite this post" (a document name; None: no link).
    ("citable_blog_how_to_cite", None, "html", frozenset({str, type(None)})),
    # The CSL style of citations and reference lists (citation.references): a style shipped
    # with the package ("apa", "harvard-cite-them-right") or the path of a .csl file.
    ("citable_blog_csl_style", "apa", "env", frozenset({str})),
    # The language the styles render in ("en-GB", "en-US"...); None: each style's default-locale.
    ("citable_blog_csl_locale", None, "env", frozenset({str, type(None)})),
    # The references of "Cite this post" (citation.cite_this): (heading, CSL style) pairs, the style
    # named as for citable_blog_csl_style.
    ("citable_blog_cite_this_styles", [("APA (7th edition)", "apa"), ("Harvard (Cite Them Right)", "harvard-cite-them-right")],
     "env", frozenset({list, tuple})),
    # The image link previews show (og:image): a path in the site; None: a card with the blog's title.
    ("citable_blog_image", None, "html", frozenset({str, type(None)})),
    # The posts' licence (citation.licence): an SPDX id such as "CC-BY-4.0"; None: all rights reserved.
    ("citable_blog_license", None, "env", frozenset({str, type(None)})),
    # Authors' ORCID iDs (citation.orcid), by their name in blog_authors: {"Author Name": "0000-..."}.
    ("citable_blog_orcids", {}, "env", frozenset({dict})),
    # How many related posts end a post (reading.related).
    ("citable_blog_related_posts", 3, "html", frozenset({int})),
    # Pages left out of sitemap.xml; None: search, genindex, 404 and ABlog's drafts list.
    ("citable_blog_sitemap_exclude", None, "html", frozenset({list, type(None)})),
    # The speed layer (speed/): on by default; off, the site is the same, built more slowly.
    # A change makes the next build a clean one: the layer keeps the environment's post copies elsewhere.
    ("citable_blog_speed", True, "env", frozenset({bool})),
    # With -j, a build that reads fewer files than this reads them in one process (speed.parallel).
    ("citable_blog_parallel_read_threshold", 50, "", frozenset({int})),
    # The pages of the book (book.contents) between the home page's introduction and the posts.
    ("citable_blog_book_pages", [], "env", frozenset({list, tuple})),
    # The addresses of the book's downloads (book.downloads): {"pdf": url, "epub": url}; None: Read the Docs'.
    ("citable_blog_book_downloads", None, "env", frozenset({dict, type(None)})),
]


def add_paths(app: Sphinx, config: Config) -> None:
    """The package's templates (before ABlog's, after the site's own) and its static files."""
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def load_speed_layer(app: Sphinx, config: Config) -> None:
    if config.citable_blog_speed:
        from sphinx_citable_blog import speed  # noqa: PLC0415 (optional by design)

        speed.setup(app, config)


def setup(app: Sphinx) -> ExtensionMetadata:
    from sphinx_citable_blog import authoring, book, citation, compat, incremental, reading, state  # noqa: PLC0415
    from sphinx_citable_blog.compat.ablog import support_parallel_reading  # noqa: PLC0415

    compat.check_versions()
    for extension in ("myst_parser", "ablog", "sphinxcontrib.bibtex"):
        app.setup_extension(extension)
    for name, default, rebuild, types in SETTINGS:
        app.add_config_value(name, default, rebuild, types=types)  # type: ignore[arg-type]
    app.connect("config-inited", add_paths)
    app.connect("config-inited", load_speed_layer)
    for css in CSS_FILES:
        app.add_css_file(css, priority=CSS_PRIORITY)
    state.setup_state(app)
    support_parallel_reading(app)
    authoring.setup(app)
    citation.setup(app)
    reading.setup(app)
    incremental.setup(app)
    book.setup(app)
    return {"version": __version__, "env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
