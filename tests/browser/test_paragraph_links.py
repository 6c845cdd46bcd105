"""The pilcrow after each paragraph of a post (citation.permalinks, static/permalinks.js).

It is hidden until the reader hovers over the paragraph or tabs to the link;
a click copies the paragraph's permanent address (on the site's canonical
address, not wherever the page happens to be served from); without the
clipboard API the link is simply followed.
"""

from __future__ import annotations

import pytest
from conftest import DEFAULT_SITE_URL

pytestmark = pytest.mark.browser

POST = "posts/2014/04/pressure-of-work.html"
LINK = "article p[id^='p-'] a.paragraph-link"


def opacity(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).opacity")


def test_pilcrow_appears_on_hover_and_on_keyboard_focus(new_context, http_site):
    page = new_context().context.new_page()
    page.goto(http_site.url(POST))
    first = f"{LINK} >> nth=0"
    assert page.eval_on_selector(first, "el => getComputedStyle(el, '::after').content") == '"¶"'
    page.mouse.move(0, 0)
    assert opacity(page, first) == "0"
    page.hover("article p[id^='p-'] >> nth=0")
    assert opacity(page, first) == "1"
    page.mouse.move(0, 0)
    page.focus(first)
    assert opacity(page, first) == "1"
    assert page.get_by_role("link", name="Link to this paragraph").count() >= 7


def test_click_copies_the_paragraphs_permanent_address(new_context, http_site):
    visit = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = visit.context.new_page()
    page.goto(http_site.url(POST))
    anchor = page.eval_on_selector(f"{LINK} >> nth=2", "el => el.closest('p').id")
    page.hover(f"#{anchor}")
    page.click(f"#{anchor} a.paragraph-link")
    assert page.evaluate("navigator.clipboard.readText()") == f"{DEFAULT_SITE_URL}{POST}#{anchor}"
    assert page.evaluate("location.hash") == f"#{anchor}"


def test_without_the_clipboard_the_link_is_followed(new_context, http_site):
    visit = new_context()
    visit.context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page = visit.context.new_page()
    page.goto(http_site.url(POST))
    anchor = page.eval_on_selector(f"{LINK} >> nth=1", "el => el.closest('p').id")
    page.hover(f"#{anchor}")
    page.click(f"#{anchor} a.paragraph-link")
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.eval_on_selector(f"#{anchor}", "el => el.matches(':target')")
