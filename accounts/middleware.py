from django.core.exceptions import PermissionDenied

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
