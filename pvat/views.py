import logging

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.access import access_of, public, signed_in
from schools.models import School

from .health import check_broker, check_cache, check_database
from .home import home_panels_for

logger = logging.getLogger(__name__)


@signed_in
def home(request):
    access = access_of(request.user)
    schools = School.objects.visible_to(request.user).exclude(status="closed")
    context = {
        "roles": sorted(role.label for role in access.all_roles),
        "schools": schools.order_by("name")[:50],
        "school_count": schools.count(),
        "panels": [
            render_to_string(panel.template, panel.context, request=request)
            for panel in home_panels_for(request.user, today=timezone.localdate())
        ],
    }
    return render(request, "home.html", context)


@public
def healthz(request):
    checks = {
        "database": check_database(connection),
        "cache": check_cache(),
        "broker": check_broker(),
    }
    healthy = all(check["ok"] for check in checks.values())
    status = 200 if healthy else 503
    if not healthy:
        logger.warning(
            "Health check failed: %s",
            sorted(name for name, check in checks.items() if not check["ok"]),
        )
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=status
    )
