"""e-Gov law XML and Japanese Law Translation (J-STATUTE) XML, Japanese or English, to text.

Both use the same element set (Law > LawBody > MainProvision > Chapter > Article > Paragraph > Item ...).
The text is laid out as printed law is: a heading line for each 編/章/節/款/目, the caption (（目的）) on
its own line, then 「第一条　…」, further paragraphs as 「２　…」, items as 「一　…」, and 附則 with the
amending act's number. The table of contents is left out: it is derived from the headings.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from ...errors import ImportFormatError

_DIVISIONS = ("Part", "Chapter", "Section", "Subsection", "Division")
_ITEMS = ("Item", *(f"Subitem{i}" for i in range(1, 11)))
_SKIP = {"TOC", "Rt", "ArticleRange", "Fig"}


class _Writer:
    def __init__(self, lang: str):
        self.lang = lang
        self.sep = " " if lang == "en" else "\u3000"
        self.lines: list[str] = []

    def line(self, text: str) -> None:
        if text:
            self.lines.append(text)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def inline(self, el: Element | None) -> str:
        """The text of an element, ruby readings dropped, layout whitespace removed."""
        if el is None:
            return ""
        parts: list[str] = []

        def walk(node: Element) -> None:
            if node.tag == "Rt":
                return
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

        walk(el)
        text = "".join(parts)
        if self.lang == "en":
            return re.sub(r"\s+", " ", text).strip()
        return re.sub(r"[ \t]*\n\s*", "", text).strip(" \t\n")

    def sentences(self, el: Element | None) -> str:
        """A *Sentence block: its Sentence elements run on; Columns are separated by a space."""
        if el is None:
            return ""
        columns = el.findall("Column")
        if columns:
            return self.sep.join(self.sentences(c) for c in columns)
        joiner = " " if self.lang == "en" else ""
        parts = [self.inline(s) for s in el.findall("Sentence")]
        return joiner.join(p for p in parts if p) or self.inline(el)

    def join(self, *parts: str) -> str:
        return self.sep.join(p for p in parts if p)


def to_text(root: Element, what: str) -> str:
    """Render a Law element as structured plain text."""
    body = root.find("LawBody")
    if root.tag != "Law" or body is None:
        raise ImportFormatError(f"{what}: not e-Gov or J-STATUTE law XML (no <Law><LawBody>)")
    w = _Writer("en" if root.get("Lang") == "en" else "ja")
    w.line(w.inline(body.find("LawTitle")))
    w.line(w.inline(root.find("LawNum")))
    for child in body:
        if child.tag in ("LawTitle", "TOC"):
            continue
        _block(w, child)
    return "\n".join(w.lines).strip("\n") + "\n"


def _block(w: _Writer, el: Element, parent: Element | None = None) -> None:
    tag = el.tag
    if tag in _SKIP:
        return
    if tag in _DIVISIONS:
        w.blank()
        w.line(w.inline(el.find(f"{tag}Title")))
        w.blank()
        for child in el:
            if child.tag != f"{tag}Title":
                _block(w, child, el)
    elif tag == "Article":
        _article(w, el, continued=_continues_previous(el, parent))
    elif tag == "Paragraph":
        _paragraph(w, el, prefix="")
    elif tag in _ITEMS:
        _item(w, el)
    elif tag == "SupplProvision":
        w.blank()
        label = w.inline(el.find("SupplProvisionLabel"))
        if el.get("AmendLawNum"):
            label = w.join(label, f"（{el.get('AmendLawNum')}）" if w.lang == "ja" else f"({el.get('AmendLawNum')})")
        if el.get("Extract") == "true" and el.get("AmendLawNum"):
            label = w.join(label, "抄" if w.lang == "ja" else "(Extract)")
        w.line(label)
        w.blank()
        for child in el:
            if child.tag != "SupplProvisionLabel":
                _block(w, child, el)
    elif tag == "AmendProvision":
        for child in el:
            if child.tag == "AmendProvisionSentence":
                w.line(w.sentences(child))
            else:
                _block(w, child)
    elif tag == "TableStruct":
        _table(w, el)
    elif tag.endswith("Title") or tag.endswith("Label") or tag in ("LawNum", "EnactStatement"):
        w.line(w.inline(el))
    elif tag.endswith("Sentence"):
        w.line(w.sentences(el))
    elif tag in ("Appdx", "AppdxTable", "AppdxNote", "AppdxStyle", "AppdxFormat", "AppdxFig"):
        w.blank()
        title = next((c for c in el if c.tag.endswith("Title")), None)
        w.line(w.join(w.inline(title), w.inline(el.find("RelatedArticleNum"))))
        for child in el:
            if child is not title and child.tag != "RelatedArticleNum":
                _block(w, child)
    else:
        has_blocks = any(len(c) or (c.text and c.text.strip()) for c in el)
        if has_blocks:
            for child in el:
                _block(w, child)
        else:
            w.line(w.inline(el))


def _continues_previous(el: Element, parent: Element | None) -> bool:
    """The Japanese Law Translation splits one article in two, labelling the rest of it with the number of the next
    article: in the AI Promotion Act's English text, Supplementary Provisions `Article 4` with no caption (id
    en_s1at4) is the rest of Article 3's amending text, and `(Adjustment Provisions) Article 4` (en_s1at5) the real
    Article 4. An article with no caption, followed by one with the same number and a caption, and preceded by the
    article before that number, is the previous article's continuation: its text follows that article's, without the
    misplaced label, and the act keeps the number of articles it has (four supplementary articles, not five)."""
    if parent is None or el.find("ArticleCaption") is not None:
        return False
    articles = [c for c in parent if c.tag == "Article"]
    i = next((k for k, a in enumerate(articles) if a is el), -1)
    if i <= 0 or i + 1 >= len(articles):
        return False
    num, before, after = el.get("Num"), articles[i - 1], articles[i + 1]
    if not num or not num.isdigit() or after.get("Num") != num or after.find("ArticleCaption") is None:
        return False
    return before.get("Num") == str(int(num) - 1)


def _article(w: _Writer, el: Element, continued: bool = False) -> None:
    if continued:  # the rest of the previous article (see _continues_previous): no blank line, no label
        for child in el:
            if child.tag not in ("ArticleCaption", "ArticleTitle"):
                if child.tag == "Paragraph":
                    _paragraph(w, child, prefix="")
                else:
                    _block(w, child, el)
        return
    w.blank()
    w.line(w.inline(el.find("ArticleCaption")))
    title = w.inline(el.find("ArticleTitle"))
    first = True
    for child in el:
        if child.tag in ("ArticleCaption", "ArticleTitle"):
            continue
        if child.tag == "Paragraph":
            _paragraph(w, child, prefix=title if first else "")
            first = False
        else:
            _block(w, child)
    if first and title:  # an article with no paragraph at all
        w.line(title)


def _paragraph(w: _Writer, el: Element, prefix: str) -> None:
    caption = el.find("ParagraphCaption")
    if caption is not None:
        w.line(w.inline(caption))
    w.line(w.join(prefix, w.inline(el.find("ParagraphNum")), w.sentences(el.find("ParagraphSentence"))))
    for child in el:
        if child.tag not in ("ParagraphCaption", "ParagraphNum", "ParagraphSentence"):
            _block(w, child)


def _item(w: _Writer, el: Element) -> None:
    tag = el.tag
    w.line(w.join(w.inline(el.find(f"{tag}Title")), w.sentences(el.find(f"{tag}Sentence"))))
    for child in el:
        if child.tag not in (f"{tag}Title", f"{tag}Sentence"):
            _block(w, child)


def _table(w: _Writer, el: Element) -> None:
    w.line(w.inline(el.find("TableStructTitle")))
    for row in el.iter("TableRow"):
        cells = [w.sentences(col) if col.find("Sentence") is not None else w.inline(col) for col in row]
        w.line(" | ".join(cells))
    for remarks in el.iter("Remarks"):
        w.line(w.inline(remarks.find("RemarksLabel")))
        for sentence in remarks.iter("Sentence"):
            w.line(w.inline(sentence))
