"""What the CSL tests share: citeproc-js as the judge, and the citations and references of built pages.

citeproc-js (npm ``citeproc``, the processor Zotero uses; pinned in
tests/judges/package-lock.json) renders the same CSL items with the same style
file and locale as the site. ``tests/judges/citeproc.js`` takes one request
(items, style, locale, and one document per post with its citations in order)
and answers with each document's citations and reference list.

Both sides are compared as text with italics marked (``_Title_``), after
pandoc's and citeproc-js' HTML are reduced to that.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
from bs4 import BeautifulSoup, NavigableString, Tag
from conftest import PROJECT

JUDGES = PROJECT / "tests" / "judges"
LOCALES = JUDGES / "locales"
STYLES = PROJECT / "src" / "sphinx_citable_blog" / "citation" / "csl" / "styles"
# {cite:p}`key` in a post's source; keys separated by commas.
CITE_ROLE = re.compile(r"\{cite:(\w+)\}`([^`]+)`")
# sphinxcontrib-bibtex's roles as citeproc-js' citation modes (None: parenthetical).
JUDGE_MODES = {"p": None, "t": "composite", "yearpar": "suppress-author"}


@dataclass(frozen=True)
class Rendered:
    """A document's citations in order, and its reference list as (key, text) in order."""

    citations: list[str]
    bibliography: list[tuple[str, str]]


def marked(runs: list[tuple[str, bool]]) -> str:
    """Text runs (text, italic) as one string with italics marked ``_so_``, white space collapsed."""
    out, italic = [], False
    for text, run_italic in runs:
        if run_italic != italic and text.strip():
            out.append("_")
            italic = run_italic
        out.append(text)
    if italic:
        out.append("_")
    text = " ".join("".join(out).split())
    return re.sub(r"_(\s+)_", r"\1", text)


def marked_text_lxml(html: str) -> str:
    """*html* (citeproc-js' output) as text with italics marked ``_so_``.

    citeproc-js writes text that must stay upright inside italics (CSL's
    ``nodecor``) as ``<span style="font-style:normal;">``.
    """
    runs: list[tuple[str, bool]] = []

    def walk(element: Any, italic: bool) -> None:
        style = (element.get("style") or "").replace(" ", "")
        if element.tag in {"i", "em"}:
            italic = True
        elif "font-style:normal" in style:
            italic = False
        if element.text:
            runs.append((element.text, italic))
        for child in element:
            walk(child, italic)
            if child.tail:
                runs.append((child.tail, italic))

    walk(lxml.html.fragment_fromstring(html or "", create_parent="div"), False)
    return marked(runs)


def marked_text_soup(tag: Tag) -> str:
    """A page's element as text with italics marked ``_so_`` (links and other tags as their text)."""
    runs: list[tuple[str, bool]] = []

    def walk(node: Any, italic: bool) -> None:
        if isinstance(node, NavigableString):
            runs.append((str(node), italic))
        elif isinstance(node, Tag):
            if "backrefs" in (node.get("class") or []):
                return
            for child in node.children:
                walk(child, italic or node.name in {"em", "i"})

    walk(tag, False)
    return marked(runs)


def post_citations(source: Path) -> list[tuple[str, list[str]]]:
    """The citations of a post's source in order: (role, keys)."""
    text = source.read_text(encoding="utf-8")
    return [(role, [k.strip() for k in keys.split(",")]) for role, keys in CITE_ROLE.findall(text)]


def judge(style: str, locale: str, items: list[dict[str, Any]], documents: dict[str, list[tuple[str, list[str]]]],
          tmp: Path, nocite: dict[str, list[str]] | None = None) -> dict[str, Rendered]:
    """Each document (docname -> citations) as citeproc-js renders it; *nocite*: works a document lists uncited."""
    request = {
        "style": str(STYLES / f"{style}.csl"),
        "locale": locale,
        "localesDir": str(LOCALES),
        "items": items,
        "documents": [
            {"id": doc, "citations": [
                {"items": [{"id": key} for key in keys], **({"mode": JUDGE_MODES[role]} if JUDGE_MODES[role] else {})}
                for role, keys in citations], "nocite": (nocite or {}).get(doc, [])}
            for doc, citations in documents.items()
        ],
    }
    path = tmp / f"judge-{style}-{locale}.json"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(["node", str(JUDGES / "citeproc.js"), str(path)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    out = {}
    for doc in answer["documents"]:
        assert not doc["errors"], doc["errors"]
        out[doc["id"]] = Rendered([marked_text_lxml(c) for c in doc["citations"]],
                                  [(e["id"], marked_text_lxml(e["html"])) for e in doc["bibliography"]])
    return out


def page_rendering(soup: BeautifulSoup) -> Rendered:
    """A built post's citations (in the post's text, in order) and its reference list."""
    article = soup.select_one("article")
    citations = [marked_text_soup(span) for span in article.select("span.bibtex-citation")
                 if not span.find_parent(class_="ablog-post-excerpt")]
    bibliography = [(li["id"].removeprefix("ref-"), marked_text_soup(li.select_one("p.csl-entry")))
                    for li in article.select("ul.references > li")]
    return Rendered(citations, bibliography)
