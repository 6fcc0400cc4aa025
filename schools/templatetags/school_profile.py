from django import template
from django.urls import reverse

from ..profile import profile_tabs

register = template.Library()


@register.inclusion_tag("schools/_profile_tabs.html", takes_context=True)
def school_profile_tabs(context, school):
    match = getattr(context["request"], "resolver_match", None)
    current = match.view_name if match else ""
    tabs = [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"urn": school.urn}),
            "is_current": current in tab.url_names,
        }
        for tab in profile_tabs()
    ]
    return {"tabs": tabs}


@register.simple_tag
def school_column_value(school, column):
    """The display value of a registered list column for this school."""
    return column.display(getattr(school, column.name, None))
