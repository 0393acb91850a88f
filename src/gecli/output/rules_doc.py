"""`gecli rules`: the list of checks, or one check's documentation page."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from gecli.i18n import render as say
from gecli.rules import Rule, documented_rules


def print_rule_list(console: Console, lang: str) -> None:
    headers = say("rules_columns", lang).split("|")
    table = Table(*headers)
    for rule in documented_rules():
        table.add_row(rule.slug, say(f"severity_{rule.severity.value}", lang), rule.title_in(lang))
    console.print(table)


def print_rule_page(rule: Rule, console: Console, lang: str) -> None:
    title, _, body = rule.page(lang).partition("\n")
    severity = say(f"severity_{rule.severity.value}", lang)
    console.print(Markdown(f"# {rule.slug}\n\n**{title}** ({severity})\n\n{body.strip()}\n"))
