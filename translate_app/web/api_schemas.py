"""Request and response schemas of the JSON API; the OpenAPI document is built from them.

Requests ignore fields they do not know (clients written against a later version keep
working), so request schemas exclude unknown fields instead of refusing them. Error
messages are phrases that follow the field's name: "'base_revision' must be an integer".
"""

import marshmallow as ma
from marshmallow import fields, validate

from ..domain.limits import DB_INT_MAX
from ..domain.memory import DEFAULT_LIMIT, MAX_LIMIT
from ..domain.mentions import MAX_COMMENT_CHARS
from ..domain.mt import PROVIDERS
from ..domain.quality import MAX_NOTE_CHARS, Category, Severity
from ..domain.segment_filter import MAX_QUERY_CHARS
from ..domain.states import SAVE_STATES, State
from ..domain.text import CharacterError, check_characters
from ..services import checks
from ..services.translating import MAX_ORIGIN_DETAIL_CHARS, ORIGINS, unchanged_percent


class Schema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE


class Text(fields.String):
    """A string free of the characters no text here may hold: control characters (NUL
    among them, which PostgreSQL refuses) and lone surrogates, which a JSON escape like
    "\\ud800" decodes to and which no database can store."""

    default_error_messages = {  # noqa: RUF012  (marshmallow merges these along the MRO)
        "required": "is required",
        "null": "must not be null",
        "invalid": "must be a string",
        "character": "contains {character} at character {position}",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return check_characters(text)
        except CharacterError as exc:
            raise self.make_error("character", character=exc, position=exc.index + 1) from None


class DbInt(fields.Integer):
    """An integer (not a float, a string or a boolean) that a database column can hold."""

    default_error_messages = {  # noqa: RUF012
        "required": "is required",
        "null": "must not be null",
        "invalid": "must be an integer",
    }

    def __init__(self, **kwargs):
        super().__init__(
            strict=True,
            validate=validate.Range(0, DB_INT_MAX, error=f"must be between 0 and {DB_INT_MAX}"),
            **kwargs,
        )


# Responses


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"description": "what went wrong"})


class ArticleSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    source_lang = fields.String(required=True)
    target_langs = fields.List(fields.String(), required=True)


class SegmentSchema(Schema):
    """One segment of an article in one target language, with its current translation."""

    id = fields.Integer(required=True, attribute="segment.id")
    position = fields.Integer(required=True, attribute="segment.position")
    kind = fields.String(required=True, attribute="segment.kind")
    source = fields.String(required=True, attribute="segment.source")
    state = fields.String(
        required=True,
        attribute="state_enum.api_name",
        validate=validate.OneOf([state.api_name for state in State]),
    )
    text = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "the current translation; null when there is none"},
    )
    revision = fields.Integer(
        required=True, metadata={"description": "how many versions were saved"}
    )
    updated_by = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "who saved the current version; null when there is none"},
    )
    updated_at = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "when the current version was saved; null when there is none"},
    )
    last_review = fields.Nested(
        "ReviewSchema",
        required=True,
        allow_none=True,
        metadata={"description": "why the current version was rejected; null when it was not"},
    )
    tags = fields.Function(
        lambda st: st.segment.tags or {},
        required=True,
        metadata={
            "type": "object",
            "additionalProperties": {"type": "object"},
            "description": "the source's inline markup: tag number -> {type: b|i|code|a|br, "
            "href}; source and translation write a span as <1>...</1> and a break as <2/>",
        },
    )
    checks = fields.Function(
        lambda st: [finding.as_dict() for finding in checks.current_findings(st)],
        required=True,
        metadata={
            "type": "array",
            "items": {"$ref": "#/components/schemas/Finding"},
            "description": "what the quality checks found in the current version and no "
            "editor dismissed; [] when clean or when there is no version",
        },
    )
    previous_source = fields.Function(
        lambda st: st.segment.previous_source if st.state_enum is State.NEEDS_REVIEW else None,
        required=True,
        allow_none=True,
        metadata={
            "type": "string",
            "nullable": True,
            "description": "the source before the last revision changed it, while the "
            "translation awaits review (state needs_review); null otherwise",
        },
    )


class FindingSchema(Schema):
    check = fields.String(required=True, metadata={"description": "the check's name, e.g. numbers"})
    severity = fields.String(required=True, validate=validate.OneOf(["error", "warning"]))
    message = fields.String(required=True)


class MatchSchema(Schema):
    source = fields.String(required=True, metadata={"description": "the memory's source"})
    target = fields.String(required=True, metadata={"description": "its translation"})
    score = fields.Integer(
        required=True, metadata={"description": "0-100; 100 only when the sources are the same"}
    )
    in_context = fields.Boolean(
        required=True, metadata={"description": "the same source after the same paragraph"}
    )
    level = fields.String(required=True, validate=validate.OneOf(["paragraph", "sentence"]))
    origin = fields.String(required=True, metadata={"description": "article or file it came from"})
    translator = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class SuggestionSchema(Schema):
    """One machine translation provider's suggestion: a text, or why there is none."""

    provider = fields.String(
        required=True, validate=validate.OneOf(PROVIDERS), metadata={"example": "deepl"}
    )
    label = fields.String(required=True, metadata={"description": "the provider's name to show"})
    text = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "the machine translation; null when the provider failed"},
    )
    error = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "why the provider gave no translation; null when it did"},
    )
    cached = fields.Boolean(
        required=True, metadata={"description": "given before and kept, not asked again"}
    )


class GlossaryTermSchema(Schema):
    source = fields.String(required=True)
    target = fields.String(required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(["preferred", "forbidden", "do-not-translate"])
    )
    part_of_speech = fields.String(required=True)
    note = fields.String(required=True)


class ReviewSchema(Schema):
    category = fields.String(required=True, validate=validate.OneOf([c.value for c in Category]))
    severity = fields.String(required=True, validate=validate.OneOf([s.value for s in Severity]))
    note = fields.String(required=True)
    by = fields.String(required=True, attribute="editor.name")
    at = fields.DateTime(required=True, attribute="created_at")


class VersionSchema(Schema):
    """One saved version of a translation."""

    version_id = fields.Integer(required=True, attribute="id")
    text = fields.String(required=True)
    state = fields.Function(
        lambda version: State(version.state).api_name,
        required=True,
        metadata={"enum": [state.api_name for state in State]},
    )
    author = fields.String(required=True, attribute="author.name")
    created_at = fields.DateTime(required=True)
    parent_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "the version this one was based on; null for the first"},
    )
    origin = fields.String(
        required=True,
        metadata={
            "enum": list(ORIGINS),
            "description": "typed, or taken from a memory match or a machine translation",
        },
    )
    origin_detail = fields.String(
        required=True,
        metadata={"description": "the match's score or the provider; empty when typed"},
    )
    unchanged = fields.Function(
        unchanged_percent,
        required=True,
        allow_none=True,
        metadata={
            "description": "how much of the text is the taken suggestion unchanged, 0-100 "
            "(of its characters for Korean, of its words otherwise); null when typed"
        },
    )


class CommentSchema(Schema):
    id = fields.Integer(required=True)
    author = fields.String(required=True, attribute="author.name")
    text = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    resolved = fields.Boolean(required=True)
    parent_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "the thread this reply belongs to; null for a new thread"},
    )


class StaleSegmentSchema(SegmentSchema):
    """The segment as it is now, when a request was based on an older revision."""

    error = fields.String(required=True)


# Requests


class SegmentsQuery(Schema):
    lang = Text(
        required=True,
        metadata={"description": "target language", "example": "ko"},
        error_messages={"required": "is required: name the target language, e.g. ?lang=ko"},
    )
    state = Text(
        load_default=None,
        validate=validate.OneOf(
            [state.api_name for state in State],
            error="must be one of " + ", ".join(state.api_name for state in State),
        ),
        metadata={"description": "only segments in this state"},
    )
    q = Text(
        load_default="",
        validate=validate.Length(
            max=MAX_QUERY_CHARS, error=f"must be at most {MAX_QUERY_CHARS} characters"
        ),
        metadata={"description": "only segments whose source or translation contains this text"},
    )


class SaveTranslationBody(Schema):
    text = Text(required=True)
    base_revision = DbInt(
        required=True, metadata={"description": "the revision the new text is based on"}
    )
    state = Text(
        required=True,
        validate=validate.OneOf(
            sorted(state.api_name for state in SAVE_STATES),
            error="must be 'draft' or 'translated'",
        ),
    )
    origin = Text(
        load_default="typed",
        validate=validate.OneOf(ORIGINS, error="must be one of " + ", ".join(ORIGINS)),
        metadata={"description": "where the text came from: typed, memory or mt"},
    )
    origin_detail = Text(
        load_default="",
        validate=validate.Length(
            max=MAX_ORIGIN_DETAIL_CHARS,
            error=f"must be at most {MAX_ORIGIN_DETAIL_CHARS} characters",
        ),
        metadata={"description": "which suggestion, e.g. 'memory 87%' or a provider's name"},
    )
    suggestion = Text(
        load_default=None,
        allow_none=True,
        metadata={"description": "the suggestion as taken, before any edit (memory or mt)"},
    )


class MatchesQuery(Schema):
    text = Text(
        required=True,
        validate=validate.Length(min=1, error="must not be empty"),
        metadata={"description": "the source text to find matches for"},
    )
    source_lang = Text(required=True, metadata={"example": "en"})
    target_lang = Text(required=True, metadata={"example": "ko"})
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(1, MAX_LIMIT, error=f"must be from 1 to {MAX_LIMIT}"),
        error_messages={"invalid": "must be an integer"},
        metadata={"description": f"at most this many matches (1-{MAX_LIMIT})"},
    )


class PairQuery(Schema):
    source_lang = Text(required=True, metadata={"example": "en"})
    target_lang = Text(required=True, metadata={"example": "ko"})


class CheckBody(Schema):
    source = Text(required=True)
    target = Text(required=True)
    source_lang = Text(required=True, metadata={"example": "en"})
    target_lang = Text(required=True, metadata={"example": "ko"})


class SuggestionsBody(Schema):
    text = Text(
        required=True,
        validate=validate.Length(min=1, error="must not be empty"),
        metadata={"description": "the source text to translate"},
    )
    source_lang = Text(required=True, metadata={"example": "en"})
    target_lang = Text(required=True, metadata={"example": "ko"})
    provider = Text(
        load_default=None,
        validate=validate.OneOf(PROVIDERS, error="must be one of " + ", ".join(PROVIDERS)),
        metadata={"description": "only this provider; all the configured ones without it"},
    )


class RejectBody(Schema):
    # Not required here: a translator's request is refused (403) before its body is read.
    category = Text(
        load_default=None,
        validate=validate.OneOf(
            [c.value for c in Category],
            error="must be one of " + ", ".join(c.value for c in Category),
        ),
    )
    severity = Text(
        load_default=None,
        validate=validate.OneOf(
            [s.value for s in Severity],
            error="must be one of " + ", ".join(s.value for s in Severity),
        ),
    )
    note = Text(
        load_default="",
        validate=validate.Length(
            max=MAX_NOTE_CHARS, error=f"must be at most {MAX_NOTE_CHARS} characters"
        ),
    )
    base_revision = DbInt(
        load_default=None,
        metadata={"description": "reject only if the translation is still at this revision"},
    )


class RestoreBody(Schema):
    version_id = DbInt(required=True, metadata={"description": "the version to bring back"})
    base_revision = DbInt(
        required=True, metadata={"description": "the revision the restore is based on"}
    )


class CommentsQuery(Schema):
    lang = Text(
        required=True,
        metadata={"description": "target language", "example": "ko"},
        error_messages={"required": "is required: name the target language, e.g. ?lang=ko"},
    )


class CommentBody(Schema):
    lang = Text(required=True, metadata={"description": "target language", "example": "ko"})
    text = Text(
        required=True,
        validate=validate.Length(
            min=1, max=MAX_COMMENT_CHARS, error=f"must be 1 to {MAX_COMMENT_CHARS} characters"
        ),
        metadata={"description": "the comment; @name mentions a user"},
    )
    parent_id = DbInt(load_default=None, metadata={"description": "reply in this thread"})


class ApproveBody(Schema):
    base_revision = DbInt(
        load_default=None,
        metadata={"description": "approve only if the translation is still at this revision"},
    )
    note = Text(load_default="")
