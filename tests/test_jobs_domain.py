import pytest

from translate_app.domain.jobs import JobProgress, JobStatus


@pytest.mark.parametrize(
    ("done", "total", "percent"),
    [(0, 0, 0), (5, 0, 0), (0, 13, 0), (3, 13, 23), (12, 13, 92), (13, 13, 100), (14, 13, 100),
     (-1, 13, 0)],
)  # fmt: skip
def test_percent(done, total, percent):
    assert JobProgress(done, total).percent == percent


@pytest.mark.parametrize(
    ("status", "finished"),
    [("queued", False), ("running", False), ("done", True), ("failed", True)],
)
def test_finished(status, finished):
    assert JobStatus(status).finished is finished
