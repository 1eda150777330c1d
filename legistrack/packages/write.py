"""Render edits to a bill package as TOML: a new manifest, a stage inserted, a claim appended.

Edits keep every byte the maintainer wrote (comments, order, spacing): the new entry is spliced in as its own block
and the result is checked to parse to exactly the old content plus the addition; only an unusual layout falls
back to a tomlkit round trip. Nothing here writes a file: `plan.py` turns the new contents into file changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT

from .. import schema
from ..errors import ManifestError
from ..models import Bill, Claim, Stage


def new_manifest(bill: Bill) -> str:
    """Render the manifest of a new bill with no stages, with comments that explain the format."""
    comment = (
        f"legistrack bill package: {bill.title.best('en')}\n"
        "Stages follow as [[stages]] tables in procedural order; add them with\n"
        f"`legistrack stage add {bill.id} ...` so bills/ and the store stay in step."
    )
    return manifest(dataclasses.replace(bill, stages=()), comment)


_STAGE_HEADER = re.compile(r"^\[\[stages\]\][ \t]*(?:#.*)?$", re.M)


def _splice(manifest_text: str, at: int, block: str, expected: dict[str, Any]) -> str | None:
    """Insert `block` (whole lines) at offset `at`, leaving every other byte as it was; None unless the result
    parses to `expected` (a `[[stages]]` look-alike inside a multi-line string, say)."""
    text = manifest_text if manifest_text.endswith("\n") or not manifest_text else manifest_text + "\n"
    at = min(at, len(text))
    new = text[:at] + block + text[at:]
    try:
        return new if tomllib.loads(new) == expected else None
    except tomllib.TOMLDecodeError:
        return None


def insert_stage(manifest_text: str, stage: Stage, position: int) -> str:
    """Return the manifest with `stage` inserted at `position` of [[stages]].

    The new stage is written as its own block between the others: every other byte of the file stays as the
    maintainer wrote it (comments, order, spacing; a tomlkit round trip would re-space some inline tables).
    """
    block = _block("[[stages]]", schema.stage_table(stage))
    old = tomllib.loads(manifest_text)
    stages = old.get("stages", [])
    if not isinstance(stages, list):
        raise ManifestError("bill.toml: stages must be written as [[stages]] tables")
    expected = {**old, "stages": [*stages[:position], tomllib.loads(block)["stages"][0], *stages[position:]]}
    headers = [m.start() for m in _STAGE_HEADER.finditer(manifest_text)]
    if len(headers) == len(stages) and position < len(headers):
        spliced = _splice(manifest_text, headers[position], block + "\n", expected)
    else:
        spliced = _splice(manifest_text, len(manifest_text) + 1, "\n" + block, expected)
    if spliced is not None:
        return spliced
    # An unusual layout: let tomlkit rewrite the file (same content, some spacing may change).
    full = tomlkit.parse(manifest_text)
    if "stages" not in full:
        full.append("stages", tomlkit.parse(block)["stages"])
    else:
        target = full["stages"]
        if not isinstance(target, AoT):
            raise ManifestError("bill.toml: stages must be written as [[stages]] tables")
        target.insert(position, tomlkit.parse(block)["stages"][0])
    return re.sub(r"(?<=[^\n])\n\[\[stages\]\]\n", "\n\n[[stages]]\n", tomlkit.dumps(full))


def append_claim(manifest_text: str, stage_id: str, claim: Claim) -> str:
    """Return the manifest with `claim` added at the end of stage `stage_id`, every other byte kept."""
    old = tomllib.loads(manifest_text)
    stages = old.get("stages", [])
    index = next((i for i, st in enumerate(stages) if isinstance(st, dict) and st.get("id") == stage_id), None)
    if index is None:
        raise ManifestError(f"bill.toml has no stage {stage_id!r}")
    block = "\n" + _block("[[stages.claims]]", schema.claim_table(claim))
    entry = tomllib.loads(_block("[claim]", schema.claim_table(claim)))["claim"]
    changed = dict(stages[index])
    changed["claims"] = [*changed.get("claims", []), entry]
    expected = {**old, "stages": [*stages[:index], changed, *stages[index + 1 :]]}
    headers = [m.start() for m in _STAGE_HEADER.finditer(manifest_text)]
    if len(headers) == len(stages):
        end = headers[index + 1] if index + 1 < len(headers) else len(manifest_text)
        at = len(manifest_text[:end].rstrip("\n")) + 1  # after the stage's last line, before the blank lines
        spliced = _splice(manifest_text, at, block, expected)
        if spliced is not None:
            return spliced
    full = tomlkit.parse(manifest_text)
    target = full["stages"][index]
    if "claims" not in target:
        target["claims"] = tomlkit.aot()
    target["claims"].append(tomlkit.parse(block)["stages"]["claims"][0])
    return tomlkit.dumps(full)


# --- the one writer of tables ------------------------------------------------------------------------------------
# Every table legistrack writes into bill.toml (a new bill, a stage spliced in, a claim appended, a whole manifest
# an importer maintains) is rendered here: tomlkit took 10 ms a bill where an importer writes thousands, and put no
# space after the commas of an inline table inside another. tomlkit only edits a file of unusual layout (above).

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def _string(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a TOML value: {value!r}")


def _table_lines(header: str, table: Mapping[str, Any]) -> list[str]:
    """A table and its sub-tables: scalars and small tables inline, `texts` a table, lists of tables [[arrays]]."""
    lines = [header]
    nested: list[str] = []
    prefix = header.strip("[]")
    for key, value in table.items():
        if key == "texts" and isinstance(value, Mapping):
            nested += ["", f"[{prefix}.texts]", *(f"{_key(lang)} = {_value(ref)}" for lang, ref in value.items())]
        elif key == "provisions" and len(value) > 1:  # words, each a string or a table of languages: a line each
            lines += [f"{_key(key)} = [", *(f"    {_value(v)}," for v in value), "]"]
        elif isinstance(value, list) and value and isinstance(value[0], Mapping) and key != "provisions":
            for item in value:
                nested += ["", *_table_lines(f"[[{prefix}.{key}]]", item)]
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    return lines + nested


def _block(header: str, table: Mapping[str, Any]) -> str:
    """One table and its sub-tables, as whole lines: a stage or a claim spliced into a manifest."""
    return "\n".join(_table_lines(header, table)) + "\n"


def manifest(bill: Bill, comment: str = "") -> str:
    """The whole bill.toml of a bill: its [bill] table and every stage, for a package an importer maintains."""
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()] if comment else []
    if lines:
        lines.append("")
    table = schema.bill_table(bill)
    lines += _table_lines("[bill]", {k: v for k, v in table.items() if v or k in ("languages", "timezone")})
    for stage in bill.stages:
        lines += ["", *_table_lines("[[stages]]", schema.stage_table(stage))]
    return "\n".join(lines) + "\n"
