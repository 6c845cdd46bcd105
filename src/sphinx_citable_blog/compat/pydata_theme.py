"""pydata-sphinx-theme's files the package reads (checked on pydata-sphinx-theme 0.20).

The theme ships Font Awesome as web fonts under its static folder and
declares the icons' code points in its style sheet; ``reading.icon_font``
cuts the fonts down to the glyphs the site uses, from the theme's originals.
Where those files are inside the theme, and inside the built site, is the
theme's own layout, not an interface.
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
