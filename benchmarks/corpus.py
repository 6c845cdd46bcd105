"""Generate an N-post blog from the site's real posts, for Sphinx, Pelican and Hugo.

Post *i* takes the body of real post ``i % 7`` (citations removed), a new
slug, a date one day after post *i - 1*, two or three tags from the site's
tag list, and, in every seventh post, one citation of a work from
references.bib, rotating through the works. The same bodies and tags go to
all three generators.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CITE = re.compile(r"\s*\{cite:\w+\}`[^`]*`")
IGNORE = shutil.ignore_patterns(".git", ".venv*", "_build", "tests", "benchmarks", "__pycache__", ".pytest_cache")
START = dt.date(2000, 1, 1)


@dataclass
class SourcePost:
    slug: str
    title: str
    category: str
    tags: list[str]
    body: str  # Markdown after the H1, without citations or the References section


@dataclass
class GeneratedPost:
    slug: str
    title: str
    date: dt.date
    category: str
    tags: list[str]
    body: str
    cite: str | None


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


def bib_keys() -> list[str]:
    return re.findall(r"^@\w+\{([^,\s]+),", (PROJECT / "references.bib").read_text(encoding="utf-8"), re.M)


def generate(n: int) -> list[GeneratedPost]:
    sources = source_posts()
    all_tags = sorted({t for p in sources for t in p.tags})
    keys = bib_keys()
    posts = []
    for i in range(n):
        src = sources[i % len(sources)]
        tags = [all_tags[(i + k * 3) % len(all_tags)] for k in range(2 + i % 2)]
        cite = keys[(i // 7) % len(keys)] if i % 7 == 0 else None
        posts.append(
            GeneratedPost(f"{src.slug}-{i:04d}", f"{src.title} ({i})", START + dt.timedelta(days=i),
                          src.category, sorted(set(tags)), src.body, cite)
        )
    return posts


def sphinx_post(post: GeneratedPost) -> str:
    body = post.body
    refs = ""
    if post.cite:
        body += f"\n\nAs discussed elsewhere {{cite:p}}`{post.cite}`."
        refs = "\n## References\n\n```{bibliography}\n:filter: docname in docnames\n```\n"
    return (f"---\ndate: {post.date.isoformat()}\nauthor: Chris Mills\ncategory: {post.category}\n"
            f"tags: {', '.join(post.tags)}\n---\n\n# {post.title}\n\n{body}\n{refs}")


def write_sphinx_site(posts: list[GeneratedPost], dest: Path) -> Path:
    """The project as it is, with the generated posts instead of the real ones."""
    shutil.copytree(PROJECT, dest, ignore=IGNORE)
    shutil.rmtree(dest / "posts")
    cited = {p.cite for p in posts if p.cite}
    # Keep only cited works: an uncited entry is a build error in this project.
    entries = re.split(r"\n(?=@)", (PROJECT / "references.bib").read_text(encoding="utf-8"))
    kept = [e for e in entries if not e.startswith("@") or re.match(r"@\w+\{([^,\s]+),", e).group(1) in cited]
    (dest / "references.bib").write_text("\n".join(kept), encoding="utf-8")
    for post in posts:
        write_sphinx_post(dest, post)
    return dest


def sphinx_post_path(dest: Path, post: GeneratedPost) -> Path:
    return dest / "posts" / f"{post.date:%Y}" / f"{post.date:%m}" / f"{post.slug}.md"


def write_sphinx_post(dest: Path, post: GeneratedPost) -> Path:
    path = sphinx_post_path(dest, post)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sphinx_post(post), encoding="utf-8")
    return path


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
        body = post.body + (f"\n\nAs discussed elsewhere ({post.cite})." if post.cite else "")
        (content / f"{post.slug}.md").write_text(
            f"Title: {post.title}\nDate: {post.date.isoformat()}\nCategory: {post.category}\n"
            f"Tags: {', '.join(post.tags)}\nAuthor: Chris Mills\nSlug: {post.slug}\n\n{body}\n",
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
        body = post.body + (f"\n\nAs discussed elsewhere ({post.cite})." if post.cite else "")
        tags = ", ".join(f'"{t}"' for t in post.tags)
        (dest / "content" / "posts" / f"{post.slug}.md").write_text(
            f'---\ntitle: "{post.title}"\ndate: {post.date.isoformat()}\ntags: [{tags}]\n'
            f'categories: ["{post.category}"]\n---\n\n{body}\n', encoding="utf-8")
    return dest
