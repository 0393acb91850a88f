"""The checks. One module per rule, like yamllint's: the module's docstring is the rule's
documentation (shown by `gecli rules SLUG`), and it defines

- ``SLUG``: the stable public name (users suppress findings by it);
- ``SEVERITY``: the default severity;
- ``NEEDS_PARENT``: True when the rule compares a plan with its parent plan;
- ``check(subject)``: a generator of :class:`Problem` for one plan;
- ``DOC_EN``: the same page in English (`--lang en`, and SARIF logs written in English).

A rule that compares a plan with its parent runs once every plan has been read, when the
whole plans have been let go: it reads ``subject.facts`` and ``subject.parent.facts``
(`gecli.validate.PlanFacts`: the header, where the targets are, the figures by year, the
deadlines and waivers), not ``subject.plan``.

Adding a rule is adding a module here; modules whose name starts with "_" are helpers.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Callable, Iterator

from gecli.findings import BUILTIN_RULES, Severity
from gecli.i18n import Message, render
from gecli.yamlio import load_data_file

if TYPE_CHECKING:
    from gecli.model import Plan
    from gecli.validate import CheckedPlan, CitedFacts, PlanFacts


@dataclass(frozen=True)
class Problem:
    """What a rule found, before it is located in the file and waived or not."""

    loc: tuple[str | int, ...]
    message: Message
    indicator: str | None = None
    severity: Severity | None = None  # None: the rule's default
    at_key: bool = False


@dataclass(frozen=True)
class ResolvedReference:
    """A document the plan cites, and the plan file found for it (if any)."""

    index: int
    reference: "CitedFacts"
    found: "CheckedPlan | None"
    problem: Message | None = None  # the cited path could not be used


@dataclass
class Subject:
    """One plan under check, with what the rules may compare it against."""

    checked: "CheckedPlan"
    parent: "CheckedPlan | None" = None
    parent_is_direct: bool = True
    references: list[ResolvedReference] = field(default_factory=list)

    @property
    def plan(self) -> "Plan":
        """The whole plan: for the rules that check a plan on its own."""
        return self.checked.plan

    @property
    def facts(self) -> "PlanFacts":
        return self.checked.facts

    @property
    def year(self) -> int:
        return self.checked.facts.year

    @cached_property
    def via(self) -> Message | str:
        """Said when the comparison is with an ancestor because the cited parent is missing
        (one for all the plan's findings)."""
        if self.parent is None or self.parent_is_direct:
            return ""
        cited = next((r.reference for r in self.references), None)
        document = f"{cited.kind} {cited.number}" if cited and cited.number else "?"
        return Message("via_ancestor", ancestor=self.parent.label(), document=document)


@dataclass(frozen=True)
class Rule:
    slug: str
    severity: Severity
    needs_parent: bool
    check: Callable[[Subject], Iterator[Problem]] | None  # None: a built-in rule (the file could not be checked)
    doc: str  # the page in Vietnamese, Markdown: its first line is the title
    doc_en: str = ""
    friendly_name: str = ""  # SARIF's "name", a PascalCase identifier unlike the slug; default: from the slug

    @property
    def name(self) -> str:
        return self.friendly_name or "".join(word.capitalize() for word in self.slug.split("-"))

    @property
    def title(self) -> str:
        return self.title_in("vi")

    def page(self, lang: str) -> str:
        """The documentation page in ``lang`` (Markdown), Vietnamese when it has no translation."""
        return (self.doc_en if lang == "en" and self.doc_en else self.doc).strip()

    def title_in(self, lang: str) -> str:
        return self.page(lang).splitlines()[0].rstrip(".")


@cache
def all_rules() -> tuple[Rule, ...]:
    rules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules.append(
            Rule(
                slug=module.SLUG,
                severity=module.SEVERITY,
                needs_parent=getattr(module, "NEEDS_PARENT", False),
                check=module.check,
                doc=module.__doc__ or "",
                doc_en=getattr(module, "DOC_EN", ""),
            )
        )
    return tuple(sorted(rules, key=lambda rule: rule.slug))


@cache
def builtin_rules() -> tuple[Rule, ...]:
    """The slugs of findings that mean a file could not be checked (gecli.findings.BUILTIN_RULES),
    documented like the checks; their pages are in ``data/builtin-rules.yaml``. They are always
    errors (see validate.read_plan)."""
    pages = load_data_file("builtin-rules.yaml")
    return tuple(
        Rule(
            slug=slug,
            severity=Severity.ERROR,
            needs_parent=False,
            check=None,
            doc=f"{render(f'rule_{slug}', 'vi')}.\n\n{pages[slug]['vi']}",
            doc_en=f"{render(f'rule_{slug}', 'en')}.\n\n{pages[slug]['en']}",
            friendly_name=pages[slug]["name"],
        )
        for slug in BUILTIN_RULES
    )


def documented_rules() -> tuple[Rule, ...]:
    """Every slug a finding can carry: the checks, then the built-in ones."""
    return all_rules() + builtin_rules()


def rule(slug: str) -> Rule | None:
    return next((r for r in documented_rules() if r.slug == slug), None)
