"""Builds in parallel processes (``sphinx-build -j``, as ``make html`` runs
them) give the serial build's site, file by file.

Reading runs in parallel only for many files (``citable_blog_parallel_read_threshold``,
``speed.parallel``); the tests set it to 0 so that these small
sites are read in parallel too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import Build, copy_project, sphinx_build, sphinx_main_watched
from test_incremental_large import build, corpus  # corpus: benchmarks/corpus.py
from test_reproducible import differences

PARALLEL = ("-j", "2", "-D", "citable_blog_parallel_read_threshold=0")


def test_the_site_built_in_parallel_is_the_serial_site(site, tmp_path):
    parallel = sphinx_build(copy_project(tmp_path / "src"), tmp_path / "html", *PARALLEL)
    assert parallel.returncode == 0, parallel.stderr
    differ = differences(site.outdir, parallel.outdir)
    assert not differ, "files that differ from the serial build:\n  " + "\n  ".join(differ)
    # The feeds written in another process were all there when the build recorded them.
    assert recorded_feeds(parallel) == recorded_feeds(site) == feed_files(site.outdir)


def feed_files(outdir) -> list[str]:
    """The Atom feeds and the JSON Feeds beside them."""
    found = [*(outdir / "blog").rglob("*.xml"), *(outdir / "blog").rglob("feed.json")]
    return sorted(p.relative_to(outdir).as_posix() for p in found)


def recorded_feeds(build) -> list[str]:
    stamp = build.outdir.parent / (build.outdir.name + ".doctrees") / "listing-pages.json"
    return json.loads(stamp.read_text(encoding="utf-8"))["feeds"]


def test_a_post_added_in_parallel_gives_the_clean_serial_site(tmp_path):
    """Posts written by other processes still give the posts not rewritten their new sidebar."""
    posts = corpus.generate(40)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    build(src, tmp_path / "html", *PARALLEL)
    corpus.write_sphinx_post(src, corpus.added_post(posts, "an-added-post"))
    log = build(src, tmp_path / "html", *PARALLEL)
    rewritten, spliced = map(int, re.search(r"rewriting (\d+) pages, updating the sidebar of (\d+)", log).groups())
    assert spliced > 0 and rewritten > 1, log
    build(src, tmp_path / "clean")
    differ = differences(tmp_path / "html", tmp_path / "clean")
    assert not differ, "files that differ from a clean serial build:\n  " + "\n  ".join(differ)


class FakeApp:
    """What speed.parallel reads of Sphinx's application: the jobs, the builder and a setting."""

    def __init__(self, parallel: int, parallel_ok: bool = True) -> None:
        from types import SimpleNamespace

        self.parallel = parallel
        self.builder = SimpleNamespace(parallel_ok=parallel_ok)
        self.config = SimpleNamespace(citable_blog_parallel_read_threshold=50)


def test_a_few_files_are_read_in_this_process_and_written_in_parallel():
    from sphinx_citable_blog.speed.parallel import jobs_asked, read_few_serially

    app = FakeApp(parallel=2)
    read_few_serially(app, None, ["posts/a"] * 49)
    assert app.parallel == 1  # what Sphinx looks at next, to decide how to read
    jobs_asked(app, None)
    assert app.parallel == 2  # and later, to decide how to write
    read_few_serially(app, None, ["posts/a"] * 50)
    assert app.parallel == 2
    jobs_asked(app, None)
    assert app.parallel == 2


def test_pages_are_written_by_as_many_processes_as_jobs(tmp_path):
    """With -j 2, Sphinx hands the pages to two writing processes (it would start one), and the
    listing pages after them see the two jobs asked for (speed.parallel)."""
    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", "-j", "2", before="""
        from sphinx.builders import Builder
        from sphinx_citable_blog.speed import listings as listing_pages

        seen = []
        write_parallel = Builder._write_parallel
        def watched(self, docnames, nproc):
            seen.append(("writers", nproc))
            return write_parallel(self, docnames, nproc)
        Builder._write_parallel = watched
        collect = listing_pages.Listings.collect
        def watched_collect(self):
            seen.append(("listing jobs", self.app.parallel))
            return collect(self)
        listing_pages.Listings.collect = watched_collect
    """, after="print(rc, seen)")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "0 [('writers', 2), ('listing jobs', 2)]", run.stdout


def test_serial_builds_are_left_serial():
    from sphinx_citable_blog.speed.parallel import jobs_asked, one_more_job

    app = FakeApp(parallel=1, parallel_ok=False)
    one_more_job(app, app.builder)
    assert app.parallel == 1
    app.parallel, app.builder.parallel_ok = 2, True
    one_more_job(app, app.builder)
    assert app.parallel == 3
    jobs_asked(app)
    jobs_asked(app)  # at build-finished as well: no change the second time
    assert app.parallel == 2


def test_feeds_fixed_in_another_process_are_waited_for(tmp_path):
    """With -j, the archive feeds are written by another process while the pages are finished;
    the build waits for them before it records the feeds (even when that process is slow)."""
    src = copy_project(tmp_path / "src")
    run = sphinx_main_watched(src, tmp_path / "html", "-j", "2", before="""
        import time
        from sphinx_citable_blog.reading import feeds

        fix_feeds = feeds.fix_feeds
        def slow_fix_feeds(app, *args):
            time.sleep(2)
            fix_feeds(app, *args)
        feeds.fix_feeds = slow_fix_feeds
    """)
    assert run.returncode == 0, run.stderr
    # The build ended after the slow process: its archive feeds are there, made absolute, when it returns.
    outdir = tmp_path / "html"
    feeds = feed_files(outdir)
    assert len(feeds) > 1 and recorded_feeds(Build(src, outdir, 0, "", "")) == feeds
    policy = (outdir / "blog" / "tag" / "policy" / "atom.xml").read_text(encoding="utf-8")
    assert "<id>https://" in policy and 'href="../' not in policy


TASKS_WATCHED = """
    from sphinx.util.parallel import ParallelTasks

    tasks, add_task = [], ParallelTasks.add_task

    def naming_add_task(self, task_func, arg=None, result_func=None):
        tasks.append(getattr(task_func, "__name__", ""))
        add_task(self, task_func, arg, result_func)

    ParallelTasks.add_task = naming_add_task
"""


def test_the_feeds_are_written_while_the_pages_are(tmp_path):
    """With -j, the process that writes the feeds starts before the documents' pages are written, not
    after them (an edited post used to wait for its page, then for the feeds)."""
    src = copy_project(tmp_path / "src")
    run = sphinx_main_watched(src, tmp_path / "html", *PARALLEL, before=TASKS_WATCHED,
                              after='print("TASKS", *tasks)\nraise SystemExit(rc)')
    assert run.returncode == 0, run.stderr
    tasks = re.search(r"^TASKS (.*)$", run.stdout, re.MULTILINE).group(1).split()
    assert "write_feed_" in tasks and "write_process" in tasks, tasks
    assert tasks.index("write_feed_") < tasks.index("write_process"), tasks


def test_sidebars_spliced_by_several_processes_give_the_clean_serial_site(tmp_path):
    """With -j and many pages to give a new sidebar (a post added), each process splices a share."""
    posts = corpus.generate(40)
    src = corpus.write_sphinx_site(posts, tmp_path / "src")
    build(src, tmp_path / "html", *PARALLEL)
    corpus.write_sphinx_post(src, corpus.added_post(posts, "an-added-post"))
    watched = textwrap.dedent(TASKS_WATCHED) + textwrap.dedent("""
        from sphinx_citable_blog.reading import icon_font
        from sphinx_citable_blog.speed import refresh
        from sphinx_citable_blog.state import build_state

        refresh.PARALLEL_SPLICE_FROM = 1  # the 40 posts' sidebars spliced in shares too
        spliced, splice_sidebars = [], refresh.splice_sidebars

        def watched_splice(app, exception):
            spliced.extend(build_state(app).speed.sidebar_splice)
            splice_sidebars(app, exception)

        refresh.splice_sidebars = watched_splice
        read = []  # the pages the icon fonts' scan opens (in this, the main process)

        def watched_open(path, *args, **kwargs):
            read.append(str(path))
            return open(path, *args, **kwargs)

        icon_font.open = watched_open
    """)
    run = sphinx_main_watched(src, tmp_path / "html", *PARALLEL, before=watched,
                              after='print("TASKS", *tasks)\nprint("SPLICED", *spliced)\nprint("READ", *read)\n'
                                    'raise SystemExit(rc)')
    assert run.returncode == 0, run.stderr
    tasks = re.search(r"^TASKS (.*)$", run.stdout, re.MULTILINE).group(1).split()
    assert tasks.count("splice_pages") == 2, tasks
    # The processes that spliced the pages handed over the icons in them: the scan reads none again.
    spliced = re.search(r"^SPLICED (.*)$", run.stdout, re.MULTILINE).group(1).split()
    read = {Path(p).relative_to(tmp_path / "html").as_posix() for p in re.search(
        r"^READ (.*)$", run.stdout, re.MULTILINE).group(1).split()}
    assert spliced and read and not read & {docname + ".html" for docname in spliced}, (spliced, read)
    build(src, tmp_path / "clean")
    differ = differences(tmp_path / "html", tmp_path / "clean")
    assert not differ, "files that differ from a clean serial build:\n  " + "\n  ".join(differ)


# A 1x1 PNG: a post that shows an image.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


def test_an_edited_post_with_an_image_gives_the_clean_serial_feeds(tmp_path):
    """The feeds, written while the pages are, give an edited post's image its address on the site,
    which writing the post's page records."""
    src = copy_project(tmp_path / "src")
    post = src / "posts" / "2014" / "04" / "outsourcing.md"
    (post.parent / "pixel.png").write_bytes(PIXEL)
    post.write_text(post.read_text(encoding="utf-8") + "\n![A pixel](pixel.png)\n", encoding="utf-8")
    first = sphinx_build(src, tmp_path / "html", *PARALLEL)
    assert first.returncode == 0, first.stderr
    post.write_text(post.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    edited = sphinx_build(src, tmp_path / "html", *PARALLEL)
    assert edited.returncode == 0, edited.stderr
    clean = sphinx_build(src, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    feed = (tmp_path / "html" / "blog" / "atom.xml").read_text(encoding="utf-8")
    assert "_images/pixel.png" in feed and "A sentence added." in feed
    differ = differences(tmp_path / "html", tmp_path / "clean")
    assert not differ, "files that differ from a clean serial build:\n  " + "\n  ".join(differ)


READING_WATCHED = """
    from sphinx.environment import BuildEnvironment
    from sphinx.util.parallel import ParallelTasks

    cleared, chunks = [], []
    clear_doc, add_task = BuildEnvironment.clear_doc, ParallelTasks.add_task

    def counting_clear_doc(self, docname):
        cleared.append(docname)
        clear_doc(self, docname)

    def counting_add_task(self, task_func, arg=None, result_func=None):
        if getattr(task_func, "__name__", "") == "read_process":
            chunks.append(len(arg))
        add_task(self, task_func, arg, result_func)

    BuildEnvironment.clear_doc, ParallelTasks.add_task = counting_clear_doc, counting_add_task
"""
READING_REPORT = 'print("READ", len(cleared), chunks)\nraise SystemExit(rc)'


def reading(src, outdir, *extra: str) -> tuple[int, list[int]]:
    """(how many documents were cleared before reading, the sizes of the chunks read in parallel)."""
    run = sphinx_main_watched(src, outdir, *extra, before=READING_WATCHED, after=READING_REPORT)
    assert run.returncode == 0, run.stderr
    cleared, chunks = re.search(r"^READ (\d+) \[([\d, ]*)\]$", run.stdout, re.MULTILINE).groups()
    return int(cleared), [int(size) for size in chunks.split(", ") if size]


def test_reading_grows_no_faster_than_the_site(tmp_path):
    """A cold build clears no document it never read (serially), and reads one share per process (-j):
    Sphinx's own way goes through every label read so far for each document, and sends every
    document merged so far back from each of about the square root of their number of chunks."""
    src = corpus.write_sphinx_site(corpus.generate(120), tmp_path / "src")
    # Without the speed layer, Sphinx's own reading (which the sites are compared with elsewhere).
    documents, chunks = reading(src, tmp_path / "slow-serial", "-D", "citable_blog_speed=0")
    assert documents > 100 and chunks == []  # every document cleared before it is read
    assert len(reading(src, tmp_path / "slow-parallel", "-j", "2", "-D", "citable_blog_speed=0")[1]) > 2
    assert reading(src, tmp_path / "serial") == (0, [])
    half = -(-documents // 2)
    assert reading(src, tmp_path / "parallel", "-j", "2") == (documents, [half, documents - half])


def test_the_environment_is_saved_by_a_forked_process_while_the_pages_are_written(tmp_path):
    """With -j, Sphinx's save of the environment is made by a process forked at that moment, and the
    next build loads it: nothing to read again."""
    src = copy_project(tmp_path / "src")
    run = sphinx_main_watched(src, tmp_path / "html", *PARALLEL, before="""
        from sphinx_citable_blog.compat import sphinx as compat

        saves, save = [], compat.save_environment_in_background

        def watched_save():
            wait = save()
            def watched_wait():
                saves.append(wait())
                return saves[-1]
            return watched_wait

        compat.save_environment_in_background = watched_save
    """, after='print("SAVES", saves)\nraise SystemExit(rc)')
    assert run.returncode == 0, run.stderr
    assert "SAVES [True]" in run.stdout
    assert "0 added, 0 changed, 0 removed" in build_log(src, tmp_path / "html")


def test_a_failed_save_of_the_environment_warns_and_leaves_none(tmp_path):
    """If the forked process cannot save the environment, the build says so, and leaves no environment
    for the next build to trust: it reads every document again."""
    src = copy_project(tmp_path / "src")
    run = sphinx_main_watched(src, tmp_path / "html", *PARALLEL, before="""
        import pickle
        from sphinx.environment import BuildEnvironment

        dump = pickle.dump

        def failing_dump(obj, file, protocol=None):
            if isinstance(obj, BuildEnvironment):
                raise OSError("No space left on device")
            return dump(obj, file, protocol)

        pickle.dump = failing_dump
    """)
    assert run.returncode == 0, run.stderr
    assert "the environment could not be saved: the next build reads every document again" in run.stderr
    assert not (tmp_path / "html.doctrees" / "environment.pickle").exists()
    assert re.search(r"updating environment: \[new config\] \d+ added", build_log(src, tmp_path / "html"))


def build_log(src, outdir) -> str:
    """What ``sphinx-build -j 2`` of *src* into *outdir* says it did (its standard output).

    Uncoloured: Sphinx colours its log when ``CI`` or ``FORCE_COLOR`` is set, even into a pipe, and the
    colour codes fall between the words a test looks for ("updating environment: " is bold).
    """
    doctrees = outdir.parent / (outdir.name + ".doctrees")
    done = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-W", "-n", *PARALLEL, "-b", "html",
                           "-d", str(doctrees), str(src), str(outdir)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout
