"""sphinx-notfound-page internals the package uses (checked on 1.1).

* Its ``html-collect-pages`` handler, which renders ``404.html`` on every
  build: the speed layer takes it over with ABlog's page generators and runs it
  only when the listing pages are written again (``speed.listings``), since the
  404 page shows the latest posts and the sidebars, as they do.
"""

from __future__ import annotations

from typing import Any

from notfound.extension import html_collect_pages


def generators() -> tuple[Any, ...]:
    """sphinx-notfound-page's ``html-collect-pages`` handler: the 404 page."""
    return (html_collect_pages,)
