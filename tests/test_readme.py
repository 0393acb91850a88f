"""The README's example plan is a valid plan: what we show users must work."""

import re

from gecli.validate import validate
from support import REPO


def test_readme_example_validates(write):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    report = validate([str(write(example))])
    assert report.findings == []
    target = report.plans[0].plan.objectives[0].targets[0]
    assert (target.target.comparator.value, str(target.target.value), target.target.unit) == (
        "less_than",
        "31.7",
        "per_100k_live_births",
    )
