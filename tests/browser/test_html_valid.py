"""Every generated page is valid HTML according to the Nu HTML Checker.

vnu.jar (the ``vnu-jar`` package pinned in tests/browser/package.json, installed
with ``npm ci --prefix tests/browser``) runs on Java over every page of the
built site. Errors fail the test unless tests/data/vnu-allowlist.txt accepts
them, with a reason; info messages and warnings do not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT

pytestmark = pytest.mark.validator

VNU = Path(__file__).resolve().parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = PROJECT / "tests" / "data" / "vnu-allowlist.txt"


def allowlist(text: str) -> dict[str, str]:
    """Message prefix -> reason, from the allow-list file's text."""
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            message, sep, reason = line.partition(" :: ")
            assert sep and message.strip() and reason.strip(), f"allow-list entry without a reason: {line!r}"
            out[message.strip()] = reason.strip()
    return out


def vnu(pages: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: install it with `apt-get install default-jre-headless`.")
    if not VNU.is_file():
        pytest.fail(f"The Nu HTML Checker is missing at {VNU}: install it with "
                    "`npm ci --prefix tests/browser` (needs Node.js and npm).")
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stderr)["messages"]


def errors(messages: list[dict], allowed: dict[str, str]) -> tuple[list[str], set[str]]:
    """The errors not allowed, and the allow-list entries that were used."""
    left, used = [], set()
    for m in messages:
        if m["type"] not in ("error", "non-document-error"):
            continue
        entry = next((a for a in allowed if m["message"].startswith(a)), None)
        if entry is not None:
            used.add(entry)
            continue
        page = m.get("url", "").rpartition("/html/")[2]
        left.append(f"{page}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}")
    return left, used


def test_allowlist_format():
    assert allowlist("# comment\n\nStray end tag :: the theme writes it\n") == {"Stray end tag": "the theme writes it"}
    with pytest.raises(AssertionError, match="without a reason"):
        allowlist("Stray end tag\n")
    allowlist(ALLOWLIST.read_text(encoding="utf-8"))


def test_the_checker_reports_invalid_html(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
                    '<body><p class="a"><p>nested</p></p><div id="a b"></div></body></html>')
    left, _ = errors(vnu([page]), {})
    assert any("No “p” element in scope" in e for e in left), left
    assert any("An ID must not contain whitespace" in e for e in left), left


def test_every_page_is_valid_html(site):
    pages = sorted(p for p in site.outdir.rglob("*.html") if not p.relative_to(site.outdir).parts[0].startswith("_"))
    assert len(pages) > 20
    allowed = allowlist(ALLOWLIST.read_text(encoding="utf-8"))
    left, used = errors(vnu(pages), allowed)
    assert not left, f"{len(left)} errors:\n" + "\n".join(left[:40])
    assert used == set(allowed), f"allow-list entries that match nothing, remove them: {set(allowed) - used}"
