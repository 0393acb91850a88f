"""`gecli report`: one HTML page whose matrix says what `gecli diff` says, built the same
way every time, escaping what plan files hold, needing no network."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gecli.catalog import indicators
from gecli.quantity import format_number
from gecli.report import build_report, run
from gecli.report.html import render_html
from gecli.validate import validate
from plan_tree import build_tree
from support import PLANS, REPO

VERDICT_OF_CLASS = {"s": "stronger", "e": "equal", "w": "weaker", "m": "missing", "x": "extra", "i": "incomparable"}


class Page(HTMLParser):
    """The parts of the page the tests look at: the matrix's columns and rows (each cell's
    classes, text and tooltip), every href/src, the chart titles."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.columns: list[str] = []
        self.rows: list[dict] = []
        self.links: list[tuple[str, str]] = []
        self.lang = None
        self.text: list[str] = []
        self._cell: dict | None = None
        self._in_ids = False
        self._column_text: list[str] | None = None
        self._depth = 0
        self._ids_depth = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action", "srcset", "poster", "data"):
            if name in attrs and tag != "div":
                self.links.append((tag, attrs[name]))
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag != "div":
            if tag == "small" and self._column_text is not None:
                self._column_text.append("\0")  # the unit below the id
            return
        self._depth += 1
        classes = (attrs.get("class") or "").split()
        role = attrs.get("role")
        if role == "row" and "ids" in classes:
            self._in_ids, self._ids_depth = True, self._depth
        elif role == "columnheader" and self._in_ids and "corner" not in classes:
            self._column_text = []
        elif role == "row" and "data-path" in attrs:
            self.rows.append({"path": attrs["data-path"], "parent": attrs.get("data-parent"), "cells": [], "bad": "bad" in classes})
        elif role == "rowheader":
            self.rows[-1]["depth"] = int(next(c for c in classes if c.startswith("d"))[1:])
            self.rows[-1]["title"] = attrs.get("title")
        elif role == "cell":
            self._cell = {"classes": classes, "title": attrs.get("title"), "text": ""}
            self.rows[-1]["cells"].append(self._cell)

    def handle_endtag(self, tag):
        if tag != "div":
            return
        if self._column_text is not None:
            self.columns.append("".join(self._column_text).split("\0")[0].strip())
            self._column_text = None
        if self._in_ids and self._depth == self._ids_depth:
            self._in_ids = False
        self._cell = None
        self._depth -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell["text"] += data
        if self._column_text is not None:
            self._column_text.append(data)


def verdict(cell: dict) -> str | None:
    """The verdict a cell shows; None for "no parent" and "set by neither"."""
    found = [VERDICT_OF_CLASS[c] for c in cell["classes"] if c in VERDICT_OF_CLASS]
    assert len(found) <= 1, cell
    return found[0] if found else None


@pytest.fixture(scope="module")
def bundled():
    """The report on the bundled plans, as paths are typed from the repository root."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        tree = build_report(["plans"])
    finally:
        os.chdir(cwd)
    return tree


@pytest.fixture(scope="module")
def page(bundled) -> tuple[str, Page]:
    html = render_html(bundled, "vi").decode("utf-8")
    return html, Page(html)


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def test_matrix_verdicts_are_gecli_diff_verdicts(page, cli, in_repo):
    _, parsed = page
    assert parsed.columns == list(indicators())
    assert len(parsed.rows) == 5
    compared = 0
    for row in parsed.rows:
        assert len(row["cells"]) == len(parsed.columns)
        if row["parent"] is None:
            assert all(verdict(cell) is None for cell in row["cells"]), row["path"]
            continue
        result = cli("diff", row["parent"], row["path"], "--format", "json")
        assert result.exit_code == 0, result.output
        expected = {r["indicator"]: r["verdict"] for r in json.loads(result.stdout)["rows"]}
        shown = {column: verdict(cell) for column, cell in zip(parsed.columns, row["cells"])}
        assert shown == {column: expected.get(column) for column in parsed.columns}, row["path"]
        for column, cell in zip(parsed.columns, row["cells"]):
            if column not in expected:  # set by neither plan: an empty cell
                assert cell["classes"] == ["o"] and cell["text"] == "" and cell["title"] is None
        compared += 1
    assert compared == 4


def test_matrix_rows_follow_the_hierarchy(page):
    _, parsed = page
    rows = [(row["path"], row["depth"], row["parent"]) for row in parsed.rows]
    assert rows == [
        ("plans/quoc-gia/2021-2030.yaml", 0, None),
        ("plans/kon-tum/2025.yaml", 1, "plans/quoc-gia/2021-2030.yaml"),
        ("plans/kon-tum/ia-hdrai/2025.yaml", 2, "plans/kon-tum/2025.yaml"),
        # The cited city plan has no file: compared with the province, as validate does.
        ("plans/kon-tum/tp-kon-tum/nguyen-trai/2025.yaml", 2, "plans/kon-tum/2025.yaml"),
        # The cited Hà Nam plan has no file: compared with the national strategy.
        ("plans/ha-nam/thanh-liem/2021-2025.yaml", 1, "plans/quoc-gia/2021-2030.yaml"),
    ]
    nguyen_trai = parsed.rows[3]
    assert "Kế hoạch 62/KH-UBND" in nguyen_trai["title"]  # why it is compared with the province


def test_cells_show_figures_with_units_and_places(page):
    _, parsed = page
    district = next(r for r in parsed.rows if r["path"].endswith("ia-hdrai/2025.yaml"))
    cell = district["cells"][parsed.columns.index("1.1")]
    assert cell["text"] == "≥ 30"
    assert cell["title"].splitlines() == [
        "1.1 · ≥ 30% (dòng 72)",
        "Cấp trên, tỉnh Kon Tum 2025: ≥ 60% (dòng 86)",
        "→ kém hơn (−30 điểm %)",
    ]
    assert "plans/kon-tum/ia-hdrai/2025.yaml" in district["title"] and "plans/kon-tum/2025.yaml" in district["title"]
    # A unit other than the indicator's is written in the cell; the column gives the usual one.
    ward = next(r for r in parsed.rows if r["path"].endswith("nguyen-trai/2025.yaml"))
    assert ward["cells"][parsed.columns.index("4.2")]["text"] == "≤ 0%"
    # Missing at a level where the indicator usually does not apply: said, and drawn lighter.
    missing = ward["cells"][parsed.columns.index("3.4")]
    assert missing["classes"] == ["m", "na"] and "thường không áp dụng ở cấp xã" in missing["title"]


def test_national_row_reads_for_the_year_it_is_compared_at(page):
    _, parsed = page
    national = parsed.rows[0]
    assert national["cells"][parsed.columns.index("1.1")]["text"] == "≥ 60"  # the 2025 milestone, not 2030's 75%
    assert "mốc năm 2025" in national["title"]
    assert national["cells"][parsed.columns.index("4.3")]["text"] == "∅"  # unconfirmed: no figure


def test_charts_draw_national_milestones_and_never_invent_one(page):
    html, _ = page
    assert html.count("<svg") >= 15
    four_three = html[html.index('id="chart-4.3"') :]
    four_three = four_three[: four_three.index("</figure>")]
    assert "Mốc quốc gia 2025: chưa xác nhận" in four_three
    assert 'class="milestone"' not in four_three  # no line for a value the strategy does not give
    one_one = html[html.index('id="chart-1.1"') :]
    one_one = one_one[: one_one.index("</figure>")]
    assert "Mốc quốc gia 2025: ≥ 60% (plans/quoc-gia/2021-2030.yaml:49)." in one_one
    assert 'class="milestone"' in one_one


def test_findings_per_plan_with_places_hints_and_waivers(page, bundled):
    html, _ = page
    report = validate([str(PLANS)])
    assert html.count('<li class="finding') == len(report.findings)
    waived = len(re.findall(r'<li class="finding \w+ waived"', html))
    assert html.count('<li class="finding') - waived == sum(bundled.counts.values()) and waived == bundled.waived
    assert html.count('class="finding warning waived"') == 4
    assert "Được miễn trừ — lý do: Giá trị quốc gia chưa được xác nhận" in html
    assert "plans/kon-tum/ia-hdrai/2025.yaml:72:25" in html
    assert "→ Cách sửa: Đặt chỉ tiêu ít nhất bằng mức cấp trên" in html


def test_same_tree_same_bytes(in_repo, tmp_path):
    first = render_html(build_report(["plans"]), "vi")
    assert render_html(build_report(["plans"]), "vi") == first
    # In other processes too, whatever order Python gives sets of strings there.
    script = "import sys; from gecli.report import *; from gecli.report.html import render_html; " \
        "sys.stdout.buffer.write(render_html(build_report(['plans']), 'vi'))"
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, check=True)
        assert done.stdout == first


def test_english_on_request(bundled):
    html = render_html(bundled, "en").decode("utf-8")
    parsed = Page(html)
    assert parsed.lang == "en"
    for words in ("Gender-equality plans: review", "Indicator matrix", "Findings by plan", "plans checked", "Legend"):
        assert words in html
    assert "Bảng chỉ tiêu" not in html and "Cấp trên" not in html
    district = next(r for r in parsed.rows if r["path"].endswith("ia-hdrai/2025.yaml"))
    assert district["cells"][parsed.columns.index("4.2")]["title"].splitlines() == [
        "4.2 · < 32.5/100.000 trẻ đẻ sống (line 228)",
        "Parent, tỉnh Kon Tum 2025: < 31.7/100.000 trẻ đẻ sống (line 297)",
        "→ weaker (+0.8/100.000 trẻ đẻ sống)",
    ]


def test_nothing_is_fetched(page):
    html, parsed = page
    assert all(value.startswith("#") for _, value in parsed.links), parsed.links
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<script|@import|url\(|<link|<img|<iframe|<object", html, re.I)
    assert "default-src 'none'" in html  # and the browser is told to fetch nothing anyway


HOSTILE = '<script>alert("x")</script> & <b>đậm</b> \'"'


def _hostile_tree(root: Path) -> Path:
    shutil.copytree(PLANS / "quoc-gia", root / "quoc-gia")
    text = (PLANS / "kon-tum" / "2025.yaml").read_text(encoding="utf-8")
    text = text.replace('locality: "tỉnh Kon Tum"', f"locality: {json.dumps(HOSTILE, ensure_ascii=False)}")
    folder = root / 'x<img src=y onerror=alert(1)>"'
    folder.mkdir()
    (folder / "2025.yaml").write_text(text, encoding="utf-8")
    return folder / "2025.yaml"


def test_plan_text_is_escaped(tmp_path):
    _hostile_tree(tmp_path)
    html = render_html(build_report([str(tmp_path)]), "vi").decode("utf-8")
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>đậm" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in html
    parsed = Page(html)
    assert f"{HOSTILE} 2025" in "".join(parsed.text)  # shown as the words they are
    assert any(row["path"].endswith('x<img src=y onerror=alert(1)>"/2025.yaml') for row in parsed.rows)
    # In the charts' point tooltips too (an SVG <title> is read as HTML text).
    charts = html[html.index('<section id="charts">') : html.index('<section id="findings">')]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt; &#39;&#34; 2025" in charts


WAIVED_CHILD = """\
level: tỉnh
issuer: {name: Ủy ban nhân dân tỉnh Thử, locality: tỉnh Thử}
document: {number: "1", title: Kế hoạch thử}
period: 2025
implements:
  - {kind: Nghị quyết, number: 28/NQ-CP, path: ../quoc-gia/2021-2030.yaml}
sections:
  - title: Mục tiêu
    targets:
      - indicator: "1.1"
        target: đạt 50%
        waivers: [{rule: weaker-than-parent, reason: "Địa phương mới thành lập <2025>"}]
      - indicator: "2.1"
        target: đạt 55%
waivers:
  - {rule: missing-indicator, indicator: "2.2", reason: Không có số liệu}
"""


def test_waived_cells_are_marked_with_their_reason(tmp_path):
    shutil.copytree(PLANS / "quoc-gia", tmp_path / "quoc-gia")
    (tmp_path / "thu").mkdir()
    (tmp_path / "thu" / "2025.yaml").write_text(WAIVED_CHILD, encoding="utf-8")
    parsed = Page(render_html(build_report([str(tmp_path)]), "vi").decode("utf-8"))
    child = parsed.rows[1]
    weaker = child["cells"][parsed.columns.index("1.1")]
    assert weaker["classes"] == ["w", "wv"]
    assert "Được miễn trừ, lý do: Địa phương mới thành lập <2025>" in weaker["title"]
    assert child["cells"][parsed.columns.index("2.2")]["classes"] == ["m", "wv"]
    assert child["cells"][parsed.columns.index("2.1")]["classes"] == ["s"]
    assert not child["bad"] or any(
        verdict(c) in ("weaker", "missing") and "wv" not in c["classes"] for c in child["cells"]
    )


def test_a_tree_of_copies(tmp_path):
    count = build_tree(tmp_path, provinces=2, districts=3, communes=5)
    tree = build_report([str(tmp_path)])
    assert len(tree.rows) == count == 11 and not tree.unread
    depths = [row.depth for row in tree.rows]
    assert depths[0] == 0 and depths.count(1) == 2 and depths.count(2) == 3 and depths.count(3) == 5
    for row in tree.rows[1:]:  # every plan's parent is the plan in the folder above
        assert Path(row.parent_path).parent == Path(row.path).parent.parent or row.depth == 1
    parsed = Page(render_html(tree, "vi").decode("utf-8"))
    assert [r["path"] for r in parsed.rows] == [row.path for row in tree.rows]


def test_run_writes_once_and_never_overwrites_without_force(tmp_path, in_repo):
    output = tmp_path / "out" / "bao-cao.html"
    err = io.StringIO()
    assert run(["plans"], output, err=err) == 0
    written = output.read_bytes()
    size = format_number(Decimal(max(1, round(len(written) / 1024))), "vi")
    assert "Đã ghi" in err.getvalue() and f"({size} KB): 5 kế hoạch" in err.getvalue()
    assert written.startswith(b"<!DOCTYPE html>")
    output.write_bytes(b"not ours")
    err = io.StringIO()
    assert run(["plans"], output, err=err) == 2
    assert output.read_bytes() == b"not ours" and "--force" in err.getvalue()
    assert run(["plans"], output, force=True, err=io.StringIO()) == 0
    assert output.read_bytes() == written
    assert sorted(p.name for p in output.parent.iterdir()) == ["bao-cao.html"]  # no temporary file left
    # Written a piece at a time as the template makes it: the same bytes as the whole page.
    assert written == render_html(build_report(["plans"]), "vi")


def test_run_refuses_what_it_cannot_do(tmp_path, in_repo):
    err = io.StringIO()
    assert run(["plans"], tmp_path, force=True, err=err) == 2  # a folder
    assert "thư mục" in err.getvalue()
    err = io.StringIO()
    assert run(["no-such-folder"], tmp_path / "a.html", err=err) == 2
    assert "no-such-folder" in err.getvalue() and not (tmp_path / "a.html").exists()
    (tmp_path / "empty").mkdir()
    err = io.StringIO()
    assert run([str(tmp_path / "empty")], tmp_path / "b.html", lang="en", err=err) == 2
    assert "No plan files" in err.getvalue() and not (tmp_path / "b.html").exists()


def test_unreadable_files_are_listed(tmp_path):
    shutil.copytree(PLANS / "quoc-gia", tmp_path / "quoc-gia")
    (tmp_path / "hong.yaml").write_text("level: [", encoding="utf-8")
    tree = build_report([str(tmp_path)])
    assert list(tree.unread) == [f"{tmp_path.as_posix()}/hong.yaml"]
    html = render_html(tree, "vi").decode("utf-8")
    assert "Tệp không đọc được thành kế hoạch" in html and "hong.yaml" in html


LOOP = """\
level: tỉnh
issuer: {{name: Ủy ban nhân dân tỉnh {name}, locality: tỉnh {name}}}
document: {{number: "{number}", title: Kế hoạch thử}}
period: 2025
implements:
  - {{kind: Kế hoạch, number: {other}/KH-UBND, path: ../{other_folder}/2025.yaml}}
sections:
  - title: Mục tiêu
    targets:
      - {{indicator: "1.1", target: đạt {value}%}}
"""


def test_plans_citing_each_other_are_each_shown_once(tmp_path):
    for name, number, other, folder, other_folder, value in (("Một", 1, 2, "a", "b", 60), ("Hai", 2, 1, "b", "a", 50)):
        (tmp_path / folder).mkdir()
        text = LOOP.format(name=name, number=number, other=other, other_folder=other_folder, value=value)
        (tmp_path / folder / "2025.yaml").write_text(text, encoding="utf-8")
    tree = build_report([str(tmp_path)])
    assert [(Path(row.path).parent.name, row.depth) for row in tree.rows] == [("a", 0), ("b", 1)]
    assert [row.cells[0].verdict.value for row in tree.rows] == ["stronger", "weaker"]


def test_without_the_strategy_in_the_tree_milestones_come_from_the_one_shipped(tmp_path):
    (tmp_path / "kon-tum").mkdir()
    shutil.copy(PLANS / "kon-tum" / "2025.yaml", tmp_path / "kon-tum" / "2025.yaml")
    tree = build_report([str(tmp_path)])
    assert tree.national is not None and not tree.national.in_tree
    assert [row.parent_path for row in tree.rows] == [None]  # nothing to compare with
    html = render_html(tree, "vi").decode("utf-8")
    one_one = html[html.index('id="chart-1.1"') :]
    one_one = one_one[: one_one.index("</figure>")]
    assert "Mốc quốc gia 2025: ≥ 60%" in one_one and "bản cài sẵn cùng gecli" in one_one
    assert "Không có cặp con số nào để vẽ." in one_one and "<svg" not in one_one
