"""A tree of many plans made by copying the bundled ones under other names (for `gecli
report` tests and timings; benchmarks/generate.py writes an older plan model).

    python tests/plan_tree.py /tmp/tree1k --provinces 5 --districts 50 --communes 945

    ROOT/quoc-gia/2021-2030.yaml         the national strategy, as bundled
    ROOT/pNN/2025.yaml                   copies of plans/kon-tum/2025.yaml
    ROOT/pNN/dNNN/2025.yaml              copies of plans/kon-tum/ia-hdrai/2025.yaml (path: ../2025.yaml)
    ROOT/pNN/dNNN/cNNNNN/2025.yaml       copies of plans/kon-tum/tp-kon-tum/nguyen-trai/2025.yaml

Each copy gets its own place name and document number; a few targets vary with the copy's
number, so the plans are not all alike (some stronger than their parent, some weaker). A
commune cites a city plan that has no file, so it is compared with the district above it.
Deterministic.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

PLANS = Path(__file__).resolve().parent.parent / "plans"
_SYLLABLES = "An Bình Hòa Phú Thạnh Tân Long Xuân Đông Tây Nam Bắc Hưng Phước Thành Sơn Hải Lâm Mỹ Quang Trung Hiệp Lộc Yên".split()


def place_name(index: int) -> str:
    """Two syllables, distinct for the first 576 indexes; a third one after that."""
    n = len(_SYLLABLES)
    first, second = index % n, (index // n * 5 + index + 11) % n
    name = f"{_SYLLABLES[first]} {_SYLLABLES[second]}"
    return name if index < n * n else f"{name} {_SYLLABLES[index // (n * n) % n]}"


def _vary(text: str, old: str, choices: list[str], index: int) -> str:
    return text.replace(old, choices[index % len(choices)], 1)


def build_tree(root: Path, provinces: int = 2, districts: int = 4, communes: int = 8) -> int:
    """Write the tree under ``root`` and return how many plans it holds."""
    province = (PLANS / "kon-tum" / "2025.yaml").read_text(encoding="utf-8")
    district = (PLANS / "kon-tum" / "ia-hdrai" / "2025.yaml").read_text(encoding="utf-8")
    commune = (PLANS / "kon-tum" / "tp-kon-tum" / "nguyen-trai" / "2025.yaml").read_text(encoding="utf-8")
    (root / "quoc-gia").mkdir(parents=True, exist_ok=True)
    shutil.copy(PLANS / "quoc-gia" / "2021-2030.yaml", root / "quoc-gia" / "2021-2030.yaml")
    province_dirs, district_dirs = [], []
    for p in range(provinces):
        name, number = place_name(p), str(1000 + p)
        text = province.replace("Kon Tum", name).replace("956", number)
        folder = root / f"p{p:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "2025.yaml").write_text(text, encoding="utf-8")
        province_dirs.append((folder, name, number))
    for d in range(districts):
        folder, province_name, number = province_dirs[d % provinces]
        name = place_name(d + 100)
        text = district.replace("Ia H'Drai", name).replace("Ia H’Drai", name).replace("Kon Tum", province_name)
        text = text.replace("956/KH-UBND", f"{number}/KH-UBND")
        text = _vary(text, 'target: "có 30%"', ['target: "có 30%"', 'target: "có 60%"', 'target: "có 65%"', 'target: "có 55%"'], d)
        text = _vary(text, 'target: "đạt ít nhất 27%"', ['target: "đạt ít nhất 27%"', 'target: "đạt ít nhất 31%"', 'target: "đạt ít nhất 35%"'], d)
        sub = folder / f"d{d:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / "2025.yaml").write_text(text, encoding="utf-8")
        district_dirs.append((sub, province_name))
    for c in range(communes):
        folder, province_name = district_dirs[c % districts]
        name = place_name(c + 500)
        text = commune.replace("Nguyễn Trãi", name).replace("Kon Tum", province_name)
        text = _vary(text, 'target: "có 40%"', ['target: "có 40%"', 'target: "có 60%"', 'target: "có 70%"'], c)
        text = _vary(text, 'target: "đạt 70%"', ['target: "đạt 70%"', 'target: "đạt 31%"', 'target: "đạt 25%"'], c)
        sub = folder / f"c{c:05d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / "2025.yaml").write_text(text, encoding="utf-8")
    return 1 + provinces + districts + communes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--provinces", type=int, default=5)
    parser.add_argument("--districts", type=int, default=50)
    parser.add_argument("--communes", type=int, default=944)
    args = parser.parse_args()
    if args.root.exists() and any(args.root.iterdir()):
        print(f"{args.root} is not empty", file=sys.stderr)
        return 2
    print(build_tree(args.root, args.provinces, args.districts, args.communes), "plans written under", args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
