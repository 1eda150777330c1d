"""The one jinja2 environment, and the HTML of a diff: the site's pages and `legistrack diff --format html`.

Templates ship as package data, autoescaped; undefined names are errors. The diff layouts (inline redline, side
by side, 新旧対照表) are macros in `_diff.html`, shared by the site's diff pages and by the standalone page that
`legistrack diff --format html` prints (the site's stylesheet inlined, so the file opens styled from anywhere).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import jinja2.lexer
from markupsafe import Markup, escape

from ..dates import to_wareki
from ..diff.model import Diff, UnitChange, reading_order, unit_anchor
from ..diff.render import folded_lines, guess_lang, hunks, readable, summary
from ..jurisdictions import registry
from ..jurisdictions.jp.lawnum import in_english
from ..models import Localized
from ..vocab import FORMATS, FORMATS_JA
from .model import pages_folder
from .strings import LANGUAGE_NAMES, STRINGS, TEXT_IN, fill

# The words of the diff layouts, in the language of the text compared (a Japanese 新旧対照表 reads 改正後 | 改正前).
DIFF_WORDS = {
    "en": {
        "new": "New",
        "old": "Old",
        "added": "(new)",
        "removed": "(deleted)",
        "note": "(changed parts underlined)",
        "renumbered": "renumbered",
        "moved": "moved",
        "formatting": "formatting only",
        "identical": "identical",
        "folded": "{n} unchanged lines",
        "summary": "{modified} modified, {inserted} inserted, {deleted} deleted, {unchanged} unchanged",
        "summary_renumbered": "{n} renumbered",
        "summary_moved": "{n} moved",
        "summary_formatting": "{n} formatting only",
        "summary_metadata": "{n} metadata (not the provisions)",
        "metadata": "metadata, not the provisions",
        "summary_chars": "+{inserted} −{deleted} characters",
    },
    "ja": {
        "new": "改正後",
        "old": "改正前",
        "added": "（新設）",
        "removed": "（削る）",
        "note": "（傍線部分は改正部分）",
        "renumbered": "繰下げ・繰上げ",
        "moved": "移動",
        "formatting": "表記のみの変更",
        "identical": "同一",
        "folded": "変更のない{n}行",
        "summary": "変更 {modified}、追加 {inserted}、削除 {deleted}、変更なし {unchanged}",
        "summary_renumbered": "繰下げ・繰上げ {n}",
        "summary_moved": "移動 {n}",
        "summary_formatting": "表記のみ {n}",
        "summary_metadata": "書誌情報 {n}（条文ではない）",
        "metadata": "書誌情報（条文ではない）",
        "summary_chars": "追加 {inserted} 字・削除 {deleted} 字",
    },
}


def safe_url(url: str) -> str:
    """Only http(s) and relative URLs reach an href: a javascript: URL from a bill renders inert."""
    ok = re.match(r"^(https?://|[\w./#-])", url) and not re.match(r"^\s*(javascript|data|vbscript):", url, re.I)
    return url if ok else "#"


# Words of the other language inside a value: an English name or quotation of three words or more in a Japanese
# sentence (公法116-20（Additional Supplemental Appropriations …）), or Japanese in an English one (a law's title
# quoted as e-Gov writes it). Marked with their own `lang`, so that readers, screen readers and fonts take them as
# what they are.
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z0-9.,;:'’&/-]*(?:[ ]+[A-Za-z0-9(][A-Za-z0-9.,;:'’&/()-]*){2,}")
_KANA_KANJI = "\u3041-\u30ff\u3400-\u9fff々〆ヶ"
_FULL_WIDTH = "０-９Ａ-Ｚａ-ｚ"  # Japanese typesetting's letters and digits: ＡＩ法, 第１条
_JAPANESE_RUN = re.compile(rf"[「『（]?[{_KANA_KANJI}{_FULL_WIDTH}][^A-Za-z;]*[{_KANA_KANJI}」』）。]")
_FOREIGN_RUNS = {"ja": ("en", _ENGLISH_RUN), "en": ("ja", _JAPANESE_RUN)}


def _marked_runs(text: str, lang: str) -> Markup:
    """`text` escaped, with its runs of the other language in `<span lang>`."""
    if lang not in _FOREIGN_RUNS:
        return escape(text)
    other, pattern = _FOREIGN_RUNS[lang]
    out: list[str] = []
    at = 0
    for m in pattern.finditer(text):
        out.append(escape(text[at : m.start()]))
        out.append(f'<span lang="{other}">{escape(m.group(0))}</span>')
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("".join(out))


def tr(text: Localized | dict[str, str], lang: str) -> Markup:
    """A localized string in `lang`, or in the language it exists in, marked with that language's `lang`; words of
    the other language inside a string of the page's language are marked too."""
    loc = text if isinstance(text, Localized) else Localized(tuple(text.items()))
    value = loc.best(lang)
    actual = loc.language(lang)
    # a string as written ("") has no declared language: it is shown as it is, its foreign runs marked
    if actual in (lang, ""):
        return _marked_runs(value, lang)
    return Markup(f'<span lang="{escape(actual)}">{escape(value)}</span>')


def foreign_runs(value: Any, lang: Any) -> Any:
    """A value printed in the page's language `lang`: its runs of the other language marked (see _ForeignRuns).
    Markup (a value already marked, a macro's output) passes as it is."""
    if isinstance(value, Markup) or not isinstance(value, str) or not isinstance(lang, str):
        return value  # (a macro with no `lang` in scope gets an Undefined: its values are printed as they are)
    return _marked_runs(value, lang) if lang in _FOREIGN_RUNS else value


_PAGE_LANG = "\x00page-lang\x00"  # what _HtmlPlace is fed for `{{ lang }}` inside a tag: lang="{{ lang }}"


class _HtmlPlace:
    """Where a template's text has got to, read from its literal HTML: inside a tag or not, and the elements open
    around it: those that declare the page's language (lang="{{ lang }}"), those that declare another, and those
    whose content is not prose or cannot hold a <span> (title, option, code ...)."""

    _TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)|>")
    _LANG = re.compile(r"\slang=[\"']?([^\"'\s>]*)")
    _VOID = frozenset(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    )
    _NOT_PROSE = frozenset(["title", "script", "style", "textarea", "option", "code", "pre", "kbd", "samp", "svg"])

    def __init__(self) -> None:
        self.tag: str | None = None  # the tag being written (between < and >), and whether it closes
        self.closing = False
        self.attrs: list[str] = []
        self.open: list[tuple[str, str]] = []  # (element, "page" | "other" | "raw" | "")

    def feed(self, data: str) -> None:
        at = 0
        for m in self._TAG.finditer(data):
            if self.tag is None and m.group(0) != ">":
                self.tag, self.closing, self.attrs = m.group(2).lower(), bool(m.group(1)), []
            elif self.tag is not None and m.group(0) == ">":
                self.attrs.append(data[at : m.start()])
                self._close_tag("".join(self.attrs))
            at = m.end()
        if self.tag is not None:
            self.attrs.append(data[at:])

    def _close_tag(self, attrs: str) -> None:
        tag, self.tag = self.tag or "", None
        if self.closing:
            for k in range(len(self.open) - 1, -1, -1):
                if self.open[k][0] == tag:
                    del self.open[k:]
                    break
        elif tag not in self._VOID and not attrs.rstrip().endswith("/"):
            declared = self._LANG.search(attrs)
            if tag in self._NOT_PROSE:
                state = "raw"
            elif declared is None or tag == "html":  # <html lang> is the page's language
                state = ""
            else:
                state = "page" if declared.group(1) == _PAGE_LANG else "other"
            self.open.append((tag, state))

    def in_prose(self) -> bool:
        """Whether a value printed here is prose in the page's language."""
        if self.tag is not None or any(state == "raw" for _, state in self.open):
            return False
        declared = [state for _, state in self.open if state]
        return not declared or declared[-1] == "page"


RAW_BLOCKS = frozenset(["title"])  # template blocks whose content base.html prints as raw text


class _ForeignRuns(jinja2.ext.Extension):
    """Every `{{ value }}` a page prints as prose in its language goes through `foreign_runs(lang)`, so that Japanese
    words on an English page (a committee, a law number, 可決) and English phrases on a Japanese page carry their own
    `lang`, wherever the value comes from. Values inside a tag (attributes), inside an element that declares another
    language, and in <title>, <option>, <code> and the like are left as they are. The diff macros (_diff.html) print
    a text in the language their caller declares, and feeds are not HTML: neither is touched."""

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> Any:
        name = stream.name or ""
        if not name.endswith(".html") or name == "_diff.html":
            yield from stream
            return
        place = _HtmlPlace()
        blocks: list[str] = []  # the {% block %}s open: a child's `title` block is printed inside base.html's <title>
        for token in stream:
            if token.type == "block_begin":
                tag = []
                for end in stream:
                    tag.append(end)
                    if end.type == "block_end":
                        break
                words = [t.value for t in tag if t.type == "name"]
                if words[:1] == ["block"] and len(words) > 1:
                    blocks.append(words[1])
                    place.open.append((f"{{% block {words[1]} %}}", "raw" if words[1] in RAW_BLOCKS else ""))
                elif words[:1] == ["endblock"] and blocks:
                    name = blocks.pop()
                    place.open = [o for o in place.open if o[0] != f"{{% block {name} %}}"]
                yield from (token, *tag)
                continue
            if token.type == "data":
                place.feed(token.value)
                yield token
                continue
            if token.type != "variable_begin":
                yield token
                continue
            body = []
            end = token
            for end in stream:
                if end.type == "variable_end":
                    break
                body.append(end)
            line = token.lineno
            if place.tag is not None:  # an attribute's value: lang="{{ lang }}" declares the page's language
                is_lang = [(t.type, t.value) for t in body] == [("name", "lang")]
                place.attrs.append(_PAGE_LANG if is_lang else "\x00value\x00")
                yield from (token, *body, end)
            elif place.in_prose():
                yield from (token, jinja2.lexer.Token(line, "lparen", "("), *body)
                for kind, value in (("rparen", ")"), ("pipe", "|"), ("name", "foreign_runs"), ("lparen", "(")):
                    yield jinja2.lexer.Token(line, kind, value)
                yield from (jinja2.lexer.Token(line, "name", "lang"), jinja2.lexer.Token(line, "rparen", ")"), end)
            else:
                yield from (token, *body, end)


class Page:
    """One output file: its path under the site root and how to reach the root from it."""

    def __init__(self, path: str):
        self.path = path
        self.root = "../" * path.count("/")

    def url(self, target: str) -> str:
        return self.root + target


def date_text(iso: str | None, lang: str, wareki: bool = False) -> str:
    """An ISO date for readers: 28 May 2025; on Japanese pages 2025-05-28（令和7年5月28日） for Japanese bills."""
    if not iso:
        return ""
    date = dt.date.fromisoformat(iso)
    if lang == "ja":
        return f"{iso}（{to_wareki(date)}）" if wareki else iso
    return f"{date:%d %B %Y}".lstrip("0")


def best(text: dict[str, str], lang: str) -> str:
    """A record's localized string in `lang`, else the first there is (plain text: feeds, attributes)."""
    return text.get(lang) or next(iter(text.values()), "")


def shown(diff: Diff) -> list[UnitChange]:
    """The units a diff page shows: the changed ones, and those whose change is formatting only."""
    return reading_order([c for c in diff.units if c.changed or c.formatting_only])


def local_summary(diff: Diff, words: dict[str, str]) -> str:
    """The one-line count of a diff in the page's language."""
    st = diff.stats
    parts = [
        words["summary"].format(modified=st.modified, inserted=st.inserted, deleted=st.deleted, unchanged=st.unchanged)
    ]
    for key, n in (
        ("summary_renumbered", st.renumbered),
        ("summary_moved", st.moved),
        ("summary_formatting", st.formatting_only),
        ("summary_metadata", st.metadata),
    ):
        if n:
            parts.append(words[key].format(n=n))
    sep = "、" if words is DIFF_WORDS["ja"] else ", "
    return (
        sep.join(parts)
        + ("；" if sep == "、" else "; ")
        + words["summary_chars"].format(inserted=st.chars_inserted, deleted=st.chars_deleted)
    )


def view(change: UnitChange, raw: bool, context: int | None) -> list[tuple[str, str]]:
    """The spans a page shows of a unit: formatting noise out (unless raw, or the change is formatting only, which
    the page shows behind its own switch), unchanged lines far from a change folded (FOLD spans)."""
    spans = change.spans if raw or change.formatting_only else readable(change.spans)
    return hunks(spans, context)


def folded_count(text: str) -> int:
    return folded_lines(text)


def change_anchor(change: UnitChange) -> str:
    """The anchor of a changed unit: its new id, or `old-` and its old id when it was deleted."""
    unit = change.new or change.old
    assert unit is not None
    return unit_anchor(unit.id) if change.new is not None else "old-" + unit_anchor(unit.id)


def unit_label(change: UnitChange) -> str:
    unit = change.new or change.old
    assert unit is not None
    return "/".join(unit.path) or "(preamble)"


_EGOV_API = re.compile(
    r"^https://laws\.e-gov\.go\.jp/api/\d+/(?:law_revisions|law_data|law_file/\w+)/(\w+)(?:[?#].*)?$"
)


def lang_name(code: str, lang: str) -> str:
    """A text language as a reader of `lang` names it: ja -> "Japanese" (en) or 「日本語」 (ja); unknown codes as is."""
    return LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(code, code)


def act_in_english(number: str) -> str:
    """A law number as English writes it (令和7年法律第70号 -> Act No. 70 of 2025), or as it is."""
    return in_english(number) or number


def bracketed(words: str, lang: str) -> str:
    """`words` in the brackets of the page's language: " (…)" after English, 「（…）」 after Japanese."""
    return f"（{words}）" if lang == "ja" else f" ({words})"


def text_in(code: str, lang: str, paren: bool = False) -> str:
    """Which text a row or a pair is about: "Japanese text", 「日本語の本文」; `paren`: in brackets of the language."""
    words = TEXT_IN.get(lang, TEXT_IN["en"]).format(name=lang_name(code, lang))
    if not paren:
        return words
    return bracketed(words, lang).lstrip()


def origin_markup(origin: str, lang: str) -> Markup:
    """A text's origin on a page: its format named in the page's language, words of the other language marked."""
    return _marked_runs(local_origin(origin, lang), lang)


def local_origin(origin: str, lang: str) -> str:
    """Where a text came from, as a reader of `lang` reads it: the format's name in the page's language, then the file
    as written ("e-Gov law Markdown (legalize-jp): ….md" -> 「e-Gov 法令 Markdown（legalize-jp）: ….md」)."""
    names = FORMATS_JA if lang == "ja" else FORMATS
    for key, english in FORMATS.items():
        if origin == english or origin.startswith(english + ":"):
            return names[key] + origin[len(english) :]
    return origin


def readable_url(url: str) -> str:
    """The page a reader can read for a record cited by its data address: e-Gov's API (JSON, XML) -> the law's
    page on e-Gov法令検索. Other addresses are already pages."""
    m = _EGOV_API.match(url)
    return f"https://laws.e-gov.go.jp/law/{m.group(1)}" if m else url


# "(via smartnews-smri/... data/gian.csv)", 「（smartnews-smri/… の data/gian.csv による）」: the scrape a value came
# through, named by its repository
_PROVENANCE = re.compile(r"\s*(?:\(via [^()]*\)|（[^（）]*[\w.-]+/[\w.-]+[^（）]*による）)")


def reader_note(note: str) -> str:
    """A source's note as a reader first sees it: what the record says, without the scrape it came through
    ("(via smartnews-smri/... data/gian.csv)" stays on the sources page)."""
    return _PROVENANCE.sub("", note)


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        # the site's templates, then each legislature's (its shared pages: the Diet's sessions and committees)
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("legistrack.site", "templates"),
                *(jinja2.PackageLoader(j.templates, "templates") for j in registry() if j.templates),
            ]
        ),
        autoescape=jinja2.select_autoescape(["html", "xml", "atom"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=[_ForeignRuns],
        auto_reload=False,  # the templates are the package's: no need to stat them at every page
    )
    env.filters["foreign_runs"] = foreign_runs
    env.filters["safe_url"] = safe_url
    env.filters["fill"] = fill
    env.filters["date_text"] = date_text
    env.filters["reader_note"] = reader_note
    env.filters["readable_url"] = readable_url
    env.globals.update(
        tr=tr,
        best=best,
        shown=shown,
        summary=summary,
        local_summary=local_summary,
        view=view,
        folded_count=folded_count,
        change_anchor=change_anchor,
        unit_label=unit_label,
        lang_name=lang_name,
        text_in=text_in,
        bracketed=bracketed,
        act_in_english=act_in_english,
        diff_words=DIFF_WORDS,
        pages_folder=pages_folder,
    )
    return env


def page_writer(env: jinja2.Environment, out: Path, generated: dt.datetime, written: list[str], **common: Any) -> Any:
    """`write(page, template, lang, context, other=None)`: one page under `out` in one language, with what every
    page is given (its strings, the other language's address, the build time, and `common`); its path goes to
    `written`. `other`: where the language switch leads when the page has no twin in the other language's folder
    (a path from the site's root under that folder, `#anchor` allowed): a compact law's text and diff pages are in
    the folder of their text's language alone."""

    def write(page: Page, template: str, lang: str, context: Mapping[str, Any], other: str | None = None) -> None:
        other_lang = "ja" if lang == "en" else "en"
        if other is not None:
            other_path, _, anchor = other.partition("#")
        else:  # the same page in the other folder; a page outside them (the root page) leads to the other home
            anchor = ""
            mirrored = page.path.startswith(f"{lang}/")
            other_path = other_lang + page.path[len(lang) :] if mirrored else f"{other_lang}/index.html"
        text = env.get_template(template).render(
            page=page,
            t=STRINGS[lang],
            lang=lang,
            other_lang=other_lang,
            other_url=page.url(other_path) + (f"#{anchor}" if anchor else ""),
            generated=generated.isoformat(),
            **common,
            **context,
        )
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(page.path)

    return write


def stylesheet() -> str:
    return (resources.files("legistrack.site") / "static" / "style.css").read_text(encoding="utf-8")


def compile_templates() -> None:
    """Compile every template (and the diff macros' module) once, in this process: the render workers forked from
    it then inherit them compiled, where each worker of each batch compiled them again (0.3 s a worker; a build of
    every Act forks two for each of its 70 batches)."""
    env = environment()
    for name in env.list_templates():
        env.get_template(name)
    env.get_template("_diff.html").module  # noqa: B018 (built on first use, then kept by the template)


def diff_fragment(
    diff: Diff,
    layout: str,
    lang: str | None = None,
    id_prefix: str = "",
    context: int | None = 3,
    keep_folded: bool = True,
    drawn_from: str = "",
) -> str:
    """One layout of a diff as an HTML fragment (`id_prefix` keeps ids unique when layouts share a page); unchanged
    lines more than `context` lines from a change are folded behind a <details> (None: whole units), or with
    `keep_folded` false only counted ("⋯ 12 unchanged lines"). With `drawn_from` (the id of the inline layout on the
    same page) a table's rows are left to the reader's browser, which draws them from that redline (site.js)."""
    words = DIFF_WORDS["ja" if (lang or guess_lang(diff)) == "ja" else "en"]
    macro: Any = environment().get_template("_diff.html").module.diff  # type: ignore[attr-defined]
    return str(macro(diff, layout, words, id_prefix, context, keep_folded, drawn_from))


def diff_page(diff: Diff, layout: str, lang: str | None = None, fragment: bool = False, context: int | None = 3) -> str:
    """`legistrack diff --format html`: a standalone page with the site's stylesheet, or (`fragment`) the markup."""
    body = diff_fragment(diff, layout, lang, context=context)
    if fragment:
        return body
    text_lang = lang or guess_lang(diff)
    return (
        environment()
        .get_template("diff_standalone.html")
        .render(diff=diff, body=Markup(body), css=Markup(stylesheet()), text_lang=text_lang, layout=layout)
    )
