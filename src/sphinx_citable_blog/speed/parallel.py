"""With ``sphinx-build -j``, use the processes where they pay.

Sphinx reads and writes in parallel with ``-j N``; three things made it use
its processes badly on this site:

* **Reading few files.** Each reading process sends its whole environment back
  to be merged: on a 1,000-post blog that round trip costs about 0.4 s, more
  than parallel reading saves on a few files, so a build that reads fewer than
  ``citable_blog_parallel_read_threshold`` files reads them in the main process
  (writing stays parallel).
* **Writing with N - 1 workers.** The main process loads and resolves each
  page's doctree and feeds the search index, and hands the pages in chunks to
  ``N - 1`` worker processes, on the grounds that it is busy. It is not:
  resolving a page takes about a quarter of the time of rendering it, so with
  ``-j 2`` on two cores one worker wrote every page while the second core
  idled (8.4 s for 1,000 posts, 5.8 s with two workers). From
  ``write-started`` until the listing pages are collected Sphinx is told one
  job more (its writing workers are then as many as the jobs asked for).
* **Finishing one thing at a time.** The feeds are written, fixed and the
  archive feeds derived from them (``speed.feed_entries``) in another process,
  started when the documents' pages are about to be written (``listings``), so
  that an edited post's page and the feeds are written at the same time, not
  one after the other; or, when no page is written, one started with the
  listing pages. It is joined before the listing pages' record is saved.

The number of jobs asked for is kept in the build's state and put back after
each phase. A build with ``-j`` gives the same site as a serial build, file by
file (``tests/test_parallel.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog.compat.sphinx import jobs, set_jobs
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def use_jobs(app: Sphinx, count: int) -> None:
    """Have Sphinx work with *count* processes until :func:`jobs_asked`."""
    speed = build_state(app).speed
    if speed.jobs_asked is None:
        speed.jobs_asked = jobs(app)
    set_jobs(app, count)


def jobs_asked(app: Sphinx, *args: object) -> None:
    """Have Sphinx work with the number of processes asked for again (later calls do nothing)."""
    speed = build_state(app).speed
    if speed.jobs_asked:
        set_jobs(app, speed.jobs_asked)
    speed.jobs_asked = None


def read_few_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before Sphinx decides how to read *docnames*: in this process, if they are few."""
    if jobs(app) > 1 and len(docnames) < app.config.citable_blog_parallel_read_threshold:
        use_jobs(app, 1)


def one_more_job(app: Sphinx, builder: Builder) -> None:
    """Before the pages are written: room for as many writing workers as jobs."""
    if builder.parallel_ok and jobs(app) > 1:
        use_jobs(app, jobs(app) + 1)


def jobs_asked_before_listings(app: Sphinx) -> list[tuple[str, dict, str]]:
    """After the pages are written, before the listing pages: the number of jobs asked for, again."""
    jobs_asked(app)
    return []


def finish_fixing_feeds(app: Sphinx, exception: Exception | None) -> None:
    """Wait for the feeds to be fixed."""
    speed = build_state(app).speed
    if speed.feed_fixing is not None:
        speed.feed_fixing.join()
        speed.feed_fixing = None
