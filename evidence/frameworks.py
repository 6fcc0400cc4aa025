"""The vocabularies of inspection frameworks and safeguarding audits, as
plain data with no Django imports, so pure rules can read them too."""

EIF_AREAS = [
    ("quality_of_education", "Quality of education"),
    ("behaviour_and_attitudes", "Behaviour and attitudes"),
    ("personal_development", "Personal development"),
    ("leadership_and_management", "Leadership and management"),
    ("early_years", "Early years provision"),
    ("sixth_form", "Sixth form provision"),
]
RENEWED_AREAS = [
    ("inclusion", "Inclusion"),
    ("curriculum_and_teaching", "Curriculum and teaching"),
    ("achievement", "Achievement"),
    ("attendance_and_behaviour", "Attendance and behaviour"),
    ("personal_development_and_wellbeing", "Personal development and well-being"),
    ("leadership_and_governance", "Leadership and governance"),
    ("early_years", "Early years"),
    ("post_16", "Post-16 (sixth form)"),
]

SAFEGUARDING_STANDARDS = [
    ("leadership", "Leadership and management of safeguarding"),
    ("policies_and_procedures", "Policies and procedures"),
    ("safer_workforce", "Safer workforce and recruitment"),
    ("training", "Training and staff knowledge"),
    ("safeguarding_in_practice", "Safeguarding in practice"),
    ("records", "Record keeping and referrals"),
]
