"""`legistrack new`: a bill package with no stages yet."""

from __future__ import annotations

from ..models import Bill
from ..packages.plan import plan_new_bill
from ..project import Project, writing


def new_bill(project: Project, bill: Bill) -> Bill:
    """Create bills/<bill-id>/bill.toml (the store gets the bill's branch with its first stage)."""
    with writing(project) as journal:
        change = plan_new_bill(project.bills_dir, bill)
        journal.apply(list(change.files), None, {})
    return change.package.bill
