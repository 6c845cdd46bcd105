"""What an extension works out once per build, kept on the builder (a helper module, not an extension).

The related posts, the month archives and the renderers of excerpts, listing
entries and sidebar fragments are each made once per build. The builder lasts
one build, so nothing kept on it can go stale; with ``-j``, each writing
process starts from the main process's copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

T = TypeVar("T")


def once_per_build(app: Sphinx, name: str, make: Callable[[], T]) -> T:
    """The builder's attribute *name*, made by ``make()`` the first time it is asked for."""
    found = getattr(app.builder, name, None)
    if found is None:
        found = make()
        setattr(app.builder, name, found)
    return found
