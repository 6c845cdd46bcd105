"""Check every post's front matter before ABlog reads it.

ABlog is lenient where a blog must be strict: a malformed date crashes it
with a message that names no file, a post with no date silently becomes a
draft, ``blogpost: false`` still makes a post, a misspelt key (``tag:``) is
ignored, and a tag spelt two ways ("Ofsted", "ofsted") makes two tag pages.
This extension reads each post's front matter itself, reports every problem
as an error naming the file and line, and stops the build after reading,
before a single page is written, if any post is invalid.

Tags and categories must be listed in the site's list (``authoring.topics``)
and authors in ABlog's ``blog_authors``, where the site has them; a near miss
gets the listed name suggested.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from sphinx_citable_blog.authoring.topics import MAX_SLUG_BYTES, Topics, did_you_mean, topics_for, topics_path
from sphinx_citable_blog.citation.identifiers import DOI_HINT, normalise_doi
from sphinx_citable_blog.errors import stop_build
from sphinx_citable_blog.state import env_data

# Only the YAML structure and its line numbers are read here; libyaml's parser
# (in PyYAML's wheels) gives the same nodes and lines ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

REQUIRED = ("date", "author", "category", "tags")
ALLOWED = {*REQUIRED, "draft", "redirect", "doi", "updated"}
BLOGPOST = (
    "'blogpost' must not be set: every file under posts/ is a post (ABlog would publish it even with "
    "'blogpost: false'); to keep a post unpublished use 'draft: true', or move the file out of posts/"
)
# ISO 8601 date, optionally with a time; no time-zone offset (ABlog compares
# post dates with naive datetimes and crashes on aware ones).
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$")
# The old addresses a redirect may keep (ABlog writes a page at "<address>.html"
# sending readers on): a post's own (posts/YYYY/MM/slug, for a renamed post), and
# a post's address on the blog it was imported from (Blogger's YYYY/MM/slug.html,
# WordPress's YYYY/MM/DD/slug/). Nothing else: the value becomes a file path.
_SLUG = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"
REDIRECT_FORMS = (
    re.compile(rf"posts/\d{{4}}/\d{{2}}/{_SLUG}"),
    re.compile(rf"\d{{4}}/\d{{2}}/{_SLUG}"),
    re.compile(rf"\d{{4}}/\d{{2}}/\d{{2}}/{_SLUG}/index"),
)
REDIRECT_HINT = (
    "a redirect is the post's old address in this site, posts/YYYY/MM/old-slug (or, for an imported post, "
    "its old blog's YYYY/MM/slug or YYYY/MM/DD/slug/index), with no leading '/', no '.html' and no '..'"
)
# posts/YYYY/MM/<slug>.md: the folder a post is filed in gives its address.
POST_PATH_RE = re.compile(r"^posts/(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[^/]+)\.md$")


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line in the source file
    message: str


def parse_date(text: str) -> dt.datetime | None:
    """The post date in *text*, or None when it is not a valid ISO date."""
    if not DATE_RE.match(text):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def date_problem(value: str) -> str:
    """Why *value* is not a post date (which :func:`parse_date` refused)."""
    if not DATE_RE.match(value):
        return f"malformed date {value!r}: use YYYY-MM-DD, optionally with a time (HH:MM), and no time zone"
    return f"date {value!r} is not a day of the calendar (or its time is not a time of day): check the day and month"


def updated_problems(value: str, line: int, published: dt.datetime | None, today: dt.date,
                     draft: bool) -> list[Problem]:
    """Why *value* cannot be the day a post published on *published* was last updated."""
    updated = parse_date(value)
    if updated is None:
        return [Problem(line, "updated: " + date_problem(value))]
    if published is not None and updated <= published:
        shown = published.isoformat(sep=" ", timespec="minutes").removesuffix(" 00:00")
        return [Problem(line, f"updated {value} is not after the post's date, {shown}: "
                              "'updated' is the day the post was last changed, after it was published")]
    if updated.date() > today and not draft:
        return [Problem(line, f"updated {value} is in the future: give the day the post was changed")]
    return []


def redirect_problems(value: str, line: int) -> list[Problem]:
    """A problem for every address in *value* (comma-separated) that a redirect may not have."""
    problems = []
    for address in (part.strip() for part in value.split(",")):
        if not any(form.fullmatch(address) for form in REDIRECT_FORMS):
            problems.append(Problem(line, f"redirect {address!r} is not an old address of a post: {REDIRECT_HINT}"))
    return problems


def path_problems(path: str, date: dt.datetime | None, date_line: int) -> list[Problem]:
    """Problems with where the post at *path* (``posts/YYYY/MM/slug.md``) is filed, given its date."""
    match = POST_PATH_RE.match(path)
    if match is None:
        return []
    problems = []
    slug = match.group("slug")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        problems.append(Problem(1, (
            f"the file name is {len(slug.encode('utf-8'))} bytes long, more than the {MAX_SLUG_BYTES} a post's "
            "files can have: rename the file to a shorter slug"
        )))
    if date is not None and (match.group("year"), match.group("month")) != (f"{date:%Y}", f"{date:%m}"):
        folder = f"posts/{date:%Y}/{date:%m}/"
        problems.append(Problem(date_line, (
            f"the post is dated {date:%Y-%m-%d} but filed in posts/{match.group('year')}/{match.group('month')}/: "
            f"a post's folder is the year and month of its date, and gives its address; move the file to {folder} "
            f"(if it was published at its old address, add 'redirect: {path.removesuffix('.md')}'), or correct the date"
        )))
    return problems


def front_matter_block(source: str) -> tuple[str, int] | None:
    """The YAML between the opening ``---`` lines and its first line number."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), 2
    return None


def split_list(value: str) -> list[str]:
    """The items of a comma-separated front-matter value, as ABlog splits them."""
    return [item.strip() for item in value.split(",")]


def check_names(key: str, value: str, line: int, listed: Collection[str], where: str) -> list[Problem]:
    """A problem for every item of *value* (a comma-separated list) not in *listed*."""
    kind = {"tags": "tag"}.get(key, key)
    problems = []
    names = split_list(value)
    if "" in names:
        problems.append(Problem(line, f"empty {kind} in {value!r}: remove the extra comma"))
    for name in names:
        if name and name not in listed:
            hint = did_you_mean(name, listed) or (
                f"; add it to {where} with a one-line description first" if where.endswith(".yaml") else ""
            )
            problems.append(Problem(line, f"{kind} {name!r} is not in {where}{hint}"))
    return problems


def check_post_source(
    source: str,
    today: dt.date,
    topics: Topics | None = None,
    authors: Collection[str] | None = None,
    topics_file: str = "tags.yaml",
    path: str | None = None,
) -> list[Problem]:
    """Every problem with a post's front matter and title, with line numbers.

    With *topics*, tags and categories must be listed there; with *authors*,
    so must the author; with *path* (``posts/YYYY/MM/slug.md``), the folder
    must agree with the date.
    """
    block = front_matter_block(source)
    if block is None:
        return [Problem(1, "no front matter: a post starts with '---', its date, author, category and tags, '---'")]
    text, first_line = block
    tabs = [
        Problem(first_line + i, "a tab in the front matter: YAML allows only spaces there; replace it with a space")
        for i, line in enumerate(text.splitlines())
        if "\t" in line
    ]
    if tabs:  # MyST's YAML reader would refuse the block, naming no line
        return tabs
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        return [Problem(line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(root, yaml.MappingNode):
        return [Problem(first_line, "front matter must be a set of 'key: value' lines")]
    problems: list[Problem] = []
    fields: dict[str, tuple[str, int]] = {}
    for key_node, value_node in root.value:
        key, line = str(key_node.value), first_line + key_node.start_mark.line
        if key == "blogpost":
            problems.append(Problem(line, BLOGPOST))
            continue
        if key not in ALLOWED:
            known = ", ".join(sorted(ALLOWED))
            hint = did_you_mean(key, ALLOWED)
            problems.append(Problem(line, f"unknown front-matter key {key!r}{hint} (known keys: {known})"))
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            problems.append(Problem(line, f"{key!r} must be one line of text (a comma-separated list for several)"))
            continue
        fields[key] = (str(value_node.value).strip(), line)
    end_line = first_line + len(text.splitlines())
    for key in REQUIRED:
        if not fields.get(key, ("", 0))[0]:
            problems.append(Problem(fields.get(key, ("", end_line))[1], f"missing {key!r}"))
    lists = {"tags": topics.tags if topics else None, "category": topics.categories if topics else None}
    for key, listed in [*lists.items(), ("author", authors)]:
        if listed is not None and fields.get(key, ("", 0))[0]:
            where = topics_file if key in lists else "blog_authors in conf.py"
            problems += check_names(key, *fields[key], listed, where)
    draft = fields.get("draft", ("false", 0))
    if draft[0] not in {"true", "false"}:
        problems.append(Problem(draft[1], f"'draft' must be true or false, not {draft[0]!r}"))
    when = None
    if "date" in fields and fields["date"][0]:
        value, line = fields["date"]
        when = parse_date(value)
        if when is None:
            problems.append(Problem(line, date_problem(value)))
        elif when.date() > today and draft[0] != "true":
            hint = "publish it on that day, or mark the post 'draft: true'"
            problems.append(Problem(line, f"date {value} is in the future: {hint}"))
    if fields.get("redirect", ("", 0))[0]:
        problems += redirect_problems(*fields["redirect"])
    if "doi" in fields and normalise_doi(fields["doi"][0]) is None:
        problems.append(Problem(fields["doi"][1], f"doi {fields['doi'][0]!r} is not a DOI: {DOI_HINT}"))
    if "updated" in fields:
        problems += updated_problems(*fields["updated"], when, today, draft[0] == "true")
    if path is not None:
        problems += path_problems(path, when, fields.get("date", ("", 1))[1])
    if not re.search(r"^# \S", source, flags=re.MULTILINE):
        problems.append(Problem(end_line + 1, "missing title: a post needs one '# Title' heading"))
    return sorted(problems, key=lambda problem: problem.line)


def redirects_in(source: str) -> list[tuple[str, int]]:
    """The addresses a post's ``redirect:`` names, each with its line."""
    block = front_matter_block(source)
    if block is None or "redirect" not in block[0]:
        return []
    text, first_line = block
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError:
        return []
    found = []
    for key_node, value_node in getattr(root, "value", []) if isinstance(root, yaml.MappingNode) else []:
        if key_node.value == "redirect" and isinstance(value_node, yaml.ScalarNode):
            line = first_line + key_node.start_mark.line
            found += [(part.strip(), line) for part in str(value_node.value).split(",") if part.strip()]
    return found


def redirect_collisions(
    redirects: dict[str, list[tuple[str, int]]], pages: Collection[str]
) -> list[tuple[str, int, str]]:
    """``(docname, line, message)`` for every redirect whose address a page or another redirect has."""
    claimed: dict[str, list[tuple[str, int]]] = {}
    for docname in sorted(redirects):
        for address, line in redirects[docname]:
            if any(form.fullmatch(address) for form in REDIRECT_FORMS):  # the others are reported already
                claimed.setdefault(address, []).append((docname, line))
    out = []
    for address, claims in sorted(claimed.items()):
        for docname, line in claims:
            if address in pages:
                out.append((docname, line, (
                    f"redirect {address!r} is the address of a page of the site, {address}: a redirect there would "
                    "replace it; remove the redirect (a post keeps its address; see README, 'Permanent links')"
                )))
            others = sorted({d for d, _ in claims if d != docname})
            if others:
                out.append((docname, line, (
                    f"redirect {address!r} is also claimed by {', '.join(others)}: an old address can lead to one "
                    "post only; remove one of the redirects"
                )))
    return out


def is_post(app: Sphinx, docname: str) -> bool:
    return docname in app.config.matched_blog_posts


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_post(app, docname):
        return
    env = app.env
    topics = topics_path(app)
    if topics is not None:
        env.note_dependency(str(topics))  # a change to the list re-checks every post
    config = app.config
    path = Path(env.doc2path(docname)).relative_to(app.srcdir).as_posix()
    problems = check_post_source(
        source[0], dt.date.today(), topics_for(app), list(config.blog_authors) or None,
        config.citable_blog_topics_file or "", path,
    )
    data = env_data(env)
    data.redirects[docname] = redirects_in(source[0])
    if not problems:
        data.invalid_posts.discard(docname)
        return
    data.invalid_posts.add(docname)
    for problem in problems:
        logger.error(problem.message, location=(docname, problem.line), type="blog", subtype="front_matter")
    block = front_matter_block(source[0])
    if block is not None:
        # The build stops after reading; meanwhile MyST gets an empty mapping for
        # the front matter, so it adds no "Malformed YAML" (naming neither line
        # nor cause) to the errors above. The line numbers below it stay the same.
        source[0] = source[0].replace(block[0], "{}" + "\n" * block[0].count("\n"), 1)


class DropInvalidPostMetadata(SphinxTransform):
    """Hide an invalid post's metadata from ABlog, which would crash on it.

    The build stops after reading (see ``stop_if_invalid``); this only lets
    reading finish so that every invalid post is reported at once.
    """

    default_priority = 790  # before ABlog's CheckFrontMatter (800)

    def apply(self, **kwargs: object) -> None:
        if self.env.docname not in env_data(self.env).invalid_posts:
            return
        for info in list(self.document.findall(nodes.docinfo)):
            info.parent.remove(info)


def stop_if_invalid(app: Sphinx, env: BuildEnvironment) -> None:
    data = env_data(env)
    invalid = set(data.invalid_posts)
    redirects = {d: r for d, r in data.redirects.items() if d in env.found_docs}
    for docname, line, message in redirect_collisions(redirects, env.found_docs):
        logger.error(message, location=(docname, line), type="blog", subtype="redirect")
        invalid.add(docname)
    if invalid:
        stop_build(app, [Path(env.doc2path(d)).relative_to(app.srcdir).as_posix() for d in sorted(invalid)])

