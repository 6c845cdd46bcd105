"""ABlog's post data, for the local extensions (a helper module, not an extension)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ablog.blog import Blog
from ablog.post import register_posts

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def registered_blog(app: Sphinx) -> Blog:
    """ABlog's blog with every post read so far registered.

    ABlog registers its posts lazily, on the first event of the write phase
    that needs them; an extension that may run first registers them itself.
    """
    blog = Blog(app)
    if not blog:
        register_posts(app)
    return blog
