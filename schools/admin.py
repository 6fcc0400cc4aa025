from django.contrib import admin

from .models import AcademicYear, HalfTerm, ImprovementArea, School, Term


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "phase", "status"]
    list_filter = ["phase", "status"]
    search_fields = ["name", "urn"]


@admin.register(ImprovementArea)
class ImprovementAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    inlines = [TermInline]


admin.site.register(HalfTerm)
