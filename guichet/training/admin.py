"""The training models in Django's admin, read-mostly: writes go through the services."""

from django.contrib import admin

from .models import Cohort, Course

admin.site.register(Course)
admin.site.register(Cohort)
