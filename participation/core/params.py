"""Parameters that name a record (a query string's ?reply=, a form's hidden parent): read
without a server error. A bad one is no record at all, for the view to answer 400 or 404.

`str.isdigit()` is not a check: it is true for "²" or "①", which int() refuses, for numbers
beyond any database integer, which the database refuses, and for more digits than int()
converts (4,300)."""
MAX_ID = 2**63 - 1  # the largest value of a database's big integer
MAX_DIGITS = len(str(MAX_ID))


def record_id(value) -> int | None:
    """The positive integer `value` spells in ASCII digits (at most MAX_ID), else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
