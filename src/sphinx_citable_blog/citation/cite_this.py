"""End every post with "Cite this post", and publish each post's reference as files.

People cite these posts in reports, theses and inspection responses. Each
post's page ends with a "Cite this post" section (id ``cite-this-post``)
holding its reference in the CSL styles of ``citable_blog_cite_this_styles``
(APA 7 and Harvard as Cite Them Right has it, by default), rendered like the
reference lists (``citation.references``) from the post as a CSL item
(``citation.exports``), its BibTeX entry with a copy button, and a link to download it as RIS for EndNote,
RefWorks or Zotero. The build also writes those RIS files, next to each post
(``posts/2014/04/outsourcing.ris``), and ``posts.bib``, every post's BibTeX
entry in one file at the root of the site, linked from each post's section and,
where the site has one (``citable_blog_how_to_cite``), its page on citing.

Everything comes from the post's front matter and title (via ABlog) and from
``conf.py`` (``blog_title`` names the blog, ``html_baseurl`` is the base of the
permanent addresses); the formats themselves are in ``citation.exports``. Each
post's BibTeX key is permanent: see :func:`assign_citation_keys`.

The section is appended at ``doctree-resolved`` (``events.CITE_THIS_POST``;
"Related posts" follows), to the post's own page only. ABlog copies a post's
doctree for excerpts and feeds when the post is read, so they never contain it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from sphinx_citable_blog.citation import references
from sphinx_citable_blog.citation.csl import markup
from sphinx_citable_blog.citation.csl.render import Rendering, Style, render_styles
from sphinx_citable_blog.citation.exports import EntryTexts, bibtex, csl_item, ris
from sphinx_citable_blog.citation.identifiers import post_doi, post_updated
from sphinx_citable_blog.citation.licence import ALL_RIGHTS_RESERVED, licence_of
from sphinx_citable_blog.citation.records import PostRecord, assign_keys, parse_name
from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.compat.bibtex import entries
from sphinx_citable_blog.errors import line_of
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state, env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_citable_blog.compat.ablog import Post

logger = logging.getLogger(__name__)

SECTION_ID = "cite-this-post"
BIBTEX_ID = "cite-bibtex"
POSTS_BIB = "posts.bib"
SCRIPT = "cite-this.js"  # in _static/
COPY_BUTTON = (
    f'<button type="button" class="cite-copy" data-copy-target="{BIBTEX_ID}" '
    'aria-label="Copy the BibTeX entry" hidden>Copy</button>'
)


# -- Post data -----------------------------------------------------------------------


def published_posts(app: Sphinx) -> list[Post]:
    """Every published post, one per document, oldest first."""
    blog = registered_blog(app)
    seen: dict[str, Post] = {}
    for post in blog.posts:
        seen.setdefault(post.docname, post)
    return sorted(seen.values(), key=lambda p: (p.date, p.docname))


def permanent_url(app: Sphinx, docname: str) -> str:
    """The absolute address of a page: the same as its canonical link."""
    return posixpath.join(app.config.html_baseurl, app.builder.get_target_uri(docname))


def post_record(app: Sphinx, post: Post) -> PostRecord:
    """The citation data of *post*, from its front matter, its title and conf.py."""
    keys = env_data(app.env).citation_keys
    return PostRecord(
        title=post.title,
        authors=tuple(parse_name(str(author)) for author in post.author or ()),
        published=post.date,
        url=permanent_url(app, post.docname),
        blog_name=app.config.blog_title,
        key=keys.get(post.docname, ""),
        tags=tuple(str(tag) for tag in post.tags or ()),
        category=", ".join(str(c) for c in post.category or ()),
        language=app.config.language or "en",
        doi=post_doi(app.env, post.docname),
        updated=post_updated(app.env, post.docname),
    )


def post_for(app: Sphinx, docname: str) -> Post | None:
    """The published post *docname*, or None for any other page."""
    blog = registered_blog(app)
    return blog.posts[docname]


def read_recorded_keys(path: Path) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """The citation keys recorded in *path* (``key docname`` lines), by docname, and the malformed lines."""
    keys: dict[str, str] = {}
    bad: list[tuple[int, str]] = []
    if not path.is_file():
        return keys, bad
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            bad.append((number, line))
            continue
        keys[parts[1]] = parts[0]
    return keys, bad


def assign_citation_keys(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Give every post its BibTeX key, once all posts are read.

    A post whose key is recorded in the keys file (``citable_blog_keys_file``)
    keeps it, and so does a renamed post under its old address (``redirect``);
    a new post gets the shortest free key, never one recorded for any post,
    even a deleted one, nor one of references.bib, so both files can be used
    together. ``make permalinks`` records the new posts' keys.
    """
    bib_keys = list(entries(env))
    path = Path(app.confdir) / (app.config.citable_blog_keys_file or "")
    recorded, bad = read_recorded_keys(path)
    for number, line in bad:
        logger.error("malformed line %r: each line is a key and a post (key posts/YYYY/MM/slug)", line,
                     location=f"{path}:{number}", type="cite_this", subtype="keys_file")
    folded_bib = {key.casefold() for key in bib_keys}
    for docname, key in sorted(recorded.items()):
        if key.casefold() in folded_bib:
            line = line_of(path, "^" + re.escape(key) + r"\s") or 1
            logger.error("the key %r of the post %s is also a key of references.bib: rename the work's key",
                         key, docname, location=f"{path}:{line}", type="cite_this", subtype="keys_file")
    keys: dict[str, str] = {}
    new = []
    for post in published_posts(app):
        old = [post.docname, *(str(r) for r in post.redirect or ())]
        found = next((recorded[d] for d in old if d in recorded), None)
        if found is not None:
            keys[post.docname] = found
        else:
            authors = tuple(parse_name(str(a)) for a in post.author or ())
            new.append((post.docname, authors, post.date.date(), post.docname.rpartition("/")[2]))
    keys |= assign_keys(new, [*bib_keys, *recorded.values(), *keys.values()])
    data = env_data(env)
    before, data.citation_keys = data.citation_keys, keys
    # A key shows on its post's page: a post whose key changed (the file edited) is written again.
    return sorted(d for d, key in keys.items() if before.get(d, key) != key and d in env.found_docs)


def check_base_url(app: Sphinx) -> None:
    if writes_site(app) and not app.config.html_baseurl:
        logger.warning(
            "html_baseurl is not set: posts cannot be cited without the site's address",
            type="cite_this",
            subtype="config",
        )


# -- The section ------------------------------------------------------------------------


# -- The posts' references, in CSL styles ---------------------------------------------------


def cite_this_styles(app: Sphinx) -> list[tuple[str, Style]]:
    """(heading, style) of each reference in "Cite this post", each style without disambiguation.

    A post's reference stands alone: "Mills, C. (2014, April 8)", never the
    "2014a" that a style gives two works of one author and year in one list.
    All posts are rendered in one call, so each style is used in a copy whose
    disambiguation is off (``Style.standalone``), kept with the doctrees.
    """
    folder = Path(app.doctreedir) / "citable-blog-csl"
    return build_state(app).once("cite_this_styles", lambda: [
        (heading, Style(path, references.style_locale(app, path)).standalone(folder))
        for heading, name in app.config.citable_blog_cite_this_styles
        for path in [references.find_style(app, name, "citable_blog_cite_this_styles")]
    ])


def render_post_references(app: Sphinx, env: BuildEnvironment) -> None:
    """Render every post's reference in each style of "Cite this post" (after the keys are given).

    When the build read and removed no document (the speed layer says so),
    they are rendered only if a page is written (:func:`reference_html`):
    most such builds write none, and the environment, with its cache of
    renderings, is not saved again.
    """
    if not writes_site(app):
        return  # the book has no "Cite this post"
    if build_state(app).speed.read_nothing:
        return
    build_state(app).memo["post_references"] = post_references(app, env)


def post_references(app: Sphinx, env: BuildEnvironment) -> dict[str, dict[str, Rendering]]:
    """Each style's rendering of each post's reference (heading -> docname -> rendering)."""
    records = {post.docname: post_record(app, post) for post in published_posts(app)}
    items = {record.key: csl_item(record) for record in records.values()}
    documents = {docname: ((), (record.key,)) for docname, record in records.items()}
    cache = env_data(env).post_reference_cache
    kept: dict[str, list] = {}
    renderings: dict[str, dict[str, Rendering]] = {}
    styles = cite_this_styles(app)
    # Both styles by the same pandoc processes, which read the posts' data once.
    for (heading, _), (rendered, digests) in zip(styles, render_styles(
            [s for _, s in styles], documents, items, cache, one_call, build_state(app).while_rendering)):
        renderings[heading] = rendered
        kept |= {digest: cache[digest] for digest in digests.values() if digest in cache}
    env_data(env).post_reference_cache = kept
    return renderings


def one_call(documents: list[dict[str, Any]], items: dict[str, dict[str, Any]]) -> None:
    """Every post in one call: each post's reference is its own, with disambiguation off."""
    for document in documents:
        document["pack"] = 0


def reference_html(app: Sphinx, heading: str, docname: str) -> str:
    renderings = build_state(app).once("post_references", lambda: post_references(app, app.env))
    rendering = renderings.get(heading, {}).get(docname)
    return rendering.bibliography[0][1] if rendering and rendering.bibliography else ""


def _item(term: str, *body: nodes.Node) -> nodes.definition_list_item:
    item = nodes.definition_list_item()
    item += nodes.term(term, term)
    item += nodes.definition("", *body)
    return item


def cite_section(app: Sphinx, docname: str, record: PostRecord) -> nodes.section:
    """The "Cite this post" section for *record*, as docutils nodes."""
    # "no-search": Sphinx's search index skips it. The same words on every post
    # ("Zotero", "BibTeX", the heading) made every post an answer to them.
    section = nodes.section(ids=[SECTION_ID], classes=["cite-this-post", "no-search"])
    section += nodes.title("", "Cite this post")
    formats = nodes.definition_list(classes=["cite-formats"])
    for (heading, style) in cite_this_styles(app):
        html = reference_html(app, heading, docname)
        classes = ["cite-reference", f"cite-{style.name}"]
        formats += _item(heading, nodes.paragraph("", "", *markup.to_nodes(html), classes=classes))
    entry = bibtex([record]).rstrip("\n")
    code = nodes.literal_block(entry, entry, language="bibtex", ids=[BIBTEX_ID], classes=["cite-bibtex"])
    formats += _item("BibTeX", nodes.raw("", COPY_BUTTON, format="html"), code)
    ris_uri = relative_uri(app.builder.get_target_uri(docname), docname + ".ris")
    # Sphinx's own node for the {download} role: a link with HTML's "download" attribute.
    link = addnodes.download_reference("", posixpath.basename(ris_uri), refuri=ris_uri)
    formats += _item(
        "RIS",
        nodes.paragraph(
            "", "", nodes.Text("Download "), link, nodes.Text(" for EndNote, RefWorks or Zotero."),
            classes=["cite-ris"],
        ),
    )  # fmt: skip
    all_posts: list[nodes.Node] = [
        nodes.Text("Every post's BibTeX entry: "),
        addnodes.download_reference("", POSTS_BIB, refuri=relative_uri(app.builder.get_target_uri(docname), POSTS_BIB)),
    ]
    how_to_cite = app.config.citable_blog_how_to_cite
    if how_to_cite and how_to_cite in app.env.all_docs:
        uri = app.builder.get_relative_uri(docname, how_to_cite)
        all_posts += [
            nodes.Text(" (see "),
            nodes.reference("", app.env.titles[how_to_cite].astext(), internal=True, refuri=uri),
            nodes.Text(")."),
        ]
    else:
        all_posts.append(nodes.Text("."))
    formats += _item("All posts", nodes.paragraph("", "", *all_posts, classes=["cite-more"]))
    formats += _item("Reuse", reuse_line(app))
    section += formats
    return section


def reuse_line(app: Sphinx) -> nodes.paragraph:
    """What readers may do with the post: its licence, linked, or all rights reserved (none is assumed)."""
    chosen = licence_of(app.config)
    if chosen is None:
        return nodes.paragraph("", ALL_RIGHTS_RESERVED, classes=["post-reuse"])
    link = nodes.reference("", chosen.short, refuri=chosen.url, reftitle=chosen.name, classes=["post-licence"])
    return nodes.paragraph("", "", link, nodes.Text(f" ({chosen.name})."), classes=["post-reuse"])


def add_cite_section(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not writes_site(app):
        return
    # doctree-resolved also fires for the copies ABlog renders into listing
    # pages and feeds: only the post's own document gets the section.
    if Path(doctree.get("source") or "") != Path(app.env.doc2path(docname)):
        return
    post = post_for(app, docname)
    if post is None:
        return
    if SECTION_ID in doctree.ids:
        logger.warning(
            "this heading or target has the id %r, which the generated 'Cite this post' section needs: rename it",
            SECTION_ID,
            location=doctree.ids[SECTION_ID],
            type="cite_this",
            subtype="duplicate_id",
        )
        return
    parent = next(iter(doctree.findall(nodes.section)), doctree)
    if parent is not doctree:
        gather_footnotes(doctree, parent)
    parent += cite_section(app, docname, post_record(app, post))


def gather_footnotes(doctree: nodes.document, section: nodes.section) -> None:
    """Move the footnotes after the post's section (where MyST puts them, after a rule) to its end.

    "Cite this post" and "Related posts" are appended to the post's section:
    without this, a post's footnotes came after them, at the very bottom.
    """
    after = doctree.children[doctree.index(section) + 1 :]
    if not after or not all(isinstance(node, (nodes.footnote, nodes.transition)) for node in after):
        return
    for node in after:
        doctree.remove(node)
        section += node


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """Load the copy button's script on post pages only."""
    if not writes_site(app) or doctree is None or post_for(app, pagename) is None:
        return
    app.add_js_file(SCRIPT, loading_method="defer")


# -- Files ---------------------------------------------------------------------------------


def write_files(app: Sphinx, exception: Exception | None, entry_text: EntryTexts | None = None) -> bool:
    """Write each post's RIS file next to its page, and posts.bib at the site's root; whether they were.

    They show the posts' metadata and the citation keys, worked out from the
    same inputs as the listing pages: when those are the last build's (as the
    speed layer may find) and the files are all there, they stand. posts.bib's
    entries are taken from *entry_text* if given (the speed layer's, which keeps
    them from one build to the next).
    """
    if exception is not None or not writes_site(app):
        return False
    outdir = Path(app.builder.outdir)
    posts = published_posts(app)
    files = [POSTS_BIB, *(post.docname + ".ris" for post in posts)]
    if build_state(app).listings_unchanged and all((outdir / name).is_file() for name in files):
        return False
    records = [post_record(app, post) for post in posts]
    for post, record in zip(posts, records):
        write_if_changed(outdir / (post.docname + ".ris"), ris(record).encode("utf-8"))
    # No "at" sign in the comments: BibTeX would take it for the start of an entry.
    header = (
        f"% {app.config.blog_title.replace('@', '(at)')}: a BibTeX entry for every post, oldest first.\n"
        "% UTF-8. Entries are of biblatex's type online; BibTeX styles read them as misc.\n\n"
    )
    write_if_changed(outdir / POSTS_BIB, (header + bibtex(records, entry_text)).encode("utf-8"))
    return True


def write_if_changed(path: Path, data: bytes) -> None:
    """Write *data* to *path* unless it is there already (reading is ten times cheaper than writing)."""
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

