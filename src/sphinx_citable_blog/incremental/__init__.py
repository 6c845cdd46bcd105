"""Incremental builds: each build gives exactly the site a clean build of the same sources gives.

* ``unfinished``: a build that did not finish (stopped, killed, or failed on a
  warning) is followed by a full build from empty folders;
* ``listings``: the pages that show other posts are written again when what
  they show of them changes;
* ``stale_outputs``: the files of deleted, unpublished and renamed posts, and
  of pages no longer made, are removed from the output and doctree folders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog import events

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from sphinx_citable_blog.incremental import listings, stale_outputs, unfinished  # noqa: PLC0415 (see the package docstring)

    app.add_event(events.LISTINGS_CHANGED)
    app.connect("config-inited", unfinished.start, priority=events.START_BUILD)
    app.connect("doctree-read", listings.note_post_lists)
    app.connect("env-updated", listings.pages_to_rewrite)
    app.connect("build-finished", stale_outputs.sweep_output, priority=events.REMOVE_STALE_OUTPUT)
    app.connect("build-finished", unfinished.finish, priority=events.FINISH_BUILD)
