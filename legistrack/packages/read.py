"""Read bill packages under bills/<bill-id>/ into validated models.

A package is `bill.toml` (the manifest: the bill and its stages, in procedural order, in the schema of
`legistrack.schema`) and `texts/<stage-id>.<lang>.txt` (one file per stage and language that has a new text). A
package carries no symbolic link: its bytes go into the store and onto the published site.

A dataset import can keep its texts once, in the store: the manifest then names each new text by its git blob id
(`texts.ja = { status = "new", blob = "…" }`) and bills/ has no file of it. Such a text is read from the store
(`stored`, given by the caller that has the store open) and checked against its id; a store that lacks it is a
clear error naming the import that writes it again.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ManifestError, UnknownBill, known_ids
from ..models import TEXT_NEW, Bill, Package, blob_id, check_bill_id
from ..schema import parse_manifest
from ..textio import decode_text

MANIFEST = "bill.toml"
TEXTS_DIR = "texts"

# Blob ids -> the bytes the store holds of each (None: it has none): how texts kept in the store are read.
StoredTexts = Callable[[Sequence[str]], Mapping[str, bytes | None]]


class StoredTextMissing(ManifestError):
    """A text the manifest keeps in the store, which the store does not have (or not as named)."""


def bill_dir(root: Path, bill_id: str) -> Path:
    """The package directory of a bill; the id is checked so it cannot leave `root`."""
    check_bill_id(bill_id)
    return root / bill_id


def list_bill_ids(root: Path) -> list[str]:
    """Names of every package directory under `root`, sorted: each directory (not hidden) is a bill.

    A directory whose bill.toml is missing is still listed (load_package says what is wrong): only a package
    directory that is gone means the bill was removed (`sync --prune`).
    """
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and (p.is_dir() or p.is_symlink()))


def _no_link(path: Path, what: str) -> None:
    """Refuse a symbolic link inside a package: its target can be any file on the machine (a pull request can
    carry `texts/01-x.en.txt -> /etc/passwd`), and the package's bytes go into the store and onto the site."""
    if path.is_symlink():
        raise ManifestError(f"{path} is a symbolic link ({what}): replace it with the file itself")


def package_digest(directory: Path) -> str | None:
    """Every file of a package, hashed (None where a link or an odd file makes it a case for the full check): the
    key of the plans a build and sync remember (publish/keys.py)."""
    digest = hashlib.sha256()
    files = [directory / MANIFEST]
    texts = directory / TEXTS_DIR
    if texts.is_symlink() or directory.is_symlink():
        return None
    if texts.is_dir():
        files += sorted(texts.iterdir())
    for path in files:
        if path.is_symlink() or not path.is_file():
            return None
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_bill(root: Path, bill_id: str) -> Bill:
    """Read and validate the manifest of `bill_id` alone (no text is read)."""
    return _manifest(root, bill_id)[1]


def _manifest(root: Path, bill_id: str) -> tuple[Path, Bill]:
    manifest = manifest_path(root, bill_id)
    return manifest.parent, bill_from_bytes(manifest, bill_id, manifest.read_bytes())


def bill_from_bytes(manifest: Path, bill_id: str, raw: bytes) -> Bill:
    """The bill of a manifest whose bytes were read already (`manifest` names it in errors), validated."""
    return parse_manifest(_toml(manifest, raw), bill_id, where=str(manifest))


def manifest_path(root: Path, bill_id: str) -> Path:
    """The manifest of `bill_id`, checked to be a file of a package folder (no link), with a clear error if not."""
    directory = bill_dir(root, bill_id)
    manifest = directory / MANIFEST
    if not directory.exists() and not directory.is_symlink():
        known = known_ids(bill_id, list_bill_ids(root), "bill")
        raise UnknownBill(
            f"no bill {bill_id!r} in {root} ({known}); to start a new one: legistrack new {bill_id} --title TEXT"
        )
    _no_link(directory, "a bill package must be a directory in bills/")
    if not directory.is_dir():
        raise ManifestError(f"{directory} is a file, not a bill package: move it out of {root}")
    _no_link(manifest, "bill.toml")
    if not manifest.is_file():
        raise ManifestError(
            f"{directory} has no {MANIFEST}: restore it (git checkout -- {manifest}), or move the folder out of "
            f"{root} to remove the bill"
        )
    return manifest


def load_package(root: Path, bill_id: str, stored: StoredTexts | None = None) -> Package:
    """Read, validate and return the package of `bill_id` with all its texts: its files, and the texts it keeps in
    the store read through `stored`."""
    directory, bill = _manifest(root, bill_id)
    manifest = directory / MANIFEST
    _no_link(directory / TEXTS_DIR, "the texts folder")
    texts: dict[tuple[str, str], str] = {}
    in_store: dict[tuple[str, str], str] = {}
    for stage in bill.stages:
        for ref in stage.texts:
            if ref.status != TEXT_NEW:
                continue
            path = directory / ref.path(stage.id)
            _no_link(path, f"the {ref.lang} text of stage {stage.id}")
            if ref.blob and not path.exists():
                in_store[(stage.id, ref.lang)] = ref.blob
                continue
            if not path.is_file():
                raise ManifestError(
                    f"{manifest}: stage {stage.id} says its {ref.lang} text is new but {path} is missing: "
                    f"add the file or set texts.{ref.lang}.status to verified or not-on-file"
                )
            data = path.read_bytes()
            if ref.blob and blob_id(data) != ref.blob:
                raise ManifestError(
                    f"{path} is not the text bill.toml names (blob {ref.blob[:12]}, kept in the store): delete the "
                    "file to use the store's text, or import the law again"
                )
            texts[(stage.id, ref.lang)] = decode_text(data, str(path))
    if in_store:
        texts.update(_from_store(manifest, bill, in_store, stored))
    package = Package(bill=bill, texts=texts)
    if any(s.implements for s in bill.stages):  # the articles a law at work carries out, looked up in its texts
        from ..implementation import check

        check(package)
    return package


def _from_store(
    manifest: Path, bill: Bill, wanted: Mapping[tuple[str, str], str], stored: StoredTexts | None
) -> dict[tuple[str, str], str]:
    """The texts the package keeps in the store, each checked against the blob id bill.toml gives."""
    found = stored(sorted(set(wanted.values()))) if stored is not None else {}
    out = {}
    for (stage_id, lang), blob in wanted.items():
        data = found.get(blob)
        if data is None or blob_id(data) != blob:
            again = f"run `{bill.maintained_by}` again" if bill.maintained_by else "import the package again"
            raise StoredTextMissing(
                f"{manifest}: the {lang} text of stage {stage_id} is kept in the store as blob {blob[:12]}, and the "
                f"store does not have it: {again} to write it there, or restore the store from a copy"
            )
        out[(stage_id, lang)] = decode_text(data, f"{bill.id} {stage_id}.{lang}.txt (blob {blob[:12]})")
    return out


def _toml(path: Path, data: bytes) -> dict[str, Any]:
    """A manifest's bytes parsed as TOML, with the line of any syntax error in the message."""
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(f"{path} is not UTF-8: save it as UTF-8") from None
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path} is not valid TOML ({exc}): fix the syntax at that line") from None


def load_all(root: Path) -> list[Package]:
    """Every package under `root`, validated (the first problem stops with its message)."""
    return [load_package(root, bill_id) for bill_id in list_bill_ids(root)]
