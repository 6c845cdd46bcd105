"""Check ``references.bib`` and every citation of it, naming file and line.

sphinxcontrib-bibtex is forgiving in ways that let mistakes reach readers:

* a key used twice makes pybtex stop reading the file at the second entry,
  and sphinxcontrib-bibtex reports only "repeated bibliography entry", with no
  line, while every entry after it silently disappears;
* an entry without a title or a year, or with a ``url`` that is not an
  absolute web address, is formatted as best it can be;
* a citation of a key that is not in the file is reported, but with no hint
  of the key that was meant;
* an entry that no post cites is never noticed;
* ``crossref`` is not followed: a chapter that takes its book's year from the
  book's entry looked as if it had none, and a ``crossref`` to no entry went
  unnoticed.

This extension reads the bibliography files itself when the build starts and
stops it, before any post is read, on duplicate keys (at the line of the
second entry), entries missing ``title`` or ``year`` (``date`` will do; either
may come from the entry ``crossref`` names), a ``crossref`` to no entry or in a
loop, and malformed URLs. As
each post is read, a citation of an unknown key is an error at the citation,
with the closest existing key suggested. sphinxcontrib-bibtex's own "could
not find bibtex key" warning follows when the page is written, once: it would
otherwise be repeated for every copy of the citation that ABlog renders (in
the home page's excerpts, the archive and tag pages, each Atom feed). After
reading, every entry cited by no post is a warning (``bib.uncited``); the
citations in drafts left out of the build count, so a draft may cite a work
added for it, and so does a book whose chapter is cited (``crossref``).
"""

from __future__ import annotations

import logging as std_logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pybtex.errors
from docutils import nodes
from pybtex.database import BibliographyDataError
from pybtex.database.input.bibtex import Parser
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.logging import get_node_location

from sphinx_citable_blog.authoring.text_files import NotUtf8, read_utf8
from sphinx_citable_blog.authoring.topics import suggest
from sphinx_citable_blog.compat.bibtex import LOGGER_NAME, cited_keys as keys_cited_in_documents
from sphinx_citable_blog.compat.bibtex import parse_citation_targets
from sphinx_citable_blog.errors import stop_build
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# "@type{key," at the start of a line; @comment, @string and @preamble are not works.
ENTRY_RE = re.compile(r"^[ \t]*@[ \t]*(?P<type>\w+)[ \t]*[{(][ \t]*(?P<key>[^,\s{}()]+)[ \t]*,", re.MULTILINE)
NOT_WORKS = {"comment", "string", "preamble"}
FIELD_RE = re.compile(r"^[ \t]*(?P<name>[\w-]+)[ \t]*=", re.MULTILINE)
# Each required field, with the fields that may stand for it.
REQUIRED_FIELDS = {"title": ("title",), "year": ("year", "date")}
# A citation role in a post's source: {cite:p}`key1,key2`.
CITE_ROLE_RE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`(?P<targets>[^`]+)`")
# MyST comment lines ("% ...") and HTML comments, which cite nothing.
COMMENT_RE = re.compile(r"^[ \t]*%[^\n]*|<!--.*?-->", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class BibProblem:
    line: int  # 1-based line in the .bib file
    message: str


@dataclass
class BibEntry:
    key: str
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)  # lower-case field name -> line
    crossref: str = ""  # the key of the entry this one takes missing fields from


def scan_entries(text: str) -> list[BibEntry]:
    """Every entry of a .bib file's *text* in order, with the lines of it and its fields."""
    matches = [m for m in ENTRY_RE.finditer(text) if m.group("type").lower() not in NOT_WORKS]
    entries = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        entry = BibEntry(match.group("key"), text.count("\n", 0, match.start()) + 1)
        for field_match in FIELD_RE.finditer(text, match.end(), end):
            name = field_match.group("name").lower()
            entry.field_lines.setdefault(name, text.count("\n", 0, field_match.start()) + 1)
        entries.append(entry)
    return entries


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host and no spaces."""
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not any(c.isspace() for c in value)


def crossref_chain(entry: BibEntry, parsed: Any) -> tuple[list[str], str]:
    """The keys *entry* takes fields from, itself first (following ``crossref``), and any problem."""
    chain = [entry.key]
    while True:
        target = parsed[chain[-1]].fields.get("crossref", "").strip()
        if not target:
            return chain, ""
        found = next((key for key in parsed if key.casefold() == target.casefold()), None)
        if found is None:
            return chain, f"entry {entry.key!r}: crossref {target!r} is no entry of this file"
        if found in chain:
            return chain, f"entry {entry.key!r}: crossref goes round in a loop ({' -> '.join([*chain, found])})"
        chain.append(found)


def check_bib(text: str) -> tuple[list[BibEntry], list[BibProblem]]:
    """The entries of a .bib file (each key once) and every problem with it."""
    with pybtex.errors.capture() as errors:
        data = Parser().parse_string(text)
    unreadable = [
        BibProblem(getattr(error, "lineno", None) or 1, f"cannot be read: {error}")
        for error in errors
        # Repeated keys are reported below, at the line of the second entry.
        if not (isinstance(error, BibliographyDataError) and str(error).startswith("repeated bibliography entry"))
    ]
    problems = list(unreadable)
    first: dict[str, BibEntry] = {}
    for entry in scan_entries(text):
        folded = entry.key.casefold()
        if folded in first:
            other = first[folded]
            case = "" if other.key == entry.key else f" (as {other.key!r}: BibTeX keys ignore case)"
            problems.append(
                BibProblem(entry.line, f"duplicate key {entry.key!r}: already used on line {other.line}{case}")
            )
            continue
        first[folded] = entry
        parsed = data.entries.get(entry.key)
        if parsed is None or unreadable:  # after a syntax error, fields may be cut short
            continue
        chain, problem = crossref_chain(entry, data.entries)
        if problem:
            problems.append(BibProblem(entry.field_lines.get("crossref", entry.line), problem))
            continue
        entry.crossref = chain[1] if len(chain) > 1 else ""
        for name, fields in REQUIRED_FIELDS.items():
            if not any(data.entries[key].fields.get(f, "").strip() for key in chain for f in fields):
                via = f" (nor has {', '.join(repr(k) for k in chain[1:])}, its crossref)" if len(chain) > 1 else ""
                problems.append(BibProblem(entry.line, f"entry {entry.key!r} has no {name}{via}"))
        url = parsed.fields.get("url")
        if url is not None and not is_web_url(url):
            line = entry.field_lines.get("url", entry.line)
            problems.append(BibProblem(line, f"entry {entry.key!r}: url {url!r} is not an absolute http(s) URL"))
    return list(first.values()), sorted(problems, key=lambda problem: problem.line)


def cited_keys(source: str) -> set[str]:
    """The keys cited in the MyST *source* of a post (comments left out)."""
    source = COMMENT_RE.sub("", source)
    keys = set()
    for match in CITE_ROLE_RE.finditer(source):
        try:
            keys |= {target.key for target in parse_citation_targets(match.group("targets"))}
        except ValueError:
            continue
    return keys


def missing_key_message(key: str, known: Iterable[str], bibfile: str) -> str:
    best = suggest(key, known)
    hint = f"did you mean {best!r}?" if best else f"add the work to {bibfile} first"
    return f"citation key {key!r} is not in {bibfile}; {hint}"


# -- Sphinx -------------------------------------------------------------------


@dataclass
class BibFile:
    path: Path
    entries: list[BibEntry]


def check_bibfiles(app: Sphinx, check: Callable[[str], tuple[list[BibEntry], list[BibProblem]]] = check_bib) -> None:
    """Check every bibliography file with *check*; stop the build if any has a problem."""
    bibfiles, failed = [], []
    for name in app.config.bibtex_bibfiles or []:
        path = (Path(app.confdir) / name).resolve()
        if not path.is_file():
            continue  # sphinxcontrib-bibtex reports it
        try:
            entries, problems = check(read_utf8(path, bom=True))
        except NotUtf8 as exc:
            entries, problems = [], [BibProblem(exc.line, str(exc))]
        for problem in problems:
            logger.error(problem.message, location=f"{path}:{problem.line}", type="bib", subtype="bibfile")
        if problems:
            failed.append(name)
        bibfiles.append(BibFile(path, entries))
    build_state(app).memo["bibfiles"] = bibfiles
    if failed:
        stop_build(app, failed)


def check_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Report every citation of a key that no bibliography file has."""
    bibfiles: list[BibFile] = build_state(app).memo.get("bibfiles", [])
    known = [entry.key for bibfile in bibfiles for entry in bibfile.entries]
    names = " or ".join(bibfile.path.name for bibfile in bibfiles) or "references.bib"
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") != "cite":
            continue
        try:
            targets = list(parse_citation_targets(xref["reftarget"]))
        except ValueError:
            continue  # sphinxcontrib-bibtex reports malformed targets
        for target in targets:
            if target.key not in known:
                message = missing_key_message(target.key, known, names)
                logger.error(message, location=xref, type="bib", subtype="missing_key")


def excluded_post_citations(app: Sphinx, env: BuildEnvironment) -> set[str]:
    """Keys cited by posts that exist but are left out of this build (drafts)."""
    keys: set[str] = set()
    patterns = app.config.blog_post_pattern
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
        for filename in sorted(glob(str(Path(app.srcdir) / pattern), recursive=True)):
            docname = Path(filename).relative_to(app.srcdir).with_suffix("").as_posix()
            if docname not in env.found_docs:
                keys |= cited_keys(Path(filename).read_text(encoding="utf-8"))
    return keys


def report_uncited(app: Sphinx, env: BuildEnvironment) -> None:
    cited = keys_cited_in_documents(env)
    cited |= excluded_post_citations(app, env)
    bibfiles = build_state(app).memo.get("bibfiles", [])
    parents = {entry.key: entry.crossref for bibfile in bibfiles for entry in bibfile.entries if entry.crossref}
    for key in list(cited):
        while parents.get(key) and parents[key] not in cited:
            key = parents[key]
            cited.add(key)
    for bibfile in bibfiles:
        for entry in bibfile.entries:
            if entry.key not in cited:
                logger.warning(
                    f"entry {entry.key!r} is cited by no post: cite it or remove it",
                    location=f"{bibfile.path}:{entry.line}",
                    type="bib",
                    subtype="uncited",
                )


class OncePerCitation(std_logging.Filter):
    """Let through sphinxcontrib-bibtex's "could not find bibtex key" once per citation.

    The warning is raised each time a copy of the citation is resolved, and
    ABlog resolves copies of it for excerpts and feeds: without this one
    misspelt key in a post was reported a dozen times, always at the same line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()

    def filter(self, record: std_logging.LogRecord) -> bool:
        if getattr(record, "subtype", None) != "key_not_found":
            return True
        location = getattr(record, "location", None)
        where = get_node_location(location) if isinstance(location, nodes.Node) else str(location)
        key = (record.getMessage(), str(where))
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def report_missing_keys_once() -> None:
    bibtex_logger = std_logging.getLogger(LOGGER_NAME)
    if not any(isinstance(f, OncePerCitation) for f in bibtex_logger.filters):
        bibtex_logger.addFilter(OncePerCitation())

