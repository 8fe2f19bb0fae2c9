"""Reading a download in a test: the CSV exports stream (``core.downloads``), the rest do not."""


def content(response) -> bytes:
    """The whole body of ``response``; a streamed one is read here, its queries with it (read it inside a
    ``CaptureQueriesContext`` to count them). Django's test client leaves a stream unread and a
    ``StreamingHttpResponse`` has no ``.content``."""
    return b"".join(response.streaming_content) if response.streaming else response.content
