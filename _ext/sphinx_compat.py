"""Sphinx internals the site's extensions read (a helper module, not an extension).

Sphinx keeps the number of warnings a build has logged, and whether warnings
fail it (``-W``), in private attributes of the application; the build's
outcome depends on them. They are read here only, and the version check
makes an upgrade that might move them fail at once, naming this file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sphinx

if TYPE_CHECKING:
    from sphinx.application import Sphinx

KNOWN = ((9, 0), (9, 1))  # the Sphinx releases whose internals this module was checked against


def check_version() -> None:
    if sphinx.version_info[:2] not in KNOWN:
        from sphinx.errors import ExtensionError

        raise ExtensionError(
            f"Sphinx {sphinx.__display_version__} is not one the site's extensions were checked against "
            f"({', '.join('.'.join(map(str, v)) for v in KNOWN)}): check _ext/sphinx_compat.py and requirements.txt"
        )


def failed_on_warnings(app: Sphinx) -> bool:
    """Whether the build has logged a warning that fails it (``-W``)."""
    return bool(app._warncount) and bool(app._fail_on_warnings)  # noqa: SLF001
