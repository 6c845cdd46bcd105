"""pydata-sphinx-theme's files and page context the package reads (checked on pydata-sphinx-theme 0.20).

The theme ships Font Awesome as web fonts under its static folder and
declares the icons' code points in its style sheet; ``reading.icon_font``
cuts the fonts down to the glyphs the site uses, from the theme's originals.
Where those files are inside the theme, and inside the built site, is the
theme's own layout, not an interface.

On every page, the theme's ``html-page-context`` handler
(``update_and_remove_templates``) renders each template of its template
sections (the sidebars, the navbar's, the footer's...) to drop those that come
out empty. A page the speed layer keeps as it was written renders none of
them: :func:`render_no_template_sections` empties those sections for it. And
a template that writes text outside any tag of its own (``<div class="...">``
at its top level) cannot come out empty: :func:`skip_check_of_never_empty`
has the theme's ``utils._update_and_remove_templates`` skip its check
(the parameter ``templates_skip_empty_check`` the theme fills itself).

The layout's previous/next footer is the template ``components/prev-next.html``
(:data:`PREV_NEXT_TEMPLATE`), which ``speed.render.page_links`` renders to mend
a post's neighbours in its page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment
    from sphinx.application import Sphinx

FONT_DIR = "_static/vendor/fontawesome/webfonts"  # in the built site
FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"  # in the built site
# The previous/next footer, which the layout includes with the page's context (speed.render.page_links).
PREV_NEXT_TEMPLATE = "components/prev-next.html"


def original_fonts() -> Path | None:
    """The folder of the theme's own font files, or None without the theme."""
    spec = find_spec("pydata_sphinx_theme")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"

# The context keys whose templates the theme renders on every page to drop the empty ones.
TEMPLATE_SECTIONS = (
    "theme_navbar_start", "theme_navbar_center", "theme_navbar_persistent", "theme_navbar_end",
    "theme_article_header_start", "theme_article_header_end", "theme_article_footer_items",
    "theme_content_footer_items", "theme_footer_start", "theme_footer_center", "theme_footer_end",
    "theme_primary_sidebar_end", "sidebars",
)


def render_no_template_sections(context: dict) -> None:
    """Empty the theme's template sections in *context*: for a page that will not render them."""
    for section in TEMPLATE_SECTIONS:
        if context.get(section):
            context[section] = []


def never_empty(environment: Environment, name: str, always_write: frozenset[str] = frozenset()) -> bool:
    """Whether template *name* writes text on every rendering: text (not only white space) or a call of one
    of the functions *always_write* (which never return an empty string) at its top level, outside any
    ``if``, ``for``, block or macro, in a template that extends none."""
    from jinja2 import TemplateError, nodes  # noqa: PLC0415

    try:
        source, _, _ = environment.loader.get_source(environment, name)
        body = environment.parse(source).body
    except (TemplateError, OSError):
        return False  # the theme's own check renders it, and reports what is wrong
    if any(isinstance(node, nodes.Extends) for node in body):
        return False

    def writes(part: nodes.Node) -> bool:
        if isinstance(part, nodes.TemplateData):
            return bool(part.data.strip())
        return isinstance(part, nodes.Call) and isinstance(part.node, nodes.Name) and part.node.name in always_write

    return any(isinstance(node, nodes.Output) and any(map(writes, node.nodes)) for node in body)


def skip_check_of_never_empty(app: Sphinx, always_write: frozenset[str] = frozenset()) -> Callable[[], None]:
    """Have the theme skip its emptiness check of the templates that cannot come out empty (see
    :func:`never_empty`); return the undo.

    The theme matches the names it skips by their ending; a name is added only
    when no other template of the section ends with it.
    """
    from pydata_sphinx_theme import utils  # noqa: PLC0415

    original = utils._update_and_remove_templates  # noqa: SLF001
    known: dict[str, bool] = {}

    def _update_and_remove_templates(app: Sphinx, context: dict[str, Any], templates: list | str, section: str,
                                     templates_skip_empty_check: list[str] | None = None) -> list[str]:
        names = [name.strip() for name in templates.split(",")] if isinstance(templates, str) else list(templates)
        suffixed = [name if os.path.splitext(name)[1] else f"{name}.html" for name in names]
        skipped = list(templates_skip_empty_check or [])
        for name in suffixed:
            if name not in known:
                environment = getattr(app.builder.templates, "environment", None)  # None: another template bridge
                known[name] = environment is not None and never_empty(environment, name, always_write)
            if known[name] and not any(other != name and other.endswith(name) for other in suffixed):
                skipped.append(name)
        return original(app, context, templates, section, skipped)

    utils._update_and_remove_templates = _update_and_remove_templates  # noqa: SLF001

    def undo() -> None:
        utils._update_and_remove_templates = original  # noqa: SLF001

    return undo
