"""Time `gecli validate` on a tree of plans against a bare parse of the same files.

    python benchmarks/run.py TREE [--repeat 3] [--jobs N] [--profile]

Run it with the Python of the environment where gecli is installed (the check is started
as ``python -m gecli``, with that interpreter). Measured:

- bare parse: a fresh ``python`` process reads every ``.yaml`` file under TREE (bytes,
  UTF-8 decode) and loads it with ``yaml.load(text, Loader=yaml.CSafeLoader)``, one
  process, files in sorted order; the wall time of the whole process, best of --repeat
  (the time spent inside the parsing loop is shown too);
- the check: ``python -m gecli validate --format json TREE > /dev/null``, wall time of the
  whole process, best of --repeat; its exit code must be 0 or 1. ``--jobs N`` is passed on
  to ``gecli validate --jobs N``; without it gecli picks (one process per core);
- the findings of one in-process ``gecli.validate.validate([TREE])``, by rule and severity;
- in a fresh process, that ``gecli.cli`` + ``gecli.validate.validate([TREE])`` leave
  ``docx`` (python-docx) and ``jinja2`` out of ``sys.modules``.

The ratio is check wall time / bare parse wall time; both include starting Python.
Peak memory of the check: the largest single process (``wait4`` rusage, which covers its
worker processes) and the sum over its process tree, sampled every 50 ms from /proc.
``--profile`` also prints the top 15 cumulative entries of ``cProfile`` for one
``validate([TREE], jobs=1)`` in a fresh process (one process, so the profile sees all of
the work; cProfile slows pure-Python code more than C code, so read it for proportions).
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
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


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, from /proc (0 once gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


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

    def __init__(self, command: list[str], capture: bool = False):
        self.peak_tree_kb = 0
        out = tempfile.TemporaryFile() if capture else subprocess.DEVNULL
        err = tempfile.TemporaryFile()  # a file, not a pipe: nothing can block on a full pipe
        busy = _busy_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
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
            self.peak_tree_kb = max(self.peak_tree_kb, _tree_rss_kb(process.pid))
            time.sleep(0.05)


def _read(file) -> str:
    file.seek(0)
    text = file.read().decode("utf-8", errors="replace")
    file.close()
    return text


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.wall)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, help="a folder of plans (see benchmarks/generate.py)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each side; the best counts (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for the check (default: gecli's choice)")
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

    bare_runs = [Run([sys.executable, "-c", BARE, str(tree)], capture=True) for _ in range(args.repeat)]
    bare = best(bare_runs)
    if bare.code != 0:
        print(f"bare parse failed (exit {bare.code}):\n{bare.errors}", file=sys.stderr)
        return 2
    parsed, loop = bare.output.split()
    if int(parsed) != len(files):
        print(f"bare parse read {parsed} files, expected {len(files)}", file=sys.stderr)
        return 2
    print(
        f"bare parse  (CSafeLoader, 1 process): {bare.wall:7.2f} s  {len(files) / bare.wall:6.0f} plans/s"
        f"  ({float(loop):.2f} s in the loop; peak RSS {bare.maxrss_kb / 1024:.0f} MB; "
        f"runs {', '.join(f'{r.wall:.2f}' for r in bare_runs)})"
    )
    print(f"  other load on the machine during these runs: {', '.join(f'{r.others:.2f}' for r in bare_runs)} cores")

    command = [sys.executable, "-m", "gecli", "validate", "--format", "json", str(tree)]
    if args.jobs:
        command[4:4] = ["--jobs", str(args.jobs)]
    check_runs = [Run(command) for _ in range(args.repeat)]
    for run in check_runs:
        if run.code not in (0, 1):
            print(f"gecli validate exited {run.code} (expected 0 or 1):\n{run.errors[-3000:]}", file=sys.stderr)
            return 2
    check = best(check_runs)
    jobs = f"jobs={args.jobs}" if args.jobs else "gecli's default jobs"
    print(
        f"gecli validate --format json ({jobs}): {check.wall:7.2f} s  {len(files) / check.wall:6.0f} plans/s"
        f"  (exit {check.code}; CPU {check.cpu:.1f} s = {check.cpu / check.wall:.2f} cores; "
        f"runs {', '.join(f'{r.wall:.2f}' for r in check_runs)})"
    )
    print(f"  other load on the machine during these runs: {', '.join(f'{r.others:.2f}' for r in check_runs)} cores")
    busiest = max(bare.others, check.others)
    if busiest > 0.2:
        print(f"WARNING: other processes used up to {busiest:.2f} cores during the best runs; rerun on a quiet machine")
    ratio = check.wall / bare.wall
    verdict = "within" if ratio <= 1.5 else f"over by {ratio / 1.5:.2f}x ({check.wall - 1.5 * bare.wall:.1f} s)"
    print(f"ratio check/bare: {ratio:.2f}x  (target <= 1.5x: {verdict})")
    print(
        f"peak RSS of the check: {check.maxrss_kb / 1024:.0f} MB largest process; "
        f"{check.peak_tree_kb / 1024:.0f} MB whole process tree (sampled)"
    )

    import gecli.cli  # noqa: F401  (what `gecli validate` imports, so the check below is fair)
    from gecli.validate import validate

    start = time.perf_counter()
    report = validate([str(tree)], jobs=args.jobs)
    took = time.perf_counter() - start
    weaker = {f.file for f in report.findings if f.rule == "weaker-than-parent" and f.severity.value == "error" and not f.suppressed}
    print(
        f"findings (validate([TREE]) in-process, {took:.1f} s; {len(report.plans)} plans read, "
        f"exit code {report.exit_code()}; {len(weaker)} plans weaker than their parent):"
    )
    print("\n".join(findings_table(report)))

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
