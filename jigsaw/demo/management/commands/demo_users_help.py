"""`manage.py demo_users_help`: how to sign in to the demo, one user per role."""

from django.conf import settings
from django.core.management.base import BaseCommand

from jigsaw.access.choices import Role
from jigsaw.access.models import User
from jigsaw.demo.generator import DEMO_PASSWORD

URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Print the demo sign-in details: the address, each demo user name with its role, and the password."

    def handle(self, *args, **options) -> None:
        users = {u.username: u for u in User.objects.filter(username__in=Role.values).select_related("team")}
        out = self.stdout
        out.write(f"Jigsaw demo: sign in at {URL}")
        out.write(f"Password for every demo user: {DEMO_PASSWORD}")
        out.write("")
        width = max(len(v) for v in Role.values)
        out.write(f"  {'user name'.ljust(width)}  role")
        for role in Role:
            user = users.get(role.value)
            where = f" — {user.full_name}, {user.team.name}" if user and user.team else ""
            missing = "" if user else "  (not made yet: run manage.py seed_demo)"
            out.write(f"  {role.value.ljust(width)}  {role.label}{where}{missing}")
        out.write("")
        state = "on" if settings.JIGSAW_DEMO_MODE else "off"
        out.write(
            "Two-factor sign-in is relaxed for these demo users only, and only in demo mode "
            f"(JIGSAW_DEMO_MODE, {state} now). Every other user, and every user outside demo mode, "
            "must use an authenticator app."
        )
        out.write("Everyone in the demo council is synthetic: no real people.")
