"""The command line's help and usage errors, in the user's language.

Help is often a user's first contact with gecli, so it is written like every other message:
in ``data/messages.yaml`` (keys ``cli_…``), Vietnamese by default, English with ``--lang en``
anywhere on the command line or ``GECLI_LANG=en``. The commands name their help, their
parameters' help and metavars by message key; the classes below write them, and Click's own
words ("Usage:", "Show this message and exit.", "Missing argument"), in the language asked.

The language is read from the command line's words before Click parses them
(:func:`gecli.i18n.requested_language`): ``--help`` is handled as soon as it is met, maybe
before ``--lang``. It holds for the whole invocation, help and messages alike.

The usage line reads like the README: ``gecli validate [TÙY_CHỌN] ĐƯỜNG_DẪN...``,
``gecli new [TÙY_CHỌN] --parent CẤP_TRÊN.yaml --level CẤP …``.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar
from difflib import get_close_matches

import typer
from typer.core import TyperCommand, TyperGroup

from gecli.i18n import catalog, default_language, requested_language
from gecli.i18n import render as say

LANGUAGE: ContextVar[str] = ContextVar("gecli_language")
NO_BREAK = "\u00a0"


def language() -> str:
    """The language of this invocation (set by Group.main), else GECLI_LANG's."""
    return LANGUAGE.get(None) or default_language()


def text(key_or_text: str | None) -> str:
    """A message key in the invocation's language; anything else (a metavar such as
    "text|json"), as written."""
    if not key_or_text:
        return ""
    return say(key_or_text, language()) if key_or_text in catalog() else key_or_text


def _metavar(param) -> str:
    name = text(param.metavar) or param.name.upper()
    return f"{name}..." if param.nargs != 1 else name


def _usage_pieces(command, ctx) -> list[str]:
    """[OPTIONS], the arguments, then the required options with their values."""
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    pieces = [text("cli_mv_options")]
    for param in params:
        if param.param_type_name == "argument":
            pieces.append(_metavar(param) if param.required else f"[{_metavar(param)}]")
    for param in params:
        if param.param_type_name == "option" and param.required:
            pieces.append(f"{min(param.opts, key=len)} {_metavar(param)}")
    return pieces


def _records(command, ctx) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The rows of the Arguments and Options sections."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        help_text = text(param.help)
        if param.required:  # kept on one line: "[bắt buộc]"
            help_text = f"{help_text}  [{text('cli_required').replace(' ', NO_BREAK)}]"
        if param.param_type_name == "argument":
            arguments.append((_metavar(param), help_text))
        else:
            names = ", ".join(sorted(param.opts, key=lambda name: name.startswith("--")))  # -f, --format
            options.append((names if getattr(param, "is_flag", False) else f"{names} {_metavar(param)}", help_text))
    return arguments, options


class _Help:
    """What a command and the group share: usage line, help text, sections, --help."""

    def format_help(self, ctx, formatter) -> None:
        """Click's plain layout, whatever Typer would do with rich installed."""
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def collect_usage_pieces(self, ctx) -> list[str]:
        return _usage_pieces(self, ctx)

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=f"{text('cli_usage')} ")

    def format_help_text(self, ctx, formatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text(self.help))

    def format_options(self, ctx, formatter) -> None:
        arguments, options = _records(self, ctx)
        for title, rows in (("cli_arguments", arguments), ("cli_options", options)):
            if rows:
                with formatter.section(text(title)):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx, formatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text(self.epilog))

    def get_short_help_str(self, limit: int = 45) -> str:
        return text(self.short_help) or text(self.help).split("\n")[0]

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "cli_help_option"
        return option


class Command(_Help, TyperCommand):
    """A gecli command: its help and usage in the user's language."""

    allow_extra_args = True  # refused below, in the user's language

    def parse_args(self, ctx, args):
        rest = super().parse_args(ctx, args)
        if ctx.args and not ctx.resilient_parsing:
            ctx.fail(say("cli_extra_arguments", language(), {"arguments": ctx.args}))
        return rest


class Group(_Help, TyperGroup):
    """gecli itself: resolves the language, lists the commands, and reports usage errors
    (a missing argument, an unknown option) in the user's language, exit code 2."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [text("cli_mv_options"), text("cli_mv_command")]

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        rows = [(name, command.get_short_help_str()) for name, command in self.commands.items() if not command.hidden]
        with formatter.section(text("cli_commands")):
            formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            message = say("cli_no_such_command", language(), {"name": name, "commands": list(self.commands)})
            close = get_close_matches(name, list(self.commands), n=1)
            if close:
                message += say("cli_did_you_mean", language(), {"names": close})
            ctx.fail(message)
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        token = LANGUAGE.set(requested_language(sys.argv[1:] if args is None else list(args)))
        try:
            if not standalone_mode:
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            try:
                code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except typer.Abort:
                typer.echo(say("cli_aborted", language()), err=True)
                sys.exit(1)
            except Exception as error:
                if not _is_usage_problem(error):
                    raise
                _show(error)
                sys.exit(error.exit_code)
            sys.exit(code if isinstance(code, int) else 0)
        finally:
            LANGUAGE.reset(token)


def _is_usage_problem(error: Exception) -> bool:
    """Click's own exceptions (a usage error, a bad value): they say what went wrong and
    carry their exit code. (Typer vendors Click; its classes are not public.)"""
    return callable(getattr(error, "format_message", None)) and isinstance(getattr(error, "exit_code", None), int)


def _kind(error: Exception) -> str:
    names = [cls.__name__ for cls in type(error).__mro__]
    kinds = ("NoArgsIsHelpError", "MissingParameter", "NoSuchOption", "BadOptionUsage", "BadParameter")
    return next((name for name in kinds if name in names), "")


def _show(error: Exception) -> None:
    """Like Click: the usage line, where to find help, then the error; in the user's language."""
    ctx = getattr(error, "ctx", None)
    lang = language()
    if _kind(error) == "NoArgsIsHelpError":  # "gecli" alone: the help itself
        typer.echo(ctx.get_help(), err=True)
        return
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(say("cli_try_help", lang, {"command": ctx.command_path}) + "\n", err=True)
    typer.echo(f"{say('cli_error', lang)}: {explain(error, lang)}", err=True)


def explain(error: Exception, lang: str) -> str:
    kind, param = _kind(error), getattr(error, "param", None)
    if kind == "NoSuchOption":
        message = say("cli_no_such_option", lang, {"name": error.option_name})
        close = sorted(getattr(error, "possibilities", None) or ())
        return message + say("cli_did_you_mean", lang, {"names": close}) if close else message
    if kind == "BadOptionUsage" and "requires" in error.format_message():  # "--format" as the last word
        return say("cli_option_value", lang, {"name": error.option_name})
    if param is None:
        return error.format_message()
    name = (text(param.metavar) or param.name.upper()) if param.param_type_name == "argument" else max(param.opts, key=len)
    if kind == "MissingParameter":
        key = "cli_missing_argument" if param.param_type_name == "argument" else "cli_missing_option"
        return say(key, lang, {"name": name})
    shown = text(param.metavar)
    if "|" in shown:  # a choice: its metavar lists the values
        return say("cli_bad_choice", lang, {"name": name, "choices": shown.split("|")})
    if _annotation(param) is int:
        # On the parameter in recent Typer; on its Click IntRange type in older ones.
        minimum = getattr(param, "min", None)
        if minimum is None:
            minimum = getattr(getattr(param, "type", None), "min", None)
        if minimum is not None:
            return say("cli_bad_minimum", lang, {"name": name, "minimum": minimum})
        return say("cli_bad_integer", lang, {"name": name})
    return say("cli_bad_value", lang, {"name": name, "detail": getattr(error, "message", "") or error.format_message()})


def _annotation(param):
    """The Python type of a parameter's value: Typer keeps it on the parameter (recent
    versions) or on its Click type."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None:
        return getattr(descriptor, "annotation", None)
    return {"integer": int, "integer range": int}.get(getattr(getattr(param, "type", None), "name", ""), None)
