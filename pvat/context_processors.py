from django.conf import settings


def trust(request):
    return {"trust_name": settings.TRUST_NAME}
