"""Time `gecli validate` on a tree of plans against a bare parse of the same files.

    python benchmarks/run.py TREE [--repeat 5] [--jobs N] [--compare-jobs] [--startup] [--profile]

Run it with the Python of the environment where gecli is installed (the check is started
as ``python -m gecli``, with that interpreter). Measured:

- bare parse: a fresh ``python`` process reads every ``.yaml`` file under TREE (bytes,
  UTF-8 decode) and loads it with ``yaml.load(text, Loader=yaml.CSafeLoader)``, one
  process, files in sorted order; wall time of the whole process;
- the check: ``python -m gecli validate --format json TREE > /dev/null``, wall time of the
  whole process; its exit code must be 0 or 1. ``--jobs N`` is passed on to gecli;
- each check is paired with a bare parse run just before it (--repeat pairs); the ratio
  of each pair, and the medians, are printed: a machine that slows down for a while
  slows both sides of a pair;
- peak memory of the check: the largest single process (``wait4`` rusage, which covers its
  worker processes) and the sums of RSS and of PSS over its process tree, sampled every
  50 ms from /proc (PSS shares out the pages forked workers share with their parent);
- in-process: the findings of ``validate([TREE])`` by rule and severity, and the time of
  writing the report in each format (text, json, github, sarif), streamed to /dev/null as
  the CLI streams it to its output, as a share of the check;
- ``--compare-jobs``: the check with ``--jobs 1`` and ``--jobs 2``, paired the same way;
- ``--startup``: ``python -c "import yaml"``, ``gecli --help`` and ``gecli validate
  plans/kon-tum/2025.yaml`` from the repository root, with the ``gecli`` script installed
  next to this Python (run it with the Python of a plain ``pip install .`` to measure what
  users get), medians of at least 11 runs;
- in a fresh process, that ``gecli.cli`` + ``gecli.validate.validate([TREE])`` leave
  ``docx`` (python-docx) and ``jinja2`` out of ``sys.modules``;
- ``--profile``: the top 15 cumulative entries of ``cProfile`` for one
  ``validate([TREE], jobs=1)`` in a fresh process (cProfile slows pure-Python code more
  than C code: read it for proportions).
"""

from __future__ import annotations

import argparse
import collections
import gc
import importlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BARE = r"""
import sys, time, yaml
from pathlib import Path
root = Path(sys.argv[1])
files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
               and not any(part.startswith(".") for part in p.relative_to(root).parts))
start = time.perf_counter()
for path in files:
    yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
print(len(files), time.perf_counter() - start)
"""

IMPORTS = r"""
import sys, gecli.cli, gecli.validate
gecli.validate.validate([sys.argv[1]])
print("docx" in sys.modules, "jinja2" in sys.modules)
"""


PROFILE = r"""
import cProfile, pstats, sys, gecli.cli
from gecli.validate import validate
profiler = cProfile.Profile()
profiler.enable()
validate([sys.argv[1]], jobs=1)
profiler.disable()
pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(15)
"""


def plan_files(tree: Path) -> list[Path]:
    """The files gecli reads in a folder: .yaml/.yml, recursively, no hidden parts."""
    return sorted(
        p
        for p in tree.rglob("*")
        if p.suffix in (".yaml", ".yml") and p.is_file() and not any(part.startswith(".") for part in p.relative_to(tree).parts)
    )


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """Resident memory of ``pid`` and all its descendants, from /proc ((0, 0) once gone): the
    sum of their RSS, which counts the pages forked workers share with their parent once per
    process, and the sum of their PSS, which shares each such page out among them."""
    rss, pss, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def _busy_seconds() -> float:
    """CPU time used by the whole machine so far (all processes, all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except OSError:
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


class Run:
    """One child process: wall time, exit code, CPU time and peak memory."""

    def __init__(self, command: list[str], capture: bool = False, cwd: Path | None = None):
        self.peak_tree_kb = self.peak_tree_pss_kb = 0
        out = tempfile.TemporaryFile() if capture else subprocess.DEVNULL
        err = tempfile.TemporaryFile()  # a file, not a pipe: nothing can block on a full pipe
        busy = _busy_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
        sampler = threading.Thread(target=self._sample, args=(process,), daemon=True)
        sampler.start()
        # wait4 gives this child's own rusage (its waited-for workers included), unlike
        # RUSAGE_CHILDREN, whose ru_maxrss is a maximum over every child so far.
        _, status, usage = os.wait4(process.pid, 0)
        self.wall = time.perf_counter() - start
        busy = _busy_seconds() - busy
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.join()
        self.output = _read(out) if capture else ""
        self.errors = _read(err)
        self.code = process.returncode
        self.cpu = usage.ru_utime + usage.ru_stime
        self.maxrss_kb = usage.ru_maxrss  # kilobytes on Linux
        # Other work on the machine meanwhile, in cores (this script's sampler included,
        # which is small): anything well above 0 means the timing is not trustworthy.
        self.others = max(0.0, (busy - self.cpu) / self.wall)

    def _sample(self, process: subprocess.Popen) -> None:
        while process.returncode is None:
            rss, pss = _tree_memory_kb(process.pid)
            self.peak_tree_kb, self.peak_tree_pss_kb = max(self.peak_tree_kb, rss), max(self.peak_tree_pss_kb, pss)
            time.sleep(0.05)


def _read(file) -> str:
    file.seek(0)
    text = file.read().decode("utf-8", errors="replace")
    file.close()
    return text


def gecli_source() -> str:
    """Where gecli is imported from, and its git commit when that is a checkout."""
    try:
        import gecli
    except ImportError:
        return "gecli NOT importable"
    where = Path(gecli.__file__).parent
    try:
        commit = subprocess.run(["git", "-C", str(where), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        changed = subprocess.run(["git", "-C", str(where), "status", "--porcelain", "--", "."], capture_output=True, text=True)
    except OSError:
        return f"gecli {gecli.__version__} from {where}"
    if commit.returncode != 0:
        return f"gecli {gecli.__version__} from {where} (not a git checkout)"
    state = ", with uncommitted changes" if changed.stdout.strip() else ""
    return f"gecli {gecli.__version__} from {where} (git {commit.stdout.strip()}{state})"


def findings_table(report) -> list[str]:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for finding in report.findings:
        if not finding.suppressed:
            counts[finding.rule][finding.severity.value] += 1
    severities = ("error", "warning", "note")
    width = max([len("rule")] + [len(rule) for rule in counts])
    lines = ["  " + "rule".ljust(width) + "".join(s.rjust(9) for s in severities)]
    for rule in sorted(counts):
        lines.append("  " + rule.ljust(width) + "".join(str(counts[rule][s] or "-").rjust(9) for s in severities))
    return lines


TARGET = 1.2  # the check at most this many times the bare parse


def median(values: list[float]) -> float:
    return statistics.median(values)


def paired(tree: Path, command: list[str], repeat: int) -> tuple[list[Run], list[Run]]:
    """``repeat`` pairs: a bare parse, then the check; every run must succeed."""
    bares, checks = [], []
    for _ in range(repeat):
        bare = Run([sys.executable, "-c", BARE, str(tree)], capture=True)
        if bare.code != 0:
            sys.exit(f"bare parse failed (exit {bare.code}):\n{bare.errors}")
        check = Run(command)
        if check.code not in (0, 1):
            sys.exit(f"{' '.join(command[2:])} exited {check.code} (expected 0 or 1):\n{check.errors[-3000:]}")
        bares.append(bare)
        checks.append(check)
    return bares, checks


def describe(name: str, bares: list[Run], checks: list[Run], plans: int) -> float:
    ratios = [c.wall / b.wall for b, c in zip(bares, checks)]
    bare, check = median([b.wall for b in bares]), median([c.wall for c in checks])
    cpu = median([c.cpu for c in checks])
    others = max(max(r.others for r in bares), max(r.others for r in checks))
    print(
        f"{name}: {check:.2f} s (bare parse {bare:.2f} s); ratio {median(ratios):.2f}x median "
        f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)}); {plans / check:.0f} plans/s; CPU {cpu:.1f} s = {cpu / check:.2f} cores"
    )
    print(
        f"  peak RSS: {median([c.maxrss_kb for c in checks]) / 1024:.0f} MB largest process, "
        f"{median([c.peak_tree_kb for c in checks]) / 1024:.0f} MB process tree "
        f"({median([c.peak_tree_kb for c in checks]) / plans:.1f} KB per plan), "
        f"{median([c.peak_tree_pss_kb for c in checks]) / 1024:.0f} MB process tree PSS; bare parse {median([b.maxrss_kb for b in bares]) / 1024:.0f} MB"
    )
    if others > 0.2:
        print(f"  WARNING: other processes used up to {others:.2f} cores meanwhile; rerun on a quiet machine")
    return median(ratios)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, help="a folder of plans (see benchmarks/generate.py)")
    parser.add_argument("--repeat", type=int, default=5, help="pairs of timed runs; medians are reported (default 5)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for the check (default: gecli's choice)")
    parser.add_argument("--compare-jobs", action="store_true", help="also time --jobs 1 against --jobs 2")
    parser.add_argument("--startup", action="store_true", help="also time start-up: import yaml, gecli --help, one plan")
    parser.add_argument("--profile", action="store_true", help="also profile one single-process validate()")
    args = parser.parse_args(argv)
    tree = args.tree
    if not tree.is_dir():
        parser.error(f"{tree} is not a folder")
    files = plan_files(tree)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    cpus = os.cpu_count() or 1
    try:
        import yaml

        libyaml = "libyaml" if yaml.__with_libyaml__ else "NO libyaml"
        yaml_version = yaml.__version__
    except ImportError:
        parser.error("PyYAML is not installed in this interpreter's environment")
    print(
        f"tree {tree}: {len(files)} files, {megabytes:.1f} MB; {cpus} CPUs ({platform.machine()}); "
        f"Python {platform.python_version()}; PyYAML {yaml_version} ({libyaml}); {time.strftime('%Y-%m-%d')}"
    )
    print(gecli_source())

    command = [sys.executable, "-m", "gecli", "validate", "--format", "json", str(tree)]
    if args.jobs:
        command[4:4] = ["--jobs", str(args.jobs)]
    jobs = f"--jobs {args.jobs}" if args.jobs else "default jobs"
    ratio = describe(f"gecli validate --format json ({jobs})", *paired(tree, command, args.repeat), len(files))
    verdict = "within" if ratio <= TARGET else f"over by {ratio / TARGET:.2f}x"
    print(f"ratio check/bare: {ratio:.2f}x (target <= {TARGET}x: {verdict})")

    if args.compare_jobs:
        walls = {}
        for jobs_n in (1, 2):
            bares, checks = paired(tree, [*command[:4], "--jobs", str(jobs_n), *command[4:]], args.repeat)
            describe(f"gecli validate --jobs {jobs_n}", bares, checks, len(files))
            walls[jobs_n] = median([c.wall for c in checks])
        print(f"--jobs 2 / --jobs 1: {walls[2] / walls[1]:.2f}x ({'not slower' if walls[2] <= walls[1] * 1.02 else 'SLOWER'})")

    import gecli.cli  # noqa: F401  (what `gecli validate` imports, so the check below is fair)
    from gecli.validate import validate

    start = time.perf_counter()
    report = validate([str(tree)], jobs=args.jobs)
    took = time.perf_counter() - start
    weaker = {f.file for f in report.findings if f.rule == "weaker-than-parent" and f.severity.value == "error" and not f.suppressed}
    print(
        f"findings (validate([TREE]) in-process, {took:.1f} s; {len(report.plans)} plans read, "
        f"exit code {report.exit_code()}; {len(weaker)} plans weaker than their parent; {len(report.findings)} findings):"
    )
    print("\n".join(findings_table(report)))
    print("writing the report, in-process, streamed to /dev/null as the CLI streams it (share of that check):")
    gc.disable()  # as the CLI does once the report is made
    for name in ("text", "json_format", "github", "sarif"):
        module = importlib.import_module(f"gecli.output.{name}")
        began = time.perf_counter()
        with open(os.devnull, "w", encoding="utf-8") as sink:  # not a terminal: plain text
            if name == "text":
                module.print_report(report, sink, "vi")
            else:
                for chunk in module.chunks(report, "vi"):
                    sink.write(chunk)
        spent = time.perf_counter() - began
        print(f"  {name:12} {spent:6.2f} s  {100 * spent / took:5.1f} %")
    gc.enable()

    if args.startup:
        # The pre-commit case of the issue: the console script on a bundled plan, from the
        # repository root so that its parent (the national strategy) is found as a user's is.
        repo = Path(__file__).resolve().parent.parent
        script = Path(sys.executable).with_name("gecli")
        console = [str(script)] if script.exists() else [sys.executable, "-m", "gecli"]
        for name, run_command in (
            ('python -c "import yaml"', [sys.executable, "-c", "import yaml"]),
            ("gecli --help", [*console, "--help"]),
            ("gecli validate plans/kon-tum/2025.yaml", [*console, "validate", "plans/kon-tum/2025.yaml"]),
        ):
            runs = [Run(run_command, cwd=repo) for _ in range(max(args.repeat, 11))]
            # (Peak memory as sampled: a child's own maxrss counts this big process it was forked from.)
            print(f"start-up: {name}: {median([r.wall for r in runs]):.3f} s median, {min(r.wall for r in runs):.3f} s best, "
                  f"{max(r.peak_tree_kb for r in runs) / 1024:.0f} MB")

    imports = Run([sys.executable, "-c", IMPORTS, str(tree)], capture=True)
    flags = imports.output.split()
    if imports.code != 0 or len(flags) != 2:
        print(f"import check failed (exit {imports.code}):\n{imports.errors[-3000:]}", file=sys.stderr)
        return 2
    clean = flags == ["False", "False"]
    print(
        f"imports: 'docx' in sys.modules = {flags[0]}, 'jinja2' in sys.modules = {flags[1]} after gecli.cli + "
        f"validate([TREE]) in a fresh process: {'OK, neither is imported' if clean else 'NOT OK'}"
    )

    if args.profile:
        profile = Run([sys.executable, "-c", PROFILE, str(tree)], capture=True)
        print("profile of validate([TREE], jobs=1) in a fresh process, top 15 by cumulative time:")
        print(profile.output.strip() if profile.code == 0 else f"failed (exit {profile.code}):\n{profile.errors[-3000:]}")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
