"""The site's list of tags and categories (``tags.yaml``), with a description each.

ABlog makes a page for every tag a post mentions, however it is spelt, so
"Ofsted", "ofsted" and "OFSTED" would split one subject across three pages.
``tags.yaml`` is the one list of the tags and categories a post may use, each
with a one-line description (``citable_blog_topics_file``; without it, any tag
goes). This module reads and checks it; the front-matter check
(``authoring.front_matter``) rejects any tag or category not in it, the
``python -m blogtools new`` command checks new posts against it, and the
``ablog/collection.html`` template shows each tag's and category's description
on its page (through ``topic_description`` in the page context).

The reading and checking functions use only PyYAML, so that ``blogtools`` can
use them without loading Sphinx.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unicodedata import normalize

import yaml

from sphinx_citable_blog.authoring.text_files import NotUtf8, read_utf8
from sphinx_citable_blog.outputs import writes_site

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The longest slug (a post's file name without .md) in bytes: its page, doctree
# and stored copies add up to 17 bytes to it, and file systems allow 255.
MAX_SLUG_BYTES = 200
SECTIONS = {"tags": "tag", "categories": "category"}


def slugify(text: str) -> str:
    """The page name ABlog gives *text* (``ablog.blog.slugify``, without importing Sphinx).

    Lower case, words joined by hyphens, accents dropped ("naïve" -> "naive"),
    punctuation removed ("Ofsted – and the TIWPIR problem" ->
    "ofsted-and-the-tiwpir-problem").
    """
    text = normalize("NFKD", str(text))
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def suggest(name: str, choices: Iterable[str]) -> str | None:
    """The listed name closest to *name*: same letters in another case first, then difflib's best."""
    choices = list(choices)
    for choice in choices:
        if choice.casefold() == name.casefold():
            return choice
    by_folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of *choices*, or an empty string."""
    best = suggest(name, choices)
    return f"; did you mean {best!r}?" if best else ""


@dataclass(frozen=True)
class TopicProblem:
    line: int  # 1-based line in tags.yaml
    message: str


@dataclass
class Topics:
    """The tags and categories a post may use, name -> one-line description."""

    tags: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    def of_kind(self, kind: str) -> dict[str, str]:
        """``tags`` or ``categories`` by their singular name, "tag" or "category"."""
        return self.tags if kind == "tag" else self.categories

    def description(self, kind: str, name: str) -> str:
        return self.of_kind(kind).get(name, "")


def parse_topics(text: str) -> tuple[Topics, list[TopicProblem]]:
    """The topics in the text of a tags.yaml file, and every problem with it."""
    topics = Topics()
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return topics, [TopicProblem(mark.line + 1 if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(root, yaml.MappingNode):
        return topics, [TopicProblem(1, "must have a 'tags:' and a 'categories:' section")]
    problems: list[TopicProblem] = []
    seen_sections: set[str] = set()
    for key_node, value_node in root.value:
        section, line = str(key_node.value), key_node.start_mark.line + 1
        if section not in SECTIONS:
            message = f"unknown section {section!r}: the sections are 'tags' and 'categories'"
            problems.append(TopicProblem(line, message))
            continue
        seen_sections.add(section)
        if not isinstance(value_node, yaml.MappingNode):
            problems.append(TopicProblem(line, f"{section!r} must list 'name: one-line description' entries"))
            continue
        problems += _read_section(SECTIONS[section], value_node, getattr(topics, section))
    for section in SECTIONS:
        if section not in seen_sections:
            problems.append(TopicProblem(1, f"missing the {section!r} section"))
    return topics, problems


def _read_section(kind: str, node: yaml.MappingNode, into: dict[str, str]) -> list[TopicProblem]:
    problems: list[TopicProblem] = []
    pages: dict[str, str] = {}
    for key_node, value_node in node.value:
        name, line = str(key_node.value).strip(), key_node.start_mark.line + 1
        description = value_node.value.strip() if isinstance(value_node, yaml.ScalarNode) else ""
        if not isinstance(key_node, yaml.ScalarNode) or not name or "," in name:
            problems.append(TopicProblem(line, f"a {kind} name must be text without commas, not {name!r}"))
            continue
        page = slugify(name)
        if page in pages:
            problems.append(
                TopicProblem(line, f"{kind} {name!r} would share a page with {pages[page]!r}: list one of them only")
            )
            continue
        pages[page] = name
        if not description or "\n" in description:
            problems.append(TopicProblem(line, f"{kind} {name!r} needs a one-line description"))
        into[name] = description
    return problems


def load_topics(path: Path) -> tuple[Topics, list[TopicProblem]]:
    """The topics in the file at *path*, and every problem with it."""
    try:
        text = read_utf8(path)
    except NotUtf8 as exc:
        return Topics(), [TopicProblem(exc.line, str(exc))]
    except OSError as exc:
        return Topics(), [TopicProblem(1, f"cannot be read: {exc.strerror}")]
    return parse_topics(text)


# -- Sphinx -------------------------------------------------------------------


def topics_path(app: Sphinx) -> Path | None:
    """The site's list of tags and categories, if it has one."""
    name = app.config.citable_blog_topics_file
    return Path(app.confdir) / name if name else None


def topics_for(app: Sphinx) -> Topics | None:
    """The site's topics, read once per build; None when any tag goes."""
    from sphinx_citable_blog.state import build_state  # noqa: PLC0415 (blogtools uses this module without Sphinx)

    return build_state(app).once("topics", lambda: read_topics(app))


def read_topics(app: Sphinx) -> Topics | None:
    """Read the list of tags and categories; stop the build if it has problems."""
    from sphinx.util import logging  # noqa: PLC0415

    from sphinx_citable_blog.errors import stop_build  # noqa: PLC0415

    path = topics_path(app)
    if path is None:
        return None
    topics, problems = load_topics(path)
    for problem in problems:
        logging.getLogger(__name__).error(
            problem.message, location=f"{path}:{problem.line}", type="blog", subtype="tags_list"
        )
    if problems:
        stop_build(app, [app.config.citable_blog_topics_file])
    return topics


def check_topics_file(app: Sphinx) -> None:
    """Read the list when the build starts, so that its problems stop the build before anything else."""
    topics_for(app)


def topic_description(app: Sphinx, collection: Any) -> str:
    """The description of a tag's or category's page; empty for any other collection."""
    catalog = getattr(collection, "catalog", None)
    kind = {"tags": "tag", "category": "category"}.get(getattr(catalog, "name", ""))
    topics = topics_for(app)
    if kind is None or topics is None:
        return ""
    return topics.description(kind, str(getattr(collection, "label", "")))


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    if writes_site(app):
        context["topic_description"] = lambda collection: topic_description(app, collection)
