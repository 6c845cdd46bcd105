"""Check every post's front matter before ABlog reads it.

ABlog is lenient where a blog must be strict: a malformed date crashes it
with a message that names no file, a post with no date silently becomes a
draft, ``blogpost: false`` still makes a post, a misspelt key (``tag:``) is
ignored, and a tag spelt two ways ("Ofsted", "ofsted") makes two tag pages.
This extension reads each post's front matter itself, reports every problem
as an error naming the file and line, and stops the build after reading,
before a single page is written, if any post is invalid.

Tags and categories must be listed in ``tags.yaml`` (``_ext/tags_list.py``)
and authors in ``blog_authors`` in ``conf.py``; a near miss gets the listed
name suggested.
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
from build_stop import stop_build
from tags_list import Topics, did_you_mean, topics_for, topics_path

# Only the YAML structure and its line numbers are read here; libyaml's parser
# (in PyYAML's wheels) gives the same nodes and lines ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

REQUIRED = ("date", "author", "category", "tags")
ALLOWED = {*REQUIRED, "draft", "redirect"}
BLOGPOST = (
    "'blogpost' must not be set: every file under posts/ is a post (ABlog would publish it even with "
    "'blogpost: false'); to keep a post unpublished use 'draft: true', or move the file out of posts/"
)
# ISO 8601 date, optionally with a time; no time-zone offset (ABlog compares
# post dates with naive datetimes and crashes on aware ones).
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$")


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
) -> list[Problem]:
    """Every problem with a post's front matter and title, with line numbers.

    With *topics*, tags and categories must be listed there; with *authors*,
    so must the author.
    """
    block = front_matter_block(source)
    if block is None:
        return [Problem(1, "no front matter: a post starts with '---', its date, author, category and tags, '---'")]
    text, first_line = block
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
    if "date" in fields and fields["date"][0]:
        value, line = fields["date"]
        when = parse_date(value)
        if when is None:
            hint = "use YYYY-MM-DD, optionally with a time (HH:MM), and no time zone"
            problems.append(Problem(line, f"malformed date {value!r}: {hint}"))
        elif when.date() > today and draft[0] != "true":
            hint = "publish it on that day, or mark the post 'draft: true'"
            problems.append(Problem(line, f"date {value} is in the future: {hint}"))
    if not re.search(r"^# \S", source, flags=re.MULTILINE):
        problems.append(Problem(end_line + 1, "missing title: a post needs one '# Title' heading"))
    return sorted(problems, key=lambda problem: problem.line)


def is_post(app: Sphinx, docname: str) -> bool:
    return docname in app.config.matched_blog_posts


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_post(app, docname):
        return
    env = app.env
    env.note_dependency(str(topics_path(app)))  # a change to tags.yaml re-checks every post
    config = app.config
    problems = check_post_source(
        source[0], dt.date.today(), topics_for(app), list(config.blog_authors), config.blog_topics_file
    )
    if not problems:
        env.front_matter_invalid.discard(docname)  # type: ignore[attr-defined]
        return
    env.front_matter_invalid.add(docname)  # type: ignore[attr-defined]
    for problem in problems:
        logger.error(problem.message, location=(docname, problem.line), type="blog", subtype="front_matter")


class DropInvalidPostMetadata(SphinxTransform):
    """Hide an invalid post's metadata from ABlog, which would crash on it.

    The build stops after reading (see ``stop_if_invalid``); this only lets
    reading finish so that every invalid post is reported at once.
    """

    default_priority = 790  # before ABlog's CheckFrontMatter (800)

    def apply(self, **kwargs: object) -> None:
        if self.env.docname not in self.env.front_matter_invalid:  # type: ignore[attr-defined]
            return
        for info in list(self.document.findall(nodes.docinfo)):
            info.parent.remove(info)


def init_env(app: Sphinx) -> None:
    if not hasattr(app.env, "front_matter_invalid"):
        app.env.front_matter_invalid = set()  # type: ignore[attr-defined]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env.front_matter_invalid.discard(docname)  # type: ignore[attr-defined]


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env.front_matter_invalid |= other.front_matter_invalid & docnames  # type: ignore[attr-defined]


def stop_if_invalid(app: Sphinx, env: BuildEnvironment) -> None:
    invalid = sorted(env.front_matter_invalid)  # type: ignore[attr-defined]
    if invalid:
        stop_build(app, [Path(env.doc2path(d)).relative_to(app.srcdir).as_posix() for d in invalid])


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")  # provides config.matched_blog_posts
    app.setup_extension("tags_list")
    app.connect("builder-inited", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("source-read", check_source)
    app.connect("env-updated", stop_if_invalid)
    app.add_transform(DropInvalidPostMetadata)
    return {"version": "1.1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
