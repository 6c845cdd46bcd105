"""Compile the theme's CSS selectors while the main process waits for pandoc.

pydata-sphinx-theme writes each page's tables of contents through
BeautifulSoup, whose CSS selector library (soupsieve) compiles the regular
expressions of its selector parser the first time a selector is used in a
process: about 0.15 s, which the first page written by the main process pays
(with ``-j``, the page Sphinx writes first to warm its caches before the
worker processes fork). After a post is added, the main process waits about
as long in ``env-updated`` for pandoc to render the post's reference for
"Cite this post", with the second core working and the first idle.

So when documents were read, the first ``env-updated`` handlers queue the
compiling of the selectors the theme uses (:data:`SELECTORS`, as
``pydata_sphinx_theme.toctree`` writes them, through soupsieve's public
``compile``) in the build's ``while_rendering``, which ``citation.csl.render``
empties while pandoc runs. What no rendering took (after an edit that left
the post's citations as they were, pandoc does not run) is dropped before
the environment is saved, and the first page written compiles the patterns
as it always did: compiling them then, before the pages, would delay the
feeds' process, which starts with the pages and is an edit's longest path.
A build that read nothing writes no page and queues nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# The selectors pydata-sphinx-theme 0.16 uses (toctree.py), for the page's sidebar and in-page contents.
SELECTORS = ("li", "li.toctree-l1 > details", ".toc-h1", ".toc-h2", "details > a.reference", "details > p.caption")


def compile_selectors() -> None:
    import soupsieve  # noqa: PLC0415 (BeautifulSoup's, imported by the theme)

    for selector in SELECTORS:
        soupsieve.compile(selector)


def queue(app: Sphinx, env: BuildEnvironment) -> None:
    """At the first ``env-updated`` handlers, when documents were read: compile the selectors while pandoc works."""
    if writes_site(app) and "pydata_sphinx_theme" in app.extensions and not build_state(app).speed.read_nothing:
        build_state(app).while_rendering.append(compile_selectors)


def finish(app: Sphinx, env: BuildEnvironment) -> None:
    """Before the environment is saved: drop what no rendering took, which the first page written does."""
    build_state(app).while_rendering.clear()
