"""What the import needs to know about the site before it adds to it.

Everything is read, nothing run: ``tags.yaml`` with the build's own reader
(``sphinx_citable_blog.authoring.topics``, which needs only PyYAML), ``conf.py``'s
``blog_authors`` with ``ast``, ``references.bib`` with pybtex (the parser the
build uses), each post's front matter with PyYAML, and ``permalinks.txt`` line
by line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
import yaml
from pybtex.database.input.bibtex import Parser
from sphinx_citable_blog.authoring.topics import Topics, load_topics, slugify

from blogtools.importer import ImportProblem

TOPICS_FILE = "tags.yaml"
BIB_FILE = "references.bib"
PERMALINKS_FILE = "permalinks.txt"
CONF_FILE = "conf.py"


@dataclass
class Site:
    """The parts of the site an import adds to, as they are before it."""

    root: Path
    topics: Topics
    authors: set[str] | None  # None: conf.py's blog_authors is not a literal the import can read
    bib_keys: set[str]  # case-folded
    bib_urls: dict[str, str]  # url -> key
    posts: dict[str, Path]  # slug -> file
    docnames: set[str]  # every page's source, without its suffix ("posts/2014/04/outsourcing", "about")
    redirects: dict[str, Path]  # redirect value -> the post that has it
    permalinks: list[str] = field(default_factory=list)

    def tag_for(self, kind: str, name: str) -> str | None:
        """The listed tag or category that *name* would share a page with, if any ("Ofsted" -> "ofsted")."""
        listed = self.topics.tags if kind == "tag" else self.topics.categories
        page = slugify(name)
        return next((known for known in listed if slugify(known) == page), None)


def read_site(root: Path) -> Site:
    """The site at *root*; raise ImportProblem, with file and line, if a file the import adds to is broken."""
    topics, problems = load_topics(root / TOPICS_FILE)
    if problems:
        raise ImportProblem([f"{TOPICS_FILE}:{p.line}: {p.message}; fix it before importing" for p in problems])
    keys, urls = read_bib(root / BIB_FILE)
    posts, redirects = read_posts(root)
    docnames = {p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.md")
                if not set(p.relative_to(root).parts[:-1]) & {"_build", ".venv", "tests", "imported", "benchmarks"}}
    return Site(
        root=root,
        topics=topics,
        authors=read_authors(root / CONF_FILE),
        bib_keys=keys,
        bib_urls=urls,
        posts=posts,
        docnames=docnames,
        redirects=redirects,
        permalinks=read_lines(root / PERMALINKS_FILE),
    )


def read_authors(conf_py: Path) -> set[str] | None:
    """The names in ``blog_authors`` in *conf_py*, or None if they cannot be read without running it."""
    try:
        return authors_in(conf_py.read_text(encoding="utf-8"))
    except OSError:
        return None


def authors_in(source: str) -> set[str] | None:
    """The names in ``blog_authors`` (its literal dict, and later ``blog_authors.update({...})`` calls)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names: set[str] | None = None
    for node in tree.body:
        value = None
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "blog_authors"
                                                for t in node.targets):
            names, value = set(), node.value
        elif (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
              and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "update"
              and isinstance(node.value.func.value, ast.Name) and node.value.func.value.id == "blog_authors"
              and node.value.args and names is not None):
            value = node.value.args[0]
        if value is None:
            continue
        try:
            literal = ast.literal_eval(value)
        except ValueError:
            return None
        if not isinstance(literal, dict):
            return None
        names |= {str(name) for name in literal}
    return names


def read_bib(path: Path) -> tuple[set[str], dict[str, str]]:
    """The keys of references.bib (case-folded) and its entries' URLs; ImportProblem if it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportProblem([f"{BIB_FILE}: cannot be read: {exc.strerror}"]) from None
    with pybtex.errors.capture() as errors:
        data = Parser().parse_string(text)
    broken = [e for e in errors if not str(e).startswith("repeated bibliography entry")]
    if broken:
        line = getattr(broken[0], "lineno", None) or 1
        raise ImportProblem([f"{BIB_FILE}:{line}: cannot be read: {broken[0]}; fix it before importing"])
    keys = {key.casefold() for key in data.entries}
    urls = {entry.fields["url"].strip(): key for key, entry in data.entries.items() if entry.fields.get("url")}
    return keys, urls


def front_matter(text: str) -> dict[str, object]:
    """The front matter of a post's *text*, or an empty dict."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:i]))
            except yaml.YAMLError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def read_posts(root: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Each post's slug -> its file, and each redirect value any post has -> that post."""
    posts: dict[str, Path] = {}
    redirects: dict[str, Path] = {}
    for path in sorted((root / "posts").glob("*/*/*.md")):
        posts.setdefault(path.stem.lower(), path)
        value = front_matter(path.read_text(encoding="utf-8")).get("redirect")
        for old in str(value or "").split(","):
            if old.strip():
                redirects[old.strip()] = path
    return posts, redirects


def read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
