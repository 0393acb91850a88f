"""The command line: parse arguments, call the library, print. No logic lives here."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from gecli import __version__
from gecli.findings import Severity
from gecli.i18n import default_language
from gecli.i18n import render as say

app = typer.Typer(
    name="gecli",
    help="Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới dưới dạng dữ liệu: "
    "kiểm tra, so sánh, xuất văn bản.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


LangOption = Annotated[
    Optional[Lang],
    typer.Option("--lang", help="Ngôn ngữ thông báo: vi (mặc định) hoặc en; hoặc đặt GECLI_LANG."),
]


def _lang(option: Lang | None) -> str:
    return option.value if option else default_language()


def _stdout() -> Console:
    return Console(soft_wrap=True)


def _stderr() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        print(f"gecli {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát.")
    ] = False,
) -> None:
    """gecli: kiểm tra và xuất kế hoạch bình đẳng giới."""


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Tệp .yaml hoặc thư mục (tìm đệ quy).")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (mặc định) hoặc json.")
    ] = ReportFormat.text,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Mức thấp nhất làm mã thoát thành 1: error, warning, note.")
    ] = Severity.ERROR,
    lang: LangOption = None,
) -> None:
    """Kiểm tra kế hoạch theo mẫu dữ liệu. Mã thoát: 0 đạt, 1 có vấn đề, 2 không đọc được tệp."""
    from gecli.validate import validate as run

    language = _lang(lang)
    report = run(paths)
    if output_format is ReportFormat.json:
        from gecli.output.json_format import render

        sys.stdout.write(render(report, language))
    else:
        from gecli.output.text import print_report

        print_report(report, _stdout(), language)
    raise typer.Exit(report.exit_code(fail_on))


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Nơi ghi lược đồ.")] = Path("schemas/plan.schema.json"),
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Chỉ kiểm tra tệp đã cập nhật chưa (mã thoát 1 nếu chưa).")] = False,
    lang: LangOption = None,
) -> None:
    """Ghi lược đồ JSON (JSON Schema) của mẫu kế hoạch, dùng cho trình soạn thảo."""
    from gecli.files import OutputExists, write_atomic
    from gecli.schema import plan_schema_text

    language = _lang(lang)
    text = plan_schema_text()
    current = output.exists() and output.read_text(encoding="utf-8") == text
    if check or current:
        if current:
            _stderr().print(say("schema_current", language, {"path": output}), highlight=False)
        raise typer.Exit(0 if current else 1)
    try:
        write_atomic(output, text.encode("utf-8"), force=force)
    except OutputExists:
        _stderr().print(say("file_exists", language, {"path": output}), highlight=False)
        raise typer.Exit(2) from None
    _stderr().print(say("schema_written", language, {"path": output}), highlight=False)


def main() -> None:
    app()
