"""`legistrack stage add|list|show` and `legistrack claim add`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import views
from ..models import Claim, Package, Stage
from ..packages import plan
from ..packages.read import MANIFEST, bill_dir
from ..project import Project, apply, recover, writing
from ..project import rewritten as project_rewritten
from ..store.objects import TAG_PREFIX, plan_bill


@dataclass(frozen=True)
class Added:
    """A stage or claim written to bills/ and committed to the store."""

    stage: Stage
    commit: str
    tag: str
    # stages already in the store whose commits this write replaced (an inserted stage, a claim on an earlier
    # stage): the branch was rewritten, and clones made before must be reset to it
    rewritten: tuple[str, ...] = ()
    record: dict[str, Any] = field(default_factory=dict)  # the stage as `stage show --json` prints it


def load_bill(project: Project, bill_id: str) -> Package:
    """A validated package, after undoing any half-done write."""
    recover(project)
    return project.package(bill_id)


def add_stage(project: Project, bill_id: str, inp: plan.StageInput | Callable[[Package], plan.StageInput]) -> Added:
    """Add a stage to a bill's package and commit it to the store, as one step. `inp` may be made from the package
    (its languages decide the language of words given without one): the package is read once, under the lock."""
    with writing(project) as journal:
        package = project.package(bill_id)
        manifest = (bill_dir(project.bills_dir, bill_id) / MANIFEST).read_text(encoding="utf-8")
        given = inp(package) if callable(inp) else inp
        change, stage = plan.plan_add_stage(project.bills_dir, package, manifest, given)
        return _apply(project, journal, change, stage.id)


def add_claim(project: Project, bill_id: str, stage_id: str, claim: Claim) -> Added:
    """Record what a published source claims about a stage, with the verdict against the record, as one step."""
    plan.check_claim(claim)
    with writing(project) as journal:
        package = project.package(bill_id)
        manifest = (bill_dir(project.bills_dir, bill_id) / MANIFEST).read_text(encoding="utf-8")
        change = plan.plan_add_claim(project.bills_dir, package, manifest, stage_id, claim)
        return _apply(project, journal, change, stage_id)


def _apply(project: Project, journal: Any, change: plan.Change, stage_id: str) -> Added:
    store_plan = plan_bill(change.package)
    store = project.open_store(create=True)
    try:
        updates = apply(journal, store, change.files, [store_plan])
    finally:
        store.close()
    rewritten = tuple(project_rewritten(updates).get(change.package.bill.id, ()))
    stage_plan = next(s for s in store_plan.stages if s.stage_id == stage_id)
    stage = change.package.bill.stage(stage_id)
    record = views.stage_record(change.package, stage, stage_plan.commit, stage_plan.tag, True)
    return Added(stage, stage_plan.commit, stage_plan.tag, rewritten, record)


def stage_records(project: Project, bill_id: str) -> list[dict[str, Any]]:
    """Every stage of a bill as its record (views.stage_record), with its commit and whether the store has it."""
    package = load_bill(project, bill_id)
    return _records(project, package)


def _records(project: Project, package: Package, text: bool = False) -> list[dict[str, Any]]:
    refs = project.store_refs()
    out = []
    for s in plan_bill(package).stages:
        in_store = refs.get(TAG_PREFIX + s.tag) == s.tag_object
        out.append(views.stage_record(package, package.bill.stage(s.stage_id), s.commit, s.tag, in_store, text))
    return out


def stage_record(project: Project, bill_id: str, stage_id: str, with_text: bool = False) -> dict[str, Any]:
    """One stage as its record; with_text adds the text of every language."""
    package = load_bill(project, bill_id)
    package.bill.stage(stage_id)  # an unknown stage is refused with the list of known ones
    return next(r for r in _records(project, package, with_text) if r["id"] == stage_id)
