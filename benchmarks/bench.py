"""Time the site's build against Pelican (and Hugo) on the same generated corpus.

Usage (``make bench`` does this)::

    .venv/bin/python benchmarks/bench.py --bench-python .venv-bench/bin/python [--sizes 7 100 1000] [--runs 3]

For each size N it generates an N-post corpus (benchmarks/corpus.py) and
measures, as the median of --runs rounds: the Sphinx site's cold build, a
rebuild with nothing changed, a rebuild after editing one post and after
adding one post; and Pelican's (and Hugo's, when installed) cold build of the
same posts. Each build runs in its own process; wall time and the peak
resident memory of the build are recorded. The builders take turns, round
after round, and each ratio to Pelican is the median of the ratios measured
in the same round, so a machine whose speed changes during the run (shared
machines do, by up to 2x) affects both sides alike. Results go to
benchmarks/results.md.
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


def pelican_cold(src: Path, bench_python: str) -> Sample:
    shutil.rmtree(src / "output", ignore_errors=True)
    return measure([bench_python, "-m", "pelican", "-q", "-s", "pelicanconf.py", "content", "-o", "output"], cwd=src)


def hugo_cold(src: Path, hugo: str) -> Sample:
    shutil.rmtree(src / "public", ignore_errors=True)
    return measure([hugo, "--quiet", "-s", str(src)])


def bench_size(posts: list[corpus.GeneratedPost], workdir: Path, args: argparse.Namespace, hugo: str | None) -> SizeResult:
    """Time the site's SCENARIOS and Pelican's and Hugo's cold builds of *posts*.

    They take turns, round after round (Pelican, Hugo, then the site's four
    builds), so that a machine that slows down or speeds up during the run
    slows them alike; each ratio to Pelican is the median of the ratios of
    the rounds.
    """
    site = SphinxSite(corpus.write_sphinx_site(posts, workdir / "sphinx"), args.jobs)
    victim = corpus.sphinx_post_path(site.src, posts[len(posts) // 2])
    extra = corpus.added_post(posts)
    pelican_src = corpus.write_pelican_site(posts, workdir / "pelican")
    hugo_src = corpus.write_hugo_site(posts, workdir / "hugo") if hugo else None
    rounds: list[dict[str, Sample]] = []
    pelican: list[Sample] = []
    hugo_samples: list[Sample] = []
    for _ in range(args.runs):
        pelican.append(pelican_cold(pelican_src, args.bench_python))
        if hugo and hugo_src:
            hugo_samples.append(hugo_cold(hugo_src, hugo))
        rounds.append(time_scenarios(site, victim, lambda: corpus.write_sphinx_post(site.src, extra)))
    return SizeResult(
        sphinx={scenario: median([r[scenario] for r in rounds]) for scenario in SCENARIOS},
        pelican=median(pelican),
        hugo=median(hugo_samples) if hugo_samples else None,
        vs_pelican={scenario: statistics.median(r[scenario].wall / p.wall for r, p in zip(rounds, pelican))
                    for scenario in SCENARIOS},
    )


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
    parser.add_argument("--sizes", type=int, nargs="+", default=[7, 100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="auto", help="sphinx-build -j JOBS, as make html (default: auto)")
    parser.add_argument("--bench-python", required=True, help="python of the virtualenv with Pelican")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    # Absolute (but not resolved: a virtualenv's python is a symlink), since
    # Pelican runs from its site's folder.
    args.bench_python = os.path.abspath(args.bench_python)
    hugo = shutil.which("hugo", path=str(Path(args.bench_python).parent))
    rows = []
    for n in args.sizes:
        posts = corpus.generate(n)
        with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
            result = bench_size(posts, Path(tmp), args, hugo)
        pelican, hugo_sample = result.pelican, result.hugo
        for scenario, sample in result.sphinx.items():
            row = (n, scenario, sample.wall, sample.rss, result.vs_pelican[scenario],
                   sample.wall / hugo_sample.wall if hugo_sample else None)
            rows.append(row)
            print(f"N={n:5d} {scenario:11s} {sample.wall:8.2f} s {sample.rss / 2**20:7.0f} MiB "
                  f"x{row[4]:6.2f} Pelican", flush=True)
        rows.append((n, "Pelican cold", pelican.wall, pelican.rss, 1.0, pelican.wall / hugo_sample.wall if hugo_sample else None))
        if hugo_sample:
            rows.append((n, "Hugo cold", hugo_sample.wall, hugo_sample.rss, hugo_sample.wall / pelican.wall, 1.0))
        print(f"N={n:5d} Pelican cold {pelican.wall:8.2f} s" + (f"; Hugo {hugo_sample.wall:.2f} s" if hugo_sample else ""), flush=True)
    write_results(args, rows)


def write_results(args, rows) -> None:
    lines = [
        "# Build benchmark",
        "",
        f"Measured {dt.date.today().isoformat()} by `make bench` (benchmarks/bench.py): median of {args.runs} rounds,",
        "each build in its own process; peak memory is the build process's maximum resident set size.",
        "In each round Pelican and Hugo build first, then the four Sphinx builds; \"÷ Pelican cold\" is the",
        "median of the rounds' ratios (the machine's speed varies during a run).",
        "",
        f"- Machine: {machine()}",
        f"- Versions: {versions(args.bench_python)}",
        f"- Sphinx options: `-W --keep-going -n{' -j ' + args.jobs if args.jobs else ''}`",
        "",
        "| posts | build | wall time (s) | peak memory (MiB) | ÷ Pelican cold | ÷ Hugo cold |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n, scenario, wall, rss, vs_pelican, vs_hugo in rows:
        hugo = f"{vs_hugo:.1f}" if vs_hugo else "–"
        lines.append(f"| {n} | {scenario} | {wall:.2f} | {rss / 2**20:.0f} | {vs_pelican:.2f} | {hugo} |")
    changes = HERE / "changes.md"  # written by hand: what each optimisation bought
    if changes.is_file():
        lines += ["", changes.read_text(encoding="utf-8").rstrip()]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
