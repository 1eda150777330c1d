"""Which articles of a Japanese law oblige the government to act (pure).

A promotion act such as the AI Act (令和7年法律第53号) mostly tells the State what it shall do:
「国は、…施策を講ずるものとする」 (Arts. 9–17), 「政府は、…計画を定めるものとする」 (Art. 18),
「内閣に、…本部を置く」 (Art. 19), 「政府は、…検討を加え、…措置を講ずるものとする」 (附則第二条). Those are the
articles whose carrying out a reader wants to follow. The test reads the article's opening sentence as the law
writes it (what brackets hold aside: a definition （以下「本部」という。） ends no sentence): its subject is the
State, the government or the Cabinet (国は、 政府は、 内閣は、), or it places a body in the Cabinet or a ministry
(内閣に、…を置く), and the sentence ends in an obligation (ものとする, しなければならない, 責務を有する, 置く) that does
not wait on a condition (…ときは、). A duty of local governments, businesses or the people (地方公共団体は、
国民は、) is theirs, not the government's: left out.
"""

from __future__ import annotations

import re

# 第十三条　国は、… / 第十三条の二　政府は、…: the label, a space, then the subject
_SUBJECT = re.compile(r"^\S+[ 　]+(?:国は、|政府は、|内閣は、|内閣総理大臣は、)")
_SETS_UP = re.compile(r"^\S+[ 　]+[^。]*(?:内閣に、|内閣府に、|省に、)[^。]*を置く。")
_CONDITIONAL = re.compile(r"(?:ときは|場合には|場合において)、")
_OBLIGES = re.compile(r"(?:ものとする|しなければならない|責務を有する|置く)。")


def _outside_brackets(line: str) -> str:
    """The line without what its brackets hold: a definition inside （以下「本部」という。） ends no sentence."""
    out, depth = [], 0
    for ch in line:
        if ch == "（":
            depth += 1
        elif ch == "）" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def obliges_government(article_text: str) -> bool:
    """Whether an article (its text from its label on, caption line allowed before it) obliges the State to act."""
    for line in article_text.splitlines():
        line = line.strip()
        if not line or (line.startswith("（") and line.endswith("）")):
            continue  # the caption: （適正性の確保）
        line = _outside_brackets(line)
        if _SETS_UP.match(line):
            return True
        subject = _SUBJECT.match(line)
        if subject is None:
            return False
        sentence = line.split("。", 1)[0] + "。"
        # a duty that arises only if something happens is no standing obligation to act: its first clause after the
        # subject is the condition (内閣総理大臣は、委員が…該当するときは、罷免しなければならない). A condition later in
        # the sentence qualifies a duty already given (政府は、…検討を加え、必要があると認めるときは、措置を講ずる).
        first_clause = sentence[subject.end() :].split("、", 1)[0]
        return bool(_OBLIGES.search(sentence)) and not _CONDITIONAL.search(first_clause + "、")
    return False
