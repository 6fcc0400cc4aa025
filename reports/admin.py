from django.contrib import admin

from .models import Rendering


@admin.register(Rendering)
class RenderingAdmin(admin.ModelAdmin):
    """Read-only: renderings change only through the pipeline."""

    list_display = ["pk", "kind", "object_id", "school", "status", "requested_at"]
    list_filter = ["status", "kind"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
