"""Citations and reference lists in a real citation style: an official CSL style, by a CSL processor.

sphinxcontrib-bibtex finds the citations (``{cite:p}``, ``{cite:t}``,
``{cite:yearpar}``), the ``bibliography`` directive and what its filter keeps;
what they look like is the style's. ``citable_blog_csl_style`` names the style
(``apa``, the default: APA 7th edition; ``harvard-cite-them-right``; or the
path of any other ``.csl`` file from the CSL styles repository) and
``citable_blog_csl_locale`` its language (default: the style's own, American
English for APA, British for Cite Them Right).

* While reading, each post's citations are recorded in order (role and keys).
* After reading, every post is rendered as one CSL document by pandoc's
  citeproc (``csl.render``): its citations and its reference list, with
  disambiguation ("2014a", "2014b") within the post, and sorting, "&",
  italics, dates, year ranges, corporate and missing authors and URLs as the
  style has them. Renderings are kept by digest in the environment.
* sphinxcontrib-bibtex's ``cite`` domain is replaced by one that takes its
  citations and the order of its reference lists from those renderings
  (``compat.bibtex.CslBibtexDomain``); each reference list becomes a plain list
  of the style's entries, each with the id ``ref-<key>`` and links back to where
  the post cites it (every builder writes it, so each post keeps its own list
  in a book too).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from lxml import etree
from myst_parser.slugs import github_slugify
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinx_citable_blog import events
from sphinx_citable_blog.authoring.bib_checks import cited_keys
from sphinx_citable_blog.citation.csl import markup
from sphinx_citable_blog.citation.csl.items import bib_to_items
from sphinx_citable_blog.citation.csl.render import MODES, Cluster, Rendering, Style, render
from sphinx_citable_blog.compat.ablog import post_records
from sphinx_citable_blog.compat.bibtex import (
    BibliographyKey,
    CslBibtexDomain,
    CslStyling,
    OwnCitationsBibliography,
    add_missing_citation_nodes,
    bibliography,
    bibliography_value,
    citation_ref_ids,
    domain,
    forget_bibliography,
    lists_own_citations_only,
    parse_citation_targets,
)
from sphinx_citable_blog.errors import setting_location, stop_build
from sphinx_citable_blog.state import CSL_DIGESTS, build_state, env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

STYLES = Path(__file__).resolve().parent / "csl" / "styles"
BACK_TEXT = "↩"
BACK_TITLE = "Back to where the post cites it"


# -- The style ---------------------------------------------------------------------


def find_style(app: Sphinx, name: str, setting: str = "citable_blog_csl_style") -> Path:
    """The CSL file *name* names: a style shipped with the package, or a path from the site's folder."""
    shipped = STYLES / f"{name}.csl"
    if shipped.is_file():
        return shipped
    given = Path(app.confdir) / name
    if given.is_file():
        return given
    known = ", ".join(sorted(p.stem for p in STYLES.glob("*.csl")))
    raise ConfigError(f"{setting}: {name!r} is neither a style shipped ({known}) nor a .csl file")


def style_locale(app: Sphinx, path: Path | None = None) -> str:
    """The language of the references: ``citable_blog_csl_locale``, else the style's ``default-locale``
    (APA's is American English, Cite Them Right's British), else the site's ``language``."""
    if app.config.citable_blog_csl_locale:
        return app.config.citable_blog_csl_locale
    style = etree.parse(str(path or find_style(app, app.config.citable_blog_csl_style))).getroot()
    return style.get("default-locale") or app.config.language or "en-US"


def site_style(app: Sphinx) -> Style:
    def load() -> Style:
        path = find_style(app, app.config.citable_blog_csl_style)
        return Style(path, style_locale(app, path))

    return build_state(app).once("csl_style", load)


# -- Reading: each document's citations --------------------------------------------------


def cluster_of(role: str, target: str) -> Cluster:
    targets = list(parse_citation_targets(target))
    return Cluster(role, tuple(t.key for t in targets), tuple(t.pre for t in targets), tuple(t.post for t in targets))


def citation_xrefs(doctree: nodes.Node) -> list[addnodes.pending_xref]:
    return [x for x in doctree.findall(addnodes.pending_xref) if x.get("refdomain") == "cite"]


def record_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Note the document's citations in order, as (role, target); a role the style cannot render is an error.

    Before the table of contents and ABlog's copies are made from the document:
    a reference list that would be empty goes (with its heading), and a heading
    that cites a work shows the citation, not its key.
    """
    found = []
    for xref in citation_xrefs(doctree):
        role = xref["reftype"]
        if role not in MODES:
            roles = ", ".join(f"{{cite:{r}}}" for r in MODES)
            logger.error("{cite:%s} has no form in a citation style: use %s", role, roles, location=xref,
                         type="bib", subtype="cite_role")
            continue
        found.append((role, xref["reftarget"]))
    env_data(app.env).citations[app.env.docname] = found
    add_missing_citation_nodes(app.env, doctree, {t.key for _, target in found for t in parse_citation_targets(target)})
    if not found:
        drop_empty_reference_lists(app, doctree)
    elif any(citation_xrefs(title) for title in doctree.findall(nodes.title)):
        show_citations_in_headings(app, doctree, found)


def drop_empty_reference_lists(app: Sphinx, doctree: nodes.document) -> None:
    """Remove the reference lists of a document that cites nothing, and a heading left with nothing under it.

    Only lists that show the works the document cites (``:filter: docname in
    docnames``, no keys of their own): any other list may show works cited elsewhere.
    """
    for node in list(doctree.findall(bibliography)):
        if not lists_own_citations_only(app.env, node):
            continue
        forget_bibliography(app.env, node)
        parent = node.parent
        parent.remove(node)
        if isinstance(parent, nodes.section) and all(isinstance(c, (nodes.title, nodes.target)) for c in parent):
            parent.parent.remove(parent)


def show_citations_in_headings(app: Sphinx, doctree: nodes.document, found: list[tuple[str, str]]) -> None:
    """Give a citation in a heading its text, and the heading an anchor from that text (not from the key).

    The document is rendered now (the same rendering as after reading: same
    inputs, same digest), since the table of contents is made from the heading.
    """
    clusters = [cluster_of(role, target) for role, target in found]
    renderings, _ = render(site_style(app), {app.env.docname: (clusters, [])}, csl_items(app),
                           env_data(app.env).csl_cache, None)
    rendering = renderings[app.env.docname]
    for title in list(doctree.findall(nodes.title)):
        xrefs = citation_xrefs(title)
        if not xrefs:
            continue
        for xref in xrefs:
            html = rendering.citations.get(cluster_of(xref["reftype"], xref["reftarget"]).id)
            if html:
                xref.children = []
                xref += nodes.Text(markup.plain_text(html))
        if isinstance(title.parent, nodes.section):
            rename_section(doctree, title.parent, title.astext())


def rename_section(doctree: nodes.document, section: nodes.section, text: str) -> None:
    """Give *section* the ids and name its heading's words now give (as docutils and MyST make them)."""
    for old in section["ids"]:
        doctree.ids.pop(old, None)
    name = nodes.fully_normalize_name(text)
    slug = github_slugify(text)
    ids = list(dict.fromkeys(i for i in (nodes.make_id(text), slug) if i and i not in doctree.ids))
    section["ids"], section["names"] = ids, [name]
    if slug:
        section["slug"] = slug
    for new in ids:
        doctree.ids[new] = section
    doctree.nameids[name] = ids[0] if ids else None


# -- After reading: every document rendered ---------------------------------------------


def csl_items(app: Sphinx) -> dict[str, dict[str, Any]]:
    """The bibliography's works as CSL-JSON items, by key (converted again only when a .bib file changed)."""
    return build_state(app).once("csl_items", lambda: read_csl_items(app))


def read_csl_items(app: Sphinx) -> dict[str, dict[str, Any]]:
    texts = bib_texts(app)
    digest = texts_digest(texts)
    data = env_data(app.env)
    if data.csl_items_digest != digest:
        data.csl_items = items_of(texts)
        data.csl_items_digest = digest
    return data.csl_items


def bib_texts(app: Sphinx) -> list[str]:
    """The texts of the bibliography files (``bibtex_bibfiles``) there are."""
    paths = [Path(app.srcdir) / name for name in app.config.bibtex_bibfiles]
    return [p.read_text(encoding="utf-8-sig") for p in paths if p.is_file()]


def texts_digest(texts: list[str]) -> str:
    return hashlib.sha256("\0".join(texts).encode()).hexdigest()


def items_of(texts: list[str]) -> dict[str, dict[str, Any]]:
    """The works of the bibliography *texts* as CSL-JSON items, by key (through pandoc)."""
    return {item["id"]: item for text in texts for item in bib_to_items(text)}


def label_copied_citations(app: Sphinx, renderings: dict[str, Rendering]) -> None:
    """Give the citations in ABlog's excerpts the text of their citation, not their key.

    An excerpt's plain text is the summary of its feed entry: "as reported in
    Children and Young People Now (2014)", not "... cypnow2014outsourcing".
    """
    for docname, records in post_records(app.env).items():
        rendering = renderings.get(docname)
        for record in records:
            for copy in record.get("excerpt", []):
                for xref in citation_xrefs(copy):
                    cluster = cluster_of(xref["reftype"], xref["reftarget"])
                    html = rendering.citations.get(cluster.id) if rendering else None
                    if html:
                        xref.children = []
                        xref += nodes.Text(markup.plain_text(html))


class SiteStyling(CslStyling):
    """Renders the site's citations with its CSL style, for :class:`CslBibtexDomain`."""

    def render(self, bibtex: CslBibtexDomain) -> None:
        env = bibtex.env
        app = env.app
        data = env_data(env)
        documents: dict[str, tuple[list[Cluster], list[str]]] = {}
        for docname in sorted(env.found_docs):
            clusters = [cluster_of(role, target) for role, target in data.citations.get(docname, [])]
            cited = {key for c in clusters for key in c.keys}
            listed = {key for bib_key in bibtex.lists_of_document(docname)
                      for key, _ in bibtex.get_filtered_entries(bib_key)}
            if clusters or listed:
                documents[docname] = (clusters, sorted(listed - cited))
        cache = data.csl_cache
        group = build_state(app).speed.csl_grouping
        renderings, digests = render(site_style(app), documents, csl_items(app), cache, group,
                                     build_state(app).while_rendering)
        data.csl_cache = {digest: cache[digest] for digest in set(digests.values()) if digest in cache}
        build_state(app).memo["csl_renderings"] = renderings
        build_state(app).memo[CSL_DIGESTS] = digests
        label_copied_citations(app, renderings)

    @staticmethod
    def rendering(bibtex: CslBibtexDomain, docname: str) -> Rendering:
        return build_state(bibtex.env.app).memo.get("csl_renderings", {}).get(docname) or Rendering()

    def entry_order(self, bibtex: CslBibtexDomain, docname: str, keys: list[str]) -> list[str]:
        order = {key: i for i, (key, _) in enumerate(self.rendering(bibtex, docname).bibliography)}
        return sorted(keys, key=lambda key: (order.get(key, len(order)), keys.index(key)))

    def entry_html(self, bibtex: CslBibtexDomain, docname: str, key: str) -> str | None:
        return dict(self.rendering(bibtex, docname).bibliography).get(key)

    def entry_text(self, bibtex: CslBibtexDomain, docname: str, key: str) -> str:
        html = self.entry_html(bibtex, docname, key)
        return markup.plain_text(html) if html else key

    def citation(self, bibtex: CslBibtexDomain, fromdocname: str, typ: str, target: str,
                 locate: Any) -> nodes.Element | None:
        cluster = cluster_of(typ, target) if typ in MODES else None
        items = csl_items(bibtex.env.app)
        if cluster is None or not all(key in items for key in cluster.keys):
            return None  # sphinxcontrib-bibtex reports the role or the unknown key
        html = self.rendering(bibtex, fromdocname).citations.get(cluster.id)
        if html is None:
            return None
        builder = bibtex.env.app.builder

        def link(key: str, children: list[nodes.Node]) -> nodes.Node:
            where = locate(key)
            if where is None:
                return nodes.inline("", "", *children)
            docname, anchor, tooltip = where
            ref = nodes.reference("", "", *children, internal=True, reftitle=tooltip)
            if docname == fromdocname:
                ref["refid"] = anchor
            else:
                ref["refuri"] = builder.get_relative_uri(fromdocname, docname) + "#" + anchor
            return ref

        result = nodes.inline(rawsource=target, classes=["bibtex-citation"])
        result += markup.to_nodes(html, link)
        return result


STYLING = SiteStyling()


class CslReferenceList(SphinxPostTransform):
    """Write each reference list as a list of the style's entries, each linked back to its citations.

    Before sphinxcontrib-bibtex's own transform (priority 5), which would make
    labelled citation nodes of them.
    """

    default_priority = 4

    def run(self, **kwargs: object) -> None:
        bibtex = domain(self.env)
        for node in list(self.document.findall(bibliography)):
            value = bibliography_value(self.env, node)
            docname = node["docname"]
            entries = bibtex.citations_of_list(BibliographyKey(docname=docname, id_=node["ids"][0]))
            if value is None or not entries:
                node.replace_self(nodes.target())
                continue
            listing = nodes.bullet_list(classes=["references", "csl-bib-body"])
            for citation in entries:
                html = STYLING.entry_html(bibtex, docname, citation.key) or citation.key
                paragraph = nodes.paragraph("", "", *markup.to_nodes(html), classes=["csl-entry"])
                backrefs = citation_ref_ids(self.env, docname, citation.key)
                if backrefs:
                    back = nodes.inline("", "", classes=["backrefs"])
                    for ref_id in backrefs:
                        back += nodes.Text(" ")
                        back += nodes.reference("", BACK_TEXT, internal=True, refid=ref_id, reftitle=BACK_TITLE)
                    paragraph += back
                listing += nodes.list_item("", paragraph, ids=list(value.citation_nodes[citation.key]["ids"]))
            node.replace_self(listing)


def use_csl_domain(app: Sphinx) -> None:
    app.add_domain(CslBibtexDomain, override=True)
    CslBibtexDomain.styling = STYLING
    app.add_directive("bibliography", OwnCitationsBibliography, override=True)
    OwnCitationsBibliography.cited_in = staticmethod(cited_in_source)


def cited_in_source(source: str) -> set[str]:
    """The keys the source file *source* cites (its roles, outside comments)."""
    try:
        return cited_keys(Path(source).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return set()


def check_style(app: Sphinx) -> None:
    """Stop before reading, at conf.py, if a style setting names no style."""
    problems = []
    for setting, names in (("citable_blog_csl_style", [app.config.citable_blog_csl_style]),
                           ("citable_blog_cite_this_styles", [n for _, n in app.config.citable_blog_cite_this_styles])):
        for name in names:
            try:
                find_style(app, name, setting)
            except ConfigError as error:
                problems.append((setting, str(error)))
    for setting, problem in problems:
        logger.error(problem, location=setting_location(app, setting), type="bib", subtype="csl_style")
    if problems:
        stop_build(app, ["conf.py"])


def setup_references(app: Sphinx) -> None:
    """Connect what this module needs (called by ``citation.setup``)."""
    use_csl_domain(app)
    app.add_post_transform(CslReferenceList)
    app.connect("builder-inited", check_style)
    app.connect("doctree-read", record_citations, priority=events.RECORD_CITATIONS)

