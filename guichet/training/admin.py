"""The training models in Django's admin, read-mostly: writes go through the services."""

from django.contrib import admin

from .models import Cohort, Course

admin.site.register(Course)


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "name_en", "course", "starts_on", "ends_on"]
    search_fields = ["name_fr", "name_ar", "name_en"]
