"""Authoring checks: what a writer gets wrong stops the build at its file and line, before a page is written.

* ``front_matter``: each post's date, author, category, tags, draft flag and
  redirects, its title, and where it is filed;
* ``topics``: the site's one list of tags and categories, each described;
* ``bib_checks``: ``references.bib`` (duplicate keys, missing fields, bad
  URLs), citations of keys it lacks, and works no post cites;
* ``drafts``: ``draft: true`` posts left out of the site, or shown with a banner;
* ``text_files``: every file read as UTF-8, or its line named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog import events

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from sphinx_citable_blog.authoring import bib_checks, drafts, front_matter, topics  # noqa: PLC0415 (see the package docstring)

    app.connect("config-inited", drafts.exclude_drafts, priority=events.EXCLUDE_DRAFTS)
    app.connect("builder-inited", topics.check_topics_file, priority=events.CHECK_SOURCES_FILES)
    app.connect("builder-inited", bib_checks.check_bibfiles, priority=events.CHECK_SOURCES_FILES)
    app.connect("source-read", front_matter.check_source)
    app.add_transform(front_matter.DropInvalidPostMetadata)
    app.connect("doctree-read", bib_checks.check_citations)
    app.connect("doctree-read", drafts.add_banner, priority=events.AFTER_ABLOG_COPIES)
    app.connect("env-updated", front_matter.stop_if_invalid)
    app.connect("env-updated", bib_checks.report_uncited, priority=events.REPORT_UNCITED)
    app.connect("html-page-context", topics.add_context)
    bib_checks.report_missing_keys_once()
