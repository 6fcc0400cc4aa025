"""Where to go back to after a form: an address the request names, when it
is on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, target):
    """`target` if it points at this site, else None: a link from elsewhere
    must not send someone to another site after they sign in or save."""
    is_safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and is_safe else None
