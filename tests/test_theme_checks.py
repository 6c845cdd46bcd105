"""The theme's emptiness check is skipped for templates that cannot come out empty (speed.theme_checks).

The site is the same with the speed layer and without it (test_speed_layer);
these tests check which templates count as never empty, and that a build
no longer renders those a second time for the check.
"""

from __future__ import annotations

import pytest
from conftest import copy_project, sphinx_main_watched
from jinja2 import DictLoader, Environment


@pytest.mark.parametrize(("source", "expected"), [
    ('<div class="buttons">{% for b in buttons %}{{ b }}{% endfor %}</div>', True),
    ('{% from "m.html" import f with context %}\n\n<nav>{{ f() }}</nav>\n', True),
    ("{% if toc %}<nav>{{ toc }}</nav>{% endif %}", False),  # text only inside a condition
    ("{{ sidebar_fragment('x.html') }}", False),  # an expression may be empty
    ("  \n{# a comment #}\n  ", False),  # white space only
    ('{% extends "base.html" %}<p>ignored</p>', False),  # what shows is the parent's
    ("{% block body %}<p>text</p>{% endblock %}", False),  # a block another template may replace
    ("{% if x %}", False),  # a template that does not parse is left to the theme's check
])
def test_a_template_is_never_empty_only_when_it_writes_text_at_its_top_level(source, expected):
    from sphinx_citable_blog.compat.pydata_theme import never_empty

    environment = Environment(loader=DictLoader({"t.html": source}))
    assert never_empty(environment, "t.html") is expected
    assert never_empty(environment, "missing.html") is False


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ sidebar_fragment('x.html') }}", True),  # sidebar_fragment frames every panel in comments
    ("{% if x %}{{ sidebar_fragment('x.html') }}{% endif %}", False),
    ("{{ other('x.html') }}", False),
    ("{{ sidebar_fragment }}", False),  # not a call
])
def test_a_template_that_calls_a_function_that_always_writes_is_never_empty(source, expected):
    from sphinx_citable_blog.compat.pydata_theme import never_empty
    from sphinx_citable_blog.speed.theme_checks import ALWAYS_WRITE

    environment = Environment(loader=DictLoader({"t.html": source}))
    assert never_empty(environment, "t.html", ALWAYS_WRITE) is expected


def test_a_build_no_longer_renders_the_article_buttons_to_check_them(tmp_path):
    """The article header's buttons (``<div class="article-header-buttons">``) and the sidebar's panels were
    rendered once more per page."""
    run = sphinx_main_watched(copy_project(tmp_path / "src"), tmp_path / "html", before="""
        from pydata_sphinx_theme import utils

        checked = []
        update = utils._update_and_remove_templates  # the speed layer wraps this at builder-inited
        def watched(app, context, templates, section, templates_skip_empty_check=None):
            render = app.builder.templates.render
            def counted(name, ctx):
                checked.append(name)
                return render(name, ctx)
            app.builder.templates.render = counted
            try:
                return update(app, context, templates, section, templates_skip_empty_check)
            finally:
                app.builder.templates.render = render
        utils._update_and_remove_templates = watched
    """, after="print(rc, sorted(set(checked)))")
    assert run.returncode == 0, run.stderr
    rc, names = run.stdout.split(" ", 1)
    assert "page-toc.html" in names  # a template that can be empty is still checked
    assert "article-header-buttons.html" not in names
    assert "toggle-primary-sidebar.html" not in names
    assert "panels/ablog/tagcloud.html" not in names and "panels/sbt-sidebar-nav.html" not in names
