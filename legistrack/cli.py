"""The legistrack command line: the only module that imports click.

Each command parses its options, calls one function of `legistrack.commands`, and prints what it returns; domain
errors become one-line `Error: ...` messages (exit 1), bad options click's usage errors with the fix (exit 2).
Each command imports its own module of `legistrack.commands` when it runs: comparing two files loads the diff
engine, not git, the package writer or the site templates.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from . import __version__
from .errors import INTERRUPTED, InvalidDate, LegistrackError, os_message
from .textio import check_line, read_input
from .vocab import DIFF_FORMATS, FORMATS, LAYOUTS, OUTCOMES, STAGE_KINDS, VERDICTS

if TYPE_CHECKING:
    from .models import Localized, Package, Source
    from .project import Project, SyncReport

_STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True},
    "date": {"fg": "cyan", "bold": True},
    "heading": {"bold": True},
    "dim": {"dim": True},
    "warn": {"fg": "yellow"},
    "plain": {},
}


# click 8.2 on: a group called with no command raises this to print its help (8.1 printed it and exited).
_NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _with_fix(exc: click.UsageError) -> click.UsageError:
    """Click's usage error on one line, with how to fix it: which command's --help names the options."""
    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "legistrack"
    message = " ".join(exc.format_message().split())  # click lists choices on lines of their own
    if isinstance(exc, click.MissingParameter):
        fix = f"add it; `{path} --help` describes every option"
    elif isinstance(exc, click.NoSuchOption):
        fix = f"`{path} --help` lists the options"
    elif isinstance(exc, click.BadParameter):
        fix = f"`{path} --help` shows what it takes"
    else:
        fix = f"`{path} --help` shows the usage"
    if isinstance(exc, (_UsageError, _NO_ARGS_IS_HELP)):
        return exc  # already one line; or a group called with nothing, which prints its help
    return _UsageError(f"{message.rstrip('.')}: {fix}", ctx)


class _UsageError(click.UsageError):
    """A usage error as every other error is shown: one line, `Error: <what>: <how to fix it>` (exit 2), without
    click's `Usage:` and `Try ... for help` lines above it."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class _Group(click.Group):
    """The top group: legistrack's errors become `Error: ...` and exit 1; usage errors name the --help to read."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:  # the global options (--lock-timeout x)
            raise _with_fix(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LegistrackError as exc:
            raise click.ClickException(str(exc)) from None
        except click.UsageError as exc:
            raise _with_fix(exc) from None
        except BrokenPipeError:  # `legistrack stage list BILL | head`: the reader has what it wanted
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout at exit
            sys.exit(141)
        except OSError as exc:  # what no layer below expected (a vanished folder, a full disk while reading)
            raise click.ClickException(
                os_message(exc, "check the path, its permissions and the free disk space, then retry")
            ) from None
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            sys.exit(130)


# --- option bundles -----------------------------------------------------------------------------------------


def json_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--json: print what the command returns as JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print {what} as JSON.")


def _echo_json(data: Any) -> None:
    from .views import jsonable

    click.echo(json.dumps(jsonable(data), ensure_ascii=False, indent=2))


def _date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from .dates import check_plausible, parse_date

    try:
        check_plausible(parse_date(value))
    except InvalidDate as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def _dates_option(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v for v in (_date_option(ctx, param, x) for x in values) if v is not None)


def _timeout_option(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise click.BadParameter(f"{value} is not a number of seconds: give 0 or more, e.g. 10")
    return value


def _sources(*options: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def apply(f: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            f = option(f)
        return f

    return apply


TITLE_IN = click.option(
    "--title-in", "title_in", nargs=2, multiple=True, metavar="LANG TEXT", help="The title in another language."
)
OUT = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output directory (default: site/ beside bills/).",
)
SOURCES = _sources(
    click.option(
        "--source", "sources", required=True, multiple=True, metavar="URL", help="Where this is recorded (repeatable)."
    ),
    click.option("--source-title", "source_titles", multiple=True, help="Title of the n-th --source."),
    click.option("--source-publisher", "source_publishers", multiple=True, help="Publisher of the n-th --source."),
    click.option(
        "--source-date", "source_dates", multiple=True, callback=_dates_option, help="Date of the n-th --source."
    ),
)


class _Settings(NamedTuple):
    bills_dir: Path | None
    store: Path | None
    lock_timeout: float


def _project(ctx: click.Context) -> Project:
    from .project import Project

    settings = ctx.find_object(_Settings)
    assert settings is not None
    return Project.locate(settings.bills_dir, settings.store, settings.lock_timeout)


def _localized(primary: str, lang: str, extra: Sequence[tuple[str, str]]) -> Localized:
    from .models import Localized  # the domain model only for the commands that write it

    values = {lang: primary} if primary else {}
    values.update(dict(extra))
    return Localized.of(values)


def _prose(value: str, extra: Sequence[tuple[str, str]] = (), lang: str = "en") -> Localized:
    """Words given on the command line: as written; with the same in other languages (--reason-in ja TEXT), the
    words given are in `lang` (--title-lang)."""
    from .models import Localized, check_lang

    if not extra:
        return Localized.written(value.strip())
    values = {lang: value.strip()} if value.strip() else {}
    for code, text in extra:
        check_lang(code)
        values[code] = text.strip()
    return Localized.of(values)


def _paired_provisions(
    provisions: Sequence[str], translations: Sequence[tuple[str, str]], lang: str
) -> tuple[Localized, ...]:
    """The n-th --provision-in of each language goes with the n-th --provision."""
    by_lang: dict[str, list[str]] = {}
    for code, text in translations:
        by_lang.setdefault(code, []).append(text)
    for code, texts in by_lang.items():
        if len(texts) > len(provisions):
            raise click.BadParameter(
                f"{len(texts)} given in {code} for {len(provisions)} --provision: the n-th --provision-in {code} goes "
                "with the n-th --provision, so give at most one of each language for each (in the same order)",
                param_hint="--provision-in",
            )
    return tuple(
        _prose(text, [(code, texts[i]) for code, texts in by_lang.items() if i < len(texts)], lang)
        for i, text in enumerate(provisions)
    )


def _paired_sources(opts: dict[str, Any]) -> tuple[Source, ...]:
    """The n-th --source-title, --source-publisher and --source-date go with the n-th --source."""
    from .models import Source

    urls = opts["sources"]
    for option, key in (
        ("--source-title", "source_titles"),
        ("--source-publisher", "source_publishers"),
        ("--source-date", "source_dates"),
    ):
        if len(opts[key]) > len(urls):
            raise click.BadParameter(
                f"{len(opts[key])} given for {len(urls)} --source: the n-th {option} goes with the n-th --source, "
                "so give at most one for each (in the same order)",
                param_hint=option,
            )

    from .dates import parse_date

    def nth(key: str, i: int) -> str:
        values = opts[key]
        return str(values[i]) if i < len(values) else ""

    return tuple(
        Source(
            url=url,
            title=_prose(nth("source_titles", i)),
            publisher=_prose(nth("source_publishers", i)),
            date=parse_date(nth("source_dates", i)) if nth("source_dates", i) else None,
        )
        for i, url in enumerate(urls)
    )


# --- the commands ---------------------------------------------------------------------------------------------


@click.group(cls=_Group)
@click.version_option(version=__version__, prog_name="legistrack")
@click.option(
    "--bills",
    "bills_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LEGISTRACK_BILLS",
    help="Directory of bill packages (default ./bills; env LEGISTRACK_BILLS).",
)
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    envvar="LEGISTRACK_STORE",
    help="The git store (default .legistrack/store.git beside bills/; env LEGISTRACK_STORE).",
)
@click.option(
    "--lock-timeout",
    type=float,
    default=10.0,
    callback=_timeout_option,
    envvar="LEGISTRACK_LOCK_TIMEOUT",
    show_default=True,
    help="Seconds to wait for another legistrack command that is writing.",
)
@click.pass_context
def cli(ctx: click.Context, bills_dir: Path | None, store: Path | None, lock_timeout: float) -> None:
    """Track a bill through its stages: each stage is a commit in a git store, with its date and sources."""
    ctx.obj = _Settings(bills_dir, store, lock_timeout)


@cli.command()
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
    from .commands import bills as bill_commands
    from .models import Bill

    languages = languages or ("en",)
    lang = title_lang or ("en" if "en" in languages else languages[0])
    pairs = []
    for item in identifiers:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="--identifier")
        pairs.append((name.strip(), value.strip()))
    made = bill_commands.new_bill(
        _project(ctx),
        Bill(
            bill,
            _localized(title, lang, title_in),
            languages,
            jurisdiction,
            _prose(short_title),
            timezone,
            tuple(pairs),
        ),
    )
    click.echo(f"Created bills/{made.id}/bill.toml; add stages with: legistrack stage add {made.id} ...")


@cli.group()
def stage() -> None:
    """Add, list and show the stages of a bill."""


@stage.command("add")
@click.argument("bill")
@click.option("--kind", required=True, type=click.Choice(list(STAGE_KINDS)), help="What happened (see docs).")
@click.option(
    "--date",
    required=True,
    callback=_date_option,
    help="The legal date: 2025-02-28, 28 Feb 2025, 令和7年2月28日, R7.2.28 ...",
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
    from .commands import stages as stage_commands
    from .models import Document, Vote
    from .packages.plan import StageInput

    given = [
        name
        for name, key in (("--text", "text_file"), ("--same-text", "same_text"), ("--not-on-file", "not_on_file"))
        if opts[key]
    ]
    if len(given) > 1:
        raise click.UsageError(f"{' and '.join(given)} exclude each other: say once how the text is known")
    project = _project(ctx)
    documents = []
    for item in opts["documents"]:
        title, sep, url = item.partition("=")
        if not sep or not title.strip() or not url.strip():
            raise click.BadParameter(f"{item!r}: write TITLE=URL (the URL of the document)", param_hint="--document")
        documents.append(Document(title=_prose(title), url=url.strip()))
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
            title=_localized(opts["title"], lang, opts["title_in"]),
            sources=_paired_sources(opts),
            stage_id=opts["stage_id"],
            body=opts["body"],
            outcome=opts["outcome"] or "",
            summary=_localized(opts["summary"], lang, ()),
            vote=vote,
            documents=tuple(documents),
            provisions=_paired_provisions(opts["provisions"], opts["provisions_in"], lang),
            text=text,
            text_name="stdin" if text_file in (None, "-") else os.path.basename(text_file),
            text_lang=opts["text_lang"],
            text_format=opts["text_format"],
            same_text=opts["same_text"],
            reason=_prose(opts["reason"], opts["reason_in"], lang),
            not_on_file=opts["not_on_file"],
            insert=opts["insert"],
            session=opts["session"],
            meeting=check_line(opts["meeting"], "--meeting") if opts["meeting"] else "",
        )

    added = stage_commands.add_stage(project, bill, stage_input)
    if as_json:  # the stage's record, and the stages whose commits were replaced (see _note_rewritten)
        _echo_json({**added.record, "rewritten": list(added.rewritten)})
        return
    _note_rewritten(bill, added.rewritten)
    click.echo(f"Added {bill} {added.stage.id} ({added.stage.date}): commit {added.commit[:12]}, tag {added.tag}")


def recover_clone(bill: str) -> str:
    """What brings a clone of a bill's branch in step after the branch was rewritten (README shows it too)."""
    return (
        f"git fetch --force origin '+refs/heads/{bill}:refs/remotes/origin/{bill}' "
        f"'+refs/tags/{bill}/*:refs/tags/{bill}/*' && git reset --hard origin/{bill}"
    )


def _note_rewritten(bill: str, rewritten: Sequence[str]) -> None:
    """A write that replaced published commits: say so, with what a clone made before must run (on stderr)."""
    if rewritten:
        click.echo(
            f"note: this rewrote the branch {bill} from {rewritten[0]} on ({len(rewritten)} stage(s) got new commits); "
            f"a clone made before it must run: {recover_clone(bill)}",
            err=True,
        )


@stage.command("list")
@click.argument("bill")
@json_option("a JSON array of stages")
@click.pass_context
def stage_list(ctx: click.Context, bill: str, as_json: bool) -> None:
    """List the stages of BILL in procedural order."""
    from .commands import stages as stage_commands

    records = stage_commands.stage_records(_project(ctx), bill)
    if as_json:
        _echo_json(records)
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
    from .commands import stages as stage_commands

    r = stage_commands.stage_record(_project(ctx), bill, stage_id, with_text)
    if as_json:
        _echo_json(r)
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


@cli.group()
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
@click.option("--source-date", default=None, callback=_date_option, help="When it was published (as --date).")
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
    from .commands import stages as stage_commands
    from .dates import parse_date
    from .models import Claim, Source

    source = Source(
        url=opts["source_url"],
        title=_prose(opts["source_title"]),
        publisher=_prose(opts["source_publisher"]),
        date=parse_date(opts["source_date"]) if opts["source_date"] else None,
        note=_prose(opts["source_note"]),
    )
    made = Claim(
        statement=check_line(opts["statement"], "--statement"),
        source=source,
        verdict=opts["verdict"],
        record=_prose(opts["record"], opts["record_in"]),
        record_sources=opts["record_sources"],
    )
    added = stage_commands.add_claim(_project(ctx), bill, stage_id, made)
    if as_json:
        claims = list(added.stage.claims)
        rewritten = list(added.rewritten)
        _echo_json({"bill": bill, "stage": stage_id, "commit": added.commit, "claims": claims, "rewritten": rewritten})
        return
    _note_rewritten(bill, added.rewritten)
    click.echo(f"Added a {opts['verdict']} claim to {bill} {stage_id}: commit {added.commit[:12]}")


@cli.command("timeline")
@click.argument("bill")
@click.option("--lang", default="en", show_default=True, help="Language of titles and labels (en or ja).")
@json_option("the stages (as stage list --json)")
@click.pass_context
def timeline_cmd(ctx: click.Context, bill: str, lang: str, as_json: bool) -> None:
    """Print BILL's timeline: every stage with its date, outcome, text status, sources and claims."""
    from . import timeline
    from .commands import stages as stage_commands

    project = _project(ctx)
    if as_json:
        _echo_json(stage_commands.stage_records(project, bill))
        return
    package = stage_commands.load_bill(project, bill)
    langs = sorted({"en", "ja", *package.bill.languages})
    if lang not in langs:
        raise click.BadParameter(
            f"{lang!r} is neither an interface language nor one of {bill}'s: use one of {', '.join(langs)}",
            param_hint="--lang",
        )
    for style, line in timeline.render(package, lang):
        click.secho(line, **_STYLES[style])


@cli.command()
@click.option("--prune", is_flag=True, help="Also delete store branches and tags of bills no longer in bills/.")
@json_option("the report")
@click.pass_context
def sync(ctx: click.Context, prune: bool, as_json: bool) -> None:
    """Build or update the store from bills/: one branch per bill, a commit and a tag per stage."""
    from .commands import store as store_commands

    report = store_commands.sync(_project(ctx), prune)
    if as_json:
        _echo_json(report)
        return
    _print_sync(report)
    click.echo(f"store: {report.store}")


def _print_sync(report: SyncReport) -> None:
    unchanged = 0
    for bill_id, info in report.bills.items():
        if not info["refs_changed"]:
            unchanged += 1
            continue
        head = (info["head"] or "")[:12]
        click.echo(f"{bill_id}: {info['stages']} stages, head {head or '-'}, {info['refs_changed']} refs updated")
    if unchanged:
        click.echo(f"{unchanged} bill(s) already in the store as they are in bills/")
    for orphan in report.orphans:
        click.echo(f"warning: the store has bill {orphan!r} that is not in bills/ (kept; --prune deletes it)", err=True)
    for pruned in report.pruned:
        click.echo(f"pruned {pruned}")


@cli.command()
@json_option("the report")
@click.pass_context
def verify(ctx: click.Context, as_json: bool) -> None:
    """Check the store against bills/: commit ids, tags, text SHA-256s and git fsck. Exit 1 on a problem."""
    from .commands import store as store_commands

    report = store_commands.verify(_project(ctx))
    if as_json:
        _echo_json({"ok": report.ok, "store": report.store, "problems": report.problems, "checked": report.checked})
    else:
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        c = report.checked
        state = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        click.echo(f"{state}: {c['bills']} bills, {c['stages']} stages, {c['texts']} texts checked in {report.store}")
    if not report.ok:
        sys.exit(1)


class _DiffFailed(click.ClickException):
    exit_code = 2


def _context_lines(ctx: click.Context, param: click.Parameter, value: str) -> int | None:
    """--context: a number of lines (0 to 10000), or all (None: whole units)."""
    if value.strip().lower() == "all":
        return None
    try:
        lines = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number of lines: give N (e.g. 3) or all") from None
    if not 0 <= lines <= 10_000:
        raise click.BadParameter(f"{lines} is not between 0 and 10000: give N (e.g. 3) or all")
    return lines


@cli.command("diff")
@click.argument("args", nargs=-1, metavar="BILL FROM_STAGE TO_STAGE | OLD_FILE NEW_FILE")
@click.option(
    "--batch",
    "batch",
    default=None,
    metavar="FILE",
    help="Diff many pairs in one process: FILE (or -) has OLD<TAB>NEW per line; one JSON document each.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DIFF_FORMATS)),
    default="terminal",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--layout",
    type=click.Choice(list(LAYOUTS)),
    default="inline",
    show_default=True,
    help="HTML layout: inline redline, side by side, or taisho (新旧対照表).",
)
@click.option("--fragment", is_flag=True, help="With --format html: the bare markup to embed, not a whole page.")
@click.option("--raw", is_flag=True, help="Compare raw text: width, whitespace and punctuation variants count.")
@click.option("--lang", default=None, help="Language of the bill's text to compare (default: the first with text).")
@click.option("--color/--no-color", default=None, help="Colour the terminal format (default: when on a terminal).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the texts differ, 0 when identical (as git diff).")
@click.option(
    "--context",
    "context",
    callback=_context_lines,
    default="3",
    show_default=True,
    metavar="N|all",
    help="Unchanged lines shown around each change in a unit (terminal, unified, html); all: whole units.",
)
@click.pass_context
def diff_cmd(
    ctx: click.Context,
    args: tuple[str, ...],
    batch: str | None,
    fmt: str,
    layout: str,
    fragment: bool,
    raw: bool,
    lang: str | None,
    color: bool | None,
    exit_code: bool,
    context: int | None,
) -> None:
    """Show what changed, article by article: between two stages of BILL, between two files, or many pairs."""
    from .commands import diff as diff_commands

    if batch is not None:
        _diff_batch(batch, args, raw)
        return
    try:
        if len(args) == 3:
            result = diff_commands.diff_stages(_project(ctx), args[0], args[1], args[2], lang, raw)
        elif len(args) == 2:
            for name in args:
                if name != "-" and not os.path.isfile(name):
                    raise click.BadParameter(f"{name} is not a file (for a bill, give BILL FROM_STAGE TO_STAGE)")
            result = diff_commands.diff_files(args[0], args[1], raw)
        else:
            raise click.UsageError("give BILL FROM_STAGE TO_STAGE, or OLD_FILE NEW_FILE, or --batch FILE")
    except (LegistrackError, click.ClickException) as exc:
        if not exit_code:
            raise
        # as git diff --exit-code: 1 means "the texts differ", so a failure must say something else
        raise _DiffFailed(str(exc.message if isinstance(exc, click.ClickException) else exc)) from None
    use_color = fmt == "terminal" and (sys.stdout.isatty() if color is None else color)
    if fmt == "html":
        from .site.render import diff_page

        out = diff_page(result, layout, lang, fragment, context)
    else:
        from .diff.render import render

        out = render(result, fmt, use_color, context)
    click.echo(out, nl=False, color=use_color)
    if exit_code and not result.identical:
        sys.exit(1)


def _diff_batch(batch: str, args: Sequence[str], raw: bool) -> None:
    from .commands import diff as diff_commands

    if args:
        raise click.UsageError("--batch takes its pairs from FILE: give no other files")
    data = read_input(batch, f"--batch {batch}").decode("utf-8", "replace")
    failed = 0
    for result in diff_commands.diff_pairs(diff_commands.parse_pairs(data.splitlines()), raw):
        failed += bool(result.error)
        click.echo(diff_commands.jsonl(result))
    if failed:
        raise _DiffFailed(f"{failed} pair(s) could not be compared: their lines hold the error")


@cli.command("build")
@OUT
@click.option(
    "--source-date-epoch",
    type=click.IntRange(0, 253402300799),
    envvar="SOURCE_DATE_EPOCH",
    default=None,
    help="Build time for reproducible builds (env SOURCE_DATE_EPOCH; default: latest stage).",
)
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last build.")
@click.pass_context
def build_cmd(ctx: click.Context, out: Path | None, source_date_epoch: int | None, force: bool) -> None:
    """Build the static site from the store (syncing bills/ first): timelines, texts, diffs, feeds, JSON, a clone."""
    from .commands import site as site_commands

    with contextlib.ExitStack() as stack:
        report = site_commands.build(_project(ctx), out, source_date_epoch, force, _progress(stack))
    if report.synced is not None and report.synced.changed:
        _print_sync(report.synced)
    for bill_id in report.waiting:
        click.echo(f"note: {bill_id} has no stage yet; it appears on the site with its first stage (stage add)")
    if report.up_to_date:
        click.echo(f"Up to date: {report.pages} pages for {len(report.bills)} bills in {report.out} (--force rebuilds)")
    else:
        click.echo(f"Built {report.pages} pages for {len(report.bills)} bills in {report.out}")


def _progress(stack: contextlib.ExitStack, label: str = "Building") -> Callable[[int], Callable[[], None]]:
    def progress(total: int) -> Callable[[], None]:
        # A bar only on a terminal: logs and pipes get the one-line result.
        if not sys.stderr.isatty():
            return lambda: None
        bar = stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr))
        return lambda: bar.update(1)

    return progress


@cli.group("export")
def export_group() -> None:
    """Export the record for other tools: the whole store as one SQLite database."""


@export_group.command("sqlite")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def export_sqlite_cmd(ctx: click.Context, out: Path, as_json: bool) -> None:
    """Write every bill of the store to OUT (a .db file Datasette opens) and its metadata to OUT.metadata.json."""
    from .commands import export as export_commands

    with contextlib.ExitStack() as stack:
        report = export_commands.export_sqlite(_project(ctx), out, progress=_progress(stack, "Exporting"))
    if as_json:
        click.echo(json.dumps(report.__dict__, ensure_ascii=False, indent=2))
        return
    counts = ", ".join(f"{n} {table}" for table, n in report.rows.items())
    click.echo(f"Exported {report.bills} bills to {report.out}: {counts}")
    click.echo(f"Datasette: datasette {report.out} -m {report.metadata}")


@cli.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@OUT
@click.pass_context
def serve_cmd(ctx: click.Context, port: int, out: Path | None) -> None:
    """Preview the site on 127.0.0.1 and sync and rebuild it whenever bills/ changes."""
    from .commands import site as site_commands

    project = _project(ctx)
    with contextlib.suppress(KeyboardInterrupt):
        site_commands.serve(project, out or project.root / "site", port, report=click.echo)
    click.echo("stopped")


class _ImportGroup(click.Group):
    """`import FILE` converts one file; `import diet-bills DIR` (and the other datasets) import whole records.

    A first argument that names no dataset is `import file`'s: `legistrack import law.xml` and `legistrack import
    --format egov law.xml` work as they always have (only `--help` is the group's own)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["file", *args]
        return super().parse_args(ctx, args)


@cli.group("import", cls=_ImportGroup)
def import_group() -> None:
    """Import official records: FILE (e-Gov or JLT law XML, USLM XML, plain text) as a stage text, or a dataset."""


@import_group.command("file")
@click.argument("file")
@click.option(
    "--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True, help="Input format."
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the text here (default stdout)."
)
def import_cmd(file: str, fmt: str, output: Path | None) -> None:
    """Convert FILE (e-Gov or JLT law XML, USLM XML, plain text; - for stdin) into a stage text."""
    from .commands import imports as import_commands

    result = import_commands.import_file(read_input(file), "stdin" if file == "-" else os.path.basename(file), fmt)
    if output is None:
        click.echo(result.text, nl=False)
        return
    if output.exists():
        raise click.ClickException(f"{output} exists: choose another --output or remove it first")
    output.write_text(result.text, encoding="utf-8")
    click.echo(f"Wrote {output} ({FORMATS[result.format]}, {len(result.text)} characters)", err=True)


@import_group.command("diet-bills")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@json_option("the report")
@click.pass_context
def import_diet_bills(ctx: click.Context, directory: Path, as_json: bool) -> None:
    """Import every law bill of both Houses' bill tables in DIRECTORY (hc-gian-*.csv, hr-gian-*.csv) as packages."""
    from .commands import imports as import_commands

    with contextlib.ExitStack() as stack:
        bars: dict[str, Any] = {}

        def progress(what: str, done: int, total: int) -> None:
            if not sys.stderr.isatty():
                return
            if what not in bars:
                bars[what] = stack.enter_context(click.progressbar(length=total, label=what, file=sys.stderr))
            bars[what].update(done - bars[what].pos)

        report = import_commands.import_diet_bills(_project(ctx), directory, progress)
    if as_json:
        _echo_json(report)
        return
    for line in import_commands.report_lines(report):
        click.echo(line)


@import_group.command("law-history")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--bill", "bill_id", help="The package to write (default: the one with this egov_law_id, else jp-<law id>)."
)
@click.option(
    "--revisions",
    type=click.Path(dir_okay=False, path_type=Path),
    help="e-Gov's revision list of the law (law_revisions JSON of the API v2): names each amending act.",
)
@click.option(
    "--title-in",
    "titles",
    type=(str, str),
    multiple=True,
    metavar="LANG TEXT",
    help="The law's title in another language (the Japanese title comes from the files).",
)
@json_option("the report")
@click.pass_context
def import_law_history(
    ctx: click.Context,
    directory: Path,
    bill_id: str | None,
    revisions: Path | None,
    titles: tuple[tuple[str, str], ...],
    as_json: bool,
) -> None:
    """Import a law's revisions (a jp-law-history folder: versions.tsv and one Markdown file per e-Gov revision)
    as the stages of its package: one stage per revision, each naming the act that made it."""
    from .commands import imports as import_commands
    from .models import check_lang

    for lang, _text in titles:
        check_lang(lang)
    report = import_commands.import_law_history(_project(ctx), directory, bill_id, revisions, dict(titles))
    if as_json:
        _echo_json(report)
    else:
        for line in import_commands.law_history_lines(report):
            click.echo(line)


def main() -> None:
    """Entry point of the legistrack console script."""
    cli(prog_name="legistrack")
