"""Bounds that every layer agrees on, so that no value reaches the database it cannot store."""

#: Integer columns (ids, revisions, edition numbers) are 32-bit on PostgreSQL; a larger
#: number in a URL or a request names nothing that can exist.
DB_INT_MAX = 2**31 - 1


def in_db_int_range(value: int, minimum: int = 0) -> bool:
    return minimum <= value <= DB_INT_MAX
