from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence"

    def ready(self):
        from schools.profile import profile_tab_register

        profile_tab_register(
            label="Evidence",
            url_name="evidence:overview",
            position=10,
            also_current=(
                "evidence:source",
                "evidence:record_create",
                "evidence:record_edit",
                "evidence:document_upload",
                "evidence:document_scrutinise",
            ),
        )
