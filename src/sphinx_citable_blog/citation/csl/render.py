"""Render each post's citations and reference list with a CSL style, keeping what has not changed.

A post is one CSL document: its citations in order (``{cite:p}``,
``{cite:t}``, ``{cite:yearpar}``) and the works they cite, so that
disambiguation ("2014a", "2014b", or added initials) happens within the post,
as in any document. All posts are rendered by one pandoc process
(``batch.lua``). What a post's rendering depends on (the style file, the
locale, the pandoc binary, its citations and the data of the works it cites)
is digested, and the rendering is kept under that digest for the next build.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from sphinx_citable_blog.citation.csl.pandoc import pandoc_identity, run_batch

# sphinxcontrib-bibtex's roles, as CSL citation modes: "(Senge, 1990)", "Senge (1990)", "(1990)".
MODES = {"p": "normal", "t": "narrative", "yearpar": "year"}

# What makes one reference depend on the others rendered with it (CSL 1.0.2, "Disambiguation" and
# "Reference Grouping"): switched off in a style's standalone copy.
STANDALONE_OFF = (
    "disambiguate-add-year-suffix", "disambiguate-add-names", "disambiguate-add-givenname",
    "subsequent-author-substitute", "subsequent-author-substitute-rule",
)  # fmt: skip


@dataclass(frozen=True)
class Cluster:
    """One citation in the text: a role and the works it cites, each with optional text before and after."""

    role: str
    keys: tuple[str, ...]
    pre: tuple[str, ...] = ()
    post: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return "\0".join([self.role, *self.keys, *self.pre, *self.post])

    def request(self) -> dict[str, Any]:
        items = []
        for i, key in enumerate(self.keys):
            item: dict[str, Any] = {"id": key}
            pre = self.pre[i] if i < len(self.pre) else ""
            post = self.post[i] if i < len(self.post) else ""
            if pre:
                item["prefix"] = pre
            if post:
                item["suffix"] = post if post[:1] in {",", ";", " "} else f", {post}"
            items.append(item)
        return {"mode": MODES[self.role], "items": items}


@dataclass
class Rendering:
    """A document's citations (cluster id -> HTML) and its reference list ((key, HTML), in the style's order)."""

    citations: dict[str, str] = field(default_factory=dict)
    bibliography: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> list[Any]:
        return [self.citations, self.bibliography]

    @classmethod
    def from_json(cls, data: list[Any]) -> Rendering:
        return cls(dict(data[0]), [tuple(pair) for pair in data[1]])  # type: ignore[misc]


@dataclass(frozen=True)
class Style:
    """A CSL style file and the locale it renders in."""

    path: Path
    locale: str

    @property
    def name(self) -> str:
        """The style's file name without ``.csl``: "apa"."""
        return self.path.stem

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes() + b"\0" + self.locale.encode()).hexdigest()

    def standalone(self, folder: Path) -> Style:
        """A copy of the style in *folder* for references that each stand alone, rendered together.

        Without disambiguation (no "2014a", no added names or initials) and
        without "———" for an author repeated from the entry before.
        """
        tree = etree.parse(str(self.path))
        for element in tree.getroot():
            if isinstance(element.tag, str) and etree.QName(element).localname in {"citation", "bibliography"}:
                for attribute in STANDALONE_OFF:
                    element.attrib.pop(attribute, None)
        data = etree.tostring(tree, xml_declaration=True, encoding="utf-8")
        path = folder / "standalone" / self.path.name
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return Style(path, self.locale)


def document_digest(style_digest: str, clusters: Sequence[Cluster], nocite: Sequence[str],
                    item_json: Callable[[str], str]) -> str:
    """A digest of what a document's rendering depends on; *item_json(key)* is the work's data as JSON."""
    keys = sorted({key for c in clusters for key in c.keys} | set(nocite))
    head = json.dumps([pandoc_identity(), style_digest, [c.id for c in clusters], sorted(nocite)], ensure_ascii=False)
    return hashlib.sha256("\0".join([head, *map(item_json, keys)]).encode()).hexdigest()


def item_texts(items: dict[str, dict[str, Any]]) -> Callable[[str], str]:
    """*items* as JSON, each work encoded once however many documents cite it ("null" for a missing key)."""
    texts: dict[str, str] = {}

    def item_json(key: str) -> str:
        if key not in texts:
            texts[key] = json.dumps(items.get(key), sort_keys=True, ensure_ascii=False)
        return texts[key]

    return item_json


def as_list(value: Any) -> list[Any]:
    """A JSON array from pandoc's Lua (which writes an empty one as ``{}``)."""
    return value if isinstance(value, list) else []


# Groups documents that may share one processor call (see speed.csl_packs); by default none share.
Grouping = Callable[[list[dict[str, Any]], dict[str, dict[str, Any]]], None]


# A pandoc process per core renders this many documents or more (fewer: one process, which costs less to start).
PARALLEL_FROM = 40


def chunks(todo: list[dict[str, Any]], count: int) -> list[list[dict[str, Any]]]:
    """*todo* in at most *count* runs of consecutive documents of about the same length."""
    size = -(-len(todo) // count)
    return [todo[start:start + size] for start in range(0, len(todo), size)]


def run_in_parallel(jobs: Sequence[tuple[Style, list[dict[str, Any]]]], items: dict[str, dict[str, Any]],
                    meanwhile: list[Callable[[], object]] | None = None) -> list[list[dict]]:
    """Render each job's documents (a style, the documents *todo*), a pandoc process per core for many;
    return pandoc's documents of each job, in order.

    Each process renders its share of every job's documents, reading the works
    they cite once. Documents sharing a call (a pack) only save the
    processor's start: the renderings are those of one call per document, so
    cutting the list anywhere gives the same renderings. While pandoc works,
    this process takes the calls queued in *meanwhile* and makes them.
    """
    count = sum(len(todo) for _, todo in jobs)
    workers = min(os.cpu_count() or 1, 4) if count >= PARALLEL_FROM else 1
    shares = [chunks(todo, workers) if todo else [] for _, todo in jobs]

    def one(worker: int) -> list[list[dict]]:
        parts = [share[worker] if worker < len(share) else [] for share in shares]
        used = {i["id"] for part in parts for d in part for c in d["citations"] for i in c["items"]} | {
            k for part in parts for d in part for k in d.get("nocite", [])}
        request = [{"style": str(style.path), "locale": style.locale, "documents": part}
                   for (style, _), part in zip(jobs, parts) if part]
        response = iter(run_batch({"items": [items[k] for k in sorted(used) if k in items], "jobs": request})["jobs"]
                        if request else [])
        return [as_list(next(response)["documents"]) if part else [] for part in parts]

    active = range(max((len(share) for share in shares), default=0))
    if len(active) == 1 and not meanwhile:
        rendered = [one(0)]
    else:
        with ThreadPoolExecutor(max_workers=len(active)) as pool:  # the work is in the pandoc processes
            pending = pool.map(one, active)
            while meanwhile:
                meanwhile.pop(0)()
            rendered = list(pending)
    return [[doc for by_worker in rendered for doc in by_worker[job]] for job in range(len(jobs))]


Documents = dict[str, tuple[Sequence[Cluster], Sequence[str]]]


def render(
    style: Style,
    documents: Documents,
    items: dict[str, dict[str, Any]],
    cache: dict[str, list[Any]],
    group: Grouping | None = None,
    meanwhile: list[Callable[[], object]] | None = None,
) -> tuple[dict[str, Rendering], dict[str, str]]:
    """Each document's rendering (docname -> (clusters, uncited keys listed too)), and its digest.

    Renderings whose digest is in *cache* are taken from it; the others are
    rendered in one pandoc run and added to it; while it runs, the calls
    queued in *meanwhile* are made.
    """
    return render_styles([style], documents, items, cache, group, meanwhile)[0]


def render_styles(
    styles: Sequence[Style],
    documents: Documents,
    items: dict[str, dict[str, Any]],
    cache: dict[str, list[Any]],
    group: Grouping | None = None,
    meanwhile: list[Callable[[], object]] | None = None,
) -> list[tuple[dict[str, Rendering], dict[str, str]]]:
    """:func:`render` in each of *styles*, the documents of all rendered by the same pandoc processes."""
    item_json = item_texts(items)
    jobs: list[tuple[Style, list[dict[str, Any]]]] = []
    all_digests = []
    for style in styles:
        style_digest = style.digest
        digests = {doc: document_digest(style_digest, clusters, nocite, item_json)
                   for doc, (clusters, nocite) in documents.items()}
        todo = []
        for doc, (clusters, nocite) in sorted(documents.items()):
            if digests[doc] not in cache and (clusters or nocite):
                request: dict[str, Any] = {"id": doc, "citations": [c.request() for c in clusters]}
                if nocite:
                    request["nocite"] = list(nocite)
                todo.append(request)
        if todo and group is not None:
            group(todo, items)
            todo.sort(key=lambda d: d.get("pack", 0))
        jobs.append((style, todo))
        all_digests.append(digests)
    if any(todo for _, todo in jobs):
        for digests, rendered in zip(all_digests, run_in_parallel(jobs, items, meanwhile)):
            for out in rendered:
                clusters = documents[out["id"]][0]
                rendering = Rendering(
                    citations={c.id: html for c, html in zip(clusters, as_list(out["citations"]))},
                    bibliography=[(entry["id"], entry["html"]) for entry in as_list(out["bibliography"])],
                )
                cache[digests[out["id"]]] = rendering.to_json()
    empty = Rendering().to_json()
    return [({doc: Rendering.from_json(cache.get(digests[doc], empty)) for doc in documents}, digests)
            for digests in all_digests]
