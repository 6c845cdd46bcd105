"""Stop a build on a writer's mistakes without Sphinx's crash report.

The checks of posts, ``tags.yaml`` and ``references.bib`` log every problem
they find as an error at its file and line, then end the build before a page
is written. Raising an exception for that would make Sphinx print its crash
report (traceback, versions, loaded extensions, "please open an issue") and
save it to a ``sphinx-err-*.log`` file: a writer reads that as a bug in Sphinx.
:func:`stop_build` ends the process with :class:`BuildStopped`, a
``SystemExit``, which Sphinx's command line does not catch: Python prints the
one closing line after the errors (Sphinx flushes the errors it held back
while reading on the way out) and exits with status 1, with ``make html``,
``make live`` and Read the Docs' own ``sphinx-build -T`` alike. The build has
neither written a page nor saved its environment, so the next one may be
incremental (see ``incremental.unfinished``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sphinx_citable_blog.incremental.unfinished import stopped_before_writing

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx


class BuildStopped(SystemExit):
    """The build stopped on a writer's mistakes, already reported; its code is the closing line."""


def line_of(path: Path, pattern: str) -> int | None:
    """The first line of *path* that *pattern* (a regular expression) matches, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def setting_location(app: Sphinx, name: str) -> str | None:
    """Where conf.py sets *name* ("/site/conf.py:140"), for an error about its value; None if it does not
    (a default, or ``-D``): Sphinx would read a path without a line as a document's name."""
    path = Path(app.confdir) / "conf.py"
    line = line_of(path, rf"^{re.escape(name)}\s*=")
    return f"{path}:{line}" if line else None


def closing_line(files: Iterable[str]) -> str:
    names = ", ".join(dict.fromkeys(files)) or "the sources"
    return f"Build stopped by the errors above in {names}: nothing was written or published. Fix them and build again."


def stop_build(app: Sphinx, files: Iterable[str]) -> NoReturn:
    """End the build now, before a page is written: the errors in *files* have been logged."""
    stopped_before_writing(app)
    raise BuildStopped(closing_line(files))
