"""`legistrack export sqlite`: the store as one database, checked against the store, and opened by Datasette."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from legistrack.export.sqlite import ADD_TEXT_SEARCH

from ..conftest import Project


def _query(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, args).fetchall()


def _unpack(packed: Path, to: Path) -> Path:
    with gzip.open(packed, "rb") as src, to.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return to


@pytest.fixture(scope="module")
def published(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The bundled bills' project and the database its build published, unpacked beside its metadata as a reader
    does (read-only: tests that write make their own)."""
    where = tmp_path_factory.mktemp("db")
    shutil.copy(built_site / "legistrack.metadata.json", where)
    return Project(built_site.parent), _unpack(built_site / "legistrack.db.gz", where / "legistrack.db")


@pytest.fixture(scope="module")
def searchable(published: tuple[Project, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The same project's `export sqlite`: the site's database with the full-text index of the texts as well."""
    bundled = published[0]
    out = tmp_path_factory.mktemp("export") / "legistrack.db"
    bundled.run("export", "sqlite", str(out))
    return bundled, out


@pytest.fixture
def exported(bundled: Project, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "legistrack.db"
    out.parent.mkdir()
    result = bundled.run("export", "sqlite", str(out))
    assert result.output.startswith("Exported 5 bills to ")
    return out


def test_every_stage_and_its_facts_are_rows(published: tuple[Project, Path]) -> None:
    bundled, exported = published
    for bill in ("jp-ai-promotion-act", "jp-appi", "us-hr2157-116"):
        stages = json.loads(bundled.run("stage", "list", bill, "--json").output)
        rows = _query(
            exported, "SELECT id, kind, date, outcome, [commit] FROM stages WHERE bill = ? ORDER BY seq", bill
        )
        assert rows == [(s["id"], s["kind"], s["date"], s["outcome"] or None, s["commit"]) for s in stages]
        sources = _query(exported, "SELECT count(*) FROM sources WHERE bill = ? AND supports = 'stage'", bill)
        assert sources == [(sum(len(s["sources"]) for s in stages),)]
        for s in stages:  # every text, with the hash the store gives
            for lang, text in s["texts"].items():
                row = _query(exported, "SELECT status, sha256 FROM texts WHERE stage = ? AND lang = ?", s["tag"], lang)
                assert row == [(text["status"], text["sha256"])]
    votes = _query(
        exported, "SELECT party FROM votes WHERE stage = 'jp-ai-promotion-act/04-plenary-vote' AND position = 'against'"
    )
    assert sorted(votes) == [("れいわ新選組",), ("日本共産党",)]
    assert _query(exported, "PRAGMA foreign_key_check") == []
    assert _query(exported, "SELECT value FROM _legistrack WHERE key = 'schema'") == [("legistrack.sqlite/3",)]


def test_texts_and_their_changes(published: tuple[Project, Path]) -> None:
    bundled, exported = published
    ((text, sha),) = _query(
        exported, "SELECT text, sha256 FROM texts WHERE stage = 'jp-ai-promotion-act/09-in-force' AND lang = 'ja'"
    )
    # a verified text is not stored twice: it names the stage whose text it is
    assert _query(
        exported,
        "SELECT status, text, from_stage FROM texts WHERE stage = 'jp-ai-promotion-act/09-in-force' AND lang = 'en'",
    ) == [("verified", None, "jp-ai-promotion-act/08-promulgated")]
    assert hashlib.sha256(text.encode()).hexdigest() == sha
    # the units join back into the text, in order
    units = _query(exported, "SELECT text FROM units WHERE stage = 'jp-ai-promotion-act/09-in-force' ORDER BY n")
    assert "".join(u for (u,) in units) == text
    # what entered into force on 1 September: chapters 3 and 4, the same 13 units the diff command gives
    diff = json.loads(
        bundled.run("diff", "jp-ai-promotion-act", "08a-in-force", "09-in-force", "--format", "json").output
    )
    changed = [u["new"]["label"] for u in diff["units"] if u["status"] != "unchanged"]
    rows = _query(
        exported,
        "SELECT status, new_label FROM changes WHERE to_stage = 'jp-ai-promotion-act/09-in-force' AND lang = 'ja' "
        "ORDER BY n",
    )
    assert [label for _s, label in rows] == changed and {s for s, _l in rows} == {"inserted"}


def test_full_text_search_finds_japanese(searchable: tuple[Project, Path]) -> None:
    exported = searchable[1]
    hits = _query(
        exported,
        "SELECT u.stage, u.label FROM units_fts JOIN units u ON u.rowid = units_fts.rowid "
        "WHERE units_fts MATCH ? AND u.stage = 'jp-ai-promotion-act/09-in-force' ORDER BY u.n",
        '"人工知能戦略本部"',
    )
    assert ("jp-ai-promotion-act/09-in-force", "第十九条") in hits
    titles = _query(exported, "SELECT rowid FROM stages_fts WHERE stages_fts MATCH ?", '"内閣委員会"')
    assert len(titles) >= 4


@pytest.mark.slow
def test_export_is_deterministic_and_incremental(bundled: Project, exported: Path, tmp_path: Path) -> None:
    """The same store gives the same bytes; after a stage is added, reusing the unchanged bills' rows gives the
    bytes of a full export."""
    first = exported.read_bytes()
    again = json.loads(bundled.run("export", "sqlite", str(exported), "--json").output)
    assert again["reused"] == 5 and exported.read_bytes() == first
    bundled.run(
        "stage",
        "add",
        "jp-appi",
        *("--kind", "event", "--date", "2029-01-10", "--title", "A test event"),  # after APPI's amendments due
        *("--source", "https://example.org/event"),
    )
    incremental = json.loads(bundled.run("export", "sqlite", str(exported), "--json").output)
    assert incremental["reused"] == 4
    fresh = tmp_path / "fresh.db"
    bundled.run("export", "sqlite", str(fresh))
    assert fresh.read_bytes() == exported.read_bytes()
    assert _query(fresh, "SELECT count(*) FROM stages WHERE bill = 'jp-appi'") == [(35,)]


def test_new_bills_are_written_a_bounded_chunk_at_a_time(
    bundled: Project, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full export writes the new bills' rows a chunk at a time (FRESH_ROWS, a bill never split), not all at once
    (the whole record's rows held at once were a build's peak): the bytes are those of one chunk."""
    from legistrack.export import sqlite as sqlite_module

    chunks: list[int] = []
    whole = sqlite_module._segments

    def counted(*args: Any) -> Iterator[Any]:
        for segment in whole(*args):
            if isinstance(segment, dict):
                chunks.append(len(segment["bills"]))
            yield segment

    monkeypatch.setattr(sqlite_module, "FRESH_ROWS", 1)  # every bill a chunk of its own
    monkeypatch.setattr(sqlite_module, "_segments", counted)
    chunked = tmp_path / "chunked.db"
    bundled.run("export", "sqlite", str(chunked))
    assert chunks == [1] * 5
    assert chunked.read_bytes() == exported.read_bytes()


def test_export_refuses_what_it_must_not_overwrite(bundled: Project, tmp_path: Path) -> None:
    thesis = tmp_path / "thesis.db"
    thesis.write_bytes(b"my notes")
    link = tmp_path / "link.db"
    link.symlink_to(thesis)
    notes = tmp_path / "m.metadata.json"  # a file of the user's where an export of m.db would write its metadata
    notes.write_text('{"title": "my Datasette setup"}')
    cases = [
        (thesis, "exists and is not a database legistrack exported"),
        (tmp_path / "m.db", "m.metadata.json exists and is not the metadata legistrack writes"),
        (link, "is a symbolic link"),
        (tmp_path / "out.txt", "name the database file with .db"),
        (tmp_path / "missing" / "x.db", "does not exist"),
        (bundled.bills / "x.db", "is inside bills/"),
    ]
    before = bundled.state()
    for path, message in cases:
        result = bundled.run("export", "sqlite", str(path), ok=False)
        assert result.exit_code == 1 and message in result.output, (path, result.output)
        assert len(result.output.strip().splitlines()) == 1
    assert thesis.read_bytes() == b"my notes" and bundled.state() == before
    assert notes.read_text() == '{"title": "my Datasette setup"}' and not (tmp_path / "m.db").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # no temporary file left


def test_an_export_removes_what_a_killed_export_left(bundled: Project, exported: Path) -> None:
    """An export killed outright leaves its temporary files beside OUT; the next export removes them (and its own
    metadata it replaces)."""
    litter = [exported.with_name(f".{exported.name}.k1ll3d.tmp{end}") for end in ("", ".build", ".json")]
    for path in litter:
        path.write_bytes(b"half an export")
    bundled.run("export", "sqlite", str(exported))
    assert not any(path.exists() for path in litter)
    assert sorted(p.name for p in exported.parent.iterdir() if p.name.startswith(exported.stem)) == [
        exported.name,
        exported.stem + ".metadata.json",
    ]


def test_build_publishes_the_database(built_site: Path, tmp_path: Path) -> None:
    """Gzipped (the Diet's is 190 MB as SQLite, 25 MB packed), with no time in its header: the same record gives
    the same bytes, so an unchanged database is an unchanged file."""
    packed = built_site / "legistrack.db.gz"
    assert packed.read_bytes()[4:8] == b"\0\0\0\0" and not (built_site / "legistrack.db").exists()
    db = _unpack(packed, tmp_path / "legistrack.db")
    assert _query(db, "SELECT count(*) FROM bills") == [(5,)]
    meta = json.loads((built_site / "legistrack.metadata.json").read_text(encoding="utf-8"))
    assert "stages" in meta["databases"]["legistrack"]["tables"]
    home = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    timeline = (built_site / "ja" / "jp-ai-promotion-act" / "index.html").read_text(encoding="utf-8")
    assert 'href="../legistrack.db.gz"' in home and 'href="../../legistrack.db.gz"' in timeline


def test_the_sites_database_searches_texts_without_their_index(built_site: Path, tmp_path: Path) -> None:
    """The site's copy indexes titles, not texts (the trigram index of every Act's text was half the download):
    find_in_texts reads the texts, and the one command its metadata gives adds the index `export sqlite` writes."""
    db = _unpack(built_site / "legistrack.db.gz", tmp_path / "legistrack.db")
    tables = {name for (name,) in _query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"bills_fts", "stages_fts"} <= tables and "units_fts" not in tables
    meta = json.loads((built_site / "legistrack.metadata.json").read_text(encoding="utf-8"))
    assert ADD_TEXT_SEARCH in meta["description"]
    find = meta["databases"]["legistrack"]["queries"]["find_in_texts"]["sql"]
    with contextlib.closing(sqlite3.connect(db)) as conn:
        found = conn.execute(find, {"q": "人工知能戦略本部"}).fetchall()
    assert ("jp-ai-promotion-act", "jp-ai-promotion-act/09-in-force") in {(r[0], r[1]) for r in found}
    command = ADD_TEXT_SEARCH.split()
    subprocess.run([sys.executable, "-m", "sqlite_utils", *command[1:]], cwd=tmp_path, check=True)
    matched = _query(
        db,
        "SELECT DISTINCT u.stage FROM units_fts JOIN units u ON u.rowid = units_fts.rowid WHERE units_fts MATCH ?",
        '"人工知能戦略本部"',
    )
    assert ("jp-ai-promotion-act/09-in-force",) in matched


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _datasette(db: Path) -> Iterator[str]:
    port = _free_port()
    meta = db.with_name(db.stem + ".metadata.json")
    command = [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta), "-h", "127.0.0.1", "-p", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if proc.poll() is not None:
                raise AssertionError(f"datasette exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=20) as response:
        return json.loads(response.read())


def test_datasette_answers_from_the_export(searchable: tuple[Project, Path]) -> None:
    """The real client over HTTP: a SQL query, a Japanese full-text search, and the column descriptions."""
    bundled, exported = searchable
    stages = json.loads(bundled.run("stage", "list", "jp-ai-promotion-act", "--json").output)
    with _datasette(exported) as base:
        sql = "select id, date, kind from stages where bill = 'jp-ai-promotion-act' order by seq"
        rows = _get(f"{base}/legistrack.json?_shape=array&sql={urllib.parse.quote(sql)}")
        assert [(r["id"], r["date"], r["kind"]) for r in rows] == [(s["id"], s["date"], s["kind"]) for s in stages]
        search = _get(f"{base}/legistrack/units.json?_shape=array&_search={urllib.parse.quote('人工知能')}&_size=max")
        assert search and all("人工知能" in r["text"] for r in search)
        expected = _query(exported, "SELECT count(*) FROM units WHERE text LIKE '%人工知能%'")[0][0]
        assert len(search) == expected
        meta = _get(f"{base}/-/metadata.json")
        columns = meta["databases"]["legistrack"]["tables"]["stages"]["columns"]
        assert columns["meeting"].startswith("The sitting")


def test_words_of_one_or_two_characters_are_found(searchable: tuple[Project, Path]) -> None:
    """罰則 is two characters: the trigram index cannot answer it (a MATCH finds no row, which a reader would take for
    "no law says 罰則"), so the database carries queries that find words of any length, and Datasette runs them."""
    exported = searchable[1]
    assert _query(exported, "SELECT count(*) FROM units_fts WHERE units_fts MATCH ?", '"罰則"') == [(0,)]
    expected = _query(exported, "SELECT stage, label FROM units WHERE text LIKE '%罰則%' ORDER BY rowid")
    assert len(expected) >= 3 and any(label == "第八章" for _s, label in expected)
    with _datasette(exported) as base:
        hits = _get(f"{base}/legistrack/find_in_texts.json?_shape=array&q={urllib.parse.quote('罰則')}&_size=max")
        assert [(h["stage"], h["label"]) for h in hits] == expected
        assert all("罰則" in h["context"] and len(h["context"]) <= 62 for h in hits)
        none = _get(f"{base}/legistrack/find_in_texts.json?_shape=array&q=")
        assert none == []  # an empty query is not "every row"
        titles = _get(f"{base}/legistrack/find_in_titles.json?_shape=array&q={urllib.parse.quote('可決')}")
        assert titles and all("可決" in (t["title_ja"] or "") + (t["title_en"] or "") for t in titles)
        assert {t["bill"] for t in titles} >= {"jp-ai-promotion-act"}


README_QUERIES = [
    "SELECT s.date, s.id, s.outcome, s.vote_method, (SELECT count(*) FROM votes v WHERE v.stage = s.tag AND "
    "v.position = 'against') AS parties_against FROM stages s WHERE s.bill = 'jp-ai-promotion-act' AND s.kind IN "
    "('committee-vote', 'plenary-vote', 'enacted') ORDER BY s.seq",
    "SELECT u.stage, u.label FROM units_fts JOIN units u ON u.rowid = units_fts.rowid WHERE units_fts MATCH "
    "'\"人工知能戦略本部\"' AND u.lang = 'ja' ORDER BY u.stage, u.n",
    "SELECT bl.bill, bl.law_number, l.title_ja, bl.revision, bl.date FROM bill_law bl JOIN laws l ON l.id = bl.law "
    "WHERE bl.relation = 'amended' ORDER BY bl.date",
]


def test_docs_examples_are_real_output(bundled: Project, exported: Path) -> None:
    """docs/site.md's export sample and its questions on the bundled bills give exactly the output it shows."""
    readme = (Path(__file__).parent.parent.parent / "docs" / "site.md").read_text(encoding="utf-8")
    flat = " ".join(readme.replace('\\"', '"').split())
    summary = bundled.run("export", "sqlite", str(exported)).output.splitlines()[0].split(": ", 1)[1]
    assert f"Exported 5 bills to /work/main/legistrack.db: {summary}" in readme
    for sql in README_QUERIES:
        assert " ".join(sql.split()) in flat
        with contextlib.closing(sqlite3.connect(exported)) as conn:
            cursor = conn.execute(sql)
            header = ",".join(d[0] for d in cursor.description)
            lines = [header] + [",".join("" if v is None else str(v) for v in row) for row in cursor.fetchall()]
        assert "\n".join(lines) + "\n```" in readme


def test_the_build_s_database_holds_the_export_s_rows(
    built_site: Path, published: tuple[Project, Path], searchable: tuple[Project, Path]
) -> None:
    """A build's page workers make each bill's rows beside its pages (publish.sitedb.rows_writer); `export sqlite`
    reads every bill from the store: every table holds the same rows in the same order, and the build's scratch of
    rows is gone from the site."""
    from legistrack.export.rows import TABLES

    site_db, exported = published[1], searchable[1]
    for table in TABLES:
        assert _query(site_db, f"SELECT * FROM [{table}] ORDER BY rowid") == _query(
            exported, f"SELECT * FROM [{table}] ORDER BY rowid"
        ), table
    assert not (built_site / ".rows").exists()
