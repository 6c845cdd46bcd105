"""Citation: what makes each post citable, and its citations right.

* ``formats``: a post's reference in APA and Harvard, BibTeX, RIS, JSON-LD;
* ``cite_this``: "Cite this post" at the end of each post, the RIS files,
  ``posts.bib``, and each post's permanent BibTeX key;
* ``head_meta``: the page's ``<head>`` for Google Scholar, Zotero and link
  previews;
* ``permalinks``: a label per post, anchors from each paragraph's words and
  each cited key, redirect pages for renamed posts;
* ``copied_citations``: citations in excerpts link to the citing post's list;
* ``reference_lists``: each reference list lists a work once, however often
  the post is rendered;
* ``style``: the author-year bibliography and citation styles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_citable_blog import events

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from sphinx_citable_blog.citation import cite_this, copied_citations, head_meta, permalinks, reference_lists, style  # noqa: PLC0415 (see the package docstring)

    style.register_styles()
    app.connect("builder-inited", cite_this.check_base_url)
    app.connect("doctree-read", copied_citations.mark_citation_origins, priority=events.MARK_CITATION_ORIGINS)
    app.connect("doctree-read", permalinks.on_doctree_read, priority=events.AFTER_ABLOG_COPIES)
    app.add_post_transform(copied_citations.ResolveCopiedCitations)
    app.add_post_transform(reference_lists.ResetReferenceLists)
    app.connect("env-updated", permalinks.register_labels)
    app.connect("env-updated", cite_this.assign_citation_keys)
    app.connect("doctree-resolved", permalinks.add_paragraph_links)
    app.connect("doctree-resolved", cite_this.add_cite_section, priority=events.CITE_THIS_POST)
    app.connect("html-page-context", permalinks.on_page_context)
    app.connect("html-page-context", cite_this.add_script)
    app.connect("html-page-context", head_meta.add_head_tags)
    app.connect("build-finished", cite_this.write_files)
