from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views, views_two_step
from .access import public, signed_in

app_name = "accounts"


def _done(name):
    return reverse_lazy(f"accounts:{name}")


urlpatterns = [
    path("sign-in/", public(views.SignInView.as_view()), name="login"),
    path("sign-out/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("sign-in/code/", views_two_step.sign_in_code, name="sign_in_code"),
    path("two-step/", views_two_step.settings_page, name="two_step"),
    path("two-step/set-up/", views_two_step.setup, name="two_step_setup"),
    path("two-step/off/", views_two_step.turn_off, name="two_step_off"),
    path(
        "two-step/recovery-codes/",
        views_two_step.recovery_codes,
        name="two_step_recovery_codes",
    ),
    path(
        "password/",
        signed_in(
            auth_views.PasswordChangeView.as_view(
                success_url=_done("password_change_done")
            )
        ),
        name="password_change",
    ),
    path(
        "password/changed/",
        signed_in(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        public(
            auth_views.PasswordResetView.as_view(
                success_url=_done("password_reset_done"),
                email_template_name="registration/password_reset_email.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        public(
            views.NewPasswordView.as_view(success_url=_done("password_reset_complete"))
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/active/", views.person_set_active, name="person_set_active"),
    path(
        "people/<int:pk>/two-step/reset/",
        views_two_step.person_two_step_reset,
        name="person_two_step_reset",
    ),
    path("people/<int:pk>/roles/", views.membership_create, name="membership_create"),
    path(
        "people/<int:pk>/roles/<int:membership_pk>/end/",
        views.membership_end,
        name="membership_end",
    ),
]
