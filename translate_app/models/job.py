import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.jobs import JobKind, JobProgress, JobStatus
from ..extensions import db
from ._types import UTCDateTime, utcnow
from .user import User


class Job(db.Model):
    """A long piece of work run by the worker: an import from the browser, a batch export.

    The row holds what was asked (``params``) and how it ended. While the job runs,
    its live progress is kept in the queue's own storage, not here: see worker.py.
    """

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.QUEUED.value)
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[str] = mapped_column(Text, default="{}")
    # The imported article's slug, or the export's file name in the exports folder.
    result: Mapped[str | None] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def kind_enum(self) -> JobKind:
        return JobKind(self.kind)

    @property
    def status_enum(self) -> JobStatus:
        return JobStatus(self.status)

    @property
    def stored_progress(self) -> JobProgress:
        return JobProgress(self.progress_done, self.progress_total)

    @property
    def options(self) -> dict:
        return json.loads(self.params)
