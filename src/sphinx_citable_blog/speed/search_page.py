"""The search page, rendered again only when what it shows has changed.

Sphinx writes ``search.html`` on every build. Its body is the theme's search
form; around it are the sidebars every page has (the site's navigation, the
recent posts, the tags and categories), which show what the listing pages
show. When the listing pages' inputs are the last build's (``speed.listings``:
the setup, the templates and static files, the posts' metadata, the titles and
the toctree), so is the search page: this hands Sphinx the page as the last
build wrote it, through a template that outputs it, instead of rendering the
theme again. That was 0.2 s of a no-change build of 1,000 posts, most of it
pydata-sphinx-theme compiling soupsieve's selector parser for its navigation,
the only page of such a build that needed it.

The handler runs first: Sphinx takes the first template a handler of
``html-page-context`` returns. The other handlers still run, so the theme's
template sections are emptied first (the theme would render each of them, to
drop the empty ones: ``compat.pydata_theme``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.compat.pydata_theme import render_no_template_sections
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.speed.listings import listings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PAGE = "search"
TEMPLATE = "citable-blog/unchanged-page.html"


def keep_unchanged(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: object) -> str | None:
    if pagename != PAGE or not writes_site(app):
        return None
    found = listings(app)
    if found is None or not found.pages_unchanged():
        return None
    written = Path(app.builder.get_outfilename(pagename))
    try:
        context["unchanged_page"] = written.read_text(encoding="utf-8")
    except OSError:
        return None
    render_no_template_sections(context)
    return TEMPLATE
