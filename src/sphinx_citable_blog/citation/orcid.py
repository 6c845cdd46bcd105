"""Authors' ORCID iDs: one setting, ``citable_blog_orcids``, by the author's name in ``blog_authors``.

An ORCID iD tells an archive and a reader which researcher wrote a post. It is
the author's to give: no author has one until conf.py says so. With one, the
byline and the author's page link it, and each post's ``<head>`` has
``citation_author_orcid`` after the author's ``citation_author`` and the
author's ``sameAs`` in the JSON-LD.

An iD is written ``0000-0002-1825-0097`` (or as its ``https://orcid.org/``
address) and checked as ORCID checks it: four groups of four characters, the
last a check digit (ISO 7064 MOD 11-2, "X" for 10). A mistyped iD stops the
build at its line of conf.py. Written by hand: ORCID documents the checksum in
a few lines, and no maintained library does only this.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_citable_blog.errors import setting_location, stop_build
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

SETTING = "citable_blog_orcids"
ORCID_FORM = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


def check_digit(base_digits: str) -> str:
    """ORCID's check character for the fifteen digits *base_digits* (ISO 7064 MOD 11-2)."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str | None:
    """The iD in *value* ("0000-0002-1825-0097"), or None when it is not a valid ORCID iD."""
    text = value.strip().upper()
    for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/"):
        text = text.removeprefix(prefix)
    if not ORCID_FORM.fullmatch(text):
        return None
    digits = text.replace("-", "")
    return text if check_digit(digits[:15]) == digits[15] else None


def orcid_url(orcid: str) -> str:
    return f"https://orcid.org/{orcid}"


def orcids(config: Config) -> dict[str, str]:
    """Each author's iD (normalised), by the author's full name and by their key in ``blog_authors``."""
    out = {}
    authors = getattr(config, "blog_authors", {}) or {}
    for key, value in (getattr(config, SETTING, None) or {}).items():
        orcid = normalise_orcid(str(value))
        if orcid is None:
            continue
        out[key] = orcid
        full = authors.get(key)
        if full:
            out[str(full[0])] = orcid
    return out


def orcid_of(config: Config, author: Any) -> str:
    """The iD of *author* (an ABlog author collection, or a name), or ""."""
    known = orcids(config)
    for name in (getattr(author, "label", None), getattr(author, "name", None), str(author)):
        if name and name in known:
            return known[name]
    return ""


def check_orcids(app: Sphinx) -> None:
    """Stop the build, naming the line of conf.py, for an iD that is not one or an author not in blog_authors."""
    given = getattr(app.config, SETTING, None) or {}
    authors = getattr(app.config, "blog_authors", {}) or {}
    problems = []
    for key, value in given.items():
        if key not in authors:
            problems.append(f"{SETTING} gives an ORCID iD for {key!r}, who is not in blog_authors")
        elif normalise_orcid(str(value)) is None:
            problems.append(f"{SETTING}[{key!r}] = {value!r} is not an ORCID iD: it is written 0000-0000-0000-0000 "
                            "(the last character a check digit, 0-9 or X); copy it from the author's ORCID record")
    for problem in problems:
        logger.error(problem, location=setting_location(app, SETTING), type="citable_blog", subtype="orcid")
    if problems:
        stop_build(app, ["conf.py"])


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """``author_orcid(collection)`` for the author's page template."""
    if writes_site(app):
        context["author_orcid"] = lambda collection: (
            orcid_url(orcid) if (orcid := orcid_of(app.config, collection)) else "")
