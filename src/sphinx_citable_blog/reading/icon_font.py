"""Draw the theme's icons from a web font holding only the glyphs the site uses.

pydata-sphinx-theme ships Font Awesome twice: ``fontawesome.js`` (1.5 MB, which
swaps each ``<i class="fa-...">`` for an inline SVG) and the web fonts its CSS
already declares for the same ``<i>`` elements and for its own CSS icons
(``fa-solid-900.woff2`` alone is 115 KB). The site uses about fifteen of Font
Awesome's 2,000 icons. ``_templates/layout.html`` leaves the script out, so the
icons come from the web font, and this extension replaces the theme's fonts in
the built site by subsets holding just the glyphs that the pages, the theme's
scripts and its style sheets use: the first visit to a post then loads about
2 KB of icons instead of 1.6 MB.

The glyphs are found in the built site after every build, so a new icon in a
template is picked up without a list to maintain; the fonts are cut from the
theme's originals, never from a previous build's subset, and two builds write
the same bytes.

Scanning a thousand pages and cutting three fonts cost more than a second on
every build, even one that changed nothing. Both are cached in the doctree
folder: the icon names of each page, kept while the page's size and
modification time stay the same (so only pages written by this build are read
again, and not those a step wrote from text it had in hand and handed over the
icon names of: the build state's ``page_icons``), and each cut font, under a
digest of the original font and the set of glyphs it keeps. fontTools is
imported only when a font is cut.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinx_citable_blog.compat.pydata_theme import FONT_DIR, FONTS, THEME_CSS, original_fonts
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Scripts that only carry Font Awesome's own catalogue of names.
SKIP_SCRIPTS = ("fontawesome.js",)

# ".fa-magnifying-glass,.fa-search{--fa:"\f002"}"
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"\\([0-9a-fA-F]{1,6})"\}')
_ICON_NAME = re.compile(r"fa-[a-z0-9]+(?:-[a-z0-9]+)*")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def icon_codepoints(css: str) -> dict[str, int]:
    """Font Awesome's icon classes (``fa-sun``) and their code points, from its CSS."""
    out: dict[str, int] = {}
    for selectors, code in _ICON_RULE.findall(css):
        for name in selectors.split(","):
            out[name.removeprefix(".")] = int(code, 16)
    return out


def icon_names(text: str) -> set[str]:
    """Every ``fa-*`` class name in an HTML page or script.

    The same names as ``re.findall(r"\\bfa-[a-z0-9]+(?:-[a-z0-9]+)*", text)``,
    ten times faster: ``str.find`` jumps to each "fa-" and the pattern is
    tried only there (a regular expression starting with ``\\b`` is tried at
    every character of the site's 45 MB of pages for 1,000 posts).
    """
    found = set()
    at = text.find("fa-")
    while at >= 0:
        before = text[at - 1] if at else " "
        if not (before.isalnum() or before == "_"):  # \b: not inside a word
            match = _ICON_NAME.match(text, at)
            if match:
                found.add(match.group())
        at = text.find("fa-", at + 3)
    return found


def literal_glyphs(css: str) -> set[int]:
    """Icons that style sheets write as literal private-use characters (``content: "\uf104"``)."""
    return {ord(ch) for ch in _PRIVATE_USE.findall(css)}


def html_pages(outdir: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every ``.html`` file under *outdir*: its path from there (with ``/``) and its directory entry.

    ``os.scandir`` rather than ``Path.rglob``: at 1,000 posts the site has
    3,000 pages, and making a ``Path`` of each, and one relative to the
    folder, took most of the time of a build in which nothing changed.
    """
    folders = [("", str(outdir))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html"):
                    yield prefix + entry.name, entry


def page_icon_names(outdir: Path, cache: Path | None = None, written: dict[str, list] | None = None) -> set[str]:
    """The ``fa-*`` names used by the pages under *outdir*.

    With *cache* (a JSON file), a page whose size and modification time are
    those recorded by the previous call is not read again; nor is one whose
    entry *written* gives (a page written by this build from text in hand:
    ``{path: [time of change in ns, size, names]}``), if it is still so.
    """
    known: dict[str, list] = {}
    if cache is not None and cache.is_file():
        known = json.loads(cache.read_text(encoding="utf-8"))
    known.update(written or {})
    seen: dict[str, list] = {}
    for key, page in html_pages(outdir):
        stat = page.stat()
        entry = known.get(key)
        if entry is None or entry[:2] != [stat.st_mtime_ns, stat.st_size]:
            with open(page.path, encoding="utf-8") as file:
                entry = [stat.st_mtime_ns, stat.st_size, sorted(icon_names(file.read()))]
        seen[key] = entry
    if cache is not None and seen != known:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(seen, sort_keys=True), encoding="utf-8")
    return {name for entry in seen.values() for name in entry[2]}


def used_codepoints(outdir: Path, cache: Path | None = None, written: dict[str, list] | None = None) -> set[int]:
    """The Font Awesome code points the built site at *outdir* can display (*cache*, *written*: see
    :func:`page_icon_names`)."""
    static = outdir / "_static"
    codes = icon_codepoints((outdir / THEME_CSS).read_text(encoding="utf-8"))
    names = page_icon_names(outdir, cache, written)
    for script in static.rglob("*.js"):
        if script.name not in SKIP_SCRIPTS:
            names |= icon_names(script.read_text(encoding="utf-8"))
    glyphs = {codes[name] for name in names if name in codes}
    for sheet in static.rglob("*.css"):
        glyphs |= literal_glyphs(sheet.read_text(encoding="utf-8"))
    return glyphs


def subset_font(source: Path, target: Path, codepoints: set[int]) -> None:
    """Write to *target* the woff2 font *source* cut down to *codepoints*."""
    from fontTools import subset  # noqa: PLC0415 (slow to import; needed only on a cache miss)
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    # recalcTimestamp=False keeps the original's "modified" date, so that two
    # builds write byte-identical fonts.
    font = TTFont(str(source), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.ignore_missing_unicodes = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints & set(font.getBestCmap())))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(str(target))


def subset_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not writes_site(app):
        return
    outdir = Path(app.builder.outdir)
    originals = original_fonts()
    if originals is None or not (outdir / THEME_CSS).is_file():  # another theme
        return
    cache = Path(app.doctreedir) / "icon_font"
    codepoints = used_codepoints(outdir, cache / "pages.json", build_state(app).page_icons)
    kept = set()
    for name in FONTS:
        target = outdir / FONT_DIR / name
        if target.is_file():
            original = originals / name
            key = hashlib.sha256(original.read_bytes() + json.dumps(sorted(codepoints)).encode()).hexdigest()
            cut = cache / f"{key}.woff2"
            if not cut.is_file():
                partial = cut.with_suffix(".partial")
                subset_font(original, partial, codepoints)
                partial.replace(cut)
            target.write_bytes(cut.read_bytes())
            kept.add(cut)
    for stale in set(cache.glob("*.woff2")) - kept:  # cuts for a set of glyphs no longer used
        stale.unlink()
    logger.info("icon fonts cut down to %d glyphs", len(codepoints))

