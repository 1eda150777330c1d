"""Bill packages: validation of malformed manifests, comment-preserving edits, write-then-read."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legistrack import models, schema
from legistrack.errors import DuplicateStage, InvalidId, ManifestError, UnknownBill, known_ids
from legistrack.models import (
    TEXT_NEW,
    TEXT_NOT_ON_FILE,
    Bill,
    Claim,
    Document,
    Localized,
    Source,
    Stage,
    TextRef,
    Vote,
    check_bill_id,
    check_stage_id,
)
from legistrack.packages import plan, write
from legistrack.packages.read import load_package

from ..conftest import BUNDLED

GOOD = """\
# a comment the maintainer wrote
[bill]
id = "x"
title = { en = "X Act" }
languages = ["en"]

[[stages]]
id = "01-introduced"
kind = "introduced"
date = 2024-01-02
title.en = "Introduced"
texts.en = { status = "not-on-file", url = "https://example.org/t" }
[[stages.sources]]
url = "https://example.org/s"
"""


def _parse(text: str) -> Bill:
    return schema.parse_manifest(tomllib.loads(text), "x")


def test_good_manifest() -> None:
    bill = _parse(GOOD)
    assert bill.stages[0].date == dt.date(2024, 1, 2)
    assert bill.stages[0].text("en") == TextRef("en", TEXT_NOT_ON_FILE, url="https://example.org/t")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "x"', 'id = "y"', "directory is 'x'"),
        ('languages = ["en"]', "languages = []", "languages is empty"),
        ('kind = "introduced"', 'kind = "vetoed"', "unknown kind 'vetoed'"),
        ('id = "01-introduced"', 'id = "01-referred"', "does not end with its kind"),
        ('id = "01-introduced"', 'id = "../x"', "invalid stage id"),
        ("date = 2024-01-02", 'date = "2024-02-30"', "impossible date"),
        ("date = 2024-01-02", 'date = "03/04/2024"', "ambiguous date"),
        ("date = 2024-01-02", "date = 2024-01-02T10:00:00", "must be a date"),
        ('title.en = "Introduced"', 'title.en = "Intro\\nduced"', "one line"),
        ('status = "not-on-file"', 'status = "lost"', "status 'lost'"),
        ('status = "not-on-file", url = "https://example.org/t"', 'status = "not-on-file"', "needs the url"),
        ('status = "not-on-file", url = "https://example.org/t"', 'status = "verified"', "needs a reason"),
        ('url = "https://example.org/s"', 'url = "javascript:alert(1)"', "not an http\\(s\\) URL"),
        ("[[stages.sources]]\n", "[[stages.nope]]\n", "unknown key 'nope'"),
        ('title.en = "Introduced"', 'title.en = "Introduced"\ncolour = "red"', "unknown key 'colour'"),
        # a stage is named by its id even when the error is found before its id is read
        (
            'title.en = "Introduced"',
            'title.en = "Introduced"\ncolour = "red"',
            "^bill.toml stage 01-introduced: unknown key",
        ),
        ('id = "01-introduced"', "", "^bill.toml stage #1: missing 'id'"),
        ('texts.en = { status = "not-on-file", url = "https://example.org/t" }', "", "no texts.en"),
        ("[bill]", "[bil]", "unknown key 'bil'"),
        # words in several languages: a table of language = text, each one line where the field is one line
        ('url = "https://example.org/s"', 'url = "https://example.org/s"\npublisher = { jpn1 = "x" }', "'jpn1'"),
        ('url = "https://example.org/s"', 'url = "https://example.org/s"\npublisher = {}', "a table of language"),
        ('url = "https://example.org/s"', 'url = "https://example.org/s"\ntitle = { en = "a\\nb" }', "one line"),
        ('url = "https://example.org/s"', 'url = "https://example.org/s"\ntitle = 3', "must be a string"),
        ('title.en = "Introduced"', 'title.en = "Introduced"\nprovisions = [""]', "provisions #1 is empty"),
        ('title.en = "Introduced"', 'title.en = "Introduced"\nprovisions = "x"', "must be a list"),
    ],
)
def test_malformed_manifests(old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises((ManifestError, InvalidId), match=message):
        _parse(GOOD.replace(old, new, 1))


def test_no_source() -> None:
    with pytest.raises(ManifestError, match="no source"):
        _parse(GOOD.split("[[stages.sources]]")[0])


def test_order_and_duplicates() -> None:
    second = GOOD.split("# a comment the maintainer wrote\n")[1].split("[[stages]]")[1]
    earlier = GOOD + "[[stages]]" + second.replace("2024-01-02", "2023-12-31").replace("01-", "02-")
    with pytest.raises(ManifestError, match="procedural"):
        _parse(earlier)
    with pytest.raises(ManifestError, match="used twice"):
        _parse(GOOD + "[[stages]]" + second)


def test_not_toml(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "bill.toml").write_text("[bill\nid=", encoding="utf-8")
    with pytest.raises(ManifestError, match="not valid TOML"):
        load_package(tmp_path, "x")


def test_unknown_bill_lists_known(tmp_path: Path) -> None:
    known = "jp-ai-promotion-act, jp-appi, jp-cabinet-office-establishment-act, jp-whistleblower-protection-act"
    with pytest.raises(UnknownBill, match=f"known bills: {known}, us-hr2157-116"):  # few: all of them
        load_package(BUNDLED, "nope")


def test_an_unknown_id_among_thousands_names_the_closest_few() -> None:
    """Once the Diet is imported there are 20,000 bills: a mistyped id is answered with the few nearest, in one
    short line, never with the whole list (it was 89 KB)."""
    ids = [
        f"jp-{session}-{kind}-{n}"
        for session in range(151, 218)
        for kind in ("kaku", "shu", "san")
        for n in range(1, 100)
    ]
    said = known_ids("jp-208-kaku-1x", ids, "bill")
    assert said.startswith("did you mean jp-208-kaku-1,") and len(said) < 160 and f"({len(ids)} bills in all)" in said
    assert known_ids("JP-208-KAKU-7", ids, "bill").startswith("did you mean jp-208-kaku-7")  # case is forgiven
    assert known_ids("zzz", ids, "bill") == f"none of the {len(ids)} bills is close to 'zzz'"
    assert known_ids("x", [], "stage") == "there are no stages yet"
    assert known_ids("x", ["a", "b"], "stage") == "its stages: a, b"


@pytest.mark.parametrize("bad", ["../x", "/abs", "a b", "a\x00b", "A", "", "x/", ".hidden", "a..b/c"])
def test_bill_ids_cannot_escape(bad: str) -> None:
    with pytest.raises(InvalidId):
        check_bill_id(bad)


@pytest.mark.parametrize(
    "good", ["04-plenary-vote", "03a-committee-vote", "10-in-force", "100-amended", "999b-event", "05an-event"]
)
def test_stage_ids(good: str) -> None:
    assert check_stage_id(good) == good


@pytest.mark.parametrize("bad", ["007-amended", "1-amended", "1000-amended", "100-", "10abcd-event", "10A-event"])
def test_stage_ids_refused(bad: str) -> None:
    """Two digits, or three from 100 on: 007-amended would be a second spelling of 07-amended."""
    with pytest.raises(InvalidId, match="three from 100 on"):
        check_stage_id(bad)


def test_stage_ids_sort_by_number() -> None:
    """99 comes before 100 (as strings it would not), and an id that sorts before the previous one is refused."""
    second = GOOD.split("# a comment the maintainer wrote\n")[1].split("[[stages]]")[1]
    later = second.replace("2024-01-02", "2024-02-01")
    bill = _parse(GOOD.replace("01-introduced", "99-introduced") + "[[stages]]" + later.replace("01-", "100-"))
    assert [s.id for s in bill.stages] == ["99-introduced", "100-introduced"]
    with pytest.raises(ManifestError, match="sorts before 100-introduced"):
        _parse(GOOD.replace("01-introduced", "100-introduced") + "[[stages]]" + later.replace("01-", "99-"))


def test_insert_keeps_comments_and_order() -> None:
    bill = _parse(GOOD)
    stage = Stage(
        "02-enacted",
        "enacted",
        dt.date(2024, 2, 1),
        Localized.of({"en": "Enacted"}),
        (Source("https://example.org/e", title=Localized.written("T"), date=dt.date(2024, 2, 2)),),
        (TextRef("en", TEXT_NOT_ON_FILE, url="https://example.org/t"),),
    )
    text = write.insert_stage(GOOD, stage, len(bill.stages))
    assert text.startswith("# a comment the maintainer wrote\n[bill]")
    assert text.index('id = "01-introduced"') < text.index('id = "02-enacted"')
    assert "\n\n[[stages]]\n" in text
    assert _parse(text).stages[1] == stage


def test_next_stage_id() -> None:
    bill = _parse(GOOD)
    assert plan.next_stage_id(bill, "enacted", 1) == "02-enacted"
    assert plan.next_stage_id(bill, "drafted", 0) == "00-drafted"


def _with_ids(ids: list[str]) -> Bill:
    stage = _parse(GOOD).stages[0]
    stages = tuple(dataclasses.replace(stage, id=i, kind=i.split("-", 1)[1]) for i in ids)
    return dataclasses.replace(_parse(GOOD), stages=stages)


def test_every_gap_between_stages_takes_an_id() -> None:
    """Between two lettered stages (05a, 05b) letters fit (05an); between 05 and 05a, where none do, the new stage
    shares a neighbour's number and letters under its own kind, and bill.toml's order tells them apart."""
    ai_act = ["04-plenary-vote", "05-referred", "05a-deliberation", "05b-deliberation", "06-committee-vote"]
    bill = _with_ids(ai_act)
    assert plan.next_stage_id(bill, "deliberation", 3) == "05an-deliberation"
    assert plan.next_stage_id(bill, "deliberation", 4) == "05c-deliberation"
    assert plan.next_stage_id(bill, "event", 2) == "05-event"
    assert plan.next_stage_id(bill, "referred", 2) == "05a-referred"
    assert plan.next_stage_id(bill, "event", 1) == "04a-event"
    with pytest.raises(DuplicateStage, match="give one with --id"):
        plan.next_stage_id(_with_ids(["05-referred", "05a-referred"]), "referred", 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["event", "deliberation", "referred"])), max_size=40))
def test_inserts_anywhere_keep_ids_unique_and_in_order(inserts: list[tuple[int, str]]) -> None:
    """Stages inserted at any place, in any number: each gets an id of its own that sorts between its neighbours
    (or alike with one), so the manifest's ids never go backwards."""
    ids = ["01-introduced", "02-enacted"]
    for where, kind in inserts:
        position = where % (len(ids) + 1)
        try:
            new = plan.next_stage_id(_with_ids(ids), kind, position)
        except DuplicateStage:
            continue  # all the ids that fit are the same kind's: the maintainer gives one with --id
        assert new not in ids and models.check_stage_id(new, kind) == new
        ids.insert(position, new)
        keys = [models.stage_order(i) for i in ids]
        assert keys == sorted(keys)


# --- property: a stage written to the manifest reads back as the same stage ---------------------------

# any printable words; not the bidirectional controls, which a manifest refuses (textio.check_bidi)
_BIDI = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_line = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=_BIDI), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
_url = st.from_regex(r"https://example\.org/[a-z0-9]{1,12}", fullmatch=True)
# words of ours: as written (no declared language), or in English and Japanese
_prose = st.one_of(
    _line.map(Localized.written), st.builds(lambda en, ja: Localized.of({"en": en, "ja": ja}), _line, _line)
)
_maybe_prose = st.one_of(st.just(Localized()), _prose)


@st.composite
def _stages(draw: st.DrawFn) -> Stage:
    source = Source(
        draw(_url),
        draw(_maybe_prose),
        draw(_maybe_prose),
        draw(st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)))),
        draw(_maybe_prose),
    )
    vote = draw(
        st.one_of(
            st.none(),
            st.builds(
                Vote,
                result=_line,
                method=st.just(""),
                yes=st.one_of(st.none(), st.integers(0, 500)),
                no=st.one_of(st.none(), st.integers(0, 500)),
                abstain=st.none(),
                parties_for=st.lists(_line, max_size=3).map(tuple),
                parties_against=st.lists(_line, max_size=2).map(tuple),
            ),
        )
    )
    claim = Claim(draw(_line), Source(draw(_url), publisher=draw(_prose)), "contradicted", draw(_prose), (draw(_url),))
    return Stage(
        id="02-plenary-vote",
        kind="plenary-vote",
        date=draw(st.dates(dt.date(2024, 1, 2), dt.date(2030, 12, 31))),
        title=Localized.of({"en": draw(_line), "ja": draw(_line)}),
        sources=(source,),
        texts=(TextRef("en", TEXT_NOT_ON_FILE, url=draw(_url), reason=draw(_prose)),),
        body=draw(_line),
        outcome="passed",
        vote=vote,
        documents=(Document(draw(_prose), draw(_url), note=draw(_maybe_prose)),),
        provisions=tuple(draw(st.lists(_prose, max_size=2))),
        claims=(claim,),
    )


@settings(max_examples=60, deadline=None)
@given(_stages())
def test_written_stage_reads_back(stage: Stage) -> None:
    text = write.insert_stage(GOOD, stage, 1)
    assert _parse(text).stages[1] == stage


def test_new_text_needs_its_file(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    manifest = GOOD.replace('{ status = "not-on-file", url = "https://example.org/t" }', f'{{ status = "{TEXT_NEW}" }}')
    (tmp_path / "x" / "bill.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(ManifestError, match=r"texts/01-introduced\.en\.txt is missing"):
        load_package(tmp_path, "x")


@settings(max_examples=40, deadline=None)
@given(_stages())
def test_one_writer_for_every_table(stage: Stage) -> None:
    """A stage spliced in by `stage add` is byte for byte the stage an importer's whole manifest holds, and a claim
    appended reads back as written: every table bill.toml gets comes from the one writer."""
    bill = _parse(GOOD)
    spliced = write.insert_stage(GOOD, stage, 1)
    whole = write.manifest(dataclasses.replace(bill, stages=(*bill.stages, stage)))
    block = spliced[spliced.index('[[stages]]\nid = "02-plenary-vote"') :]
    assert block in whole
    claim = Claim("It was passed.", Source("https://example.org/c", publisher=Localized.written("X")), "consistent")
    claimed = write.append_claim(spliced, stage.id, claim)
    assert claimed.startswith(spliced.rstrip("\n")) and _parse(claimed).stages[1].claims[-1] == claim


def test_every_stage_that_keeps_the_text_is_named_in_both_languages() -> None:
    from legistrack.vocab import TEXT_NEUTRAL_KINDS, TEXT_NEUTRAL_NAMES

    assert set(TEXT_NEUTRAL_NAMES) == set(TEXT_NEUTRAL_KINDS)


# --- property: a one-line field is refused for the first of its faults, whatever it holds -------------


def _line_fault(value: str, limit: int) -> str | None:
    """What check_line says of a field, written out: control characters, then length, then bidirectional controls."""
    value = value.strip()
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value):
        return "must be one line without control characters"
    if len(value) > limit:
        return "characters long, over the"
    if any(c in _BIDI for c in value):
        return "contains the bidirectional control"
    return None


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(["a", "語", " ", "\u3000", "\n", "\t", "\x07", "\x85", "\u202e", "\u2067", "\u200f"])))
def test_a_line_is_refused_for_its_first_fault(value: str) -> None:
    """check_line scans a field once for anything it may refuse and names the fault as the checks one by one did."""
    from legistrack import textio
    from legistrack.errors import TextError

    limit = 8
    original, textio.MAX_LINE = textio.MAX_LINE, limit  # short fields reach the limit (restored below)
    try:
        fault = _line_fault(value, limit)
        if fault is None:
            assert textio.check_line(value, "title") == value.strip()
        else:
            with pytest.raises(TextError, match=fault):
                textio.check_line(value, "title")
    finally:
        textio.MAX_LINE = original
