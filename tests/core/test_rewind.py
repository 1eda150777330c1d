"""A text rebuilt from the next version and the diff of its changed units alone (legistrack/diff/rewind.py): what a
compact law's latest text page does in the browser (site.js) to show the text in force on an earlier day.

Real revisions: every revision of the APPI and of the Whistleblower Protection Act in the record
(shared/real-data/jp-law-history/, e-Gov through legalize-jp), each rebuilt from the next one, and the APPI's first
text from its latest through every revision, byte for byte; bench/diff_mutations.py's amendments (renumbering
cascades, moves, repeals) are rebuilt in test_amendments.py.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from legistrack.diff.engine import diff_texts
from legistrack.diff.rewind import rewind, rewind_text
from legistrack.diff.structure import split_units
from legistrack.jurisdictions import import_text

from ..conftest import REAL_DATA, needs_real_data

LAWS = ["appi-415AC0000000057", "whistleblower-416AC0000000122"]


def _revisions(law: str) -> list[str]:
    paths = sorted(p for p in (REAL_DATA / "jp-law-history" / law).iterdir() if p.suffix == ".md")
    return [import_text(p.read_bytes(), p.name).text for p in paths]


def _document(old: str, new: str) -> dict[str, Any]:
    """The diff as a compact law's page has it: changed units alone, through JSON."""
    document: dict[str, Any] = json.loads(json.dumps(diff_texts(old, new).changes_only().to_json(), ensure_ascii=False))
    return document


@needs_real_data
@pytest.mark.parametrize("law", LAWS)
def test_every_real_revision_is_rebuilt_from_the_next(law: str) -> None:
    texts = _revisions(law)
    assert len(texts) > 5
    changed = 0
    for old, new in itertools.pairwise(texts):
        document = _document(old, new)
        changed += len(document["units"])
        assert rewind_text(new, document) == old
    assert changed > 40  # real revisions with real changes, not identical texts


@needs_real_data
def test_the_first_text_is_rebuilt_from_the_latest_through_every_revision() -> None:
    texts = _revisions(LAWS[0])
    documents = [_document(old, new) for old, new in itertools.pairwise(texts)]
    units = [u.text for u in split_units(texts[-1])]
    for document in reversed(documents):
        units = rewind(units, document)
    assert "".join(units) == texts[0]


def test_a_renumbered_chapter_keeps_its_articles_in_place() -> None:
    old = "第一章　総則\n第一条　目的。\n第二条　定義。\n第二章　雑則\n第三条　罰則。\n"
    new = "第一章　総則\n第一条　目的。\n第二章　新設\n第二条　新しい条。\n第三章　雑則\n第三条　罰則。\n"
    assert rewind_text(new, _document(old, new)) == old


def test_a_diff_of_another_text_is_refused() -> None:
    old, new = "第一条　甲。\n第二条　乙。\n", "第一条　甲。\n第二条　丙。\n"
    document = _document(old, new)
    with pytest.raises(ValueError, match="not the text the diff was made from"):
        rewind_text("第一条　甲。\n第二条　丁。\n", document)
    with pytest.raises(ValueError, match="of a text of 1 units"):
        rewind(["第一条　甲。\n"], document)


def test_a_diff_without_the_units_places_is_refused() -> None:
    """A diff written before the documents named their units' places (old_index, new_index) cannot be rewound."""
    old, new = "第一条　甲。\n第二条　乙。\n", "第一条　甲。\n第二条　丙。\n"
    document = _document(old, new)
    for unit in document["units"]:
        unit.pop("old_index", None)
        unit.pop("new_index", None)
    with pytest.raises(ValueError, match="older legistrack"):
        rewind_text(new, document)


def test_a_rebuilt_text_that_is_not_the_old_one_is_refused() -> None:
    old, new = "第一条　甲。\n", "第一条　乙。\n"
    document = _document(old, new)
    document["old"]["sha256"] = "0" * 64
    with pytest.raises(ValueError, match="SHA-256"):
        rewind_text(new, document)


def test_an_identical_pair_rebuilds_the_same_text() -> None:
    text = "第一条　甲。\n"
    assert rewind_text(text, _document(text, text)) == text
