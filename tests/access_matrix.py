"""Who may use each URL: the expected answer per role.

Every named URL in the project must appear here; the test in
tests/test_access_matrix.py requests each one as each role and fails on any
difference, and on any URL pattern missing from this table.

Columns, in order (see ROLE_USERS in tests/conftest.py):
    anon  ceo  admin  reviewer  external  trustee  head  governor  other_head  none
"head" and "governor" belong to school A, which the URLs point at; "other_head"
is the headteacher of school B; "none" is signed in with no role. "reviewer"
is assigned to school A's focus day this year, so reads school A as a
trustee does; "external" is a reviewer with no assignment there.

Codes: a status number, "L" for a redirect to the sign-in page, "R" for any
other redirect.
"""

ROLES = [
    "anonymous",
    "ceo",
    "admin",
    "trust_reviewer",
    "external_reviewer",
    "trustee",
    "headteacher",
    "governor",
    "other_headteacher",
    "no_role",
]

SIGNED_IN = "L 200 200 200 200 200 200 200 200 200"
ADMIN_ONLY = "L 403 200 403 403 403 403 403 403 403"
ADMIN_ONLY_POST = "L 403 R 403 403 403 403 403 403 403"
PUBLIC = "200 200 200 200 200 200 200 200 200 200"
# The CEO, the admin and trustees see the trust-wide annual review.
REVIEW_READERS = "L 200 200 403 403 200 403 403 403 403"

# url name: (method, expected answers by role)
MATRIX = {
    "home": ("GET", SIGNED_IN),
    "healthz": ("GET", PUBLIC),
    "accounts:login": ("GET", "200 R R R R R R R R R"),
    # Signing out always lands on the sign-in page.
    "accounts:logout": ("POST", "L L L L L L L L L L"),
    "accounts:password_change": ("GET", SIGNED_IN),
    "accounts:password_change_done": ("GET", SIGNED_IN),
    "accounts:password_reset": ("GET", PUBLIC),
    "accounts:password_reset_done": ("GET", PUBLIC),
    "accounts:password_reset_confirm": ("GET", PUBLIC),
    "accounts:password_reset_complete": ("GET", PUBLIC),
    # With no password given first there is no code to ask for.
    "accounts:sign_in_code": ("GET", "L L L L L L L L L L"),
    "accounts:two_step": ("GET", SIGNED_IN),
    "accounts:two_step_setup": ("GET", SIGNED_IN),
    # Without the password the form is refused and the page says so.
    "accounts:two_step_off": ("POST", "L R R R R R R R R R"),
    # Nobody here has two-step sign-in on: nothing to renew.
    "accounts:two_step_recovery_codes": ("POST", "L R R R R R R R R R"),
    "accounts:people": ("GET", ADMIN_ONLY),
    "accounts:person_create": ("GET", ADMIN_ONLY),
    "accounts:person_detail": ("GET", ADMIN_ONLY),
    "accounts:person_set_active": ("POST", ADMIN_ONLY_POST),
    "accounts:person_two_step_reset": ("POST", ADMIN_ONLY_POST),
    "accounts:membership_create": ("POST", ADMIN_ONLY_POST),
    "accounts:membership_end": ("POST", ADMIN_ONLY_POST),
    "schools:list": ("GET", SIGNED_IN),
    "schools:create": ("GET", ADMIN_ONLY),
    "schools:detail": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "schools:edit": ("GET", "L 403 200 403 404 403 403 403 404 404"),
    "schools:gias_import": ("GET", ADMIN_ONLY),
    "schools:gias_import_preview": ("GET", "L 403 404 403 403 403 403 403 403 403"),
    "schools:calendar": ("GET", SIGNED_IN),
    "schools:calendar_create": ("GET", ADMIN_ONLY),
    "schools:calendar_year": ("GET", SIGNED_IN),
    "schools:areas": ("GET", SIGNED_IN),
    "schools:area_create": ("GET", ADMIN_ONLY),
    "schools:area_edit": ("GET", ADMIN_ONLY),
    # Evidence. URLs point at school A; head and governor belong to it.
    "evidence:overview": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "evidence:source": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "evidence:record_create": ("GET", "L 200 200 403 404 403 403 403 404 404"),
    "evidence:record_edit": ("GET", "L 200 200 403 404 403 403 403 404 404"),
    "evidence:document_upload": ("GET", "L 200 200 403 404 403 200 403 404 404"),
    "evidence:document_download": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "evidence:document_scrutinise": ("GET", "L 200 200 403 404 403 403 403 404 404"),
    "evidence:comparators": ("GET", SIGNED_IN),
    "evidence:comparator_create": ("GET", ADMIN_ONLY),
    "evidence:comparator_edit": ("GET", ADMIN_ONLY),
    "evidence:import": ("GET", ADMIN_ONLY),
    "evidence:import_template": ("GET", ADMIN_ONLY),
    "evidence:import_preview": ("GET", "L 403 404 403 403 403 403 403 403 403"),
    # Categorisation. School URLs point at school A.
    "categorisation:school_tier": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "categorisation:decision_create": (
        "GET",
        "L 200 200 403 404 403 403 403 404 404",
    ),
    "categorisation:joining_review_create": (
        "GET",
        "L 200 200 403 404 403 403 403 404 404",
    ),
    "categorisation:joining_review": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "categorisation:tiers": ("GET", SIGNED_IN),
    "categorisation:rule_sets": ("GET", SIGNED_IN),
    "categorisation:rule_set_edit": ("GET", ADMIN_ONLY),
    "categorisation:annual_reviews": ("GET", REVIEW_READERS),
    "categorisation:annual_review": ("GET", REVIEW_READERS),
    "categorisation:annual_review_item": (
        "GET",
        "L 200 200 403 403 403 403 403 403 403",
    ),
    "categorisation:annual_review_finalise": (
        "POST",
        "L R R 403 403 403 403 403 403 403",
    ),
    "categorisation:annual_review_report": ("GET", REVIEW_READERS),
    # Visits. School URLs point at school A and a visit there.
    "visits:school_visits": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "visits:school_cadence": ("GET", "L 200 200 403 404 403 403 403 404 404"),
    "visits:detail": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "visits:note_edit": ("GET", "L 200 200 403 404 403 403 403 404 404"),
    # An empty draft is a bad request for those who may write the note.
    "visits:note_autosave": ("POST", "L 400 400 403 404 403 403 403 404 404"),
    # Marking an earlier visit's action done: those who plan visits.
    "visits:action_done": ("POST", "L R R 403 404 403 403 403 404 404"),
    # School A's focus day is scheduled with the trust reviewer assigned.
    "visits:school_focus_days": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "visits:focus_day_request": ("GET", "L 200 200 403 404 403 200 403 404 404"),
    "visits:focus_day": ("GET", "L 200 200 200 404 200 200 200 404 404"),
    "visits:focus_day_schedule": ("GET", "L 200 200 403 404 403 403 403 404 404"),
    "visits:focus_day_report": ("GET", "L 200 200 200 404 403 403 403 404 404"),
    # The scheduled day: the school's head may withdraw only a request.
    "visits:focus_day_withdraw": ("GET", "L 200 200 403 404 403 403 403 404 404"),
    "visits:focus_days": ("GET", "L 200 200 200 403 200 403 403 403 403"),
    "visits:workload": ("GET", "L 200 200 403 403 403 403 403 403 403"),
    # Trust configuration everyone reads; only the admin saves it.
    "visits:cadences": ("GET", SIGNED_IN),
    "visits:calendar_link": ("GET", SIGNED_IN),
    # An unknown feed token finds nothing, whoever asks.
    "visits:calendar_feed": ("GET", "404 404 404 404 404 404 404 404 404 404"),
    # Reports. The rendering is a ready PDF of the annual review, which is
    # trust-wide: its readers are the review's readers.
    "reports:request": ("POST", "L R R R 403 R 403 403 403 403"),
    "reports:status": ("GET", REVIEW_READERS),
    "reports:retry": ("POST", "L R R 403 403 R 403 403 403 403"),
    "reports:download": ("GET", REVIEW_READERS),
    # Django's technical admin checks is_staff itself; none of these people
    # is staff, so each is sent to the admin's own sign-in page.
    "admin:*": ("GET", "R R R R R R R R R R"),
}


def expected(url_name):
    method, codes = MATRIX[url_name]
    return method, dict(zip(ROLES, codes.split(), strict=True))
