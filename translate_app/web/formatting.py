"""Words and figures in the language of the user interface, for the templates."""

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from flask import Flask
from flask_babel import format_decimal, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..domain import inline
from ..domain.diff import Change, diff
from ..domain.glossary import Term, TermMatch, find_terms
from ..domain.sentences import sentence_spans
from ..domain.sources import FORMATS
from ..services import checks, glossary
from ..services.translating import unchanged_percent

ROLE_LABELS = {
    "translator": _l("translator"),
    "editor": _l("editor"),
    "admin": _l("admin"),
}


def N_(text: str) -> str:
    """Marks ``text`` for the catalog (``translate-app i18n extract``); translated later."""
    return text


# What static/app.js says in the status line and beside a box, by its English text.
SCRIPT_TEXT = (
    N_("No untranslated, draft or rejected segment below this one."),
    N_("Keeping your draft…"),
    N_("Draft kept %(time)s (not yet saved)"),
    N_("Someone saved this segment meanwhile: save to see both texts."),
    N_("Draft not kept: %(reason)s. Your text is still in the box."),
    N_("Draft not kept: the server could not be reached. Your text is still in the box."),
    N_("Refused (%(status)s)."),
    N_("The database is not answering: your text is still in the box. Save again in a moment."),
    N_("You are not allowed to do that."),
    N_("Log in again in another tab, then save."),
    N_("Refused (%(status)s): %(reason)s Your text is still in the box."),
    N_("The server could not be reached: your text is still in the box. Save again."),
    N_("Segment %(num)s saved. State: %(state)s."),
    N_("Segment %(num)s approved. State: %(state)s."),
    N_("Segment %(num)s rejected. State: %(state)s."),
    N_("Segment %(num)s: your unsaved text was discarded. State: %(state)s."),
    N_("Segment %(num)s: the earlier version was restored. State: %(state)s."),
    N_("Segment %(num)s: the finding was set aside. State: %(state)s."),
    N_(
        "Segment %(num)s was not saved: someone else saved it first. Both texts are shown; "
        "yours is still in the box."
    ),
    N_("Segment %(num)s: %(reason)s Your text is still in the box."),
)


def script_text() -> dict[str, str]:
    """The script's sentences in the interface's language (none in English: it has them)."""
    if str(get_locale()) == "en":
        return {}
    return {text: gettext(text) for text in SCRIPT_TEXT}


def language_name(code: str) -> str:
    """The name of the language ``code`` (a BCP 47 tag such as "ko" or "zh-Hans") in the
    interface's language: "Korean" in English, "한국어" in Korean; the code itself when
    Babel does not know it."""
    try:
        name = Locale.parse(str(code), sep="-").get_display_name(get_locale())
    except (UnknownLocaleError, ValueError):
        return str(code)
    return name or str(code)


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" for ch in text)


def lang_attr(message) -> Markup:
    """` lang="…"` on a text in another language than the page's: a message that stayed
    in English on a Korean page, or Korean that someone typed (a rejection's note, a
    comment) on an English page.

    The services' refusals are not translated yet, and what people type is in either
    language: marked so, a screen reader reads each in its own voice, and ``<html lang>``
    stays true of everything else.
    """
    korean = _has_hangul(str(message))
    if str(get_locale()) == "ko" and not korean:
        return Markup(' lang="en"')
    if str(get_locale()) != "ko" and korean:
        return Markup(' lang="ko"')
    return Markup("")


def written(text) -> Markup:
    """Words someone typed (a note, a comment, a withdrawal's reason), in either language
    or both, marked so that a screen reader reads each part in its own voice: on an
    English page each Korean run in a Korean span, on a Korean page a text with no Korean
    in an English one."""
    text = str(text or "")
    if str(get_locale()) != "ko":
        return korean_marked(text)
    # Spaces and figures between two @mentions are no language's.
    attr = lang_attr(text) if re.search("[A-Za-z]", text) else ""
    return Markup("<span{}>{}</span>").format(attr, text) if attr else Markup("{}").format(text)


# A run of Korean: Hangul syllables and jamo, with the spaces, digits and punctuation
# between them (평양의 지방화, 3월 1일), but not those around it.
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_KOREAN_RUN = re.compile(f"[{_HANGUL}]+(?:[\\s\\d.,·()\\-]*[{_HANGUL}]+)*")


def korean_marked(text) -> Markup:
    """An English sentence that quotes Korean (a check's finding: the glossary translates
    "Pyongyang" as "평양"), each Korean run in a span marked Korean: a screen reader
    switches voice for the quotation and back."""
    text = str(text or "")
    out, at = Markup(""), 0
    for match in _KOREAN_RUN.finditer(text):
        out += text[at : match.start()]
        out += Markup('<span lang="ko">{}</span>').format(match.group())
        at = match.end()
    return out + text[at:]


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


#: What a source revision did to a paragraph (domain/revisions.py's Change).
CHANGE_LABELS = {
    "unchanged": _l("Unchanged"),
    "moved": _l("Moved"),
    "edited": _l("Edited"),
    "new": _l("New"),
    "retired": _l("Deleted"),
}
#: How an import read a file (domain/sources/__init__.py's RULES).
RULE_LABELS = {
    "blank lines": _l("plain text, a paragraph between blank lines"),
    "line breaks": _l("plain text without blank lines, a paragraph per line"),
    "markdown": _l("Markdown"),
    "html": _l("HTML, the article's body"),
    "docx": _l("a Word document"),
}
#: The upload fields' accept attribute: every format an import reads.
ACCEPTED_FILES = ",".join(sorted(FORMATS))


#: Segment kinds (domain/segmentation.py's SegmentKind).
KIND_LABELS = {
    "title": _l("Title"),
    "heading": _l("Heading"),
    "paragraph": _l("Paragraph"),
    "blockquote": _l("Quotation"),
    "list_item": _l("List item"),
    "table_cell": _l("Table cell"),
    "caption": _l("Caption"),
    "footnote": _l("Footnote"),
    "separator": _l("Separator"),
    "code": _l("Code"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


#: Paragraphs longer than this show where their sentences begin and end.
SENTENCE_VIEW_CHARS = 500


def source_html(
    text: str, tags: dict | None, lang: str | None = None, terms: tuple[Term, ...] = ()
) -> Markup:
    """A source text as the translator sees it: its inline markup as numbered tags, the
    glossary's terms marked with their translations and, in a long paragraph of a known
    language, each sentence marked off."""
    tags = tags or {}
    matches = _term_matches(text, terms, lang) if terms and lang else []
    if lang is None or len(text) <= SENTENCE_VIEW_CHARS:
        return _with_terms(text, 0, len(text), tags, matches)
    spans = _sentences(text, lang)
    if len(spans) < 2:
        return _with_terms(text, 0, len(text), tags, matches)
    # Sentences are cut at spaces only, so no tag token (nor term) is ever cut in two.
    return Markup(" ").join(
        Markup('<span class="sentence">%s</span>') % _with_terms(text, a, b, tags, matches)
        for a, b in spans
    )


def _term_matches(text: str, terms: tuple[Term, ...], lang: str) -> list[TermMatch]:
    # A term never takes in part of a tag token: the badge would be cut in two.
    tokens = [(m.start(), m.end()) for m in inline.TOKEN.finditer(text)]
    return [
        match
        for match in find_terms(text, terms, lang)
        if not any(match.start < end and start < match.end for start, end in tokens)
    ]


def _with_terms(text: str, start: int, end: int, tags: dict, matches: list[TermMatch]) -> Markup:
    out: list[Markup] = []
    at = start
    for match in matches:
        if match.start < at or match.end > end:
            continue
        out.append(inline.editor_html(text[at : match.start], tags))
        out.append(
            Markup('<button type="button" class="term" data-insert="%s" title="%s">%s</button>')
            % (
                _insertable(match.terms),
                term_title(match.terms),
                inline.editor_html(text[match.start : match.end], tags),
            )
        )
        at = match.end
    out.append(inline.editor_html(text[at:end], tags))
    return Markup("").join(out)


#: How a glossary status reads beside a term's translation.
STATUS_LABELS = {
    "preferred": _l("preferred"),
    "forbidden": _l("forbidden"),
    "do-not-translate": _l("do not translate"),
}


def glossary_status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def _insertable(terms) -> str:
    """What a click on a term puts in the box: its first translation that may be used."""
    usable = [term.target for term in terms if term.status != "forbidden"]
    return usable[0] if usable else ""


def term_title(terms) -> str:
    """The glossary's entry for a term, on one line: "평양 (preferred); 평양시 (forbidden)"."""
    parts = []
    for term in terms:
        label = str(STATUS_LABELS.get(term.status, term.status))
        extra = f", {term.note}" if term.note else ""
        parts.append(f"{term.target} ({label}{extra})")
    return "; ".join(parts)


def glossary_terms(source_lang: str, target_lang: str) -> tuple[Term, ...]:
    """The glossary of a language pair (read once a request: see glossary.terms_for)."""
    return tuple(glossary.terms_for(source_lang, target_lang))


#: A finding's severity (domain/checks.py), in the interface's language.
SEVERITY_LABELS = {"error": _l("Error"), "warning": _l("Warning")}


#: The checks (domain/checks.py's CHECKS), as the review queue's filter names them.
CHECK_LABELS = {
    "empty": _l("Empty translation"),
    "tags": _l("Inline tags"),
    "numbers": _l("Numbers"),
    "urls": _l("URLs"),
    "emails": _l("E-mail addresses"),
    "brackets": _l("Brackets"),
    "quotes": _l("Quotation marks"),
    "end_punctuation": _l("End punctuation"),
    "double_space": _l("Double spaces"),
    "whitespace": _l("Leading or trailing whitespace"),
    "same_as_source": _l("Same as the source"),
    "length_ratio": _l("Length"),
    "glossary": _l("Glossary"),
    "inconsistent": _l("Inconsistent with another translation"),
    "machine": _l("Unedited machine translation"),
}


def check_label(check: str) -> str:
    return str(CHECK_LABELS.get(check, check))


def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


@lru_cache(maxsize=4096)
def _sentences(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    # Korean sentences come from a model: worth keeping for the next page of the editor.
    return tuple(sentence_spans(text, lang))


def tag_buttons(tags: dict | None) -> list[tuple[str, str, str, str]]:
    """(number, what it is, opening token, closing token) of each tag, in number order."""
    return [
        (number, inline.describe_tag(tag), *inline.token(number, tag))
        for number, tag in sorted((tags or {}).items(), key=lambda item: int(item[0]))
    ]


def tag_problems(st) -> list[str]:
    """What is wrong with the tags of a translation's current text."""
    segment = st.segment
    if not segment.tags or not st.text:
        return []
    return inline.check_tags(segment.source, st.text, segment.tags)


def change_label(change: str) -> str:
    return str(CHANGE_LABELS.get(change, change))


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, rule))


def text_changes(old: str, new: str, lang: str) -> list[Change]:
    return diff(old, new, lang)


def source_changes(segment) -> list[Change]:
    """What the last source revision changed in a segment, for its editor row."""
    return diff(segment.previous_source or "", segment.source, segment.article.source_lang)


def origin_note(version) -> str:
    """Where a version's text came from and how much of it was kept, for its history; ""
    for a typed one."""
    share = unchanged_percent(version)
    if share is None:
        return ""
    if version.origin == "mt":
        return gettext(
            "machine translation by %(provider)s, %(share)d%% unchanged",
            provider=version.origin_detail or gettext("a provider"),
            share=share,
        )
    return gettext(
        "from the translation memory (%(detail)s), %(share)d%% unchanged",
        detail=version.origin_detail,
        share=share,
    )


def init_formatting(app: Flask) -> None:
    app.jinja_env.filters.update(language_name=language_name, number=format_decimal)
    app.jinja_env.globals.update(
        role_label=role_label,
        script_text=script_text,
        lang_attr=lang_attr,
        written=written,
        korean_marked=korean_marked,
        source_changes=source_changes,
        text_changes=text_changes,
        change_label=change_label,
        rule_label=rule_label,
        accepted_files=ACCEPTED_FILES,
        kind_label=kind_label,
        source_html=source_html,
        tag_buttons=tag_buttons,
        tag_problems=tag_problems,
        glossary_terms=glossary_terms,
        row_findings=checks.current_findings,
        severity_label=severity_label,
        check_label=check_label,
        origin_note=origin_note,
        glossary_status_label=glossary_status_label,
    )
