"""Describe each post in its page's ``<head>`` for Google Scholar, Zotero and link previews.

A reference manager or a search engine reads a page's metadata, not its
text. Each post's ``<head>`` gets:

* Highwire Press tags (``citation_title``, ``citation_author``,
  ``citation_publication_date`` as YYYY/MM/DD, ``citation_online_date``,
  ``citation_public_url``, ``citation_journal_title`` = the blog's name, and
  one ``citation_reference`` per entry of the post's reference list), which
  Google Scholar and Zotero read;
* Dublin Core (``DC.title``, ``DC.creator``, ``DC.date`` ...);
* OpenGraph (``og:type`` ``article`` with ``article:published_time``,
  ``article:author`` and ``article:tag``) and Twitter card tags, whose
  description is the post's first paragraph as plain text, citations removed;
* a schema.org ``BlogPosting`` as JSON-LD, with the works it cites.

Other pages built from a document (home, about, how to cite) get OpenGraph
and Twitter tags of type ``website`` and no ``citation_*`` tags. Every page's
canonical link is Sphinx's own, from ``html_baseurl``; none is added here.

The works a post cites come from sphinxcontrib-bibtex's record of the post's
reference list, so the tags list exactly what the page lists.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from sphinx_citable_blog.citation.cite_this import permanent_url, post_for, post_record
from sphinx_citable_blog.citation.formats import (
    Work,
    highwire_date,
    highwire_reference,
    iso_published,
    json_ld,
    json_ld_script,
    plain_description,
    work_from_entry,
)
from sphinx_citable_blog.compat.bibtex import bibliography_works

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DC_SCHEMA = '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />'


def meta(attr: str, name: str, content: str) -> str:
    return f'<meta {attr}="{html.escape(name)}" content="{html.escape(content)}" />'


def _not_prose(node: nodes.Node) -> bool:
    """Citations, raw HTML (such as paragraph links) and footnote marks: not part of a description."""
    if isinstance(node, addnodes.pending_xref):
        return node.get("refdomain") == "cite"
    if isinstance(node, (nodes.raw, nodes.footnote_reference, nodes.citation_reference)):
        return True
    return isinstance(node, nodes.Element) and "bibtex-citation" in node.get("classes", ())


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the page's first paragraph, without its citations."""
    section = next(iter(doctree.findall(nodes.section)), doctree)
    para = next((child for child in section.children if isinstance(child, nodes.paragraph)), None)
    if para is None:
        return ""
    para = para.deepcopy()
    for node in list(para.findall(_not_prose)):
        if node.parent is not None:
            node.parent.remove(node)
    return plain_description(para.astext())


def cited_works(app: Sphinx, docname: str) -> list[Work]:
    """The works in *docname*'s reference lists, in their order on the page."""
    works, seen = [], set()
    for key, entry in bibliography_works(app.env, docname):
        if key not in seen:
            seen.add(key)
            works.append(work_from_entry(entry))
    return works


def post_tags(app: Sphinx, docname: str, description: str) -> list[str]:
    post = post_for(app, docname)
    assert post is not None
    record = post_record(app, post)
    works = cited_works(app, docname)
    date = highwire_date(record.day)
    tags = [
        meta("name", "description", description),
        meta("name", "citation_title", record.title),
        *(meta("name", "citation_author", n.inverted) for n in record.creators),
        meta("name", "citation_publication_date", date),
        meta("name", "citation_online_date", date),
        meta("name", "citation_public_url", record.url),
        meta("name", "citation_journal_title", record.blog_name),
        meta("name", "citation_language", record.language),
        *(meta("name", "citation_reference", highwire_reference(w)) for w in works),
        DC_SCHEMA,
        meta("name", "DC.title", record.title),
        *(meta("name", "DC.creator", n.inverted) for n in record.creators),
        meta("name", "DC.date", record.day.isoformat()),
        meta("name", "DC.type", "Text"),
        meta("name", "DC.format", "text/html"),
        meta("name", "DC.identifier", record.url),
        meta("name", "DC.publisher", record.blog_name),
        meta("name", "DC.language", record.language),
        meta("property", "og:type", "article"),
        meta("property", "og:title", record.title),
        meta("property", "og:description", description),
        meta("property", "og:url", record.url),
        meta("property", "og:site_name", record.blog_name),
        meta("property", "article:published_time", iso_published(record.published)),
        *(meta("property", "article:author", n.full) for n in record.creators),
        *([meta("property", "article:section", record.category)] if record.category else []),
        *(meta("property", "article:tag", tag) for tag in record.tags),
        meta("name", "twitter:card", "summary"),
        meta("name", "twitter:title", record.title),
        meta("name", "twitter:description", description),
        json_ld_script(json_ld(record, description, works, site_url=app.config.html_baseurl)),
    ]
    return tags


def page_tags(app: Sphinx, pagename: str, title: str, description: str) -> list[str]:
    tags = [
        meta("property", "og:type", "website"),
        meta("property", "og:title", title),
        meta("property", "og:url", permanent_url(app, pagename)),
        meta("property", "og:site_name", app.config.blog_title),
        meta("name", "twitter:card", "summary"),
        meta("name", "twitter:title", title),
    ]
    if description:
        tags[2:2] = [meta("property", "og:description", description)]
        tags += [meta("name", "twitter:description", description), meta("name", "description", description)]
    return tags


def add_head_tags(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if app.builder.format != "html" or not isinstance(doctree, nodes.document) or not app.config.html_baseurl:
        return
    description = first_paragraph(doctree)
    if post_for(app, pagename) is not None:
        tags = post_tags(app, pagename, description)
    else:
        title = app.env.titles[pagename].astext() if pagename in app.env.titles else context.get("title", "")
        tags = page_tags(app, pagename, title, description)
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"

