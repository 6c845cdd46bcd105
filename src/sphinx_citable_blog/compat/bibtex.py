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
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pybtex.database import Entry
    from sphinx.environment import BuildEnvironment

__all__ = [
    "LOGGER_NAME", "CslBibtexDomain", "CslStyling", "bibliography", "bibliography_value", "bibliography_works",
    "citation_ref_ids", "cited_keys", "domain", "entries", "parse_citation_targets", "rename_citation_ids",
]  # fmt: skip

# sphinxcontrib-bibtex's logger (sphinx.util.logging prefixes "sphinx.").
LOGGER_NAME = "sphinx.sphinxcontrib.bibtex.domain"


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
    for citation in domain(env).citations:
        if citation.bibliography_key.docname == docname:
            yield citation.key, citation.entry


def rename_citation_ids(env: BuildEnvironment, docname: str, renamed: dict[str, str]) -> None:
    """Tell the domain that citations of *docname* got new ids (old id -> new id)."""
    refs = domain(env).data["citation_refs"]
    for i, ref in enumerate(refs):
        if ref.docname == docname and ref.citation_ref_id in renamed:
            refs[i] = ref._replace(citation_ref_id=renamed[ref.citation_ref_id])


# -- The cite domain, with the reference lists and citations of a CSL style ----------------

from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor  # noqa: E402
from pybtex.richtext import Text  # noqa: E402
from pybtex.style import FormattedEntry  # noqa: E402


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
      rendered with the CSL style (``styling.render``);
    * ``get_filtered_entries``: the same filter, with the documents citing each
      key worked out once per build (sphinxcontrib-bibtex went through every
      citation of the site for each entry of each reference list: quadratic);
    * ``get_formatted_entries``: the entries in the style's order, labelled by
      their key (a CSL reference list has no labels, so "NSPCC, 2014" twice is
      no "duplicate label"), as plain text (the list itself is written from
      the style's rendering);
    * ``resolve_xref``: a citation is the style's rendering of it, each work
      linked to its entry (the nearest reference list: the post's own).
    """

    styling: CslStyling = CslStyling()

    def env_updated(self) -> Iterable[str]:
        self._cited_docnames: dict[str, set[str]] = {}
        for ref in self.citation_refs:
            for target in ref.targets:
                self._cited_docnames.setdefault(target.key, set()).add(ref.docname)
        self.styling.render(self)
        return super().env_updated()

    def get_filtered_entries(self, bibliography_key: Any) -> Iterable[tuple[str, Entry]]:
        cited: dict[str, set[str]] = getattr(self, "_cited_docnames", {})
        bibliography = self.bibliographies[bibliography_key]
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
        entries = dict(self.get_filtered_entries(bibliography_key))
        docname = bibliography_key.docname
        for key in self.styling.entry_order(self, docname, list(entries)):
            text = Text(self.styling.entry_text(self, docname, key))
            formatted = FormattedEntry(key, text, key)
            yield entries[key], formatted, formatted if tooltips else None

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Any, typ: str, target: str,
                     node: Any, contnode: nodes.Element) -> nodes.Element:
        def locate(key: str) -> tuple[str, str, str] | None:
            found = [c for c in self.citations if c.key == key
                     and self.bibliographies[c.bibliography_key].list_ == "citation"]
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
    """The ids of the citations of *key* in *docname*, for back-links from its entry."""
    return [ref.citation_ref_id for ref in domain(env).citation_refs
            if ref.docname == docname and key in {target.key for target in ref.targets}]


# The filter of a reference list that shows the works its own document cites (and only those).
OWN_CITATIONS = ast.dump(ast.parse("docname in docnames"))


def lists_own_citations_only(env: BuildEnvironment, node: nodes.Element) -> bool:
    """Whether the reference list *node* shows exactly the works its document cites."""
    value = bibliography_value(env, node)
    return value is not None and not value.keys and ast.dump(value.filter_) == OWN_CITATIONS


def forget_bibliography(env: BuildEnvironment, node: nodes.Element) -> None:
    """Drop sphinxcontrib-bibtex's record of the reference list *node* (removed from its document)."""
    domain(env).bibliographies.pop(BibliographyKey(docname=node["docname"], id_=node["ids"][0]), None)
