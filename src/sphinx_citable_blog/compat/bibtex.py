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
* the citation nodes stored with each reference list, which its transform
  fills again at every rendering of the list (a post is rendered for its page
  and again for each feed): they are emptied first (see ``UPSTREAM.md``);
* resolving a citation copied to another page (an excerpt) against the page it
  was written on;
* the name of its logger, to report a missing key once per citation and not
  once per copy of it;
* its referencing-style plugins, to register the package's round brackets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sphinxcontrib.bibtex.plugin
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes
    from pybtex.database import Entry
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain

__all__ = [
    "AuthorYearReferenceStyle", "BracketStyle", "LOGGER_NAME", "bibliography",
    "bibliography_works", "cited_keys", "domain", "entries", "parse_citation_targets",
    "register_referencing_style", "rename_citation_ids", "reset_stored_citations",
]  # fmt: skip

# sphinxcontrib-bibtex's logger (sphinx.util.logging prefixes "sphinx.").
LOGGER_NAME = "sphinx.sphinxcontrib.bibtex.domain"


def domain(env: BuildEnvironment) -> BibtexDomain:
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


def reset_stored_citations(env: BuildEnvironment, node: nodes.Element) -> None:
    """Empty the citation nodes stored for the reference list *node*, before they are filled again."""
    stored = domain(env).bibliographies.get(BibliographyKey(docname=node["docname"], id_=node["ids"][0]))
    if stored is None:
        return
    for citation in stored.citation_nodes.values():
        del citation[:]


def register_referencing_style(name: str, style: Any) -> None:
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", name, style, force=True)
