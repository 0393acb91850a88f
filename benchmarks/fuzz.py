"""Fuzz gecli: wordings by the million, mutated plans by the ten thousand, hostile texts
against every pattern run on user text. Run by hand; prints crashes, hangs and findings
without a line (the goal is 0, 0 and 0).

    python benchmarks/fuzz.py [--wordings 1000000] [--plans 20000] [--cli 60] [--jobs 2] [--seed 1]

- wordings: phrases of data/comparators.yaml, numbers as officials write them (and as they
  should not), units, invisible and control characters, and the bundled plans' own
  wordings, mutated; each through the wording parser. A crash is any exception other than
  the documented refusal; a hang is one wording taking more than 50 ms.
- linearity: adversarial blocks repeated n and 2n times through each pattern that sees
  user text; the time must about double, not quadruple.
- plans: the bundled plans' YAML, mutated (lines dropped, doubled, swapped, re-indented;
  characters inserted; values replaced by hostile ones: huge numbers, markup, line breaks,
  tags, aliases, deep nesting); each through `validate`, `diff` (both ways against its
  parent) and `render`, in-process. A crash is an exception escaping or an internal-error
  finding; a hang is a case over 20 s.
- documents: the seed texts in tests/sources, mutated as lines (dropped, doubled, swapped,
  hostile strings and control characters inserted, tabs moved, truncated), read as .txt and
  as a Word file typed from the same lines, plus .docx and .pdf bytes with random bytes
  changed; each through `gecli import`'s reader and recogniser and `validate`. A crash is an
  exception other than the documented refusal (or an internal-error finding); a hang is a
  document over 20 s.
- cli: a sample of the mutated plans through the installed `gecli` command (`validate` as
  JSON and SARIF, `diff`, `render`, and `report` on the tree holding the plan): the exit code
  is 0, 1 or 2, stderr holds no traceback and JSON on stdout parses.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"
HANG_WORDING = 0.05  # seconds
HANG_PLAN = 20  # seconds

# --- wordings ----------------------------------------------------------------------------

NOISE = [
    "\u200b", "\u00a0", "\u202f", "\ufeff", "\u0301", "\u0323", "\t", "\n", "\x0c", "\x00", "[", "]", "(", ")", "(1/1",
    "/", "%", "‰", ",", ".", ";", ":", "-", "−", "+", "…", "'", '"', "*", "\\", "{{", "}}", "#", "## ", "٣", "①", "ⅷ",
    "năm 2025", "từ năm 2025 trở đi", "trở lên", "trở xuống", "so với nam giới", "(11/20 cơ quan)", "[/b]",
]  # fmt: skip


def _numbers(rng: random.Random) -> str:
    choice = rng.randrange(9)
    if choice == 0:
        return str(rng.randrange(0, 100))
    if choice == 1:
        return f"{rng.randrange(0, 100)},{rng.randrange(0, 100)}"
    if choice == 2:
        return f"{rng.randrange(1, 999)}.{rng.randrange(0, 1000):03d}"
    if choice == 3:
        return "0" + str(rng.randrange(0, 10))
    if choice == 4:
        return str(rng.randrange(10**20, 10**40))
    if choice == 5:
        return "-" + str(rng.randrange(0, 100))
    if choice == 6:
        return f"{rng.randrange(0, 100)}/{rng.randrange(1, 100)}"
    if choice == 7:
        return "1" * rng.randrange(1, 60)
    return f"{rng.random() * 100:.{rng.randrange(0, 6)}f}"


def wording_corpus() -> tuple[list[str], list[str], list[str]]:
    from gecli.catalog import units
    from gecli.quantity import vocabulary

    vocabulary_ = vocabulary()
    phrases = [" ".join(p) for p in (*vocabulary_.before, *vocabulary_.after)] + sorted(vocabulary_.negations | vocabulary_.uncertain)
    spellings = [s for unit in units().values() for s in unit.spellings]
    real = []
    import yaml

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("target", "value", "result") and isinstance(item, str):
                    real.append(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in PLANS.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return phrases, spellings, sorted(set(real))


def make_wording(rng: random.Random, corpus) -> str:
    phrases, spellings, real = corpus
    if rng.random() < 0.3:
        text = rng.choice(real)
    else:
        parts = []
        for _ in range(rng.randrange(1, 6)):
            kind = rng.random()
            if kind < 0.35:
                parts.append(rng.choice(phrases))
            elif kind < 0.7:
                parts.append(_numbers(rng) + (rng.choice(spellings) if rng.random() < 0.6 else ""))
            elif kind < 0.85:
                parts.append(rng.choice(NOISE))
            else:
                parts.append("".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(1, 8))))
        text = " ".join(parts)
    for _ in range(rng.randrange(0, 3)):  # character mutations
        at = rng.randrange(len(text) + 1)
        action = rng.randrange(3)
        if action == 0:
            text = text[:at] + rng.choice(NOISE) + text[at:]
        elif action == 1:
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + text[at:][:1] * rng.randrange(1, 5) + text[at:]
    return text


def fuzz_wordings(task: tuple[int, int, int]) -> dict:
    from pydantic import ValidationError

    from gecli.quantity import Quantity

    seed, count, _ = task
    rng = random.Random(seed)
    corpus = wording_corpus()
    outcome: Counter = Counter()
    crashes, hangs = [], []
    for _ in range(count):
        text = make_wording(rng, corpus)
        began = time.perf_counter()
        try:
            Quantity.model_validate(text)
            outcome["read"] += 1
        except ValidationError:
            outcome["refused"] += 1
        except Exception as error:  # noqa: BLE001 - that is what is being counted
            outcome["crash"] += 1
            crashes.append((text, f"{type(error).__name__}: {error}"))
        spent = time.perf_counter() - began
        if spent > HANG_WORDING:
            hangs.append((text[:80], spent))
    return {"outcome": outcome, "crashes": crashes[:20], "hangs": hangs[:20]}


# --- linearity -------------------------------------------------------------------------------


def linearity() -> list[tuple[str, str, float, float]]:
    """Each pattern that sees user text, on adversarial blocks repeated n and 2n times."""
    from gecli.names import committee_locality, name_key
    from gecli.new import Place
    from gecli.model import Level, PartialDate, Period
    from gecli.quantity import _FRACTION, _YEAR, _unit_pattern, comparator_before, normalize, parse_quantity
    from gecli.rules._common import numbers_in
    from gecli.source import _flow_too_deep, parse

    def quiet(function):
        def run(text):
            try:
                function(text)
            except Exception:  # noqa: BLE001 - refusals are fine here; only time counts
                pass

        return run

    patterns = {
        "fraction": lambda t: _FRACTION.search(t),
        "year": lambda t: _YEAR.sub(" ", t),
        "figures": lambda t: list(_unit_pattern().finditer(t)),
        "comparator words": comparator_before,
        "normalize": normalize,
        "name_key": name_key,
        "committee_locality": committee_locality,
        "Place.read": lambda t: Place.read(Level.XA, t),
        "numbers_in": lambda t: numbers_in(t),
        "date": lambda t: PartialDate.model_validate(t),
        "period": lambda t: Period.model_validate(t),
        "flow depth scan": _flow_too_deep,
        "yaml scalar": lambda t: parse(("a: " + json.dumps(t)).encode(), "x"),
        "wording (capped)": parse_quantity,
    }
    blocks = ["(1/1 ", "1.1", "1,", "đạt ", "  ", "năm 2025 ", "từ 1 xuống ", "ủy ban nhân dân ", "xã ", "[", "a" * 7 + " ", "/"]
    results = []
    for name, function in patterns.items():
        run = quiet(function)
        worst = 0.0
        worst_block = ""
        for block in blocks:
            times = []
            for size in (400_000, 800_000):
                text = (block * (size // len(block) + 1))[:size]
                best = float("inf")
                for _ in range(5):
                    began = time.perf_counter()
                    run(text)
                    best = min(best, time.perf_counter() - began)
                times.append(best)
            ratio = times[1] / max(times[0], 1e-5)
            if times[1] > 0.002 and ratio > worst:
                worst, worst_block = ratio, block
        results.append((name, worst_block, worst, 0.0))
    return results


# --- plans -----------------------------------------------------------------------------------

HOSTILE = [
    "9" * 5000, "1:1:1:1:1:1", "2025-02-31", "0000-01-01", "1e400", ".nan", "-.inf", "yes", "~", "''", '"\\x0c"',
    '"[/b]"', '"a\\n## heading"', '"{{ plan }}"', "!!python/object/apply:os.system ['touch pwned']", "!tinh x",
    "&a [*a]", "*nope", "[" * 70 + "]" * 70, "{a: {b: {c: 1}}}", '"' + "x" * 3000 + '"', '"đạt ' + "(1/1 " * 500 + '"',
    '"không đạt 50%"', '"-5%"', "1.10", "9.9", '"31/2"', '"29/2"', '"2025-2021"', "[]", "{}", '"' + "\u200b" * 50 + '"',
    '"' + "x" * 300 + '"', '"../../../../etc/passwd"', '"' + "a/" * 200 + '"', '"\\0"',
]  # fmt: skip


def plan_corpus() -> list[tuple[str, str]]:
    return [(p.relative_to(PLANS).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(PLANS.rglob("*.yaml"))]


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randrange(1, 4)):
        if not lines:
            break
        at = rng.randrange(len(lines))
        action = rng.randrange(8)
        line = lines[at]
        if action == 0:
            del lines[at]
        elif action == 1:
            lines.insert(at, line)
        elif action == 2:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], line
        elif action == 3:
            lines[at] = " " * rng.randrange(0, 8) + line.lstrip()
        elif action == 4:
            column = rng.randrange(len(line) + 1)
            lines[at] = line[:column] + rng.choice(NOISE + HOSTILE) + line[column:]
        elif action in (5, 6) and ": " in line:
            key = line.split(": ", 1)[0]
            lines[at] = f"{key}: {rng.choice(HOSTILE)}"
        else:
            lines[at] = line.replace(rng.choice("0123456789"), str(rng.randrange(10)))
    return "\n".join(lines)


def fuzz_plans(task: tuple[int, int, str]) -> dict:
    from gecli.diff import DiffError, diff_plans
    from gecli.findings import INTERNAL_ERROR
    from gecli.render import NotAPlan, RenderError, TemplateProblem, render_plan
    from gecli.validate import validate

    seed, count, work = task
    rng = random.Random(seed)
    corpus = plan_corpus()
    tree = Path(work) / f"tree-{seed}"
    shutil.copytree(PLANS, tree)
    outcome: Counter = Counter()
    crashes, hangs, lineless = [], [], []

    signal.signal(signal.SIGALRM, _alarm)
    for index in range(count):
        relative, original = rng.choice(corpus)
        text = mutate(rng, original)
        path = tree / relative
        path.write_text(text, encoding="utf-8")
        began = time.perf_counter()
        stage = "validate"
        signal.alarm(HANG_PLAN)
        try:
            report = validate([str(path)], jobs=1)
            outcome["plans"] += 1
            for finding in report.findings:
                if finding.rule == INTERNAL_ERROR:
                    crashes.append((relative, index, "validate", finding.message.params.get("error")))
                elif finding.line is None and finding.rule != "unreadable":
                    lineless.append((relative, finding.rule, finding.message.key))
            outcome["valid" if report.plans else "refused"] += 1
            parent = PLANS / "quoc-gia/2021-2030.yaml" if "quoc-gia" not in relative else PLANS / "kon-tum/2025.yaml"
            stage = "diff"
            for pair in ((str(parent), str(path)), (str(path), str(parent))):
                try:
                    diff_plans(*pair)
                    outcome["diffed"] += 1
                except DiffError:
                    pass
            stage = "render"
            try:
                render_plan(str(path))
                outcome["rendered"] += 1
            except (RenderError, NotAPlan, TemplateProblem):
                pass
        except TimeoutError:
            hangs.append((relative, index, stage))
        except Exception as error:  # noqa: BLE001 - that is what is being counted
            crashes.append((relative, index, stage, "".join(traceback.format_exception_only(error)).strip()[:300]))
            (Path(work) / f"crash-{seed}-{index}.yaml").write_text(text, encoding="utf-8", errors="replace")
        finally:
            signal.alarm(0)
        spent = time.perf_counter() - began
        outcome["seconds"] += spent
        path.write_text(original, encoding="utf-8")
    shutil.rmtree(tree)
    return {"outcome": outcome, "crashes": crashes[:30], "hangs": hangs[:30], "lineless": lineless[:30]}


def fuzz_cli(count: int, seed: int, work: Path) -> dict:
    rng = random.Random(seed)
    corpus = plan_corpus()
    gecli = shutil.which("gecli") or sys.exit("gecli is not installed in this environment")
    outcome: Counter = Counter()
    problems = []
    for index in range(count):
        relative, original = rng.choice(corpus)
        folder = work / f"cli-{index}"
        shutil.copytree(PLANS, folder)
        path = folder / relative
        path.write_text(mutate(rng, original), encoding="utf-8", errors="replace")
        runs = [
            ([gecli, "validate", "--format", "json", str(path)], True),
            ([gecli, "validate", "--format", "sarif", str(path)], True),
            ([gecli, "diff", "--format", "json", str(PLANS / "quoc-gia/2021-2030.yaml"), str(path)], False),
            ([gecli, "render", str(path), "-o", str(folder / "out.docx")], False),
            ([gecli, "report", str(folder), "-o", str(folder / "out.html")], False),
        ]
        for command, is_json in runs:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, "GECLI_LANG": "vi"})
            outcome["runs"] += 1
            bad = done.returncode not in (0, 1, 2) or "Traceback" in done.stderr
            if is_json or (done.returncode == 0 and command[1] == "diff"):
                try:
                    json.loads(done.stdout)
                except ValueError:
                    bad = True
            if bad:
                problems.append((relative, command[1], done.returncode, done.stderr[-300:]))
        shutil.rmtree(folder)
    outcome["problems"] = len(problems)
    return {"outcome": outcome, "problems": problems[:10]}


# --- documents -------------------------------------------------------------------------


def _alarm(signum, frame):
    raise TimeoutError

SEEDS = REPO / "tests" / "sources"
KEPT = Path(tempfile.gettempdir()) / "gecli-fuzz-crashes"  # documents that crashed, kept
HOSTILE_LINES = [
    "\x00", "\x0c", "\u200b" * 40, "\t" * 30, "I." * 500, "- " * 2000, "1.1.1.1.1.1.1.1.1.1 x", "(" * 3000,
    "Chỉ tiêu 1: đạt " + "9" * 5000 + "%", "Nơi nhận:", "KẾ HOẠCH", "ngày 31 tháng 2 năm 2025", "Số: /KH-UBND",
    "Phụ lục", "TT\tMục tiêu\tĐơn vị\t" * 40, "¹ " * 500, "<script>alert(1)</script>", "{{ 7*7 }}", "\ud7ff" * 10,
]  # fmt: skip


def _document_mutation(rng: random.Random, lines: list[str]) -> list[str]:
    lines = lines[:]
    for _ in range(rng.randrange(1, 6)):
        if not lines:
            break
        at = rng.randrange(len(lines))
        kind = rng.randrange(6)
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == 3:
            lines.insert(at, rng.choice(HOSTILE_LINES))
        elif kind == 4:
            cut = rng.randrange(len(lines[at]) + 1)
            lines[at] = lines[at][:cut] + rng.choice(["\t", "\x0b", "%", "…", "\u00a0", ":"]) + lines[at][cut:]
        else:
            lines = lines[:at]
    return lines


def fuzz_documents(args: tuple[int, int, str]) -> dict:
    seed, count, work = args
    from docx import Document

    from gecli.importer.document import read_document
    from gecli.importer.readers import ImportProblem
    from gecli.validate import validate

    rng = random.Random(seed)
    folder = Path(work) / f"documents-{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    KEPT.mkdir(exist_ok=True)
    seeds = [path.read_text(encoding="utf-8").split("\n") for path in sorted(SEEDS.glob("*.txt"))]
    binaries = _binaries(folder, seeds[0])
    outcome, crashes, hangs = Counter(), [], []
    signal.signal(signal.SIGALRM, _alarm)
    for index in range(count):
        kind = rng.choice(["txt", "txt", "docx", "bytes"])
        if kind == "bytes":
            name, raw = rng.choice(binaries)
            raw = bytearray(raw)
            for _ in range(rng.randrange(1, 20)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            path = folder / f"{index}{name}"
            path.write_bytes(bytes(raw))
        else:
            lines = _document_mutation(rng, rng.choice(seeds))
            path = folder / f"{index}.{kind}"
            if kind == "txt":
                path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
            else:
                document = Document()
                for line in lines:
                    document.add_paragraph("".join(c for c in line if c == "\t" or c >= " " and not 0xD800 <= ord(c) <= 0xDFFF))
                document.save(path)
        outcome["documents"] += 1
        began = time.perf_counter()
        signal.alarm(HANG_PLAN)
        try:
            read_document(path, path.name)
            outcome["read"] += 1
            report = validate([str(path)], jobs=1)
            crashes += [(path.name, "validate", f.message.key) for f in report.findings if f.rule == "internal-error"]
        except ImportProblem:
            outcome["refused"] += 1
        except TimeoutError:
            hangs.append((path.name, HANG_PLAN))
        except Exception as error:  # noqa: BLE001 - that is what is being counted
            crashes.append((path.name, "import", "".join(traceback.format_exception_only(error)).strip()[:300]))
        finally:
            signal.alarm(0)
        if time.perf_counter() - began > HANG_PLAN:
            hangs.append((path.name, round(time.perf_counter() - began, 1)))
        if crashes and crashes[-1][0] == path.name:
            shutil.copy(path, KEPT / path.name)  # to reproduce
        path.unlink(missing_ok=True)
    return {"outcome": outcome, "crashes": crashes, "hangs": hangs}


def _binaries(folder: Path, lines: list[str]) -> list[tuple[str, bytes]]:
    """A .docx typed from a seed, and its PDF when LibreOffice is there."""
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    docx = folder / "seed.docx"
    document.save(docx)
    found = [(".docx", docx.read_bytes())]
    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(docx)], capture_output=True, timeout=180)  # fmt: skip
        if (folder / "seed.pdf").is_file():
            found.append((".pdf", (folder / "seed.pdf").read_bytes()))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordings", type=int, default=1_000_000)
    parser.add_argument("--plans", type=int, default=20_000)
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--cli", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gecli-fuzz-"))
    print(f"work folder: {work}")

    began = time.perf_counter()
    share = options.wordings // options.jobs
    with ProcessPoolExecutor(options.jobs) as pool:
        parts = list(pool.map(fuzz_wordings, [(options.seed * 1000 + i, share, 0) for i in range(options.jobs)]))
    total = sum((p["outcome"] for p in parts), Counter())
    print(f"\nwordings: {sum(total.values()):,} in {time.perf_counter() - began:.0f} s — read {total['read']:,}, "
          f"refused {total['refused']:,}, crashes {total['crash']}, hangs (> {HANG_WORDING * 1000:.0f} ms) {sum(len(p['hangs']) for p in parts)}")
    for part in parts:
        for text, error in part["crashes"][:5]:
            print(f"  crash: {text!r}: {error}")
        for text, spent in part["hangs"][:5]:
            print(f"  slow: {spent * 1000:.0f} ms {text!r}")

    print("\nlinearity (time at 800 000 characters ÷ time at 400 000; about 2 is linear):")
    for name, block, ratio, _ in linearity():
        flag = "" if ratio < 3 else "   ← not linear"
        print(f"  {name:20} {ratio:4.1f}  {block!r}{flag}" if ratio else f"  {name:20}  too fast to measure")

    began = time.perf_counter()
    share = options.plans // options.jobs
    with ProcessPoolExecutor(options.jobs) as pool:
        parts = list(pool.map(fuzz_plans, [(options.seed * 1000 + i, share, str(work)) for i in range(options.jobs)]))
    total = sum((p["outcome"] for p in parts), Counter())
    crashes = [c for p in parts for c in p["crashes"]]
    hangs = [h for p in parts for h in p["hangs"]]
    lineless = [f for p in parts for f in p["lineless"]]
    print(f"\nplans: {total['plans']:,} mutated plans in {time.perf_counter() - began:.0f} s — valid {total['valid']:,}, "
          f"refused {total['refused']:,}, diffs {total['diffed']:,}, renders {total['rendered']:,}; "
          f"crashes {len(crashes)}, hangs (> {HANG_PLAN} s) {len(hangs)}, findings without a line {len(lineless)}")
    for crash in crashes[:10]:
        print(f"  crash: {crash}")
    for hang in hangs[:10]:
        print(f"  hang: {hang}")
    for finding in lineless[:10]:
        print(f"  no line: {finding}")

    if options.documents:
        began = time.perf_counter()
        share = options.documents // options.jobs
        with ProcessPoolExecutor(options.jobs) as pool:
            parts = list(pool.map(fuzz_documents, [(options.seed * 1000 + i, share, str(work)) for i in range(options.jobs)]))
        total = sum((p["outcome"] for p in parts), Counter())
        crashes = [c for p in parts for c in p["crashes"]]
        hangs = [h for p in parts for h in p["hangs"]]
        print(f"\ndocuments: {total['documents']:,} mutated documents in {time.perf_counter() - began:.0f} s — read {total['read']:,}, "
              f"refused {total['refused']:,}; crashes {len(crashes)}, hangs (> {HANG_PLAN} s) {len(hangs)}")
        for crash in crashes[:10]:
            print(f"  crash: {crash}")
        for hang in hangs[:10]:
            print(f"  hang: {hang}")

    if options.cli:
        began = time.perf_counter()
        result = fuzz_cli(options.cli, options.seed, work)
        print(f"\ncli: {result['outcome']['runs']} runs in {time.perf_counter() - began:.0f} s — problems {result['outcome']['problems']}")
        for problem in result["problems"]:
            print(f"  problem: {problem}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
