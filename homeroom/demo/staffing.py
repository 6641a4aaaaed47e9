"""Staff of the district: a user, a staff record and a role for each person."""

from __future__ import annotations

from homeroom.access.choices import Role
from homeroom.demo import tables
from homeroom.demo.context import Context
from homeroom.demo.names import Name
from homeroom.lib.names import compact_key, search_key, sort_key

DEMO_PASSWORD = "homeroom-demo-2026"
# Role -> the demo login that holds it (district admin, and staff at the demo school).
DEMO_USERNAMES = {
    Role.DISTRICT_ADMIN: "demo-admin",
    Role.SCHOOL_ADMIN: "demo-school-admin",
    Role.REGISTRAR: "demo-registrar",
    Role.COUNSELOR: "demo-counselor",
    Role.NURSE: "demo-nurse",
    Role.TEACHER: "demo-teacher",
    Role.GUARDIAN: "demo-guardian",
    Role.STUDENT: "demo-student",
}
DEMO_PASSWORD_KEY = "demo"
UNUSABLE_PASSWORD_KEY = "unusable"


def add_user(
    ctx: Context, username: str, name: Name, *, demo: bool, domain: str = "staff.example.org"
) -> int:
    """A login; only demo users get the demo password, everyone else none at all."""
    user_id = ctx.ids.one(tables.USER)
    password = ctx.password_hashes[DEMO_PASSWORD_KEY if demo else UNUSABLE_PASSWORD_KEY]
    first = (name.preferred_given_name or name.given_name)[:150]
    last = (name.preferred_family_name or name.family_name)[:150]
    email = f"{username}@{domain}"
    ctx.buffer.add(
        tables.USER,
        [(user_id, password, None, False, username, first, last, email, False, True, ctx.now,
          "en")],
    )  # fmt: skip
    return user_id


def add_role(ctx: Context, user_id: int, role: str, school_id: int | None) -> None:
    ctx.buffer.add(tables.ROLE, [(ctx.ids.one(tables.ROLE), user_id, role, school_id, None, None)])


def name_row(name: Name) -> tuple[str, ...]:
    """The six name parts and their search, sort and compact keys, as the PersonName
    columns hold them."""
    shown_given = name.preferred_given_name or name.given_name
    shown_family = name.preferred_family_name or name.family_name
    return (*name, search_key(name), sort_key(shown_given, shown_family), compact_key(name))


def hire(ctx: Context, role: str, school_id: int | None, count: int, *, demo: bool) -> list[int]:
    """``count`` staff in ``role`` at the school; the first is the demo login when ``demo``."""
    user_ids = []
    for i in range(count):
        culture = ctx.names.culture()
        name = ctx.names.adult(culture, ctx.names.gender(), ctx.names.family_name(culture))
        number = ctx.next("employee")
        is_demo = demo and i == 0
        username = DEMO_USERNAMES[Role(role)] if is_demo else f"staff{number:06d}"
        user_id = add_user(ctx, username, name, demo=is_demo)
        staff_id = ctx.ids.one(tables.STAFF)
        email = f"{username}@staff.example.org"
        ctx.buffer.add(
            tables.STAFF, [(staff_id, *name_row(name), f"E{number:06d}", email, user_id)]
        )
        add_role(ctx, user_id, role, school_id)
        user_ids.append(user_id)
    return user_ids


def portal_user(ctx: Context, role: str, name: Name) -> int:
    """The demo guardian's or demo student's family-portal login."""
    user_id = add_user(
        ctx, DEMO_USERNAMES[Role(role)], name, demo=True, domain="family.example.net"
    )
    add_role(ctx, user_id, role, None)
    return user_id
