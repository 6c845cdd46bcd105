"""``make live``: preview the site, rebuilt on every save by a process kept warm, the browser reloaded.

sphinx-autobuild runs a new ``sphinx-build`` for each save, so a writer waited
for Python to start, Sphinx and the extensions to load and the environment to
be read again before the browser showed anything (1.2 s on seven posts). Here
one process, the *builder*, is kept warm: Sphinx and the extensions imported,
and the next build's Sphinx application already made (configuration read,
extensions set up, environment loaded) while the writer is still typing. On a
save, a child forked from the builder builds with that application; the
builder's own copy is never spoiled by a build, and makes the next one when
the child is done. The browser reloads as soon as the page of the saved post
is written; the rest (listing pages, feeds) is written after it, as in any
build, so the site served ends as a clean build makes it.

A change that is not a page's source (``references.bib``, ``tags.yaml``,
``conf.py``, a template) is checked when an application is made, so the child
makes a new one, as ``sphinx-build`` would. A build that stops on a writer's
mistake leaves the last good site served, and the next save builds again.

The server side is sphinx-autobuild's (its file watcher, websocket and page
script, through ``sphinx_citable_blog.compat.autobuild``) with Starlette and
uvicorn; the builder runs in its own single-threaded process, since forking a
process that runs threads (the server's) is unsafe.

Run as ``python -m blogtools preview [sphinx-build options] SOURCEDIR OUTDIR``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import multiprocessing
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import unquote

# Directories never watched: the build's own output and tools' folders.
IGNORED = (".git", ".venv", "venv", "node_modules", "__pycache__", ".pytest_cache", "_build", "tests", "benchmarks")
# Sources whose change the pre-made application cannot take: documents are read by any build, these
# only when an application is made (configuration, bibliography and tags checks, templates).
DOCUMENT_SUFFIXES = (".md", ".rst")


@dataclass
class Options:
    srcdir: Path
    outdir: Path
    doctreedir: Path
    overrides: dict[str, str] = field(default_factory=dict)
    strict: bool = False  # -W: warnings fail the build
    nitpicky: bool = False  # -n
    host: str = "127.0.0.1"
    port: int = 8000
    ignore: tuple[str, ...] = ()

    def sphinx_argv(self) -> list[str]:
        """The same build as ``sphinx-build`` arguments (for a build without the pre-made application)."""
        argv = ["-b", "html", "-d", str(self.doctreedir)]
        if self.strict:
            argv += ["-W", "--keep-going"]
        if self.nitpicky:
            argv.append("-n")
        for name, value in self.overrides.items():
            argv += ["-D", f"{name}={value}"]
        return [*argv, str(self.srcdir), str(self.outdir)]


# -- The builder process -------------------------------------------------------------------------------


class WarmBuilder:
    """Keeps the next build's Sphinx application made, and builds in a child forked from it."""

    def __init__(self, options: Options, server: Connection) -> None:
        self.options = options
        self.server = server
        self.app: Any = None
        self.namespace: contextlib.ExitStack | None = None
        self.yielded = False  # in a build's child: whether it has lowered its priority

    def prepare(self) -> None:
        """Make the next build's application (None if the site has a mistake found when it is made)."""
        from sphinx.application import Sphinx  # noqa: PLC0415
        from sphinx.util.docutils import docutils_namespace, patch_docutils  # noqa: PLC0415

        from sphinx_citable_blog.compat.ablog import forget_blog  # noqa: PLC0415

        if self.namespace is not None:
            self.namespace.close()
        forget_blog()  # the posts as the last build read them
        self.app, self.namespace = None, contextlib.ExitStack()
        self.namespace.enter_context(patch_docutils(self.options.srcdir))
        self.namespace.enter_context(docutils_namespace())
        try:
            self.app = Sphinx(
                str(self.options.srcdir), str(self.options.srcdir), str(self.options.outdir),
                str(self.options.doctreedir), "html", confoverrides=dict(self.options.overrides),
                status=io.StringIO(), warning=sys.stderr, warningiserror=self.options.strict,
                keep_going=self.options.strict, verbosity=0,
            )
            if self.options.nitpicky:
                self.app.config.nitpicky = True
        except SystemExit as stopped:  # a writer's mistake, reported: the child builds from scratch
            if stopped.code not in (None, 0):
                print(stopped.code, file=sys.stderr, flush=True)
        except Exception:  # noqa: BLE001 (reported; the child's own build will report it again)
            traceback.print_exc()

    def build(self, changed: list[str]) -> int:
        """Build in a forked child; tell the server when the saved pages are written, and when it is done."""
        documents = [p for p in changed if p.endswith(DOCUMENT_SUFFIXES)]
        warm = self.app is not None and len(documents) == len(changed)
        pid = os.fork()
        if pid == 0:
            os._exit(self.build_in_child(documents if warm else None))
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)

    def build_in_child(self, documents: list[str] | None) -> int:
        """Build (with the pre-made application, when *documents* are all that changed); return the status."""
        try:
            if documents is None:
                from sphinx.cmd.build import build_main  # noqa: PLC0415

                if self.namespace is not None:  # give back what the pre-made application registered
                    self.namespace.close()
                return build_main(["-q", *self.options.sphinx_argv()])
            from sphinx_citable_blog.compat.sphinx import (  # noqa: PLC0415
                after_page_written,
                save_environment_in_background,
                write_first,
            )

            app = self.app
            saved = {app.env.path2doc(path) for path in documents} - {None}
            write_first(app, saved)
            after_page_written(app, lambda page: page in saved and self.page_ready(page))
            environment_saved = save_environment_in_background()
            try:
                app.build(force_all=False)
            finally:
                environment_saved()
            return app.statuscode
        except SystemExit as stopped:
            if stopped.code not in (None, 0):
                print(stopped.code, file=sys.stderr, flush=True)
            return 1
        except Exception:  # noqa: BLE001 (a crash: shown, and the preview goes on)
            traceback.print_exc()
            return 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()

    def first_build(self) -> int:
        """The first build, in this process: every cache a build fills for the process (compiled regular
        expressions, CSS selectors, templates read) is then warm for the children forked from it."""
        self.prepare()
        if self.app is None:
            return self.build([])
        try:
            self.app.build(force_all=False)
            return self.app.statuscode
        except SystemExit as stopped:
            if stopped.code not in (None, 0):
                print(stopped.code, file=sys.stderr, flush=True)
            return 1
        except Exception:  # noqa: BLE001 (shown; the preview goes on)
            traceback.print_exc()
            return 1

    def page_ready(self, page: str) -> None:
        """Tell the server that the saved *page* is written; the rest of the build yields to the browser."""
        self.server.send(("ready", page))
        if not self.yielded:
            self.yielded = True
            os.nice(10)  # the browser reloading the page gets the processor first

    def serve(self) -> None:
        """Wait for the server's requests: build, then make the next application."""
        first = True
        while True:
            try:
                request = self.server.recv()
            except EOFError:
                return
            started = time.perf_counter()
            status = self.first_build() if first else self.build(request)
            first = False
            self.server.send(("done", status, time.perf_counter() - started))
            self.prepare()


def run_builder(options: Options, server: Connection) -> None:
    # Imported here, in the builder process, before any request: this is what keeps it warm.
    import sphinx.application  # noqa: F401, PLC0415
    import sphinx.cmd.build  # noqa: F401, PLC0415

    WarmBuilder(options, server).serve()


# -- The server process ----------------------------------------------------------------------------------


class Preview:
    """Serves the output folder, watches the sources, asks the builder to build, and reloads the browser."""

    def __init__(self, options: Options, builder: Connection) -> None:
        self.options = options
        self.builder = builder
        self.reload = asyncio.Event()
        self.lock = asyncio.Lock()
        self.idle = asyncio.Event()  # no build is writing pages
        self.written: set[str] = set()  # pages the build under way has written: "/posts/2014/04/x.html"

    async def build(self, changed: list[str]) -> None:
        async with self.lock:
            shown = [str(Path(p).relative_to(self.options.srcdir)) for p in changed[:5]
                     if Path(p).is_relative_to(self.options.srcdir)]
            if shown:
                saved = max((Path(p).stat().st_mtime for p in changed if Path(p).exists()), default=time.time())
                lag = time.time() - saved
                print(f"Changed: {', '.join(shown)}; building ({lag:.2f} s after the save)", flush=True)
            self.idle.clear()
            self.written.clear()
            started = time.perf_counter()
            self.builder.send(changed)
            while True:
                message = await asyncio.to_thread(self.builder.recv)
                if message[0] == "ready":
                    self.written.add(f"/{message[1]}.html")
                    print(f"  {message[1]} written after {time.perf_counter() - started:.2f} s", flush=True)
                    self.reload.set()
                    continue
                _, status, seconds = message
                break
            self.idle.set()
            self.reload.set()
            if status == 0:
                print(f"Built in {seconds:.2f} s; serving on http://{self.options.host}:{self.options.port}",
                      flush=True)
            else:
                print("The build failed (see above): the last site built is still served. Fix the mistake and "
                      "save again.", flush=True)

    def wait_for_writes(self, app: Any) -> Any:
        """ASGI middleware: a page is served once the build under way has written it (or has finished), never
        half-written; files that are not pages are served at once.

        A page is answered from one whole read of its file, not streamed from
        it: Sphinx writes pages in place, so a page streamed when no build was
        under way could be cut short by a build that started meanwhile (the
        answer ending before its ``Content-Length``). A read that finds a page
        cut short (not ending with ``</html>``) waits for the build to finish
        and reads again.
        """

        async def middleware(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                path = scope.get("path", "/")
                page = path if path.endswith(".html") else path.rstrip("/") + "/index.html" if "." not in \
                    path.rsplit("/", 1)[-1] else ""
                if page and page not in self.written:
                    await self.idle.wait()
                body = await self.whole_page(page) if page and scope.get("method") == "GET" else None
                if body is not None:
                    from starlette.responses import Response  # noqa: PLC0415

                    await Response(body, media_type="text/html")(scope, receive, send)
                    return
            await app(scope, receive, send)

        return middleware

    async def whole_page(self, page: str) -> bytes | None:
        """The page at URL path *page* as the last build that wrote it left it, or None if there is no such
        file under the output folder (which the static files' server then answers)."""
        outdir = self.options.outdir.resolve()
        target = (outdir / unquote(page).lstrip("/")).resolve()
        if not target.is_relative_to(outdir):
            return None
        for _ in range(2):
            try:
                body = target.read_bytes()
            except OSError:  # not a file (a folder, or gone)
                return None
            if body.rstrip().endswith(b"</html>"):
                break
            await self.idle.wait()  # being written: the build that writes it is under way
        return body

    def ignored(self, path: str) -> bool:
        parts = Path(path).resolve().relative_to(self.options.srcdir).parts if Path(path).resolve().is_relative_to(
            self.options.srcdir) else ()
        return (not parts or parts[0] in IGNORED or parts[0] in self.options.ignore or parts[-1].startswith(".")
                or Path(path).resolve().is_relative_to(self.options.outdir.resolve()))

    async def watch(self) -> None:
        import watchfiles  # noqa: PLC0415

        await self.build([])
        async for changes in watchfiles.awatch(self.options.srcdir, watch_filter=lambda _, p: not self.ignored(p),
                                               step=20, debounce=400):
            await self.build(sorted({str(Path(path).resolve()) for _, path in changes}))

    async def websocket(self, socket: Any) -> None:
        await socket.accept()
        waiting = asyncio.create_task(self.send_reloads(socket))
        try:
            async for _ in socket.iter_text():
                pass
        finally:
            waiting.cancel()

    async def send_reloads(self, socket: Any) -> None:
        while True:
            await self.reload.wait()
            self.reload.clear()
            await socket.send_text("refresh")

    def app(self) -> Any:
        from starlette.applications import Starlette  # noqa: PLC0415
        from starlette.routing import Mount, WebSocketRoute  # noqa: PLC0415
        from starlette.staticfiles import StaticFiles  # noqa: PLC0415

        from sphinx_citable_blog.compat.autobuild import reload_script_middleware  # noqa: PLC0415

        @contextlib.asynccontextmanager
        async def lifespan(_: Any) -> Any:
            task = asyncio.create_task(self.watch())
            yield
            task.cancel()

        self.options.outdir.mkdir(parents=True, exist_ok=True)
        return Starlette(
            routes=[
                WebSocketRoute("/websocket-reload", self.websocket),
                Mount("/", app=self.wait_for_writes(StaticFiles(directory=self.options.outdir, html=True))),
            ],
            middleware=[reload_script_middleware(f"{self.options.host}:{self.options.port}")],
            lifespan=lifespan,
        )


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m blogtools preview", description=__doc__.split("\n\n")[0])
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("-d", dest="doctreedir", type=Path, default=None)
    parser.add_argument("-D", dest="overrides", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("-W", dest="strict", action="store_true")
    parser.add_argument("-n", dest="nitpicky", action="store_true")
    parser.add_argument("--keep-going", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--ignore", action="append", default=[], help="a top-level folder not to watch")
    args = parser.parse_args(argv)
    srcdir = args.sourcedir.resolve()
    outdir = args.outdir.resolve()
    return Options(srcdir, outdir, (args.doctreedir or outdir.parent / "doctrees").resolve(),
                   dict(item.split("=", 1) for item in args.overrides), args.strict, args.nitpicky, args.host,
                   args.port, tuple(args.ignore))


def main(argv: list[str]) -> int:
    options = parse(argv)
    # The builder is forked now, before the server starts any thread.
    server_end, builder_end = multiprocessing.get_context("fork").Pipe()
    builder = multiprocessing.get_context("fork").Process(target=run_builder, args=(options, builder_end),
                                                          daemon=True)
    builder.start()
    import uvicorn  # noqa: PLC0415

    print(f"Preview on http://{options.host}:{options.port}/ (Ctrl+C to stop)", flush=True)
    try:
        uvicorn.run(Preview(options, server_end).app(), host=options.host, port=options.port, log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        builder.terminate()
    return 0
