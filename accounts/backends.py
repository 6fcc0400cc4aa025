from django.contrib.auth.backends import ModelBackend


class SignInBackend(ModelBackend):
    """Checks e-mail and password, and grants no permissions.

    Every permission in this app comes from django-rules predicates over
    memberships; Django's per-user and group permission tables are unused, so
    asking them would only cost two queries per page.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False
