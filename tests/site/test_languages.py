"""Every Japanese page of the bundled site reads in Japanese: words of another language (an English act's name, a
quotation, a translation) are marked with their own `lang`, and no English sentence is left unmarked. Values on
English pages mark their Japanese words the same way, so that fonts and screen readers take each run as what it is."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Three English words in a row: a phrase or a sentence (single words are names: e-Gov, legalize-jp, SQLite).
_ENGLISH_PHRASE = re.compile(r"[A-Za-z]+(?:[ ,]+[A-Za-z]+){2,}")
_VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}
_NOT_PROSE = {"code", "kbd", "samp", "pre", "script", "style", "svg", "title", "textarea"}


class _Unmarked(HTMLParser):
    """The text of a page that is in the page's language as far as its `lang` attributes say."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = []  # (tag, language in effect, not prose)
        self.text: list[tuple[str, str]] = []  # (language in effect, text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        parent_lang, parent_skip = (self.stack[-1][1], self.stack[-1][2]) if self.stack else ("", False)
        lang = dict(attrs).get("lang") or parent_lang
        self.stack.append((tag, lang, parent_skip or tag in _NOT_PROSE))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <circle/>: nothing inside

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _, _ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.stack and not self.stack[-1][2]:
            self.text.append((self.stack[-1][1], re.sub(r"https?://\S+", "", data)))


def _unmarked(page: Path, lang: str) -> str:
    parser = _Unmarked()
    parser.feed(page.read_text(encoding="utf-8"))
    return "\n".join(text for in_lang, text in parser.text if in_lang == lang)


# Kana or kanji: Japanese, whatever the words (a committee, a law number, 可決, 新旧対照表).
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff々]+")


@pytest.mark.parametrize(
    ("lang", "foreign", "name"),
    [("ja", _ENGLISH_PHRASE, "English"), ("en", _JAPANESE, "Japanese")],
)
@pytest.mark.slow
def test_pages_leave_no_words_of_the_other_language_unmarked(
    built_site: Path, lang: str, foreign: re.Pattern[str], name: str
) -> None:
    """An English phrase on a Japanese page, or Japanese words on an English page (from the record, the vocabulary
    or the interface's own strings), carry their own `lang`: a screen reader reads them in their language, and a
    browser picks Japanese glyphs for the kanji."""
    pages = sorted((built_site / lang).rglob("*.html"))
    assert len(pages) > 100
    found = {}
    for page in pages:
        words = foreign.findall(_unmarked(page, lang))
        if words:
            found[str(page.relative_to(built_site))] = words[:3]
    assert not found, f"{name} left unmarked on {lang} pages: {dict(list(found.items())[:5])}"


def test_values_mark_the_other_languages_words(built_site: Path) -> None:
    """Inside a value, words of the other language carry their own `lang`: the record's note on the English APPI
    timeline quotes the amending act as e-Gov writes it, and a US act's name sits in a Japanese stage title."""
    appi = (built_site / "en" / "jp-appi" / "index.html").read_text(encoding="utf-8")
    assert 'Amending act: <span lang="ja">平成二十七年法律第六十五号</span> (Act No. 65 of 2015)' in appi
    us = (built_site / "ja" / "us-hr2157-116" / "index.html").read_text(encoding="utf-8")
    name = "Additional Supplemental Appropriations for Disaster Relief Act, 2019"
    assert f'公法116-20（<span lang="en">{name}</span>）' in us
