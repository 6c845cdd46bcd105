"""The theme's emptiness check skipped for the templates that cannot come out empty.

On every page, pydata-sphinx-theme renders each template of its template
sections (the article header's buttons, the sidebars, the footer...) once more
than the page does, only to drop those that come out empty: a quarter of the
time of rendering a post's page at 1,000 posts, most of it the article
header's buttons, which start with ``<div class="article-header-buttons">``
and so are never empty. For the length of a build, the theme is told to skip
the check of every template that writes text at its top level
(``compat.pydata_theme.skip_check_of_never_empty``), or that calls
``sidebar_fragment`` there: the sidebar's panels (``templates/panels``), which
``reading.listings`` frames in two HTML comments, so that they are never empty
(0.4 s of a cold 1,000-post build went to checking them). The others are
checked as before, so every page keeps the same templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sphinx_citable_blog.compat.pydata_theme import skip_check_of_never_empty
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The functions of the page's context that never return an empty string (``reading.listings``).
ALWAYS_WRITE = frozenset({"sidebar_fragment"})

# The undo of the change in force (the theme's module is the process's, like this list).
_undo: list[Callable[[], None]] = []


def start_build(app: Sphinx) -> None:
    end_build(app, None)
    if writes_site(app) and app.config.html_theme in {"sphinx_book_theme", "pydata_sphinx_theme"}:
        _undo.append(skip_check_of_never_empty(app, ALWAYS_WRITE))


def end_build(app: Sphinx, exception: BaseException | None) -> None:
    while _undo:
        _undo.pop()()
