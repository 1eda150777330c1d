"""Bill packages under bills/<bill-id>/: read and validate them into models, render edits to them.

A package is `bill.toml` (the manifest: the bill and its stages, in procedural order) and
`texts/<stage-id>.<lang>.txt` (one file per stage and language that has a new text). Edits go through
tomlkit so a maintainer's comments and key order survive. This module does not write files: it returns
the new file contents, and `ops.py` writes them together with the store update.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from .dates import check_plausible, parse_date
from .errors import InvalidDate, InvalidId, ManifestError, UnknownBill
from .models import (
    OUTCOMES,
    STAGE_ID_RE,
    STAGE_KINDS,
    TEXT_NEW,
    TEXT_NOT_ON_FILE,
    TEXT_STATUSES,
    TEXT_VERIFIED,
    VERDICTS,
    Bill,
    Claim,
    Document,
    Localized,
    Package,
    Source,
    Stage,
    TextRef,
    Vote,
    check_bill_id,
    check_lang,
    check_stage_id,
)
from .textio import check_bidi, check_line, decode_text

MANIFEST = "bill.toml"
TEXTS_DIR = "texts"
# Vote counts: a chamber has hundreds of members, a referendum millions; a count past this is a typo.
MAX_COUNT = 10**9


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


def load_package(root: Path, bill_id: str) -> Package:
    """Read, validate and return the package of `bill_id` with all its text files."""
    directory = bill_dir(root, bill_id)
    manifest = directory / MANIFEST
    if not directory.exists() and not directory.is_symlink():
        known = ", ".join(list_bill_ids(root)) or "none"
        raise UnknownBill(
            f"no bill {bill_id!r} in {root}: known bills: {known}; create it with legistrack new {bill_id} --title TEXT"
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
    bill = parse_manifest(read_manifest(manifest), bill_id, where=str(manifest))
    _no_link(directory / TEXTS_DIR, "the texts folder")
    texts: dict[tuple[str, str], str] = {}
    for stage in bill.stages:
        for ref in stage.texts:
            if ref.status != TEXT_NEW:
                continue
            path = directory / ref.path(stage.id)
            _no_link(path, f"the {ref.lang} text of stage {stage.id}")
            if not path.is_file():
                raise ManifestError(
                    f"{manifest}: stage {stage.id} says its {ref.lang} text is new but {path} is missing: "
                    f"add the file or set texts.{ref.lang}.status to verified or not-on-file"
                )
            texts[(stage.id, ref.lang)] = decode_text(path.read_bytes(), str(path))
    return Package(bill=bill, texts=texts)


def read_manifest(path: Path) -> dict[str, Any]:
    """Parse a manifest file as TOML, with the line of any syntax error in the message."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(f"{path} is not UTF-8: save it as UTF-8") from None
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path} is not valid TOML ({exc}): fix the syntax at that line") from None


# --- validation -------------------------------------------------------------------------------------

_BILL_KEYS = {"id", "title", "short_title", "jurisdiction", "languages", "timezone", "identifiers"}
_STAGE_KEYS = {
    "id", "kind", "date", "title", "summary", "body", "outcome", "vote", "sources",
    "documents", "provisions", "claims", "texts",
}  # fmt: skip
_SOURCE_KEYS = {"url", "title", "publisher", "date", "note"}
_DOCUMENT_KEYS = {"title", "url", "kind", "note"}
_CLAIM_KEYS = {"statement", "source", "verdict", "record", "record_sources"}
_VOTE_KEYS = {"result", "method", "yes", "no", "abstain", "parties_for", "parties_against", "record_url"}
_TEXT_KEYS = {"status", "reason", "url", "origin"}


class _Reader:
    """Typed access to one table of the manifest, with errors that say where."""

    def __init__(self, data: Any, where: str, known: set[str]):
        if not isinstance(data, Mapping):
            raise ManifestError(f"{where} must be a table")
        unknown = sorted(set(data) - known)
        if unknown:
            raise ManifestError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(known))}")
        self.data, self.where = data, where

    def string(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ManifestError(f'{self.where}: missing {key!r}: add {key} = "..."')
            return ""
        if not isinstance(value, str):
            raise ManifestError(f"{self.where}: {key!r} must be a string")
        value = check_line(value, f"{self.where}: {key}", ManifestError)
        if required and not value:
            raise ManifestError(f"{self.where}: {key!r} is empty")
        return value

    def url(self, key: str, required: bool = False) -> str:
        value = self.string(key, required)
        if value and not value.startswith(("https://", "http://")):
            raise ManifestError(f"{self.where}: {key} {value!r} is not an http(s) URL")
        return value

    def text(self, key: str) -> str:
        """A multi-line string (summaries, notes)."""
        value = self.data.get(key, "")
        if not isinstance(value, str):
            raise ManifestError(f"{self.where}: {key!r} must be a string")
        return check_bidi(value.strip(), f"{self.where}: {key}", ManifestError)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ManifestError(f"{self.where}: {key!r} must be a list of strings")
        return tuple(check_line(v, f"{self.where}: {key}", ManifestError) for v in value)

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            raise ManifestError(f"{self.where}: {key!r} must be a whole number from 0 to {MAX_COUNT:,}")
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ManifestError(f"{self.where}: missing {key!r}: add {key} = 2025-02-28")
            return None
        if not isinstance(value, (str, dt.date)) or isinstance(value, (dt.datetime, dt.time)):
            raise ManifestError(f"{self.where}: {key!r} must be a date such as 2025-02-28")
        try:
            return check_plausible(parse_date(value))
        except InvalidDate as exc:
            raise ManifestError(f"{self.where}: {key}: {exc}") from None

    def localized(self, key: str, required: bool = False) -> Localized:
        value = self.data.get(key)
        if value is None:
            if required:
                raise ManifestError(f'{self.where}: missing {key!r}: add {key}.en = "..." (or {key}.ja)')
            return Localized()
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
            raise ManifestError(f"{self.where}: {key!r} must be a table of language = text")
        for lang in value:
            check_lang(lang)
        multiline = key == "summary"
        items = {
            lang: (
                check_bidi(_unwrap(text), f"{self.where}: {key}.{lang}", ManifestError)
                if multiline
                else check_line(text, f"{self.where}: {key}.{lang}", ManifestError)
            )
            for lang, text in value.items()
        }
        result = Localized.of(items)
        if required and not result:
            raise ManifestError(f"{self.where}: {key!r} is empty")
        return result

    def tables(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise ManifestError(f"{self.where}: {key!r} must be an array of tables ([[...{key}]])")
        return value


def _unwrap(text: str) -> str:
    """Join a summary's hard-wrapped lines (a blank line still separates paragraphs)."""

    def join(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1], m.string[m.end()]
        return " " if before.isascii() and after.isascii() else ""

    return re.sub(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)", join, text.strip())


def _source(data: Any, where: str) -> Source:
    r = _Reader(data, where, _SOURCE_KEYS)
    return Source(
        url=r.url("url", required=True),
        title=r.string("title"),
        publisher=r.string("publisher"),
        date=r.date("date"),
        note=r.text("note"),
    )


def parse_manifest(data: Mapping[str, Any], bill_id: str, where: str = MANIFEST) -> Bill:
    """Validate a parsed manifest and build the Bill; raise ManifestError naming the first problem."""
    top = _Reader(data, where, {"bill", "stages"})
    b = _Reader(data.get("bill"), f"{where} [bill]", _BILL_KEYS)
    declared = b.string("id", required=True)
    if declared != bill_id:
        raise ManifestError(f"{where}: [bill] id is {declared!r} but the directory is {bill_id!r}: make them equal")
    languages = b.strings("languages")
    if not languages:
        raise ManifestError(f'{where} [bill]: languages is empty: add languages = ["ja", "en"]')
    for lang in languages:
        check_lang(lang)
    if len(set(languages)) != len(languages):
        raise ManifestError(f"{where} [bill]: a language is listed twice in languages")
    timezone = b.string("timezone") or "UTC"
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ManifestError(
            f"{where} [bill]: unknown timezone {timezone!r}: use an IANA name such as Asia/Tokyo"
        ) from None
    ident = data["bill"].get("identifiers", {})
    if not isinstance(ident, Mapping) or not all(isinstance(v, str) for v in ident.values()):
        raise ManifestError(f'{where} [bill]: identifiers must be a table of name = "value"')
    stages = tuple(_stage(raw, f"{where} stage #{i + 1}", languages) for i, raw in enumerate(top.tables("stages")))
    _check_order(stages, where)
    return Bill(
        id=bill_id,
        title=b.localized("title", required=True),
        languages=tuple(languages),
        jurisdiction=b.string("jurisdiction"),
        short_title=b.string("short_title"),
        timezone=timezone,
        identifiers=tuple((k, check_line(v, f"identifier {k}", ManifestError)) for k, v in ident.items()),
        stages=stages,
    )


def _stage(data: Any, where: str, languages: Sequence[str]) -> Stage:
    r = _Reader(data, where, _STAGE_KEYS)
    stage_id = r.string("id", required=True)
    where = f"{where.rsplit(' stage', 1)[0]} stage {stage_id}"
    kind = r.string("kind", required=True)
    if kind not in STAGE_KINDS:
        raise ManifestError(f"{where}: unknown kind {kind!r}; use one of: {', '.join(STAGE_KINDS)}")
    try:
        check_stage_id(stage_id, kind)
    except InvalidId as exc:
        raise ManifestError(f"{where}: {exc}") from None
    outcome = r.string("outcome")
    if outcome and outcome not in OUTCOMES:
        raise ManifestError(f"{where}: unknown outcome {outcome!r}; use one of: {', '.join(OUTCOMES)}")
    sources = tuple(_source(s, f"{where} source #{i + 1}") for i, s in enumerate(r.tables("sources")))
    if not sources:
        raise ManifestError(f"{where}: no source: every stage needs at least one [[stages.sources]] with a url")
    documents = []
    for i, d in enumerate(r.tables("documents")):
        dr = _Reader(d, f"{where} document #{i + 1}", _DOCUMENT_KEYS)
        documents.append(
            Document(
                title=dr.string("title", True), url=dr.url("url", True), kind=dr.string("kind"), note=dr.text("note")
            )
        )
    claims = []
    for i, c in enumerate(r.tables("claims")):
        cw = f"{where} claim #{i + 1}"
        cr = _Reader(c, cw, _CLAIM_KEYS)
        verdict = cr.string("verdict", True)
        if verdict not in VERDICTS:
            raise ManifestError(f"{cw}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        claims.append(
            Claim(
                statement=cr.string("statement", True),
                source=_source(c.get("source"), f"{cw} source"),
                verdict=verdict,
                record=cr.text("record"),
                record_sources=cr.strings("record_sources"),
            )
        )
    vote = None
    if "vote" in data:
        vr = _Reader(data["vote"], f"{where} vote", _VOTE_KEYS)
        vote = Vote(
            result=vr.string("result"), method=vr.string("method"), yes=vr.integer("yes"), no=vr.integer("no"),
            abstain=vr.integer("abstain"), parties_for=vr.strings("parties_for"),
            parties_against=vr.strings("parties_against"), record_url=vr.url("record_url"),
        )  # fmt: skip
    texts_data = data.get("texts", {})
    if not isinstance(texts_data, Mapping):
        raise ManifestError(f'{where}: texts must be a table: texts.ja = {{ status = "new" }}')
    unknown = sorted(set(texts_data) - set(languages))
    if unknown:
        raise ManifestError(f"{where}: texts.{unknown[0]} is not one of the bill's languages ({', '.join(languages)})")
    refs = []
    for lang in languages:
        if lang not in texts_data:
            raise ManifestError(
                f"{where}: no texts.{lang}: say how the {lang} text is known "
                f'(status = "new", "verified" with a reason, or "not-on-file" with a url)'
            )
        tr = _Reader(texts_data[lang], f"{where} texts.{lang}", _TEXT_KEYS)
        status = tr.string("status", True)
        if status not in TEXT_STATUSES:
            raise ManifestError(f"{where} texts.{lang}: status {status!r} is not one of {', '.join(TEXT_STATUSES)}")
        ref = TextRef(lang=lang, status=status, reason=tr.text("reason"), url=tr.url("url"), origin=tr.text("origin"))
        if status == TEXT_VERIFIED and not ref.reason:
            raise ManifestError(f"{where} texts.{lang}: a verified text needs a reason (e.g. passed without amendment)")
        if status == TEXT_NOT_ON_FILE and not ref.url:
            raise ManifestError(f"{where} texts.{lang}: a text not on file needs the url of the official text")
        refs.append(ref)
    return Stage(
        id=stage_id,
        kind=kind,
        date=r.date("date", required=True) or dt.date.min,
        title=r.localized("title", required=True),
        summary=r.localized("summary"),
        body=r.string("body"),
        outcome=outcome,
        vote=vote,
        sources=sources,
        documents=tuple(documents),
        provisions=r.strings("provisions"),
        claims=tuple(claims),
        texts=tuple(refs),
    )


def _check_order(stages: tuple[Stage, ...], where: str) -> None:
    seen: set[str] = set()
    for prev, stage in zip((None, *stages), stages, strict=False):
        if stage.id in seen:
            raise ManifestError(f"{where}: stage id {stage.id!r} is used twice: give the second one another number")
        seen.add(stage.id)
        if prev is None:
            for ref in stage.texts:
                if ref.status == TEXT_VERIFIED:
                    raise ManifestError(
                        f"{where} stage {stage.id}: texts.{ref.lang} is verified "
                        "but there is no earlier text to inherit"
                    )
            continue
        if stage.date < prev.date:
            raise ManifestError(
                f"{where}: stage {stage.id} ({stage.date}) comes after {prev.id} ({prev.date}) but is earlier: "
                "stages must be in procedural (date) order"
            )
        if stage.id <= prev.id:
            raise ManifestError(
                f"{where}: stage id {stage.id} does not sort after {prev.id}: ids must increase in procedural order"
            )


# --- editing ----------------------------------------------------------------------------------------


def new_manifest(bill: Bill) -> str:
    """Render the manifest of a new bill with no stages, with comments that explain the format."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"legistrack bill package: {bill.title.best('en')}"))
    doc.add(tomlkit.comment("Stages follow as [[stages]] tables in procedural order; add them with"))
    doc.add(tomlkit.comment(f"`legistrack stage add {bill.id} ...` so bills/ and the store stay in step."))
    doc.add(tomlkit.nl())
    table = tomlkit.table()
    table["id"] = bill.id
    table["title"] = _inline(bill.title.as_dict())
    if bill.short_title:
        table["short_title"] = bill.short_title
    if bill.jurisdiction:
        table["jurisdiction"] = bill.jurisdiction
    table["languages"] = list(bill.languages)
    table["timezone"] = bill.timezone
    if bill.identifiers:
        table["identifiers"] = _inline(dict(bill.identifiers))
    doc["bill"] = table
    return tomlkit.dumps(doc)


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
    doc = tomlkit.document()
    aot = tomlkit.aot()
    aot.append(_stage_table(stage))
    doc.append("stages", aot)
    block = re.sub(r"(?<=[^\n])\n\[\[stages\.", "\n\n[[stages.", tomlkit.dumps(doc))
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
        full.append("stages", aot)
    else:
        target = full["stages"]
        if not isinstance(target, AoT):
            raise ManifestError("bill.toml: stages must be written as [[stages]] tables")
        target.insert(position, _stage_table(stage))
    return re.sub(r"(?<=[^\n])\n\[\[stages\]\]\n", "\n\n[[stages]]\n", tomlkit.dumps(full))


def append_claim(manifest_text: str, stage_id: str, claim: Claim) -> str:
    """Return the manifest with `claim` added at the end of stage `stage_id`, every other byte kept."""
    old = tomllib.loads(manifest_text)
    stages = old.get("stages", [])
    index = next((i for i, st in enumerate(stages) if isinstance(st, dict) and st.get("id") == stage_id), None)
    if index is None:
        raise ManifestError(f"bill.toml has no stage {stage_id!r}")
    table = _claim_table(claim)
    block = "\n[[stages.claims]]\n" + tomlkit.dumps(table)
    entry = tomllib.loads(tomlkit.dumps(table))
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
    target["claims"].append(_claim_table(claim))
    return tomlkit.dumps(full)


def _claim_table(c: Claim) -> Table:
    table = _inline_table_of({"statement": c.statement, "verdict": c.verdict, "record": c.record})
    if c.record_sources:
        table["record_sources"] = list(c.record_sources)
    source = c.source
    table["source"] = _inline({"url": source.url, "title": source.title, "publisher": source.publisher,
                               "date": source.date, "note": source.note})  # fmt: skip
    return table


def _inline(mapping: Mapping[str, Any]) -> Any:
    table = tomlkit.inline_table()
    for key, value in mapping.items():
        if value not in ("", None, [], ()):
            table[key] = list(value) if isinstance(value, tuple) else value
    return table


def _source_table(source: Source) -> Table:
    table = tomlkit.table()
    table["url"] = source.url
    for key in ("title", "publisher", "note"):
        if getattr(source, key):
            table[key] = getattr(source, key)
    if source.date:
        table["date"] = source.date
    return table


def _stage_table(stage: Stage) -> Table:
    t = tomlkit.table()
    t["id"] = stage.id
    t["kind"] = stage.kind
    t["date"] = stage.date
    if stage.body:
        t["body"] = stage.body
    if stage.outcome:
        t["outcome"] = stage.outcome
    t["title"] = _inline(stage.title.as_dict())
    if stage.summary:
        t["summary"] = _inline(stage.summary.as_dict())
    if stage.provisions:
        t["provisions"] = list(stage.provisions)
    if stage.vote:
        v = stage.vote
        t["vote"] = _inline({
            "result": v.result, "method": v.method, "yes": v.yes, "no": v.no, "abstain": v.abstain,
            "parties_for": v.parties_for, "parties_against": v.parties_against, "record_url": v.record_url,
        })  # fmt: skip
    texts = tomlkit.table()
    for ref in stage.texts:
        texts[ref.lang] = _inline({"status": ref.status, "reason": ref.reason, "url": ref.url, "origin": ref.origin})
    t["texts"] = texts
    sources = tomlkit.aot()
    for source in stage.sources:
        sources.append(_source_table(source))
    t["sources"] = sources
    if stage.documents:
        docs = tomlkit.aot()
        for d in stage.documents:
            docs.append(_inline_table_of({"title": d.title, "url": d.url, "kind": d.kind, "note": d.note}))
        t["documents"] = docs
    if stage.claims:
        claims = tomlkit.aot()
        for c in stage.claims:
            claims.append(_claim_table(c))
        t["claims"] = claims
    return t


def _inline_table_of(mapping: Mapping[str, str]) -> Table:
    table = tomlkit.table()
    for key, value in mapping.items():
        if value:
            table[key] = value
    return table


def next_stage_id(bill: Bill, kind: str, position: int) -> str:
    """A new stage id that sorts between its neighbours: 05-kind at the end, 03a-kind when inserted."""
    if kind not in STAGE_KINDS:
        raise ManifestError(f"unknown kind {kind!r}; use one of: {', '.join(STAGE_KINDS)}")
    stages = bill.stages
    if position >= len(stages):
        last = int(STAGE_ID_RE.match(stages[-1].id).group(1)) if stages else 0  # type: ignore[union-attr]
        if last >= 99:
            raise ManifestError(f"bill {bill.id} has 99 stages: the NN-kind numbering is full")
        return f"{last + 1:02d}-{kind}"
    prev = stages[position - 1] if position > 0 else None
    nxt = stages[position]
    if prev is None:
        num = int(STAGE_ID_RE.match(nxt.id).group(1))  # type: ignore[union-attr]
        if num > 0:
            return f"{num - 1:02d}-{kind}"
        raise ManifestError(f"no stage id sorts before {nxt.id}: give one with --id")
    m = STAGE_ID_RE.match(prev.id)
    assert m is not None
    prefix, letter = m.group(1), m.group(2)
    for candidate in "abcdefghijklmnopqrstuvwxyz":
        if candidate <= (letter or ""):
            continue
        stage_id = f"{prefix}{candidate}-{kind}"
        if prev.id < stage_id < nxt.id:
            return stage_id
    raise ManifestError(f"no stage id sorts between {prev.id} and {nxt.id}: give one with --id")
