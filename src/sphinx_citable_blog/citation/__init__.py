"""Citation: what makes each post citable, and its citations right.

* ``records``: a post as a reference (authors, date, address, blog) and its
  permanent BibTeX key;
* ``identifiers``: a post's DOI and last update, from its front matter;
* ``licence``: the posts' licence (one setting), or "All rights reserved";
* ``orcid``: the authors' ORCID iDs (one setting), checked and linked;
* ``exports``: a post as a CSL item, a BibTeX entry and a RIS record, each
  written by a library for its format;
* ``cite_this``: "Cite this post" at the end of each post (the post's
  reference in CSL styles, BibTeX, RIS), the RIS files and ``posts.bib``;
* ``metadata``, ``head_meta``, ``preview_image``: the page's ``<head>`` for
  Google Scholar, Zotero and link previews;
* ``permalinks``: a label per post, anchors from each paragraph's words and
  each cited key, redirect pages for renamed posts;
* ``copied_citations``: citations in excerpts link to the citing post's list;
* ``references`` and ``csl/``: citations and reference lists in an official
  CSL style (APA 7 by default), rendered by pandoc's citeproc.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog import events

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from sphinx_citable_blog.citation import (  # noqa: PLC0415 (see the package docstring)
        cite_this,
        copied_citations,
        head_meta,
        identifiers,
        licence,
        orcid,
        permalinks,
        preview_image,
        references,
    )

    references.setup_references(app)
    app.connect("builder-inited", cite_this.check_base_url)
    app.connect("builder-inited", preview_image.check_image)
    app.connect("builder-inited", licence.check_licence)
    app.connect("html-page-context", licence.add_head_link)
    app.connect("builder-inited", orcid.check_orcids)
    app.connect("html-page-context", orcid.add_context)
    app.connect("doctree-read", copied_citations.mark_citation_origins, priority=events.MARK_CITATION_ORIGINS)
    app.connect("doctree-read", permalinks.on_doctree_read, priority=events.AFTER_ABLOG_COPIES)
    app.connect("doctree-read", identifiers.record_identifiers, priority=events.AFTER_ABLOG_COPIES)
    app.add_post_transform(copied_citations.ResolveCopiedCitations)
    app.connect("env-updated", permalinks.register_labels)
    app.connect("env-updated", cite_this.assign_citation_keys)
    app.connect("env-updated", cite_this.render_post_references)
    app.connect("doctree-resolved", permalinks.add_paragraph_links)
    app.connect("doctree-resolved", cite_this.add_cite_section, priority=events.CITE_THIS_POST)
    app.connect("html-page-context", permalinks.on_page_context)
    app.connect("html-page-context", cite_this.add_script)
    app.connect("html-page-context", head_meta.add_head_tags)
    app.connect("build-finished", cite_this.write_files)
    app.connect("build-finished", preview_image.write_preview_image)
