"""URL converters."""

from werkzeug.routing import IntegerConverter

from ..domain.limits import DB_INT_MAX


class DbIntConverter(IntegerConverter):
    """``<dbint:id>``: a non-negative integer a database column can hold.

    A larger number does not match the route, so it answers 404 like any other id
    that names nothing, instead of overflowing in the database driver.
    """

    def __init__(self, map, **kwargs):
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, **kwargs)
