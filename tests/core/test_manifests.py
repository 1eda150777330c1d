"""What an import reads of every manifest (legistrack/manifests.py), remembered by each manifest's bytes: the same
facts as reading the manifest, a manifest read again only when its bytes change, every refusal kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from legistrack import manifests
from legistrack.errors import ManifestError
from legistrack.manifests import ManifestFacts, manifest_facts
from legistrack.packages.read import list_bill_ids, load_bill

from ..conftest import BUNDLED


@pytest.fixture
def bills(tmp_path: Path) -> Path:
    root = tmp_path / "bills"
    shutil.copytree(BUNDLED, root)
    return root


def _read(root: Path, bill_id: str) -> ManifestFacts:
    bill = load_bill(root, bill_id)
    return ManifestFacts(bill.maintained_by, dict(bill.identifiers), tuple(s.id for s in bill.stages if not s.imported))


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a manifest was parsed again")

    monkeypatch.setattr(manifests, "bill_from_bytes", refuse)


def test_the_facts_are_the_manifests_then_remembered(
    bills: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "manifests.json"
    facts = manifest_facts(bills, cache)
    assert sorted(facts) == list_bill_ids(bills) and len(facts) >= 4
    assert all(facts[b] == _read(bills, b) for b in facts)
    assert any(f.by_hand for f in facts.values()) and any(f.identifiers for f in facts.values())
    _no_parsing(monkeypatch)
    assert manifest_facts(bills, cache) == facts


def test_a_changed_manifest_is_read_again(bills: Path, tmp_path: Path) -> None:
    cache = tmp_path / "manifests.json"
    manifest_facts(bills, cache)
    bill_id = list_bill_ids(bills)[0]
    path = bills / bill_id / "bill.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("[bill]\n", '[bill]\nmaintained_by = "legistrack import x"\n', 1), "utf-8")
    assert manifest_facts(bills, cache)[bill_id].maintained_by == "legistrack import x"
    # a manifest broken since: refused as reading it refuses it, whatever the cache held
    path.write_text(text.replace("[bill]", "[bill", 1), "utf-8")
    with pytest.raises(ManifestError, match="not valid TOML"):
        manifest_facts(bills, cache)
    path.write_bytes(text.encode("utf-8").replace(b"[bill]", b"[bill]\n# \xff", 1))
    with pytest.raises(ManifestError, match="not UTF-8"):
        manifest_facts(bills, cache)


def test_a_linked_manifest_is_refused_though_remembered(bills: Path, tmp_path: Path) -> None:
    cache = tmp_path / "manifests.json"
    manifest_facts(bills, cache)
    bill_id = list_bill_ids(bills)[0]
    path = bills / bill_id / "bill.toml"
    outside = tmp_path / "elsewhere.toml"
    outside.write_bytes(path.read_bytes())  # the very bytes the cache remembers
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(ManifestError, match="symbolic link"):
        manifest_facts(bills, cache)


@pytest.mark.parametrize(
    "cache_text",
    [
        "not json",
        json.dumps({"format": manifests.CACHE_FORMAT, "code": "another legistrack", "bills": {}}),
        "[]",
    ],
)
def test_a_cache_of_another_legistrack_or_unreadable_is_not_used(bills: Path, tmp_path: Path, cache_text: str) -> None:
    cache = tmp_path / "manifests.json"
    cache.write_text(cache_text, "utf-8")
    facts = manifest_facts(bills, cache)
    assert all(facts[b] == _read(bills, b) for b in facts)
    assert json.loads(cache.read_text("utf-8"))["format"] == manifests.CACHE_FORMAT


def test_an_entry_of_the_wrong_shape_is_read_again(bills: Path, tmp_path: Path) -> None:
    cache = tmp_path / "manifests.json"
    manifest_facts(bills, cache)
    data = json.loads(cache.read_text("utf-8"))
    bill_id = sorted(data["bills"])[0]
    data["bills"][bill_id][3] = "01-x"  # by_hand must be a list
    cache.write_text(json.dumps(data), "utf-8")
    assert manifest_facts(bills, cache)[bill_id] == _read(bills, bill_id)
