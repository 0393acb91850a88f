"""Turning a validation report into text for people or data for machines."""

import json
from json import encoder

# A string as ``json.dumps(..., ensure_ascii=False)`` writes it (the C function when built).
string = encoder.encode_basestring


def scalar(value: str | int | None) -> str:
    """A string, a whole number or None as ``json.dumps`` writes it. The reports write their
    records as text with this: a record is a handful of such values in a fixed order, and
    building a dict per finding only to encode it took half the time of a national report."""
    if value is None:
        return "null"
    return string(value) if type(value) is str else str(value)


def _compact_encoder():
    """``json.dumps(value, ensure_ascii=False)``, the same text, from one encoder made once
    (for the rarer records that are not a fixed set of scalars). Records hold no cycles, so
    none are looked for."""
    if encoder.c_make_encoder is None:  # a Python built without json's C accelerator
        return lambda value: json.dumps(value, ensure_ascii=False)
    encode = encoder.c_make_encoder(None, json.JSONEncoder().default, string, None, ": ", ", ", False, False, True)
    return lambda value: "".join(encode(value, 0))


to_json = _compact_encoder()
