"""Writes about people and their roles. Each logs the ids it changed."""

import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Membership, User
from .roles import SCHOOL_ROLES, Role

logger = logging.getLogger(__name__)


def user_invite(*, email, full_name, invited_by, request=None):
    """Create an account with no usable password and queue an e-mail with a
    link to set one. The e-mail leaves only once the account is committed."""
    from .tasks import send_invitation

    user = User.objects.create_user(email=email, full_name=full_name)
    logger.info("User %s invited by user %s", user.pk, invited_by.pk)
    domain = get_current_site(request).domain if request else settings.SITE_DOMAIN
    use_https = bool(request and request.is_secure())
    send_invitation.delay_on_commit(user.pk, domain, use_https)
    return user


def invitation_send(*, user, domain, use_https):
    """E-mail a link to choose a password. Django's reset form skips accounts
    without a usable password, so the token is made here. Sending twice is
    harmless: every link stops working once a password is chosen."""
    context = {
        "user": user,
        "domain": domain,
        "site_name": settings.TRUST_NAME,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    PasswordResetForm().send_mail(
        "registration/invitation_subject.txt",
        "registration/invitation_email.txt",
        context,
        None,
        user.email,
    )
    logger.info("Invitation sent to user %s", user.pk)


def membership_add(*, user, role, school=None, added_by):
    """Give a person a role, trust-wide or at one school."""
    role = Role(role)
    if role in SCHOOL_ROLES and school is None:
        raise ValidationError({"school": "Choose the school for this role."})
    if role not in SCHOOL_ROLES:
        school = None
    if user.memberships.current().filter(role=role, school=school).exists():
        raise ValidationError("This person already holds that role there.")
    membership = Membership.objects.create(user=user, role=role, school=school)
    logger.info(
        "Membership %s added: user %s role %s school %s by user %s",
        membership.pk,
        user.pk,
        role.value,
        getattr(school, "pk", None),
        added_by.pk,
    )
    return membership


def membership_end(*, membership, ended_by):
    """End a role; the membership stays as history."""
    if membership.ended_at is not None:
        return membership
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    logger.info("Membership %s ended by user %s", membership.pk, ended_by.pk)
    return membership


def user_set_active(*, user, is_active, changed_by):
    if user.pk == changed_by.pk and not is_active:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    logger.info(
        "User %s %s by user %s",
        user.pk,
        "reactivated" if is_active else "deactivated",
        changed_by.pk,
    )
    return user
