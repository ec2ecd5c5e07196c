"""SQLAlchemy models. The schema only changes through the migrations in migrations/."""

from .article import Article, ArticleTarget, Segment, SourceRevision
from .audit import AuditEvent
from .comment import Comment, CommentMention
from .drafting import Autosave, Presence
from .edition import Edition
from .job import Job
from .translation import Approval, Rejection, SegmentTranslation, TranslationVersion
from .user import ApiToken, User, UserSession

__all__ = [
    "ApiToken",
    "Approval",
    "Article",
    "ArticleTarget",
    "AuditEvent",
    "Autosave",
    "Comment",
    "CommentMention",
    "Edition",
    "Job",
    "Presence",
    "Rejection",
    "Segment",
    "SegmentTranslation",
    "SourceRevision",
    "TranslationVersion",
    "User",
    "UserSession",
]
