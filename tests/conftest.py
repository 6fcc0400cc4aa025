import pytest

from accounts.roles import Role

from .factories import MembershipFactory, SchoolFactory, UserFactory

PASSWORD = "correct horse battery"

# One named person per role. The headteacher and governor belong to school A;
# the "other" headteacher belongs to school B and must never see school A.
ROLE_USERS = {
    "ceo": (Role.CEO, None),
    "admin": (Role.ADMIN, None),
    "trust_reviewer": (Role.TRUST_REVIEWER, None),
    "external_reviewer": (Role.EXTERNAL_REVIEWER, None),
    "trustee": (Role.TRUSTEE, None),
    "headteacher": (Role.HEADTEACHER, "a"),
    "governor": (Role.GOVERNOR, "a"),
    "other_headteacher": (Role.HEADTEACHER, "b"),
    "no_role": (None, None),
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads and imports made by a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# Everyone signed in but the trust admin: those refused admin-only pages.
NOT_ADMINS = [key for key in ROLE_USERS if key != "admin"]


@pytest.fixture
def school_a(db):
    return SchoolFactory(
        urn="100001", name="Ashby Road Primary", local_authority="Derby"
    )


@pytest.fixture
def school_b(db):
    return SchoolFactory(urn="100002", name="Brook Lane Academy", phase="secondary")


def _make_user(key, schools):
    role, school_key = ROLE_USERS[key]
    user = UserFactory(
        email=f"{key}@example.org", full_name=key.replace("_", " ").title()
    )
    if role:
        MembershipFactory(user=user, role=role, school=schools.get(school_key))
    return user


@pytest.fixture
def people(school_a, school_b):
    """Every named user, keyed by role name."""
    schools = {"a": school_a, "b": school_b}
    return {key: _make_user(key, schools) for key in ROLE_USERS}


def _role_fixture(key):
    @pytest.fixture
    def fixture(people):
        return people[key]

    return fixture


ceo = _role_fixture("ceo")
admin_user = _role_fixture("admin")
trust_reviewer = _role_fixture("trust_reviewer")
external_reviewer = _role_fixture("external_reviewer")
trustee = _role_fixture("trustee")
headteacher = _role_fixture("headteacher")
governor = _role_fixture("governor")
other_headteacher = _role_fixture("other_headteacher")
