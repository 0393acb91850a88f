"""Write a synthetic tree of plans shaped like the real one, for benchmarking `gecli validate`.

    python benchmarks/generate.py OUT_DIR [--provinces 63] [--districts 700]
                                          [--communes 10000] [--year 2025] [--seed 1]

The tree:

    OUT_DIR/quoc-gia/2021-2030.yaml                      copy of plans/quoc-gia/2021-2030.yaml
    OUT_DIR/<province>/<year>.yaml                       from plans/kon-tum/2025.yaml
    OUT_DIR/<province>/<district>/<year>.yaml            from plans/kon-tum/ia-hdrai/2025.yaml
    OUT_DIR/<province>/<district>/<commune>/<year>.yaml  from plans/kon-tum/tp-kon-tum/nguyen-trai/2025.yaml

Each real plan is loaded once with ``yaml.safe_load``; the parts that differ from plan to
plan (place names, document number and date, the first ``implements`` entry, which cites
the generated parent with ``path: ../<year>.yaml``, the reporting deadline, and the
targets shared with the parent) are replaced by placeholders, and the result is dumped
once with ``yaml.safe_dump(allow_unicode=True, sort_keys=False, width=1000)``. Each
generated file is that text with the placeholders filled in, so 10 000 plans are written
in seconds instead of being dumped one by one. The first line of the real file
(``# yaml-language-server: ...``) is kept.

Targets: where a plan's target for an indicator is written like its parent's (one figure
with the same unit after it), the plan takes the parent's wording and figure, then, by the
indicator's direction: most plans keep the figure or raise the ambition by 1-3 steps, and
a share of plans (``--weak``, default 10%) lowers one indicator by 1-3 steps, so it is
weaker than the parent. The figure is changed everywhere the target is written (the
sentence, the target, the appendix row). Quirks of the real plans that are not about
the parent (a mismatch between body and appendix, a wrong unit) are kept as they are.

Deterministic for a given ``--seed``. Needs only PyYAML; the tree goes under /tmp.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
NATIONAL = PLANS / "quoc-gia" / "2021-2030.yaml"
PROVINCE = PLANS / "kon-tum" / "2025.yaml"
DISTRICT = PLANS / "kon-tum" / "ia-hdrai" / "2025.yaml"
COMMUNE = PLANS / "kon-tum" / "tp-kon-tum" / "nguyen-trai" / "2025.yaml"
INDICATORS = ROOT / "src" / "gecli" / "data" / "indicators.yaml"
TEMPLATE_YEAR = 2025

# Syllables of Vietnamese place names (no apostrophes: names are pasted into quoted YAML).
SYLLABLES = (
    "An Bình Hòa Phú Thạnh Tân Long Xuân Đông Tây Nam Bắc Hưng Phước Thành Sơn Hải Lâm Mỹ "
    "Vĩnh Quang Trung Hà Giang Yên Thái Cẩm Đức Kim Lộc Ninh Thuận Hiệp Lợi Thủy Thanh Hồng "
    "Định Khánh Gia Tiên Phong Đại Lạc Cát Krông Chư Đăk Minh Nghĩa Tường Văn Hội Kỳ Quế"
).split()

TOKEN = re.compile(r"QQ(\w+?)QQ")
FIGURE = re.compile(r"^(\D*?)(\d+(?:,\d+)?)(.*)$", re.S)  # prefix, first number, rest


# ------------------------------------------------------------------ names and numbers


def slug(name: str) -> str:
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def place_names(rng: random.Random, count: int, taken: set[str] = frozenset()) -> list[str]:
    """``count`` distinct two-syllable names (distinct slugs, none in ``taken``)."""
    names, slugs = [], set(taken)
    attempts = 0
    while len(names) < count:
        attempts += 1
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if attempts > 50 * count:  # a very large tree: number the names
            name = f"{name} {len(names) + 1}"
        if name.split()[0] == name.split()[1] or slug(name) in slugs:
            continue
        slugs.add(slug(name))
        names.append(unicodedata.normalize("NFC", name))
    return names


def spread(items: int, bins: int, rng: random.Random) -> list[int]:
    """Split ``items`` over ``bins`` roughly evenly (weights 0.6-1.4), each bin at least 1."""
    if bins == 0:
        return []
    floor = 1 if items >= bins else 0
    rest = items - floor * bins
    weights = [rng.uniform(0.6, 1.4) for _ in range(bins)]
    total = sum(weights)
    shares = [rest * w / total for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(bins), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: rest - sum(counts)]:
        counts[i] += 1
    return [floor + c for c in counts]


def vn_date(date: dt.date) -> str:
    return f"{date.day}/{date.month}/{date.year}"


@dataclass(frozen=True)
class Figure:
    """A target written as one figure: prefix + number + what follows (the unit)."""

    prefix: str
    number: str  # as written: "31,7", "03"
    rest: str

    @classmethod
    def read(cls, text: str) -> "Figure | None":
        match = FIGURE.match(text)
        if not match or "từ" in match[1]:  # "giảm từ 70 ... xuống 55": two figures
            return None
        return cls(match[1], match[2], match[3])

    def text(self) -> str:
        return f"{self.prefix}{self.number}{self.rest}"

    @property
    def value(self) -> Decimal:
        return Decimal(self.number.replace(",", "."))

    @property
    def decimals(self) -> int:
        return len(self.number.split(",")[1]) if "," in self.number else 0

    def moved(self, steps: int) -> "Figure | None":
        """The same wording with the figure moved by ``steps`` (None if out of range)."""
        step = Decimal(1) if self.decimals == 0 or self.value >= 10 else Decimal(1).scaleb(-self.decimals)
        value = self.value + step * steps
        if value < 0 or (self.rest.lstrip().startswith("%") and value > 100):
            return None
        number = f"{value:.{self.decimals}f}".replace(".", ",")
        if self.number.startswith("0") and "," not in self.number:  # "03 tin, bài"
            number = number.zfill(len(self.number))
        return Figure(self.prefix, number, self.rest)


# ------------------------------------------------------------------ templates


class _Dumper(yaml.SafeDumper):
    """safe_dump, with strings holding a placeholder double-quoted, so that whatever is
    pasted in stays a string ("956" stays "956", not 956)."""


def _str(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if "QQ" in value else None)


_Dumper.add_representer(str, _str)


@dataclass
class Slot:
    """One alignable target of a template."""

    index: int
    indicator: str
    own: Figure


@dataclass
class Template:
    parts: list[str]  # literal, token, literal, token, ...
    slots: list[Slot]

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts[:]
        parts[1::2] = [values[token] for token in parts[1::2]]
        return "".join(parts)


def _walk_strings(data, change):
    if isinstance(data, dict):
        return {key: _walk_strings(value, change) for key, value in data.items()}
    if isinstance(data, list):
        return [_walk_strings(value, change) for value in data]
    if isinstance(data, str):
        return change(data)
    return data


def _set_year(data, year: int, key: str | None = None):
    """Move the template from 2025 to ``year``: years written as numbers and in strings."""
    if isinstance(data, dict):
        return {k: _set_year(v, year, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_set_year(v, year, key) for v in data]
    if isinstance(data, int) and not isinstance(data, bool) and key in ("year", "period"):
        return data + (year - TEMPLATE_YEAR) if data in (TEMPLATE_YEAR, TEMPLATE_YEAR - 1) else data
    if isinstance(data, str):
        return data.replace(str(TEMPLATE_YEAR), str(year))
    if isinstance(data, dt.date):
        return data.replace(year=data.year + year - TEMPLATE_YEAR)
    return data


def _replace_all(text: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _standalone(number: str) -> re.Pattern:
    return re.compile(rf"(?<![\d,.]){re.escape(number)}(?![\d]|[,.]\d)")


def make_template(path: Path, year: int, names: list[tuple[str, str]], fields) -> Template:
    """Load a real plan, put placeholders where plans differ, dump it once."""
    raw = path.read_text(encoding="utf-8")
    first_line = raw.splitlines()[0] + "\n" if raw.startswith("#") else ""
    data = _set_year(yaml.safe_load(raw), year)
    data = _walk_strings(data, lambda s: _replace_all(s, names))
    fields(data)
    for deadline in data.get("reporting", []):
        deadline["by"] = "QQdeadlineQQ"
    data["closing"] = [re.sub(r"ngày \d{1,2} tháng 12", "ngày QQdldayQQ tháng 12", text) for text in data.get("closing", [])]

    slots: list[Slot] = []
    for targets in _target_lists(data):
        for target in targets:
            written, text = target.get("target"), target.get("text") or ""
            figure = Figure.read(written) if isinstance(written, str) else None
            if figure is None or text.count(written) != 1:
                continue
            i = len(slots)
            slots.append(Slot(i, str(target["indicator"]), figure))
            target["target"] = f"QQt{i}QQ"
            target["text"] = text.replace(written, f"QQt{i}QQ")
            appendix = target.get("appendix") or {}
            if isinstance(appendix.get("target"), str):
                row = Figure.read(appendix["target"])
                if row is not None and row.number == figure.number:
                    appendix["target"] = f"{row.prefix}QQn{i}QQ{row.rest}"
            if isinstance(appendix.get("text"), str):
                appendix["text"] = _standalone(figure.number).sub(f"QQn{i}QQ", appendix["text"])

    text = first_line + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return Template(TOKEN.split(text), slots)


def _target_lists(data):
    """Every `targets` list of a plan, wherever in its tree of sections and items."""
    if isinstance(data, dict):
        if isinstance(data.get("targets"), list):
            yield data["targets"]
        for value in data.values():
            yield from _target_lists(value)
    elif isinstance(data, list):
        for value in data:
            yield from _target_lists(value)


def _province_fields(data) -> None:
    data["issuer"]["name"] = "Ủy ban nhân dân tỉnh QQprovQQ"
    data["issuer"]["locality"] = "tỉnh QQprovQQ"
    document = data["document"]
    document["number"], document["place"], document["date"] = "QQnoQQ", "QQprovQQ", "QQdateQQ"
    line = data.get("appendix", {}).get("reference_line")
    if line:
        line = re.sub(r"số: \d+ /", "số: QQnoQQ /", line)
        data["appendix"]["reference_line"] = re.sub(r"ngày \d+ tháng \d+ năm \d+", "ngày QQdatetextQQ", line)


def _district_fields(data) -> None:
    data["issuer"]["name"] = "Ủy ban nhân dân huyện QQdistQQ"
    data["issuer"]["locality"] = "huyện QQdistQQ"
    old = data["document"]
    data["document"] = {"number": "QQnoQQ", "symbol": old.get("symbol", "KH-UBND"), "date": "QQdateQQ", "title": old["title"]}
    _cite_parent(data, "Ủy ban nhân dân tỉnh QQprovQQ")


def _commune_fields(data) -> None:
    data["issuer"]["name"] = "Ủy ban nhân dân phường QQcommQQ"
    data["issuer"]["locality"] = "phường QQcommQQ"
    old = data["document"]
    data["document"] = {"number": "QQnoQQ", "symbol": old.get("symbol", "KH-UBND"), "date": "QQdateQQ", "title": old["title"]}
    _cite_parent(data, "Ủy ban nhân dân huyện QQdistQQ")


def _cite_parent(data, issuer: str) -> None:
    first = data["implements"][0]
    first.update(number="QQpnoQQ/KH-UBND", date="QQpdateQQ", issuer=issuer, path="../QQyearQQ.yaml")


def templates(year: int) -> dict[str, Template]:
    y = str(year)
    return {
        "province": make_template(
            PROVINCE, year,
            [("Kon Tum", "QQprovQQ")],
            _province_fields,
        ),
        "district": make_template(
            DISTRICT, year,
            [("Ia H'Drai", "QQdistQQ"), ("Ia H’Drai", "QQdistQQ"), ("Kon Tum", "QQprovQQ"),
             ("956/KH-UBND", "QQpnoQQ/KH-UBND"), (f"24/3/{y}", "QQpdateQQ")],
            _district_fields,
        ),
        "commune": make_template(
            COMMUNE, year,
            [("Nguyễn Trãi", "QQcommQQ"), ("Thành phố Kon Tum", "huyện QQdistQQ"),
             ("thành phố Kon Tum", "huyện QQdistQQ"), ("Kon Tum", "QQprovQQ"),
             ("62/KH-UBND", "QQpnoQQ/KH-UBND"), (f"02/4/{y}", "QQpdateQQ")],
            _commune_fields,
        ),
    }


# ------------------------------------------------------------------ targets


def national_figures(year: int) -> dict[str, Figure]:
    """The national strategy's target for ``year`` (latest milestone not after it)."""
    data = yaml.safe_load(NATIONAL.read_text(encoding="utf-8"))
    found = {}
    for targets in _target_lists(data):
        for target in targets:
            written = [(m["year"], m["target"]) for m in target.get("milestones", []) if m["year"] <= year]
            if written:
                figure = Figure.read(str(max(written)[1]))
                if figure is not None:
                    found[str(target["indicator"])] = figure
    return found


def directions() -> dict[str, str]:
    return {str(i["id"]): i["direction"] for i in yaml.safe_load(INDICATORS.read_text(encoding="utf-8"))}


def choose_targets(
    template: Template, parent: dict[str, Figure], direction: dict[str, str], weak: float, rng: random.Random
) -> tuple[dict[str, str], dict[str, Figure], bool]:
    """Each slot's wording and figure for one plan; the plan's figures (for its children);
    whether one figure was made weaker than the parent's."""
    chosen: dict[int, Figure] = {}
    movable = []
    for slot in template.slots:
        above = parent.get(slot.indicator)
        if above is not None and above.rest.strip() == slot.own.rest.strip():
            chosen[slot.index] = above
            if direction.get(slot.indicator) in ("higher", "lower"):
                movable.append(slot)
        else:
            chosen[slot.index] = slot.own
    weakened = False
    if movable and rng.random() < weak:
        slot = rng.choice(movable)
        sign = -1 if direction[slot.indicator] == "higher" else 1
        moved = chosen[slot.index].moved(sign * rng.randint(1, 3))
        if moved is not None:
            chosen[slot.index], weakened = moved, True
            movable.remove(slot)
    for slot in movable:
        if rng.random() < 0.35:
            sign = 1 if direction[slot.indicator] == "higher" else -1
            chosen[slot.index] = chosen[slot.index].moved(sign * rng.randint(1, 3)) or chosen[slot.index]
    values = {}
    for index, figure in chosen.items():
        values[f"t{index}"] = figure.text()
        values[f"n{index}"] = figure.number
    figures = {slot.indicator: chosen[slot.index] for slot in template.slots}
    return values, figures, weakened


# ------------------------------------------------------------------ the tree


def generate(out: Path, provinces: int, districts: int, communes: int, year: int, seed: int, weak: float, communes_only: bool = False) -> dict:
    rng = random.Random(seed)
    tpl = templates(year)
    direction = directions()
    national = national_figures(year)
    stats = {"files": 0, "bytes": 0, "weak": 0}

    def write(path: Path, text: str) -> None:
        if communes_only and path.parent.parent.parent.parent != out and path.parent != out / "quoc-gia":
            return  # a province or district plan: left out, its children cite a file that is not there
        data = text.encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        stats["files"] += 1
        stats["bytes"] += len(data)

    out.mkdir(parents=True, exist_ok=True)
    (out / "quoc-gia").mkdir(exist_ok=True)
    shutil.copyfile(NATIONAL, out / "quoc-gia" / NATIONAL.name)
    stats["files"] += 1
    stats["bytes"] += NATIONAL.stat().st_size

    name = f"{year}.yaml"
    start = dt.date(year, 1, 5)
    district_counts = spread(districts, provinces, rng)
    commune_counts = spread(communes, districts, rng)
    commune_counts.reverse()  # so that a province's district count and commune count are not correlated
    next_district = 0
    for province_name, n_districts in zip(place_names(rng, provinces, {"quoc-gia"}), district_counts):
        p_date = start + dt.timedelta(days=rng.randint(0, 80))
        p_no = str(rng.randint(10, 3999))
        p_day = rng.randint(12, 20)
        targets, p_figures, weakened = choose_targets(tpl["province"], national, direction, weak, rng)
        stats["weak"] += weakened
        p_dir = out / slug(province_name)
        common = {"prov": province_name, "year": str(year)}
        write(p_dir / name, tpl["province"].fill({
            **common, **targets, "no": p_no, "date": p_date.isoformat(),
            "datetext": f"{p_date.day} tháng {p_date.month} năm {p_date.year}",
            "deadline": f"{p_day}/12/{year}", "dlday": str(p_day),
        }))
        for district_name in place_names(rng, n_districts):
            n_communes = commune_counts[next_district]
            next_district += 1
            d_date = p_date + dt.timedelta(days=rng.randint(3, 40))
            d_no = str(rng.randint(10, 3999))
            d_day = p_day if rng.random() < 0.05 else p_day - rng.randint(1, 4)
            targets, d_figures, weakened = choose_targets(tpl["district"], p_figures, direction, weak, rng)
            stats["weak"] += weakened
            d_dir = p_dir / slug(district_name)
            write(d_dir / name, tpl["district"].fill({
                **common, **targets, "dist": district_name, "no": d_no, "date": d_date.isoformat(),
                "pno": p_no, "pdate": vn_date(p_date), "deadline": f"{d_day}/12/{year}", "dlday": str(d_day),
            }))
            for commune_name in place_names(rng, n_communes):
                c_date = d_date + dt.timedelta(days=rng.randint(3, 40))
                c_day = d_day if rng.random() < 0.05 else max(1, d_day - rng.randint(1, 3))
                targets, _, weakened = choose_targets(tpl["commune"], d_figures, direction, weak, rng)
                stats["weak"] += weakened
                write(d_dir / slug(commune_name) / name, tpl["commune"].fill({
                    **common, **targets, "dist": district_name, "comm": commune_name,
                    "no": str(rng.randint(10, 999)), "date": c_date.isoformat(),
                    "pno": d_no, "pdate": vn_date(d_date), "deadline": f"{c_day:02d}/12/{year}", "dlday": f"{c_day:02d}",
                }))
    stats["districts"] = next_district
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder (under /tmp; it should not exist or be empty)")
    parser.add_argument("--provinces", type=int, default=63)
    parser.add_argument("--districts", type=int, default=700)
    parser.add_argument("--communes", type=int, default=10000)
    parser.add_argument("--year", type=int, default=2025, help="the plans' year (2021-2030)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weak", type=float, default=0.1, help="share of plans with one target weaker than the parent's")
    parser.add_argument(
        "--communes-only", action="store_true",
        help="write the national strategy and the communes only: every commune's parent is absent",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not 2021 <= args.year <= 2030:
        parser.error("--year must be within the national strategy, 2021-2030")
    if args.districts and not args.provinces or args.communes and not args.districts:
        parser.error("districts need provinces and communes need districts")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    started = time.perf_counter()
    stats = generate(args.out, args.provinces, args.districts, args.communes, args.year, args.seed, args.weak, args.communes_only)
    print(
        f"wrote {stats['files']} files ({stats['bytes'] / 1e6:.1f} MB) to {args.out}: 1 national, "
        f"{args.provinces} provinces, {stats['districts']} districts, {args.communes} communes; "
        f"{stats['weak']} plans with one target set weaker than the parent's; "
        f"{time.perf_counter() - started:.1f} s" + ("; provinces and districts not written (--communes-only)" if args.communes_only else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
