"""``python -m blogtools new --title "..." --tags "a, b"``: start a new post (``make post``)."""

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
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root or find_project(Path.cwd())
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


if __name__ == "__main__":
    sys.exit(main())
