"""Render posts that cannot affect each other's citations in one call of the CSL processor.

Each post is its own CSL document (``citation.csl.render``), and each call of
pandoc's citeproc has a fixed cost (about 20 ms with APA: the style is read
again), so a call per post cost about 20 s for 1,000 posts. A call's cost
grows with its posts no faster than their number, less per post the more it
has (with APA, 100 posts in one call took 0.29 s, 400 posts 0.70 s, 800 posts
1.15 s), so a pack takes as many as :data:`MAX_POSTS`. Posts P and Q
share a call unless a work of P and a different work of Q could be told apart
by disambiguation: the same first author (or title, for a work without one)
and year, or a family name in common with different given names (APA adds
initials then). A work both cite renders alike in each. Shared calls give the
same renderings as one call per post (``tests/test_speed_layer.py`` compares whole sites).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.authoring.bib_checks import COMMENT_RE
from sphinx_citable_blog.citation.csl.render import MODES, render
from sphinx_citable_blog.citation.references import cluster_of, csl_items, site_style
from sphinx_citable_blog.state import build_state, env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# What makes a citation or an entry depend on other documents' citations in a shared call: a
# position ("ibid.", first and subsequent notes), citation numbers, "———" for a repeated author,
# fewer names after the first citation. A style using any of them renders each post on its own.
CROSS_DOCUMENT = re.compile(
    r'position=|citation-number|first-reference-note-number|subsequent-author-substitute|et-al-subsequent'
)


def style_allows_sharing(path: Path) -> bool:
    """Whether posts rendered together in one call of *path* render as they would alone."""
    return not CROSS_DOCUMENT.search(path.read_text(encoding="utf-8"))


def share_calls(app: Sphinx) -> None:
    """Let posts share calls of the CSL processor when the site's style allows it (at builder-inited)."""
    if style_allows_sharing(site_style(app).path):
        build_state(app).speed.csl_grouping = assign_packs


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def _names(item: dict) -> list[dict]:
    for role in ("author", "editor", "translator", "director", "composer", "container-author"):
        if item.get(role):
            return item[role]
    return []


def _year(item: dict) -> str:
    d = item.get("issued") or {}
    parts = d.get("date-parts") or []
    if parts and parts[0] and parts[0][0] not in (None, "", 0):
        return str(parts[0][0])
    return d.get("literal") or d.get("raw") or "nd"


def item_keys(item: dict) -> tuple[set[tuple], set[tuple]]:
    """(exact keys, family keys): items interact if they share an exact key, or share a
    family key with a different given-name fingerprint."""
    names = _names(item)
    if names:
        n0 = names[0]
        first = _fold(n0.get("family") or n0.get("literal") or "")
    else:
        first = "title:" + _fold(item.get("title-short") or item.get("title") or "")
    exact = {("first-year", first, _year(item))}
    fam = set()
    for n in [n for role in ("author", "editor", "translator") for n in item.get(role) or []]:
        if n.get("family"):
            fam.add((_fold(n["family"]), _fold(n.get("given") or "")))
    return exact, fam


# The most posts in one call: enough for one call per process at a thousand posts; a bound on a call's work.
MAX_POSTS = 1000


def assign_packs(documents: list[dict[str, Any]], items: dict[str, dict[str, Any]], max_posts: int = MAX_POSTS) -> int:
    """Set each document's ``pack``: documents with the same pack may share a call; return how many packs."""
    by_id = {str(k): v for k, v in items.items()}
    keys = {k: item_keys(v) for k, v in by_id.items()}
    packs: list[dict] = []  # each: exact-key -> set(item ids), family -> set(given) , size
    for doc in documents:
        ids = {str(x["id"]) for c in doc.get("citations", []) for x in c["items"]} | set(doc.get("nocite", []))
        d_exact = defaultdict(set)
        d_fam = defaultdict(set)
        for i in ids:
            ex, fam = keys.get(i, (set(), set()))
            for e in ex:
                d_exact[e].add(i)
            for f, g in fam:
                d_fam[f].add((g, i))
        placed = None
        for pi, p in enumerate(packs):
            if p["size"] >= max_posts:
                continue
            ok = True
            for e, its in d_exact.items():
                other = p["exact"].get(e)
                # conflict unless both sides hold the very same single item
                if other and not (len(other) == 1 and other == its):
                    ok = False
                    break
            if ok:
                for f, gis in d_fam.items():
                    other = p["fam"].get(f)
                    if not other:
                        continue
                    givens = {g for g, _ in gis} | {g for g, _ in other}
                    if len(givens) > 1:
                        ok = False
                        break
            if ok:
                placed = pi
                break
        if placed is None:
            packs.append({"exact": defaultdict(set), "fam": defaultdict(set), "size": 0})
            placed = len(packs) - 1
        p = packs[placed]
        for e, its in d_exact.items():
            p["exact"][e] |= its
        for f, gis in d_fam.items():
            p["fam"][f] |= gis
        p["size"] += 1
        doc["pack"] = placed
    return len(packs)


# A heading that cites a work: its document's citations are rendered while it is read (see below).
HEADING_CITATION = re.compile(r"^#{1,6}[ \t].*\{cite:\w+\}`", re.MULTILINE)
CITATION = re.compile(r"\{cite:(?P<role>\w+)\}`(?P<target>[^`]+)`")


def prerender_heading_citations(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Render, in one batch before reading, the citations of the documents whose headings cite a work.

    A heading shows its citation's text, so such a document is rendered while
    it is read (``references.show_citations_in_headings``), one pandoc
    process each: 47 of 1,000 generated posts, 7 s of a cold build. Their
    citations are read from the sources here and rendered together (in
    shared calls, when the style allows them); reading then finds each
    rendering in the cache by its digest. A source read
    differently here (a citation in a code block) only misses the cache, and
    is rendered as before.
    """
    documents = {}
    for docname in docnames:
        try:
            source = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not HEADING_CITATION.search(source):
            continue
        found = [(m["role"], m["target"]) for m in CITATION.finditer(COMMENT_RE.sub("", source))]
        clusters = [cluster_of(role, target) for role, target in found if role in MODES]
        if clusters:
            documents[docname] = (clusters, [])
    if len(documents) > 1:
        render(site_style(app), documents, csl_items(app), env_data(env).csl_cache, build_state(app).speed.csl_grouping)
