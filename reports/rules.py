import rules

from .documents import kinds_all


@rules.predicate
def may_request_some_document(user):
    """Whether the person may ask for at least one kind of document; the
    request itself then checks the kind and the object."""
    return any(kind.can_request(user) for kind in kinds_all())


rules.add_perm("reports.request_document", may_request_some_document)
