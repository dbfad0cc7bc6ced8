"""Email delivery for administrators (Django admin): which notification emails have not gone
out, how often they were tried and the mail relay's last answer. Delivery facts only: no title,
body, person or kind (a restricted team's notice must not show here), and nothing to edit."""

from django.contrib import admin

from jigsaw.access.choices import Role

from .models import Notification


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("failing", "Failing (tried, not delivered)"), ("waiting", "Not yet tried"), ("sent", "Delivered")]

    def queryset(self, request, queryset):
        unsent = queryset.filter(send_email=True, sent_at__isnull=True).exclude(email="")
        if self.value() == "failing":
            return unsent.filter(attempts__gt=0)
        if self.value() == "waiting":
            return unsent.filter(attempts=0)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    list_display = ("pk", "email", "created_at", "attempts", "last_attempt_at", "last_error", "sent_at")
    list_filter = (DeliveryFilter,)
    search_fields = ("email",)
    fields = list_display
    readonly_fields = list_display
    ordering = ("-created_at",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The admin site lets in staff; of them, only system administrators see delivery.
        user = request.user
        return bool(user.is_active and (user.is_superuser or user.role == Role.SYSTEM_ADMINISTRATOR))
