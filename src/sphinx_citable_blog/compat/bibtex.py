"""sphinxcontrib-bibtex internals the package uses (checked on sphinxcontrib-bibtex 2.7.0).

The package reads and adjusts what sphinxcontrib-bibtex's ``cite`` domain
records, which its documentation does not describe:

* the works of references.bib (``domain.bibdata``), the citations made in
  each document (``domain.citation_refs``) and the entries of each reference
  list (``domain.citations``), for the bibliography checks, the posts' keys
  and the ``citation_reference`` metadata;
* the ids of citations, which the package names after the cited key
  (``cite-<key>``): the domain draws the reference list's back-links from the
  ids it recorded, so those records are renamed too;
* the ``cite`` domain itself, replaced by a subclass (:class:`CslBibtexDomain`)
  that takes its citations and the order of its reference lists from a CSL
  style, and lists the entries of a reference list without going through every
  citation of the site for each entry (see ``UPSTREAM.md``);
* the record of each reference list (its stored citation nodes, whose ids are
  the entries' anchors) and of each citation's id, for the back-links;
* resolving a citation copied to another page (an excerpt) against the page it
  was written on;
* the name of its logger, to report a missing key once per citation and not
  once per copy of it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from sphinx.util import logging as sphinx_logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation, _FilterVisitor
from sphinxcontrib.bibtex.nodes import bibliography

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pybtex.database import Entry
    from sphinx.environment import BuildEnvironment

__all__ = [
    "LOGGER_NAME", "BibliographyKey", "CslBibtexDomain", "CslStyling", "OwnCitationsBibliography",
    "add_missing_citation_nodes", "bibliography", "bibliography_value", "bibliography_works", "citation_ref_ids",
    "cited_keys", "domain", "entries", "is_own_citations", "parse_citation_targets", "rename_citation_ids",
]  # fmt: skip

# sphinxcontrib-bibtex's logger (sphinx.util.logging prefixes "sphinx.").
LOGGER_NAME = "sphinx.sphinxcontrib.bibtex.domain"
logger = sphinx_logging.getLogger(LOGGER_NAME.removeprefix("sphinx."))


def domain(env: BuildEnvironment) -> Any:
    return env.get_domain("cite")  # type: ignore[return-value]


def entries(env: BuildEnvironment) -> dict[str, Entry]:
    """The works of the bibliography files, by key."""
    return domain(env).bibdata.data.entries


def cited_keys(env: BuildEnvironment) -> set[str]:
    """Every key cited anywhere in the documents read."""
    return {target.key for ref in domain(env).citation_refs for target in ref.targets}


def bibliography_works(env: BuildEnvironment, docname: str) -> Iterator[tuple[str, Entry]]:
    """``(key, entry)`` of each entry of *docname*'s reference lists, in their order on the page."""
    for citation in domain(env).citations_of_document(docname):
        yield citation.key, citation.entry


def rename_citation_ids(env: BuildEnvironment, docname: str, renamed: dict[str, str]) -> None:
    """Tell the domain that citations of *docname* got new ids (old id -> new id).

    Called as the document is read, whose citations the role has just recorded
    (an id is unique in a document): the records are looked at from the last,
    until each id is found, not all of the site's for each document.
    """
    refs = domain(env).data["citation_refs"]
    left = set(renamed)
    for i in range(len(refs) - 1, -1, -1):
        if not left:
            break
        ref = refs[i]
        if ref.docname == docname and ref.citation_ref_id in left:
            left.discard(ref.citation_ref_id)
            refs[i] = ref._replace(citation_ref_id=renamed[ref.citation_ref_id])


# -- The cite domain, with the reference lists and citations of a CSL style ----------------


class CslStyling:
    """What the citation package provides to :class:`CslBibtexDomain` (set as its ``styling``)."""

    def render(self, domain: CslBibtexDomain) -> None:
        """Render every document's citations and reference lists (after reading)."""

    def entry_order(self, domain: CslBibtexDomain, docname: str, keys: list[str]) -> list[str]:
        """*keys* (the works of a reference list of *docname*) in the style's order."""
        return keys

    def entry_text(self, domain: CslBibtexDomain, docname: str, key: str) -> str:
        """The plain text of the entry of *key* in *docname*'s reference list."""
        return key

    def citation(self, domain: CslBibtexDomain, fromdocname: str, typ: str, target: str,
                 locate: Any) -> nodes.Element | None:
        """The citation *target* of role *typ* as written in *fromdocname*, or None to leave it to
        sphinxcontrib-bibtex; *locate(key)* gives ``(docname, id, tooltip)`` of the work's entry."""
        return None


class CslBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's ``cite`` domain, with a CSL style's reference lists and citations.

    sphinxcontrib-bibtex keeps parsing the bibliography, the roles, the
    ``bibliography`` directive, its filter and the domain's records; these
    methods, internal to it, are overridden:

    * ``env_updated``: before sphinxcontrib-bibtex lists the entries of each
      reference list, every document's citations and reference list are
      rendered with the CSL style (``styling.render``); with
      ``index_lazily`` (no document read or removed: the records are the
      last build's), all of that waits until a method below is first called;
    * ``get_filtered_entries``: the same filter, with the documents citing each
      key worked out once per build (sphinxcontrib-bibtex went through every
      citation of the site for each entry of each reference list: quadratic);
    * ``get_formatted_entries``: the entries in the style's order, labelled by
      their key (a CSL reference list has no labels, so "NSPCC, 2014" twice is
      no "duplicate label"), as plain text (the list itself is written from
      the style's rendering);
    * ``resolve_xref``: a citation is the style's rendering of it, each work
      linked to its entry (the nearest reference list: the post's own).

    No step goes through every citation of the site for each reference list,
    entry or citation (sphinxcontrib-bibtex's did, which grew with posts ×
    citations): what the domain records is indexed once per build, after
    reading (``env_updated``), by key, by document and by reference list, and
    a reference list of the works its own post cites (``:filter: docname in
    docnames``) is made of those works alone, not of every entry of the
    bibliography (:class:`OwnCitationsBibliography`).
    """

    styling: CslStyling = CslStyling()
    # While OwnCitationsBibliography runs: the keys its document cites (get_entries yields only those).
    _restrict_to: set[str] | None = None

    # Set (before env_updated, by the speed layer) when the build read and removed no document: what
    # the domain recorded is the last build's, so indexing it and rendering the citations wait for a
    # page that asks (most such builds write none).
    index_lazily = False

    def env_updated(self) -> Iterable[str]:
        self._indexed = False
        if not self.index_lazily:
            self._index()
        return []

    def _ensure_indexed(self) -> None:
        if not getattr(self, "_indexed", True):
            self._index()

    def _index(self) -> None:
        self._indexed = True
        self._cited_docnames: dict[str, set[str]] = defaultdict(set)
        self._keys_of_document: dict[str, set[str]] = defaultdict(set)
        for ref in self.citation_refs:
            for target in ref.targets:
                self._cited_docnames[target.key].add(ref.docname)
                self._keys_of_document[ref.docname].add(target.key)
        self._filtered: dict[Any, list[tuple[str, Entry]]] = {}
        self._position = {entry.key: i for i, entry in enumerate(self.get_entries(list(self.bibdata.bibfiles)))}
        self._lists_of_document: dict[str, list[Any]] = defaultdict(list)
        for bibliography_key in self.bibliographies:
            self._lists_of_document[bibliography_key.docname].append(bibliography_key)
        self.styling.render(self)
        self._record_citations()
        self._index_citations()

    def _record_citations(self) -> None:
        """sphinxcontrib-bibtex's ``env_updated``: a record of each entry of each reference list.

        Without its warnings about labels (a CSL reference list has none) and
        about a work listed by two documents, which it logged once for every
        such work of a site whose every post ends with its own list (thousands
        of records through Sphinx's logging, for a warning such a site turns
        off); a work listed twice in one document is still reported.
        """
        self.citations.clear()
        for bibliography_key, record in self.bibliographies.items():
            listed: set[str] = set()
            for entry, formatted, tooltip in self.get_formatted_entries(bibliography_key, [], False, ""):
                key = record.keyprefix + formatted.key
                self.citations.append(Citation(citation_id=record.citation_nodes[key]["ids"][0],
                                               bibliography_key=bibliography_key, key=key, entry=entry,
                                               formatted_entry=formatted, tooltip_entry=tooltip))
                if record.list_ == "citation" and key in listed:
                    logger.warning('duplicate local citation for key "%s"', key,
                                   location=(bibliography_key.docname, record.line), type="bibtex",
                                   subtype="duplicate_local_citation")
                listed.add(key)

    def lists_of_document(self, docname: str) -> list[Any]:
        """The keys of *docname*'s reference lists (after reading)."""
        self._ensure_indexed()
        return self._lists_of_document.get(docname, [])

    def _index_citations(self) -> None:
        """Index what sphinxcontrib-bibtex recorded: citations by key, by document and by reference list,
        and the ids of the citations of each key in each document."""
        self._citations_by_key: dict[str, list[Any]] = defaultdict(list)
        self._citations_by_document: dict[str, list[Any]] = defaultdict(list)
        self._citations_by_list: dict[Any, list[Any]] = defaultdict(list)
        for citation in self.citations:
            self._citations_by_key[citation.key].append(citation)
            self._citations_by_document[citation.bibliography_key.docname].append(citation)
            self._citations_by_list[citation.bibliography_key].append(citation)
        self._ref_ids: dict[tuple[str, str], list[str]] = defaultdict(list)
        for ref in self.citation_refs:
            for key in dict.fromkeys(target.key for target in ref.targets):
                self._ref_ids[ref.docname, key].append(ref.citation_ref_id)

    def citations_of_document(self, docname: str) -> list[Any]:
        self._ensure_indexed()
        return self._citations_by_document.get(docname, [])

    def citations_of_list(self, bibliography_key: Any) -> list[Any]:
        self._ensure_indexed()
        return self._citations_by_list.get(bibliography_key, [])

    def get_entries(self, bibfiles: list[Any]) -> Iterable[Entry]:
        restrict = self._restrict_to
        for entry in super().get_entries(bibfiles):
            if restrict is None or entry.key in restrict:
                yield entry

    def get_filtered_entries(self, bibliography_key: Any) -> Iterable[tuple[str, Entry]]:
        self._ensure_indexed()
        memo = getattr(self, "_filtered", None)
        if memo is None:  # before env_updated: sphinxcontrib-bibtex's own way
            return list(self._filter_entries(bibliography_key))
        if bibliography_key not in memo:
            memo[bibliography_key] = list(self._filter_entries(bibliography_key))
        return memo[bibliography_key]

    def _filter_entries(self, bibliography_key: Any) -> Iterator[tuple[str, Entry]]:
        bibliography = self.bibliographies[bibliography_key]
        if is_own_citations(bibliography) and set(bibliography.bibfiles) == set(self.bibdata.bibfiles):
            # "docname in docnames": the works the document cites, and those the list names, in file order.
            entries = self.bibdata.data.entries
            keys = (self._keys_of_document.get(bibliography_key.docname, set()) | set(bibliography.keys))
            for key in sorted((k for k in keys if k in self._position), key=self._position.__getitem__):
                yield key, entries[key]
            return
        cited = getattr(self, "_cited_docnames", {})
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            visitor = _FilterVisitor(entry=entry, docname=bibliography_key.docname,
                                     cited_docnames=cited.get(key, set()))
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError:
                success = bool(cited.get(key))  # sphinxcontrib-bibtex warns about the expression itself
            if success or entry.key in bibliography.keys:
                yield key, entry

    def get_formatted_entries(self, bibliography_key: Any, docnames: list[str], tooltips: bool,
                              tooltips_style: str) -> Iterable[tuple[Entry, FormattedEntry, FormattedEntry | None]]:
        self._ensure_indexed()
        entries = dict(self.get_filtered_entries(bibliography_key))
        docname = bibliography_key.docname
        for key in self.styling.entry_order(self, docname, list(entries)):
            # Labelled by key; the text is the style's, read from its rendering where it is shown.
            formatted = FormattedEntry(key, Text(key), key)
            yield entries[key], formatted, formatted if tooltips else None

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Any, typ: str, target: str,
                     node: Any, contnode: nodes.Element) -> nodes.Element:
        self._ensure_indexed()

        def locate(key: str) -> tuple[str, str, str] | None:
            found = [c for c in self._citations_by_key.get(key, [])
                     if self.bibliographies[c.bibliography_key].list_ == "citation"]
            local = [c for c in found if c.bibliography_key.docname == fromdocname]
            for citation in local or found:
                docname = citation.bibliography_key.docname
                return docname, citation.citation_id, self.styling.entry_text(self, docname, key)
            return None

        rendered = self.styling.citation(self, fromdocname, typ, target, locate)
        if rendered is None:
            return super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
        return rendered


def bibliography_value(env: BuildEnvironment, node: nodes.Element) -> Any:
    """sphinxcontrib-bibtex's record of the reference list *node* (its stored citation nodes, their ids)."""
    return domain(env).bibliographies.get(BibliographyKey(docname=node["docname"], id_=node["ids"][0]))


def citation_ref_ids(env: BuildEnvironment, docname: str, key: str) -> list[str]:
    """The ids of the citations of *key* in *docname*, for back-links from its entry (after reading)."""
    found = domain(env)
    found._ensure_indexed()
    return list(found._ref_ids.get((docname, key), []))

def is_own_filter(tree: ast.AST) -> bool:
    """Whether a reference list's parsed filter is ``docname in docnames``: the works its own document cites."""
    match tree:
        case ast.Module(body=[ast.Expr(value=ast.Compare(
                left=ast.Name(id="docname"), ops=[ast.In()], comparators=[ast.Name(id="docnames")]))]):
            return True
    return False


def is_own_citations(bibliography: Any) -> bool:
    """Whether a reference list's filter is ``docname in docnames`` and its keys have no prefix."""
    return not bibliography.keyprefix and is_own_filter(bibliography.filter_)


def lists_own_citations_only(env: BuildEnvironment, node: nodes.Element) -> bool:
    """Whether the reference list *node* shows exactly the works its document cites."""
    value = bibliography_value(env, node)
    return value is not None and not value.keys and is_own_citations(value)


class OwnCitationsBibliography(BibliographyDirective):
    """sphinxcontrib-bibtex's ``bibliography`` directive, which makes a citation node (and an id) for every
    entry of the bibliography, in every reference list, to know the entries' ids before it knows which
    are listed: for a list of the works its own document cites, only for those works (its source's
    citations, and the keys the list names). A work cited where the source does not show it (an
    included file) gets its node when the document has been read (:func:`add_missing_citation_nodes`).
    """

    def run(self) -> Any:
        bibtex = domain(self.env)
        if self.arguments or self.options.get("keyprefix") or "filter" not in self.options or \
                not is_own_filter(ast.parse(self.options["filter"])):
            return super().run()
        source = self.state.document.get("source") or ""
        keys = set(self.content) | self.cited_in(source)
        bibtex._restrict_to = keys
        try:
            return super().run()
        finally:
            bibtex._restrict_to = None

    cited_in: Any = staticmethod(lambda source: set())  # set by the package: the keys a source file cites


def add_missing_citation_nodes(env: BuildEnvironment, doctree: nodes.document, keys: Iterable[str]) -> None:
    """Give each own-citations reference list of *doctree* a citation node for each of *keys* it lacks."""
    from sphinxcontrib.bibtex.bibfile import _make_ids  # noqa: PLC0415

    for node in doctree.findall(bibliography):
        value = bibliography_value(env, node)
        if value is None or not is_own_citations(value):
            continue
        for key in keys:
            if key in value.citation_nodes or key not in entries(env):
                continue
            ids = _make_ids(docname=node["docname"], lineno=value.line, ids=set(doctree.ids),
                            raw_id=env.config.bibtex_cite_id.format(bibliography_count=0, key=key))
            citation = nodes.citation(ids=ids)
            doctree.note_explicit_target(citation, citation)
            value.citation_nodes[key] = citation


def forget_bibliography(env: BuildEnvironment, node: nodes.Element) -> None:
    """Drop sphinxcontrib-bibtex's record of the reference list *node* (removed from its document)."""
    domain(env).bibliographies.pop(BibliographyKey(docname=node["docname"], id_=node["ids"][0]), None)
