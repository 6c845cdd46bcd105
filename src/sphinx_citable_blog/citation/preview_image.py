"""The image a link preview shows for every page (``og:image``), made from the blog's name when none is given.

Link previews (in social media, chat and mail) and Google's article rich
results want an image. ``citable_blog_image`` names one in the site (a path
from the site's folder, copied to the output as it is); without it, a card is
drawn with Pillow: the blog's title on the theme's blue, 1200 × 630 pixels
(the size Open Graph consumers ask for), with the font Pillow ships, so that
the same site always gives the same bytes and no request goes to anyone
else's server. The card is written to ``_static/`` after each build, and only
when it changed; the card drawn is kept in the doctree folder, keyed by the
title, Pillow's version and this module, and drawn again only when one of
them changes.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import PIL
from PIL import Image, ImageDraw, ImageFont
from sphinx.errors import ConfigError
from sphinx.util import logging

from sphinx_citable_blog.errors import setting_location, stop_build
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

CARD_NAME = "_static/citable-blog-card.png"
CARD_CACHE = "preview_card"  # in the doctree folder: the card last drawn
CARD_SIZE = (1200, 630)
BACKGROUND = (23, 109, 232)  # sphinx-book-theme's primary colour, #176de8
TEXT = (255, 255, 255)
MARGIN = 80


@dataclass(frozen=True)
class PreviewImage:
    path: str  # in the output folder, "/"-separated
    url: str  # absolute
    width: int
    height: int
    alt: str
    data: bytes  # what to write at *path*


def draw_card(title: str) -> bytes:
    """A 1200 × 630 PNG with *title* on the theme's blue, in Pillow's own font."""
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = CARD_SIZE[0] - 2 * MARGIN
    for size in (88, 76, 64, 54, 46, 40):
        font = ImageFont.load_default(size=size)
        per_line = max(8, int(width / (font.getlength("n") or 1)))
        lines = textwrap.wrap(title, per_line)
        if len(lines) <= 4 and all(font.getlength(line) <= width for line in lines):
            break
    line_height = int(size * 1.25)
    top = (CARD_SIZE[1] - line_height * len(lines)) // 2
    for i, line in enumerate(lines):
        draw.text((MARGIN, top + i * line_height), line, font=font, fill=TEXT)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def card(app: Sphinx, title: str) -> bytes:
    """``draw_card(title)``, as kept in the doctree folder (drawn again when the title, Pillow or this module
    changed): drawing it took a fiftieth of a second of every build, one that changed nothing included."""
    made_by = "\0".join([title, PIL.__version__, hashlib.sha256(Path(__file__).read_bytes()).hexdigest()])
    path = Path(app.doctreedir) / CARD_CACHE / f"{hashlib.sha256(made_by.encode()).hexdigest()}.png"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = draw_card(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.png"):
        old.unlink()
    partial = path.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(path)
    return data


def make_preview_image(app: Sphinx) -> PreviewImage:
    base = app.config.html_baseurl
    title = app.config.blog_title or app.config.html_title or app.config.project
    given = app.config.citable_blog_image
    if given:
        source = Path(app.srcdir) / given
        if not source.is_file():
            raise ConfigError(f"citable_blog_image: {given!r} is no file of the site")
        data = source.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
        path = Path(given).as_posix()
    else:
        data = card(app, title)
        width, height = CARD_SIZE
        path = CARD_NAME
    return PreviewImage(path, posixpath.join(base, path), width, height, title, data)


def preview_image(app: Sphinx) -> PreviewImage:
    return build_state(app).once("preview_image", lambda: make_preview_image(app))


def write_preview_image(app: Sphinx, exception: Exception | None) -> None:
    """Write the image into the output (after the build, once its pages refer to it)."""
    if exception is not None or not writes_site(app) or not app.config.html_baseurl:
        return
    image = preview_image(app)
    target = Path(app.builder.outdir) / image.path
    try:
        if target.read_bytes() == image.data:
            return
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(image.data)


def check_image(app: Sphinx) -> None:
    """Stop before reading, at conf.py, if ``citable_blog_image`` names no file."""
    if writes_site(app) and app.config.html_baseurl:
        try:
            preview_image(app)
        except ConfigError as error:
            logger.error(str(error), location=setting_location(app, "citable_blog_image"), type="cite_this",
                         subtype="image")
            stop_build(app, ["conf.py"])


__all__ = ["PreviewImage", "check_image", "draw_card", "preview_image", "write_preview_image"]
