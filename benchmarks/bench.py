"""Time the site's build against Pelican (and Hugo) on the same generated corpus.

Usage (``make bench`` does this)::

    .venv/bin/python benchmarks/bench.py --bench-python .venv-bench/bin/python \
        [--sizes 7 100 1000 2000] [--serial-sizes 1000] [--preview-sizes 100 1000] [--runs 3]

For each size N it generates an N-post corpus built like the real posts
(benchmarks/corpus.py: citations and a reference list in every post) and
measures, as the median of --runs rounds: the Sphinx site's cold build, a
rebuild with nothing changed, a rebuild after editing one post and after
adding one post, as ``make html`` builds (``-j auto``) and, for the
--serial-sizes, serially too (as Read the Docs builds); and Pelican's (and
Hugo's, when installed) cold build of the same posts. Each build runs in its
own process; wall time and the peak resident memory of the build are
recorded. The builders take turns, round after round, and each ratio to
Pelican is the median of the ratios measured in the same round, so a machine
whose speed changes during the run (shared machines do, by up to 2x) affects
both sides alike.

Then, for the --preview-sizes, the preview (``make live``) is started on the
corpus and Chromium times ten saves of a post, from the save to the page
showing the change (benchmarks/preview.py). Also measured: the floor of the
stack (the site with no posts, cold), and how each build grows from 1,000 to
2,000 posts. Results go to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import corpus
import preview

HERE = Path(__file__).resolve().parent
# Runs one command and prints its wall time and the peak RSS of its process tree.
MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"wall": wall, "rss": rss, "rc": p.returncode, "err": p.stderr[-2000:]}))
"""


# The Sphinx builds timed for each corpus size.
SCENARIOS = ("cold", "no change", "one edited", "one added")
# What each build may take at 1,000 posts, as a multiple of Pelican's cold build in the same round.
TARGETS = {"cold": 5.0, "no change": 0.3, "one edited": 0.5, "one added": 0.8}
# How much longer any build may take with twice the posts (1,000 to 2,000): no quadratic step.
GROWTH_LIMIT = 2.2
# The preview: seconds from saving a post to the browser showing it, median of ten saves.
PREVIEW_TARGETS = {7: 0.5, 1000: 1.0}
PREVIEW_SAVES = 10


@dataclass
class Sample:
    wall: float
    rss: int


def measure(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Sample:
    full_env = {**os.environ, **env} if env else None
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, capture_output=True, text=True, check=True,
                         env=full_env)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"build failed: {' '.join(cmd)}\n{result['err']}")
    return Sample(result["wall"], result["rss"])


def median(samples: list[Sample]) -> Sample:
    return Sample(statistics.median(s.wall for s in samples), max(s.rss for s in samples))


class SphinxSite:
    def __init__(self, src: Path, jobs: str | None, env: dict[str, str] | None = None) -> None:
        self.src, self.out, self.doctrees = src, src / "_build" / "html", src / "_build" / "doctrees"
        self.jobs, self.env = jobs, env

    def build(self) -> Sample:
        cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html",
               "-d", str(self.doctrees), str(self.src), str(self.out)]
        if self.jobs:
            cmd[4:4] = ["-j", self.jobs]
        return measure(cmd, env=self.env)

    def clean(self) -> None:
        shutil.rmtree(self.src / "_build", ignore_errors=True)


def time_scenarios(site: SphinxSite, victim: Path, add_post: Callable[[], Path]) -> dict[str, Sample]:
    """One round of the SCENARIOS on *site*: *victim* is the post edited, *add_post* writes the post added."""
    site.clean()
    times = {"cold": site.build(), "no change": site.build()}
    original = victim.read_text(encoding="utf-8")
    victim.write_text(original + "\nOne more sentence.\n", encoding="utf-8")
    times["one edited"] = site.build()
    victim.write_text(original, encoding="utf-8")
    site.build()
    added = add_post()
    times["one added"] = site.build()
    added.unlink()
    return times


@dataclass
class SizeResult:
    """One corpus size: medians of the rounds, and each build's ratios to Pelican's cold build of the same round."""

    sphinx: dict[str, Sample]
    pelican: Sample
    hugo: Sample | None
    vs_pelican: dict[str, float]
    serial: dict[str, Sample] | None = None  # the same builds, serial (Read the Docs)
    serial_vs_pelican: dict[str, float] | None = None
    preview: list[float] | None = None  # seconds from each save to the browser showing it


def pelican_cold(src: Path, bench_python: str) -> Sample:
    shutil.rmtree(src / "output", ignore_errors=True)
    return measure([bench_python, "-m", "pelican", "-q", "-s", "pelicanconf.py", "content", "-o", "output"], cwd=src)


def hugo_cold(src: Path, hugo: str) -> Sample:
    shutil.rmtree(src / "public", ignore_errors=True)
    return measure([hugo, "--quiet", "-s", str(src)])


def medians(rounds: list[dict[str, Sample]], pelican: list[Sample]) -> tuple[dict[str, Sample], dict[str, float]]:
    return ({scenario: median([r[scenario] for r in rounds]) for scenario in SCENARIOS},
            {scenario: statistics.median(r[scenario].wall / p.wall for r, p in zip(rounds, pelican))
             for scenario in SCENARIOS})


def bench_size(posts: list[corpus.GeneratedPost], workdir: Path, args: argparse.Namespace,
               hugo: str | None) -> SizeResult:
    """Time the site's SCENARIOS and Pelican's and Hugo's cold builds of *posts*, then the preview.

    They take turns, round after round (Pelican, Hugo, then the site's four
    builds, then its four serial builds), so that a machine that slows down
    or speeds up during the run slows them alike; each ratio to Pelican is
    the median of the ratios of the rounds.
    """
    n = len(posts)
    site = SphinxSite(corpus.write_sphinx_site(posts, workdir / "sphinx"), args.jobs)
    serial = SphinxSite(corpus.write_sphinx_site(posts, workdir / "serial"), None) if n in args.serial_sizes else None
    middle = posts[len(posts) // 2]
    extra = corpus.added_post(posts)
    pelican_src = corpus.write_pelican_site(posts, workdir / "pelican")
    hugo_src = corpus.write_hugo_site(posts, workdir / "hugo") if hugo else None
    rounds: list[dict[str, Sample]] = []
    serial_rounds: list[dict[str, Sample]] = []
    pelican: list[Sample] = []
    hugo_samples: list[Sample] = []
    for _ in range(args.runs):
        pelican.append(pelican_cold(pelican_src, args.bench_python))
        if hugo and hugo_src:
            hugo_samples.append(hugo_cold(hugo_src, hugo))
        for target, results in ((site, rounds), (serial, serial_rounds)):
            if target is not None:
                results.append(time_scenarios(target, corpus.sphinx_post_path(target.src, middle),
                                              lambda t=target: corpus.write_sphinx_post(t.src, extra)))
    sphinx, vs_pelican = medians(rounds, pelican)
    result = SizeResult(sphinx, median(pelican), median(hugo_samples) if hugo_samples else None, vs_pelican)
    if serial_rounds:
        result.serial, result.serial_vs_pelican = medians(serial_rounds, pelican)
    if n in args.preview_sizes:
        page_path = corpus.sphinx_post_path(Path(), middle).with_suffix(".html").as_posix()
        with preview.running_preview(site.src, log=workdir / "preview.log") as running, \
                preview.chromium_page() as page:
            result.preview = preview.save_times(running, corpus.sphinx_post_path(site.src, middle), page_path, page,
                                                rounds=PREVIEW_SAVES)
    return result


def floor(args: argparse.Namespace, workdir: Path) -> tuple[Sample, Sample]:
    """The floor of the stack: the site with no posts, cold, against Pelican's seven posts, in turns."""
    site = SphinxSite(corpus.write_sphinx_site([], workdir / "empty"), args.jobs)
    pelican_src = corpus.write_pelican_site(corpus.generate(7), workdir / "pelican")
    empty, pelican = [], []
    for _ in range(args.runs):
        pelican.append(pelican_cold(pelican_src, args.bench_python))
        site.clean()
        empty.append(site.build())
    return median(empty), median(pelican)


def versions(bench_python: str) -> str:
    ours = ", ".join(f"{n} {metadata.version(n)}" for n in
                     ("sphinx", "ablog", "myst-parser", "sphinxcontrib-bibtex", "sphinx-book-theme"))
    theirs = subprocess.run([bench_python, "-c", "import importlib.metadata as m; print('pelican', "
                             "m.version('pelican'))"], capture_output=True, text=True).stdout.strip()
    return f"{ours}; {theirs}"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")))
    return f"{os.cpu_count()} cores ({cpu}), {mem / 2**20:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[7, 100, 1000, 2000])
    parser.add_argument("--serial-sizes", type=int, nargs="*", default=[1000],
                        help="sizes also built serially, as Read the Docs builds (default: 1000)")
    parser.add_argument("--preview-sizes", type=int, nargs="*", default=[100, 1000],
                        help="sizes at which the preview is timed in Chromium (default: 100 1000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="auto", help="sphinx-build -j JOBS, as make html (default: auto)")
    parser.add_argument("--bench-python", required=True, help="python of the virtualenv with Pelican")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    # Absolute (but not resolved: a virtualenv's python is a symlink), since
    # Pelican runs from its site's folder.
    args.bench_python = os.path.abspath(args.bench_python)
    hugo = shutil.which("hugo", path=str(Path(args.bench_python).parent))
    results: dict[int, SizeResult] = {}
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        empty, pelican7 = floor(args, Path(tmp))
    print(f"floor: the site with no posts, cold {empty.wall:.2f} s; Pelican, 7 posts {pelican7.wall:.2f} s", flush=True)
    for n in args.sizes:
        posts = corpus.generate(n)
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            result = results[n] = bench_size(posts, Path(tmp), args, hugo)
        for scenario, sample in result.sphinx.items():
            print(f"N={n:5d} {scenario:11s} {sample.wall:8.2f} s {sample.rss / 2**20:7.0f} MiB "
                  f"x{result.vs_pelican[scenario]:6.2f} Pelican", flush=True)
        for scenario, sample in (result.serial or {}).items():
            print(f"N={n:5d} {scenario:11s} {sample.wall:8.2f} s serial x{result.serial_vs_pelican[scenario]:6.2f} "
                  "Pelican", flush=True)
        print(f"N={n:5d} Pelican cold {result.pelican.wall:8.2f} s"
              + (f"; Hugo {result.hugo.wall:.2f} s" if result.hugo else ""), flush=True)
        if result.preview:
            print(f"N={n:5d} preview: shown {statistics.median(result.preview):.2f} s after the save", flush=True)
    write_results(args, results, empty, pelican7)


def build_rows(results: dict[int, SizeResult]) -> list[str]:
    lines = []
    for n, result in results.items():
        hugo = result.hugo
        for scenario, sample in result.sphinx.items():
            vs_hugo = sample.wall / hugo.wall if hugo else None
            lines.append(row(n, scenario, sample, result.vs_pelican[scenario], vs_hugo))
        lines.append(row(n, "Pelican cold", result.pelican, 1.0, result.pelican.wall / hugo.wall if hugo else None))
        if hugo:
            lines.append(row(n, "Hugo cold", hugo, hugo.wall / result.pelican.wall, 1.0))
    return lines


def row(n: int, build: str, sample: Sample, vs_pelican: float, vs_hugo: float | None) -> str:
    hugo = f"{vs_hugo:.1f}" if vs_hugo else "–"
    return f"| {n} | {build} | {sample.wall:.2f} | {sample.rss / 2**20:.0f} | {vs_pelican:.2f} | {hugo} |"


def met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def write_results(args: argparse.Namespace, results: dict[int, SizeResult], empty: Sample, pelican7: Sample) -> None:
    corpus_doc = corpus.__doc__.split("\n\n")
    lines = [
        "# Build benchmark",
        "",
        f"Measured {dt.date.today().isoformat()} by `make bench` (benchmarks/bench.py): median of {args.runs} rounds,",
        "each build in its own process; peak memory is the build process's maximum resident set size.",
        "In each round Pelican and Hugo build first, then the four Sphinx builds (and the four serial ones);",
        "\"÷ Pelican cold\" is the median of the rounds' ratios (the machine's speed varies during a run).",
        "",
        f"- Machine: {machine()}",
        f"- Versions: {versions(args.bench_python)}",
        f"- Sphinx options: `-W --keep-going -n{' -j ' + args.jobs if args.jobs else ''}`",
        "",
        "## The corpus",
        "",
        *[" ".join(paragraph.split()) + "\n" for paragraph in corpus_doc[1:]],
        "## Builds, as `make html` builds",
        "",
        "| posts | build | wall time (s) | peak memory (MiB) | ÷ Pelican cold | ÷ Hugo cold |",
        "|---:|---|---:|---:|---:|---:|",
        *build_rows(results),
    ]
    if 1000 in results:
        thousand = results[1000]
        lines += ["", "## Targets at 1,000 posts", "",
                  "| build | ÷ Pelican cold | target | met |", "|---|---:|---:|---|"]
        lines += [f"| {scenario} | {thousand.vs_pelican[scenario]:.2f} | ≤ {limit} | "
                  f"{met(thousand.vs_pelican[scenario] <= limit)} |" for scenario, limit in TARGETS.items()]
    if 1000 in results and 2000 in results:
        small, large = results[1000], results[2000]
        lines += ["", "## Growth: 2,000 posts against 1,000", "",
                  "No step of the build may grow faster than the site: each build of 2,000 posts takes at most",
                  f"{GROWTH_LIMIT} times as long as the same build of 1,000.", "",
                  "| build | 1,000 posts (s) | 2,000 posts (s) | ratio | within " + str(GROWTH_LIMIT) + " |",
                  "|---|---:|---:|---:|---|"]
        for scenario in SCENARIOS:
            ratio = large.sphinx[scenario].wall / small.sphinx[scenario].wall
            lines.append(f"| {scenario} | {small.sphinx[scenario].wall:.2f} | {large.sphinx[scenario].wall:.2f} | "
                         f"{ratio:.2f} | {met(ratio <= GROWTH_LIMIT)} |")
        pelican_ratio = large.pelican.wall / small.pelican.wall
        lines.append(f"| Pelican cold | {small.pelican.wall:.2f} | {large.pelican.wall:.2f} | {pelican_ratio:.2f} | "
                     f"{met(pelican_ratio <= GROWTH_LIMIT)} |")
    serial = {n: r for n, r in results.items() if r.serial}
    if serial:
        lines += ["", "## Serial builds, as Read the Docs builds", "",
                  "Read the Docs runs `sphinx-build` without `-j`; the same corpus, the same rounds.", "",
                  "| posts | serial build | wall time (s) | peak memory (MiB) | ÷ Pelican cold |",
                  "|---:|---|---:|---:|---:|"]
        for n, result in serial.items():
            lines += [f"| {n} | serial {scenario} | {sample.wall:.2f} | {sample.rss / 2**20:.0f} | "
                      f"{result.serial_vs_pelican[scenario]:.2f} |" for scenario, sample in result.serial.items()]
    previews = {n: r.preview for n, r in results.items() if r.preview}
    if previews:
        lines += ["", "## The preview (`make live`)", "",
                  "From saving a post to Chromium showing the changed text, the page open and reloaded by the",
                  f"preview itself (benchmarks/preview.py); median of {PREVIEW_SAVES} saves. The seven real posts are",
                  "timed by the browser test (tests/browser/test_preview.py; target 0.5 s).", "",
                  "| posts | shown after (s, median) | each save (s) | target |", "|---:|---:|---|---|"]
        for n, times in previews.items():
            target = PREVIEW_TARGETS.get(n)
            lines.append(f"| {n} | {statistics.median(times):.2f} | {', '.join(f'{t:.2f}' for t in times)} | "
                         + (f"≤ {target} s: {met(statistics.median(times) <= target)}" if target else "–") + " |")
    lines += ["", "## The floor", "",
              "The site with no posts (its configuration, extensions, theme, home and about pages) builds cold in",
              f"{empty.wall:.2f} s, {empty.wall / pelican7.wall:.1f} times Pelican's build of seven posts "
              f"({pelican7.wall:.2f} s) in the same rounds:",
              "no build of the seven posts can be faster than that, so the seven-post cold build is reported",
              "above but has no target of its own."]
    changes = HERE / "changes.md"  # written by hand: what each optimisation bought
    if changes.is_file():
        lines += ["", changes.read_text(encoding="utf-8").rstrip()]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
