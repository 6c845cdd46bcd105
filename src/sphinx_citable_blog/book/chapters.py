"""Each post a chapter: headed by its title and date, ending with its references and its web address.

Runs when a document of the book is resolved: for the EPUB once per page, for
the PDF once for the whole book, which LaTeX's builder assembles into one
document (each part marked with the document it came from). The post's own
reference list is already at its end (``citation.references`` writes it for
every builder), and its citations link to it.

Links to what only the site has (archives, tag pages, feeds, the how-to-cite
page) would lead nowhere in a book: they are made to point to the page on the
site. So are the home page's HTML links (``<a href>`` in the Markdown), which
the EPUB would otherwise carry as links into itself and the PDF drop.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from docutils import nodes
from sphinx import addnodes

from sphinx_citable_blog import events
from sphinx_citable_blog.book.contents import book_documents
from sphinx_citable_blog.compat.ablog import blog_page_label, registered_blog
from sphinx_citable_blog.outputs import writes_book
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ablog.blog import Post
    from sphinx.application import Sphinx

ADDRESS_TEXT = "Permanent address: "
NEWEST_TEXT = "Newest post: "
ONLINE_TEXT = "Read online at "
INTRODUCTION = "Introduction"
_ANCHOR_RE = re.compile(r"""^<a\s[^>]*?\bhref\s*=\s*(["'])(?P<href>[^"']*)\1[^>]*>$""", re.IGNORECASE)


def site_url(app: Sphinx, docname: str) -> str:
    """The address of *docname*'s page on the site (the link readers cite)."""
    return posixpath.join(app.config.html_baseurl, docname + (app.config.html_file_suffix or ".html"))


def documents_in_book(app: Sphinx) -> set[str]:
    return build_state(app).once("book documents", lambda: set(book_documents(app)))


def parts(doctree: nodes.document, docname: str) -> Iterator[tuple[str, nodes.Element]]:
    """Each document in *doctree* with the node that holds it: the page, and for LaTeX every chapter in it."""
    yield docname, doctree
    for start in doctree.findall(addnodes.start_of_file):
        yield start["docname"], start


def document_of(node: nodes.Node, docname: str) -> str:
    """The document *node* came from: its chapter's, in LaTeX's one document."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return parent["docname"]
        parent = parent.parent
    return docname


def own_section(holder: nodes.Element) -> nodes.section | None:
    """The document's top section (a direct child: another document's are inside their own part)."""
    return next((child for child in holder.children if isinstance(child, nodes.section)), None)


def date_line(app: Sphinx, post: Post) -> nodes.paragraph:
    line = nodes.paragraph(classes=["book-post-date"])
    text = post.date.strftime(app.config.post_date_format)
    if post.update and post.update != post.date:
        text += " · Updated on " + post.update.strftime(app.config.post_date_format)
    line += nodes.Text(text)
    return line


def address_line(app: Sphinx, docname: str) -> nodes.paragraph:
    url = site_url(app, docname)
    line = nodes.paragraph(classes=["book-post-address"])
    line += nodes.Text(ADDRESS_TEXT)
    line += nodes.reference(url, url, refuri=url)
    return line


def dress_post(app: Sphinx, post: Post, holder: nodes.Element) -> None:
    section = own_section(holder)
    if section is None or not isinstance(section[0], nodes.title):
        return
    section.insert(1, date_line(app, post))
    section += address_line(app, post.docname)


def title_page(app: Sphinx, holder: nodes.Element) -> None:
    """The home page: the EPUB's title page, the PDF's introduction (its title page is LaTeX's)."""
    section = own_section(holder)
    if section is None or not isinstance(section[0], nodes.title):
        return
    if app.builder.name == "latex":
        # LaTeX takes the first title for the document's and writes no heading for it: the introduction
        # becomes a chapter of its own, beside it.
        introduction = nodes.section(ids=["book-introduction"], names=[INTRODUCTION.lower()])
        introduction += nodes.title("", INTRODUCTION)
        for child in section.children[1:]:
            section.remove(child)
            introduction += child
        section.parent.insert(section.parent.index(section) + 1, introduction)
        return
    byline = ", ".join(app.config.blog_authors[name][0] for name in authors(app))
    lines = [nodes.paragraph("", byline, classes=["book-author"])]
    newest = newest_post_date(app)
    if newest:
        lines.append(nodes.paragraph("", NEWEST_TEXT + newest, classes=["book-date"]))
    url = app.config.html_baseurl
    online = nodes.paragraph(classes=["book-address"])
    online += nodes.Text(ONLINE_TEXT)
    online += nodes.reference(url, url, refuri=url)
    lines.append(online)
    for offset, line in enumerate(lines, start=1):
        section.insert(offset, line)


def authors(app: Sphinx) -> list[str]:
    """The blog's authors who wrote a post of the book, the default author first."""
    blog = registered_blog(app)
    names = {str(author) for post in blog.posts for author in post.author or ()}
    default = app.config.blog_default_author
    return sorted(names, key=lambda name: (name != default, name)) or [default]


def newest_post_date(app: Sphinx) -> str | None:
    blog = registered_blog(app)
    dates = [post.date for post in blog.posts if post.docname in documents_in_book(app)]
    return max(dates).strftime(app.config.post_date_format) if dates else None


def target_of(app: Sphinx, docname: str, refuri: str) -> tuple[str, str] | None:
    """The document and fragment an internal link of *docname* points to, as the book's builder wrote it."""
    path, _, fragment = refuri.partition("#")
    if app.builder.name == "latex":
        return (path[1:], fragment) if path.startswith("%") else None
    if not path or "://" in path or path.startswith(("mailto:", "/")):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), path))
    suffix = app.builder.out_suffix
    return (target[: -len(suffix)] if target.endswith(suffix) else target), fragment


def point_site_links_to_site(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    in_book = documents_in_book(app)
    for reference in list(doctree.findall(nodes.reference)):
        refuri = reference.get("refuri")
        if not refuri or not reference.get("internal"):
            continue
        target = target_of(app, document_of(reference, docname), refuri)
        if target is None or target[0] in in_book:
            continue
        reference["refuri"] = site_url(app, target[0]) + (f"#{target[1]}" if target[1] else "")
        reference["internal"] = False


def html_anchors_to_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``<a href="…">text</a>`` written in a page's Markdown: a link to the address on the site."""
    for start in list(doctree.findall(nodes.raw)):
        match = _ANCHOR_RE.match(start.astext().strip()) if "html" in start.get("format", "").split() else None
        if match is None or start.parent is None:
            continue
        parent = start.parent
        index = parent.index(start)
        inside = []
        for sibling in parent.children[index + 1:]:
            if isinstance(sibling, nodes.raw) and sibling.astext().strip().lower() == "</a>":
                url = urljoin(site_url(app, document_of(start, docname)), match["href"])
                link = nodes.reference("", "", *inside, refuri=url)
                for node in inside:
                    parent.remove(node)
                parent.replace(start, link)
                parent.remove(sibling)
                break
            inside.append(sibling)


def link_blog_pages_to_site(app: Sphinx, env: object, node: addnodes.pending_xref,
                            contnode: nodes.Element) -> nodes.reference | None:
    """A reference to one of ABlog's labels (``{ref}`blog-tags```): the chapter, or else the page on the site."""
    if not writes_book(app) or node.get("refdomain") != "std":
        return None
    page = blog_page_label(app, node["reftarget"])
    if page is None:
        return None
    docname, title = page
    if docname in documents_in_book(app):
        uri = app.builder.get_relative_uri(node.get("refdoc", app.config.root_doc), docname)
        link = nodes.reference("", "", internal=True, refuri=uri, reftitle=title)
    else:
        link = nodes.reference("", "", internal=False, refuri=site_url(app, docname), reftitle=title)
    link += contnode if node.get("refexplicit") else nodes.Text(title)
    return link


def latex_anchors(doctree: nodes.document) -> None:
    """Give LaTeX a label for each citation and reference-list entry, which its writer makes only for targets.

    A citation links to its entry in the chapter's list (``ref-<key>``), and the entry back to the citation
    (``cite-<key>``); Sphinx's LaTeX writer ignores the ids of inline text and list items.
    """
    for node in list(doctree.findall(lambda n: isinstance(n, (nodes.inline, nodes.list_item)) and bool(n["ids"]))):
        target = nodes.target("", "", ids=list(node["ids"]))
        if isinstance(node, nodes.list_item):
            first = node.next_node(nodes.paragraph)
            (first or node).insert(0, target)
        elif node.parent is not None:
            node.parent.insert(node.parent.index(node), target)


def dress_chapters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not writes_book(app):
        return
    blog = registered_blog(app)
    html_anchors_to_links(app, doctree, docname)
    point_site_links_to_site(app, doctree, docname)
    if app.builder.name == "latex":
        latex_anchors(doctree)
    for part_name, holder in parts(doctree, docname):
        if part_name == app.config.root_doc:
            title_page(app, holder)
        post = blog.posts[part_name]
        if post is not None:
            dress_post(app, post, holder)


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", link_blog_pages_to_site, priority=events.BEFORE_ABLOG_LABELS)
    app.connect("doctree-resolved", dress_chapters)
