"""Every use of a third-party package's internals, one module per package, and the versions they were checked on.

ABlog, sphinxcontrib-bibtex, Sphinx, MyST, pydata-sphinx-theme, pybtex, sphinx-notfound-page and sphinx-autobuild are used
through their public interfaces everywhere else in the package. Where the
package needs more (ABlog's post records, sphinxcontrib-bibtex's domain data,
Sphinx's warning count, the theme's font files...), it goes through the
module here named after the package, which says why and lists the workaround
in ``UPSTREAM.md``. Each module declares the releases it was checked against;
:func:`check_versions` runs when the package is set up and stops with a
message naming this folder if an installed release is not one of them, rather
than letting an upgrade break a build halfway through.
"""

from __future__ import annotations

import copy
from importlib import metadata
from typing import Any

# Distribution name -> the release series (major, minor) the compat modules were checked against.
KNOWN: dict[str, tuple[tuple[int, int], ...]] = {
    "sphinx": ((9, 0),),
    "ablog": ((0, 11),),
    "sphinxcontrib-bibtex": ((2, 7),),
    "pybtex": ((0, 26),),
    "pydata-sphinx-theme": ((0, 20),),  # checked only where it is installed
    "sphinx-notfound-page": ((1, 1),),
    "sphinx-autobuild": ((2025, 8),),  # the preview (make live) only; checked only where it is installed
    "myst-parser": ((5, 2),),
}
OPTIONAL = {"pydata-sphinx-theme", "sphinx-autobuild"}


def release(distribution: str) -> tuple[int, int] | None:
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
    major, minor, *_ = (int(part) if part.isdigit() else 0 for part in version.split(".")[:2] + ["0"])
    return major, minor


def unknown_releases() -> list[str]:
    """The installed releases the compat modules were not checked against, as messages."""
    out = []
    for distribution, series in KNOWN.items():
        found = release(distribution)
        if found is None and distribution in OPTIONAL:
            continue
        if found not in series:
            known = " or ".join(f"{major}.{minor}" for major, minor in series)
            have = metadata.version(distribution) if found else "none"
            out.append(f"{distribution} {have} is installed, but sphinx_citable_blog.compat knows {known}")
    return out


def check_versions() -> None:
    problems = unknown_releases()
    if problems:
        from sphinx.errors import ExtensionError  # noqa: PLC0415

        raise ExtensionError(
            "; ".join(problems)
            + ": check src/sphinx_citable_blog/compat/ (and UPSTREAM.md) against the new release, then add it to "
            "KNOWN there, or install the versions pinned in requirements.txt"
        )


# Values a document cannot change in place.
IMMUTABLE = (str, bytes, int, float, complex, bool, type(None), tuple, frozenset)


def settings_copy(settings: Any, shared: dict[str, Any] | None = None) -> Any:
    """A copy of docutils' *settings* (``Values``) that a document may change: each value copied too (a list, the
    ``DependencyList`` of ``record_dependencies``), except the values given in *shared* (those Sphinx gives every
    document, such as its environment)."""
    fresh = copy.copy(settings)
    for name, value in vars(settings).items():
        if not isinstance(value, IMMUTABLE) and not (shared and shared.get(name) is value):
            setattr(fresh, name, copy.deepcopy(value))
    return fresh
