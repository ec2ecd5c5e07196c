"""Small text measures shared by progress bars and reports."""

import re

_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    # Whitespace words suit English and Korean alike (Korean separates eojeol with spaces).
    return len(_WORD.findall(text))
