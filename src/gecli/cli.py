"""The command line: parse arguments, call the library, print. No logic lives here."""

from __future__ import annotations

import importlib
import json
import os
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
    github = "github"
    sarif = "sarif"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


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


def _tell(console: Console, text: str) -> None:
    """A message for people. It holds paths and names users chose ("[/b].yaml"): never markup."""
    console.print(text, markup=False, highlight=False)


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
        ReportFormat, typer.Option("--format", "-f", help="text (mặc định), json, github hoặc sarif.")
    ] = ReportFormat.text,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Mức thấp nhất làm mã thoát thành 1: error, warning, note.")
    ] = Severity.ERROR,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=1, help="Số tiến trình song song (mặc định: số lõi).")
    ] = None,
    parent: Annotated[
        Optional[str], typer.Option("--parent", help="Kế hoạch cấp trên, khi văn bản trích dẫn một kế hoạch không có tệp.")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Kiểm tra kế hoạch (.yaml, hoặc văn bản .docx, .pdf, .txt): mẫu dữ liệu, đối chiếu trong văn bản và với kế hoạch cấp trên.

    Mã thoát: 0 đạt, 1 có vấn đề từ mức --fail-on, 2 không đọc được tệp.
    """
    from gecli.validate import validate as run

    language = _lang(lang)
    if sys.stderr.isatty():
        _tell(_stderr(), say("checking", language, {"files": " ".join(paths)}))
    report = run(paths, jobs=jobs, parent=parent)
    if output_format is ReportFormat.text:
        from gecli.output.text import print_report

        print_report(report, _stdout(), language)
    else:
        renderer = importlib.import_module(f"gecli.output.{_MACHINE_FORMATS[output_format]}")
        sys.stdout.write(renderer.render(report, language))
    raise typer.Exit(report.exit_code(fail_on))


_MACHINE_FORMATS = {ReportFormat.json: "json_format", ReportFormat.github: "github", ReportFormat.sarif: "sarif"}


@app.command()
def diff(
    parent: Annotated[str, typer.Argument(help="Kế hoạch cấp trên (.yaml).")],
    child: Annotated[str, typer.Argument(help="Kế hoạch cấp dưới (.yaml).")],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text (mặc định), json hoặc markdown.")
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Mã thoát 1 khi có chỉ tiêu kém hơn hoặc bị thiếu.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """So sánh từng chỉ tiêu của kế hoạch cấp dưới với kế hoạch cấp trên."""
    from gecli.diff import DiffError, as_json, diff_plans

    language = _lang(lang)
    try:
        result = diff_plans(parent, child)
    except DiffError as error:
        from gecli.output.text import print_findings

        console = _stderr()
        _tell(console, say("diff_invalid", language))
        print_findings(error.findings, console, language)
        raise typer.Exit(2) from None
    if output_format is DiffFormat.json:
        sys.stdout.write(json.dumps(as_json(result, language), ensure_ascii=False, indent=2) + "\n")
    elif output_format is DiffFormat.markdown:
        from gecli.output.diff_format import markdown

        sys.stdout.write(markdown(result, language))
    else:
        from gecli.output.diff_format import print_diff

        print_diff(result, _stdout(), language)
    raise typer.Exit(1 if exit_code and result.regressions else 0)


@app.command()
def rules(
    slug: Annotated[Optional[str], typer.Argument(help="Mã quy tắc, ví dụ weaker-than-parent.")] = None,
    lang: LangOption = None,
) -> None:
    """Liệt kê các quy tắc kiểm tra, hoặc giải thích một quy tắc."""
    from gecli.output.rules_doc import print_rule_list, print_rule_page
    from gecli.rules import documented_rules, rule

    language = _lang(lang)
    if slug is None:
        print_rule_list(_stdout(), language)
        return
    found = rule(slug)
    if found is None:
        known = [r.slug for r in documented_rules()]
        _tell(_stderr(), say("rule_unknown", language, {"slug": slug, "known": known}))
        raise typer.Exit(2)
    print_rule_page(found, _stdout(), language)


@app.command()
def render(
    plan: Annotated[str, typer.Argument(help="Tệp kế hoạch (.yaml).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp .docx sẽ ghi.")],
    templates: Annotated[
        Optional[Path], typer.Option("--templates", help="Thư mục mẫu của riêng bạn (mặc định: mẫu của gecli).")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Tạo thêm tệp PDF bằng LibreOffice.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    lang: LangOption = None,
) -> None:
    """Xuất kế hoạch ra văn bản Word (.docx) theo thể thức Nghị định 30/2020/NĐ-CP."""
    from gecli.output.text import print_findings
    from gecli.render import NotAPlan, RenderError, TemplateProblem, render_plan
    from gecli.render.pdf import PdfProblem, docx_to_pdf

    language = _lang(lang)
    console = _stderr()
    targets = [output] + ([output.with_suffix(".pdf")] if pdf else [])
    _refuse_existing(targets, force, language)
    try:
        document = render_plan(plan, templates)
    except RenderError as error:
        _tell(console, say("render_invalid", language))
        print_findings(error.findings, console, language)
        raise typer.Exit(2) from None
    except (TemplateProblem, NotAPlan) as error:
        _print_message(console, error.message, language)
        raise typer.Exit(2) from None
    _write(output, document, force, language)
    _tell(console, say("render_written", language, {"path": output}))
    if pdf:
        try:
            _write(targets[1], docx_to_pdf(output), force, language)
        except PdfProblem as error:
            _print_message(console, error.message, language)
            raise typer.Exit(2) from None
        _tell(console, say("render_written", language, {"path": targets[1]}))


def _refuse_existing(paths: list[Path], force: bool, language: str) -> None:
    """Stop before any work when an output exists (without --force) or cannot be replaced."""
    from gecli.files import OutputProblem, check_target

    for path in paths:
        try:
            check_target(path, force)
        except OutputProblem as problem:
            _print_message(_stderr(), problem.message, language)
            raise typer.Exit(2) from None


def _write(path: Path, data: bytes, force: bool, language: str) -> None:
    from gecli.files import OutputProblem, write_atomic

    try:
        write_atomic(path, data, force=force)
    except OutputProblem as problem:  # appeared while we worked, or the folder is not writable
        _print_message(_stderr(), problem.message, language)
        raise typer.Exit(2) from None


def _print_message(console: Console, message, language: str) -> None:
    _tell(console, message.text(language))
    hint = message.hint(language)
    if hint:
        _tell(console, f"→ {say('fix_label', language)}: {hint}")


@app.command()
def new(
    parent: Annotated[str, typer.Option("--parent", help="Kế hoạch cấp trên (.yaml).")],
    level: Annotated[str, typer.Option("--level", help="Cấp của kế hoạch mới: tỉnh, huyện hoặc xã (gõ không dấu cũng được: tinh, huyen, xa).")],
    issuer: Annotated[str, typer.Option("--issuer", help='Cơ quan ban hành, ví dụ "Ủy ban nhân dân huyện Ia H\'Drai".')],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp .yaml sẽ ghi.")],
    year: Annotated[Optional[int], typer.Option("--year", help="Năm kế hoạch (mặc định: năm cuối của kế hoạch cấp trên).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    lang: LangOption = None,
) -> None:
    """Soạn kế hoạch cấp dưới từ kế hoạch cấp trên: đủ chỉ tiêu, cơ quan tương ứng, hạn báo cáo sớm hơn."""
    from gecli.model import Level
    from gecli.new import NewPlanError, new_plan
    from gecli.output.text import print_findings

    language = _lang(lang)
    console = _stderr()
    _refuse_existing([output], force, language)
    try:
        text = new_plan(parent, level, issuer, str(output), year)
    except NewPlanError as error:
        _print_message(console, error.message, language)
        print_findings(error.findings or [], console, language)
        raise typer.Exit(2) from None
    _write(output, text.encode("utf-8"), force, language)
    _tell(console, say("new_written", language, {"path": output.as_posix(), "level": Level.typed(level).value}))


@app.command("import")
def import_document(
    source: Annotated[str, typer.Argument(help="Văn bản kế hoạch: .docx, .pdf (có lớp chữ), .txt, .doc, .odt.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp .yaml sẽ ghi.")],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    lang: LangOption = None,
) -> None:
    """Đọc một văn bản kế hoạch (Word, PDF, văn bản thuần) thành tệp YAML để kiểm tra.

    Câu chữ và con số giữ nguyên như văn bản; chỗ không chắc chắn được đánh dấu "# KIỂM TRA:"
    trong tệp. Mã thoát: 0 đã ghi, 2 không đọc được văn bản.
    """
    from gecli.importer.document import as_yaml, read_document, summary
    from gecli.importer.readers import ImportProblem

    language = _lang(lang)
    console = _stderr()
    _refuse_existing([output], force, language)
    try:
        imported = read_document(Path(source), source)
    except ImportProblem as problem:
        _print_message(console, problem.message, language)
        raise typer.Exit(2) from None
    _write(output, as_yaml(imported, output, source, language).encode("utf-8"), force, language)
    _tell(console, summary(imported, source).text(language))
    _tell(console, say("import_written", language, {"path": output.as_posix()}))


@app.command()
def annotate(
    draft: Annotated[str, typer.Argument(help="Bản dự thảo .docx cần góp ý.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Tệp .docx có góp ý sẽ ghi.")],
    parent: Annotated[
        Optional[str], typer.Option("--parent", help="Kế hoạch cấp trên, khi văn bản trích dẫn một kế hoạch không có tệp.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    lang: LangOption = None,
) -> None:
    """Kiểm tra bản dự thảo Word và ghi một bản sao có mỗi vấn đề là một góp ý (comment) ở lề.

    Mã thoát: 0 đã ghi bản góp ý, 2 không đọc được bản dự thảo hoặc không ghi được.
    """
    from gecli.annotate import AnnotateProblem, annotate as run

    language = _lang(lang)
    console = _stderr()
    _refuse_existing([output], force, language)
    try:
        result = run(Path(draft), draft, parent, language)
    except AnnotateProblem as problem:
        _print_message(console, problem.message, language)
        raise typer.Exit(2) from None
    _write(output, result.data, force, language)
    counts = result.report.counts()
    params = {"path": output.as_posix(), "comments": result.comments}
    params |= {"errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING], "notes": counts[Severity.NOTE]}
    _tell(console, say("annotate_written", language, params))


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Nơi ghi lược đồ.")] = Path("schemas/plan.schema.json"),
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Chỉ kiểm tra tệp đã cập nhật chưa (mã thoát 1 nếu chưa).")] = False,
    lang: LangOption = None,
) -> None:
    """Ghi lược đồ JSON (JSON Schema) của mẫu kế hoạch, dùng cho trình soạn thảo."""
    from gecli.schema import plan_schema_text

    language = _lang(lang)
    text = plan_schema_text()
    try:
        current = output.is_file() and output.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        current = False
    if check or current:
        if current:
            _tell(_stderr(), say("schema_current", language, {"path": output}))
        raise typer.Exit(0 if current else 1)
    _write(output, text.encode("utf-8"), force, language)
    _tell(_stderr(), say("schema_written", language, {"path": output}))


def main() -> None:
    """The console script. A bug must still end in a sentence, not a traceback: the user
    is asked to report it (GECLI_DEBUG=1 shows the traceback for that report)."""
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as error:
        if os.environ.get("GECLI_DEBUG"):
            raise
        language = default_language()
        _tell(_stderr(), say("internal_error", language, {"error": f"{type(error).__name__}: {error}"[:300]}))
        _tell(_stderr(), f"→ {say('fix_label', language)}: {say('internal_error.hint', language)}")
        raise SystemExit(2) from None
