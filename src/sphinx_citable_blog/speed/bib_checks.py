"""A bibliography file checked again only when its text changed.

``authoring.bib_checks`` reads every ``.bib`` file with pybtex and checks
each entry (keys, required fields, crossrefs, URLs) at the start of every
build, so a writer's mistake stops the build at its line. With hundreds of
works that is a tenth of a second of every build, even one with nothing to
do. A file that passed is remembered in the environment by a digest of its
text, with the entries the check found, and is not checked again while its
text is the same; a file with a problem is always checked again (and still
stops the build). Without the speed layer every file is checked every time.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sphinx_citable_blog.authoring import bib_checks
from sphinx_citable_blog.state import env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_citable_blog.authoring.bib_checks import BibEntry, BibProblem


def check_bibfiles(app: Sphinx) -> None:
    """``bib_checks.check_bibfiles``, answering for a file that passed with the same text from the environment."""
    data = env_data(app.env)
    passed: dict[str, Any] = {}

    def check(text: str) -> tuple[list[BibEntry], list[BibProblem]]:
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in data.bib_checks:
            passed[digest] = data.bib_checks[digest]
            return list(passed[digest]), []
        entries, problems = bib_checks.check_bib(text)
        if not problems:
            passed[digest] = entries
        return entries, problems

    bib_checks.check_bibfiles(app, check)
    data.bib_checks = passed
