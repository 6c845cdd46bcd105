"""The package's state: what a build works out (:class:`BuildState`) and what it keeps (:class:`EnvData`).

Every module reads and writes shared state through these two typed objects,
never through attributes set on Sphinx's builder or environment:

* :class:`EnvData` lives in the environment (``env.citable_blog``), so Sphinx
  saves it with the environment and the next build starts from it. What is
  recorded per document is purged when the document is read again or
  removed, and merged from the processes that read documents in parallel.
* :class:`BuildState` lasts one build: made when the builder starts, it holds
  what is worked out once per build (:meth:`BuildState.once`) and what one
  step tells a later one (the pages the listings wrote, whether the feeds
  were written). With ``-j``, each writing process starts from a copy of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from sphinx_citable_blog import events

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

T = TypeVar("T")


@dataclass
class EnvData:
    """What the package records while reading, saved with Sphinx's environment."""

    # -- per document: purged and merged by docname --
    invalid_posts: set[str] = field(default_factory=set)  # posts whose front matter has problems
    redirects: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # post: [(old address, line)]
    labels: dict[str, dict[str, int | None]] = field(default_factory=dict)  # document: {label: line}
    text_digests: dict[str, str] = field(default_factory=dict)  # document: digest of its doctree as read
    post_list_docs: set[str] = field(default_factory=set)  # documents with a list of posts (the home page)
    listed: dict[str, tuple[str, str]] = field(default_factory=dict)  # post: what listings show of it (listings)
    # -- for the whole site: worked out after reading --
    listing_digest: str | None = None  # what listings show of every post, and the bibliography
    citation_keys: dict[str, str] = field(default_factory=dict)  # post: its BibTeX key
    page_links: dict[str, Any] = field(default_factory=dict)  # post: its neighbours and related posts
    newest_posts: list[str] = field(default_factory=list)  # the posts in the sidebar's recent posts
    home_page_read_for_book: bool = False  # the home page was last read for the book (book.contents)
    # -- citations (citation.references) --
    citations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # document: [(role, target)], in order
    csl_items_digest: str | None = None  # of the bibliography files the items below come from
    csl_items: dict[str, Any] = field(default_factory=dict)  # key: the work as a CSL-JSON item
    csl_cache: dict[str, Any] = field(default_factory=dict)  # digest of a document's inputs: its rendering
    post_reference_cache: dict[str, Any] = field(default_factory=dict)  # the same, for "Cite this post"
    bib_checks: dict[str, Any] = field(default_factory=dict)  # digest of a .bib file without problems: its entries

    def purge(self, docname: str) -> None:
        self.invalid_posts.discard(docname)
        self.redirects.pop(docname, None)
        self.labels.pop(docname, None)
        self.text_digests.pop(docname, None)
        self.post_list_docs.discard(docname)
        self.listed.pop(docname, None)
        self.citations.pop(docname, None)

    def merge(self, other: EnvData, docnames: set[str]) -> None:
        """Take what another process recorded while reading *docnames*."""
        self.invalid_posts |= other.invalid_posts & docnames
        self.post_list_docs |= other.post_list_docs & docnames
        for mine, theirs in [
            (self.redirects, other.redirects),
            (self.labels, other.labels),
            (self.text_digests, other.text_digests),
            (self.citations, other.citations),
        ]:
            mine.update({docname: theirs[docname] for docname in docnames & theirs.keys()})


def env_data(env: BuildEnvironment) -> EnvData:
    """The package's record in *env*, made the first time it is asked for."""
    data = env.__dict__.get("citable_blog")
    if not isinstance(data, EnvData):
        data = env.citable_blog = EnvData()  # type: ignore[attr-defined]
    return data


@dataclass
class SpeedState:
    """What the speed layer's steps pass to each other during a build (unused without it)."""

    jobs_asked: int | None = None  # the processes asked for (-j), while Sphinx works with another number
    sidebar_splice: set[str] = field(default_factory=set)  # posts whose sidebar panels are replaced in place
    sidebar_source: str | None = None  # a rewritten post whose panels they take
    # Posts among them whose page is mended in place: (old text, new text) of their links (speed.render.page_links)
    page_mending: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    pages_written: set[str] = field(default_factory=set)  # the documents whose pages Sphinx writes
    feed_fixing: Any = None  # the process fixing the feeds, joined before the listings' record is saved
    posts_files: Any = None  # the process writing posts.bib and the RIS files (speed.bibtex_entries)
    listings: Any = None  # the listing pages' record: what they were made from, and written or not
    csl_grouping: Any = None  # puts posts that cannot affect each other's rendering in one processor call
    documents_changed: bool = False  # Sphinx found documents added, changed or removed (speed.indexes)
    # No document read or removed: what is worked out only for the pages written may wait until a page asks.
    read_nothing: bool = False
    indexes_kept: bool = False  # the search index and the inventory are the last build's (speed.indexes)
    environment_saved: Any = None  # waits for the environment's save in a forked process (speed.env_save)


@dataclass
class BuildState:
    """What one build works out and passes from step to step."""

    # The pages without a source document that this build wrote or kept (listing
    # pages, redirects, month archives, search, 404): name -> template. For the
    # sitemap, and for the removal of pages whose source is gone.
    generated_pages: dict[str, str] = field(default_factory=dict)
    # Whether the feeds were written by this build (the speed layer keeps the last build's when unchanged).
    feeds_written: bool = True
    # Whether the inputs of the listing pages are the last build's (set by the speed layer).
    listings_unchanged: bool = False
    # Pages a step wrote from text it had in hand, by path from the output folder (``posts/x.html``):
    # [time of change in ns, size, the icon names in the text], so that ``reading.icon_font`` need not
    # read them again.
    page_icons: dict[str, list[Any]] = field(default_factory=dict)
    # Values worked out once per build (related posts, month archives, renderers...).
    memo: dict[str, Any] = field(default_factory=dict)
    # Calls to make while pandoc renders citations, when it does (the speed layer's warm-up).
    while_rendering: list[Callable[[], object]] = field(default_factory=list)
    speed: SpeedState = field(default_factory=SpeedState)

    def once(self, name: str, make: Callable[[], T]) -> T:
        """The value *name*, made by ``make()`` the first time this build asks for it."""
        if name not in self.memo:
            self.memo[name] = make()
        return self.memo[name]


# In the build state's memo: each document's digest of its citations' rendering in the site's style.
CSL_DIGESTS = "csl_digests"

_BUILDS: WeakKeyDictionary[Sphinx, BuildState] = WeakKeyDictionary()


def start_build_state(app: Sphinx) -> None:
    """A new :class:`BuildState` for the build that is starting (``builder-inited``)."""
    _BUILDS[app] = BuildState()


def build_state(app: Sphinx) -> BuildState:
    """This build's :class:`BuildState`."""
    if app not in _BUILDS:
        start_build_state(app)
    return _BUILDS[app]


def record_generated_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Note each page without a source document as it is written (in the main process)."""
    if doctree is None:
        build_state(app).generated_pages[pagename] = templatename


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    env_data(env).purge(docname)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env_data(env).merge(env_data(other), docnames)


def setup_state(app: Sphinx) -> None:
    """Connect the handlers that keep the state (called by the package's ``setup``)."""
    app.connect("builder-inited", start_build_state, priority=events.NEW_BUILD_STATE)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("html-page-context", record_generated_page)
