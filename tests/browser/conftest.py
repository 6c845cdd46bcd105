"""Browser fixtures: the built site served over HTTP on loopback, and Chromium.

The site (the session's ``site`` build) is served by a small ``http.server``
under the path it has on the web (``/en/latest/``), with gzip compression of
text files as a real web server does, and the 404 page for any missing
address, as Read the Docs does. Chromium is Debian's, driven by Playwright;
nothing is downloaded, and any request that leaves the site is refused (and
recorded, for the privacy test).

A missing browser or Playwright fails the tests with what to install.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import DEFAULT_SITE_URL, PROJECT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SITE_PATH = urlsplit(DEFAULT_SITE_URL).path  # "/en/latest/"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# Compressed like a web server does; woff2 and images are compressed already.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
GZIP_LEVEL = 6  # zlib's default, what nginx and Apache users typically configure
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Served:
    """A request the test server answered."""

    path: str
    status: int
    encoded_bytes: int  # body bytes sent, after compression


@dataclass
class SiteServer:
    root: Path
    base_url: str  # "http://127.0.0.1:PORT/en/latest/"
    log: list[Served] = field(default_factory=list)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, page: str = "") -> str:
        return self.base_url + page


def _handler(server_state: SiteServer) -> type[SimpleHTTPRequestHandler]:
    root = server_state.root

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            gzip_it = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE)
            if gzip_it:
                body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            if gzip_it:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            server_state.log.append(Served(self.path, status, len(body)))

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path in ("/", SITE_PATH.rstrip("/")):
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", SITE_PATH)
                self.end_headers()
                return
            file = None
            if path.startswith(SITE_PATH):
                rel = path.removeprefix(SITE_PATH)
                candidate = (root / rel).resolve()
                if candidate.is_dir():
                    candidate = candidate / "index.html"
                if candidate.is_relative_to(root) and candidate.is_file():
                    file = candidate
            if file is None:
                self._send(HTTPStatus.NOT_FOUND, (root / "404.html").read_bytes(), "text/html; charset=utf-8")
                return
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "application/xml"):
                ctype += "; charset=utf-8"
            self._send(HTTPStatus.OK, file.read_bytes(), ctype)

        do_HEAD = do_GET

    return Handler


@pytest.fixture(scope="session")
def http_site(site) -> Iterator[SiteServer]:
    """The built site on http://127.0.0.1:<free port>/en/latest/."""
    mimetypes.add_type("font/woff2", ".woff2")
    mimetypes.add_type("application/javascript", ".js")
    state = SiteServer(site.outdir.resolve(), "")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, through Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: install the test tools with `make test` "
                    "or `.venv/bin/pip install -r requirements-dev.txt`.")
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with `apt-get install chromium` "
                    "(or point the CHROMIUM environment variable at a Chromium binary).")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """A browser context whose requests are recorded; requests off the site are refused."""

    context: object
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@pytest.fixture
def new_context(chromium, http_site):
    """Make a fresh browser context (empty cache, no storage): ``new_context(viewport=..., dark=...)``."""
    made = []

    def _make(viewport: dict | None = None, dark: bool = False, **kwargs) -> Visit:
        context = chromium.new_context(viewport=viewport or DESKTOP, **kwargs)
        visit = Visit(context)
        made.append(context)

        def on_request(request) -> None:
            visit.requests.append(request.url)

        def guard(route) -> None:
            url = route.request.url
            if url.startswith((http_site.origin + "/", "file://", "data:", "blob:")):
                route.continue_()
            else:
                visit.foreign.append(url)
                route.abort()

        context.on("request", on_request)
        context.route("**/*", guard)
        if dark:
            context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
        return visit

    yield _make
    for context in made:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh desktop-sized context."""
    return new_context().context.new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: $TEST_ARTIFACTS, or _build/test-artifacts in the project."""
    folder = Path(os.environ.get("TEST_ARTIFACTS", PROJECT / "_build" / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        npm = "npm" if shutil.which("npm") else "npm (apt-get install nodejs npm)"
        pytest.fail(f"axe-core is missing at {AXE}: install it with `npm ci --prefix tests/browser` (needs {npm}).")
    return AXE.read_text(encoding="utf-8")
