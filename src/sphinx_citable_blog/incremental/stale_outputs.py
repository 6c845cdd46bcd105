"""Remove the output of sources that are gone: deleted, unpublished or renamed posts, and pages no longer made.

Sphinx writes a page for each document and never deletes one: a post deleted,
marked ``draft: true`` or renamed left its page (its whole text), its RIS file
and its doctree in the build folders, and ``make html`` published them again.
ABlog's pages for a tag, category or month no post has any more, a renamed
post's redirect page once the redirect is dropped, and an archive's feed stayed
as well. After each successful build this removes, from the output folder,
every page, RIS file, feed, image and download that the build does not account
for, and from the doctree folder the doctrees of
documents that are gone, so that an incremental build leaves exactly the files
a clean build writes. The output is read, never trusted: what the build
accounts for is worked out from the environment, the listing pages of this
build (written or kept), the feeds it writes and the posts it publishes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinx_citable_blog.citation.cite_this import published_posts
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.reading.feeds import feed_files
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Files the build accounts for one by one; anything else it writes (static
# files, the search index, sitemap.xml...) is written on every build.
SWEPT_SUFFIXES = (".html", ".ris", ".xml")
SWEPT_FOLDERS = ("_images", "_downloads")


def accounted_for(app: Sphinx) -> set[str]:
    """The swept files this build stands behind, relative to the output folder."""
    builder, env = app.builder, app.env
    pages = set(env.found_docs) | set(build_state(app).generated_pages)
    files = {builder.get_target_uri(page) for page in pages}
    files |= {post.docname + ".ris" for post in published_posts(app)}
    files |= feed_files(app)
    files |= {"sitemap.xml"}
    files |= {f"_images/{name}" for _, name in env.images.values()}
    files |= {f"_downloads/{name}" for _, name in env.dlfiles.values()}
    return files


def swept_files(outdir: Path) -> list[str]:
    out = []
    for folder, dirs, names in os.walk(outdir):
        here = Path(folder)
        rel = here.relative_to(outdir).as_posix()
        if rel == ".":  # the output folder itself: not its static files, nor a doctree folder in it
            dirs[:] = [d for d in dirs if d != "_static" and not d.startswith(".")]
        top = rel.split("/", 1)[0]
        for name in names:
            if name.endswith(SWEPT_SUFFIXES) or top in SWEPT_FOLDERS:
                out.append(name if rel == "." else f"{rel}/{name}")
    return out


def remove_empty_folders(path: Path, stop: Path) -> None:
    while path != stop and path.is_dir() and not any(path.iterdir()):
        path.rmdir()
        path = path.parent


def sweep_output(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not writes_site(app):
        return
    outdir = Path(app.builder.outdir)
    keep = accounted_for(app)
    gone = sorted(set(swept_files(outdir)) - keep)
    for name in gone:
        path = outdir / name
        path.unlink()
        remove_empty_folders(path.parent, outdir)
    if gone:
        logger.info("removed %d file(s) whose source is gone: %s", len(gone), ", ".join(gone))
    sweep_doctrees(app)


def sweep_doctrees(app: Sphinx) -> None:
    """Remove the doctrees of documents that are gone."""
    doctreedir = Path(app.doctreedir)
    docs = set(app.env.all_docs)
    found = []
    for folder, _dirs, names in os.walk(doctreedir):  # listed first: emptied folders go as we go
        rel = os.path.relpath(folder, doctreedir).replace(os.sep, "/")
        found += [(name if rel == "." else f"{rel}/{name}") for name in names if name.endswith(".doctree")]
    for name in sorted(found):
        if name.removesuffix(".doctree") not in docs:
            path = doctreedir / name
            path.unlink()
            remove_empty_folders(path.parent, doctreedir)

