"""The national indicator catalog and the unit vocabulary, read from ``data/``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache

from gecli.yamlio import load_data_file


class Direction(str, Enum):
    HIGHER = "higher"
    LOWER = "lower"
    KEEP = "keep"
    ACHIEVE = "achieve"


@dataclass(frozen=True)
class Unit:
    id: str
    display: str
    family: str
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    objective: int
    name: str
    direction: Direction
    # unit id -> plausible (min, max); the first unit is the indicator's main unit
    units: dict[str, tuple[Decimal, Decimal]]
    phrases: tuple[str, ...]
    levels: tuple[str, ...] | None  # None: meaningful at every level

    def applies_at(self, level: str) -> bool:
        return self.levels is None or level in self.levels

    @property
    def unit(self) -> str:
        return next(iter(self.units))


@cache
def units() -> dict[str, Unit]:
    return {
        uid: Unit(uid, spec["display"], spec["family"], tuple(spec["spellings"]))
        for uid, spec in load_data_file("units.yaml").items()
    }


@cache
def indicators() -> dict[str, Indicator]:
    result = {}
    for spec in load_data_file("indicators.yaml"):
        result[spec["id"]] = Indicator(
            id=spec["id"],
            objective=spec["objective"],
            name=spec["name"],
            direction=Direction(spec["direction"]),
            units={u: (Decimal(str(lo)), Decimal(str(hi))) for u, (lo, hi) in spec["units"].items()},
            phrases=tuple(spec["phrases"]),
            levels=tuple(spec["levels"]) if "levels" in spec else None,
        )
    return result


def indicator_ids() -> list[str]:
    return list(indicators())


@cache
def objectives() -> dict[int, str]:
    """The strategy's six objectives by number: "Trong lĩnh vực chính trị", …"""
    return {int(number): name for number, name in load_data_file("objectives.yaml").items()}
