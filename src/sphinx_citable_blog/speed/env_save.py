"""With ``-j``, save the environment in a process forked when Sphinx saves it, while the pages are written.

Sphinx saves (pickles) the environment after reading and before writing the
first page; at 1,000 posts that is a sixth of a second in which the build
does nothing else, on every build that read a document. With ``-j`` the save
is made by a process forked at that moment (a snapshot of the environment as
Sphinx would have written it: ``compat.sphinx.save_environment_in_background``,
which the preview's builds use too) while this one goes on, and the build
waits for it before it finishes. If the save failed, the file is removed and
the build warns: the next build then reads every document again instead of
trusting a half-written environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import ENV_PICKLE_FILENAME
from sphinx.util import logging

from sphinx_citable_blog.compat.sphinx import jobs, save_environment_in_background
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

def save_in_background(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading (the last ``env-updated`` handler): the coming save runs in a forked process."""
    if writes_site(app) and jobs(app) > 1:  # the jobs asked for (given back at RESTORE_JOBS)
        build_state(app).speed.environment_saved = save_environment_in_background()
    return []


def wait_for_save(app: Sphinx, exception: Exception | None) -> None:
    """Wait for the environment's save; if it failed, remove what it wrote, and warn."""
    speed = build_state(app).speed
    if speed.environment_saved is None:
        return
    saved, speed.environment_saved = speed.environment_saved(), None
    if not saved:
        (Path(app.doctreedir) / ENV_PICKLE_FILENAME).unlink(missing_ok=True)
        logger.warning("the environment could not be saved: the next build reads every document again",
                       type="citable_blog", subtype="environment")
