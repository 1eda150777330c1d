"""Texts amended as a legislature amends them: what the amendment tests (tests/core/test_amendments.py) and the
amendment bench (bench/diff_mutations.py) share. Each generator takes a real text's units and returns the amended
texts of the units with the counts the diff must report, or None where the text has nothing to amend that way."""

from __future__ import annotations

import re

from legistrack.diff.model import Unit
from legistrack.numerals import number

KANJI = "〇一二三四五六七八九"


def kanji(n: int) -> str:
    """An int as kanji numerals (1 -> 一, 28 -> 二十八, 1205 -> 千二百五)."""
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if digit == 1 else KANJI[digit]) + unit
    return out + (KANJI[n] if n else "")


STUB = {"ja": "削除", "de": "(weggefallen)", "en": "[Repealed].", "ko": "삭제"}
# gesetze-im-internet's Markdown writes a German stub three ways: in the heading, in the heading with a dash for the
# text (the ZPO's `##### § 29b (weggefallen)` then `-`), or as the text under a bare number (`##### § 10`).
DE_STUBS = (" (weggefallen)\n\n", " (weggefallen)\n\n-\n\n\n", "\n\n(weggefallen)\n\n\n")
ITEM = re.compile(r"^(?:[一二三四五六七八九十]+　|\d+\.\s|\([a-z0-9]+\)\s|\d+\.\s)", re.M)


def language(text: str) -> str:
    if re.search(r"[\uac00-\ud7af]", text[:5000]):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", text[:5000]):
        return "ja"
    if re.search(r"^#+ (?:\(X+\) )?(?:§|Art)", text, re.M):
        return "de"
    return "en"


def branch(label: str, lang: str) -> str | None:
    """A new article's label after `label`, numbered as a branch (no renumbering)."""
    if lang == "ja" and re.fullmatch(r"第\S+条(の\S+)*", label):
        return label + "の九十九"
    if lang == "ko" and re.fullmatch(r"제\d+조(의\d+)*", label):
        return label + "의99"
    if lang == "de" and (m := re.fullmatch(r"(§|Art\.?)\s*(\d+)", label)):
        return f"{m[1]} {m[2]}z"
    if lang == "en" and (m := re.fullmatch(r"(SEC\.|Sec\.|SECTION|Section)\s*(\d+)\.?", label)):
        return f"{m[1]} {m[2]}A."
    return None


def amend(units: list[Unit], texts: list[str], k: int, kind: str, lang: str) -> tuple[list[str], dict[str, int]] | None:
    """`texts` (the units' texts, amended at indices after k only) with unit k amended, and the counts the diff must
    report (None: the amendment does not apply to that unit)."""
    texts = list(texts)
    u = units[k]
    text = u.text
    at = text.find(u.label)
    body_at = at + len(u.label)
    trailing = text[len(text.rstrip()) :] or "\n"
    if kind == "word":
        m = re.search(r"[^\s\d()（）|#]{6,}", text[body_at:])
        if not m:
            return None
        cut = body_at + m.start() + 3
        texts[k] = text[:cut] + ("改正" if lang == "ja" else "개정" if lang == "ko" else "GEÄNDERT ") + text[cut:]
        return texts, {"modified": 1}
    if kind == "repeal":
        texts[k] = text[at:body_at] + ("　" if lang == "ja" else " ") + STUB[lang] + trailing
        if lang == "de" and text.lstrip().startswith("#"):
            stub = DE_STUBS[k % len(DE_STUBS)]
            texts[k] = text[: text.find("#")] + text[text.find("#") : at] + u.label + stub
        return texts, {"deleted": 1}
    if kind == "insert":
        label = branch(u.label, lang)
        if label is None:
            return None
        heading = text[text.find("#") : at] if lang == "de" and text.lstrip().startswith("#") else ""
        sep = "　" if lang == "ja" else " "
        body = {
            "ja": "この条は、新たに加えられたものである。",
            "ko": "이 조는 새로 신설된 것이다.",
            "de": "Neue Vorschrift\n\nDiese Vorschrift ist neu eingefügt worden.",
            "en": "NEW PROVISION.\n\nThis section is newly inserted.",
        }[lang]
        if not text.endswith("\n\n") and lang in ("de", "en"):
            texts[k] = text + "\n"
        texts.insert(k + 1, f"{heading}{label}{sep}{body}\n\n")
        return texts, {"inserted": 1}
    if kind == "caption":
        before = text[:at]
        if lang == "ja" and (m := re.search(r"（([^（）\n]+)）\n$", before)):
            texts[k] = before[: m.start()] + f"（{m[1]}等）\n" + text[at:]
        elif lang == "ko" and text[body_at : body_at + 1] == "(":
            texts[k] = text[: body_at + 1] + "개정 " + text[body_at + 1 :]
        elif lang == "de" and (m := re.match(r" ([^\n]*\w)\n", text[body_at:])):
            end = body_at + m.end(1)
            texts[k] = text[:end] + " und Weiteres" + text[end:]
        else:
            return None
        return texts, {"modified": 1}
    if kind == "item":
        m = ITEM.search(text, body_at)
        if not m or m.start() == 0 or text[m.start() - 1] != "\n":
            return None
        new_item = "一の二　新たに加えられた号\n" if lang == "ja" else "1a. a newly inserted item;\n"
        texts[k] = text[: m.start()] + new_item + text[m.start() :]
        return texts, {"modified": 1}
    raise ValueError(kind)


KINDS = ("word", "repeal", "insert", "caption", "item")


# an article label with a plain number, the kind a renumbering or a run of stubs is written with
_SIMPLE = {
    "ja": re.compile(r"第([一二三四五六七八九十百千]+)条"),
    "ko": re.compile(r"제(\d+)조"),
    "de": re.compile(r"(§|Art) (\d+)"),
    "en": re.compile(r"(SEC\.|Sec\.) (\d+)\."),
}


def _last(m: re.Match[str]) -> str:
    """An article label's number (its last group)."""
    return m.group(m.re.groups)


def renumber(units: list[Unit], lang: str, where: float, up: bool) -> tuple[list[str], dict[str, int]] | None:
    """An article inserted before one of the main provisions' articles (`where` along them, 0 to 1) and every later
    one numbered one up (up), or that article removed and the later ones numbered one down."""
    if lang not in ("ja", "en"):
        return None
    simple = _SIMPLE[lang]
    articles = [
        k for k, u in enumerate(units) if u.kind == "article" and u.scope == "main" and simple.fullmatch(u.label)
    ]
    at = int(where * len(articles))
    if len(articles) < 6 or not 0 < at < len(articles) - 2:
        return None
    texts = [u.text for u in units]
    later = articles[at:] if up else articles[at + 1 :]
    for k in later:
        u = units[k]
        m = simple.fullmatch(u.label)
        assert m is not None  # (chosen for it)
        n = number(_last(m)) + (1 if up else -1)
        label = f"第{kanji(n)}条" if lang == "ja" else re.sub(r"\d+", str(n), u.label)
        texts[k] = u.text.replace(u.label, label, 1)
    first = articles[at]
    if up:
        label = units[first].label
        added = (
            f"{label}　この条は、新たに加えられたものである。\n\n" if lang == "ja" else f"{label} NEW.\n\nNew text.\n\n"
        )
        texts.insert(first, added)
        return texts, {"inserted": 1, "renumbered": len(later)}
    texts[first] = ""
    return texts, {"deleted": 1, "renumbered": len(later)}


_JA_DIVISION = re.compile(r"^第([一二三四五六七八九十百千]+)(編|章|節|款|目)[　 ]")


def repeal_divisions(units: list[Unit], lang: str, where: float) -> tuple[list[str], dict[str, int]] | None:
    """(Japanese texts) two or three divisions in a row (第二節, 第三節 …) with everything under them repealed by one
    stub (第二節から第三節まで　削除, 第二節及び第三節　削除): every unit of theirs deleted, nothing else."""
    if lang != "ja":
        return None
    heads = [(k, m) for k, u in enumerate(units) if u.kind == "heading" and (m := _JA_DIVISION.match(u.text))]
    # runs of divisions of one kind under one parent: each next one follows the last, numbered one up
    starts = [
        n
        for n in range(len(heads) - 1)
        if heads[n][1][2] == heads[n + 1][1][2]
        and number(heads[n + 1][1][1]) == number(heads[n][1][1]) + 1
        and units[heads[n][0]].path[:-1] == units[heads[n + 1][0]].path[:-1]
    ]
    if not starts:
        return None
    n = starts[int(where * len(starts))]
    length = 3 if n + 2 < len(heads) and n + 1 in starts else 2
    first, last = heads[n], heads[n + length - 1]
    # the run ends where the next heading of its level or above begins (or at the end of the main provisions)
    level = "編章節款目".index(first[1][2])
    end = last[0] + 1
    while end < len(units) and units[end].scope == "main":
        m = _JA_DIVISION.match(units[end].text) if units[end].kind == "heading" else None
        if m and "編章節款目".index(m[2]) <= level:
            break
        end += 1
    if any(u.scope != "main" for u in units[first[0] : end]):
        return None
    word = first[1][2]
    span = (
        f"第{first[1][1]}{word}から第{last[1][1]}{word}まで"
        if length == 3
        else f"第{first[1][1]}{word}及び第{last[1][1]}{word}"
    )
    texts = [u.text for u in units]
    texts[first[0] : end] = [f"{span}　削除\n\n"]
    return texts, {"deleted": end - first[0]}


def repeal_articles(units: list[Unit], lang: str, where: float) -> tuple[list[str], dict[str, int]] | None:
    """Two or three articles in a row (no heading between them) repealed by one stub, as each language writes it:
    第五条から第七条まで　削除, 제5조부터 제7조까지 삭제, `### §§ 5 bis 7 (weggefallen)`, `SECS. 5, 6. [REPEALED].`:
    each deleted, nothing else."""
    simple = _SIMPLE[lang]
    found = [(k, m) for k, u in enumerate(units) if u.kind == "article" and (m := simple.fullmatch(u.label))]
    runs = [
        n
        for n in range(len(found) - 1)
        if found[n + 1][0] == found[n][0] + 1
        and number(_last(found[n + 1][1])) == number(_last(found[n][1])) + 1
        and units[found[n][0]].scope == units[found[n + 1][0]].scope
        and not is_stub(units[found[n][0]])
        and not is_stub(units[found[n + 1][0]])
    ]
    if not runs:
        return None
    n = runs[int(where * len(runs))]
    length = 3 if n + 1 in runs and not is_stub(units[found[n + 2][0]]) else 2
    first, last = found[n], found[n + length - 1]
    a, b = first[1], last[1]
    text = units[first[0]].text
    if lang == "ja":
        stub = f"第{a[1]}条から第{b[1]}条まで　削除\n\n"
    elif lang == "ko":
        stub = f"제{a[1]}조부터 제{b[1]}조까지 삭제\n\n"
    elif lang == "de":
        marks = text[: text.find(a[0])] if text.lstrip().startswith("#") else ""
        stub = f"{marks}{'§§' if a[1] == '§' else a[1]} {a[2]} bis {b[2]} (weggefallen)\n\n"
    else:
        stub = f"SECS. {a[2]}, {b[2]}. [REPEALED].\n\n" if length == 2 else f"SECS. {a[2]} to {b[2]}. [REPEALED].\n\n"
    texts = [u.text for u in units]
    texts[first[0] : last[0] + 1] = [stub]
    return texts, {"deleted": length}


def insert_division(units: list[Unit], lang: str, where: float) -> tuple[list[str], dict[str, int]] | None:
    """(Japanese and German texts) a new division after one, numbered as its branch (第三章の二, `## Abschnitt 3a`),
    with two new articles numbered as branches of the last one before it (第二十条の九十八, § 20y): 3 inserted."""
    if lang == "ja":
        heads = [
            k
            for k, u in enumerate(units)
            if u.kind == "heading" and re.fullmatch(r"第[一二三四五六七八九十]+[章節]", u.label)
        ]
    elif lang == "de":
        heads = [k for k, u in enumerate(units) if u.kind == "heading" and re.fullmatch(r"Abschnitt \d+", u.label)]
    else:
        return None
    heads = [k for k in heads if units[k].scope == "main"]
    if not heads:
        return None
    k = heads[int(where * len(heads))]
    head = units[k]
    depth = len(head.path)
    end = k + 1  # the division runs to the next heading at its depth or above, or to the end of the main provisions
    while end < len(units) and units[end].scope == "main":
        if units[end].kind == "heading" and len(units[end].path) <= depth:
            break
        end += 1
    last = [u.label for u in units[k:end] if u.kind == "article" and _SIMPLE[lang].fullmatch(u.label)]
    label = f"{head.label}の二" if lang == "ja" else f"{head.label}a"
    if not last or any(u.label == label for u in units):
        return None
    if lang == "ja":
        added = [f"{label}　新たに加えられた区分\n\n"] + [
            f"{last[-1]}の{n}　この条は、新たに加えられたものである。\n\n" for n in ("九十八", "九十九")
        ]
    else:
        marks = head.text[: head.text.find(head.label)]  # `## `
        deeper = marks.strip() + "#"  # its sections, one level deeper
        added = [f"{marks}{label} - Neuer Abschnitt\n\n\n\n"] + [
            f"{deeper} {last[-1]}{suffix} Neue Vorschrift\n\nDiese Vorschrift ist neu.\n\n\n" for suffix in "yz"
        ]
    texts = [u.text for u in units]
    if not texts[end - 1].endswith("\n\n"):
        texts[end - 1] += "\n"
    texts[end:end] = added
    return texts, {"inserted": 3}


def is_stub(unit: Unit) -> bool:
    """A unit already repealed (a dash for a body: bundestag/gesetze's GG before 2018)."""
    stub = re.search(r"削除|삭제|weggefallen|gegenstandslos|aufgehoben|Repealed|Reserved", unit.text[:200], re.I)
    return bool(stub) or unit.text.replace(unit.label, "", 1).strip(" #\n") in ("-", "–", "—")


def rewrite_in_place(units: list[Unit], lang: str, where: float) -> tuple[list[str], dict[str, int]] | None:
    """Two articles in a row merged into a rewritten first one (its label kept, the second's words under it) and a
    new article under the second label (issue 30, class 2): both modified, nothing renumbered, deleted or inserted."""
    pairs = [
        k
        for k in range(len(units) - 1)
        if units[k].kind == units[k + 1].kind == "article"
        and units[k].scope == units[k + 1].scope
        and units[k].path[:-1] == units[k + 1].path[:-1]
        and units[k].label
        and units[k + 1].label
        and units[k].label != units[k + 1].label  # one number twice in a row (TPG 2018's two § 2): no pair
        and not is_stub(units[k])
        and not is_stub(units[k + 1])
    ]
    if not pairs:
        return None
    k = pairs[int(where * len(pairs))]
    a, b = units[k], units[k + 1]
    a_at, b_at = _label_line(a), _label_line(b)
    second = b.text[b_at + len(b.label) :].strip() if b_at >= 0 else ""
    if a_at < 0 or not second:
        return None
    sep = "　" if lang == "ja" else " "
    fresh = {
        "ja": "この条は、全部改正されたものである。",
        "ko": "이 조는 전부 개정된 것이다.",
        "de": "Diese Vorschrift ist neu gefasst worden.",
        "en": "This section is rewritten in full.",
    }[lang]
    texts = [u.text for u in units]
    texts[k] = a.text[: a_at + len(a.label)] + sep + second + "\n\n"
    texts[k + 1] = b.text[: b_at + len(b.label)] + sep + fresh + "\n\n"
    return texts, {"modified": 2}


def _label_line(u: Unit) -> int:
    """Where the unit's label starts its heading line (after Markdown's #s), -1 if it does not."""
    for m in re.finditer(re.escape(u.label), u.text):
        line_start = u.text.rfind("\n", 0, m.start()) + 1
        if not u.text[line_start : m.start()].strip("# "):
            return m.start()
    return -1
