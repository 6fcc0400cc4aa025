from django import template

register = template.Library()


@register.inclusion_tag("includes/nav_link.html", takes_context=True)
def nav_link(context, url_name, label, *also_current):
    """A navigation link marked as the current page on its own URL and on the
    URLs named in also_current (the pages under it)."""
    match = getattr(context["request"], "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "url_name": url_name,
        "label": label,
        "is_current": current == url_name or current in also_current,
    }
