"""Rendering the content templates. Templates are code other people write, so they run in
Jinja's immutable sandbox, see plain data only (dicts, lists, strings, numbers) and a few
pure helpers, get bounded time and sizes, and every error is located at the template's
file and line — whatever the template does.

Values are data, never markup: each value a template prints is marked off (``VALUE``), so
a plan sentence that starts with "# " or holds a line break cannot become a heading.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gecli.i18n import Message, excerpt
from gecli.render.context import long_date, short_date

BODY_TEMPLATE = "ke-hoach.j2"
TIME_LIMIT = 30  # seconds for one render: far more than any real template needs
MAX_OUTPUT = 5_000_000  # characters
MAX_REPEAT = 100_000  # longest string or list a template may build with * (or ** exponent)

# Private-use characters around every printed value; `layout.blocks_from_template` reads
# line markers only outside them, then removes them.
VALUE_OPEN, VALUE_CLOSE = "\ue000", "\ue001"
_NOT_IN_A_VALUE = {ord(c): " " for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"} | {
    ord(VALUE_OPEN): None,
    ord(VALUE_CLOSE): None,
}


class TemplateProblem(Exception):
    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


class _TimeUp(BaseException):
    """Raised from the alarm: a BaseException, so no `except Exception` in Jinja swallows it."""


def bundled_templates() -> Path:
    """Installed as gecli/templates; in a source checkout (editable install), the repository's templates/."""
    import gecli

    package = Path(gecli.__file__).parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent.parent / "templates"


def as_value(value: Any) -> str:
    """What a template prints: one line of text, marked off as data."""
    text = "" if value is None else str(value)
    return VALUE_OPEN + text.translate(_NOT_IN_A_VALUE) + VALUE_CLOSE


def _environment(folder: Path):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        # str.format reaches attributes by name ("{0.__globals__}"): no formatting at all.
        blocked = frozenset({"format", "format_map", "mro"})
        intercepted_binops = frozenset({"*", "**"})

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            return attr not in self.blocked and super().is_safe_attribute(obj, attr, value)

        def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large")
            if operator == "*":
                for sized, count in ((left, right), (right, left)):
                    if isinstance(sized, (str, list, tuple)) and isinstance(count, int) and count * max(1, len(sized)) > MAX_REPEAT:
                        raise SecurityError("repetition too large")
            return super().call_binop(context, operator, left, right)

    environment = Sandbox(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        finalize=as_value,
    )
    environment.filters["ngay"] = short_date
    environment.filters["ngay_day_du"] = long_date
    return environment


def render_body(context: dict, folder: Path | None, plan_path: str) -> str:
    """The template's text for ``context`` (plain data). Raises :class:`TemplateProblem`."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    folder = folder or bundled_templates()
    try:
        environment = _environment(folder)
        with _time_limit(TIME_LIMIT):
            text = environment.get_template(BODY_TEMPLATE).render(context)
    except TemplateSyntaxError as error:
        where = f"{error.filename or folder / BODY_TEMPLATE}:{error.lineno}"
        raise TemplateProblem(Message("template_error", where=where, plan=plan_path, detail=excerpt(error.message or "", 200))) from None
    except (TemplateNotFound, OSError) as error:
        name = getattr(error, "name", None) or BODY_TEMPLATE
        raise TemplateProblem(Message("template_missing", folder=folder, name=name, detail=excerpt(str(error), 200))) from None
    except _TimeUp:
        raise TemplateProblem(Message("template_too_slow", where=folder / BODY_TEMPLATE, plan=plan_path, seconds=TIME_LIMIT)) from None
    except Exception as error:  # a template is code: whatever it raises is its error
        where = _template_line() or str(folder / BODY_TEMPLATE)
        detail = excerpt(f"{type(error).__name__}: {error}", 200)
        raise TemplateProblem(Message("template_error", where=where, plan=plan_path, detail=detail)) from None
    if len(text) > MAX_OUTPUT:
        raise TemplateProblem(Message("template_too_large", where=folder / BODY_TEMPLATE, plan=plan_path, limit=MAX_OUTPUT))
    return text


@contextmanager
def _time_limit(seconds: int):
    """An alarm that stops a template running too long (a loop of loops); only where
    signals can be used (the main thread of a Unix process)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_line() -> str | None:
    """The template file and line the running error came from (Jinja puts them in the traceback)."""
    trace = sys.exc_info()[2]
    found = None
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
