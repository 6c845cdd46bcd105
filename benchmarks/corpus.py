"""Generate an N-post blog built like the real posts, for Sphinx, Pelican and Hugo.

The real posts cite two to four works each and end with their reference list,
so the generated ones do too. Post *i* takes the body of real post ``i % 7``
(its own citations removed), a new slug, a date one day after post *i - 1*,
two or three of the site's tags, one of its categories, and cites two to four
works of a generated bibliography: in its first paragraph parenthetically
(``{cite:p}``, "(Senge, 1990)"), further on in the text (``{cite:t}``, "Senge
(1990)") and after naming the author (``{cite:yearpar}``, "Senge (1990)"),
then ends with ``## References`` and its reference list.

The bibliography is made from the site's ``references.bib``: entry *j* is real
entry ``j % 14`` with its own key and title and a year between 1990 and 2014,
so the same authors recur with works of the same year, as in a real blog's
bibliography (which the citation style must tell apart: "2014a", "2014b"). It
has ``min(300, 2 * N)`` entries, each cited by some post (the build refuses an
entry no post cites). Every 25th post is a draft (left out of the site), every
30th was renamed and keeps its old address with ``redirect:``.

Pelican and Hugo get the same texts, with each citation written out as the
page shows it ("(Senge, 1990)") and the reference list as a Markdown list.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CITE = re.compile(r"\s*\{cite:\w+\}`[^`]*`")
IGNORE = shutil.ignore_patterns(".git", ".venv*", "_build", "tests", "benchmarks", "__pycache__", ".pytest_cache",
                                "src", "node_modules")
START = dt.date(2000, 1, 1)
MAX_BIB = 300
DRAFT_EVERY = 25  # post i is a draft when i % 25 == 24
RENAMED_EVERY = 30  # post i has a redirect from its old address when i % 30 == 15
ROLES = ("p", "t", "yearpar")


@dataclass
class SourcePost:
    slug: str
    title: str
    category: str
    tags: list[str]
    body: str  # Markdown after the H1, without citations or the References section


@dataclass(frozen=True)
class Work:
    key: str
    surname: str  # how the text names its first author: "Senge", "Department for Education"
    year: int
    text: str  # the whole entry, as it goes in references.bib


@dataclass
class GeneratedPost:
    slug: str
    title: str
    date: dt.date
    category: str
    tags: list[str]
    body: str
    cites: list[tuple[str, Work]] = field(default_factory=list)  # (role, work), in the order of the text
    draft: bool = False
    redirect: str | None = None


def front_matter(text: str) -> tuple[dict[str, str], str]:
    _, head, rest = text.split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in head.strip().splitlines())
    return fields, rest


def source_posts() -> list[SourcePost]:
    posts = []
    for path in sorted((PROJECT / "posts").rglob("*.md")):
        fields, rest = front_matter(path.read_text(encoding="utf-8"))
        title_line, body = rest.strip().split("\n", 1)
        body = body.split("\n## References", 1)[0]
        body = CITE.sub("", body).strip()
        tags = [t.strip() for t in fields["tags"].split(",")]
        posts.append(SourcePost(path.stem, title_line.removeprefix("# ").strip(), fields["category"], tags, body))
    return posts


def real_entries() -> list[str]:
    text = (PROJECT / "references.bib").read_text(encoding="utf-8")
    return [e.strip() for e in re.split(r"\n(?=@)", text) if e.startswith("@")]


def first_surname(entry: str) -> str:
    found = re.search(r"^\s*(?:author|editor)\s*=\s*\{(.*)\},?\s*$", entry, re.M)
    if not found:
        title = re.search(r"^\s*title\s*=\s*\{(.*)\},?\s*$", entry, re.M).group(1)
        return title.strip("{}[]").split(":")[0]
    first = found.group(1).split(" and ")[0].strip()
    if first.startswith("{") and first.endswith("}"):
        return first[1:-1]
    return first.split(",")[0].strip() if "," in first else first.split()[-1]


def bibliography(size: int) -> list[Work]:
    """*size* works made from the real ones: new keys, titles and years, the same authors."""
    entries = real_entries()
    works = []
    for j in range(size):
        entry = entries[j % len(entries)]
        key = f"work{j:04d}"
        year = 1990 + (j * 7) % 25
        text = re.sub(r"^@(\w+)\{[^,]+,", rf"@\1{{{key},", entry)
        text = re.sub(r"^(\s*title\s*=\s*\{)(.*)(\},?\s*)$", rf"\g<1>\g<2> (part {j + 1})\g<3>", text, count=1,
                      flags=re.M)
        text = re.sub(r"^(\s*year\s*=\s*\{)[^}]*(\})", rf"\g<1>{year}\g<2>", text, count=1, flags=re.M)
        works.append(Work(key, first_surname(entry), year, text))
    return works


def cite_markdown(role: str, work: Work) -> str:
    if role == "yearpar":
        return f"{work.surname} {{cite:yearpar}}`{work.key}`"
    return f"{{cite:{role}}}`{work.key}`"


def cite_text(role: str, work: Work) -> str:
    """The citation as the page shows it, for Pelican and Hugo."""
    return f"({work.surname}, {work.year})" if role == "p" else f"{work.surname} ({work.year})"


def with_citations(body: str, cites: list[tuple[str, Work]], render) -> str:
    """*body* with each citation after a sentence of a paragraph, in turn."""
    paragraphs = body.split("\n\n")
    for n, (role, work) in enumerate(cites):
        i = min(n * 2, len(paragraphs) - 1)
        lead = {"p": "This is argued elsewhere", "t": "So reports", "yearpar": "As argued by"}[role]
        paragraphs[i] += f" {lead} {render(role, work)}."
    return "\n\n".join(paragraphs)


def generate(n: int) -> list[GeneratedPost]:
    sources = source_posts()
    all_tags = sorted({t for p in sources for t in p.tags})
    categories = sorted({p.category for p in sources})
    works = bibliography(min(MAX_BIB, 2 * n))
    posts = []
    slot = 0
    for i in range(n):
        src = sources[i % len(sources)]
        tags = [all_tags[(i + k * 3) % len(all_tags)] for k in range(2 + i % 2)]
        count = 2 + i % 3
        cited: list[Work] = []
        while len(cited) < count:
            work = works[slot % len(works)]
            slot += 1
            if work not in cited:
                cited.append(work)
        cites = [(ROLES[k % len(ROLES)], work) for k, work in enumerate(cited)]
        date = START + dt.timedelta(days=i)
        slug = f"{src.slug}-{i:04d}"
        renamed = i % RENAMED_EVERY == RENAMED_EVERY // 2
        posts.append(GeneratedPost(
            slug, f"{src.title} ({i})", date, categories[i % len(categories)], sorted(set(tags)), src.body, cites,
            draft=i % DRAFT_EVERY == DRAFT_EVERY - 1,
            redirect=f"posts/{date:%Y}/{date:%m}/{slug}-old" if renamed else None,
        ))
    return posts


def added_post(posts: list[GeneratedPost], name: str = "benchmark-added-post") -> GeneratedPost:
    """A post dated the day after the last, built like the others, citing the first post's works."""
    first = posts[0]
    return GeneratedPost(name, "An added post", posts[-1].date + dt.timedelta(days=1), first.category, first.tags,
                         first.body, first.cites)


def works_of(posts: list[GeneratedPost]) -> list[Work]:
    seen: dict[str, Work] = {}
    for post in posts:
        for _, work in post.cites:
            seen.setdefault(work.key, work)
    return sorted(seen.values(), key=lambda w: w.key)


def sphinx_post(post: GeneratedPost) -> str:
    body = with_citations(post.body, post.cites, cite_markdown)
    front = [f"date: {post.date.isoformat()}", "author: Chris Mills", f"category: {post.category}",
             f"tags: {', '.join(post.tags)}"]
    if post.draft:
        front.append("draft: true")
    if post.redirect:
        front.append(f"redirect: {post.redirect}")
    refs = "\n## References\n\n```{bibliography}\n:filter: docname in docnames\n```\n" if post.cites else ""
    return "---\n" + "\n".join(front) + f"\n---\n\n# {post.title}\n\n{body}\n{refs}"


def write_sphinx_site(posts: list[GeneratedPost], dest: Path) -> Path:
    """The project as it is, with the generated posts and bibliography instead of the real ones."""
    shutil.copytree(PROJECT, dest, ignore=IGNORE)
    shutil.rmtree(dest / "posts")
    (dest / "citation-keys.txt").write_text("", encoding="utf-8")
    write_bibliography(dest, posts)
    for post in posts:
        write_sphinx_post(dest, post)
    return dest


def write_bibliography(dest: Path, posts: list[GeneratedPost]) -> None:
    """references.bib with the works *posts* cite (the build refuses a work no post cites)."""
    header = "% A generated bibliography for the benchmark (benchmarks/corpus.py).\n\n"
    (dest / "references.bib").write_text(header + "\n\n".join(w.text for w in works_of(posts)) + "\n",
                                         encoding="utf-8")


def sphinx_post_path(dest: Path, post: GeneratedPost) -> Path:
    return dest / "posts" / f"{post.date:%Y}" / f"{post.date:%m}" / f"{post.slug}.md"


def write_sphinx_post(dest: Path, post: GeneratedPost) -> Path:
    path = sphinx_post_path(dest, post)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sphinx_post(post), encoding="utf-8")
    return path


def plain_post(post: GeneratedPost) -> str:
    """The post's body as Pelican and Hugo get it: citations written out, and the reference list."""
    body = with_citations(post.body, post.cites, cite_text)
    if post.cites:
        items = sorted({f"- {w.surname} ({w.year}). {w.key}." for _, w in post.cites})
        body += "\n\n## References\n\n" + "\n".join(items)
    return body


PELICAN_CONF = """\
AUTHOR = "Chris Mills"
SITENAME = "Chris Mills: Child Protection Blog"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
ARTICLE_URL = ARTICLE_SAVE_AS = "posts/{date:%Y}/{date:%m}/{slug}.html"
YEAR_ARCHIVE_SAVE_AS = "blog/{date:%Y}.html"
MONTH_ARCHIVE_SAVE_AS = "blog/{date:%Y}/{date:%m}.html"
DEFAULT_PAGINATION = False
"""


def write_pelican_site(posts: list[GeneratedPost], dest: Path) -> Path:
    content = dest / "content"
    content.mkdir(parents=True)
    (dest / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    for post in posts:
        status = "Status: draft\n" if post.draft else ""
        (content / f"{post.slug}.md").write_text(
            f"Title: {post.title}\nDate: {post.date.isoformat()}\nCategory: {post.category}\n"
            f"Tags: {', '.join(post.tags)}\nAuthor: Chris Mills\nSlug: {post.slug}\n{status}\n{plain_post(post)}\n",
            encoding="utf-8",
        )
    return dest


HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head><body>"
    '{{ block "main" . }}{{ end }}</body></html>',
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>'
    "{{ .Content }}{{ end }}",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
    "{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}",
}


def write_hugo_site(posts: list[GeneratedPost], dest: Path) -> Path:
    (dest / "content" / "posts").mkdir(parents=True)
    (dest / "layouts" / "_default").mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (dest / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    (dest / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Chris Mills: Child Protection Blog"\n'
        '[taxonomies]\n  tag = "tags"\n  category = "categories"\n', encoding="utf-8")
    for post in posts:
        tags = ", ".join(f'"{t}"' for t in post.tags)
        draft = "draft: true\n" if post.draft else ""
        (dest / "content" / "posts" / f"{post.slug}.md").write_text(
            f'---\ntitle: "{post.title}"\ndate: {post.date.isoformat()}\ntags: [{tags}]\n'
            f'categories: ["{post.category}"]\n{draft}---\n\n{plain_post(post)}\n', encoding="utf-8")
    return dest
