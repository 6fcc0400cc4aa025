from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import Role
from demo.seed import DEMO_PASSWORD, seed_demo
from schools.models import School


class Command(BaseCommand):
    help = (
        "Create or refresh the demo trust (fictional schools, one login per role "
        "and the academic calendar). Safe to run repeatedly. Refused in production."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is refused under production settings: demo logins "
                "must never exist on a live system."
            )
        people = seed_demo()
        names = dict(School.objects.values_list("urn", "name"))
        self.stdout.write(self.style.SUCCESS("Demo trust ready."))
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        for person in people:
            schools = ", ".join(names[urn] for urn in person.school_urns)
            where = f"  ({schools})" if schools else ""
            self.stdout.write(f"  {Role(person.role).label:<18} {person.email}{where}")
        self.stdout.write(
            "The other schools' headteachers sign in as head.<URN>@demo.pvat.example."
        )
