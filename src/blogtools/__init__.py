"""Authoring tools for the blog: ``python -m blogtools new`` starts a post (``python -m blogtools
import``, in ``blogtools/importer/``, brings an old blog in).

``new_post`` writes ``posts/YYYY/MM/<slug>.md`` with the front matter the
build checks (date, author from ``conf.py``, category and tags from
``tags.yaml``), the title, a note on citing works that never reaches the site,
and the closing reference list. It refuses, saying why, an empty title, a slug
already taken, a tag or category not in ``tags.yaml``, and a date the build
would refuse. Nothing here imports Sphinx: ``conf.py`` is read, not run.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

# The build reads tags.yaml with the same module: one reader, one set of rules.
from sphinx_citable_blog.authoring.topics import MAX_SLUG_BYTES, Topics, did_you_mean, load_topics, slugify


def find_project(start: Path) -> Path:
    """The blog's folder: *start* or the nearest folder above it with a ``conf.py``."""
    for folder in [start, *start.parents]:
        if (folder / "conf.py").is_file():
            return folder
    return start

__all__ = ["PostError", "NewPost", "default_author", "new_post", "post_text", "slugify"]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BIB_KEY_RE = re.compile(
    r"^[ \t]*@[ \t]*(?!comment|string|preamble)\w+[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE | re.IGNORECASE
)


class PostError(Exception):
    """A new post cannot be written; the message says why."""


@dataclass(frozen=True)
class NewPost:
    path: Path
    title: str
    date: dt.date
    author: str
    category: str
    tags: list[str]
    draft: bool


def default_author(conf_py: Path) -> str:
    """``blog_default_author`` in *conf_py*, read without running it."""
    tree = ast.parse(conf_py.read_text(encoding="utf-8"), filename=str(conf_py))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "blog_default_author" for target in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                break
            if isinstance(value, str) and value.strip():
                return value.strip()
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                return ", ".join(value)
            break
    raise PostError(f"{conf_py.name} sets no blog_default_author (a name, in quotes): the post needs an author")


def split_names(text: str) -> list[str]:
    """The names in a comma-separated list, each once, in order."""
    names: list[str] = []
    for name in (part.strip() for part in text.split(",")):
        if name and name not in names:
            names.append(name)
    return names


def parse_day(text: str) -> dt.date:
    if not DATE_RE.match(text):
        raise PostError(f"DATE {text!r} is not a date: use YYYY-MM-DD, e.g. 2014-04-02")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PostError(f"DATE {text!r} is not a date in the calendar: use YYYY-MM-DD") from None


def check_listed(kind: str, names: list[str], listed: dict[str, str], topics_file: str) -> None:
    for name in names:
        if name not in listed:
            hint = did_you_mean(name, listed) or f"; add it to {topics_file} with a one-line description first"
            raise PostError(f"{kind} {name!r} is not in {topics_file}{hint}")


def example_key(bib: Path) -> str:
    """A key from the bibliography, for the note on citing."""
    try:
        match = BIB_KEY_RE.search(bib.read_text(encoding="utf-8"))
    except OSError:
        match = None
    return match.group(1) if match else "author2014title"


def post_text(post: NewPost, cite_key: str) -> str:
    """The Markdown of a new post: front matter, title, a note on citing, references."""
    front = [f"date: {post.date.isoformat()}", f"author: {post.author}", f"category: {post.category}"]
    front.append(f"tags: {', '.join(post.tags)}")
    if post.draft:
        front.append("draft: true")
    note = f"""\
% Notes to yourself start with "%": they never appear on the site.
%
% Write the post in paragraphs separated by blank lines; the first paragraph
% is the excerpt shown on the home page and in the archives and tag pages.
% Cite a work by its key in references.bib (add a new work there first):
%   {{cite:p}}`{cite_key}`       (Author, Year)
%   {{cite:t}}`{cite_key}`       Author (Year)
%   {{cite:yearpar}}`{cite_key}` (Year), when the sentence already names the author
% The reference list below then lists exactly the works the post cites."""
    if post.draft:
        note += "\n%\n% This post is a draft: delete the line 'draft: true' above to publish it."
    return (
        "---\n" + "\n".join(front) + "\n---\n\n"
        f"# {post.title}\n\n{note}\n\n"
        "## References\n\n```{bibliography}\n:filter: docname in docnames\n```\n"
    )


def new_post(
    root: Path,
    title: str,
    tags: str,
    category: str = "",
    date: str = "",
    draft: bool = False,
    today: dt.date | None = None,
) -> NewPost:
    """Write a new post under *root*/posts and describe it; raise PostError, saying why, if it cannot be."""
    title = " ".join(title.split())
    if not title:
        raise PostError('the title is empty: give one, e.g. TITLE="Pressure of Work"')
    slug = slugify(title).strip("-")  # "-5% in a year": no file name starting with "-"
    if not slug:
        raise PostError(f"the title {title!r} has no letters or digits to make the post's file name from")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        raise PostError(
            f"the title is too long to name a file after: its slug would be {len(slug.encode('utf-8'))} bytes, "
            f"and a post's file name can have at most {MAX_SLUG_BYTES}; give a shorter title"
        )
    topics_file = "tags.yaml"
    topics, problems = load_topics(root / topics_file)
    if problems:
        raise PostError(f"{topics_file}:{problems[0].line}: {problems[0].message}")
    tag_list = split_names(tags)
    if not tag_list:
        listed = ", ".join(topics.tags)
        raise PostError(f'give at least one tag, e.g. TAGS="workforce, policy" (the tags in {topics_file}: {listed})')
    check_listed("tag", tag_list, topics.tags, topics_file)
    category = _category(topics, category.strip(), topics_file)
    today = today or dt.date.today()
    day = parse_day(date.strip()) if date.strip() else today
    if day > today and not draft:
        raise PostError(
            f"DATE {day.isoformat()} is in the future, and the build refuses a published post dated after "
            "today: start it as a draft (DRAFT=1, or --draft), or date it today"
        )
    taken = sorted((root / "posts").glob(f"*/*/{slug}.md"))
    if taken:
        where = taken[0].relative_to(root).as_posix()
        msg = f"{where} already has the slug {slug!r}: a post's file name is its address, so choose another title"
        raise PostError(msg)
    post = NewPost(
        path=root / "posts" / f"{day:%Y}" / f"{day:%m}" / f"{slug}.md",
        title=title,
        date=day,
        author=default_author(root / "conf.py"),
        category=category,
        tags=tag_list,
        draft=draft,
    )
    post.path.parent.mkdir(parents=True, exist_ok=True)
    post.path.write_text(post_text(post, example_key(root / "references.bib")), encoding="utf-8")
    return post


def _category(topics: Topics, category: str, topics_file: str) -> str:
    if not topics.categories:
        raise PostError(f"{topics_file} lists no categories")
    if not category:
        return next(iter(topics.categories))
    check_listed("category", [category], topics.categories, topics_file)
    return category
