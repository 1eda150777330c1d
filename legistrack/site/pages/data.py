"""The bill's files that are the same in every interface language: timeline.json, the diffs' JSON, the texts'
units for compare.html, the Atom feed."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import jinja2

from ... import views
from ...diff.render import render_json
from ...diff.structure import split_units
from ..model import BillModel, complete, diff_data_path


def _write_data(out: Path, written: list[str]) -> Callable[[str, str], None]:
    def write_data(path: str, text: str) -> None:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        # gzip with no name and no time in its header: two builds of one store stay byte-identical
        target.write_bytes(gzip.compress(data, mtime=0) if path.endswith(".gz") else data)
        written.append(path)

    return write_data


def bill_data(model: BillModel, out: Path, generated: dt.datetime, env: jinja2.Environment) -> list[str]:
    """The bill's files that are the same in every language: timeline.json, the diffs' JSON, the Atom feed."""
    bill = model.bill
    written: list[str] = []
    write_data = _write_data(out, written)
    timeline = views.timeline_record(model.package, model.commits)
    # one line, as the diffs' JSON: indenting 5,800 Diet timelines cost 40 MB of the site (jq . reads it indented)
    timeline_json = json.dumps(timeline, ensure_ascii=False, separators=(",", ":"))
    write_data(f"{bill.id}/timeline.json", timeline_json + "\n")
    for (text_lang, a, b), diff in model.diffs.items():
        # a compact law's: its changed units alone (both whole texts of every revision would be gigabytes), gzipped
        write_data(
            diff_data_path(bill.id, text_lang, a, b, model.compact),
            render_json(diff.changes_only() if model.compact else diff),
        )
    for text_lang, known in model.known.items():
        if complete(known, model.compact):
            continue
        # What compare.html reads to compare a pair with no page of its own: each text's units. A script, not
        # JSON: browsers refuse fetch() from file://, but load scripts.
        for k in known:
            units = [[u.id, "/".join(u.path), u.text] for u in split_units(k.text)]
            data = {"stage": k.stage.id, "lang": text_lang, "sha256": k.version.sha256, "units": units}
            write_data(
                f"{bill.id}/text/{k.stage.id}.{text_lang}.js",
                "(window.LEGISTRACK_TEXTS = window.LEGISTRACK_TEXTS || {})["
                + json.dumps(f"{k.stage.id}.{text_lang}")
                + "] = "
                + json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
                + ";\n",
            )
    records = [model.records[s.id] for s in reversed(bill.stages)]
    feed = env.get_template("feed.atom").render(
        bill=bill,
        stages=records,
        generated=generated.isoformat(),
        # the last stage that happened: an amendment due is dated in the future, not when it was recorded
        updated=(bill.last_recorded_date.isoformat() + "T00:00:00Z")
        if bill.last_recorded_date
        else generated.isoformat(),
    )
    write_data(f"{bill.id}/feed.atom", feed)
    return written
