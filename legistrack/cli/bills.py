"""Bills and their stages: new, stage add/list/show, claim add, timeline."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import click

from ..textio import check_line, read_input
from ..vocab import FORMATS, OUTCOMES, STAGE_KINDS, VERDICTS

if TYPE_CHECKING:
    from ..models import Package

from .options import (
    SOURCES,
    STYLES,
    TITLE_IN,
    NamedChoice,
    date_option,
    echo_json,
    json_option,
    localized,
    note_rewritten,
    paired_provisions,
    paired_sources,
    project_of,
    prose,
)


@click.command()
@click.argument("bill")
@click.option("--title", required=True, help="The bill's title in --title-lang.")
@click.option("--title-lang", default=None, help="Language of --title (default en if listed, else the first).")
@TITLE_IN
@click.option("--language", "languages", multiple=True, help="A language of the bill's texts, in order (default en).")
@click.option("--short-title", default="", help="A short name, e.g. AI Promotion Act.")
@click.option("--jurisdiction", default="", help="e.g. JP, US, DE.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA zone of the legal dates, e.g. Asia/Tokyo.")
@click.option(
    "--identifier", "identifiers", multiple=True, metavar="NAME=VALUE", help="e.g. law_number=令和7年法律第53号."
)
@click.pass_context
def new(
    ctx: click.Context,
    bill: str,
    title: str,
    title_lang: str | None,
    title_in: tuple[tuple[str, str], ...],
    languages: tuple[str, ...],
    short_title: str,
    jurisdiction: str,
    timezone: str,
    identifiers: tuple[str, ...],
) -> None:
    """Create the package bills/BILL/ for a new bill (no stages yet)."""
    from ..commands import bills as bill_commands
    from ..models import Bill

    languages = languages or ("en",)
    lang = title_lang or ("en" if "en" in languages else languages[0])
    pairs = []
    for item in identifiers:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="--identifier")
        pairs.append((name.strip(), value.strip()))
    made = bill_commands.new_bill(
        project_of(ctx),
        Bill(
            bill,
            localized(title, lang, title_in),
            languages,
            jurisdiction,
            prose(short_title),
            timezone,
            tuple(pairs),
        ),
    )
    click.echo(f"Created bills/{made.id}/bill.toml; add stages with: legistrack stage add {made.id} ...")


@click.group()
def stage() -> None:
    """Add, list and show the stages of a bill."""


@stage.command("add")
@click.argument("bill")
@click.option(
    "--kind", required=True, type=NamedChoice(list(STAGE_KINDS), "stage kind"), help="What happened (see docs)."
)
@click.option(
    "--date",
    default=None,
    callback=date_option,
    help="The legal date: 2025-02-28, 28 Feb 2025, 令和7年2月28日, R7.2.28 ... (required but for a standing "
    "obligation, and a lapse given its --session).",
)
@click.option("--title", required=True, help="What happened, in one line (in --title-lang).")
@click.option("--title-lang", default=None, help="Language of --title (default en if the bill has it).")
@TITLE_IN
@SOURCES
@click.option(
    "--text", "text_file", metavar="FILE", help="The stage's text: a file (plain text or XML) or - for stdin."
)
@click.option("--lang", "text_lang", default=None, help="Language of --text (default: the bill's first).")
@click.option(
    "--format",
    "text_format",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="Format of --text.",
)
@click.option("--same-text", is_flag=True, help="The text is the same as at the previous stage.")
@click.option(
    "--reason", default="", help="Why the text is the same (with --same-text), e.g. passed without amendment."
)
@click.option(
    "--reason-in",
    "reason_in",
    nargs=2,
    multiple=True,
    metavar="LANG TEXT",
    help="--reason in another language (then --reason is in --title-lang).",
)
@click.option("--not-on-file", default="", metavar="URL", help="The text is not on file; URL of the official text.")
@click.option(
    "--id", "stage_id", default=None, help="Stage id (default: next number and the kind, e.g. 05-plenary-vote)."
)
@click.option("--insert", is_flag=True, help="Insert a missed stage at its date instead of appending.")
@click.option("--body", default="", help="Who acted: Cabinet, House of Representatives, a committee ...")
@click.option("--outcome", type=click.Choice(list(OUTCOMES)), default=None, help="The result.")
@click.option("--summary", default="", help="A short summary (in --title-lang).")
@click.option("--vote-result", default="", help="e.g. majority, unanimous.")
@click.option("--vote-method", default="", help="e.g. standing vote (起立), push-button (押しボタン).")
@click.option("--yes", type=click.IntRange(min=0), default=None, help="Votes for.")
@click.option("--no", type=click.IntRange(min=0), default=None, help="Votes against.")
@click.option("--abstain", type=click.IntRange(min=0), default=None, help="Abstentions.")
@click.option("--party-for", "parties_for", multiple=True, help="A party or group that voted for (repeatable).")
@click.option("--party-against", "parties_against", multiple=True, help="A party or group that voted against.")
@click.option("--vote-record", default="", help="URL of the vote record.")
@click.option(
    "--provision", "provisions", multiple=True, help="A provision that takes effect (in-force stages), as written."
)
@click.option(
    "--provision-in",
    "provisions_in",
    nargs=2,
    multiple=True,
    metavar="LANG TEXT",
    help="The n-th --provision in another language (then --provision is in --title-lang).",
)
@click.option(
    "--session", type=click.IntRange(1, 10_000), default=None, help="The Diet session it happened in (e.g. 217)."
)
@click.option("--meeting", default="", help="The sitting, as its minutes name it (e.g. 内閣委員会 第12号).")
@click.option(
    "--implements",
    "implements",
    multiple=True,
    metavar="ARTICLE",
    help="An article a law at work carries out, as the law cites it (第十八条, 附則第二条); repeatable.",
)
@click.option(
    "--document",
    "documents",
    multiple=True,
    metavar="TITLE=URL",
    help="An attached document, e.g. 附帯決議=https://...",
)
@json_option("the new stage")
@click.pass_context
def stage_add(ctx: click.Context, /, bill: str, as_json: bool, **opts: Any) -> None:
    """Add a stage to BILL: write it to bills/BILL/ and commit it to the store, as one step."""
    from ..commands import stages as stage_commands
    from ..models import Document, Vote
    from ..packages.plan import StageInput

    given = [
        name
        for name, key in (("--text", "text_file"), ("--same-text", "same_text"), ("--not-on-file", "not_on_file"))
        if opts[key]
    ]
    if len(given) > 1:
        raise click.UsageError(f"{' and '.join(given)} exclude each other: say once how the text is known")
    project = project_of(ctx)
    documents = []
    for item in opts["documents"]:
        title, sep, url = item.partition("=")
        if not sep or not title.strip() or not url.strip():
            raise click.BadParameter(f"{item!r}: write TITLE=URL (the URL of the document)", param_hint="--document")
        documents.append(Document(title=prose(title), url=url.strip()))
    vote_keys = ("vote_result", "vote_method", "yes", "no", "abstain", "parties_for", "parties_against")
    vote = None
    if any(opts[k] not in ("", None, ()) for k in vote_keys):
        vote = Vote(
            opts["vote_result"],
            opts["vote_method"],
            opts["yes"],
            opts["no"],
            opts["abstain"],
            opts["parties_for"],
            opts["parties_against"],
            opts["vote_record"],
        )
    text_file = opts["text_file"]
    text = read_input(text_file, f"--text {text_file}") if text_file is not None else None

    def stage_input(package: Package) -> StageInput:
        languages = package.bill.languages
        lang = opts["title_lang"] or ("en" if "en" in languages else languages[0])
        return StageInput(
            kind=opts["kind"],
            date=opts["date"],
            title=localized(opts["title"], lang, opts["title_in"]),
            sources=paired_sources(opts),
            stage_id=opts["stage_id"],
            body=opts["body"],
            outcome=opts["outcome"] or "",
            summary=localized(opts["summary"], lang, ()),
            vote=vote,
            documents=tuple(documents),
            provisions=paired_provisions(opts["provisions"], opts["provisions_in"], lang),
            text=text,
            text_name="stdin" if text_file in (None, "-") else os.path.basename(text_file),
            text_lang=opts["text_lang"],
            text_format=opts["text_format"],
            same_text=opts["same_text"],
            reason=prose(opts["reason"], opts["reason_in"], lang),
            not_on_file=opts["not_on_file"],
            insert=opts["insert"],
            session=opts["session"],
            meeting=check_line(opts["meeting"], "--meeting") if opts["meeting"] else "",
            implements=tuple(check_line(a, "--implements") for a in opts["implements"]),
        )

    added = stage_commands.add_stage(project, bill, stage_input)
    if as_json:  # the stage's record, and the stages whose commits were replaced (see options.note_rewritten)
        echo_json({**added.record, "rewritten": list(added.rewritten)})
        return
    note_rewritten({bill: added.rewritten} if added.rewritten else {})
    click.echo(f"Added {bill} {added.stage.id} ({added.stage.date}): commit {added.commit[:12]}, tag {added.tag}")


@stage.command("list")
@click.argument("bill")
@json_option("a JSON array of stages")
@click.pass_context
def stage_list(ctx: click.Context, bill: str, as_json: bool) -> None:
    """List the stages of BILL in procedural order."""
    from ..commands import stages as stage_commands

    records = stage_commands.stage_records(project_of(ctx), bill)
    if as_json:
        echo_json(records)
        return
    for r in records:
        texts = " ".join(f"{lang}:{t['status']}" for lang, t in r["texts"].items())
        title = r["title"].get("en") or next(iter(r["title"].values()))
        click.echo(f"{r['date'] or '(no date)':<10}  {r['id']:<22} {title}  [{texts}]")


@stage.command("show")
@click.argument("bill")
@click.argument("stage_id", metavar="STAGE")
@json_option("the stage")
@click.option("--text", "with_text", is_flag=True, help="Include the stage's text in every language.")
@click.pass_context
def stage_show(ctx: click.Context, bill: str, stage_id: str, as_json: bool, with_text: bool) -> None:
    """Show one stage of BILL: every fact, its sources and its text status."""
    from ..commands import stages as stage_commands

    r = stage_commands.stage_record(project_of(ctx), bill, stage_id, with_text)
    if as_json:
        echo_json(r)
        return
    click.secho(f"{r['bill']} {r['id']} — {r['date']} ({r['date_ja']})", bold=True)
    for lang, title in r["title"].items():
        click.echo(f"  title [{lang}]: {title}")
    for key in ("kind", "body", "outcome"):
        if r[key]:
            click.echo(f"  {key}: {r[key]}")
    if r["vote"]:
        click.echo(f"  vote: {json.dumps(r['vote'], ensure_ascii=False)}")
    for p in r["provisions"]:
        click.echo(f"  in force: {p}")
    for d in r["documents"]:
        click.echo(f"  document: {d['title']} {d['url']}")
    for s in r["sources"]:
        click.echo(f"  source: {s['url']} ({', '.join(x for x in (s['title'], s['publisher']) if x)})")
    for c in r["claims"]:
        click.echo(f"  claim ({c['verdict']}): {c['statement']} — {c['source']['publisher']}")
    for lang, t in r["texts"].items():
        click.echo(f"  text [{lang}]: {t['status']} {t['sha256'] or ''} {t['url'] or ''}".rstrip())
        if with_text and t.get("text"):
            click.echo(t["text"])
    stored = "yes" if r["in_store"] else "no (run legistrack sync)"
    click.echo(f"  tag: {r['tag']}  commit: {r['commit']}  in store: {stored}")


@click.group()
def claim() -> None:
    """Published claims about a stage, checked against the record."""


@claim.command("add")
@click.argument("bill")
@click.argument("stage_id", metavar="STAGE")
@click.option("--statement", required=True, help="What the source says, quoted or closely paraphrased.")
@click.option("--verdict", required=True, type=click.Choice(list(VERDICTS)), help="The claim against the record.")
@click.option("--source", "source_url", required=True, help="URL of the publication that makes the claim.")
@click.option("--source-title", default="", help="Its title.")
@click.option("--source-publisher", default="", help="Who published it (firm, newspaper, author).")
@click.option("--source-date", default=None, callback=date_option, help="When it was published (as --date).")
@click.option("--source-note", default="", help="A note on the source (e.g. that the page is no longer online).")
@click.option("--record", default="", help="What the official record says instead (required unless unverified).")
@click.option(
    "--record-in", "record_in", nargs=2, multiple=True, metavar="LANG TEXT", help="--record in another language."
)
@click.option(
    "--record-source",
    "record_sources",
    multiple=True,
    help="URL of the record that settles it (repeatable; required unless unverified).",
)
@json_option("the stage's claims")
@click.pass_context
def claim_add(ctx: click.Context, /, bill: str, stage_id: str, as_json: bool, **opts: Any) -> None:
    """Record what a publication claims about STAGE of BILL, with the verdict against the record."""
    from ..commands import stages as stage_commands
    from ..dates import parse_date
    from ..models import Claim, Source

    source = Source(
        url=opts["source_url"],
        title=prose(opts["source_title"]),
        publisher=prose(opts["source_publisher"]),
        date=parse_date(opts["source_date"]) if opts["source_date"] else None,
        note=prose(opts["source_note"]),
    )
    made = Claim(
        statement=check_line(opts["statement"], "--statement"),
        source=source,
        verdict=opts["verdict"],
        record=prose(opts["record"], opts["record_in"]),
        record_sources=opts["record_sources"],
    )
    added = stage_commands.add_claim(project_of(ctx), bill, stage_id, made)
    if as_json:
        claims = list(added.stage.claims)
        rewritten = list(added.rewritten)
        echo_json({"bill": bill, "stage": stage_id, "commit": added.commit, "claims": claims, "rewritten": rewritten})
        return
    note_rewritten({bill: added.rewritten} if added.rewritten else {})
    click.echo(f"Added a {opts['verdict']} claim to {bill} {stage_id}: commit {added.commit[:12]}")


@click.command("timeline")
@click.argument("bill")
@click.option("--lang", default="en", show_default=True, help="Language of titles and labels (en or ja).")
@json_option("the stages (as stage list --json)")
@click.pass_context
def timeline_cmd(ctx: click.Context, bill: str, lang: str, as_json: bool) -> None:
    """Print BILL's timeline: every stage with its date, outcome, text status, sources and claims."""
    from .. import timeline
    from ..commands import stages as stage_commands

    project = project_of(ctx)
    if as_json:
        echo_json(stage_commands.stage_records(project, bill))
        return
    package = stage_commands.load_bill(project, bill)
    langs = sorted({"en", "ja", *package.bill.languages})
    if lang not in langs:
        raise click.BadParameter(
            f"{lang!r} is neither an interface language nor one of {bill}'s: use one of {', '.join(langs)}",
            param_hint="--lang",
        )
    for style, line in timeline.render(package, lang):
        click.secho(line, **STYLES[style])
