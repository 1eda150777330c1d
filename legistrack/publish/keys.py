"""Every key that lets a build or an export skip work: legistrack's own code (code_digest), each package's files
(the plans cache: is the store in step with bills/?), the store's refs (refs_digest), and the previous build's
stamp. A key that differs means the work is done again; nothing else decides it."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from ..codedigest import code_digest
from ..errors import StoreError
from ..packages.read import StoredTextMissing, bill_dir, list_bill_ids, load_package, package_digest
from ..project import Project
from ..site import output
from ..store.journal import write_atomic
from ..store.objects import plan_bill
from ..store.repo import Store

CACHE_FORMAT = "legistrack-plans/1"


def in_step_cached(project: Project) -> tuple[bool, list[str], dict[str, dict[str, Any]]]:
    """Whether the store holds every package of bills/ as it is (and the bills with no stage yet), reading and
    planning only the packages whose files changed since the last check (`.legistrack/cache/plans.json`, keyed on
    every file's bytes and on legistrack's own code): the whole Diet's 5,800 packages in a second, not forty. Also
    the packages the store holds as they are (bill -> digest, refs, stages: project.sync's `known`)."""
    cache_path = project.state_dir / "cache" / "plans.json"
    try:
        cache = json.loads(cache_path.read_bytes())
        if cache.get("format") != CACHE_FORMAT or cache.get("code") != code_digest():
            cache = {}
    except (OSError, ValueError):
        cache = {}
    known: dict[str, Any] = cache.get("bills", {}) if isinstance(cache.get("bills"), dict) else {}
    plans: dict[str, Any] = {}
    try:
        store: Store | None = project.open_store()
    except StoreError:
        store = None
    try:
        for bill_id in list_bill_ids(project.bills_dir):
            directory = bill_dir(project.bills_dir, bill_id)
            digest = package_digest(directory)
            entry = known.get(bill_id)
            if digest is not None and isinstance(entry, dict) and entry.get("digest") == digest:
                plans[bill_id] = entry
                continue
            # validated (what is wrong is refused); a text kept in the store that the store lacks is for sync to say
            try:
                package = load_package(project.bills_dir, bill_id, store.blobs if store is not None else None)
            except StoredTextMissing:
                plans[bill_id] = {"digest": None, "refs": {}, "stages": -1}
                continue
            plans[bill_id] = {"digest": digest, "refs": plan_bill(package).refs(), "stages": len(package.bill.stages)}
        grouped = store.all_bill_refs() if store is not None else None
    finally:
        if store is not None:
            store.close()
    known = {b: e for b, e in plans.items() if e["digest"] and grouped is not None and grouped.get(b, {}) == e["refs"]}
    in_step = grouped is not None and len(known) == len(plans)
    try:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_path, json.dumps({"format": CACHE_FORMAT, "code": code_digest(), "bills": plans}).encode())
    except OSError:
        pass  # a cache that cannot be written costs time, not correctness
    return in_step, sorted(b for b, entry in plans.items() if not entry["stages"]), known


def refs_digest(refs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(refs.items())).encode()).hexdigest()


# the stamp is gzipped JSON: every bill's files and summary are 14 MB plain at the Diet's size, 33 MB with every Act
STAMP_FORMAT = "legistrack-build/3"


def read_stamp(out: Path) -> dict[str, Any] | None:
    """The previous build's record: its key, its pages, and per bill the head it rendered, its files and summary."""
    stamp = out / output.STAMP
    if not stamp.is_file() or stamp.is_symlink():
        return None
    try:
        data = json.loads(gzip.decompress(stamp.read_bytes()))
    except (ValueError, OSError, EOFError):  # not gzip (a stamp of before: built again), cut short, not JSON
        return None
    ok = isinstance(data, dict) and data.get("format") == STAMP_FORMAT and isinstance(data.get("bills"), dict)
    return data if ok else None


def build_key(epoch: int | None) -> str:
    """What every page of a build depends on besides the store: legistrack's code and the build time."""
    return hashlib.sha256(json.dumps([code_digest(), epoch]).encode()).hexdigest()
