"""Permanent links: a label per post, and stable anchors inside every post.

Readers cite these posts in reports and theses, so a link into a post must
keep working. Sphinx, MyST and ABlog give a post its address
(``posts/YYYY/MM/<slug>.html``) and its headings slug anchors; this extension
adds what they leave out:

* a cross-reference label per post, ``post-<slug>`` (the file name), so any
  page can write ``{ref}`post-outsourcing``. ABlog registers a label named
  after the bare file name, and when two posts share a file name the second
  silently takes it; here that, or a page claiming another post's label,
  stops the build with an error naming both files;
* an anchor per paragraph derived from its words, ``p-`` and the first eight
  hex digits of the SHA-256 of its text (citations left out, white space
  collapsed), so inserting, moving or deleting other paragraphs changes no
  anchor. Editing a paragraph's own words changes its anchor; the old one is
  kept by writing it as a MyST target, ``(p-1a2b3c4d)=``, on the line before
  the paragraph (``permalinks.txt`` and its test make sure nobody forgets);
* a pilcrow link after each such paragraph (``a.paragraph-link``), which
  ``_static/permalinks.js`` turns into "copy this paragraph's address";
* citation anchors derived from the BibTeX key, ``cite-<key>`` for the first
  citation of a work on a page and ``cite-<key>-2``, ``-3``... for the next,
  instead of docutils' numbered ``id1``, ``id2``; the reference list's
  back-links follow them;
* redirect pages for renamed posts (ABlog's ``redirect`` front-matter key)
  whose canonical address is the post's new one.

ABlog copies each post's first paragraph (the excerpt, shown on listing
pages) and the whole post (for the feed) when it reads the post. Paragraph
anchors are added after that, and the copies' citation and paragraph ids are
removed, so no listing page or feed repeats an anchor of a post.
"""

from __future__ import annotations

import hashlib
import html
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import SphinxError
from sphinx.util import logging

from sphinx_citable_blog.compat.ablog import post_records
from sphinx_citable_blog.compat.bibtex import rename_citation_ids
from sphinx_citable_blog.errors import stop_build
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

LABEL_PREFIX = "post-"
PARAGRAPH_PREFIX = "p-"
CITE_PREFIX = "cite-"
HASH_DIGITS = 8
PERMALINK = "permalink"  # attribute marking a paragraph that gets a pilcrow link
LINK_TEXT = "Link to this paragraph"


# -- Pure helpers ------------------------------------------------------------------


def post_slug(docname: str) -> str:
    """The slug of the post *docname*: its file name, without folders or suffix."""
    return docname.rsplit("/", 1)[-1].lower()


def post_label(docname: str) -> str:
    """The cross-reference label of the post *docname*: ``post-<slug>``."""
    return LABEL_PREFIX + post_slug(docname)


def normalise_text(text: str) -> str:
    """*text* as the anchor sees it: Unicode NFC, white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def paragraph_anchor(text: str) -> str:
    """The anchor of a paragraph whose words are *text*."""
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return PARAGRAPH_PREFIX + digest[:HASH_DIGITS]


def unique_id(wanted: str, taken: Iterable[str] | dict[str, Any]) -> str:
    """*wanted*, or *wanted*-2, -3... if it is already taken."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def cite_anchor(key: str, seen: dict[str, int]) -> str:
    """The anchor of the next citation of *key* on a page; *seen* counts them."""
    seen[key] = seen.get(key, 0) + 1
    base = nodes.make_id(CITE_PREFIX + key)
    return base if seen[key] == 1 else f"{base}-{seen[key]}"


def duplicate_slugs(docnames: Iterable[str]) -> dict[str, list[str]]:
    """Slugs used by more than one of the posts *docnames*, with those posts."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for docname in sorted(docnames):
        by_slug[post_slug(docname)].append(docname)
    return {slug: docs for slug, docs in by_slug.items() if len(docs) > 1}


def paragraph_link_html(anchor: str) -> str:
    """The pilcrow link after a paragraph; its "¶" comes from the style sheet.

    The link has no text of its own, so copying a paragraph's text does not
    copy a pilcrow and the page's text (and search index) stay the post's words.
    """
    return f'<a class="paragraph-link" href="#{anchor}" aria-label="{LINK_TEXT}" title="{LINK_TEXT}"></a>'


# -- Reading a post ----------------------------------------------------------------


def is_post(app: Sphinx, docname: str) -> bool:
    return docname in app.config.matched_blog_posts


def is_citation(node: nodes.Node) -> bool:
    return isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "cite"


def words(node: nodes.Element) -> Iterator[str]:
    """The text of *node* as written, without its citations."""
    for child in node.children:
        if isinstance(child, nodes.Text):
            yield str(child)
        elif isinstance(child, nodes.Element) and not is_citation(child):
            yield from words(child)


def citation_keys(xref: addnodes.pending_xref) -> list[str]:
    return [key.strip() for key in xref["reftarget"].split(",") if key.strip()]


def strip_copied_ids(env: BuildEnvironment, docname: str) -> None:
    """Remove citation and paragraph ids from ABlog's copies of the post, and footnote marks from its excerpt.

    An excerpt is shown without the post's footnotes, so a mark in it would
    link to nothing on the home page, the archives and the tag pages.
    """
    for info in post_records(env).get(docname, []):
        for excerpt in info["excerpt"]:
            for mark in list(excerpt.findall(nodes.footnote_reference)):
                mark.parent.remove(mark)
        for copy in [*info["excerpt"], info["doctree"]]:
            for node in copy.findall(nodes.Element):
                if is_citation(node) or isinstance(node, nodes.paragraph):
                    node["ids"] = []


def name_citations(env: BuildEnvironment, docname: str, doctree: nodes.document) -> None:
    """Give each citation on the page an id derived from its key."""
    renamed: dict[str, str] = {}
    seen: dict[str, int] = {}
    for xref in doctree.findall(addnodes.pending_xref):
        if not is_citation(xref):
            continue
        new_ids = [unique_id(cite_anchor(key, seen), doctree.ids) for key in citation_keys(xref)]
        for old in xref["ids"]:
            doctree.ids.pop(old, None)
            renamed[old] = new_ids[0] if new_ids else old
        for new in new_ids:
            doctree.ids[new] = xref
        xref["ids"] = new_ids
    if not renamed:
        return
    # sphinxcontrib-bibtex draws the reference list's back-links from the ids
    # its role recorded; point them at the new ids.
    rename_citation_ids(env, docname, renamed)


def anchor_paragraphs(doctree: nodes.document) -> None:
    """Give each body paragraph (and block-quote paragraph) its content anchor."""
    for para in list(doctree.findall(nodes.paragraph)):
        if not isinstance(para.parent, (nodes.section, nodes.block_quote)):
            continue
        text = "".join(words(para))
        if not text.strip():
            continue
        anchor = unique_id(paragraph_anchor(text), doctree.ids)
        para["ids"].insert(0, anchor)
        doctree.ids[anchor] = para
        para[PERMALINK] = anchor


def explicit_labels(doctree: nodes.document) -> dict[str, int | None]:
    """The labels *doctree* defines itself (``(name)=`` targets), with their lines.

    As Sphinx's standard domain counts them: not footnotes, not link targets.
    """
    target_lines = {t["refid"]: t.line for t in doctree.findall(nodes.target) if "refid" in t}
    found: dict[str, int | None] = {}
    for name, explicit in doctree.nametypes.items():
        labelid = doctree.nameids.get(name)
        node = doctree.ids.get(labelid) if explicit and labelid else None
        if node is None or isinstance(node, (nodes.footnote, nodes.citation)) or "refuri" in node:
            continue
        found[name] = target_lines.get(labelid) or node.line
    return found


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    env_data(app.env).labels[docname] = explicit_labels(doctree)
    name_citations(app.env, docname, doctree)
    if not is_post(app, docname):
        return
    strip_copied_ids(app.env, docname)
    anchor_paragraphs(doctree)


# -- After reading: labels, and their conflicts ------------------------------------------


def source_file(app: Sphinx, docname: str) -> str:
    return Path(app.env.doc2path(docname)).relative_to(app.srcdir).as_posix()


def label_problems(
    app: Sphinx, posts: list[str], labels: dict[str, dict[str, int | None]]
) -> Iterator[tuple[str, tuple[str, int | None], str]]:
    """(message, location, subtype) for every label two posts or pages claim."""
    duplicated = duplicate_slugs(posts)
    for slug, docs in duplicated.items():
        for docname in docs:
            others = " and ".join(source_file(app, d) for d in docs if d != docname)
            yield (
                (
                    f"post slug {slug!r} is also the file name of {others}: both posts would have the label "
                    f"{LABEL_PREFIX + slug!r}; give this post another file name, unless it is the one "
                    "already published"
                ),
                (docname, 1),
                "duplicate_slug",
            )
    defined: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for docname in sorted(labels):
        for name, line in labels[docname].items():
            defined[name].append((docname, line))
    for name, where in sorted(defined.items()):
        if len({docname for docname, _ in where}) < 2:
            continue
        for docname, line in where:
            others = " and ".join(sorted({source_file(app, d) for d, _ in where if d != docname}))
            yield (
                (
                    f"label {name!r} is also defined in {others}: a link to it could land on either page; "
                    "rename one of them"
                ),
                (docname, line),
                "duplicate_label",
            )
    singled = [d for d in posts if not any(d in docs for docs in duplicated.values())]
    for post in singled:
        label = post_label(post)
        for docname, line in defined.get(label, []):
            if docname != post:
                yield (
                    f"label {label!r} is the label of the post {source_file(app, post)}; choose another label here",
                    (docname, line),
                    "duplicate_label",
                )


def register_labels(app: Sphinx, env: BuildEnvironment) -> None:
    """Label every post ``post-<slug>``; stop if two posts or pages claim one label."""
    posts = sorted(d for d in env.found_docs if is_post(app, d))
    labels = {d: v for d, v in env_data(env).labels.items() if d in env.found_docs}
    problems = list(label_problems(app, posts, labels))
    for message, location, subtype in problems:
        logger.error(message, location=location, type="permalinks", subtype=subtype)
    if problems:
        stop_build(app, [source_file(app, location[0]) for _, location, _ in problems])
    std = cast("StandardDomain", env.get_domain("std"))
    for docname in posts:
        title = env.titles[docname].astext() if docname in env.titles else post_slug(docname)
        # No anchor: a {ref} link to a post goes to the top of its page.
        std.labels[post_label(docname)] = (docname, "", title)
        std.anonlabels[post_label(docname)] = (docname, "")


# -- Writing -----------------------------------------------------------------------


def add_paragraph_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not writes_site(app):
        return
    for para in doctree.findall(nodes.paragraph):
        anchor = para.get(PERMALINK)
        if anchor:
            # Wrapped in an inline: docutils counts a raw node as a block
            # (nodes.Special), and a paragraph holding one is not a paragraph.
            link = nodes.raw("", paragraph_link_html(anchor), format="html")
            para += nodes.inline("", "", link, classes=["paragraph-link-box"])


def inside_output(app: Sphinx, pagename: str) -> bool:
    """Whether the page *pagename* would be written inside the output folder."""
    outdir = Path(app.builder.outdir).resolve()
    target = (outdir / (pagename + app.builder.out_suffix)).resolve()
    return not Path(pagename).is_absolute() and target.is_relative_to(outdir)


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if not writes_site(app):
        return
    if not inside_output(app, pagename):
        # The front-matter check refuses such redirects; this is the last line of defence.
        raise SphinxError(f"refusing to write the page {pagename!r} outside the output folder")
    if doctree is not None and is_post(app, pagename):
        app.add_js_file("permalinks.js", loading_method="defer")
    redirect, post = context.get("redirect"), context.get("post")
    if templatename != "ablog/redirect.html" or not redirect or post is None:
        return
    # A renamed post's old address: named after the post, and pointing search
    # engines at the new address.
    context["title"] = html.escape(post.title)
    if app.config.html_baseurl:
        context["pageurl"] = app.config.html_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(redirect)

