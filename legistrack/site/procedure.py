"""The legislative procedure explained for readers (成立, 公布, 施行 and the rest), in English and Japanese: the home
page's "what these words mean" (home.html), apart from the interface's strings (strings.py)."""

from __future__ import annotations

PROCEDURE: dict[str, list[tuple[str, str]]] = {
    "en": [
        (
            "Cabinet bill",
            "Most Japanese laws start as a cabinet bill (閣法): a ministry drafts it and the Cabinet "
            "approves it (閣議決定) before submitting it to one of the two Houses of the Diet.",
        ),
        (
            "Committee and plenary",
            "In each House the bill is referred to a committee, which deliberates and votes; "
            "the plenary (本会議) then votes. A committee may also adopt a supplementary resolution (附帯決議): "
            "a statement of what the House expects, which is not part of the law.",
        ),
        (
            "Debate in committee",
            "Most of the debate happens in committee, over several sittings: the minister explains the bill, "
            "members question the ministers and officials in charge (質疑), and the committee may hear unsworn witnesses "
            "(参考人: scholars, practitioners, people affected) before it votes. Each sitting has its minutes "
            "(会議録), numbered within the session (e.g. 内閣委員会 第12号).",
        ),
        (
            "Both Houses",
            "The bill then goes to the other House, which repeats committee and plenary. A bill "
            "becomes law when both Houses pass it (Constitution, Art. 59): this is enactment (成立).",
        ),
        (
            "When the Houses disagree",
            "If the House of Councillors rejects a bill the House of Representatives passed, or amends it and the House "
            "of Representatives does not agree, the House of Representatives can make it law by passing it again with "
            "two thirds of the members present (再可決, Constitution, Art. 59(2)). If the House of Councillors takes no "
            "decision within sixty days of receiving the bill, recess excepted, the House of Representatives may deem "
            "it rejected (みなし否決, Art. 59(4)) and then pass it again the same way.",
        ),
        (
            "Rarer steps",
            "The Cabinet may amend or withdraw a bill a House has on its agenda only with that House's consent, and "
            "not at all once a House has voted on it (修正承諾, 撤回承諾: Diet Law, Art. 59). A House may ask a "
            "committee for an interim report on a bill it is still examining (中間報告, Art. 56-3); if the matter is "
            "especially urgent, the House may then set the committee a deadline or take the bill up in plenary "
            "without the committee's vote. A House may also decide that no committee examines a bill (委員会審査省略, "
            "Art. 56(2)).",
        ),
        (
            "Promulgation",
            "The enacted law is promulgated (公布) in the Official Gazette and receives its number, "
            "e.g. Act No. 53 of 2025 (令和7年法律第53号). The Emperor promulgates laws (Constitution, Art. 7).",
        ),
        (
            "Entry into force",
            "The law's supplementary provisions (附則) say when it takes effect (施行): on "
            "promulgation, on a fixed date, or on a date set later by cabinet order — sometimes different dates for "
            "different chapters.",
        ),
        (
            "The law at work",
            "Once in force, a law is carried out by the government: a body it provides for is set up, guidelines "
            "go out for public comment (意見募集) and are adopted, a plan is decided by the Cabinet (閣議決定), "
            "cabinet orders and ordinances (政令・府省令) fill in what it leaves to them. None of these changes the "
            "law's text; a timeline shows them apart from the Diet's stages, each with the article it carries out.",
        ),
    ],
    "ja": [
        (
            "内閣提出法律案",
            "多くの法律は内閣提出法律案（閣法）として始まります。所管の府省が立案し、"
            "閣議決定を経て、衆議院又は参議院に提出されます。",
        ),
        (
            "委員会と本会議",
            "各議院では、法律案は委員会に付託され、審査・採決の後、本会議で採決されます。"
            "委員会は附帯決議を行うことがあります。附帯決議は議院の意思を示すもので、法律の一部ではありません。",
        ),
        (
            "委員会での審議",
            "審議の中心は委員会で、数回の会議にわたります。大臣が法律案の趣旨を説明し、委員が担当の大臣や政府参考人に"
            "質疑し、採決の前に参考人（学識経験者、実務家、関係者）から意見を聴くこともあります。各会議には会議録があり、"
            "会期ごとに号数が付されます（例：内閣委員会 第12号）。",
        ),
        (
            "両議院の可決",
            "法律案はもう一方の議院に送付され、同様に審議されます。法律案は両議院で可決したとき"
            "法律となります（憲法第59条）。これが成立です。",
        ),
        (
            "両議院の議決が異なるとき",
            "衆議院で可決した法律案を参議院が否決し、又は修正して衆議院がこれに同意しないときは、衆議院で出席議員の三分の二以上の"
            "多数で再び可決すれば法律となります（再可決、憲法第59条第2項）。参議院が法律案を受け取ってから国会休会中の期間を"
            "除いて60日以内に議決しないときは、衆議院は参議院が否決したものとみなし（みなし否決、同条第4項）、同様に再可決"
            "できます。",
        ),
        (
            "まれな手続",
            "内閣は、議院の会議又は委員会で議題となった法律案を、その議院の承諾を得なければ修正も撤回もできず、一の議院で"
            "議決した後はどちらもできません（修正承諾・撤回承諾、国会法第59条）。議院は、委員会で審査中の法律案について"
            "中間報告を求めることができ、特に緊急を要すると認めたときは、委員会の審査に期限を付け、又は委員会の議決を経ずに"
            "本会議で審議できます（中間報告、国会法第56条の3）。議院の議決で委員会の審査を省略することもあります"
            "（委員会審査省略、国会法第56条第2項）。",
        ),
        (
            "公布",
            "成立した法律は官報で公布され、法律番号（例：令和7年法律第53号）が付されます。"
            "法律の公布は天皇の国事行為です（憲法第7条）。",
        ),
        (
            "施行",
            "法律がいつ効力を生じるか（施行）は附則が定めます。公布の日、特定の日、後に政令で定める日など"
            "があり、章ごとに施行日が異なることもあります。",
        ),
        (
            "法律の運用",
            "施行された法律は政府が実施します。法律が定める機関が設置され、指針の案が意見募集（パブリックコメント）を経て"
            "決定され、計画が閣議決定され、政令・府省令が法律の委ねた事項を定めます。いずれも法律の本文は変えません。"
            "タイムラインでは国会の段階と区別し、実施する条とともに示します。",
        ),
    ],
}
