"""Remember the checksums of the style sheets and scripts each page links, for the length of a build.

Sphinx's HTML builder adds ``?v=<checksum>`` to each style sheet and script a
page links (ten on this site's pages), and for each one of every page it
resolves the file's path again (the checksum itself it keeps): a thousandth
of a second per page, 0.3 s of work for a thousand posts. The speed layer has
each answer remembered from the start of the build to its end
(``compat.sphinx.remember_asset_checksums``); the static files are copied
before the first page is written and do not change while pages are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog.compat.sphinx import remember_asset_checksums

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

# The undoing of the replacement in force (the process's, like this list).
_undo: list[Callable[[], None]] = []


def start_build(app: Sphinx) -> None:
    end_build(app, None)  # a process building again starts from the original
    _undo.append(remember_asset_checksums())


def end_build(app: Sphinx, exception: BaseException | None) -> None:
    while _undo:
        _undo.pop()()
