"""Two-step sign-in pages: the code after the password, and each person's
own settings. The rules are in accounts.two_step."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pvat.redirects import safe_next

from . import two_step
from .access import permission_required, public, signed_in
from .forms import CodeForm, TurnOffForm
from .models import User

NEW_CODES_KEY = "two_step_new_codes"


@public
def sign_in_code(request):
    """The second step: the code from the app, or a recovery code."""
    user = two_step.pending_user(request)
    if user is None:
        messages.info(request, "Sign in with your password first.")
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    wait = two_step.sign_in_wait_seconds(user)
    if request.method == "POST" and form.is_valid() and wait:
        form.add_error("code", _wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        if two_step.sign_in_with_code(request, user, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        if two_step.pending_user(request) is None:
            messages.error(
                request,
                "Too many wrong codes. Sign in with your password again.",
            )
            return redirect("accounts:login")
        form.add_error(
            "code",
            "That code is not right. Codes change every 30 seconds: type the one "
            "your app shows now, or a recovery code.",
        )
    context = {"form": form, "next": request.GET.get(REDIRECT_FIELD_NAME, "")}
    return render(request, "registration/sign_in_code.html", context)


def _next_url(request):
    return safe_next(request, request.GET.get(REDIRECT_FIELD_NAME, "")) or "home"


@signed_in
def settings_page(request):
    user = request.user
    context = {
        "is_on": two_step.is_on(user),
        "is_required": two_step.is_required(user),
        "codes_left": two_step.recovery_codes_left(user),
        "new_codes": request.session.pop(NEW_CODES_KEY, None),
        "turn_off_form": TurnOffForm(user=user),
    }
    return render(request, "registration/two_step.html", context)


@signed_in
def setup(request):
    user = request.user
    if two_step.is_on(user):
        return redirect("accounts:two_step")
    device = two_step.setup_device(user)
    form = CodeForm(request.POST or None)
    wait = two_step.wait_seconds(device)
    if request.method == "POST" and form.is_valid() and wait:
        form.add_error("code", _wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        codes = two_step.setup_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes:
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, "Two-step sign-in is on.")
            return redirect("accounts:two_step")
        form.add_error(
            "code",
            "That code is not right. Check the app shows this account, then type "
            "the code it shows now.",
        )
    context = {
        "form": form,
        "qr_code": two_step.qr_code_svg(device),
        "secret": two_step.secret_of(device),
        "is_required": two_step.is_required(user),
    }
    return render(request, "registration/two_step_setup.html", context)


@signed_in
@require_POST
def turn_off(request):
    user = request.user
    form = TurnOffForm(request.POST, user=user)
    if two_step.is_required(user):
        messages.error(request, "Your role needs two-step sign-in, so it stays on.")
    elif form.is_valid():
        two_step.turn_off(user, by=user)
        messages.success(request, "Two-step sign-in is off.")
    else:
        messages.error(request, "Two-step sign-in is still on: " + _first(form))
    return redirect("accounts:two_step")


@signed_in
@require_POST
def recovery_codes(request):
    if not two_step.is_on(request.user):
        return redirect("accounts:two_step")
    request.session[NEW_CODES_KEY] = two_step.recovery_codes_renew(request.user)
    messages.success(request, "New recovery codes made; the old ones no longer work.")
    return redirect("accounts:two_step")


@permission_required("accounts.manage_people")
@require_POST
def person_two_step_reset(request, pk):
    """For someone who lost their phone: they set it up again at sign-in."""
    person = get_object_or_404(User, pk=pk)
    two_step.turn_off(person, by=request.user)
    messages.success(
        request,
        f"Two-step sign-in was reset for {person.full_name or person.email}. "
        "They set it up again after their next sign-in if their role needs it.",
    )
    return redirect("accounts:person_detail", pk=person.pk)


def _wait_message(seconds):
    unit = "second" if seconds == 1 else "seconds"
    return (
        f"After a wrong code, wait {seconds} {unit} before the next: then type "
        "the code your app shows."
    )


def _first(form):
    return next(iter(form.errors.values()))[0]
