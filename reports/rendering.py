"""HTML to PDF with WeasyPrint, loading nothing but the app's static files.

A document is rendered from a string, so its relative URLs are resolved
against BASE_URL: a host under the reserved `.invalid` domain that never
resolves and that no request ever reaches. The fetcher below answers that
host's `/static/...` paths from the staticfiles finders and refuses
everything else: files on the server (`file://`), any other host, uploaded
files under MEDIA_URL and any other path of the app. A refusal stops the
rendering, so a document that asks for another school's upload, or for
/etc/passwd, produces no PDF at all rather than one with a gap or a leak.
`data:` URLs are allowed: they carry their content with them.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_HOST = "document.invalid"
BASE_URL = f"https://{BASE_HOST}/"

SERVER_FILE = "a file on the server"
OUTSIDE_ADDRESS = "an address outside the app"
UPLOADED_FILE = "an uploaded file"
APP_PAGE = "a page of the app that is not a static file"
MISSING_STATIC = "a static file that does not exist"


class RefusedResource(Exception):  # noqa: N818 - reads as what happened
    """The document asked for something the fetcher will not load. The
    message names what kind of thing it was, never its path."""

    def __init__(self, url, reason):
        self.url = url
        self.reason = reason
        super().__init__(
            f"The PDF was not made: the document asked for {reason}, and "
            "documents may only use the app's own static files. Please tell "
            "the trust admin."
        )


class _Refusal(FatalURLFetchingError):
    """Carries a refusal through WeasyPrint, which swallows every ordinary
    exception a fetcher raises and would render the page without it."""

    def __init__(self, refusal):
        super().__init__(str(refusal))
        self.refusal = refusal


class StaticFilesFetcher(URLFetcher):
    def __init__(self):
        # The parent's own opener is used for data: URLs only.
        super().__init__(allowed_protocols=("data",))

    def fetch(self, url, headers=None):
        try:
            return self._fetch(url, headers)
        except RefusedResource as refusal:
            logger.warning("PDF fetcher refused %s (%s)", url, refusal.reason)
            raise _Refusal(refusal) from refusal

    def _fetch(self, url, headers):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            raise RefusedResource(url, SERVER_FILE)
        if scheme not in ("http", "https") or parts.netloc.lower() != BASE_HOST:
            raise RefusedResource(url, OUTSIDE_ADDRESS)
        return self._static_file(url, unquote(parts.path))

    def _static_file(self, url, path):
        media_prefix = _path_prefix(settings.MEDIA_URL)
        static_prefix = _path_prefix(settings.STATIC_URL)
        # Normalising first means /static/../media/... counts as media.
        path = posixpath.normpath(path)
        if path.startswith(media_prefix):
            raise RefusedResource(url, UPLOADED_FILE)
        if not path.startswith(static_prefix):
            raise RefusedResource(url, APP_PAGE)
        found = finders.find(path.removeprefix(static_prefix))
        if not found:
            raise RefusedResource(url, MISSING_STATIC)
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def _path_prefix(url_setting):
    """ "static/" or "/static/" as "/static/"."""
    return "/" + urlsplit(url_setting).path.strip("/") + "/"


def pdf_render(html):
    """The PDF of a whole HTML page, as bytes. Raises RefusedResource when
    the page asks for anything but a static file."""
    fetcher = StaticFilesFetcher()
    try:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    except _Refusal as refusal:
        raise refusal.refusal from None
