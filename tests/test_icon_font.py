"""The icon font is cut down to the glyphs the site shows (reading.icon_font)."""

from __future__ import annotations

import json
import re

from fontTools.ttLib import TTFont
from sphinx_citable_blog.compat.pydata_theme import FONT_DIR, original_fonts
from sphinx_citable_blog.reading.icon_font import icon_codepoints, icon_names, literal_glyphs, used_codepoints

ORIGINALS = original_fonts()


def test_icon_codepoints_from_font_awesome_css():
    css = '.fa-magnifying-glass,.fa-search{--fa:"\\f002"}.fa-sun{--fa:"\\f185"}.fa-lg{font-size:1.25em}'
    assert icon_codepoints(css) == {"fa-magnifying-glass": 0xF002, "fa-search": 0xF002, "fa-sun": 0xF185}


def test_icon_names_and_literal_glyphs():
    assert icon_names('<i class="theme-switch fa-solid fa-sun fa-lg"></i> f.classList="fa-solid fa-xmark"') == {
        "fa-solid", "fa-sun", "fa-lg", "fa-xmark"}
    assert literal_glyphs('a:before{content:"\uf104"} b:after{content:"x"}') == {0xF104}


def test_icon_names_are_the_whole_words_a_regular_expression_finds():
    text = ('fa-first sofa-bed _fa-no éfa-no 1fa-no -fa-yes.fa-x2 fa- fa-a- fa-a-b-- "fa-q"fa-r '
            '<i class="fa-solid\tfa-sun">fa-Upper fa-9</i>fa-last')
    assert icon_names(text) == set(re.findall(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*", text))
    assert {"fa-first", "fa-yes", "fa-x2", "fa-a", "fa-a-b", "fa-last"} <= icon_names(text)
    assert not {"fa-bed", "fa-no"} & icon_names(text)


def test_built_fonts_hold_exactly_the_glyphs_used(site):
    used = used_codepoints(site.outdir)
    # The header's icons, the theme's CSS icons (previous/next arrows, "hide search matches").
    assert {0xF002, 0xF185, 0xF186, 0xF042, 0xF0C9, 0xF104, 0xF105, 0xF010} <= used
    solid = site.outdir / FONT_DIR / "fa-solid-900.woff2"
    original = set(TTFont(str(ORIGINALS / "fa-solid-900.woff2")).getBestCmap())
    assert set(TTFont(str(solid)).getBestCmap()) == used & original
    assert solid.stat().st_size < 8 * 1024 < (ORIGINALS / "fa-solid-900.woff2").stat().st_size


def test_subsetting_is_reproducible(tmp_path):
    import datetime as dt

    import time_machine
    from sphinx_citable_blog.reading.icon_font import subset_font

    first, second = tmp_path / "a.woff2", tmp_path / "b.woff2"
    with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=dt.UTC), tick=False):
        subset_font(ORIGINALS / "fa-solid-900.woff2", first, {0xF002, 0xF185})
    with time_machine.travel(dt.datetime(2031, 6, 1, tzinfo=dt.UTC), tick=False):
        subset_font(ORIGINALS / "fa-solid-900.woff2", second, {0xF002, 0xF185})
    assert first.read_bytes() == second.read_bytes()


def test_page_scan_reads_only_pages_that_changed(tmp_path):
    from sphinx_citable_blog.reading.icon_font import page_icon_names

    out, cache = tmp_path / "html", tmp_path / "cache.json"
    out.mkdir()
    (out / "a.html").write_text('<i class="fa-solid fa-sun"></i>')
    (out / "b.html").write_text('<i class="fa-solid fa-moon"></i>')
    assert page_icon_names(out, cache) == {"fa-solid", "fa-sun", "fa-moon"}
    # What the cache says of an unchanged page is believed: a.html is not read again.
    entries = json.loads(cache.read_text())
    entries["a.html"][2] = ["fa-from-cache"]
    cache.write_text(json.dumps(entries))
    (out / "b.html").write_text('<i class="fa-solid fa-xmark fa-lg"></i>')  # rewritten: read again
    (out / "c.html").write_text('<i class="fa-bars"></i>')  # new
    assert page_icon_names(out, cache) == {"fa-from-cache", "fa-solid", "fa-xmark", "fa-lg", "fa-bars"}
    (out / "c.html").unlink()  # gone: its icons no longer count
    assert "fa-bars" not in page_icon_names(out, cache)


def test_a_page_written_from_text_in_hand_is_not_read_again(tmp_path):
    """The sidebars' splice (speed.refresh) hands over the icon names of the pages it writes."""
    from sphinx_citable_blog.reading.icon_font import page_icon_names

    out, cache = tmp_path / "html", tmp_path / "cache.json"
    out.mkdir()
    page = out / "a.html"
    page.write_text('<i class="fa-solid fa-sun"></i>')
    assert page_icon_names(out, cache) == {"fa-solid", "fa-sun"}
    page.write_text('<i class="fa-solid fa-moon"></i>')
    stat = page.stat()
    # Believed while the page is as it was written: the planted name shows that it was not read.
    written = {"a.html": [stat.st_mtime_ns, stat.st_size, ["fa-handed-over"]]}
    assert page_icon_names(out, cache, written) == {"fa-handed-over"}
    page.write_text('<i class="fa-solid fa-bars"></i>')  # changed since: read again
    assert page_icon_names(out, cache, written) == {"fa-solid", "fa-bars"}
