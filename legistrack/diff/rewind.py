"""A text rebuilt from the next version of it and the diff between them: what a law said before a revision, from
what it says after it and what the revision changed.

A compact law (every Act through every revision) keeps one whole text on the site, its latest, and of each
revision the changed units alone (`Diff.changes_only`); the reader's browser rewinds the latest text revision by
revision to the text in force on any day (`site.js`, which follows this module step for step). This is the
reference: the tests rewind real revisions with it and compare the result with the stored text, byte for byte.

A `legistrack.diff/1` document names, for each unit it lists, where the old and the new unit sit among their texts'
units (`old_index`, `new_index`: `split_units`, from 0). The old text is then: each listed old unit in its place,
its text from its spans (what is not inserted), and in the places left, in order, the new text's units that no
change names (unchanged, and in the same order in both texts, or the diff would list them as moved).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..textio import sha256_text
from .model import new_text, old_text
from .structure import split_units


def rewind(units: Sequence[str], document: Mapping[str, Any]) -> list[str]:
    """The old text's units, from the new text's (`units`: each unit's text, in order) and the diff document of old
    -> new (whole, or its changed units alone). ValueError if the document does not fit the units: another text's
    diff, or one written before diffs named their units' places."""
    old_units: dict[int, str] = {}
    named_new: set[int] = set()
    for change in document.get("units", ()):
        old_index, new_index = change.get("old_index"), change.get("new_index")
        if (change.get("old") and old_index is None) or (change.get("new") and new_index is None):
            raise ValueError("the diff does not say where its units sit (written by an older legistrack)")
        if new_index is not None:
            if not 0 <= new_index < len(units) or new_index in named_new:
                raise ValueError(f"the diff names unit {new_index} of a text of {len(units)} units")
            if new_text(change["spans"]) != units[new_index]:
                raise ValueError(f"unit {new_index} is not the text the diff was made from")
            named_new.add(new_index)
        if old_index is not None:
            if old_index < 0 or old_index in old_units:
                raise ValueError(f"the diff places two units at {old_index}")
            old_units[old_index] = old_text(change["spans"])
    size = len(units) - len(named_new) + len(old_units)
    if any(i >= size for i in old_units):
        raise ValueError("the diff places a unit beyond the end of the old text")
    kept = (text for j, text in enumerate(units) if j not in named_new)
    return [old_units[i] if i in old_units else next(kept) for i in range(size)]


def rewind_text(new_text: str, document: Mapping[str, Any]) -> str:
    """The old text itself, checked against the SHA-256 the document gives of it. ValueError if it differs."""
    old = "".join(rewind([u.text for u in split_units(new_text)], document))
    wanted = document.get("old", {}).get("sha256")
    if wanted and sha256_text(old) != wanted:
        raise ValueError("the rebuilt text's SHA-256 is not the old text's")
    return old
