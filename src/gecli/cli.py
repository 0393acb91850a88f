"""The command line: parse arguments, call the library, print. No logic lives here.

Start-up time counts (`gecli --help`, a pre-commit hook on one file): this module imports
only Typer and gecli's messages; each command imports what it uses when it runs. Help,
metavars and Click's own words are message keys, written in the user's language by
gecli.usage.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, TextIO

import typer

from gecli import __version__
from gecli.findings import Severity
from gecli.i18n import render as say
from gecli.i18n import requested_language
from gecli.usage import Command, Group, language

app = typer.Typer(
    name="gecli",
    cls=Group,
    help="cli_app",
    epilog="cli_app_epilog",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def command(name: str):
    """Register a command; its help is the message cli_<name>, its line in the list of
    commands cli_<name>_short."""
    return app.command(name, cls=Command, help=f"cli_{name}", short_help=f"cli_{name}_short")


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


LangOption = Annotated[Optional[Lang], typer.Option("--lang", metavar="vi|en", help="cli_lang_option")]
ForceOption = Annotated[bool, typer.Option("--force", help="cli_force")]
ParentOption = Annotated[Optional[str], typer.Option("--parent", metavar="cli_mv_parent", help="cli_parent_option")]


def _lang(option: Lang | None) -> str:
    """The command's --lang; else the language of the whole command line (gecli.usage)."""
    return option.value if option else language()


def _tell(stream: TextIO, text: str) -> None:
    """A message for people, on stderr (or stdout). It holds paths and names users chose
    ("[/b].yaml"): printed as it is, never read as markup."""
    print(text, file=stream, flush=True)


def _console(stderr: bool = False):
    """For the commands that print tables and pages (rules, diff): rich, imported then."""
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, emoji=False, highlight=False)  # plan text is never ":emoji:" codes


def _version(value: bool) -> None:
    if value:
        print(f"gecli {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    lang: LangOption = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="cli_version_option")] = False,
) -> None:
    """Options before the command. --lang is here so that it is accepted anywhere; it was
    already read with the whole command line. With no command, the help (exit code 2)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help(), err=True)
        raise typer.Exit(2)


@command("validate")
def validate(
    paths: Annotated[list[str], typer.Argument(metavar="cli_mv_path", help="cli_validate_paths")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", metavar="text|json|github|sarif", help="cli_validate_format")
    ] = ReportFormat.text,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", metavar="error|warning|note", help="cli_validate_fail_on")
    ] = Severity.ERROR,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N", help="cli_validate_jobs")] = None,
    parent: ParentOption = None,
    lang: LangOption = None,
) -> None:
    """Exit code 0, 1 or 2: a CI step passes or fails on it alone (README, "Mã thoát")."""
    from gecli.validate import validate as run

    language = _lang(lang)
    if sys.stderr.isatty():
        _tell(sys.stderr, say("checking", language, {"files": " ".join(paths)}))
    report = run(paths, jobs=jobs, parent=parent)
    # The report lives until the process ends: a collection would only rescan it while the
    # output is written (seconds, at national scale).
    gc.disable()
    if output_format is ReportFormat.text:
        from gecli.output.text import print_report

        print_report(report, sys.stdout, language)
    else:
        renderer = importlib.import_module(f"gecli.output.{_MACHINE_FORMATS[output_format]}")
        for chunk in renderer.chunks(report, language):
            sys.stdout.write(chunk)
    raise typer.Exit(report.exit_code(fail_on))


_MACHINE_FORMATS = {ReportFormat.json: "json_format", ReportFormat.github: "github", ReportFormat.sarif: "sarif"}


@command("diff")
def diff(
    parent: Annotated[str, typer.Argument(metavar="cli_mv_parent", help="cli_diff_parent")],
    child: Annotated[str, typer.Argument(metavar="cli_mv_child", help="cli_diff_child")],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", metavar="text|json|markdown", help="cli_diff_format")
    ] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="cli_diff_exit_code")] = False,
    lang: LangOption = None,
) -> None:
    """A reviewer's table; with --exit-code, a check a CI step can fail on."""
    import json

    from gecli.diff import DiffError, as_json, diff_plans

    language = _lang(lang)
    try:
        result = diff_plans(parent, child)
    except DiffError as error:
        from gecli.output.text import print_findings

        _tell(sys.stderr, say("diff_invalid", language))
        print_findings(error.findings, sys.stderr, language)
        raise typer.Exit(2) from None
    if output_format is DiffFormat.json:
        sys.stdout.write(json.dumps(as_json(result, language), ensure_ascii=False, indent=2) + "\n")
    elif output_format is DiffFormat.markdown:
        from gecli.output.diff_format import markdown

        sys.stdout.write(markdown(result, language))
    else:
        from gecli.output.diff_format import print_diff

        print_diff(result, _console(), language)
    raise typer.Exit(1 if exit_code and result.regressions else 0)


@command("rules")
def rules(
    slug: Annotated[Optional[str], typer.Argument(metavar="cli_mv_slug", help="cli_rules_slug")] = None,
    lang: LangOption = None,
) -> None:
    """Each finding names its rule: this is where the name leads."""
    from gecli.output.rules_doc import print_rule_list, print_rule_page
    from gecli.rules import documented_rules, rule

    language = _lang(lang)
    if slug is None:
        print_rule_list(_console(), language)
        return
    found = rule(slug)
    if found is None:
        known = [r.slug for r in documented_rules()]
        _tell(sys.stderr, say("rule_unknown", language, {"slug": slug, "known": known}))
        raise typer.Exit(2)
    print_rule_page(found, _console(), language)


@command("render")
def render(
    plan: Annotated[str, typer.Argument(metavar="cli_mv_plan", help="cli_render_plan")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="cli_mv_document", help="cli_render_output")],
    templates: Annotated[
        Optional[Path], typer.Option("--templates", metavar="cli_mv_folder", help="cli_render_templates")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="cli_render_pdf")] = False,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from gecli.output.text import print_findings
    from gecli.render import NotAPlan, RenderError, TemplateProblem, render_plan
    from gecli.render.pdf import PdfProblem, docx_to_pdf

    language = _lang(lang)
    console = sys.stderr
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
            _print_message(sys.stderr, problem.message, language)
            raise typer.Exit(2) from None


def _write(path: Path, data: bytes, force: bool, language: str) -> None:
    from gecli.files import OutputProblem, write_atomic

    try:
        write_atomic(path, data, force=force)
    except OutputProblem as problem:  # appeared while we worked, or the folder is not writable
        _print_message(sys.stderr, problem.message, language)
        raise typer.Exit(2) from None


def _print_message(stream: TextIO, message, language: str) -> None:
    _tell(stream, message.text(language))
    hint = message.hint(language)
    if hint:
        _tell(stream, f"→ {say('fix_label', language)}: {hint}")


@command("new")
def new(
    parent: Annotated[str, typer.Option("--parent", metavar="cli_mv_parent", help="cli_new_parent")],
    level: Annotated[str, typer.Option("--level", metavar="cli_mv_level", help="cli_new_level")],
    issuer: Annotated[str, typer.Option("--issuer", metavar="cli_mv_issuer", help="cli_new_issuer")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="cli_mv_plan", help="cli_yaml_output")],
    year: Annotated[Optional[int], typer.Option("--year", metavar="cli_mv_year", help="cli_new_year")] = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from gecli.model import Level
    from gecli.new import NewPlanError, new_plan
    from gecli.output.text import print_findings

    language = _lang(lang)
    console = sys.stderr
    _refuse_existing([output], force, language)
    try:
        text = new_plan(parent, level, issuer, str(output), year)
    except NewPlanError as error:
        _print_message(console, error.message, language)
        print_findings(error.findings or [], console, language)
        raise typer.Exit(2) from None
    _write(output, text.encode("utf-8"), force, language)
    _tell(console, say("new_written", language, {"path": output.as_posix(), "level": Level.typed(level).value}))


@command("report")
def report(
    paths: Annotated[list[str], typer.Argument(metavar="cli_mv_path", help="cli_validate_paths")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="cli_mv_html", help="cli_report_output")],
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from gecli.report import run

    language = _lang(lang)
    if sys.stderr.isatty():
        _tell(sys.stderr, say("checking", language, {"files": " ".join(paths)}))
    raise typer.Exit(run(paths, output, force, language))


@command("import")
def import_document(
    source: Annotated[str, typer.Argument(metavar="cli_mv_source", help="cli_import_source")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="cli_mv_plan", help="cli_yaml_output")],
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from gecli.importer.document import as_yaml, read_document, summary
    from gecli.importer.readers import ImportProblem

    language = _lang(lang)
    console = sys.stderr
    _refuse_existing([output], force, language)
    try:
        imported = read_document(Path(source), source)
    except ImportProblem as problem:
        _print_message(console, problem.message, language)
        raise typer.Exit(2) from None
    _write(output, as_yaml(imported, output, source, language).encode("utf-8"), force, language)
    _tell(console, summary(imported, source).text(language))
    _tell(console, say("import_written", language, {"path": output.as_posix()}))


@command("annotate")
def annotate(
    draft: Annotated[str, typer.Argument(metavar="cli_mv_draft", help="cli_annotate_draft")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="cli_mv_reviewed", help="cli_annotate_output")],
    parent: ParentOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    from gecli.annotate import AnnotateProblem, annotate as run

    language = _lang(lang)
    console = sys.stderr
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


@command("schema")
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="cli_mv_schema", help="cli_schema_output")] = Path(
        "schemas/plan.schema.json"
    ),
    force: ForceOption = False,
    check: Annotated[bool, typer.Option("--check", help="cli_schema_check")] = False,
    lang: LangOption = None,
) -> None:
    from gecli.schema import plan_schema_text

    language = _lang(lang)
    text = plan_schema_text()
    try:
        current = output.is_file() and output.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        current = False
    if check or current:
        if current:
            _tell(sys.stderr, say("schema_current", language, {"path": output}))
        raise typer.Exit(0 if current else 1)
    _write(output, text.encode("utf-8"), force, language)
    _tell(sys.stderr, say("schema_written", language, {"path": output}))


def main() -> None:
    """The console script. A bug must still end in a sentence, not a traceback: the user
    is asked to report it (GECLI_DEBUG=1 shows the traceback for that report)."""
    # gecli uses no pydantic plugin: not looking for any spares a scan of every installed package.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app(prog_name="gecli")  # also under `python -m gecli`
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as error:
        if os.environ.get("GECLI_DEBUG"):
            raise
        language = requested_language(sys.argv[1:])
        _tell(sys.stderr, say("internal_error", language, {"error": f"{type(error).__name__}: {error}"[:300]}))
        _tell(sys.stderr, f"→ {say('fix_label', language)}: {say('internal_error.hint', language)}")
        raise SystemExit(2) from None
    finally:
        # The process ends here. Python's last collection would walk every object still alive
        # (the models' schemas, the report): a seventh of a one-file check. Frozen, it skips
        # them; they are freed as usual.
        gc.freeze()
