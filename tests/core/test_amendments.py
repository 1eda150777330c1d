"""Property: amend a real text as a legislature does, and the diff reports that amendment and nothing else.

The amendments are bench/diff_mutations.py's (which runs thousands of them); here hypothesis picks the text, the
article and the kind, a few dozen times per run, so that a change to the engine that misreads one of these classes
fails the suite, not only the bench.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legistrack.diff.engine import diff_texts
from legistrack.diff.model import Unit
from legistrack.diff.rewind import rewind_text
from legistrack.diff.structure import split_units
from legistrack.jurisdictions import import_text

from ..conftest import REAL_DATA, needs_real_data
from ..support.amendments import (
    KINDS,
    amend,
    insert_division,
    is_stub,
    language,
    renumber,
    repeal_articles,
    repeal_divisions,
    rewrite_in_place,
)

# one text of each source: German (bundestag/gesetze), Japanese (legalize-jp, e-Gov XML), US (USLM), Korean
TEXTS = [
    "de-gesetze/btmg_1981/09-2018-11-08-5710c0a6.md",
    "de-gesetze/gg/05-2018-11-08-5710c0a6.md",
    "jp-law-history/appi-415AC0000000057/25-2026-05-21-dd2d1f104.md",
    "jp-law-history/cao-establishment-411AC0000000089/2025-09-01-82bda999e.md",
    "jp-appi/v2-egov-415AC0000000057-asof-2026-07-20.xml",
    "us-bills-uslm/hr2157-116/2-h2157_enr.XML",
    "kr-ai-framework-act/v2-ko-efYd-20260721.xml",
]


@functools.cache
def _units(name: str) -> tuple[str, str, list[Unit], list[int]]:
    path = REAL_DATA / name
    text = import_text(path.read_bytes(), path.name).text
    units = split_units(text)
    articles = [k for k, u in enumerate(units) if u.kind == "article" and u.label and not is_stub(u)]
    return text, language(text), units, articles


def _counts(old: str, new: str) -> dict[str, int]:
    d = diff_texts(old, new)
    # and the old text is rebuilt from the new one and the diff's changed units alone (what a compact law's page does)
    assert rewind_text(new, d.changes_only().to_json()) == old
    keys = ("modified", "inserted", "deleted", "renumbered", "moved")
    return {key: value for key in keys if (value := getattr(d.stats, key))}


@needs_real_data
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(TEXTS), where=st.floats(0, 1, exclude_max=True), kind=st.sampled_from(KINDS))
def test_one_amendment_is_read_as_itself(name: str, where: float, kind: str) -> None:
    text, lang, units, articles = _units(name)
    k = articles[int(where * len(articles))]
    amended = amend(units, [u.text for u in units], k, kind, lang)
    if amended is None:  # that kind does not apply there (no caption, no list)
        return
    texts, expected = amended
    assert _counts(text, "".join(texts)) == expected, (name, units[k].label, kind)


@needs_real_data
@pytest.mark.parametrize("name", [n for n in TEXTS if n.startswith(("jp-", "us-"))])
@pytest.mark.parametrize("up", [True, False], ids=["inserted", "removed"])
def test_a_renumbering_cascade_is_read_as_one_change(name: str, up: bool) -> None:
    """An article inserted (or removed) and every later one numbered one up (or down): one insertion (deletion), the
    rest renumbered, nothing modified or moved."""
    text, lang, units, _ = _units(name)
    amended = renumber(units, lang, 0.4, up)
    assert amended is not None
    texts, expected = amended
    assert expected["renumbered"] > 5
    assert _counts(text, "".join(texts)) == expected


@needs_real_data
@pytest.mark.parametrize("name", [n for n in TEXTS if n.startswith("jp-")])
@pytest.mark.parametrize("where", [0.0, 0.5, 0.9])
def test_divisions_repealed_by_one_stub_are_each_deleted(name: str, where: float) -> None:
    """第二節から第三節まで　削除 in place of two or three divisions and everything under them: each of their units
    deleted, the stub a unit of its own (not text of the unit before it)."""
    text, lang, units, _ = _units(name)
    amended = repeal_divisions(units, lang, where)
    assert amended is not None
    texts, expected = amended
    assert expected["deleted"] > 2
    assert _counts(text, "".join(texts)) == expected


@needs_real_data
@pytest.mark.parametrize("name", TEXTS)
def test_articles_repealed_by_one_stub_are_each_deleted(name: str) -> None:
    """第五条から第七条まで　削除, `### §§ 5 bis 7 (weggefallen)`, `SECS. 5 to 7. [REPEALED].`,
    제5조부터 제7조까지 삭제 in place of the articles they name: each deleted, nothing else."""
    text, lang, units, _ = _units(name)
    amended = repeal_articles(units, lang, 0.3)
    assert amended is not None
    texts, expected = amended
    assert _counts(text, "".join(texts)) == expected


@needs_real_data
@pytest.mark.parametrize(
    "name", [n for n in TEXTS if n.startswith("jp-")] + ["de-gesetze/tpg/09-2022-03-03-faba4c77.md"]
)
def test_a_division_inserted_with_its_articles_is_three_insertions(name: str) -> None:
    """第三章の二 (`## Abschnitt 6a`) inserted with two articles numbered as branches: three insertions only."""
    text, lang, units, _ = _units(name)
    amended = next(a for w in (0.1, 0.4, 0.7) if (a := insert_division(units, lang, w)) is not None)
    texts, expected = amended
    assert _counts(text, "".join(texts)) == expected == {"inserted": 3}


@needs_real_data
@pytest.mark.parametrize("name", TEXTS)
def test_two_articles_rewritten_in_place_are_both_modified(name: str) -> None:
    """Issue 30, class 2: two articles merged into a rewritten first one and a new article under the second number:
    both modified, never a renumbering with a repeal and an insertion beside it."""
    text, lang, units, _ = _units(name)
    for where in (0.2, 0.6):
        amended = rewrite_in_place(units, lang, where)
        assert amended is not None
        texts, expected = amended
        assert _counts(text, "".join(texts)) == expected == {"modified": 2}
