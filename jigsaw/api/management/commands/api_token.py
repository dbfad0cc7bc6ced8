"""Issue, revoke and list API tokens from the command line (audited like the screens).

manage.py api_token issue USERNAME --name NAME [--days N]   prints the secret, once
manage.py api_token revoke TOKEN_ID_OR_PREFIX
manage.py api_token list
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from jigsaw.core.exceptions import ApplicationError

from ...selectors import api_token_find, api_token_list
from ...services import DEFAULT_DAYS, MAX_DAYS, api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = "Issue, revoke or list API tokens for the partner agency API."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a token for a user; prints the secret once")
        issue.add_argument("username")
        issue.add_argument("--name", required=True, help="What the token is for, e.g. 'Police case system'")
        issue.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"Days until it expires (1 to {MAX_DAYS}, default {DEFAULT_DAYS})",
        )
        revoke = sub.add_parser("revoke", help="Revoke a token, by its number or its prefix (jig_XXXXXXXX)")
        revoke.add_argument("token")
        sub.add_parser("list", help="List every token and its status")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(**options)

    def handle_issue(self, *, username: str, name: str, days: int, **_: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with the username {username}")
        try:
            issued = api_token_issue(actor=None, user=user, name=name, days=days)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        token = issued.token
        # The secret alone on stdout, so a script can capture it; the rest on stderr.
        self.stderr.write(
            f"Issued token {token.pk} ({token.prefix}…, '{token.name}') for {user.username}, "
            f"expires {token.expires_at:%Y-%m-%d}. Copy it now: it cannot be shown again."
        )
        self.stdout.write(issued.secret)

    def handle_revoke(self, *, token: str, **_: Any) -> None:
        try:
            found = api_token_find(fetched_by=None, id_or_prefix=token)
        except Http404:
            raise CommandError(f"No token {token}: give its number or its prefix, like jig_AbCd1234") from None
        try:
            api_token_revoke(actor=None, token=found)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Revoked token {found.pk} ({found.prefix}…, '{found.name}') for {found.user.username}")

    def handle_list(self, **_: Any) -> None:
        tokens = list(api_token_list(fetched_by=None))
        if not tokens:
            self.stdout.write("No tokens")
            return
        header = ("id", "prefix", "user", "name", "created", "last used", "expires", "status")
        rows = [
            (
                str(t.pk),
                t.prefix,
                t.user.username,
                t.name,
                f"{t.created_at:%Y-%m-%d}",
                f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
                f"{t.expires_at:%Y-%m-%d}",
                t.status.value,
            )
            for t in tokens
        ]
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
