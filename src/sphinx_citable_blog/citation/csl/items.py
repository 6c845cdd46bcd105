"""The works of ``references.bib`` as CSL-JSON items, the data a CSL style renders.

pandoc's BibLaTeX reader does the conversion (``pandoc -f biblatex -t
csljson``): LaTeX accents and commands (``M{\\"o}ller`` is "Möller"), corporate
authors in double braces (a ``literal`` name), ``crossref`` (a chapter inherits
its book's fields), months and dates, and the entry types (``@techreport`` is a
``report`` with its institution as publisher, its ``type`` as genre and its
``number``). As BibTeX does, it reads titles as title case and stores them in
sentence case, keeping words in braces as written: proper nouns are braced in
``references.bib``, and a style that wants title case applies it.

What the reader leaves, fixed here (by hand: no library does it):

* ``@misc`` has no CSL type: it is a ``webpage`` when it has a URL (its
  ``howpublished``, which pandoc reads as the publisher, being the site's
  name) and a ``document`` otherwise;
* an open year range (``year = {1971--}``, a journal still published) has no
  BibTeX form pandoc reads: it is given as the date range ``1971/``;
* a title that is a description in square brackets (what APA asks for a work
  with no title) is marked ``nodecor``, so that no style sets it in italics.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pybtex.errors
from pybtex.database import Entry
from pybtex.database.input.bibtex import Parser

from sphinx_citable_blog.citation.csl.pandoc import run

# A field's name: not the end of a longer one ("booktitle" is no "title").
FIELD_START = r"(?<![\w-])"
OPEN_YEAR = re.compile(FIELD_START + r"year(\s*=\s*)[{\"]\s*(\d{4})\s*-{1,3}\s*[}\"]", re.IGNORECASE)
# A title that is a description in square brackets: "title = {[Report on ...]}".
DESCRIPTION_FIELD = re.compile(FIELD_START + r"(title\s*=\s*)\{(\[[^{}]*\])\}", re.IGNORECASE)
DESCRIPTION = re.compile(r"^\[[^\[\]]+\]$")


def prepare(bib: str) -> str:
    """The .bib text with what pandoc cannot read written as it can.

    An open year range becomes a date range; a description in square brackets
    is braced as a whole, so that it keeps its case (it is no title to put in
    sentence case).
    """
    bib = OPEN_YEAR.sub(lambda m: f"date{m.group(1)}{{{m.group(2)}/}}", bib)
    return DESCRIPTION_FIELD.sub(lambda m: f"{m.group(1)}{{{{{m.group(2)}}}}}", bib)


def fix_item(item: dict[str, Any], site_named: bool) -> dict[str, Any]:
    """*item* with what pandoc's reader leaves fixed; *site_named*: its entry names a site in ``howpublished``."""
    if not item.get("type"):
        if item.get("URL"):
            item["type"] = "webpage"
            if site_named and "publisher" in item and "container-title" not in item:
                item["container-title"] = item.pop("publisher")
        else:
            item["type"] = "document"
    title = item.get("title")
    if isinstance(title, str) and DESCRIPTION.match(title):
        item["title"] = f'<span class="nocase"><span class="nodecor">{title}</span></span>'
    return item


def bib_to_items(bib: str) -> list[dict[str, Any]]:
    """The CSL-JSON items of the BibTeX text *bib*, in its order."""
    items = json.loads(run(["-f", "biblatex", "-t", "csljson"], prepare(bib).encode("utf-8")))
    with pybtex.errors.capture():  # the bibliography checks report what cannot be read
        entries = Parser().parse_string(bib).entries
    return [fix_item(item, site_named(entries.get(item["id"]))) for item in items]


def site_named(entry: Entry | None) -> bool:
    """Whether a ``@misc`` entry's ``howpublished`` names the site (pandoc reads it as the publisher)."""
    return entry is not None and "howpublished" in entry.fields and "publisher" not in entry.fields
