"""Turning a validation report into text for people or data for machines."""

import json
from json import encoder


def _compact_encoder():
    """``json.dumps(value, ensure_ascii=False)``, the same text, from one encoder made once:
    making it again for each record of a national report took a third of the SARIF log's
    time. Records hold no cycles, so none are looked for."""
    if encoder.c_make_encoder is None:  # a Python built without json's C accelerator
        return lambda value: json.dumps(value, ensure_ascii=False)
    encode = encoder.c_make_encoder(None, json.JSONEncoder().default, encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(encode(value, 0))


to_json = _compact_encoder()
