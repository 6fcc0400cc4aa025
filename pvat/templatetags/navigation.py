from django import template

register = template.Library()


def _is_current(context, url_name, also_current):
    match = getattr(context["request"], "resolver_match", None)
    current = match.view_name if match else ""
    return current == url_name or current in also_current


@register.inclusion_tag("includes/nav_link.html", takes_context=True)
def nav_link(context, url_name, label, *also_current):
    """A navigation link marked as the current page on its own URL and on the
    URLs named in also_current (the pages under it)."""
    is_current = _is_current(context, url_name, also_current)
    return {"url_name": url_name, "label": label, "is_current": is_current}


@register.inclusion_tag("includes/nav_item.html", takes_context=True)
def nav_item(context, url_name, label, *also_current):
    """The same, as an entry of a drop-down menu."""
    is_current = _is_current(context, url_name, also_current)
    return {"url_name": url_name, "label": label, "is_current": is_current}
