"""``homeroom token create|list|revoke``: the operator's way to manage API tokens.

``create`` prints the new secret on the last line of standard output (scripts rely on
that); ``list`` never shows a secret, only its prefix.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from homeroom.access.choices import TokenScope
from homeroom.access.models import ApiToken, User
from homeroom.access.services import (
    TOKEN_DEFAULT_DAYS,
    token_create,
    token_revoke,
    tokens_revoke_for,
)
from homeroom.lib.errors import RuleError


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username!r}")
    return user


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Manage API tokens: create, list, revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token for a user.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="What the token is for.")
        create.add_argument(
            "--scope",
            action="append",
            choices=TokenScope.values,
            help="read or write; repeat for both (default: read and write).",
        )
        create.add_argument(
            "--days", type=int, default=TOKEN_DEFAULT_DAYS, help="Days until it expires (1-365)."
        )
        listing = sub.add_parser("list", help="List tokens (never their secrets).")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Revoke one token by prefix, or all of a user's.")
        revoke.add_argument("prefix", nargs="?")
        revoke.add_argument("--all-for", metavar="USERNAME")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            self._list(options["username"])
        else:
            self._revoke(options["prefix"], options["all_for"])

    def _create(self, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        if not user.is_active:
            raise CommandError(f"user {user.username!r} is disabled")
        scopes = options["scope"] or TokenScope.values
        try:
            secret = token_create(
                user=user, name=options["name"], scopes=scopes, days=options["days"]
            )
        except RuleError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Token for {user.username} ({', '.join(sorted(set(scopes)))}; "
            f"{options['days']} days; shown once; it acts with their roles):"
        )
        self.stdout.write(secret)

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if username:
            tokens = tokens.filter(user=_user(username))
        self.stdout.write("prefix\tuser\tname\tscopes\tcreated\texpires\tlast used\trevoked")
        for t in tokens:
            row = [t.prefix, t.user.username, t.name, ",".join(t.scopes), _when(t.created_at)]
            row += [_when(t.expires_at), _when(t.last_used_at), _when(t.revoked_at)]
            self.stdout.write("\t".join(row))

    def _revoke(self, prefix: str | None, all_for: str | None) -> None:
        if bool(prefix) == bool(all_for):
            raise CommandError("give a token prefix or --all-for USERNAME (one of them)")
        if all_for:
            count = tokens_revoke_for(user=_user(all_for))
            self.stdout.write(f"Revoked {count} token(s) of {all_for}.")
            return
        matches = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not matches:
            raise CommandError(f"no live token with prefix {prefix!r}")
        if len(matches) > 1:
            raise CommandError(f"{len(matches)} live tokens share prefix {prefix!r}: use --all-for")
        token_revoke(token=matches[0])
        self.stdout.write(f"Revoked token {prefix} of {matches[0].user.username}.")
