"""What every list page shares: filtering, paging and CSV export."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse

PAGE_SIZE = 50
# A cell starting with one of these is run as a formula by spreadsheet
# programs; such values are exported with a leading apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def list_context(request, filterset):
    """The page of filtered rows and the query string that keeps the filters
    on the paging and export links."""
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"filter": filterset, "page": page, "query": query.urlencode()}


def wants_csv(request):
    return request.GET.get("format") == "csv"


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([_safe(value) for value in row] for row in rows)
    return response


def _safe(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
