"""Readers that turn a source file of any accepted format into an article's blocks.

Each reader takes the file's bytes and name and returns a ``ParsedArticle``, or raises
``SourceError`` with a message naming the file and the reason.
"""

from pathlib import PurePath

from ..segmentation import ParsedArticle, SourceError

#: File suffixes by format, as the upload form and the command line accept them.
FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


#: How each reader cuts a file into segments, as an import reports it.
RULES = {
    "blank lines": "plain text, a paragraph between blank lines",
    "line breaks": "plain text without blank lines, a paragraph per line",
    "markdown": "Markdown",
    "html": "HTML, the article's body",
    "docx": "a Word document",
}


def describe_rule(rule: str) -> str:
    return RULES.get(rule, rule)


def source_format(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        accepted = ", ".join(sorted(FORMATS))
        raise SourceError(
            f"{PurePath(filename).name} is not a file type that can be imported "
            f"(accepted: {accepted})"
        ) from None


def read_source(data: bytes, filename: str) -> ParsedArticle:
    """The blocks of the article in ``data``, read by the reader its suffix names."""
    name = PurePath(filename).name
    fmt = source_format(name)
    if fmt == "html":
        from .html import read_html

        return read_html(data, name)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, name)
    from .text import read_markdown, read_text

    return (read_markdown if fmt == "markdown" else read_text)(data, name)
