from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from pvat.lists import csv_response, list_context, wants_csv

from . import services, throttling, two_step
from .access import permission_required
from .filters import PersonFilter
from .forms import MembershipForm, PersonForm, SignInForm
from .models import Membership, User

MANAGE = "accounts.manage_people"


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        """A right password signs in, unless the person uses two-step
        sign-in: then the code page asks for the second step."""
        user = form.get_user()
        if not two_step.is_on(user):
            return super().form_valid(form)
        two_step.sign_in_pending(self.request, user)
        url = reverse("accounts:sign_in_code")
        target = self.get_redirect_url()
        if target:
            url += "?" + urlencode({REDIRECT_FIELD_NAME: target})
        return redirect(url)


class NewPasswordView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the e-mailed link also lifts a sign-in
    pause on the address: whoever holds the mailbox has shown it is theirs."""

    def form_valid(self, form):
        response = super().form_valid(form)
        throttling.sign_in_pause_lift(form.user)
        return response


def _people_queryset():
    memberships = Membership.objects.current().select_related("school")
    return User.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="current_memberships")
    )


@permission_required(MANAGE)
def person_list(request):
    people = PersonFilter(request.GET, queryset=_people_queryset())
    if wants_csv(request):
        rows = (
            [
                person.full_name,
                person.email,
                "Active" if person.is_active else "Deactivated",
                "; ".join(str(membership) for membership in person.current_memberships),
            ]
            for person in people.qs
        )
        return csv_response("people.csv", ["Name", "Email", "Status", "Roles"], rows)
    context = list_context(request, people)
    return render(request, "accounts/person_list.html", context)


@permission_required(MANAGE)
def person_create(request):
    person_form = PersonForm(request.POST or None, prefix="person")
    role_form = MembershipForm(request.POST or None, prefix="role")
    if request.method == "POST" and person_form.is_valid() and role_form.is_valid():
        with transaction.atomic():
            person = services.user_invite(
                email=person_form.cleaned_data["email"],
                full_name=person_form.cleaned_data["full_name"],
                invited_by=request.user,
                request=request,
            )
            services.membership_add(
                user=person, added_by=request.user, **role_form.cleaned_data
            )
        messages.success(
            request,
            f"{person.full_name} was added and e-mailed a link to set a password.",
        )
        return redirect("accounts:person_detail", pk=person.pk)
    context = {"person_form": person_form, "role_form": role_form}
    return render(request, "accounts/person_create.html", context)


@permission_required(MANAGE)
def person_detail(request, pk):
    person = get_object_or_404(User, pk=pk)
    form = PersonForm(request.POST or None, instance=person, prefix="person")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Details saved.")
        return redirect("accounts:person_detail", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "role_form": MembershipForm(prefix="role"),
        "memberships": person.memberships.select_related("school").order_by(
            "ended_at", "role"
        ),
        "has_two_step": two_step.is_on(person),
    }
    return render(request, "accounts/person_detail.html", context)


@require_POST
@permission_required(MANAGE)
def membership_create(request, pk):
    person = get_object_or_404(User, pk=pk)
    form = MembershipForm(request.POST, prefix="role")
    if form.is_valid():
        try:
            services.membership_add(
                user=person, added_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Role added.")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("accounts:person_detail", pk=person.pk)


@require_POST
@permission_required(MANAGE)
def membership_end(request, pk, membership_pk):
    membership = get_object_or_404(Membership, pk=membership_pk, user_id=pk)
    services.membership_end(membership=membership, ended_by=request.user)
    messages.success(request, f"{membership} ended. It stays in the history.")
    return redirect("accounts:person_detail", pk=pk)


@require_POST
@permission_required(MANAGE)
def person_set_active(request, pk):
    person = get_object_or_404(User, pk=pk)
    is_active = request.POST.get("is_active") == "true"
    try:
        services.user_set_active(
            user=person, is_active=is_active, changed_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        state = "reactivated" if is_active else "deactivated"
        messages.success(request, f"{person.full_name} was {state}.")
    return redirect("accounts:person_detail", pk=pk)
