"""URL converters."""

from werkzeug.routing import IntegerConverter, UnicodeConverter

from ..domain.limits import DB_INT_MAX


class DbIntConverter(IntegerConverter):
    """``<dbint:id>``: a non-negative integer a database column can hold.

    A larger number does not match the route, so it answers 404 like any other id
    that names nothing, instead of overflowing in the database driver.
    """

    def __init__(self, map, **kwargs):
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, **kwargs)


class TextConverter(UnicodeConverter):
    """The default ``<name>`` converter, without control characters.

    No slug, language code or file name holds one, and PostgreSQL refuses to even
    compare text holding NUL: such a URL names nothing and answers 404 before any query.
    """

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f]")
