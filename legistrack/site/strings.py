"""Every interface string of the site, in English and Japanese."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "site_name": "legistrack",
        "tagline": "Bills, stage by stage, with a source for every fact",
        "intro": (
            "legistrack follows bills through every stage of their life: cabinet decision, committee and plenary "
            "votes, enactment, promulgation, entry into force and later amendments. Each stage links to the official "
            "record it comes from; where the text of a stage is on file you can read it and see exactly what changed, "
            "article by article; where published commentary disagrees with the record, both are shown."
        ),
        "bills": "Bills", "latest": "Latest stage", "timeline": "Timeline", "sources": "Sources",
        "language": "日本語", "other_lang_name": "日本語", "stage": "Stage", "date": "Date", "body": "Body",
        "outcome": "Outcome", "vote": "Vote", "for": "For", "against": "Against", "documents": "Documents",
        "in_force": "Provisions in force", "claims": "What others say", "record": "The record",
        "verdict_contradicted": "Contradicted by the record", "verdict_consistent": "Consistent with the record",
        "verdict_unverified": "Not checked against the record", "text": "Text", "text_new": "New text",
        "text_verified": "Text identical to the previous stage (verified)", "text_not_on_file": "Text not on file",
        "official_text": "official text", "read_text": "Read the text", "changes": "Changes since the previous text",
        "see_diff": "See the changes", "identical": "identical", "procedure": "How a bill becomes law",
        "time_axis": "Time axis (to scale)", "days_later": "days later", "contents": "Contents",
        "history": "History of this article", "version": "Text at this stage", "diff": "Changes",
        "layout_inline": "Redline", "layout_side": "Side by side", "layout_taisho": "新旧対照表 (new | old)",
        "digest": "Digest", "unchanged": "unchanged", "modified": "modified", "inserted": "inserted",
        "deleted": "deleted",
        "renumbered": "renumbered", "moved": "moved", "formatting_only": "formatting only",
        "show_formatting": "Show formatting-only changes", "changed_articles": "Changed articles",
        "pick_pair": "Compare two stages", "compare": "Compare", "from": "From", "to": "To",
        "not_precomputed": "This pair has no page: compare it with legistrack diff.",
        "machine": "Machine-readable", "feed": "Atom feed", "json_timeline": "Timeline (JSON)",
        "clone": "Clone the history", "supports": "Supports", "all_sources": "Every source",
        "disputed": "Disputed claims", "home": "Home", "no_text": "No text is on file for this bill yet.",
        "introduced_at": "first appears", "changed_at": "changed", "unchanged_at": "unchanged",
        "removed_at": "removed", "renumbered_at": "renumbered, text unchanged",
        "translation_note": "Translation: not an official text, no legal effect.",
        "skip": "Skip to content", "published_by": "Built by legistrack from the records cited on each page.",
        "from_stage": "text of stage", "sha256": "SHA-256", "status": "Status", "parties": "parties",
        "explain_kind": "What this stage is", "generated": "Generated", "search": "Search",
        "search_label": "Search every bill and text", "search_nojs": "Search needs JavaScript and a web server "
        "(it does not run from a file:// page): run legistrack serve, or put the site on any static host.",
        "no_results": "No results.",
        "no_stages": "No stage of this bill is recorded yet.",
    },
    "ja": {
        "site_name": "legistrack",
        "tagline": "法律案の各段階を、すべての事実に出典を付けて",
        "intro": (
            "legistrack は、法律案の閣議決定、委員会・本会議での採決、成立、公布、施行、その後の改正までの"
            "各段階を記録します。各段階には根拠となる公式記録へのリンクがあり、本文が収録されている段階では"
            "本文を読み、条ごとに何が変わったかを確認できます。公表された解説が公式記録と食い違う場合は、"
            "両方を並べて示します。"
        ),
        "bills": "法律案・法律", "latest": "最新の段階", "timeline": "経過", "sources": "出典",
        "language": "English", "other_lang_name": "English", "stage": "段階", "date": "日付", "body": "機関",
        "outcome": "結果", "vote": "採決", "for": "賛成", "against": "反対", "documents": "関係文書",
        "in_force": "施行される規定", "claims": "他の情報源の記述", "record": "公式記録",
        "verdict_contradicted": "公式記録と矛盾", "verdict_consistent": "公式記録と一致",
        "verdict_unverified": "公式記録と未照合", "text": "本文", "text_new": "新しい本文",
        "text_verified": "前の段階と同一の本文（確認済み）", "text_not_on_file": "本文未収録",
        "official_text": "公式の本文", "read_text": "本文を読む", "changes": "前の本文からの変更",
        "see_diff": "変更を見る", "identical": "同一", "procedure": "法律ができるまで",
        "time_axis": "時間軸（縮尺どおり）", "days_later": "日後", "contents": "目次",
        "history": "この条の履歴", "version": "この段階の本文", "diff": "変更点",
        "layout_inline": "見え消し", "layout_side": "左右対照", "layout_taisho": "新旧対照表",
        "digest": "概要", "unchanged": "変更なし", "modified": "改正", "inserted": "新設", "deleted": "削除",
        "renumbered": "繰下げ・繰上げ", "moved": "移動", "formatting_only": "表記のみ",
        "show_formatting": "表記のみの変更を表示", "changed_articles": "変更された条",
        "pick_pair": "二つの段階を比較", "compare": "比較", "from": "比較元", "to": "比較先",
        "not_precomputed": "この組合せのページはありません。legistrack diff で比較してください。",
        "machine": "機械可読データ", "feed": "Atom フィード", "json_timeline": "経過（JSON）",
        "clone": "履歴を git で取得", "supports": "裏付ける事実", "all_sources": "すべての出典",
        "disputed": "争いのある記述", "home": "ホーム", "no_text": "この法律案の本文はまだ収録されていません。",
        "introduced_at": "初出", "changed_at": "変更", "unchanged_at": "変更なし", "removed_at": "削除",
        "renumbered_at": "番号の変更（本文は同じ）",
        "translation_note": "翻訳：公定訳ではなく、法的効力はありません。",
        "skip": "本文へ移動", "published_by": "各ページに示した記録をもとに legistrack が作成しました。",
        "from_stage": "本文の段階", "sha256": "SHA-256", "status": "状態", "parties": "会派",
        "explain_kind": "この段階について", "generated": "生成", "search": "検索",
        "search_label": "すべての法律案と本文を検索", "search_nojs": "検索には JavaScript とウェブサーバーが必要です"
        "（file:// のページでは動作しません）。legistrack serve を使うか、任意の静的ホスティングに置いてください。",
        "no_results": "該当なし",
        "no_stages": "この法律案の段階はまだ記録されていません。",
    },
}  # fmt: skip

PROCEDURE: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("Cabinet bill", "Most Japanese laws start as a cabinet bill (閣法): a ministry drafts it and the Cabinet "
         "approves it (閣議決定) before submitting it to one of the two Houses of the Diet."),
        ("Committee and plenary", "In each House the bill is referred to a committee, which deliberates and votes; "
         "the plenary (本会議) then votes. A committee may also adopt a supplementary resolution (附帯決議): "
         "a statement of what the House expects, which is not part of the law."),
        ("Both Houses", "The bill then goes to the other House, which repeats committee and plenary. A bill "
         "becomes law when both Houses pass it (Constitution, Art. 59): this is enactment (成立)."),
        ("Promulgation", "The enacted law is promulgated (公布) in the Official Gazette and receives its number, "
         "e.g. Act No. 53 of 2025 (令和7年法律第53号). The Emperor promulgates laws (Constitution, Art. 7)."),
        ("Entry into force", "The law's supplementary provisions (附則) say when it takes effect (施行): on "
         "promulgation, on a fixed date, or on a date set later by cabinet order — sometimes different dates for "
         "different chapters."),
    ],
    "ja": [
        ("内閣提出法律案", "多くの法律は内閣提出法律案（閣法）として始まります。所管の府省が立案し、"
         "閣議決定を経て、衆議院又は参議院に提出されます。"),
        ("委員会と本会議", "各議院では、法律案は委員会に付託され、審査・採決の後、本会議で採決されます。"
         "委員会は附帯決議を行うことがあります。附帯決議は議院の意思を示すもので、法律の一部ではありません。"),
        ("両議院の可決", "法律案はもう一方の議院に送付され、同様に審議されます。法律案は両議院で可決したとき"
         "法律となります（憲法第59条）。これが成立です。"),
        ("公布", "成立した法律は官報で公布され、法律番号（例：令和7年法律第53号）が付されます。"
         "法律の公布は天皇の国事行為です（憲法第7条）。"),
        ("施行", "法律がいつ効力を生じるか（施行）は附則が定めます。公布の日、特定の日、後に政令で定める日など"
         "があり、章ごとに施行日が異なることもあります。"),
    ],
}  # fmt: skip
