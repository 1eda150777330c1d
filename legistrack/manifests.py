"""What a dataset import needs of every manifest in bills/ — who maintains the package, its identifiers, the stages
added by hand — remembered by each manifest's bytes in `.legistrack/cache/manifests.json`.

An import reads every manifest to find its own packages and the packages a maintainer curated of the same bills:
the Diet's tables and every Act are 7,914 manifests, 135 MB of TOML, 25 s to parse and validate, where an import
after one new revision writes one package. A manifest whose bytes (and legistrack's code) are as the cache has them
is not parsed again; any other is read and validated as `load_bill` does (a bad one is refused with the same
error). The cache is a convenience: without it, or unreadable, every manifest is read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .codedigest import code_digest
from .packages.read import bill_from_bytes, list_bill_ids, manifest_path
from .store.journal import write_atomic

CACHE_FORMAT = "legistrack-manifests/1"
MANIFESTS_CACHE = "manifests.json"  # in .legistrack/cache/


@dataclass(frozen=True)
class ManifestFacts:
    maintained_by: str  # the importer that writes the package; empty when a maintainer curates it
    identifiers: dict[str, str]
    by_hand: tuple[str, ...]  # the stages no import wrote

    def as_json(self) -> list[Any]:
        return [self.maintained_by, self.identifiers, list(self.by_hand)]


def manifest_facts(root: Path, cache: Path | None = None) -> dict[str, ManifestFacts]:
    """Bill id -> the facts of its manifest, for every package under `root`; `cache` is where they are remembered."""
    known = _read_cache(cache)
    facts: dict[str, ManifestFacts] = {}
    entries: dict[str, list[Any]] = {}
    for bill_id in list_bill_ids(root) if root.is_dir() else []:
        manifest = manifest_path(root, bill_id)
        raw = manifest.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        entry = known.get(bill_id)
        fact = _from_entry(entry) if isinstance(entry, list) and entry and entry[0] == digest else None
        if fact is None:
            bill = bill_from_bytes(manifest, bill_id, raw)
            fact = ManifestFacts(
                bill.maintained_by, dict(bill.identifiers), tuple(s.id for s in bill.stages if not s.imported)
            )
        facts[bill_id] = fact
        entries[bill_id] = [digest, *fact.as_json()]
    if cache is not None and entries != known:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            data = {"format": CACHE_FORMAT, "code": code_digest(), "bills": entries}
            write_atomic(cache, json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
        except OSError:
            pass  # a cache that cannot be written costs time, not correctness
    return facts


def _read_cache(cache: Path | None) -> dict[str, Any]:
    if cache is None:
        return {}
    try:
        data = json.loads(cache.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("code") != code_digest():
        return {}
    bills = data.get("bills")
    return bills if isinstance(bills, dict) else {}


def _from_entry(entry: list[Any]) -> ManifestFacts | None:
    """A cached entry [digest, maintained_by, identifiers, by_hand], or None if it is not of that shape."""
    if len(entry) != 4:
        return None
    _, maintained_by, identifiers, by_hand = entry
    ok = (
        isinstance(maintained_by, str)
        and isinstance(identifiers, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in identifiers.items())
        and isinstance(by_hand, list)
        and all(isinstance(s, str) for s in by_hand)
    )
    return ManifestFacts(maintained_by, dict(identifiers), tuple(by_hand)) if ok else None
