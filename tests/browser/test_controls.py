"""Every icon and control works without Font Awesome's script.

The icons are drawn from the theme's web font, cut down to the glyphs the site
uses (reading.icon_font): each icon a page shows must be in that font. The
controls the theme and the site's scripts add must still do their job: the
light/dark switch, the search button and Ctrl+K dialog, "Back to top", the
"hide search matches" link, the sidebar toggles on a phone and the copy button.
"""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont

from .conftest import PHONE

pytestmark = pytest.mark.browser

POST = "posts/2014/04/stepping-up-but-not-staying-in.html"
FONT = "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2"

# Every element whose ::before or ::after draws a private-use (icon) character,
# with the character and whether the element is visible.
ICONS_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      const m = style.content.match(/[\\ue000-\\uf8ff]/);
      if (!m) continue;
      out.push({cls: el.className.toString(), pseudo, glyph: m[0].codePointAt(0),
                family: style.fontFamily, weight: style.fontWeight,
                visible: el.checkVisibility() && el.getBoundingClientRect().width > 0});
    }
  }
  return out;
}"""


def icon_font_glyphs(site) -> set[int]:
    return set(TTFont(str(site.outdir / FONT)).getBestCmap())


def assert_icons_drawn(page, glyphs: set[int], where: str) -> int:
    """Every visible icon on *page* is in the (loaded) icon font; returns how many there are."""
    icons = [i for i in page.evaluate(ICONS_JS) if i["visible"]]
    for icon in icons:
        assert "Font Awesome 7 Free" in icon["family"] and icon["weight"] == "900", (where, icon)
        assert icon["glyph"] in glyphs, (where, icon, f"U+{icon['glyph']:04X} is not in the icon font")
    if icons:
        status = page.evaluate("""() => [...document.fonts]
            .filter(f => f.family.includes('Font Awesome 7 Free') && f.weight === '900').map(f => f.status)""")
        assert status == ["loaded"], (where, status)
    return len(icons)


@pytest.mark.parametrize("path", ["index.html", POST, "blog/tag/policy.html", "blog/2014.html", "search.html?q=ofsted"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_visible_icon_is_in_the_icon_font(new_context, http_site, site, path, viewport):
    visit = new_context(viewport=PHONE if viewport == "phone" else None)
    page = visit.context.new_page()
    page.goto(http_site.url(path), wait_until="networkidle")
    page.evaluate("() => document.fonts.ready")
    assert assert_icons_drawn(page, icon_font_glyphs(site), path) >= 2


def test_the_icon_check_catches_a_missing_glyph(new_context, http_site, site):
    page = new_context().context.new_page()
    page.goto(http_site.url(POST), wait_until="networkidle")
    page.evaluate("() => document.fonts.ready")
    with pytest.raises(AssertionError, match="is not in the icon font"):
        assert_icons_drawn(page, icon_font_glyphs(site) - {0xF002}, POST)  # no magnifier


def test_light_dark_switch_changes_the_theme_and_its_icon(new_context, http_site, site):
    page = new_context().context.new_page()
    page.goto(http_site.url(POST), wait_until="networkidle")
    switch = page.locator(".bd-header-article .theme-switch-button")
    for mode, theme in [("dark", "dark"), ("light", "light"), ("auto", "light")]:  # the browser prefers light
        switch.click()
        menu_item = page.locator(f'.bd-header-article .theme-change-button[data-mode="{mode}"]')
        menu_item.click()
        assert page.evaluate("() => document.documentElement.dataset.mode") == mode
        assert page.evaluate("() => document.documentElement.dataset.theme") == theme
        assert page.locator(f'.bd-header-article .theme-switch[data-mode="{mode}"]').is_visible(), mode
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(255, 255, 255)" if theme == "light" else "rgb(18, 18, 18)"), (mode, background)
        assert_icons_drawn(page, icon_font_glyphs(site), f"{mode} mode")
    # The choice is remembered on the next page.
    switch.click()
    page.locator('.bd-header-article .theme-change-button[data-mode="dark"]').click()
    page.goto(http_site.url("index.html"))
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"


def test_ctrl_k_on_a_desktop_focuses_the_sidebar_search_field(page, http_site):
    page.goto(http_site.url(POST), wait_until="networkidle")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-primary-sidebar form.bd-search input[name=q]")
    assert field.evaluate("el => el === document.activeElement")
    page.keyboard.type("retention")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=retention"))
    page.locator("#search-results ul.search li").first.wait_for()
    assert "Stepping up but not staying in?" in page.locator("#search-results ul.search li").first.inner_text()


@pytest.mark.parametrize("how", ["button", "ctrl+k"])
def test_search_on_a_phone_opens_the_search_dialog(new_context, http_site, how):
    # The sidebar's search field is folded away on a phone (_static/search-button.js).
    page = new_context(viewport=PHONE).context.new_page()
    page.goto(http_site.url(POST), wait_until="networkidle")
    if how == "button":
        page.locator(".bd-header-article button.search-button").click()
    else:
        page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    assert field.is_visible()
    assert field.evaluate("el => el === document.activeElement")
    page.keyboard.type("Ofsted")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Ofsted"))
    first = page.locator("#search-results ul.search li").first
    first.wait_for()
    assert first.inner_text().startswith("Ofsted – and the TIWPIR problem")


def test_back_to_top(new_context, http_site):
    # The theme offers it below 1200 px, once the reader scrolls back up.
    page = new_context(viewport=PHONE).context.new_page()
    page.goto(http_site.url(POST), wait_until="networkidle")
    button = page.locator("#pst-back-to-top")
    page.mouse.wheel(0, 4000)
    page.wait_for_function("() => window.scrollY > 2000")
    page.mouse.wheel(0, -300)
    button.wait_for(state="visible")
    button.click()
    page.wait_for_function("() => window.scrollY === 0")


def test_hide_search_matches_link(new_context, http_site, site):
    page = new_context().context.new_page()
    page.goto(http_site.url("search.html?q=Ofsted"), wait_until="networkidle")
    page.locator("#search-results ul.search li a").first.click()
    page.wait_for_url(re.compile(r"ofsted-and-the-tiwpir-problem\.html"))
    highlighted = page.locator("article span.highlighted")
    highlighted.first.wait_for()
    hide = page.locator("#searchbox .highlight-link a")
    assert hide.is_visible()
    assert_icons_drawn(page, icon_font_glyphs(site), "highlighted post")  # with the link's own icon
    hide.click()
    page.wait_for_function("() => !document.querySelector('span.highlighted, #searchbox .highlight-link')")


@pytest.mark.parametrize("toggle, dialog, text", [
    (".primary-toggle", "#pst-primary-sidebar-modal", "Recent Posts"),
    (".secondary-toggle", "#pst-secondary-sidebar-modal", "References"),
])
def test_sidebar_toggles_on_a_phone(new_context, http_site, toggle, dialog, text):
    page = new_context(viewport=PHONE).context.new_page()
    page.goto(http_site.url(POST), wait_until="networkidle")
    page.locator(f".bd-header-article {toggle}").click()
    modal = page.locator(dialog)
    modal.wait_for(state="visible")
    assert modal.get_by_text(text, exact=True).first.is_visible()
    page.keyboard.press("Escape")
    modal.wait_for(state="hidden")


def test_copy_buttons_copy(new_context, http_site):
    visit = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = visit.context.new_page()
    page.goto(http_site.url(POST), wait_until="networkidle")
    buttons = page.locator("button.cite-copy")
    assert buttons.count() >= 1
    for i in range(buttons.count()):
        button = buttons.nth(i)
        target = page.locator(f"#{button.get_attribute('data-copy-target')} pre")
        button.click()
        page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == target.inner_text().rstrip("\n")
