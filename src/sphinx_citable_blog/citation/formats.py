"""Format a blog post as a reference: APA 7, Harvard, BibTeX, RIS and JSON-LD.

Readers cite these posts in reports, theses and inspection responses. Every
format here is computed from one small record (:class:`PostRecord`) built from
the post's front matter, its title and the site configuration, so the
reference at the foot of a post, the downloadable BibTeX and RIS files and the
metadata in the page's ``<head>`` can never disagree.

These are plain functions with no Sphinx in them; ``cite_this`` and
``citation_meta`` turn their output into pages and files.

Choices worth knowing:

* Harvard follows *Cite Them Right* (the usual UK form) and APA the 7th
  edition's blog-post form. Neither adds an access date: a reader who needs
  one adds the day they read the post.
* The BibTeX entry is ``@online`` (biblatex's type for web pages); BibTeX
  styles that do not know it treat it as ``@misc``. The blog's name is given
  as ``organization`` (which biblatex prints for ``@online``) and as
  ``howpublished`` (which BibTeX's ``@misc`` prints). The title is wrapped in
  an extra pair of braces so that BibTeX styles keep its capitals.
* TeX's special characters are escaped in BibTeX; any other Unicode (en
  dashes, curly quotes, accents) is kept as UTF-8, which biber and modern
  LaTeX read directly.
* ``citation_reference`` values use the ``key=value; key=value`` form of the
  Highwire Press tags themselves, which Google Scholar reads.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pybtex.database import Entry

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Words skipped at the start of a slug when making a citation key, so that
# "is-it-any-wonder-..." gives "mills2014wonder", not "mills2014is".
KEY_STOPWORDS = frozenset(
    "a an and any are as at be but by for from how in is it its no not of on or so that the this to was what "
    "when where which who why with".split()
)


# -- Names ---------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """An author: a person (family and given names) or an organisation."""

    family: str
    given: str = ""
    suffix: str = ""  # "Jr.", "III"
    corporate: bool = False

    @property
    def initials(self) -> str:
        """Given names as initials: "Peter M." → "P. M.", "Jean-Paul" → "J.-P."."""
        out = []
        for word in self.given.split():
            parts = [p for p in word.split("-") if p]
            out.append("-".join(p[0] + "." for p in parts))
        return " ".join(out)

    @property
    def full(self) -> str:
        """The name as written in running text: "Peter M. Senge"."""
        if self.corporate:
            return self.family
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)

    @property
    def inverted(self) -> str:
        """Family name first: "Mills, Chris" (RIS, Highwire, Dublin Core)."""
        if self.corporate or not self.given:
            return self.family
        return f"{self.family}, {self.given}" + (f", {self.suffix}" if self.suffix else "")

    @property
    def short(self) -> str:
        """Family name and initials: "Mills, C." (APA and Harvard)."""
        if self.corporate or not self.given:
            return self.family
        out = f"{self.family}, {self.initials}"
        return out + (f", {self.suffix}" if self.suffix else "")


@functools.lru_cache(maxsize=None)
def _latex_to_text(text: str) -> str:
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    # render(Backend()) rather than render_as("text"): the latter looks the
    # backend up through entry points on every call, which dominated the
    # build time of a large blog.
    return Text.from_latex(text).render(Backend())


@functools.lru_cache(maxsize=None)
def parse_name(text: str) -> Name:
    """Parse an author's name as BibTeX does (once per name: a blog has few authors).

    "Peter M. Senge" and "Senge, Peter M." are the same person; "Vincent van Gogh"
    has the family name "van Gogh"; a name in braces, "{Department for
    Education}", is an organisation and is never split.
    """
    from pybtex.database import Person

    text = " ".join(text.split())
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}") and _balanced(stripped[1:-1]):
        return Name(_latex_to_text(stripped[1:-1]), corporate=True)
    person = Person(stripped)
    given = " ".join(person.first_names + person.middle_names)
    family = " ".join(person.prelast_names + person.last_names)
    return Name(
        family=_latex_to_text(family),
        given=_latex_to_text(given),
        suffix=_latex_to_text(" ".join(person.lineage_names)),
    )


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# -- The record ------------------------------------------------------------------


@dataclass(frozen=True)
class PostRecord:
    """Everything a reference to one post needs."""

    title: str
    authors: tuple[Name, ...]
    published: dt.datetime  # naive; its time is ignored when it is midnight
    url: str  # the permanent, absolute address of the post
    blog_name: str
    key: str = ""  # BibTeX key
    tags: tuple[str, ...] = ()
    category: str = ""
    language: str = "en"

    @property
    def creators(self) -> tuple[Name, ...]:
        """The authors; a post with none is the blog's own."""
        return self.authors or (Name(self.blog_name, corporate=True),)

    @property
    def day(self) -> dt.date:
        return self.published.date() if isinstance(self.published, dt.datetime) else self.published


@dataclass(frozen=True)
class Work:
    """A work a post cites, as its reference list gives it."""

    title: str
    authors: tuple[Name, ...] = ()
    date: str = ""  # year, as references.bib gives it
    kind: str = "misc"  # the BibTeX entry type
    container: str = ""  # journal, or the book a chapter is in
    publisher: str = ""  # publisher or institution
    url: str = ""


class Run(NamedTuple):
    """A stretch of a formatted reference: plain text, italics or a link."""

    text: str
    style: str = ""  # "", "em" or "url"


# -- APA and Harvard ------------------------------------------------------------------


def _end(text: str, mark: str = ".") -> str:
    """*text* followed by *mark*, unless it already ends in a full stop, ? or !."""
    return text if text.endswith((".", "?", "!")) else text + mark


def _join(names: Sequence[str], last: str) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + last + names[-1]


def apa_authors(names: Sequence[Name]) -> str:
    """APA 7: up to 20 authors, "&" before the last; from 21, the first 19, "…" and the last."""
    short = [n.short for n in names]
    if len(short) == 2:
        return f"{short[0]}, & {short[1]}"
    if len(short) > 20:
        return ", ".join(short[:19]) + ", … " + short[-1]
    return _join(short, ", & ")


def harvard_authors(names: Sequence[Name]) -> str:
    """Cite Them Right: up to three authors, "and" before the last; four or more, "et al."."""
    short = [n.short for n in names]
    if len(short) >= 4:
        return f"{short[0]} et al."
    return _join(short, " and ")


def apa(post: PostRecord) -> list[Run]:
    """APA 7 blog post: ``Mills, C. (2014, April 8). Title. *Blog*. URL``."""
    day = post.day
    return [
        Run(f"{_end(apa_authors(post.creators))} ({day.year}, {MONTHS[day.month - 1]} {day.day}). {_end(post.title)} "),
        Run(post.blog_name, "em"),
        Run(". "),
        Run(post.url, "url"),
    ]


def harvard(post: PostRecord) -> list[Run]:
    """Cite Them Right: ``Mills, C. (2014) 'Title', *Blog*, 8 April. Available at: URL.``."""
    day = post.day
    return [
        Run(f"{harvard_authors(post.creators)} ({day.year}) '{post.title}', "),
        Run(post.blog_name, "em"),
        Run(f", {day.day} {MONTHS[day.month - 1]}. Available at: "),
        Run(post.url, "url"),
        Run("."),
    ]


def runs_to_text(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


def runs_to_html(runs: Iterable[Run]) -> str:
    out = []
    for run in runs:
        text = html.escape(run.text, quote=False)
        if run.style == "em":
            out.append(f"<em>{text}</em>")
        elif run.style == "url":
            out.append(f'<a href="{html.escape(run.text)}">{text}</a>')
        else:
            out.append(text)
    return "".join(out)


# -- BibTeX -------------------------------------------------------------------------

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _TEX_SPECIALS))


def tex_escape(text: str) -> str:
    """Escape TeX's special characters; everything else, Unicode included, is kept."""
    return _TEX_SPECIAL_RE.sub(lambda m: _TEX_SPECIALS[m.group()], " ".join(text.split()))


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def key_stem(authors: Sequence[Name], year: int) -> str:
    """"mills2014": the first author's family name (an organisation's first word) and the year."""
    if not authors:
        return f"anon{year}"
    first = authors[0]
    name = first.family.split()[0] if first.corporate else first.family
    return f"{_ascii_word(name) or 'anon'}{year}"


def key_candidates(stem: str, slug: str) -> Iterable[str]:
    """Keys to try for a post, shortest first: stem + first word of the slug, + second, ..."""
    words = [w for w in (_ascii_word(w) for w in slug.split("-")) if w]
    start = next((i for i, w in enumerate(words) if w not in KEY_STOPWORDS), 0)
    words = words[start:] or ["post"]
    for n in range(1, len(words) + 1):
        yield stem + "".join(words[:n])
    whole = stem + "".join(words)
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        yield whole + suffix
    raise ValueError(f"no free citation key for {slug!r}")


def assign_keys(posts: Iterable[tuple[str, Sequence[Name], dt.date, str]], taken: Iterable[str] = ()) -> dict[str, str]:
    """A unique BibTeX key for each ``(id, authors, date, slug)``, e.g. ``mills2014outsourcing``.

    Posts are taken oldest first, and each gets the shortest free key, so a
    new post never changes the key of an older one. Keys in *taken* (the
    bibliography's own) are never used.
    """
    used = {k.lower() for k in taken}
    keys: dict[str, str] = {}
    for ident, authors, date, slug in sorted(posts, key=lambda p: (p[2], p[0])):
        for key in key_candidates(key_stem(authors, date.year), slug):
            if key not in used:
                used.add(key)
                keys[ident] = key
                break
    return keys


def _bibtex_name(name: Name) -> str:
    if name.corporate or not name.given:
        return "{" + tex_escape(name.family) + "}"
    parts = [name.family, name.suffix, name.given] if name.suffix else [name.family, name.given]
    return ", ".join(tex_escape(p) for p in parts)


def _bibtex_url(url: str) -> str:
    # Braces and backslashes would end or break the field; nothing else in a URL needs escaping.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex(post: PostRecord) -> str:
    """The post's BibTeX entry, ending with a newline."""
    day = post.day
    fields = [
        ("author", "{" + " and ".join(_bibtex_name(n) for n in post.creators) + "}"),
        ("title", "{{" + tex_escape(post.title) + "}}"),
        ("year", "{" + str(day.year) + "}"),
        ("month", BIBTEX_MONTHS[day.month - 1]),
        ("date", "{" + day.isoformat() + "}"),
        ("url", "{" + _bibtex_url(post.url) + "}"),
        ("organization", "{" + tex_escape(post.blog_name) + "}"),
        ("howpublished", "{" + tex_escape(post.blog_name) + "}"),
    ]
    width = max(len(name) for name, _ in fields)
    body = "".join(f"  {name:<{width}} = {value},\n" for name, value in fields)
    return f"@online{{{post.key},\n{body}}}\n"


# -- RIS --------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    # A value is one line: a line break in it would start a new (bogus) tag.
    return " ".join(text.split())


def ris(post: PostRecord) -> str:
    """The post as a RIS record (type ``BLOG``) for EndNote, RefWorks and Zotero, CRLF line ends."""
    day = post.day
    lines = [("TY", "BLOG"), ("TI", post.title)]
    lines += [("AU", n.inverted) for n in post.creators]
    lines += [
        ("PY", str(day.year)),
        ("DA", f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"),
        ("T2", post.blog_name),
        ("UR", post.url),
        ("LA", post.language),
    ]
    lines += [("KW", tag) for tag in post.tags]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines)


# -- Metadata for the page's head -----------------------------------------------------------


def highwire_date(day: dt.date) -> str:
    """Google Scholar's date form: 2014/04/08."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def iso_published(published: dt.datetime | dt.date) -> str:
    """ISO 8601: the date alone, or with the time (as UTC, like the feed) when the post gives one."""
    if isinstance(published, dt.datetime) and published.time() != dt.time(0, 0):
        when = published if published.tzinfo else published.replace(tzinfo=dt.UTC)
        return when.astimezone(dt.UTC).isoformat()
    return (published.date() if isinstance(published, dt.datetime) else published).isoformat()


def highwire_reference(work: Work) -> str:
    """One ``citation_reference`` value: ``citation_title=...; citation_author=...; ...``."""
    pairs = [("citation_title", work.title)]
    pairs += [("citation_author", n.inverted) for n in work.authors]
    if work.date:
        pairs.append(("citation_publication_date", work.date))
    if work.kind == "article" and work.container:
        pairs.append(("citation_journal_title", work.container))
    elif work.kind == "techreport" and work.publisher:
        pairs.append(("citation_technical_report_institution", work.publisher))
    elif work.kind in {"incollection", "inbook"} and work.container:
        pairs.append(("citation_inbook_title", work.container))
    elif work.publisher:
        pairs.append(("citation_publisher", work.publisher))
    if work.url:
        pairs.append(("citation_public_url", work.url))
    # ";" separates the pairs, so a value must not contain one.
    return "; ".join(f"{k}={' '.join(v.replace(';', ',').split())}" for k, v in pairs)


SCHEMA_TYPES = {
    "article": "ScholarlyArticle",
    "book": "Book",
    "inbook": "Chapter",
    "incollection": "Chapter",
    "techreport": "Report",
    "phdthesis": "Thesis",
    "mastersthesis": "Thesis",
}


def _schema_agent(name: Name) -> dict[str, str]:
    if name.corporate or not name.given:
        return {"@type": "Organization", "name": name.family}
    return {"@type": "Person", "name": name.full, "givenName": name.given, "familyName": name.family}


def schema_work(work: Work) -> dict[str, object]:
    data: dict[str, object] = {"@type": SCHEMA_TYPES.get(work.kind, "CreativeWork"), "name": work.title}
    if work.authors:
        data["author"] = [_schema_agent(n) for n in work.authors]
    if work.date:
        data["datePublished"] = work.date
    if work.publisher:
        data["publisher"] = {"@type": "Organization", "name": work.publisher}
    if work.container:
        data["isPartOf"] = {"@type": "CreativeWork", "name": work.container}
    if work.url:
        data["url"] = work.url
    return data


def json_ld(post: PostRecord, description: str = "", works: Sequence[Work] = (), site_url: str = "") -> dict:
    """schema.org ``BlogPosting`` data for the post."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "name": post.title,
        "author": [_schema_agent(n) for n in post.creators],
        "datePublished": iso_published(post.published),
        "url": post.url,
        "mainEntityOfPage": post.url,
        "inLanguage": post.language,
        "isPartOf": {"@type": "Blog", "name": post.blog_name, **({"url": site_url} if site_url else {})},
    }
    if description:
        data["description"] = description
    if post.category:
        data["articleSection"] = post.category
    if post.tags:
        data["keywords"] = list(post.tags)
    if works:
        data["citation"] = [schema_work(w) for w in works]
    return data


def json_ld_script(data: dict) -> str:
    """*data* as a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no title can close
    the script element ("</script>") or open a comment in it.
    """
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def plain_description(text: str, limit: int = 300) -> str:
    """A paragraph's text, tidied for a description tag.

    Citations have already been taken out, which leaves a space before the
    punctuation that followed them ("Work . (http://...)"): that space goes.
    Text longer than *limit* is cut at a word boundary and ends with "…".
    """
    text = " ".join(text.split())
    text = re.sub(r"\s+([.,;:!?)\]])", r"\1", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


# -- Works from references.bib -------------------------------------------------------------


def work_from_entry(entry: Entry) -> Work:
    """A :class:`Work` from a pybtex entry of references.bib."""
    fields = entry.fields

    def text(name: str) -> str:
        value = fields.get(name, "")
        return " ".join(_latex_to_text(value).split()) if value else ""

    authors = tuple(parse_name(str(p)) for p in entry.persons.get("author", ()))
    if not authors:
        authors = tuple(parse_name(str(p)) for p in entry.persons.get("editor", ()))
    return Work(
        title=text("title"),
        authors=authors,
        date=text("year"),
        kind=entry.type.lower(),
        container=text("journal") or text("booktitle"),
        publisher=text("publisher") or text("institution") or text("school") or text("organization"),
        url=fields.get("url", "").strip(),
    )

