"""SQLAlchemy models. The schema only changes through the migrations in migrations/."""

from .article import Article, ArticleTarget, Segment
from .edition import Edition
from .job import Job
from .translation import Approval, SegmentTranslation, TranslationVersion
from .user import ApiToken, User

__all__ = [
    "ApiToken",
    "Approval",
    "Article",
    "ArticleTarget",
    "Edition",
    "Job",
    "Segment",
    "SegmentTranslation",
    "TranslationVersion",
    "User",
]
