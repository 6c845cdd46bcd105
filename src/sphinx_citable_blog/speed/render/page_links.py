"""Give a post its new neighbours and related posts in its page as written, not by writing it again.

A new post changes the previous/next links of the post before it and the
"Related posts" of the posts that share its tags: about sixty posts of a
1,000-post blog, each written again in full (its doctree loaded and resolved,
its page rendered through the theme) for a few links. A post that shares its
folder's sidebar panels and is not written for another reason has its page
mended instead, when ``speed.refresh`` gives it its new panels:

* the ``<link rel="prev">``/``<link rel="next">`` lines of the head, as Sphinx's
  basic layout writes them (its ``linktags`` block, copied in ``compat.sphinx``);
* the theme's previous/next footer, its template ``components/prev-next.html``
  (``compat.pydata_theme``) rendered by the builder's templates, as the layout
  includes it;
* the list of "Related posts" (``reading.related``), rendered by the builder's
  translator (``render_partial``).

Each whose links changed is rendered twice, from the links the last build
showed (kept in the environment) and from the new ones. A page is mended only if every old
rendering that changes is found exactly once in it, and the page keeps the
same parts (a previous post, a next post, related posts on both sides): so the
page holds what these renderers give, and the new renderings are what the
page's own rendering would give. Otherwise the post is written again in full,
as without this. The tests compare the mended pages with a clean build's.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.compat.pydata_theme import PREV_NEXT_TEMPLATE
from sphinx_citable_blog.compat.sphinx import NEIGHBOUR_LINK_LINES
from sphinx_citable_blog.reading.navigation import neighbour
from sphinx_citable_blog.reading.related import related_list

if TYPE_CHECKING:
    from jinja2 import Environment, Template
    from sphinx.application import Sphinx


@functools.lru_cache(maxsize=2)
def head_templates(environment: Environment) -> list[Template]:
    """Sphinx's lines for the neighbours in the head, compiled once per template environment."""
    return [environment.from_string(line) for line in NEIGHBOUR_LINK_LINES]


# A link as the environment keeps it (speed.refresh.page_links): [docname, title, ISO date], or None.
Link = list[str] | None


def neighbour_renderings(app: Sphinx, docname: str, prev: Link, next_: Link) -> list[str]:
    """What the page of post *docname* shows of its neighbours: the head's two lines, the footer."""
    templates = app.builder.templates
    context: dict[str, Any] = {
        name: None if link is None else neighbour(app, docname, link[0], link[1])
        for name, link in (("prev", prev), ("next", next_))
    }
    return [*(template.render(context) for template in head_templates(templates.environment)),
            templates.render(PREV_NEXT_TEMPLATE, context)]


def related_rendering(app: Sphinx, docname: str, related: list[Link]) -> str:
    """The list of "Related posts" of post *docname* (none: empty)."""
    shown = [(other, title, dt.datetime.fromisoformat(date)) for other, title, date in related]
    return app.builder.render_partial(related_list(app, docname, shown))["fragment"] if shown else ""


def same_parts(old: list[Link], new: list[Link]) -> bool:
    """Whether the page shows the same parts with *old* as with *new* links."""
    return (old[0] is None) == (new[0] is None) and (old[1] is None) == (new[1] is None) and (
        len(old) > 2) == (len(new) > 2)


def swaps_for(app: Sphinx, docname: str, old: list[Link], new: list[Link]) -> list[tuple[str, str]] | None:
    """The replacements that give the page of post *docname*, written with *old* links, the *new* ones
    (each ``(old text, new text)``, the old found once in the page), or None if it must be written again."""
    if getattr(app.builder.templates, "environment", None) is None or not same_parts(old, new):
        return None  # another template bridge; or a part appears or goes
    page = Path(app.builder.outdir) / (docname + app.builder.out_suffix)
    try:
        html = page.read_text(encoding="utf-8")
    except OSError:
        return None
    pairs: list[tuple[str, str]] = []
    if old[:2] != new[:2]:
        pairs += zip(neighbour_renderings(app, docname, *old[:2]), neighbour_renderings(app, docname, *new[:2]))
    if old[2:] != new[2:]:
        pairs.append((related_rendering(app, docname, old[2:]), related_rendering(app, docname, new[2:])))
    swaps = []
    for before, after in pairs:
        if before == after:
            continue
        if html.count(before) != 1:
            return None
        swaps.append((before, after))
    return swaps


def mend(html: str, swaps: list[tuple[str, str]], docname: str) -> str:
    """*html* with *swaps* made (each old text is in it once: it is in the page that was read)."""
    for before, after in swaps:
        if html.count(before) != 1:
            raise RuntimeError(f"{docname}: the page changed since its links were found in it")
        html = html.replace(before, after)
    return html
