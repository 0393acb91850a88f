"""`gecli validate` as a library: paths in, a report of findings out.

Two passes. Each file is read, validated against the model and checked on its own (in
parallel when there are many); then every plan is paired with its parent — the plan it
cites, or the nearest ancestor found in the folders above it, or the national strategy —
and the rules that compare a plan with its parent run.
"""

from __future__ import annotations

import gc
import os
import sys
from array import array
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from gecli.compare import Figure, figure_years, figures
from gecli.findings import INTERNAL_ERROR, LOAD_RULES, Finding, Severity
from gecli.i18n import Message, excerpt
from gecli.model import Deadline, Level, PartialDate, Period, Plan
from gecli.names import committee_locality
from gecli.rules import ResolvedReference, Rule, Subject, all_rules
from gecli.records import sent_by_fields
from gecli.schema_errors import plan_findings
from gecli.source import Anchors, LoadError, Position, Source, load

PLAN_SUFFIXES = (".yaml", ".yml")
# Documents are checked when named explicitly; a folder is searched for YAML plans only.
from gecli.importer import DOCUMENT_SUFFIXES  # noqa: E402  (a tuple; the importer loads lazily)
# Files per worker process: with fewer, starting one costs more than it saves (cheap:
# workers are forked warm, so a few dozen files each already pay). `--jobs` is then a maximum.
FILES_PER_WORKER = 32
_LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}


@dataclass
class PlanFacts:
    """What comparing a plan with its parent, or with its children, reads of it: its header,
    where its targets are, its figures by year, its deadlines and waivers. Kept when the
    plan itself is let go after its own checks: a plan in memory takes some 170 KB, these a
    few, and a national tree has ten thousand plans."""

    level: Level
    period: Period
    issuer: str
    label: Message
    document: "DocumentFacts"
    implements: list["CitedFacts"]
    reporting: list[Deadline]
    targets: tuple[tuple[tuple, str], ...]  # (place, indicator id), in printed order
    # From each year the figures change (0: before any), (indicator id, figure) pairs: a
    # tuple, so plans with the same figures in the same places hold one (see `Shared`).
    figures_at: dict[int, tuple[tuple[str, Figure], ...]]
    target_waivers: dict[tuple[str, str], str]  # (rule, indicator) -> reason
    plan_waivers: tuple[tuple[str, str | None, str], ...]  # (rule, indicator or None, reason)

    @classmethod
    def of(cls, plan: Plan) -> "PlanFacts":
        years = figure_years(plan)
        target_waivers: dict[tuple[str, str], str] = {}
        for _, target in plan.targets():
            for waiver in target.waivers:
                target_waivers.setdefault((waiver.rule, target.indicator), waiver.reason)
        document = plan.document
        return cls(
            level=plan.level,
            period=plan.period,
            issuer=plan.issuer.name,
            label=_label(plan),
            document=DocumentFacts(document.number, document.symbol, document.date),
            # Without the words the checks do not read (a title, the sentence a deadline is in).
            implements=[CitedFacts(r.kind, r.number, r.date, r.issuer, r.path) for r in plan.implements],
            reporting=[deadline.model_copy(update={"text": None, "reporter": None}) for deadline in plan.reporting],
            targets=tuple((loc, target.indicator) for loc, target in plan.targets()),
            figures_at={year: tuple(figures(plan, year).items()) for year in [0, *years]},
            target_waivers=target_waivers,
            plan_waivers=tuple((w.rule, w.indicator, w.reason) for w in plan.waivers),
        )

    @property
    def year(self) -> int:
        return self.period.end

    def figures(self, year: int) -> dict[str, Figure]:
        """Each indicator's target for ``year``, as `compare.figures` gives it."""
        return dict(self.figures_at[max((y for y in self.figures_at if y <= year), default=0)])

    def waiver(self, rule: str, indicator: str | None) -> str | None:
        """The written reason for not applying ``rule`` (to ``indicator``), as `Plan.waiver`."""
        if indicator is not None and (rule, indicator) in self.target_waivers:
            return self.target_waivers[(rule, indicator)]
        return next((reason for slug, which, reason in self.plan_waivers if slug == rule and which in (None, indicator)), None)


@sent_by_fields
@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What look-ups and the parent-reference check read of a plan's document."""

    number: str | None
    symbol: str | None
    date: PartialDate | None


@sent_by_fields
@dataclass(frozen=True, slots=True)
class CitedFacts:
    """What look-ups, the parent-reference check and messages read of a document a plan
    cites (a `Reference` without its title)."""

    kind: str
    number: str | None
    date: PartialDate | None
    issuer: str | None
    path: str | None


def _label(plan: Plan) -> Message:
    if plan.level is Level.QUOC_GIA:
        return Message("national_label", period=str(plan.period))
    name = plan.issuer.locality or committee_locality(plan.issuer.name) or plan.issuer.name
    return Message("plan_label", name=name, period=str(plan.period))


@dataclass
class CheckedPlan:
    """A plan that passed the model, and where its values are written. The whole plan and
    its parsed file serve its own checks; then they are let go, and the checks that compare
    it with its parent and its children read its `facts` and the places they cite."""

    path: str  # as shown to the user
    file: Path  # resolved, to follow references
    plan: Plan | None
    source: Source | Anchors | Positions
    facts: PlanFacts = field(init=False)

    def __post_init__(self) -> None:
        self.facts = PlanFacts.of(self.plan)

    def let_go(self) -> "CheckedPlan":
        """Keep only what the checks against parents and children need: the facts, and the
        positions of the places they may cite."""
        self.plan = None
        anchors = getattr(self.source, "anchors", None)
        if anchors is not None:
            self.source = Anchors(_cited(anchors.known, self.facts))
        return self

    def share(self, shared: "Shared") -> None:
        """Hold one copy of what many plans hold alike: wordings, figures, places. Done in a
        worker, it also makes what the worker sends small (pickle sends a value once per batch
        of results); the main process then shares across workers."""
        facts = self.facts
        facts.targets = shared(tuple((shared(loc), indicator) for loc, indicator in facts.targets))
        # Most plans have a figure set seen before: looked up whole first, then figure by figure.
        facts.figures_at = {
            year: shared.seen.get(found) or shared(tuple((indicator, shared(figure)) for indicator, figure in found))
            for year, found in facts.figures_at.items()
        }
        if isinstance(self.source, Anchors):
            self.source = Positions.of(self.source.known, shared)
        elif isinstance(self.source, Positions):
            self.source = self.source.shared(shared)

    def label(self) -> Message:
        return self.facts.label

    def figures(self, year: int) -> dict[str, Figure]:
        return self.facts.figures(year)

    def place(self, loc: tuple) -> str | Message:
        """Where ``loc`` is, for a message: "plans/a.yaml:12", or a document's paragraph."""
        where = getattr(self.source, "where", None)
        if where is not None:
            place, _ = where(loc)
            if place is not None and place.line is None:
                return Message("place_in_document", path=self.path, where=place.describe())
        return f"{self.path}:{self.source.position(loc).line}"


class Positions:
    """Where the places a plan may be cited at are written, compactly: the places (shared by
    every plan laid out alike) and their lines and columns as numbers. Answers like
    `Anchors`: a place not recorded answers with its nearest recorded ancestor."""

    def __init__(self, layout: tuple, places: dict[tuple, int], numbers: array):
        self.layout, self.places, self.numbers = layout, places, numbers

    @classmethod
    def of(cls, known: dict[tuple, tuple[int, int]], shared: "Shared") -> "Positions":
        layout = shared(tuple(known))  # in the file's order: plans laid out alike share it
        return cls(layout, shared.index(layout), array("I", (n for loc in layout for n in known[loc])))

    def shared(self, shared: "Shared") -> "Positions":
        layout = shared(self.layout)
        return Positions(layout, shared.index(layout), self.numbers)

    def position(self, loc: tuple[str | int, ...], at_key: bool = False) -> Position:
        while loc and loc not in self.places:
            loc = loc[:-1]
        at = self.places.get(loc)
        return Position(1, 1) if at is None else Position(self.numbers[2 * at], self.numbers[2 * at + 1])


class Shared:
    """One copy of each value: a national tree's plans copy their parent's wordings and
    layout, so most of what they hold is alike."""

    def __init__(self) -> None:
        self.seen: dict = {}

    def __call__(self, value):
        return self.seen.setdefault(value, value)

    def index(self, layout: tuple) -> dict:
        """Each place of a shared layout -> its number (one dict per layout)."""
        key = ("index", layout)
        if key not in self.seen:
            self.seen[key] = {loc: number for number, loc in enumerate(layout)}
        return self.seen[key]


# Places outside the sections that the checks against a parent cite, in either plan.
_HEADER_PLACES = ("document", "period", "issuer", "reporting", "implements")


def _cited(known: dict[tuple, tuple[int, int]], facts: PlanFacts) -> dict[tuple, tuple[int, int]]:
    """The positions a check against the parent or a child may ask for: the header's, each
    target's and its item's, each figure's — or, for a place not written, its nearest
    written ancestor, as `Anchors.position` answers."""
    wanted = {loc for loc in known if loc[:1] and loc[0] in _HEADER_PLACES}
    wanted.add(("sections",))
    for loc, _ in facts.targets:
        wanted.update((loc, loc[:-2]))
    for found in facts.figures_at.values():
        wanted.update(figure.loc for _, figure in found)
    kept = set()
    for loc in wanted:
        while loc and loc not in known:
            loc = loc[:-1]
        kept.add(loc)
    return {loc: at for loc, at in known.items() if loc in kept}  # in the file's order


@dataclass
class Report:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    plans: list[CheckedPlan] = field(default_factory=list)

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            if not finding.suppressed:
                counts[finding.severity] += 1
        return counts

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 clean, 1 a finding at or above ``fail_on``, 2 a file that could not be read (or
        could not be checked because of a bug in gecli)."""
        active = [f for f in self.findings if not f.suppressed]
        if any(f.rule in LOAD_RULES for f in active):
            return 2
        return 1 if any(f.severity.rank >= fail_on.rank for f in active) else 0


def plan_files(paths: list[str]) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """The plan files under ``paths`` (directories searched recursively), sorted, and
    findings for paths that do not exist."""
    files: list[tuple[Path, str]] = []
    missing: list[Finding] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.suffix in PLAN_SUFFIXES and found.is_file() and not any(p.startswith(".") for p in relative):
                    files.append((found, found.as_posix()))
        elif path.exists():
            files.append((path, path.as_posix()))
        else:
            missing.append(Finding(given, None, None, "unreadable", Severity.ERROR, Message("file_missing", path=given)))
    return files, missing


def read_plan(path: Path, shown: str) -> tuple[CheckedPlan | None, list[Finding]]:
    """Read one file and validate it against the plan model. A document (.docx, .pdf, .txt
    …) is imported in memory first."""
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return _read_document(path, shown)
    try:
        source = load(path, shown, CITED_PLACES)
    except LoadError as error:
        line, column = (error.position.line, error.position.column) if error.position else (None, None)
        return None, [Finding(shown, line, column, error.rule, Severity.ERROR, error.message)]
    try:
        plan = Plan.model_validate(source.data)
    except ValidationError as error:
        return None, plan_findings(shown, source.data, source, error)
    return CheckedPlan(shown, path.resolve(), plan, source), []


def _read_document(path: Path, shown: str) -> tuple[CheckedPlan | None, list[Finding]]:
    from gecli.importer.document import DocumentPlaces, read_document
    from gecli.importer.readers import ImportProblem

    try:
        imported = read_document(path, shown)
    except ImportProblem as problem:
        return None, [Finding(shown, None, None, "unreadable", Severity.ERROR, problem.message)]
    plan = Plan.model_validate(imported.data)
    return CheckedPlan(shown, path.resolve(), plan, DocumentPlaces(imported.places, imported.quotes)), []


# Every place a rule comparing two plans may point at, in either of them (see Source.anchors).
# Items nest to any depth, so the shape of an item holds itself.
_ITEM_PLACES: dict = {"targets": [{"target": {}, "text": {}, "milestones": [{"target": {}}]}]}
_ITEM_PLACES["items"] = [_ITEM_PLACES]
CITED_PLACES = {
    "document": {"date": {}},
    "period": {},
    "issuer": {"name": {}},
    "sections": [_ITEM_PLACES],
    "reporting": [{"by": {}}],
    "implements": [{"path": {}, "number": {}, "date": {}, "issuer": {}}],
}


def _first_pass(item: tuple[Path, str], let_go: bool = True) -> tuple[CheckedPlan | None, list[Finding]]:
    try:
        checked, findings = read_plan(*item)
        if checked is not None:
            findings = run_rules(Subject(checked), [r for r in all_rules() if not r.needs_parent])
            if let_go:
                checked.let_go()
        return checked, findings
    except Exception as error:  # a bug must cost one file, not the run
        return None, [internal_error(item[1], error)]


_WORKER_SHARED: Shared | None = None  # in a worker process: what its plans hold alike


def _worker_pass(item: tuple[Path, str]) -> tuple[CheckedPlan | None, list[Finding]]:
    """`_first_pass` in a worker process, its result shared with the worker's earlier ones."""
    global _WORKER_SHARED
    if _WORKER_SHARED is None:
        _WORKER_SHARED = Shared()
    checked, findings = _first_pass(item)
    if checked is not None:
        checked.share(_WORKER_SHARED)
    return checked, findings


def internal_error(path: str, error: BaseException, rule: str | None = None) -> Finding:
    detail = f"{type(error).__name__}: {error}"[:300]
    return Finding(path, None, None, INTERNAL_ERROR, Severity.ERROR, Message("internal_error_file", error=detail, rule=rule or "—"))


def run_rules(subject: Subject, rules: list[Rule]) -> list[Finding]:
    checked = subject.checked
    findings = []
    for rule in rules:
        try:
            problems = list(rule.check(subject))
        except Exception as error:  # one rule's bug must not hide the other rules' findings
            findings.append(internal_error(checked.path, error, rule.slug))
            continue
        where = getattr(checked.source, "where", None)
        for problem in problems:
            position = checked.source.position(problem.loc, problem.at_key)
            place, quote = where(problem.loc) if where is not None else (None, None)
            findings.append(
                Finding(
                    checked.path,
                    position.line,
                    position.column,
                    rule.slug,
                    problem.severity or rule.severity,
                    problem.message,
                    problem.indicator,
                    suppressed=checked.facts.waiver(rule.slug, problem.indicator),
                    place=place,
                    quote=quote,
                )
            )
    return findings


def validate(paths: list[str], jobs: int | None = None, parent: str | None = None, keep_plans: bool = False) -> Report:
    """Check ``paths``; ``parent`` names the parent plan of those whose cited parent gecli
    cannot find (a draft document citing a plan by number only). ``keep_plans`` keeps each
    whole plan in the report (and checks in one process): the plain way, for comparison."""
    # Plans hold no reference cycles; pausing the cyclic collector spares it from rescanning
    # a heap that grows with every plan read (it tripled the time of a national-size run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(paths, 1 if keep_plans else jobs, parent, not keep_plans)
    finally:
        if collecting:
            gc.enable()


def _validate(paths: list[str], jobs: int | None, parent: str | None, let_go: bool) -> Report:
    files, findings = plan_files(paths)
    report = Report(files=len(files), findings=findings)
    given_parent = None
    if parent is not None:
        given_parent, problems = read_plan(Path(parent), Path(parent).as_posix())
        report.findings.extend(problems)
        if given_parent is not None and let_go:
            given_parent.let_go()
    jobs = jobs or os.cpu_count() or 1
    shared = Shared()
    first = len(report.findings)

    def take(results) -> None:
        for checked, problems in results:  # as each file's result comes in
            report.findings.extend(problems)
            if checked is not None:
                if let_go:
                    checked.share(shared)
                report.plans.append(checked)

    done = False
    jobs = min(jobs, len(files) // FILES_PER_WORKER)
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor  # here: a one-file check does not pay for it
        from concurrent.futures.process import BrokenProcessPool

        try:
            # The first file here: the workers, forked after it, start with every module,
            # data file and pattern it needed already loaded.
            take([_first_pass(files[0])])
            with ProcessPoolExecutor(max_workers=jobs, mp_context=_forking()) as pool:
                take(pool.map(_worker_pass, files[1:], chunksize=max(1, len(files) // (jobs * 8))))
            done = True
        except BrokenProcessPool:  # a worker died (killed, out of memory): start again in this process
            del report.findings[first:], report.plans[:]
    if not done:
        take(_first_pass(item, let_go) for item in files)
    lineage = Lineage(report.plans, given_parent)
    parent_rules = [r for r in all_rules() if r.needs_parent]
    for checked in report.plans:
        try:
            subject = lineage.subject(checked)
        except Exception as error:
            report.findings.append(internal_error(checked.path, error))
            continue
        report.findings.extend(run_rules(subject, parent_rules))
    report.findings.sort(key=Finding.sort_key)
    return report


def _forking():
    """Workers forked from this process where that is the platform's way (Linux), so that
    they start with what the first file loaded. Python 3.14 makes "forkserver" the default
    there, whose workers would each import gecli again."""
    if not sys.platform.startswith("linux"):
        return None  # macOS and Windows spawn workers: forking is unsafe or absent there
    import multiprocessing

    return multiprocessing.get_context("fork")


def bundled_strategy() -> Path:
    """Installed as gecli/national; in a source checkout (editable install), plans/quoc-gia."""
    import gecli

    package = Path(gecli.__file__).parent
    installed = package / "national" / "2021-2030.yaml"
    return installed if installed.is_file() else package.parent.parent / "plans" / "quoc-gia" / "2021-2030.yaml"


def citation_key(number: str | None) -> str:
    """'28/2021/NQ-CP' and '28/NQ-CP' cite the same resolution; spaces and case do not count."""
    if not number:
        return ""
    return re.sub(r"/(?:19|20)\d\d(?=/)", "", re.sub(r"\s+", "", number)).upper()


class Lineage:
    """Finds each plan's parent among the plans being checked (or the files they cite).
    Every look-up is by index: a tree of plans whose parents are absent costs no more per
    plan than any other."""

    def __init__(self, plans: list[CheckedPlan], given: CheckedPlan | None = None):
        self.given = given  # --parent: the parent of a plan whose cited parent has no file
        self.by_file: dict[Path, CheckedPlan] = {}
        self.by_citation: dict[str, list[CheckedPlan]] = defaultdict(list)
        # folder -> level rank -> the plans of that level in it, in the order given
        self.by_folder: dict[Path, dict[int, list[CheckedPlan]]] = defaultdict(lambda: defaultdict(list))
        self.national: list[CheckedPlan] = []
        for checked in plans:
            self._index(checked)
        self.unusable: dict[Path, Message] = {}

    def _index(self, checked: CheckedPlan) -> None:
        facts = checked.facts
        self.by_file[checked.file] = checked
        if facts.document.number:
            self.by_citation[citation_key(f"{facts.document.number}/{facts.document.symbol}")].append(checked)
        self.by_folder[checked.file.parent][_LEVEL_RANK[facts.level]].append(checked)
        if facts.level is Level.QUOC_GIA:
            self.national.append(checked)

    def subject(self, checked: CheckedPlan) -> Subject:
        references = [self._resolve(checked, i, ref) for i, ref in enumerate(checked.facts.implements)]
        direct = next((r.found for r in references if r.found is not None), None) or self.given
        if direct is not None and direct is not checked:
            return Subject(checked, direct, True, references)
        return Subject(checked, self._ancestor(checked), False, references)

    def _resolve(self, checked: CheckedPlan, index: int, reference: CitedFacts) -> ResolvedReference:
        if reference.path:
            file = Path(os.path.normpath(checked.file.parent / reference.path))
            found = self.by_file.get(file) or self._load(file, reference.path)
            return ResolvedReference(index, reference, found, None if found else self.unusable[file])
        for candidate in self.by_citation.get(citation_key(reference.number), []):
            date = candidate.facts.document.date
            if reference.date is None or date is None or reference.date == date:
                return ResolvedReference(index, reference, candidate)
        return ResolvedReference(index, reference, None)

    def _load(self, file: Path, written: str) -> CheckedPlan | None:
        """A cited plan that was not among the paths given: read it for comparison only."""
        if file in self.unusable:
            return None
        try:
            exists = file.is_file()
        except (OSError, ValueError):  # a name too long, a NUL byte
            exists = False
        if not exists:
            self.unusable[file] = Message("reference_path_missing", path=excerpt(written, 120))
            return None
        checked, problems = read_plan(file, os.path.relpath(file).replace(os.sep, "/"))
        if checked is None:
            self.unusable[file] = Message("reference_path_invalid", path=written, problems=len(problems))
            return None
        # Indexed for look-ups by path only: a plan not given is nobody's ancestor by folder.
        self.by_file[file] = checked.let_go()
        if checked.facts.level is Level.QUOC_GIA:
            self.national.append(checked)
        return checked

    def _ancestor(self, checked: CheckedPlan) -> CheckedPlan | None:
        """The nearest plan of a higher level covering this plan's year: first in the folders
        above this one, else the national strategy."""
        rank, year = _LEVEL_RANK[checked.facts.level], checked.facts.year

        def covers(candidate: CheckedPlan) -> bool:
            period = candidate.facts.period
            return period.start <= year <= period.end

        for folder in checked.file.parents:
            by_rank = self.by_folder.get(folder)
            if by_rank is None:
                continue
            for higher in range(rank - 1, -1, -1):  # the lowest higher level first
                found = next((c for c in by_rank.get(higher, ()) if covers(c)), None)
                if found is not None:
                    return found
        found = next((c for c in self.national if rank > 0 and covers(c)), None)
        if found is not None or checked.file.suffix.lower() not in DOCUMENT_SUFFIXES:
            return found
        # A draft received as a document, checked on its own: the strategy gecli ships.
        strategy = self._strategy()
        return strategy if strategy is not None and rank > 0 and covers(strategy) else None

    def _strategy(self) -> CheckedPlan | None:
        file = bundled_strategy().resolve()
        return self.by_file.get(file) or self._load(file, file.as_posix())
