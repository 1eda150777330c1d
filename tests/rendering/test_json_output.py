"""The diff's JSON is written by orjson: byte for byte what `json.dumps(ensure_ascii=False, separators=(",", ":"))`
wrote before, for any document (the schema `legistrack.diff/1` is a contract: consumers compare outputs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from legistrack.diff.engine import diff_texts
from legistrack.diff.render import compact_json, compact_json_bytes, render_json, render_json_bytes

BILLS = Path(__file__).resolve().parents[2] / "bills"

_documents = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


def _json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=300)
@given(_documents)
def test_compact_json_is_json_s_own_output(document: Any) -> None:
    assert compact_json(document) == _json(document)


@settings(max_examples=200)
@given(_documents)
def test_the_bytes_a_command_writes_are_that_text_in_utf8(document: Any) -> None:
    """`legistrack diff --format json` and --batch write orjson's bytes, never decoded and encoded again."""
    try:
        expected = _json(document).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: written as an escape, the document read back the same
        assert json.loads(compact_json_bytes(document)) == document
    else:
        assert compact_json_bytes(document) == expected


def test_a_lone_surrogate_is_written_as_json_writes_it() -> None:
    document = {"text": "a\ud800b"}  # no UTF-8 file holds it; a caller of diff_texts may pass it
    assert compact_json(document) == _json(document)
    assert compact_json_bytes(document) == b'{"text":"a\\ud800b"}'


def test_a_real_diff_document_is_unchanged_byte_for_byte() -> None:
    """Two revisions of the APPI as the bundled bill holds them: Japanese, articles modified, inserted and deleted."""
    old, new = (BILLS / "jp-appi" / "texts" / name for name in ("02-amended.ja.txt", "05-amended.ja.txt"))
    diff = diff_texts(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"), "old", "new")
    assert diff.stats.modified > 10
    assert render_json(diff) == _json(diff.to_json()) + "\n"
    assert render_json_bytes(diff) == render_json(diff).encode("utf-8")
