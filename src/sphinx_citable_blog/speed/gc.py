"""Python's cyclic garbage collector, tuned for a build.

Docutils nodes point to their parents, so every doctree is a web of reference
cycles that only the cyclic collector frees, and a build makes thousands of
them. With the interpreter's default thresholds (700, 10, 10) the collector
ran 2,700 times in the main process of a cold 1,000-post build and took 4.4 to
5.8 s of it, mostly tracing the long-lived environment again and again; a
rebuild with nothing to do spent 0.55 s of 2.4 s collecting. And when the
build is over, the interpreter's shutdown runs one more full collection over
everything still alive (the modules, the application, the environment): 2 s
after a cold 1,000-post build and 0.6 s after a rebuild with nothing to do,
spent freeing memory the operating system takes back anyway a moment later.

So, during a build, the youngest generation is collected every
``GC_THRESHOLDS[0]`` allocations instead of every 700 (fewer, larger
collections: 1.1 to 1.2 s in 88 collections for the same cold build, with peak
memory 230 MiB to 290 MiB; each collection traces more, so larger thresholds
pay less: 50,000 took 1.6 s and 100,000 2.4 s). At ``build-finished``, the
last handler moves what is left to the collector's permanent generation
(``gc.freeze()``), which no collection traces, and puts the interpreter's
thresholds back.

``sphinx-build`` exits right after ``build-finished``. A process that goes on
to build again (Sphinx's test fixtures do; ``make live`` runs ``sphinx-build``
in a new process each time) gets the frozen objects back into the collector's
care at the start of its next build (``gc.unfreeze()`` at ``config-inited``),
so nothing is kept for longer than one build. The measurements are in
``benchmarks/results.md``.

With ``-j``, while the documents' pages are written, the main process only
loads and resolves each page's doctree, feeds the search index and hands the
doctrees to the processes that write them; its collections then traced the
environment (the long-lived objects, in the oldest generation) and the
doctrees on their way out, writing to objects it shares with the processes
it had forked, so that the operating system copied their memory: 2.2 s of the
main process's time in a cold 1,000-post build. So from ``write-started``
(:func:`stop_while_writing`) the main process freezes what it has and stops
collecting; at ``html-collect-pages`` (:func:`collect_after_writing`) it
freezes what writing left (the resolved doctrees, cycles only the collector
frees: never traced, kept until the process ends) and collects again, for
the listing pages and what follows: 0.2 s of collecting in all, peak memory
about 270 MiB to 350 MiB. The processes forked to write pages start with
collecting off, and end with their chunk of pages. A serial build collects
as before: its main process writes every page.

A process forked for a task (the feeds, the listing pages, the sidebars
spliced in place) inherits the build's objects, and its collections traced
them all again, writing to each object's header, so that the operating system
copied page after page of memory the process only reads: the feed's process,
which makes many strings, spent a quarter of its time so. Such a task starts
by moving what it inherited to the permanent generation (:func:`in_worker`);
the process ends with the task.
"""

from __future__ import annotations

import functools
import gc
from typing import TYPE_CHECKING, Any, TypeVar

from sphinx_citable_blog.compat.sphinx import jobs

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

Result = TypeVar("Result")

#: Allocations between collections of the youngest generation, and how many
#: collections of one generation make a collection of the next.
GC_THRESHOLDS = (20_000, 10, 10)


#: The interpreter's thresholds while a build runs (the collector is one per
#: process, like this record of it).
_before_build: list[tuple[int, ...]] = []


def start_build(app: Sphinx, config: Config) -> None:
    """Take back what an earlier build in this process froze, and raise the thresholds."""
    gc.unfreeze()
    _before_build.append(gc.get_threshold())
    gc.set_threshold(*GC_THRESHOLDS)


def end_build(app: Sphinx, exception: BaseException | None) -> None:
    """Freeze what the build leaves behind, so shutdown does not trace it, and restore the thresholds."""
    gc.freeze()
    gc.enable()  # a build stopped while its pages were written
    if _before_build:
        gc.set_threshold(*_before_build.pop())


def stop_while_writing(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``, when pages are written by other processes: freeze everything, collect nothing."""
    if builder.parallel_ok and jobs(app) > 1:
        gc.freeze()
        gc.disable()


def collect_after_writing(app: Sphinx) -> list[tuple[str, dict, str]]:
    """At ``html-collect-pages``: freeze what writing the pages left, and collect again (no pages)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
    return []



def in_worker(function: Callable[..., Result]) -> Callable[..., Result]:
    """*function*, to run as a task of Sphinx's ``ParallelTasks`` (in a forked process): it first freezes
    what the process inherited, which its collections then leave alone, and collects (a task started while
    the main process does not: the feeds' process renders every post again)."""

    @functools.wraps(function)
    def task(*args: Any) -> Result:
        gc.freeze()
        gc.enable()
        return function(*args)

    return task
