"""A bilingual edition to render in every file format: its mastheads and a document
in each layout, for the format tests."""

from translate_app.domain.editions import EditionDocument, EditionRow, EditionSnapshot, Masthead

HOSTILE = '<script>alert("x")</script> & 1 < 2'
UNTRANSLATED_KO = "(아직 번역되지 않음)"
MASTHEADS = {
    "ko": Masthead("ko", "평양의 지방화", "번역 김민지 · 승인 박서연", "2026년 11월 27일", "제2판"),
    "en": Masthead(
        "en", "Localizing Pyongyang", "Translated by Kim Minji", "November 27, 2026", "Edition 2"
    ),
}
MASTHEAD_LINES = {
    "ko": "제2판 · 2026년 11월 27일 · 번역 김민지 · 승인 박서연",
    "en": "Edition 2 · November 27, 2026 · Translated by Kim Minji",
}
MAIN_LANGS = {
    "side-by-side": ("ko", "en"),
    "interleaved": ("ko", "en"),
    "target-only": ("ko",),
    "source-only": ("en",),
}


def make_document(layout: str, rows: list[EditionRow]) -> EditionDocument:
    snapshot = EditionSnapshot(
        slug="pyongyang",
        number=2,
        title="Localizing Pyongyang",
        translated_title="평양의 지방화",
        source_lang="en",
        target_lang="ko",
        published_at="2026-11-27T10:00:00+00:00",
        published_by="parkseoyeon",
        catalog_checksum="c0ffee",
        rows=rows,
        translators=["kimminji"],
        approvers=["parkseoyeon"],
    )
    langs = MAIN_LANGS[layout]
    untranslated = UNTRANSLATED_KO if langs[0] == "ko" else "(not yet translated)"
    return EditionDocument(snapshot, layout, tuple(MASTHEADS[lang] for lang in langs), untranslated)
