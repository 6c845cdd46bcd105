"""A build that did not finish is followed by a full build, never by a wrong one.

Sphinx saves its environment after reading, before it writes a page: a build
stopped while writing (Ctrl-C, a closed laptop, a CI time-out) leaves an
environment that counts every page as done, so the next build skips pages that
were never written and keeps a search index that lacks them; this site's own
caches (listing pages, feed entries, renders) make the same assumption. A build
that failed on a warning (``-W``) is no better: Sphinx does not read a page
again to repeat its warning, so the next build would publish it.

So every build leaves a mark in its doctree folder (``build-unfinished``) when
it starts, and removes it only when it has finished with no warning that fails
it. A build that finds the mark starts from nothing: the doctree folder (the
environment and every cache) and the output folder are emptied first, and the
site is built as from a fresh clone. ``make html`` builds into a staging folder
and publishes it only after a successful build, so ``_build/html`` keeps the
last complete site meanwhile. A build stopped on purpose by a writer's mistake
(``errors.stop_build``) has written nothing and saved no environment, so it removes the
mark before it ends.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinx_citable_blog.compat.sphinx import failed_on_warnings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

MARK = "build-unfinished"


def mark_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MARK


def empty_folder(folder: Path, keep: Path | None = None) -> None:
    """Remove everything in *folder* except *keep* (and the folders on the way to it)."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if keep is not None and (child == keep or keep.is_relative_to(child)):
            if child != keep and child.is_dir():
                empty_folder(child, keep)
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def start(app: Sphinx, config: Config) -> None:
    """Start from nothing if the last build did not finish, then mark this one as unfinished."""
    doctreedir, outdir = Path(app.doctreedir).resolve(), Path(app.outdir).resolve()
    mark = mark_path(app)
    if mark.exists():
        logger.info("The last build did not finish: building everything again, from an empty %s", outdir)
        empty_folder(doctreedir)
        sources = Path(app.srcdir).resolve()
        if not sources.is_relative_to(outdir):  # never delete the sources
            empty_folder(outdir, keep=doctreedir if doctreedir.is_relative_to(outdir) else None)
    doctreedir.mkdir(parents=True, exist_ok=True)
    mark.write_text(f"{outdir}\n", encoding="utf-8")


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """A build that raised nothing and logged no failing warning has finished."""
    if exception is None and not failed_on_warnings(app):
        mark_path(app).unlink(missing_ok=True)


def stopped_before_writing(app: Sphinx) -> None:
    """The build is stopping before it wrote a page or saved its environment: nothing to redo."""
    mark_path(app).unlink(missing_ok=True)

