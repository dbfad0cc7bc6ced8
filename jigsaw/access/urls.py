from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/set-up-code/", views.enrol, name="enrol"),
    path("set-up-codes/", views.enrolment_codes, name="enrolment-codes"),
    path("set-up-codes/<int:user_id>/", views.enrolment_code_new, name="enrolment-code-new"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("", views.account, name="account"),
]
