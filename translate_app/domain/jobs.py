"""Background jobs: what they do, where they stand, how far they got."""

from dataclasses import dataclass
from enum import StrEnum


class JobKind(StrEnum):
    IMPORT = "import"
    EXPORT = "export"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


@dataclass(frozen=True)
class JobProgress:
    """``done`` of ``total`` units (segments for an import, articles for an export)."""

    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 0
        return min(100, 100 * max(self.done, 0) // self.total)
