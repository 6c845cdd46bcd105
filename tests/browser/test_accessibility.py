"""axe-core finds no serious or critical accessibility problem, in light or dark mode.

axe-core (pinned in tests/browser/package.json, installed with
``npm ci --prefix tests/browser``) is injected into each page in Chromium.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "index.html",
    "post": "posts/2014/04/stepping-up-but-not-staying-in.html",
    "tag": "blog/tag/organisational-culture.html",
    "archive": "blog/2014.html",
    "month archive": "blog/2014/04.html",
    "search": "search.html?q=Ofsted",
    "404": "posts/2014/04/gone.html",
}
SERIOUS = ("serious", "critical")


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def serious(violations: list[dict]) -> list[str]:
    out = []
    for v in violations:
        nodes = v["nodes"]
        if v["impact"] in SERIOUS and nodes:
            out.append(f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
                f"    {json.dumps(n['target'])}: {n.get('failureSummary', '')[:300]}" for n in nodes[:5]))
    return out


def test_axe_reports_a_planted_problem(new_context, http_site, axe_source):
    page = new_context().context.new_page()
    page.goto(http_site.url(PAGES["post"]), wait_until="networkidle")
    page.evaluate("() => { const i = document.createElement('img'); i.src = '_static/x.png';"
                  " document.querySelector('article').append(i); }")  # an image without alt text
    assert any(line.startswith("image-alt (critical)") for line in serious(axe_violations(page, axe_source)))


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(new_context, http_site, axe_source, name, mode):
    page = new_context(dark=mode == "dark").context.new_page()
    page.goto(http_site.url(PAGES[name]), wait_until="networkidle")
    if name == "search":
        page.locator("#search-results ul.search li").first.wait_for()
    page.evaluate("() => document.fonts.ready")
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode
    problems = serious(axe_violations(page, axe_source))
    assert not problems, f"{PAGES[name]} ({mode}):\n" + "\n".join(problems)
