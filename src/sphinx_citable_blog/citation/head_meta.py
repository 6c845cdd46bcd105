"""Describe each post in its page's ``<head>`` for reference managers, Google Scholar and link previews.

A reference manager or a search engine reads a page's metadata, not its
text. What each reads was checked with its own code or guidelines: Zotero's
Embedded Metadata translator (run on the built pages by the tests), Google
Scholar's inclusion guidelines, Google's article structured data. Each post's
``<head>`` gets:

* Highwire Press tags, which Google Scholar and Zotero read:
  ``citation_title``, one ``citation_author`` per author ("Mills, Chris"),
  ``citation_publication_date`` and ``citation_online_date`` as YYYY/MM/DD,
  ``citation_public_url``, ``citation_language``, and one
  ``citation_reference`` per entry of the post's reference list. No
  ``citation_journal_title``: a blog is no journal, and with it Zotero saved
  every post as a journal article with the blog as the journal;
* ``z:itemType`` ``blogPost``, Zotero's own tag for the item type (no
  Highwire tag says "blog post"), so that Zotero saves a blog post with the
  blog's name (``og:site_name``) as its blog title and the full date;
* Dublin Core (``DC.title``, ``DC.creator``, ``DC.date`` ...), without
  ``DC.type``, which Zotero copies into the item as a genre;
* OpenGraph (``og:type`` ``article`` with ``article:published_time``,
  ``article:author`` and ``article:tag``, ``og:image``) and Twitter card tags,
  whose description is the post's first paragraph as plain text, with its
  citations as the page shows them;
* a schema.org ``BlogPosting`` as JSON-LD with what Google's article rich
  results ask for (headline, author with name and address, datePublished,
  dateModified, publisher, image, mainEntityOfPage) and the works it cites.

Other pages built from a document (home, about, how to cite) get OpenGraph
and Twitter tags of type ``website`` and no ``citation_*`` tags. Every page's
canonical link is Sphinx's own, from ``html_baseurl``; none is added here.
The image of every page is the site's (``citation.preview_image``).

The works a post cites come from sphinxcontrib-bibtex's record of the post's
reference list, so the tags list exactly what the page lists, and their data
from the CSL items the style renders (accents decoded, ``crossref`` resolved).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_citable_blog.citation.cite_this import permanent_url, post_for, post_record
from sphinx_citable_blog.citation.licence import licence_of
from sphinx_citable_blog.citation.metadata import (
    highwire_date,
    highwire_reference,
    iso_published,
    json_ld,
    json_ld_script,
    plain_description,
)
from sphinx_citable_blog.citation.orcid import orcid_url, orcids
from sphinx_citable_blog.citation.preview_image import PreviewImage, preview_image
from sphinx_citable_blog.citation.references import csl_items
from sphinx_citable_blog.compat.bibtex import bibliography_works
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_citable_blog.citation.records import Name

DC_SCHEMA = '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />'


def meta(attr: str, name: str, content: str) -> str:
    return f'<meta {attr}="{html.escape(name)}" content="{html.escape(content)}" />'


def _not_prose(node: nodes.Node) -> bool:
    """Raw HTML (such as paragraph links) and footnote marks: not part of a description.

    Citations are (resolved, they are the style's text: "Children and Young
    People Now (2014)").
    """
    return isinstance(node, (nodes.raw, nodes.footnote_reference, nodes.citation_reference))


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the page's first paragraph."""
    section = next(iter(doctree.findall(nodes.section)), doctree)
    para = next((child for child in section.children if isinstance(child, nodes.paragraph)), None)
    if para is None:
        return ""
    para = para.deepcopy()
    for node in list(para.findall(_not_prose)):
        if node.parent is not None:
            node.parent.remove(node)
    return plain_description(para.astext())


def cited_works(app: Sphinx, docname: str) -> list[dict[str, Any]]:
    """The works in *docname*'s reference lists, in their order on the page, as CSL-JSON items."""
    items = csl_items(app)
    keys = dict.fromkeys(key for key, _ in bibliography_works(app.env, docname))
    return [items[key] for key in keys if key in items]


def image_tags(image: PreviewImage) -> list[str]:
    return [
        meta("property", "og:image", image.url),
        meta("property", "og:image:width", str(image.width)),
        meta("property", "og:image:height", str(image.height)),
        meta("property", "og:image:alt", image.alt),
        meta("name", "twitter:image", image.url),
        meta("name", "twitter:image:alt", image.alt),
    ]


def author_url(app: Sphinx, docname: str) -> str:
    """The address of the post's first author: as ``blog_authors`` gives it, or the author's page here."""
    post = post_for(app, docname)
    authors = list(post.author or ()) if post is not None else []
    if not authors:
        return ""
    first = authors[0]
    return getattr(first, "href", None) or permanent_url(app, first.docname)


def author_tags(creators: tuple[Name, ...], ids: dict[str, str]) -> list[str]:
    """``citation_author`` for each author, each followed by ``citation_author_orcid`` where the iD is known."""
    tags = []
    for name in creators:
        tags.append(meta("name", "citation_author", name.inverted))
        if ids.get(name.full):
            tags.append(meta("name", "citation_author_orcid", orcid_url(ids[name.full])))
    return tags


def post_tags(app: Sphinx, docname: str, description: str) -> list[str]:
    post = post_for(app, docname)
    assert post is not None
    record = post_record(app, post)
    works = cited_works(app, docname)
    image = preview_image(app)
    date = highwire_date(record.day)
    modified = iso_published(record.updated) if record.updated else ""
    chosen = licence_of(app.config)
    ids = orcids(app.config)
    data = json_ld(record, description, works, site_url=app.config.html_baseurl, image=image.url,
                   author_url=author_url(app, docname), modified=modified, licence=chosen.url if chosen else "",
                   author_ids={name: orcid_url(orcid) for name, orcid in ids.items()})
    return [
        meta("name", "description", description),
        meta("name", "z:itemType", "blogPost"),
        meta("name", "citation_title", record.title),
        *author_tags(record.creators, ids),
        meta("name", "citation_publication_date", date),
        meta("name", "citation_online_date", date),
        meta("name", "citation_public_url", record.url),
        meta("name", "citation_language", record.language),
        *([meta("name", "citation_doi", record.doi)] if record.doi else []),
        *(meta("name", "citation_reference", highwire_reference(w)) for w in works),
        DC_SCHEMA,
        meta("name", "DC.title", record.title),
        *(meta("name", "DC.creator", n.inverted) for n in record.creators),
        meta("name", "DC.date", record.day.isoformat()),
        meta("name", "DC.format", "text/html"),
        meta("name", "DC.identifier", record.url),
        *([meta("name", "DC.identifier", f"doi:{record.doi}")] if record.doi else []),
        meta("name", "DC.publisher", record.blog_name),
        meta("name", "DC.language", record.language),
        meta("property", "og:type", "article"),
        meta("property", "og:title", record.title),
        meta("property", "og:description", description),
        meta("property", "og:url", record.url),
        meta("property", "og:site_name", record.blog_name),
        *image_tags(image),
        meta("property", "article:published_time", iso_published(record.published)),
        *([meta("property", "article:modified_time", modified)] if modified else []),
        *(meta("property", "article:author", n.full) for n in record.creators),
        *([meta("property", "article:section", record.category)] if record.category else []),
        *(meta("property", "article:tag", tag) for tag in record.tags),
        meta("name", "twitter:card", "summary_large_image"),
        meta("name", "twitter:title", record.title),
        meta("name", "twitter:description", description),
        json_ld_script(data),
    ]


def page_tags(app: Sphinx, pagename: str, title: str, description: str) -> list[str]:
    tags = [
        meta("property", "og:type", "website"),
        meta("property", "og:title", title),
        meta("property", "og:url", permanent_url(app, pagename)),
        meta("property", "og:site_name", app.config.blog_title),
        *image_tags(preview_image(app)),
        meta("name", "twitter:card", "summary_large_image"),
        meta("name", "twitter:title", title),
    ]
    if description:
        tags[2:2] = [meta("property", "og:description", description)]
        tags += [meta("name", "twitter:description", description), meta("name", "description", description)]
    return tags


def add_head_tags(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if not writes_site(app) or not isinstance(doctree, nodes.document) or not app.config.html_baseurl:
        return
    description = first_paragraph(doctree)
    if post_for(app, pagename) is not None:
        tags = post_tags(app, pagename, description)
    else:
        title = app.env.titles[pagename].astext() if pagename in app.env.titles else context.get("title", "")
        tags = page_tags(app, pagename, title, description)
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"

