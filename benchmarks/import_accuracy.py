"""How well `gecli import` reads the published plans: each seed text imported and compared,
field by field, with its hand transcription in plans/.

    python benchmarks/import_accuracy.py [SOURCE.txt|.docx|.pdf PLAN.yaml ...]

With no arguments, the four seeds in tests/sources/ against their transcriptions. Fields:
the header (level, issuer, number, symbol, date, place, title, period, cited documents) and,
for each indicator of the transcription, whether the import found it, whether its target is
equal (as `gecli diff` compares), its lead agency, its appendix figure and its baseline.
A figure the import got wrong counts twice: as a wrong field, and as "wrong, not flagged"
unless the import put a "# KIỂM TRA" flag on that target. Goal: ≥ 95 % right on every
document, 0 wrong figures not flagged.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = {
    "tests/sources/001_753fda21913fb3fa.txt": "plans/kon-tum/2025.yaml",
    "tests/sources/000_a45720b33fd1c28e.txt": "plans/kon-tum/ia-hdrai/2025.yaml",
    "tests/sources/003_f21cf61eb0bffd5d.txt": "plans/kon-tum/tp-kon-tum/nguyen-trai/2025.yaml",
    "tests/sources/002_2a4895f359df666b.txt": "plans/ha-nam/thanh-liem/2021-2025.yaml",
}


def compare(source: Path, expected: Path) -> tuple[list[tuple[str, bool, str]], int, float]:
    """(field, right?, what was read) for every field; wrong figures not flagged; seconds."""
    from gecli.catalog import indicators
    from gecli.compare import Verdict, compare as versus
    from gecli.importer.document import read_document
    from gecli.model import Plan
    from gecli.names import name_key
    from gecli.source import load

    hand = Plan.model_validate(load(expected).data)
    began = time.perf_counter()
    imported = read_document(source, source.name)
    seconds = time.perf_counter() - began
    plan = Plan.model_validate(imported.data)
    flagged = {flag.loc[: flag.loc.index("targets") + 2] for flag in imported.flags if "targets" in flag.loc}
    rows: list[tuple[str, bool, str]] = []

    def field(name: str, right: bool, read: object) -> None:
        rows.append((name, right, str(read)))

    field("level", plan.level == hand.level, plan.level.value)
    field("issuer", name_key(plan.issuer.name) == name_key(hand.issuer.name), plan.issuer.name)
    for name in ("number", "symbol", "place", "title"):
        ours, theirs = getattr(plan.document, name), getattr(hand.document, name)
        field(f"document.{name}", (ours or None) == (theirs or None), ours)
    field("document.date", plan.document.date == hand.document.date, plan.document.date)
    field("period", str(plan.period) == str(hand.period), plan.period)
    cited = {r.number for r in plan.implements if r.number}
    field("implements", {r.number for r in hand.implements if r.number} <= cited, sorted(cited))

    ours = {t.indicator: (loc, t) for loc, t in plan.targets()}
    wrong_unflagged = 0
    for _, target in hand.targets():
        indicator = indicators()[target.indicator]
        here = ours.get(target.indicator)
        field(f"{target.indicator} found", here is not None, "—" if here is None else "✓")
        if here is None:
            continue
        loc, mine = here
        if target.stated() is not None or mine.stated() is not None:
            same = (target.stated() is not None and mine.stated() is not None and target.stated().raw == mine.stated().raw) or (
                target.stated() is not None
                and mine.stated() is not None
                and versus(target.stated(), mine.stated(), indicator).verdict is Verdict.EQUAL
                and versus(mine.stated(), target.stated(), indicator).verdict is Verdict.EQUAL
            )
            field(f"{target.indicator} target", same, mine.target.raw if mine.target else mine.stated())
            if not same and mine.target is not None and loc not in flagged:
                wrong_unflagged += 1
        if target.lead:
            field(f"{target.indicator} lead", bool(mine.lead) and name_key(mine.lead) == name_key(target.lead), mine.lead)
        if target.appendix is not None and target.appendix.target is not None:
            got = mine.appendix.target if mine.appendix is not None else None
            same = got is not None and got.value == target.appendix.target.value
            field(f"{target.indicator} appendix", same, got.raw if got else "—")
            if not same and got is not None and loc not in flagged:
                wrong_unflagged += 1
        if target.baseline is not None:
            got = mine.baseline.value if mine.baseline is not None else None
            same = got is not None and got.value == target.baseline.value.value
            field(f"{target.indicator} baseline", same, got.raw if got else "—")
            if not same and got is not None and loc not in flagged:
                wrong_unflagged += 1
    return rows, wrong_unflagged, seconds


def main(argv: list[str]) -> int:
    pairs = list(zip(argv[::2], argv[1::2])) or list(SEEDS.items())
    worst = 100.0
    unflagged_total = 0
    for source, expected in pairs:
        rows, unflagged, seconds = compare(Path(source) if Path(source).is_absolute() else REPO / source, Path(expected) if Path(expected).is_absolute() else REPO / expected)
        right = sum(ok for _, ok, _ in rows)
        share = 100 * right / len(rows)
        worst = min(worst, share)
        unflagged_total += unflagged
        print(f"\n{source} → {expected}  ({seconds * 1000:.0f} ms)")
        print(f"  {'field':22} {'':2} read")
        for name, ok, read in rows:
            if not ok:
                print(f"  {name:22} ✗  {read[:70]}")
        print(f"  {right}/{len(rows)} fields right ({share:.1f} %), wrong figures not flagged: {unflagged}")
    print(f"\nworst document: {worst:.1f} % right; wrong figures not flagged: {unflagged_total}")
    return 0 if worst >= 95 and unflagged_total == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
