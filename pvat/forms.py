"""What form views share."""

from django.core.exceptions import ValidationError


def form_service_call(form, service, /, **arguments):
    """Call a service with a valid form's values and return what it returns.

    The service has the last word on rules the form cannot know (a date in a
    holiday, a state changed meanwhile): its ValidationError is put on the
    form, on the fields it names or above them, and None is returned so the
    view shows the form again with everything typed still in it."""
    try:
        return service(**arguments)
    except ValidationError as error:
        form.add_error(None, error)
        return None
