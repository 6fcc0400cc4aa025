"""Gunicorn's access log without the secrets that travel in URLs.

A calendar feed's address is its only secret, and a password-reset link
carries a one-time token: both would otherwise be written to the access log
of every request, where whoever reads the logs could use them. This logger
hides them in the request line, the path and the Referer, and leaves the
rest of each line as gunicorn writes it. gunicorn.conf.py selects it; the
app's own log lines go through pvat.logs.SecretHidingFilter.
"""

from gunicorn.glogging import Logger

from pvat.logs import secrets_hidden

# Atoms that hold a URL: the request line, the path and the Referer header.
_URL_ATOMS = ("r", "U", "f", "{referer}i")


class SecretHidingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _URL_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = secrets_hidden(atoms[key])
        return atoms
