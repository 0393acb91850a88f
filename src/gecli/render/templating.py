"""Rendering the content templates: sandboxed (templates are code), strict about undefined
names, and every error located at the template's file and line."""

from __future__ import annotations

import sys
from pathlib import Path

from gecli.i18n import Message
from gecli.render.context import long_date, short_date

BODY_TEMPLATE = "ke-hoach.j2"


class TemplateProblem(Exception):
    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


def bundled_templates() -> Path:
    """Installed as gecli/templates; in a source checkout (editable install), the repository's templates/."""
    import gecli

    package = Path(gecli.__file__).parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent.parent / "templates"


def render_body(context: dict, folder: Path | None, plan_path: str) -> str:
    from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    folder = folder or bundled_templates()
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    environment.filters["ngay"] = short_date
    environment.filters["ngay_day_du"] = long_date
    try:
        return environment.get_template(BODY_TEMPLATE).render(context)
    except TemplateSyntaxError as error:
        where = f"{error.filename or folder / BODY_TEMPLATE}:{error.lineno}"
        raise TemplateProblem(Message("template_error", where=where, plan=plan_path, detail=error.message)) from None
    except TemplateError as error:
        where = _template_line(folder) or str(folder / BODY_TEMPLATE)
        raise TemplateProblem(Message("template_error", where=where, plan=plan_path, detail=str(error))) from None
    except OSError as error:
        raise TemplateProblem(Message("template_missing", folder=folder, name=BODY_TEMPLATE, detail=str(error))) from None


def _template_line(folder: Path) -> str | None:
    """The template file and line the running error came from (Jinja puts them in the traceback)."""
    trace = sys.exc_info()[2]
    found = None
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
