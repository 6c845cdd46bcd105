"""With ``sphinx-build -j N``, write the pages in N worker processes, not N - 1.

Sphinx writes in parallel like this: the main process loads and resolves each
page's doctree and feeds the search index, and hands the pages, in chunks, to
``N - 1`` worker processes that render them to HTML, on the grounds that the
main process is busy. Here it is not: resolving a page takes about a quarter of
the time of rendering it through the theme, so with ``-j 2`` on two cores the
main process resolved every page early, then waited while one worker wrote
them one after another, and the second core idled. A cold build of 1,000 posts
spent 8.4 s writing its pages with one worker and 5.8 s with two.

So, from ``write-started`` until the builder collects its extra pages, Sphinx
is told one job more than it was given (its writing workers are then as many
as the jobs asked for); the listing pages and everything after them see the
number asked for again. Serial builds (``-j 1``, or a builder that cannot
write in parallel) are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from build_jobs import jobs_asked, use_jobs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.util.typing import ExtensionMetadata


def one_more_job(app: Sphinx, builder: Builder) -> None:
    """Before the pages are written: room for as many writing workers as jobs."""
    if builder.parallel_ok and app.parallel > 1:
        use_jobs(app, app.parallel + 1)


def restore_before_extra_pages(app: Sphinx) -> list[tuple[str, dict, str]]:
    """After the pages are written: the number of jobs asked for, again."""
    jobs_asked(app)
    return []


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("write-started", one_more_job)
    # Before _ext/listing_pages.py writes the listing pages with app.parallel processes.
    app.connect("html-collect-pages", restore_before_extra_pages, priority=0)
    app.connect("build-finished", lambda app, exception: jobs_asked(app), priority=0)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
