"""Let Sphinx read the posts in parallel (``sphinx-build -j``), when that pays.

ABlog declares itself unsafe for parallel reading, since it keeps what it
learns about each post in ``env.ablog_posts`` and gives Sphinx no way to
merge that from the processes that read the posts; with ``-j``, Sphinx then
warns (which ``-W`` turns into an error). This extension does the merge, as
ABlog's issue #264 and pull request #330 propose, and then declares ABlog
safe. Everything else ABlog records while reading (the post's label in the
standard domain, the page's orphan flag) lives where Sphinx merges it itself.

Each reading process sends its whole environment back to be merged: on a
1,000-post blog that round trip costs about 0.4 s, more than parallel reading
saves on a few files, so a build that reads fewer than
``parallel_read_threshold`` files reads them in the main process (writing
stays parallel). A build with ``-j`` gives the same site as a serial build,
file by file (``tests/test_parallel.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from build_jobs import jobs_asked, use_jobs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def merge_posts(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Take the posts of *docnames* that another process read into *env*."""
    theirs = getattr(other, "ablog_posts", {})
    ours = env.__dict__.setdefault("ablog_posts", {})
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


def read_few_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before Sphinx decides how to read *docnames*: in this process, if they are few."""
    if app.parallel > 1 and len(docnames) < app.config.parallel_read_threshold:
        use_jobs(app, 1)


def restore_jobs(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading: the processes asked for, to write with."""
    jobs_asked(app)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    app.add_config_value("parallel_read_threshold", 50, "", types=frozenset({int}))
    app.connect("env-merge-info", merge_posts)
    app.connect("env-before-read-docs", read_few_serially)
    app.connect("env-updated", restore_jobs, priority=100)
    app.extensions["ablog"].parallel_read_safe = True
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
