"""USLM XML (US bills and resolutions, GPO) to text.

Each level (title, subtitle, part, chapter, section, subsection, paragraph ... and the appropriations
headings) becomes a line that starts with its number and heading, so `SEC. 101.`, `(a)` and `(1)` stay
where a reader and the diff engine look for them. The <meta> and <preface> (stage-specific printing
data: action lines, distribution codes) and signatures are left out: the text is the measure itself.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from ...errors import ImportFormatError

_LEVELS = {
    "title",
    "subtitle",
    "division",
    "subdivision",
    "part",
    "subpart",
    "chapter",
    "subchapter",
    "section",
    "subsection",
    "paragraph",
    "subparagraph",
    "clause",
    "subclause",
    "item",
    "subitem",
    "level",
    "appropriations",
}
_MAJOR = {
    "title",
    "subtitle",
    "division",
    "subdivision",
    "part",
    "subpart",
    "chapter",
    "subchapter",
    "section",
}
_TEXT_BLOCKS = {"content", "chapeau", "continuation", "text", "p", "recital"}
# Blocks that start a line wherever they are, inside running text too
_BREAKS = {"p", "recital"}
_WORD = re.compile(r"\w")
# Print furniture, not text: the statute page markers of a Public Law (<page>127 STAT. 1167</page>), margin notes
# (<sidenote>2 USC 900 note.</sidenote>), footnotes, the document's own table of contents (a quoted one, inserted by
# an amendment, is text: see _Writer.flow), and the action lines (a bill's "introduced …", a Public Law's "Approved
# December 26, 2013.") and legislative history, which record the measure's passage, not its words.
_SKIP = {
    "meta",
    "preface",
    "signatures",
    "endMarker",
    "toc",
    "tableOfContents",
    "sidenote",
    "footnote",
    "page",
    "action",
    "legislativeHistory",
}
_TOC = {"toc", "tableOfContents"}


_LOCAL: dict[str, str] = {}


def _local(tag: str) -> str:
    """An element's name without its namespace (remembered: a bill has a few dozen distinct tags)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1]
    return name


def _norm(text: str) -> str:
    """Whitespace runs collapsed to one space, none at either end (str.split is re's \\s, at C speed)."""
    # Most runs of a bill's text are that already (their only whitespace single spaces inside), and splitting them
    # into words to join them again was a sixth of reading a resolution. Every whitespace character but the space
    # is unprintable (categories Cc, Zs, Zl, Zp), so a printable text without two spaces or a space at an end is
    # its own result.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _inline(el: Element) -> str:
    """All text under an element except nested levels, whitespace collapsed."""
    if not len(el):  # a leaf (most <num> and <heading>)
        return _norm(el.text or "")
    parts: list[str] = []

    def walk(node: Element) -> None:
        parts.append(node.text or "")
        for child in node:
            name = _local(child.tag)
            if name not in _LEVELS and name not in _SKIP:
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return _norm("".join(parts))


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, text: str) -> None:
        if not text:
            return
        if self.lines and self.lines[-1] and not _WORD.search(text):
            self.lines[-1] += text  # the “.” after a quoted block closes the line above
        else:
            self.lines.append(text)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def flow(self, el: Element, prefix: str = "") -> None:
        """Text with levels inside it (quoted amendments): text runs on, each level on its own lines."""
        buf = [prefix, "" if prefix.endswith("—") else " "] if prefix else []

        def flush() -> None:
            self.line(_norm("".join(buf)))
            buf.clear()

        def walk(node: Element) -> None:
            buf.append(node.text or "")
            for child in node:
                name = _local(child.tag)
                if name in _LEVELS:
                    flush()
                    self.block(child)
                elif name in _BREAKS:
                    # a paragraph or recital inside running text (<content><p>…; and</p><p>Whereas …</p>) is a
                    # line of its own: joined as inline text, the two would read "andWhereas"
                    flush()
                    self.flow(child)
                elif name in _TOC and _local(node.tag) == "quotedContent":
                    # the items an amendment inserts into a table of contents: text, each on its line
                    flush()
                    for item in child:
                        self.line(_inline(item))
                elif name not in _SKIP:
                    walk(child)
                buf.append(child.tail or "")

        walk(el)
        flush()

    def block(self, el: Element) -> None:
        name = _local(el.tag)
        if name in _SKIP:
            return
        if name in _LEVELS:
            self.level(el, name)
        elif name in _TEXT_BLOCKS:
            self.flow(el)
        elif name == "longTitle":
            for child in el:
                if _local(child.tag) not in _SKIP:  # a Public Law's margin note of its date and bill number
                    self.line(_inline(child))
        elif any(_local(c.tag) in _LEVELS or _local(c.tag) in _TEXT_BLOCKS for c in el):
            for child in el:
                self.block(child)
        else:
            self.flow(el)

    def level(self, el: Element, name: str) -> None:
        if name in _MAJOR:
            self.blank()
        num = heading = None
        for child in el:  # the first <num> and <heading> children (Element.find would go through ElementPath)
            tag = _local(child.tag)
            if tag == "num" and num is None:
                num = child
            elif tag == "heading" and heading is None:
                heading = child
        head = _norm(" ".join(_inline(x) for x in (num, heading) if x is not None))
        # print furniture between the number and the text (a margin note beside "Sec. 103.") does not break the line
        rest = [c for c in el if c is not num and c is not heading and _local(c.tag) not in _SKIP]
        run_on = heading is None or name not in (*_MAJOR, "appropriations")
        if rest and _local(rest[0].tag) in _TEXT_BLOCKS and run_on:
            # (a) In general.—The Secretary shall ...: number, heading and text run on as printed.
            self.flow(rest[0], prefix=head)
            rest = rest[1:]
        else:
            self.line(head)
        for child in rest:
            self.block(child)
        if name in _MAJOR:
            self.blank()


def to_text(root: Element, what: str) -> str:
    """Render a USLM document (bill, resolution, amendment, Public Law) as structured plain text."""
    main = next((child for child in root if _local(child.tag) == "main"), None)
    if main is None:
        raise ImportFormatError(f"{what}: USLM document without <main>: nothing to import")
    w = _Writer()
    w.block(main)
    return "\n".join(w.lines).strip("\n") + "\n"
