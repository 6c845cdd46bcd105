"""`make live`'s server answers a page from one whole read, never from a file being rewritten.

Sphinx writes pages in place. A page streamed from its file when no build was
under way could be cut short by a build starting meanwhile (the browser got an
answer shorter than its Content-Length). These call the server's middleware
(``blogtools.preview.Preview.wait_for_writes``) as the ASGI server would.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from blogtools.preview import Options, Preview

PAGE = "<!DOCTYPE html>\n<html><body><p>The whole post.</p></body>\n</html>\n"


def run(make_coroutine):
    """Run the coroutine *make_coroutine()* makes to its end, in a thread of its own (other tests, the
    browser's, may leave an event loop running in this one)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(make_coroutine())).result()


def preview(tmp_path: Path) -> Preview:
    (tmp_path / "html" / "posts").mkdir(parents=True)
    return Preview(Options(tmp_path, tmp_path / "html", tmp_path / "doctrees"), builder=None)  # type: ignore[arg-type]


async def request(server: Preview, path: str, method: str = "GET", inner=None, on_start=None) -> tuple[dict, bytes]:
    """The answer of the middleware to a request for *path*: its start message and its body.

    *inner* is what the middleware passes requests on to (by default, an answer
    saying so); *on_start* is called when the answer starts.
    """
    sent: list[dict] = []

    async def passed_on(scope, receive, send):
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"passed on"})

    received = []

    async def receive():  # the request, then nothing until the client goes (as a server does)
        if received:
            await asyncio.Event().wait()
        received.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)
        if message["type"] == "http.response.start" and on_start:
            on_start()

    scope = {"type": "http", "method": method, "path": path, "headers": [], "query_string": b""}
    await server.wait_for_writes(inner or passed_on)(scope, receive, send)
    return sent[0], b"".join(m.get("body", b"") for m in sent[1:])


def test_a_page_is_answered_whole_though_a_build_rewrites_it_meanwhile(tmp_path):
    from starlette.staticfiles import StaticFiles

    server = preview(tmp_path)
    page = tmp_path / "html" / "posts" / "a-post.html"
    page.write_text(PAGE, encoding="utf-8")
    server.idle.set()  # no build under way: the request is let through

    def build_starts():  # and truncates the page to write it again, as Sphinx does
        page.write_text(PAGE[:30], encoding="utf-8")

    files = StaticFiles(directory=tmp_path / "html", html=True)

    def answer():
        return request(server, "/posts/a-post.html", inner=files, on_start=build_starts)

    # Streamed from the file, the answer would end short of its length: a time limit all the same.
    start, body = run(lambda: asyncio.wait_for(answer(), timeout=10))
    assert start["status"] == 200 and body == PAGE.encode()
    assert dict(start["headers"])[b"content-length"] == str(len(PAGE.encode())).encode()


def test_a_page_found_cut_short_is_read_again_when_the_build_is_done(tmp_path):
    server = preview(tmp_path)
    page = tmp_path / "html" / "posts" / "a-post.html"
    page.write_text(PAGE[:30], encoding="utf-8")  # being written again by the build under way
    server.written.add("/posts/a-post.html")

    async def scenario():
        asking = asyncio.create_task(request(server, "/posts/a-post.html"))
        await asyncio.sleep(0.05)
        assert not asking.done()
        page.write_text(PAGE, encoding="utf-8")
        server.idle.set()  # the build is done
        return await asking

    start, body = run(scenario)
    assert start["status"] == 200 and body == PAGE.encode()


def test_what_is_not_a_page_file_is_left_to_the_static_files(tmp_path):
    server = preview(tmp_path)
    (tmp_path / "secret.html").write_text(PAGE, encoding="utf-8")  # outside the output folder
    server.idle.set()
    for path in ("/missing.html", "/posts/", "/../secret.html", "/_static/style.css"):
        start, body = run(lambda: request(server, path))
        assert (start["status"], body) == (299, b"passed on"), path
    (tmp_path / "html" / "posts" / "a-post.html").write_text(PAGE, encoding="utf-8")
    start, _ = run(lambda: request(server, "/posts/a-post.html", method="HEAD"))
    assert start["status"] == 299
