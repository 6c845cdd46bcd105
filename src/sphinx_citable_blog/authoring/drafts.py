"""Drafts: ``draft: true`` posts are left out of the site, or shown with a banner.

ABlog's only notion of a draft is a post dated after today, and even such a
post gets a page, a search entry and its tags' pages. A post whose front
matter says ``draft: true`` must not reach readers at all, so unless drafts
are shown this extension adds it to ``exclude_patterns`` when the
configuration is read: Sphinx never reads it, so no page, search entry,
archive, tag or category listing, feed entry or sitemap line can mention it.

With ``citable_blog_show_drafts = True`` (``DRAFTS=1 make html``, and ``make live``)
drafts are built like any other post, and each carries a "Draft" banner at
the top. ABlog then lists a draft at its date like a published post, so the
preview shows it on the home page, in its archives and on its tag pages just
as it will appear once published; a draft dated after today stays in ABlog's
own list of drafts (``blog/drafts.html``) until its day comes.
"""

from __future__ import annotations

import json
from glob import glob
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from docutils import nodes
from sphinx.util import logging

from sphinx_citable_blog.authoring.front_matter import front_matter_block
from sphinx_citable_blog.authoring.text_files import NotUtf8, read_utf8
from sphinx_citable_blog.errors import stop_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

BANNER_CLASS = "draft-banner"
DRAFTS_CACHE = "drafts.json"  # in the doctree folder: each post's size, time and whether it is a draft
BANNER_TEXT = (
    "This post is a draft: it is left out of the published site until 'draft: true' is removed from its front matter."
)


def is_draft_source(source: str) -> bool:
    """True when the post *source* says ``draft: true`` in its front matter."""
    block = front_matter_block(source)
    # A block without the word cannot set the key; most posts are not drafts,
    # and parsing every post's YAML on every build is slow on a large blog.
    if block is None or "draft" not in block[0]:
        return False
    try:
        fields = yaml.load(block[0], Loader=yaml.BaseLoader)  # every value a string: no dates to get wrong
    except yaml.YAMLError:
        return False  # the front-matter check reports it
    return isinstance(fields, dict) and fields.get("draft") == "true"


def find_drafts(srcdir: Path, patterns: list[str], cache: Path | None = None) -> tuple[list[str], list[NotUtf8]]:
    """The source paths (relative, with ``/``) of the drafts among the posts, and the posts not in UTF-8.

    With *cache* (a JSON file), a post whose size and modification time are
    those recorded by the previous call is not read again: this runs before
    every build, and most builds change no post or one.
    """
    known: dict[str, list] = {}
    if cache is not None:
        try:
            known = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
    seen: dict[str, list] = {}
    drafts, unreadable = [], []
    for pattern in patterns:
        for filename in sorted(glob(str(srcdir / pattern), recursive=True)):
            path = Path(filename)
            name = path.relative_to(srcdir).as_posix()
            stat = path.stat()
            entry = known.get(name)
            if entry is None or entry[:2] != [stat.st_mtime_ns, stat.st_size]:
                try:
                    source = read_utf8(path, bom=True)
                except NotUtf8 as exc:
                    unreadable.append(exc)
                    continue
                entry = [stat.st_mtime_ns, stat.st_size, is_draft_source(source)]
            seen[name] = entry
            if entry[2]:
                drafts.append(name)
    if cache is not None and seen != known:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(seen, sort_keys=True), encoding="utf-8")
    return drafts, unreadable


def exclude_drafts(app: Sphinx, config: Config) -> None:
    patterns = config.blog_post_pattern
    srcdir = Path(app.srcdir)
    drafts, unreadable = find_drafts(srcdir, [patterns] if isinstance(patterns, str) else patterns,
                                     Path(app.doctreedir) / DRAFTS_CACHE)
    for problem in unreadable:
        logger.error(str(problem), location=f"{problem.path}:{problem.line}", type="blog", subtype="encoding")
    if unreadable:  # Sphinx would read the post with question marks for its accents
        stop_build(app, [p.path.relative_to(srcdir).as_posix() for p in unreadable])
    if config.citable_blog_show_drafts:
        return
    if not drafts:
        return
    logger.info("leaving out %d draft(s): %s", len(drafts), ", ".join(drafts))
    config.exclude_patterns = [*config.exclude_patterns, *drafts]
    hidden = {path.rsplit(".", 1)[0] for path in drafts}
    config.matched_blog_posts = [doc for doc in config.matched_blog_posts if doc not in hidden]


def banner() -> nodes.admonition:
    box = nodes.admonition(classes=[BANNER_CLASS, "warning"])
    box += nodes.title("", "Draft")
    box += nodes.paragraph("", BANNER_TEXT)
    return box


def add_banner(app: Sphinx, doctree: nodes.document) -> None:
    """Put the banner under a draft's title (after ABlog has taken its excerpt)."""
    if not app.config.citable_blog_show_drafts:
        return
    env = app.env
    if env.docname not in app.config.matched_blog_posts:
        return
    if str(env.metadata[env.docname].get("draft", "")).strip().lower() != "true":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    section.insert(1, banner())

