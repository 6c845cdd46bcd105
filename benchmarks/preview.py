"""Measure the preview as a writer meets it: from saving a post to Chromium showing the change.

Used by ``make bench`` (``bench.py``, at 100 and 1,000 posts) and by the
browser test of the preview (``tests/browser/test_preview.py``, on the seven
posts). The preview is started as ``make live`` starts it (``python -m
blogtools preview``, with drafts, strict); Chromium (Debian's, driven by
Playwright) opens the post's page and keeps it open; each round changes one
word of the post's text, saves the file, and times until the page in the
browser shows the new word. The page reloads itself, told by the preview over
its websocket; nothing here reloads it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Preview:
    """A running preview of the site at *src*."""

    src: Path
    port: int
    process: subprocess.Popen
    log: Path

    def url(self, page: str) -> str:
        return f"http://127.0.0.1:{self.port}/{page}"

    def builds(self) -> int:
        return self.log.read_text(encoding="utf-8").count("Built in ") if self.log.exists() else 0

    def wait_for_builds(self, count: int, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.builds() < count:
            failed = "The build failed" in self.log.read_text(encoding="utf-8")
            if failed or self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log.read_text(encoding="utf-8")
                raise RuntimeError("the preview failed, stopped or did not build:\n" + log)
            time.sleep(0.05)


@contextmanager
def running_preview(src: Path, python: str = sys.executable, log: Path | None = None) -> Iterator[Preview]:
    """``make live``'s preview of *src*, once its first build is done."""
    port = free_port()
    log = log or src / "_build" / "preview.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [python, "-m", "blogtools", "preview", "-W", "--keep-going", "-n", "--host", "127.0.0.1", "--port",
             str(port), "--ignore", "_build", "-d", "_build/live-doctrees", ".", "_build/live"],
            cwd=src, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "DRAFTS": "1"}, start_new_session=True)
    preview = Preview(src, port, process, log)
    try:
        preview.wait_for_builds(1)
        yield preview
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@contextmanager
def chromium_page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def shows(page: object, text: str) -> bool:
    """Whether the page in the browser shows *text* (False while it is reloading)."""
    try:
        return bool(page.evaluate("t => document.body !== null && document.body.innerText.includes(t)", text))
    except Exception:  # noqa: BLE001 (the page is being replaced by its reload)
        return False


def wait_until_shown(page: object, text: str, timeout: float = 60) -> float:
    """Seconds until the page shows *text*."""
    started = time.perf_counter()
    while not shows(page, text):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"the page never showed {text!r}")
        time.sleep(0.005)
    return time.perf_counter() - started


def first_word_of_text(source: str) -> str:
    """A word of the post's first paragraph (after its front matter and title), to change."""
    body = source.split("\n---\n", 1)[1]
    paragraph = next(p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "-", "`", "%")))
    return re.findall(r"[A-Za-z]{4,}", paragraph)[0]


def save_times(preview: Preview, post: Path, page_path: str, page: object, rounds: int = 10,
               pause: float = 1.0) -> list[float]:
    """Seconds from saving *post* to the browser's *page* showing the change, for each of *rounds* saves."""
    times = []
    page.goto(preview.url(page_path))
    page.wait_for_function("() => document.readyState === 'complete'")
    time.sleep(pause)  # the page's websocket is open
    for round_ in range(rounds):
        source = post.read_text(encoding="utf-8")
        word = first_word_of_text(source)
        marker = f"Previewed{round_}x{int(time.time() * 1000) % 100000}"
        builds = preview.builds()
        post.write_text(source.replace(word, marker, 1), encoding="utf-8")
        times.append(wait_until_shown(page, marker))
        preview.wait_for_builds(builds + 1)  # the rest of the build is done before the next save
        time.sleep(pause)
    return times


def median_save_time(src: Path, post: Path, page_path: str, rounds: int = 10, python: str = sys.executable) -> float:
    with running_preview(src, python) as preview, chromium_page() as page:
        return statistics.median(save_times(preview, post, page_path, page, rounds))
