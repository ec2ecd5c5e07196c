"""SQLAlchemy models. The schema only changes through the migrations in migrations/."""

from .article import Article, ArticleTarget, Segment, SourceRevision
from .audit import AuditEvent
from .comment import Comment, CommentMention
from .drafting import Autosave, Presence
from .edition import Edition
from .glossary import GlossaryTerm
from .job import Job
from .memory import MemoryEntry, MemoryPosting, MemoryTerm
from .mt import MtCacheEntry
from .translation import (
    Approval,
    CheckDismissal,
    Rejection,
    SegmentTranslation,
    TranslationVersion,
)
from .user import ApiToken, User, UserSession

__all__ = [
    "ApiToken",
    "Approval",
    "Article",
    "ArticleTarget",
    "AuditEvent",
    "Autosave",
    "CheckDismissal",
    "Comment",
    "CommentMention",
    "Edition",
    "GlossaryTerm",
    "Job",
    "MemoryEntry",
    "MemoryPosting",
    "MemoryTerm",
    "MtCacheEntry",
    "Presence",
    "Rejection",
    "Segment",
    "SegmentTranslation",
    "SourceRevision",
    "TranslationVersion",
    "User",
    "UserSession",
]
