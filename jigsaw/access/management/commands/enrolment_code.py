"""Issue a one-time two-factor set-up code from the command line (audited like the screen).

manage.py enrolment_code issue USERNAME   prints the code, once

For the first administrator (nobody yet can issue them one on screen) and for the service desk.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jigsaw.core.exceptions import ApplicationError

from ...services import enrolment_code_display, enrolment_code_issue


class Command(BaseCommand):
    help = "Issue a one-time code with which a user sets up (or replaces) their authenticator app."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a set-up code for a user; prints it once")
        issue.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(**options)

    def handle_issue(self, *, username: str, **_: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the username {username}")
        try:
            issued = enrolment_code_issue(actor=None, user=user)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        # The code alone on stdout, so a script can capture it; the rest on stderr.
        self.stderr.write(
            f"Set-up code for {user.username}, valid once until {issued.enrolment.expires_at:%Y-%m-%d %H:%M %Z}. "
            "Give it to them in person or by phone; it cannot be shown again."
        )
        self.stdout.write(enrolment_code_display(issued.code))
