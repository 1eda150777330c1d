"""Japanese laws as Markdown, one file per e-Gov revision (legalize-jp, made from the e-Gov Law API v2), into
stage texts, with the same lines as the e-Gov XML importer writes.

A file is YAML front matter (`title`, `identifier` = the e-Gov law id, `last_updated`, `extra.law_num`,
`extra.enforced_at` ...) and the body. The front matter is metadata for the stage that cites the file, never legal
text: `front_matter` reads it, `to_text` leaves it out. The body becomes lines:

    ### 第一章　総則                       ->  第一章　総則            (編/章/節/款/目 at any heading level)
    ## 附則                                 ->  附則
    **第一条（目的）**　この法律は、…     ->  （目的）
                                                第一条　この法律は、…
    **２**　…                               ->  ２　…
    - 一　…  /  - イ　…  /  - （１）　…  ->  一　…  /  イ　…  /  （１）　…
    **別表第一**                            ->  別表第一
    | 名称 | 根拠法 |                       ->  名称 | 根拠法              (the |---| rule goes)

Units are separated by one blank line (a heading, an article, 附則, a 別表), paragraphs and items are not, exactly
as the e-Gov importer does, so a text read from Markdown and one read from e-Gov XML compare line for line. Nothing
is added that the file does not say: the e-Gov XML's 附則 headings name the amending act (附則（令和三年五月十九日
法律第三十七号）), the Markdown's do not, and the text keeps 附則 as the file has it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import ImportFormatError
from ...patterns import Pattern
from ...textio import decode_text

_HEADING = Pattern(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LEAD = Pattern(r"^\*\*(.+?)\*\*(?:[\u3000 ](.*))?$")
_NUM = "[一二三四五六七八九十百千〇]+"
_ONE = rf"第{_NUM}条(?:の{_NUM})*"
# an article, or a run of them repealed by one stub (**第九条から第十一条まで**　削除, **第九条及び第十条**　削除)
_ARTICLE = Pattern(rf"^({_ONE}(?:から{_ONE}まで|(?:、{_ONE})*及び{_ONE})?)(（.*）)?$")
_ITEM = Pattern(r"^(\s*)[-*+]\s+(.*)$")
_APPENDICES = ("別表", "別記", "様式")
_TABLE_RULE = Pattern(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_FRONT_KEY = Pattern(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$")


@dataclass(frozen=True)
class FrontMatter:
    """What a file's front matter says about the revision it holds (strings as written; empty when absent)."""

    title: str
    law_id: str
    law_number: str
    last_updated: str
    enforced_at: str
    publication_date: str
    abbrev: str
    source: str


def looks_like_law_markdown(data: bytes) -> bool:
    """A legalize-jp law file: front matter that names an e-Gov law id, then Markdown."""
    head = data.removeprefix(b"\xef\xbb\xbf")[:2000]
    return head.startswith(b"---\n") and b"\nidentifier:" in head and b"\n---\n" in head[4:]


def _split(text: str, what: str) -> tuple[list[str], list[str]]:
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        raise ImportFormatError(f"{what} has no front matter (a first line '---'): give a legalize-jp law file")
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise ImportFormatError(f"{what}: the front matter is not closed by a line '---': fix the file") from None
    return lines[1:end], lines[end + 1 :]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _fields(head: list[str], what: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for number, line in enumerate(head, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FRONT_KEY.match(line)
        if not match:
            raise ImportFormatError(f"{what} line {number}: {line[:60]!r} is not 'key: value' front matter")
        values[match.group(2)] = _unquote(match.group(3))
    return values


def front_matter(data: bytes, what: str) -> FrontMatter:
    """The front matter's fields: flat `key: value` pairs and those of `extra:` (the only nesting the files use)."""
    head, _body = _split(decode_text(data, what), what)
    return _front(_fields(head, what))


def read(data: bytes, what: str) -> tuple[FrontMatter, str]:
    """A law file's front matter and its body as a stage text, from one decoding of the file (every Act's 14,000
    revisions are gigabytes of text: decoding each twice was a tenth of an import)."""
    head, body = _split(decode_text(data, what), what)
    return _front(_fields(head, what)), _body_text(body, what)


def _front(values: dict[str, str]) -> FrontMatter:
    return FrontMatter(
        title=values.get("title", ""),
        law_id=values.get("identifier", ""),
        law_number=values.get("law_num", ""),
        last_updated=values.get("last_updated", ""),
        enforced_at=values.get("enforced_at", ""),
        publication_date=values.get("publication_date", ""),
        abbrev=values.get("abbrev", ""),
        source=values.get("source", ""),
    )


def to_text(data: bytes, what: str) -> str:
    """The body of a law file as a stage text (see the module's docstring), already as bills/ gives a text back
    (textio.decode_text leaves it as it is: no space at a line's end, one final newline)."""
    head, body = _split(decode_text(data, what), what)
    _fields(head, what)  # well-formed, though none of it is text
    return _body_text(body, what)


# What one line of a body becomes: (True, lines) starts a unit (a blank line before it), (False, lines) goes on the
# unit, None is dropped. Consecutive revisions of a law, and the two sides of a diff, share nearly all their lines:
# each is converted once and looked up after (what an import of every revision, or a diff of two large revisions,
# spent most of its reading on). Bounded: emptied when full.
_Action = tuple[bool, tuple[str, ...]] | None
_SEEN: dict[str, _Action] = {}
_SEEN_MAX = 1 << 15  # distinct lines: two revisions of 所得税法 (the longest Act) hold 11,087
_UNSEEN: _Action = (False, ())


def _body_text(body: list[str], what: str) -> str:
    out: list[str] = []
    seen = _SEEN
    for raw in body:
        action = seen.get(raw, _UNSEEN)
        if action is _UNSEEN:
            if len(seen) >= _SEEN_MAX:
                seen.clear()
            action = seen[raw] = _convert(raw)
        if action is None:
            continue
        if action[0] and out and out[-1] != "":
            out.append("")
        out.extend(action[1])
    # (no blank line at either end: a table's row of one empty cell is one, as in 様式 written `|  |` over a rule)
    text = "\n".join(out).strip("\n")
    if not text:
        raise ImportFormatError(f"{what} has front matter and no law text: give a file with the law's body")
    return text + "\n"


def _convert(raw: str) -> _Action:
    """One line of a body as the module's docstring says (each pattern tried only where its first character is)."""
    line = raw.strip()
    if not line:
        return None
    first = line[0]
    if first == "|":  # a table's row: cells apart with " | ", the |---| rule dropped
        if _TABLE_RULE.match(line):
            return None
        cells = line.removeprefix("|").removesuffix("|").split("|")
        # (an empty last cell leaves no space at the line's end: the text is as bills/ gives it back)
        return False, (" | ".join(map(str.strip, cells)).rstrip(" "),)
    if raw[0] == "#":
        if heading := _HEADING.match(raw.rstrip()):
            return (True, (heading.group(2),)) if heading.group(2) else None  # `## ##`: no words
    elif raw.startswith("**") and (bold := _BOLD_LEAD.match(raw.rstrip())):
        label, rest = bold.group(1), bold.group(2)
        article = _ARTICLE.match(label)
        if article:
            number, caption = article.group(1), article.group(2)
            opening = f"{number}　{rest}" if rest else number
            return True, ((caption, opening) if caption else (opening,))
        if rest is None:
            return True, (label,)  # 別表第一, or a bold line of its own
        if label.startswith(_APPENDICES):
            return True, (f"{label}　{rest}",)  # 別表第一から別表第三まで　削除: a unit, as e-Gov's importer writes it
        return False, (f"{label}　{rest}",)  # a paragraph: ２　…
    if first in "-*+" and (item := _ITEM.match(raw.rstrip())):
        return False, (item.group(2),)
    return False, (line,)
