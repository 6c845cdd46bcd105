"""The number of processes Sphinx works with, changed for one phase of a build (a helper module, not an extension).

``sphinx-build -j N`` sets ``app.parallel``, which Sphinx reads each time it
decides how to read or write. ``_ext/parallel_reading.py`` lowers it while a
few files are read, ``_ext/parallel_writing.py`` raises it while the pages are
written; both keep the number asked for on the builder here, and put it back
with :func:`jobs_asked`. The builder lasts one build, so nothing outlives it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ASKED = "parallel_jobs_asked"


def use_jobs(app: Sphinx, jobs: int) -> None:
    """Have Sphinx work with *jobs* processes until :func:`jobs_asked`."""
    app.builder.__dict__.setdefault(ASKED, app.parallel)
    app.parallel = jobs


def jobs_asked(app: Sphinx) -> None:
    """Have Sphinx work with the number of processes asked for again (once: later calls do nothing)."""
    asked = app.builder.__dict__.pop(ASKED, None)
    if asked:
        app.parallel = asked
