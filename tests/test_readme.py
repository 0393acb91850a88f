"""The README's example plan is a valid plan: what we show users must work."""

import re
import shutil

from gecli.validate import read_plan, validate
from support import PLANS, REPO


def test_readme_example_validates(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# yaml-language-server.*?)```", readme, re.S).group(1)
    # Laid out as in plans/, so its `path:` to the national strategy resolves.
    (tmp_path / "kon-tum").mkdir()
    (tmp_path / "kon-tum" / "2025.yaml").write_text(example, encoding="utf-8")
    shutil.copytree(PLANS / "quoc-gia", tmp_path / "quoc-gia")
    report = validate([str(tmp_path)])
    own = [f for f in report.findings if f.file.endswith("kon-tum/2025.yaml")]
    assert [f for f in own if f.rule in ("unreadable", "yaml", "schema", "parent-reference")] == []
    # The example is an excerpt: only the national indicators it leaves out are reported.
    assert {f.rule for f in own} == {"missing-indicator"} and "4.2" not in {f.indicator for f in own}
    _, target = read_plan(tmp_path / "kon-tum" / "2025.yaml", "kon-tum/2025.yaml")[0].plan.targets()[0]
    assert (target.target.comparator.value, str(target.target.value), target.target.unit) == (
        "less_than",
        "31.7",
        "per_100k_live_births",
    )
