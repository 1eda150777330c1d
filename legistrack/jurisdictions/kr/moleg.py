"""Korea's law XML from the Korean Law Information Center (law.go.kr, the Ministry of Government Legislation's Open
API) to text: the Korean consolidated text (`<법령>`: 조문단위, 항, 호, 목, 부칙단위) and the government's English
reference (`<Law>` with `<JoSection>`: `<Jo>` units whose `<joCts>` is the article as printed, `<ArSection>` for the
addenda).

Lines are those the diff engine reads: 제1장 총칙 and CHAPTER I, 제2조(정의) … and Article 2 (Definitions) …, 부칙 and
ADDENDA, each unit after a blank line, its paragraphs and items on their own lines. The text is the official wording
as the XML gives it, whitespace at line ends trimmed; the metadata (ministry, telephone, per-article dates) is not
text.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from ...errors import ImportFormatError


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def block(self, text: str) -> None:
        """A unit: a blank line, then its lines (each stripped; blank lines inside it kept single)."""
        lines = [line.strip() for line in text.strip().splitlines()]
        if not any(lines):
            return
        if self.lines:
            self.lines.append("")
        for line in lines:
            if line or (self.lines and self.lines[-1]):
                self.lines.append(line)

    def line(self, text: str) -> None:
        text = text.strip()
        if text:
            self.lines.append(text)

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def to_text(root: Element, what: str) -> str:
    """Render a law.go.kr document (Korean consolidated text or English reference) as structured plain text."""
    w = _Writer()
    if root.tag == "법령":
        _korean(w, root, what)
    else:
        _english(w, root, what)
    return w.text()


def _korean(w: _Writer, root: Element, what: str) -> None:
    info = root.find("기본정보")
    units = root.find("조문")
    if info is None or units is None:
        raise ImportFormatError(
            f"{what}: law.go.kr XML without <기본정보> and <조문>: "
            "give a law's document (lawService, target eflaw or law)"
        )
    title = (info.findtext("법령명_한글") or "").strip()
    kind, number = (info.findtext("법종구분") or "").strip(), (info.findtext("공포번호") or "").strip()
    w.line(title)
    if kind and number:
        w.line(f"{kind} 제{number}호")
    for unit in units.iter("조문단위"):
        # a heading (전문: 제1장 총칙) or an article (조문): its first line, then its paragraphs, items and sub-items
        w.block(unit.findtext("조문내용") or "")
        for el in unit.iter():
            if el.tag in ("항내용", "호내용", "목내용"):
                for line in (el.text or "").strip().splitlines():
                    w.line(line)
    addenda = root.find("부칙")
    for unit in addenda.iter("부칙단위") if addenda is not None else ():
        w.block("\n".join((el.text or "") for el in unit.iter("부칙내용")))


def _english(w: _Writer, root: Element, what: str) -> None:
    info = root.find("InfSection")
    title = (info.findtext("lsNmEng") or "").strip() if info is not None else ""
    if title:
        w.line(title)
    jos = root.find("JoSection")
    assert jos is not None
    for jo in jos.iter("Jo"):
        w.block(jo.findtext("joCts") or "")
    addenda = root.find("ArSection")
    for ar in addenda.iter("Ar") if addenda is not None else ():
        w.block(ar.findtext("arCts") or "")
    if len(w.lines) <= 1:
        raise ImportFormatError(
            f"{what}: law.go.kr English XML with no article in <JoSection>: give a law's document (target elaw)"
        )
