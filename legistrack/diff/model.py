"""The diff result, before any markup: units, their changes, and spans of (op, text).

Frozen, slotted dataclasses, like the domain models; the two made once per unit of every text (Unit, UnitChange)
are frozen to the type checker and slotted records at run time (see `_record`).

A span is `(op, text)` with op `=` (in both), `-` (only in the old unit) or `+` (only in the new unit), as in
diff-match-patch. Spans are lossless: joining the `=` and `-` texts gives the old unit's text, joining `=` and
`+` gives the new one's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return lambda decorator: decorator


_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def _record(cls: type[_T]) -> type[_T]:
    """A slotted dataclass that the type checker holds frozen (mypy refuses an assignment to a field) and that hashes
    and compares by its fields as a frozen one does. At run time its __init__ assigns the slots directly: a frozen
    dataclass's goes through object.__setattr__ for each field, which made a unit cost 1.6 us instead of 0.2, and
    splitting and diffing a 5 MB pair of laws (4,000 units and 2,000 changes) 66 M instructions more."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


SCHEMA = "legistrack.diff/1"

EQUAL, DELETE, INSERT = "=", "-", "+"
UNCHANGED, MODIFIED, INSERTED, DELETED = "unchanged", "modified", "inserted", "deleted"

Span = tuple[str, str]


@_record
class Unit:
    """One structural unit of a text: an article, a heading, a section, a paragraph."""

    id: str  # unique within its text, e.g. "第二章/第十六条の二"
    label: str  # the heading exactly as the text writes it (第十六条の二, SEC. 3., Art 93)
    path: tuple[str, ...]  # enclosing headings, ending with the label
    kind: str  # article | heading | preamble | paragraph
    key: tuple[Any, ...]  # the label as comparable numbers: 第十六条の二 -> ("条", 16, 2)
    scope: str  # where the label counts: "main", or the 附則 / supplementary block it sits in
    text: str  # the unit's text, its line ends included; all units joined give the whole text

    def ref(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "path": list(self.path), "kind": self.kind, "scope": self.scope}

    @classmethod
    def from_ref(cls, ref: dict[str, Any]) -> Unit:
        """A unit as a diff document names it (ref): its key and text are not in the document (empty here)."""
        path = tuple(str(p) for p in ref["path"])
        return cls(str(ref["id"]), str(ref["label"]), path, str(ref.get("kind", "")), (), str(ref.get("scope", "")), "")


@_record
class UnitChange:
    """How one unit changed between the two texts."""

    status: str  # unchanged | modified | inserted | deleted
    old: Unit | None
    new: Unit | None
    spans: tuple[Span, ...]
    renumbered: bool = False
    moved: bool = False
    formatting_only: bool = False
    replaced: bool = False  # too dissimilar for a token diff: shown as all deleted, all inserted
    # the document's metadata, not its provisions (a German law's front matter and title block, where "Stand:
    # Zuletzt geändert durch …" moves with every amendment): counted and shown apart, after the provisions
    metadata: bool = False
    # where the old and the new unit sit among their texts' units (split_units, from 0; -1 where that side is absent):
    # with them a text is rebuilt from the other and a diff of its changed units alone (rewind.py)
    at: tuple[int, int] = (-1, -1)

    @property
    def changed(self) -> bool:
        return self.status != UNCHANGED or self.renumbered or self.moved


@dataclass(frozen=True, slots=True)
class Stats:
    unchanged: int = 0
    modified: int = 0
    inserted: int = 0
    deleted: int = 0
    renumbered: int = 0
    moved: int = 0
    formatting_only: int = 0
    chars_inserted: int = 0
    chars_deleted: int = 0
    metadata: int = 0  # changes to the document's metadata (UnitChange.metadata): not counted as modified


@dataclass(frozen=True, slots=True)
class Side:
    label: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything that changed between two versions of a text, unit by unit."""

    old: Side
    new: Side
    units: tuple[UnitChange, ...]
    stats: Stats
    identical: bool
    raw: bool = False
    # units left out of `units` because nothing in them changed (changes_only); 0: every unit is there
    omitted_unchanged: int = 0

    def changes_only(self) -> Diff:
        """The same diff without the units in which nothing changed (counted in `omitted_unchanged`): what a
        revision changed, the size of the change rather than of the law."""
        kept = tuple(c for c in self.units if c.changed or c.formatting_only or c.metadata)
        return replace(self, units=kept, omitted_unchanged=self.omitted_unchanged + len(self.units) - len(kept))

    def to_json(self) -> dict[str, Any]:
        """The `legistrack.diff/1` JSON document (with `omitted_unchanged` where unchanged units were left out)."""
        document = self._json()
        if self.omitted_unchanged:
            document["omitted_unchanged"] = self.omitted_unchanged
        return document

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Diff:
        """A diff read back from its `legistrack.diff/1` document (to_json): everything a page or a row shows of it
        (statuses, spans, labels, paths, scopes, counts); not the units' texts or sort keys, so it is shown again, not
        aligned again. ValueError if it is not such a document."""
        if not isinstance(document, dict) or document.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document")
        try:
            units = tuple(
                UnitChange(
                    status=str(u["status"]),
                    old=Unit.from_ref(u["old"]) if u["old"] else None,
                    new=Unit.from_ref(u["new"]) if u["new"] else None,
                    spans=tuple((str(op), str(text)) for op, text in u["spans"]),
                    renumbered=bool(u["renumbered"]),
                    moved=bool(u["moved"]),
                    formatting_only=bool(u["formatting_only"]),
                    replaced=bool(u["replaced"]),
                    metadata=bool(u.get("metadata", False)),
                    at=(int(u.get("old_index", -1)), int(u.get("new_index", -1))),
                )
                for u in document["units"]
            )
            stats = Stats(**{name: int(value) for name, value in document["stats"].items()})
            return cls(
                old=Side(str(document["old"]["label"]), str(document["old"]["sha256"])),
                new=Side(str(document["new"]["label"]), str(document["new"]["sha256"])),
                units=units,
                stats=stats,
                identical=bool(document["identical"]),
                raw=bool(document["raw"]),
                omitted_unchanged=int(document.get("omitted_unchanged", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a {SCHEMA} document ({exc!r})") from None

    def _json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "old": {"label": self.old.label, "sha256": self.old.sha256},
            "new": {"label": self.new.label, "sha256": self.new.sha256},
            "identical": self.identical,
            "raw": self.raw,
            "units": [_unit_json(c) for c in self.units],
            "stats": {
                "unchanged": self.stats.unchanged,
                "modified": self.stats.modified,
                "inserted": self.stats.inserted,
                "deleted": self.stats.deleted,
                "renumbered": self.stats.renumbered,
                "moved": self.stats.moved,
                "formatting_only": self.stats.formatting_only,
                "chars_inserted": self.stats.chars_inserted,
                "chars_deleted": self.stats.chars_deleted,
                "metadata": self.stats.metadata,
            },
        }


def _unit_json(c: UnitChange) -> dict[str, Any]:
    """A unit's change in the document; its places in its texts, `old_index` and `new_index`, each where that side is
    known (set in place, in the order they always had: not a dict made and merged in for each of a law's units)."""
    unit = {
        "status": c.status,
        "renumbered": c.renumbered,
        "moved": c.moved,
        "formatting_only": c.formatting_only,
        "replaced": c.replaced,
        "metadata": c.metadata,
        "old": c.old.ref() if c.old else None,
        "new": c.new.ref() if c.new else None,
    }
    old, new = c.at
    if old >= 0:
        unit["old_index"] = old
    if new >= 0:
        unit["new_index"] = new
    unit["spans"] = c.spans  # tuples of (op, text): JSON arrays as they are
    return unit


def reading_order(units: Sequence[UnitChange]) -> list[UnitChange]:
    """The units in the text's order, the document's metadata after the provisions: a reader's first hunk is a
    change of the law, never the "Stand" line of its title block."""
    return [c for c in units if not c.metadata] + [c for c in units if c.metadata]


def unit_anchor(unit_id: str) -> str:
    """A permanent, URL-safe anchor for a unit id (e.g. 第二章/第十六条の二 -> u-第二章-第十六条の二)."""
    return "u-" + (re.sub(r"[^\w-]+", "-", unit_id).strip("-") or "preamble")


def old_text(spans: tuple[Span, ...] | list[Span]) -> str:
    return "".join(text for op, text in spans if op != INSERT)


def new_text(spans: tuple[Span, ...] | list[Span]) -> str:
    return "".join(text for op, text in spans if op != DELETE)
