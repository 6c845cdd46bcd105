"""When what listings show of the posts changes, write again only the pages that change.

Without the speed layer, a change to what listings show of the posts (a new
post, a title, a date, tags...) rewrites every page (``incremental.listings``):
every sidebar shows the recent posts. This answers
``citable-blog-listings-changed`` with fewer pages, and gives the others their
new sidebar in place:

* the pages with a list of posts (the home page), and the pages that are not
  posts (few, and in the navigation), are written again;
* so are the five most recent posts, before and after the change (the
  sidebar's recent posts leave out the page they are on), and every post
  whose previous or next post, or whose related posts, changed (each post's
  are kept in the environment to compare), unless its page can be mended in
  place (``speed.render.page_links``, with the sidebar below);
* every other post differs from its old page only by its sidebar, whose panels
  ``speed.render.sidebar`` renders once per folder and the page marks: at
  least one such post is written in full, and in the others the marked panels
  are replaced by that post's new ones, read back from its page and their
  relative links moved to the page's folder as Sphinx would write them;
* so does a listing page that shows what it showed (a redirect page, the page
  of a tag or a month the change did not touch: ``speed.listings``), its own
  link in a panel written ``#`` as Sphinx writes a page's link to itself; the
  spliced pages are written over in place.

The result is the page a full rewrite would give; the tests compare
incremental builds with clean ones, and the site with and without the speed
layer, file by file.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks

from sphinx_citable_blog.compat.ablog import registered_blog
from sphinx_citable_blog.compat.sphinx import jobs
from sphinx_citable_blog.outputs import writes_site
from sphinx_citable_blog.reading.icon_font import icon_names
from sphinx_citable_blog.reading.related import relatedness
from sphinx_citable_blog.speed import gc
from sphinx_citable_blog.speed.render.page_links import mend, swaps_for
from sphinx_citable_blog.speed.listings import listings
from sphinx_citable_blog.speed.render.excerpts import SamePage, relocate
from sphinx_citable_blog.speed.render.sidebar import (
    RECENT_POSTS_SHOWN,
    linked_uris,
    marked_fragments,
    replace_fragments,
    shared_posts,
)
from sphinx_citable_blog.state import build_state, env_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_citable_blog.compat.ablog import Post

logger = logging.getLogger(__name__)


def page_links(app: Sphinx) -> dict[str, Any]:
    """What each post's own page shows of other posts: its neighbours and related posts."""
    related = relatedness(app)

    def link(post: Post | None) -> list[str] | None:
        return None if post is None else [post.docname, post.title, post.date.isoformat()]

    return {
        post.docname: [link(post.prev), link(post.next)]
        + [link(other) for other in related.related(post, app.config.citable_blog_related_posts)]
        for post in registered_blog(app).posts
    }


def newest_posts(app: Sphinx) -> list[str]:
    return [post.docname for post in registered_blog(app).recent(RECENT_POSTS_SHOWN)]


def pages_that_change(app: Sphinx, env: BuildEnvironment) -> list[str] | None:
    """The pages to write again now that listings changed; the others get their new sidebar in place."""
    data = env_data(env)
    old_links, old_newest = data.page_links, data.newest_posts
    data.page_links = links = page_links(app)
    data.newest_posts = newest_posts(app)
    if not writes_site(app):
        return None
    # The posts that were the newest leave the recent posts: their own list changes.
    rewrite = set(data.post_list_docs) | set(old_newest)
    rewrite |= env.found_docs - set(links)  # the pages that are not posts
    # The posts with sidebar panels of their own (the newest, any in the
    # navigation) are written in full. The others differ only by their panels'
    # relative links: one of them written gives the panels for all.
    shared = shared_posts(app)
    rewrite |= set(links) - shared
    # A post whose neighbours or related posts changed is written again, unless its page can be mended.
    relinked = {docname for docname, shown in links.items() if old_links.get(docname) != shown} - rewrite
    mending = {}
    for docname in sorted(relinked):
        swaps = swaps_for(app, docname, old_links[docname], links[docname]) if docname in old_links else None
        if swaps is None:
            rewrite.add(docname)
        else:
            mending[docname] = swaps
    rewrite &= env.found_docs
    splice = shared - rewrite
    source = min(shared & rewrite, default=None)
    if splice and source is None:
        source = min(splice)
        splice.discard(source)
        rewrite.add(source)
        mending.pop(source, None)
    speed = build_state(app).speed
    speed.sidebar_splice, speed.sidebar_source, speed.page_mending = splice, source, mending
    logger.info("listed posts changed: rewriting %d pages, updating the sidebar of %d "
                "(and the neighbours or related posts of %d)", len(rewrite), len(splice), len(mending))
    return sorted(rewrite)


# With -j, the sidebars of this many pages or more are spliced by as many processes as jobs.
PARALLEL_SPLICE_FROM = 200


def write_over(path: Path, data: bytes) -> None:
    """Write *data* over the file at *path*, then cut it to their length.

    Not emptied first, as ``open(path, "w")`` does: ext4 writes back a file
    that was emptied and written again as it is closed (its ``auto_da_alloc``,
    for programs that replace a file that way), which made writing a spliced
    page eight times slower than writing over it.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def splice_sidebars(app: Sphinx, exception: Exception | None) -> None:
    """Give the posts that were not rewritten the new sidebar panels.

    The panels are read back from the page of a post that shares them and was
    rewritten (in whichever process wrote it), and moved to each page's folder.
    With ``-j`` and many pages, each process splices a share of them (a new
    post on a 1,000-post blog splices about 900).
    """
    speed = build_state(app).speed
    splice, source = speed.sidebar_splice, speed.sidebar_source
    if exception is not None or not splice or source is None:
        return
    outdir = Path(app.builder.outdir)
    source_uri = app.builder.get_target_uri(source)
    fragments = marked_fragments((outdir / (source + app.builder.out_suffix)).read_text(encoding="utf-8"))
    # The pages each panel links to: a listing page among them shows its link to itself as "#".
    links = {name: linked_uris(html, source_uri) for name, html in fragments.items()}
    # The posts (and the pages no panel links to) share their folder's panels: moved once per folder.
    moved: dict[tuple[str, str], str] = {}

    def fragment(name: str, uri: str) -> str:
        if uri in links[name]:
            return relocate(fragments[name], source_uri, uri, current=True)
        key = (name, posixpath.dirname(uri))
        if key not in moved:
            moved[key] = relocate(fragments[name], source_uri, uri)
        return moved[key]

    found = listings(app)
    kept = found.kept if found is not None else {}

    mending = {docname: swaps for docname, swaps in speed.page_mending.items() if docname not in speed.pages_written}

    def splice_pages(docnames: list[str]) -> dict[str, list]:
        """Splice the pages of *docnames*; return, for ``reading.icon_font``, the icon names of those written."""
        written = {}

        def note(docname: str, path: Path, page: str) -> None:
            stat = path.stat()
            written[docname + app.builder.out_suffix] = [stat.st_mtime_ns, stat.st_size, sorted(icon_names(page))]

        for docname in docnames:
            path = outdir / (docname + app.builder.out_suffix)
            html = path.read_text(encoding="utf-8")
            uri = app.builder.get_target_uri(docname)
            try:
                new = replace_fragments(html, lambda name: fragment(name, uri))
            except SamePage:
                if docname not in kept:
                    raise
                # A panel links to this listing page with a fragment: how its template writes that, only it says.
                app.builder.handle_page(docname, *kept[docname])
                note(docname, path, path.read_text(encoding="utf-8"))
                continue
            if docname in mending:
                new = mend(new, mending[docname], docname)
            if new != html:
                write_over(path, new.encode("utf-8"))
                note(docname, path, new)
        return written

    docnames = sorted(splice)
    page_icons = build_state(app).page_icons
    count = jobs(app) if len(docnames) >= PARALLEL_SPLICE_FROM else 1
    if count <= 1:
        page_icons.update(splice_pages(docnames))
        return
    tasks = ParallelTasks(count)
    for share in range(count):
        tasks.add_task(gc.in_worker(splice_pages), docnames[share::count], lambda _, found: page_icons.update(found))
    tasks.join()
