"""The collector's thresholds are raised for a build and what it leaves is frozen (speed.gc).

What this buys is measured by the benchmark; these tests check that a build
really runs with the raised thresholds, that the interpreter's own are back
afterwards, and that a second build in the same process hands the first
build's frozen objects back to the collector.
"""

from __future__ import annotations

import gc

from conftest import copy_project, sphinx_main_watched


def test_a_build_freezes_what_it_leaves_and_restores_the_thresholds():
    from sphinx_citable_blog.speed import gc as garbage_collection

    before = gc.get_threshold()
    try:
        gc.unfreeze()
        garbage_collection.start_build(None, None)
        assert gc.get_threshold() == garbage_collection.GC_THRESHOLDS
        left_behind = [[] for _ in range(1000)]
        garbage_collection.end_build(None, None)
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() >= len(left_behind)

        garbage_collection.start_build(None, None)  # the next build in this process
        assert gc.get_freeze_count() == 0
        garbage_collection.end_build(None, None)
        assert gc.get_threshold() == before
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_sphinx_build_runs_with_the_raised_thresholds(tmp_path):
    """The extension is in conf.py: during the build the thresholds are raised; after it, objects are frozen."""
    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", before="""
        import gc
        from sphinx.application import Sphinx

        seen = []
        build = Sphinx.build
        def watched(self, *args, **kwargs):
            seen.append(gc.get_threshold())
            return build(self, *args, **kwargs)
        Sphinx.build = watched
        default = gc.get_threshold()
    """, after="print(rc, seen[0], gc.get_threshold() == default, gc.get_freeze_count() > 10000)")
    assert run.returncode == 0, run.stderr
    from sphinx_citable_blog.speed import gc as garbage_collection

    assert run.stdout.strip() == f"0 {garbage_collection.GC_THRESHOLDS} True True", run.stdout


def test_a_task_process_collects_even_when_started_while_the_main_process_does_not():
    """The feeds' process starts while the pages are written, when the main process (with ``-j``) collects
    nothing; it renders every post again, so it freezes what it inherited and collects its own garbage."""
    from sphinx_citable_blog.speed import gc as garbage_collection

    was_enabled = gc.isenabled()
    try:
        gc.disable()
        task = garbage_collection.in_worker(lambda: (gc.isenabled(), gc.get_freeze_count()))
        enabled, frozen = task()
        assert enabled and frozen > 0
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()
