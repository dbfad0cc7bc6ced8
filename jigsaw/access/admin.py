"""User administration for system administrators (Django admin, behind sign-in and two-factor).

People records are deliberately not in the admin: they are read only through the access policy.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.decorators import login_required

from .models import Agency, Team, User

# The admin's own login page would skip two-factor: send people to Jigsaw's sign-in instead.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = "Jigsaw administration"
admin.site.site_title = "Jigsaw administration"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "agency", "team", "is_active", "last_login")
    list_filter = ("role", "agency", "team", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Jigsaw", {"fields": ("full_name", "role", "agency", "team", "job_title")}),
    )

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users who have done anything are named in the audit log: deactivate, never delete.
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    # The safeguarding email is where a school or GP practice hears that a plan started or ended.
    list_display = ("name", "kind", "email")
    list_filter = ("kind",)
    search_fields = ("name", "email")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "restricted_area")
    list_filter = ("agency", "restricted_area")
