"""The licence of the posts: one setting, ``citable_blog_license``, an SPDX id or None.

Archives that give blog posts DOIs ask for a Creative Commons licence, and
readers need to know what they may reuse. The licence is the author's to
choose, so it is never assumed: with None (the default) each post says "All
rights reserved" and nothing else is claimed; with an id, each post's "Cite
this post" ends with a "Reuse" line linking the licence, every page's
``<head>`` has ``<link rel="license">``, the JSON-LD has ``license`` and the
feeds have ``<rights>``.

The ids are SPDX's (https://spdx.org/licenses/), limited to the licences
meant for writing: Creative Commons 4.0 and CC0. The table of their names and
addresses is written here by hand, from the SPDX list and Creative Commons'
deeds; no maintained library gives a licence's deed address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from sphinx_citable_blog.errors import setting_location, stop_build
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

SETTING = "citable_blog_license"
ALL_RIGHTS_RESERVED = "All rights reserved."


@dataclass(frozen=True)
class Licence:
    spdx: str  # "CC-BY-4.0"
    short: str  # "CC BY 4.0", as Creative Commons writes it
    name: str  # "Creative Commons Attribution 4.0 International"
    url: str  # the licence's deed


LICENCES = {
    licence.spdx: licence
    for licence in (
        Licence("CC-BY-4.0", "CC BY 4.0", "Creative Commons Attribution 4.0 International",
                "https://creativecommons.org/licenses/by/4.0/"),
        Licence("CC-BY-SA-4.0", "CC BY-SA 4.0", "Creative Commons Attribution-ShareAlike 4.0 International",
                "https://creativecommons.org/licenses/by-sa/4.0/"),
        Licence("CC-BY-ND-4.0", "CC BY-ND 4.0", "Creative Commons Attribution-NoDerivatives 4.0 International",
                "https://creativecommons.org/licenses/by-nd/4.0/"),
        Licence("CC-BY-NC-4.0", "CC BY-NC 4.0", "Creative Commons Attribution-NonCommercial 4.0 International",
                "https://creativecommons.org/licenses/by-nc/4.0/"),
        Licence("CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0",
                "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
                "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        Licence("CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0",
                "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
                "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
        Licence("CC0-1.0", "CC0 1.0", "CC0 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    )
}


def licence_of(config: Config) -> Licence | None:
    """The posts' licence (None: all rights reserved). The setting was checked when the build started."""
    spdx = getattr(config, SETTING, None)
    return LICENCES.get(spdx) if spdx else None


def check_licence(app: Sphinx) -> None:
    """Stop the build, naming the line of conf.py, when the setting is no licence this package knows."""
    spdx = getattr(app.config, SETTING, None)
    if spdx is None or spdx in LICENCES:
        return
    known = ", ".join(LICENCES)
    logger.error(
        "%s = %r is not a licence for posts: give the SPDX id of one (%s), or None for all rights reserved",
        SETTING, spdx, known, location=setting_location(app, SETTING), type="citable_blog", subtype="licence",
    )
    stop_build(app, ["conf.py"])


def add_head_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """``<link rel="license">`` in every page's ``<head>``, listing pages too (none without a licence)."""
    licence = licence_of(app.config)
    if licence is not None and writes_site(app):
        context["metatags"] = context.get("metatags", "") + f'<link rel="license" href="{licence.url}" />\n'

