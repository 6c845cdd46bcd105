"""Sphinx internals the package reads or changes (checked on Sphinx 9.0).

* The number of warnings a build logged and whether they fail it (``-W``):
  private attributes of the application, read to know whether a build
  finished cleanly (``incremental.unfinished``).
* The number of processes Sphinx works with, ``app.parallel``, which it reads
  each time it decides how to read or write: the speed layer lowers it while a
  few files are read and raises it while pages are written.
* The handlers connected to an event (``app.events.listeners``): the speed
  layer takes ABlog's page and feed generators over, to run them only when
  what they show has changed.
* Sphinx's digest of the configuration (``sphinx.builders.html._build_info``,
  a private module), part of the speed layer's record of what the listing
  pages were made from.
* The search index the HTML builder keeps between builds, and its format.
* Whether the HTML builder adds heading permalinks (``builder.add_permalinks``)
  and its Jinja environment (``builder.templates.environment``).
* The flag that makes Sphinx read in parallel with an extension loaded
  (``app.extensions[name].parallel_read_safe``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def failed_on_warnings(app: Sphinx) -> bool:
    """Whether the build has logged a warning that fails it (``-W``)."""
    return bool(app._warncount) and bool(app._fail_on_warnings)  # noqa: SLF001


def jobs(app: Sphinx) -> int:
    return app.parallel


def set_jobs(app: Sphinx, jobs: int) -> None:
    """Have Sphinx work with *jobs* processes from now on."""
    app.parallel = jobs


def disconnect_handlers(app: Sphinx, event: str, handlers: tuple[Callable[..., Any], ...]) -> set[Callable[..., Any]]:
    """Disconnect *handlers* from *event*; return those that were connected."""
    found = set()
    for listener in list(app.events.listeners.get(event, [])):
        if listener.handler in handlers:
            app.disconnect(listener.id)
            found.add(listener.handler)
    return found


def config_digest(app: Sphinx) -> str:
    """Sphinx's own digest of the configuration values that affect HTML pages (as in ``.buildinfo``)."""
    from sphinx.builders.html._build_info import BuildInfo  # noqa: PLC0415

    return BuildInfo(app.config, app.tags, frozenset({"env", "html"})).config_hash


def search_index_format(builder: Builder) -> tuple[str, Any] | None:
    """The HTML builder's search index file name and serialiser, if it writes one as text."""
    if getattr(builder, "indexer", None) is None or not getattr(builder, "indexer_dumps_unicode", False):
        return None
    return builder.searchindex_filename, builder.indexer_format  # type: ignore[attr-defined]


@contextmanager
def without_heading_permalinks(builder: Builder) -> Iterator[None]:
    """Render without the "¶" links Sphinx adds to headings (as ABlog renders excerpts)."""
    add, builder.add_permalinks = builder.add_permalinks, False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        builder.add_permalinks = add  # type: ignore[attr-defined]


def jinja_environment(builder: Builder) -> Any:
    """The Jinja environment of the HTML builder's template bridge, if it has one."""
    return getattr(getattr(builder, "templates", None), "environment", None)


def declare_parallel_read_safe(app: Sphinx, extension: str) -> None:
    """Let Sphinx read in parallel with *extension* loaded, once what it records is merged."""
    app.extensions[extension].parallel_read_safe = True
