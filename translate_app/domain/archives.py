"""Zip archives (EPUB, DOCX) made repeatable."""

import io
import zipfile
from datetime import datetime


def with_fixed_times(data: bytes, moment: datetime) -> bytes:
    """The same archive with every entry dated ``moment`` instead of now, so rendering an
    edition twice gives the same bytes (and a download can be cached and compared). The
    order and compression of the entries are kept: EPUB needs its mimetype first, stored."""
    stamp = max(moment, datetime(1980, 1, 1)).timetuple()[:6]  # ZIP dates start in 1980
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return output.getvalue()
