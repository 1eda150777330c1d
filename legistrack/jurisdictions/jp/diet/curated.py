"""A bill a maintainer curated, held against what the Diet's tables give: the import writes it no package, and reports
every step on which the two disagree."""

from __future__ import annotations

from ....models import Bill

# What a curated stage's kind is, for the import's step: a cabinet decision is the curated name of a submission.
_SAME_KIND = {
    "submitted": {"submitted", "cabinet-decision", "introduced"},
    "introduced": {"introduced", "submitted"},
    "referred": {"referred"},
    "committee-vote": {"committee-vote"},
    "plenary-vote": {"plenary-vote", "passed"},
    "enacted": {"enacted", "plenary-vote", "passed"},
    "promulgated": {"promulgated"},
    "withdrawn": {"withdrawn"},
    "lapsed": {"lapsed"},
}


def compare_with_curated(imported: Bill, curated: Bill) -> list[str]:
    """Every imported step the curated timeline lacks (by kind and date), and every curated step of those kinds the
    tables do not give: an empty list when the two agree."""
    problems = []
    for stage in imported.stages:
        kinds = _SAME_KIND.get(stage.kind)
        if kinds is None:
            continue  # transmissions: the curated timeline tells them inside the plenary stage
        if not any(c.kind in kinds and c.date == stage.date for c in curated.stages):
            when = stage.date.isoformat() if stage.date else f"session {stage.session}"
            problems.append(
                f"the tables give {stage.kind} on {when} ({stage.title.best('en')}), the curated "
                f"{curated.id} has no {stage.kind} that day"
            )
    compared = {k for kinds in _SAME_KIND.values() for k in kinds}
    for stage in curated.stages:
        if stage.kind in compared and not any(
            stage.kind in _SAME_KIND.get(i.kind, set()) and i.date == stage.date for i in imported.stages
        ):
            problems.append(f"the curated {stage.id} ({stage.date}) is not in the tables")
    return problems
