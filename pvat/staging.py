"""Uploads waiting between a preview and the person's "apply".

A staged file lives under MEDIA_ROOT (never served), named by a random token
that only the uploading session knows; the session keeps the details of the
upload. Another session, an unknown token or a file past its lifetime
answers 404. Files never applied are removed once they expire.
"""

import datetime
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
LIFETIME = datetime.timedelta(hours=12)


@dataclass(frozen=True)
class StagedFile:
    token: str
    path: Path
    details: dict


class UploadStage:
    def __init__(self, name):
        self.name = name

    @property
    def directory(self):
        return Path(settings.MEDIA_ROOT) / self.name

    def stage(self, request, chunks, *, suffix, details):
        """Write the chunks to a new private file; return its token."""
        self._remove_expired()
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        token = secrets.token_urlsafe(32)
        with open(self.directory / f"{token}.{suffix}", "xb") as file:
            for chunk in chunks:
                file.write(chunk)
        request.session[self._key(token)] = {"suffix": suffix, **details}
        return token

    def get(self, request, token):
        """The file this session staged under this token, else 404."""
        stored = request.session.get(self._key(token))
        if not TOKEN_PATTERN.fullmatch(token) or stored is None:
            raise Http404("No such upload.")
        details = dict(stored)
        path = self.directory / f"{token}.{details.pop('suffix')}"
        if not path.is_file() or _is_expired(path):
            raise Http404("This upload has expired. Please upload the file again.")
        return StagedFile(token, path, details)

    def discard(self, request, staged):
        staged.path.unlink(missing_ok=True)
        request.session.pop(self._key(staged.token), None)

    def _key(self, token):
        return f"{self.name}:{token}"

    def _remove_expired(self):
        if not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            if _is_expired(path):
                path.unlink(missing_ok=True)


def _is_expired(path):
    return time.time() - path.stat().st_mtime > LIFETIME.total_seconds()
