"""A blog post as a reference: who wrote it, when, where, and its permanent BibTeX key.

Readers cite these posts in reports, theses and inspection responses. Every
form of a post's reference (the CSL styles' references in "Cite this post",
the BibTeX and RIS files, the metadata in the page's ``<head>``) is made from
one small record (:class:`PostRecord`), built from the post's front matter,
its title and the site configuration, so that they can never disagree.

Plain data and functions, with no Sphinx in them. Names are read as BibTeX
reads them, by pybtex; the keys are the blog's own scheme (:func:`assign_keys`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    doi: str = ""  # normalised (lower case, no prefix); "" until the writer gives one
    updated: dt.datetime | None = None  # the day the post was last changed, when the writer says

    @property
    def creators(self) -> tuple[Name, ...]:
        """The authors; a post with none is the blog's own."""
        return self.authors or (Name(self.blog_name, corporate=True),)

    @property
    def day(self) -> dt.date:
        return self.published.date() if isinstance(self.published, dt.datetime) else self.published


# -- Citation keys ----------------------------------------------------------------------


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
