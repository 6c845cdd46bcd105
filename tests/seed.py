"""The original text of the blog (tests/data/seed.txt), split into posts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "seed.txt"

# The posts' titles as they appear in the original, newest first.
TITLES = [
    "Outsourcing",
    "Mandatory Reporting - the wrong approach",
    "Stepping up but not staying in?",
    "Learning Organisations",
    "Is it any wonder that child protection social work in England is not a developing profession?",
    "Ofsted – and the TIWPIR problem",
    "Pressure of Work",
]
DATE_LINE = re.compile(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{1,2} \w+ \d{4})$")


@dataclass
class SeedPost:
    title: str
    date: str  # as the original shows it, without the weekday: "15 April 2014"
    paragraphs: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Collapse white space, as HTML rendering does."""
    return re.sub(r"\s+", " ", text).strip()


def split_posts(text: str | None = None) -> list[SeedPost]:
    """Posts in the original order; a date line applies until the next one."""
    text = SEED.read_text(encoding="utf-8") if text is None else text
    posts: list[SeedPost] = []
    date = None
    block: list[str] = []

    def flush() -> None:
        if block and posts:
            posts[-1].paragraphs.append(normalise(" ".join(block)))
        block.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if m := DATE_LINE.match(line):
            flush()
            date = m.group(1)
        elif line in TITLES:
            flush()
            assert date is not None, f"post {line!r} has no date line before it"
            posts.append(SeedPost(line, date))
        elif not line:
            flush()
        else:
            block.append(line)
    flush()
    return posts
