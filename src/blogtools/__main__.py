"""``python -m blogtools new``: start a new post (``make post``); ``python -m blogtools import``: bring an
old blog in (``make import``); ``python -m blogtools preview``: preview the site as it is written (``make live``);
``python -m blogtools check-archive``: what the built site lacks for a DOI-giving archive (``make check-archive``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from blogtools import PostError, find_project, new_post


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m blogtools", description="Authoring tools for the blog.")
    commands = main.add_subparsers(dest="command", required=True)
    new = commands.add_parser(
        "new",
        help="start a new post in posts/YYYY/MM/<slug>.md",
        description="Start a new post in posts/YYYY/MM/<slug>.md, ready to write and build.",
    )
    new.add_argument("--title", required=True, help='the post\'s title, e.g. "Pressure of Work"')
    new.add_argument("--tags", required=True, help='comma-separated tags from tags.yaml, e.g. "workforce, policy"')
    new.add_argument("--category", default="", help="a category from tags.yaml (default: the first listed)")
    new.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    new.add_argument("--draft", action="store_true", help="mark it 'draft: true': left out of the published site")
    new.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    old = commands.add_parser(
        "import",
        help="bring in the posts of a Blogger or WordPress export",
        description="Write one post per post of a Blogger or WordPress export, with its redirects, citations, "
        "tags and comments, and report what was done and what is left to do. Nothing is written if the export "
        "cannot be read.",
    )
    old.add_argument("platform", choices=["blogger", "wordpress"], help="the platform that wrote the export")
    old.add_argument("export", type=Path, help="the export file (Blogger: feed.atom or blog-*.xml; WordPress: *.xml)")
    old.add_argument("--update", action="store_true", help="rewrite posts already imported instead of skipping them")
    old.add_argument("--media", default="", help="a folder holding the old blog's uploaded images, to copy them from")
    old.add_argument("--category", default="", help="the category of posts the export gives none (Blogger's)")
    old.add_argument("--tags", default="", help='the tags of posts the export gives none, e.g. "policy, research"')
    old.add_argument("--time-zone", default="", help="show the export's UTC times in this zone, e.g. Europe/London")
    old.add_argument("--root", type=Path, default=None, help=argparse.SUPPRESS)
    commands.add_parser("preview", help="serve the site, rebuilt on every save, the browser reloaded (make live)",
                        add_help=False)
    commands.add_parser("check-archive", help="report what the built site lacks for a blog archive that gives "
                        "posts DOIs (make check-archive)", add_help=False)
    return main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["preview"]:  # its options are sphinx-build's: parsed by blogtools.preview
        from blogtools.preview import main as preview  # noqa: PLC0415

        return preview(argv[1:])
    if argv[:1] == ["check-archive"]:
        from blogtools.check_archive import main as check_archive  # noqa: PLC0415

        return check_archive(argv[1:])
    args = parser().parse_args(argv)
    args.root = args.root or find_project(Path.cwd())
    if args.command == "import":
        return import_blog(args)
    try:
        post = new_post(args.root, args.title, args.tags, args.category, args.date, args.draft)
    except PostError as exc:
        print(f"blogtools: cannot create the post: {exc}", file=sys.stderr)
        return 1
    where = post.path.relative_to(args.root).as_posix() if post.path.is_relative_to(args.root) else post.path
    print(f"Created {where}")
    print(f"  date: {post.date.isoformat()}, category: {post.category}, tags: {', '.join(post.tags)}")
    if post.draft:
        print("  a draft: preview it with `make live`; delete 'draft: true' to publish it")
    return 0


def import_blog(args: argparse.Namespace) -> int:
    from blogtools.importer import ImportProblem
    from blogtools.importer.command import run_import
    from blogtools.importer.writer import Options

    options = Options(update=args.update, media=Path(args.media) if args.media else None,
                      category=args.category, tags=args.tags)
    try:
        report = run_import(args.platform, args.export, args.root, options, args.time_zone)
    except ImportProblem as exc:
        for message in exc.messages:
            print(f"blogtools: cannot import: {message}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
