"""Names that the command line and the core share: plain data, cheap to import.

The command line builds its option choices from these at start-up, before it knows which command runs, so this
module imports nothing: `legistrack diff` must not pay for the domain model, the importers or the renderers of
other commands.
"""

from __future__ import annotations

# The procedural vocabulary. Each kind explains itself to students in both languages.
STAGE_KINDS: dict[str, tuple[str, str]] = {
    "drafted": ("A draft is published or circulated.", "法案の原案が作成・公表される。"),
    "cabinet-decision": ("The Cabinet approves the bill (閣議決定).", "内閣が法律案を閣議決定する。"),
    "submitted": ("The bill is submitted to the legislature.", "法律案が国会に提出される。"),
    "introduced": ("A member introduces the bill in a chamber.", "議員が法律案を議院に提出する。"),
    "transmitted": (
        "One House sends the bill it has passed to the other House (送付).",
        "一方の議院が可決した法律案を他方の議院に送付する。",
    ),
    "referred": ("A chamber refers the bill to a committee.", "議院が法律案を委員会に付託する。"),
    "deliberation": (
        "A sitting debates the bill without deciding it: in committee, the government explains the bill and members "
        "question the ministers in charge, and the committee may hear experts and others concerned (参考人, unsworn "
        "witnesses); in plenary, the purpose is explained and questioned. The decision comes at a later sitting.",
        "委員会又は本会議が法律案を審議する（議決はしない）。委員会では政府が法律案を説明し、委員が担当大臣等に質疑し、"
        "参考人（学識経験者や関係者）から意見を聴くこともある。本会議では趣旨説明と質疑が行われる。議決は後の会議で行われる。",
    ),
    "consent": (
        "A House consents to the Cabinet's request to amend (修正承諾) or withdraw (撤回承諾) a bill that the House or "
        "its committee has on its agenda: the Cabinet may do neither without that House's consent, and neither "
        "once a House has voted on the bill (Diet Law, Art. 59).",
        "内閣が、議院の会議又は委員会で議題となった法律案を修正し又は撤回するには、その議院の承諾を要する（修正承諾・撤回承諾）。"
        "一の議院で議決した後は、修正も撤回もできない（国会法第五十九条）。",
    ),
    "interim-report": (
        "A House hears in plenary a committee's interim report (中間報告) on a bill the committee is still "
        "examining; if the House finds the matter especially urgent, it may set the committee a deadline or take up "
        "the bill in plenary itself, without the committee's vote (Diet Law, Art. 56-3).",
        "議院が、委員会で審査中の法律案について中間報告を求め、本会議で聴取する。特に緊急を要すると認めたときは、委員会の審査に"
        "期限を付け、又は委員会の議決を経ずに本会議で審議することができる（国会法第五十六条の三）。",
    ),
    "committee-vote": ("A committee votes on the bill.", "委員会が法律案を採決する。"),
    "plenary-vote": ("A chamber votes on the bill in plenary.", "本会議で法律案を採決する。"),
    "passed": ("A chamber passes the bill.", "議院が法律案を可決する。"),
    "enacted": ("The bill becomes law (成立).", "法律が成立する。"),
    "signed": ("The head of state signs the bill into law.", "元首が法律に署名する。"),
    "promulgated": ("The law is promulgated and gets its number.", "法律が公布され、法律番号が付される。"),
    "in-force": ("Provisions of the law enter into force.", "法律の規定が施行される。"),
    "amended": ("Another act amends the law.", "他の法律により改正される。"),
    "scheduled": (
        "Amendments promulgated and not yet in force when the record was read, due to take effect on a later day "
        "(fixed by the amending act, or set by cabinet order within the limit it gives).",
        "公布された改正で、記録の時点でまだ施行されていないもの。後日施行される予定である（施行日は改正法が定めるか、"
        "その定める期限内で政令が定める）。",
    ),
    "repealed": ("The law is repealed.", "法律が廃止される。"),
    "withdrawn": ("The bill is withdrawn.", "法律案が撤回される。"),
    "event": (
        "Something done under or about the law that is not a legislative stage: a plan adopted under it, a cabinet "
        "order fixing the date it enters into force.",
        "法律に基づく又は法律に関する出来事で、立法の段階ではないもの（法律に基づく計画の決定、施行期日を定める政令など）。",
    ),
    "lapsed": ("The bill lapses (e.g. at the end of the session).", "会期終了等により廃案となる。"),
    # A law at work: what the government does under a law in force. None of these changes the law's text; each
    # may name the articles it carries out (implements = ["第十八条"]).
    "body-established": (
        "A body the law provides for is set up (a headquarters, a council): the law at work, not a change to it.",
        "法律が定める機関（本部・会議など）が設置される。法律の運用であり、法律を変えるものではない。",
    ),
    "body-meeting": (
        "A body set up under the law, or preparing its work, meets: its decisions there carry the law out.",
        "法律に基づく機関、又はその準備に当たる会議が開かれる。そこでの決定が法律を実施する。",
    ),
    "consultation": (
        "The government asks the public for comments on a draft made under the law (public comment, 意見募集), "
        "before it is adopted.",
        "法律に基づく案について、決定の前に政府が国民から意見を募集する（パブリックコメント）。",
    ),
    "guideline-adopted": (
        "Guidelines the law calls for are adopted: they guide those concerned, and are not law themselves.",
        "法律が求める指針が決定される。関係者の指針であり、それ自体は法律ではない。",
    ),
    "plan-adopted": (
        "A plan the law requires is adopted, usually by cabinet decision (閣議決定).",
        "法律が定める計画が決定される（多くは閣議決定）。",
    ),
    "plan-revised": (
        "A plan made under the law is revised.",
        "法律に基づく計画が変更される。",
    ),
    "delegated-order": (
        "A cabinet order or ministerial ordinance made under the law (政令・府省令) fills in what the law leaves "
        "to it, such as the day it enters into force.",
        "法律の委任に基づく政令・府省令が定められる（施行期日など、法律が委ねた事項を定める）。",
    ),
    "obligation": (
        "A standing obligation the law places on the government, with no day set: it stays open until something "
        "on record carries it out.",
        "法律が政府に課している、期日のない義務。記録上実施されるまで未了として示す。",
    ),
}

OUTCOMES: dict[str, str] = {
    "passed": "passed (可決)",
    "passed-with-amendments": "passed with amendments (修正議決)",
    "rejected": "rejected (否決)",
    "submitted": "submitted (提出)",
    "referred": "referred (付託)",
    "enacted": "enacted (成立)",
    "signed": "signed",
    "promulgated": "promulgated (公布)",
    "in-force": "in force (施行)",
    "amended": "amended (改正)",
    "repealed": "repealed (廃止)",
    "withdrawn": "withdrawn (撤回)",
    "lapsed": "lapsed (廃案)",
    "postponed": "postponed",
    "carried-over": "carried over to the next session (継続審査)",
    "agreed": "agreed to the other House's amendments (同意)",
    "not-agreed": "did not agree to the other House's amendments (不同意)",
    "no-vote-needed": "no vote needed (議決を要しない)",
    "consented": "consented (承諾)",
}

# What the record says of a published claim about a stage.
VERDICTS = ("contradicted", "consistent", "unverified")

# Input formats that `import` and `diff` read (importers/), by name.
FORMATS = {
    "egov": "e-Gov law XML",
    "jlt": "Japanese Law Translation (J-STATUTE) XML",
    "uslm": "USLM XML (US bills)",
    "moleg": "Korean law XML (law.go.kr)",
    "lawmd": "e-Gov law Markdown (legalize-jp)",
    "plain": "plain text",
}
# The same formats as a Japanese page names them (a text's origin begins with the English name: see site/render.py).
FORMATS_JA = {
    "egov": "e-Gov 法令XML",
    "jlt": "日本法令外国語訳（J-STATUTE）XML",
    "uslm": "USLM XML（米国の法案）",
    "moleg": "韓国法令XML（law.go.kr）",
    "lawmd": "e-Gov 法令 Markdown（legalize-jp）",
    "plain": "プレーンテキスト",
}

# Output formats of `legistrack diff` and the HTML layouts of a diff (diff/render.py).
DIFF_FORMATS = ("terminal", "json", "unified", "html")
LAYOUTS = ("inline", "side", "taisho")

# Stages that cannot change a text (without a text option, `stage add` carries the previous one forward), each as
# a sentence of each language names it (its text's reason: "a debate does not change the text")
TEXT_NEUTRAL_NAMES = {
    "referred": ("a referral to committee", "委員会への付託"),
    "deliberation": ("a debate", "審議"),
    "interim-report": ("an interim report", "中間報告"),
    "transmitted": ("sending the bill on to the other House", "他院への送付"),
    "event": ("an event", "この出来事"),
    "body-established": ("setting up a body", "機関の設置"),
    "body-meeting": ("a meeting", "会議"),
    "consultation": ("a public consultation", "意見募集"),
    "guideline-adopted": ("adopting guidelines", "指針の決定"),
    "plan-adopted": ("adopting a plan", "計画の決定"),
    "plan-revised": ("revising a plan", "計画の変更"),
    "delegated-order": ("an order under the law", "政令・府省令"),
    "obligation": ("an obligation", "義務"),
}
TEXT_NEUTRAL_KINDS = tuple(TEXT_NEUTRAL_NAMES)

# Stages where a body decides the bill (drawn strong on the timeline), and stages that decide nothing about it (a
# debate, an event under the law: drawn light, so that a reader sees at a glance where the bill was decided).
DECISION_KINDS = ("committee-vote", "plenary-vote", "passed", "enacted")
MINOR_KINDS = ("deliberation", "interim-report", "event")

# A law at work (see STAGE_KINDS): what the government does under a law in force, drawn apart from the legislature's
# stages on the timeline and the axis. A stage of these kinds may name the articles it carries out.
AT_WORK_KINDS = (
    "body-established",
    "body-meeting",
    "consultation",
    "guideline-adopted",
    "plan-adopted",
    "plan-revised",
    "delegated-order",
    "obligation",
)
# Stages that may name the articles they carry out: a law at work, and a plain event under the law
IMPLEMENTING_KINDS = (*AT_WORK_KINDS, "event")
