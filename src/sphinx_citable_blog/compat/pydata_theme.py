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
them: :func:`render_no_template_sections` empties those sections for it.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

FONT_DIR = "_static/vendor/fontawesome/webfonts"  # in the built site
FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"  # in the built site


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
