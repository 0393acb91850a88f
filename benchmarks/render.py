"""Time `gecli render` per plan: the DOCX of each bundled plan, best of --repeat.

    python benchmarks/render.py [PLANS_DIR] [--repeat 5]

Renders in-process (gecli.render.render_plan: read, validate, template, layout, stable
bytes), so Python's start-up is not counted; the first render, which imports python-docx
and Jinja, is reported apart.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="?", default="plans")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    files = sorted(Path(options.plans).rglob("*.yaml"))
    if not files:
        sys.exit(f"no .yaml files under {options.plans}")

    started = time.perf_counter()
    from gecli.render import render_plan

    render_plan(str(files[0]))
    print(f"first render (imports python-docx, jinja2): {time.perf_counter() - started:.2f} s")
    total = 0.0
    for path in files:
        times = []
        for _ in range(options.repeat):
            began = time.perf_counter()
            size = len(render_plan(str(path)))
            times.append(time.perf_counter() - began)
        best = min(times)
        total += best
        print(f"{best * 1000:7.1f} ms  {size / 1024:6.1f} KB  {path}")
    print(f"{total / len(files) * 1000:7.1f} ms per plan on average ({len(files)} plans, best of {options.repeat})")


if __name__ == "__main__":
    main()
