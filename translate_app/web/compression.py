"""Gzip for text answers, through Flask-Compress: pages, fragments, JSON, CSS and JS."""

from flask import Flask, Response, request

from ..extensions import compress


def init_compression(app: Flask) -> None:
    compress.init_app(app)
    # Registered after Flask-Compress so that it runs before it (Flask runs these in reverse).
    app.after_request(_read_static_text_whole)


def _read_static_text_whole(response: Response) -> Response:
    # Static files are streamed, and streamed answers pass uncompressed (COMPRESS_STREAMS
    # is off: gzip would hold back each chunk of a real stream). These files are small:
    # read whole, they are compressed like a page, and the file is closed with the answer.
    # Partial (206) and not-modified (304) answers stay as they are.
    if (
        request.endpoint == "static"
        and response.status_code == 200
        and response.is_streamed
        and response.mimetype in compress.compress_mimetypes_set
    ):
        response.direct_passthrough = False
        response.make_sequence()
    return response
