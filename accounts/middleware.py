from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .access import ACCESS_ATTRIBUTE


class AccessDeclarationMiddleware:
    """Refuse any view that has not declared who may use it.

    Django's own admin checks staff status itself, so its views pass.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match and "admin" in request.resolver_match.namespaces:
            return None
        target = getattr(view_func, "view_class", None) or view_func
        if getattr(view_func, ACCESS_ATTRIBUTE, None) or getattr(
            target, ACCESS_ATTRIBUTE, None
        ):
            return None
        raise PermissionDenied("This page has not declared who may use it.")


class TwoStepRequiredMiddleware:
    """Send someone whose role needs two-step sign-in, and who has not set it
    up, to set it up before anything else. Setting it up, the pages it needs
    and signing out stay open to them."""

    ALLOWED = {
        "accounts:two_step",
        "accounts:two_step_setup",
        "accounts:logout",
        "healthz",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from . import two_step

        user = request.user
        if not user.is_authenticated or not settings.TWO_STEP_REQUIRED_ROLES:
            return None
        match = request.resolver_match
        if match is None or not two_step.is_required(user):
            return None
        if not two_step.is_on(user):
            # The pages left open show no menu of pages they cannot reach.
            request.two_step_setup_required = True
            if match.view_name in self.ALLOWED:
                return None
            return redirect("accounts:two_step_setup")
        if match.view_name in self.ALLOWED:
            return None
        if not user.is_verified():
            # Signed in before their role needed it: sign in again with a code.
            logout(request)
            return redirect_to_login(request.get_full_path())
        return None
