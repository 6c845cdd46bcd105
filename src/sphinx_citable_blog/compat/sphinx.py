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
* The search index the HTML builder keeps between builds, and its format;
  and its language's ``stem``, which ``IndexBuilder.feed`` remembers for one
  page only, so that every page stemmed again the words of the pages before
  it (0.4 s of a cold 1,000-post build's main process): the speed layer's
  HTML builder has it remember each word for the build
  (:func:`stem_each_word_once`).
* The level of Sphinx's logger (``sphinx.util.logging.setup`` sets it to
  ``DEBUG`` and lets each handler drop what the verbosity does not show), so
  that every ``logger.debug`` call makes a record, and each process Sphinx
  forks collects its records, pickles them and sends them to the main
  process, which hands each to the handlers that drop it: about 16,500
  records in a cold 1,000-post build, from ``[app] emitting event`` for
  every event. The speed layer sets the logger to the lowest level one of its
  handlers shows (:func:`make_only_records_shown`).
* Whether the HTML builder adds heading permalinks (``builder.add_permalinks``)
  and its Jinja environment (``builder.templates.environment``).
* The HTML builder's ``handle_page``, which writes each page, and its
  ``_write_serial`` and ``_write_parallel``, which write the documents in the
  order given: the preview (``blogtools.preview``) wraps them on its own
  application, to write the saved post's page first and reload the browser as
  soon as it is written; and the ``pickle`` module that ``Builder.build``
  saves the environment with, after reading and before writing, which the
  preview's build replaces for that one call, to save it from a process
  forked at that moment, while the pages are written.
* The flag that makes Sphinx read in parallel with an extension loaded
  (``app.extensions[name].parallel_read_safe``).
* ``sphinx.environment.adapters.toctree.note_toctree``, which records the
  documents a table of contents includes: the book (``book.contents``) adds
  its chapters to the home page's table of contents after parsing, as the
  ``toctree`` directive would have, and the EPUB builder's template loader,
  made again without the site's templates (``book.formats``).
* The EPUB 3 builder's ``toc_metadata``, which puts ``epub_uid`` (the name of
  the identifier's XML id) where the NCX wants the identifier itself
  (``dtb:uid``), so epubcheck reports NCX-001 on every Sphinx EPUB: the book
  registers the builder again with the identifier there (``UPSTREAM.md``).
* The HTML builder's ``_read_parallel``, which reads the documents in chunks
  of about the square root of their number, each chunk in a process forked
  from the main one once the chunks before it are merged, and sends back the
  process's whole environment; and its ``_read_serial``, which has every
  domain forget each document before reading it, even one never read (the
  standard domain goes through all its labels to do so): the speed layer
  registers the HTML builder again with each process reading one equal share
  of the documents, and nothing cleared for a document the environment does
  not have (``UPSTREAM.md``); the same builder tells the speed layer when the
  documents' pages are about to be written (``write_documents``, public), for
  the feeds to be written meanwhile.
* ``sphinx.util.docutils._get_settings``, which builds docutils' option
  parser to get the settings' defaults, once for every document read: the
  speed layer (``speed.doc_settings``) replaces it for the length of a build
  by one that builds them once for each set of components and defaults, and
  gives each document its own copy.
* ``sphinx.builders.html._file_checksum``, which the HTML builder's page
  context calls for every style sheet and script of every page, resolving the
  file's path each time (the file's checksum itself is cached): the speed
  layer has the answers remembered for the length of a build
  (:func:`remember_asset_checksums`).
* The lines the basic layout's ``linktags`` block writes for a page's
  previous and next pages (:data:`NEIGHBOUR_LINK_LINES`, copied from it): the
  speed layer renders them to find and replace a post's neighbours in its page
  (``speed.render.page_links``, which writes the post again in full when they
  are not found).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Set
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

# The basic layout's block "linktags": the lines for the page's next and previous pages.
NEIGHBOUR_LINK_LINES = (
    '{% if next %}<link rel="next" title="{{ next.title|striptags|e }}" href="{{ next.link|e }}" />{% endif %}',
    '{% if prev %}<link rel="prev" title="{{ prev.title|striptags|e }}" href="{{ prev.link|e }}" />{% endif %}',
)


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


def stem_each_word_once(builder: Builder) -> None:
    """Have the search index's language remember the stem of each word for the length of the build, not of
    one page (``IndexBuilder.feed`` memoises its ``lang.stem`` per page)."""
    language = getattr(getattr(builder, "indexer", None), "lang", None)
    if language is not None and "stem" not in vars(language):
        language.stem = functools.cache(language.stem)


def make_only_records_shown() -> None:
    """Have Sphinx's logger make no record that none of its handlers would show (for this build: Sphinx sets
    its level again when the next application is made)."""
    import logging  # noqa: PLC0415

    from sphinx.util.logging import NAMESPACE  # noqa: PLC0415

    logger = logging.getLogger(NAMESPACE)
    if logger.handlers:
        logger.setLevel(max(logger.level, min(handler.level for handler in logger.handlers)))


@contextmanager
def without_heading_permalinks(builder: Builder) -> Iterator[None]:
    """Render without the "¶" links Sphinx adds to headings (as ABlog renders excerpts)."""
    add, builder.add_permalinks = builder.add_permalinks, False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        builder.add_permalinks = add  # type: ignore[attr-defined]


def remember_asset_checksums() -> Callable[[], None]:
    """Have the HTML builder's asset checksums (``?v=...``) remembered by file; return the undoing.

    The static files are copied before the first page is written and not
    changed while pages are; processes forked to write pages share what was
    remembered before they started.
    """
    import sphinx.builders.html as html  # noqa: PLC0415

    original = html._file_checksum  # noqa: SLF001
    found: dict[tuple[Any, str], str] = {}

    def checksum(outdir: Any, filename: Any) -> str:
        key = (outdir, os.fspath(filename))
        if key not in found:
            found[key] = original(outdir, filename)
        return found[key]

    html._file_checksum = checksum  # noqa: SLF001

    def undo() -> None:
        html._file_checksum = original  # noqa: SLF001

    return undo


def jinja_environment(builder: Builder) -> Any:
    """The Jinja environment of the HTML builder's template bridge, if it has one."""
    return getattr(getattr(builder, "templates", None), "environment", None)


def declare_parallel_read_safe(app: Sphinx, extension: str) -> None:
    """Let Sphinx read in parallel with *extension* loaded, once what it records is merged."""
    app.extensions[extension].parallel_read_safe = True


def after_page_written(app: Sphinx, written: Callable[[str], object]) -> None:
    """Call *written(pagename)* each time *app*'s HTML builder has written a page."""
    builder = app.builder
    handle_page = builder.handle_page

    def handle_and_tell(pagename: str, *args: Any, **kwargs: Any) -> None:
        handle_page(pagename, *args, **kwargs)
        written(pagename)

    builder.handle_page = handle_and_tell  # type: ignore[method-assign]


def write_first(app: Sphinx, docnames: set[str]) -> None:
    """Make *app*'s builder write the documents *docnames* before the others it writes."""
    builder = app.builder
    for name in ("_write_serial", "_write_parallel"):
        write = getattr(builder, name)

        def first(ordered: Any, *args: Any, _write: Any = write, **kwargs: Any) -> None:
            ordered = sorted(ordered, key=lambda docname: docname not in docnames)  # stable: sorted otherwise
            _write(ordered, *args, **kwargs)

        setattr(builder, name, first)


def save_environment_in_background() -> Callable[[], bool]:
    """Make the next environment save of ``Builder.build`` run in a process forked at that moment.

    For a process that builds once and exits (the preview's builds, and with
    ``-j`` the speed layer's): the fork is a snapshot of the environment as it
    is when Sphinx saves it, written while this process goes on to write the
    pages. Returns the function that waits for the save (call it before
    exiting), which answers whether it succeeded.
    """
    import pickle  # noqa: PLC0415

    import sphinx.builders  # noqa: PLC0415
    from sphinx.environment import BuildEnvironment  # noqa: PLC0415

    saving: list[int] = []

    class BackgroundPickle:
        HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL

        @staticmethod
        def dump(obj: object, file: Any, protocol: int | None = None) -> None:
            if not isinstance(obj, BuildEnvironment):  # a doctree: saved as Sphinx saves it
                pickle.dump(obj, file, protocol)
                return
            sphinx.builders.pickle = pickle  # once only
            name = file.name
            pid = os.fork()
            if pid == 0:
                status = 1
                try:
                    with open(name, "wb") as out:
                        pickle.dump(obj, out, protocol)
                    status = 0
                finally:
                    os._exit(status)
            saving.append(pid)

        def __getattr__(self, name: str) -> Any:
            return getattr(pickle, name)

    sphinx.builders.pickle = BackgroundPickle  # type: ignore[assignment]

    def wait() -> bool:
        sphinx.builders.pickle = pickle
        statuses = [os.waitpid(pid, 0)[1] for pid in saving]
        saving.clear()
        return all(status == 0 for status in statuses)

    return wait


def note_toctree(app: Sphinx, docname: str, toctree: Any) -> None:
    """Record *toctree*, added to *docname* after parsing, as its ``toctree`` directive would."""
    from sphinx.environment.adapters.toctree import note_toctree as sphinx_note_toctree  # noqa: PLC0415

    sphinx_note_toctree(app.env, docname, toctree)


def disconnect_all(app: Sphinx, event: str) -> int:
    """Disconnect every handler of *event*; return how many there were."""
    listeners = list(app.events.listeners.get(event, []))
    for listener in listeners:
        app.disconnect(listener.id)
    return len(listeners)


def load_templates_without(builder: Builder, paths: list[str]) -> None:
    """Make the HTML builder's template loader again, without the template folders *paths*."""
    builder.config.templates_path = [path for path in builder.config.templates_path if path not in paths]
    builder.templates.init(builder, builder.theme)  # type: ignore[attr-defined]


def use_epub_builder_with_ncx_identifier(app: Sphinx) -> None:
    """Build EPUBs whose NCX ``dtb:uid`` is the book's identifier, as the OPF's (epubcheck NCX-001)."""
    import html  # noqa: PLC0415

    from sphinx.builders.epub3 import Epub3Builder  # noqa: PLC0415

    class Epub3BuilderWithNcxIdentifier(Epub3Builder):
        def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
            metadata = super().toc_metadata(level, navpoints)
            metadata["uid"] = html.escape(self.config.epub_identifier)
            return metadata

    app.add_builder(Epub3BuilderWithNcxIdentifier, override=True)


def use_speed_html_builder(app: Sphinx, before_writing: Callable[[Sphinx, set[str]], None],
                           indexes_unchanged: Callable[[Sphinx, set[str]], bool]) -> None:
    """The HTML builder, reading with no step that grows faster than the site, telling when writing starts,
    and keeping the search index and the object inventory when nothing they hold can have changed.

    ``before_writing(app, docnames)`` is called when Sphinx has prepared the
    writing of the pages of *docnames* (``prepare_writing``, the assets), before
    it writes the first: through ``Builder.write_documents``, which Sphinx 9
    documents as the method a builder overrides to write its documents.

    ``indexes_unchanged(app, docnames)`` is asked as the writing of *docnames*
    is prepared: when it answers yes (no document read, removed or written),
    the search index (``searchindex.js``) is not loaded and written again, nor
    the inventory (``objects.inv``): Sphinx did both on every build, a sixth
    of a second at 1,000 posts when nothing had changed.

    *Serially*, ``Builder._read_serial`` calls ``env.clear_doc`` before reading
    each document, and the standard domain (like sphinxcontrib-bibtex's) goes
    through every label of the site to forget the document's: for a document
    the environment has never read there is nothing to forget, and on a cold
    build that was a step per document per label read before it. Here a
    document not in ``env.all_docs`` is not cleared (``env-purge-doc`` is still
    emitted for it).

    *In parallel*, ``Builder._read_parallel`` (Sphinx 9.0) reads chunks of
    about the square root of the number of documents, and forks a process for
    each chunk once an earlier one is merged, so each process starts with the
    documents merged so far and sends them all back with its own (the whole
    environment, pickled): on 2,000 posts and two processes, twenty chunks
    made the main process unpickle about ten environments' worth of documents,
    and trace them all in the garbage collector, growing faster than the site.
    Here each process reads one equal, consecutive share of the documents.
    Sphinx clears every document before reading any, when the domains hold
    nothing of them, and that stays: the citation domain makes its data's keys
    when clearing, and merging a process's data expects them.
    """
    import pickle  # noqa: PLC0415

    from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder  # noqa: PLC0415
    from sphinx.locale import __  # noqa: PLC0415
    from sphinx.util import logging as sphinx_logging  # noqa: PLC0415
    from sphinx.util.display import status_iterator  # noqa: PLC0415
    from sphinx.util.parallel import ParallelTasks  # noqa: PLC0415

    logger = sphinx_logging.getLogger("sphinx.builders")

    class SpeedHTMLBuilder(StandaloneHTMLBuilder):
        keep_indexes = False

        def write_documents(self, docnames: Set[str]) -> None:
            before_writing(self._app, set(docnames))
            super().write_documents(docnames)

        def prepare_writing(self, docnames: Set[str]) -> None:
            kept = [self.outdir / self.searchindex_filename, self.outdir / INVENTORY_FILENAME]
            self.keep_indexes = all(path.is_file() for path in kept) and indexes_unchanged(self._app, set(docnames))
            super().prepare_writing(docnames)
            stem_each_word_once(self)

        def load_indexer(self, docnames: Set[str]) -> None:
            if not self.keep_indexes:
                super().load_indexer(docnames)

        def dump_search_index(self) -> None:
            if not self.keep_indexes:
                super().dump_search_index()

        def dump_inventory(self) -> None:
            if not self.keep_indexes:
                super().dump_inventory()

        def _read_serial(self, docnames: list[str]) -> None:
            for docname in status_iterator(docnames, __("reading sources... "), "purple", len(docnames),
                                           self.config.verbosity):
                self.events.emit("env-purge-doc", self.env, docname)
                if docname in self.env.all_docs:  # the one change: nothing to clear for a document never read
                    self.env.clear_doc(docname)
                self.read_doc(docname)

        def _read_parallel(self, docnames: list[str], nproc: int) -> None:
            size = max(1, -(-len(docnames) // nproc))  # the one change: one share per process
            chunks = [docnames[i:i + size] for i in range(0, len(docnames), size)]
            progress = status_iterator(chunks, __("reading sources... "), "purple", len(chunks),
                                       self.config.verbosity)
            # Every document cleared, as Sphinx does: the citation domain makes its data's keys when clearing.
            for docname in docnames:
                self.events.emit("env-purge-doc", self.env, docname)
                self.env.clear_doc(docname)

            def read_process(docs: list[str]) -> bytes:
                self.env._app = self._app
                for docname in docs:
                    self.read_doc(docname, _cache=False)
                return pickle.dumps(self.env, pickle.HIGHEST_PROTOCOL)

            def merge(docs: list[str], otherenv: bytes) -> None:
                env = pickle.loads(otherenv)  # noqa: S301 (the environment this build's own process wrote)
                self.env.merge_info_from(docs, env, self._app)
                next(progress)

            tasks = ParallelTasks(nproc)
            for chunk in chunks:
                tasks.add_task(read_process, chunk, merge)
            tasks.join()
            logger.info("")

    app.add_builder(SpeedHTMLBuilder, override=True)


def reuse_document_settings() -> Callable[[], None]:
    """Have Sphinx build each document's docutils settings once per build, not once per document; return the undo.

    The defaults Sphinx passes (``env.settings`` and ``traceback``) are the same
    objects for every document; they are kept with the settings made from them,
    so their ``id`` names them for as long as the cache lives. Sphinx makes a
    new parser for each document: docutils reads a component's settings from
    its class (``settings_spec``, ``settings_defaults``, ``config_section``), so
    a parser that sets none of them on itself stands for its class.
    """
    import sphinx.util.docutils as sphinx_docutils  # noqa: PLC0415

    from sphinx_citable_blog.compat import settings_copy  # noqa: PLC0415

    original = sphinx_docutils._get_settings  # noqa: SLF001
    made: dict[tuple[Any, ...], tuple[Any, dict[str, Any]]] = {}

    def _get_settings(*components: Any, defaults: Any, read_config_files: bool = False) -> Any:
        key = (tuple(map(_settings_source, components)), read_config_files,
               tuple((name, id(value)) for name, value in defaults.items()))
        if key not in made:
            made[key] = original(*components, defaults=defaults, read_config_files=read_config_files), dict(defaults)
        settings, shared = made[key]
        return settings_copy(settings, shared)

    sphinx_docutils._get_settings = _get_settings  # noqa: SLF001

    def undo() -> None:
        sphinx_docutils._get_settings = original  # noqa: SLF001

    return undo


# What docutils' option parser reads from a component (docutils.frontend.OptionParser.populate_from_components).
_SETTINGS_ATTRIBUTES = ("settings_spec", "settings_defaults", "settings_default_overrides", "config_section",
                        "config_section_dependencies", "relative_path_settings")


def _settings_source(component: Any) -> Any:
    """The class of a component instance that keeps its settings on its class, else the component itself."""
    if isinstance(component, type) or any(name in getattr(component, "__dict__", {}) for name in _SETTINGS_ATTRIBUTES):
        return component
    return type(component)
