"""The PostgreSQL roles production runs with: an owner for migrations, a restricted app role.

The owner owns the schema, every table, sequence and function; migrations run as it.
The application connects as a role that owns nothing, is no superuser and no member of
the owner, and has ``SELECT, INSERT, UPDATE, DELETE`` on ordinary tables but only
``SELECT, INSERT`` on the append-only tables (every model deriving from
:class:`~homeroom.audit.models.AppendOnlyModel`). So it cannot ``UPDATE``, ``DELETE`` or
``TRUNCATE`` the trail, cannot disable its triggers (only an owner can) and cannot set
``session_replication_role`` (only a superuser can). See docs/audit.md.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.db.models.signals import post_migrate

from homeroom.audit.models import AppendOnlyModel

ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
ORDINARY = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY = "SELECT, INSERT"
ROLE_ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
# Relation kinds in pg_class and the ALTER statement that names each.
RELATIONS = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
}


class DbRolesError(Exception):
    """The roles cannot be set up as asked; the message says why."""


def quoted(name: str) -> str:
    """``name`` as an SQL identifier; only plain role and schema names are accepted."""
    if not ROLE_NAME.match(name):
        raise DbRolesError(f"{name!r} is not a plain name (letters, digits, underscore)")
    return f'"{name}"'


def append_only_tables() -> list[str]:
    """Tables whose rows are never changed: every installed append-only model's."""
    return sorted(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if issubclass(m, AppendOnlyModel)
    )


def _one(cursor: CursorWrapper, sql: str, params: list[Any] | None = None) -> Any:
    cursor.execute(sql, params)
    row = cursor.fetchone()
    return row[0] if row else None


def _role(cursor: CursorWrapper, name: str) -> tuple[bool, bool] | None:
    """(is superuser, can log in) for an existing role, else None."""
    cursor.execute("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = %s", [name])
    row = cursor.fetchone()
    return (bool(row[0]), bool(row[1])) if row else None


def ensure_roles(
    cursor: CursorWrapper,
    *,
    owner: str,
    app: str,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> None:
    """Create or correct both roles: neither a superuser, the app not a member of the owner.

    The owner is created ``NOLOGIN`` (migrate with ``options=-c role=<owner>`` as a
    member of it) and logs in once given a password; a password not given is left as it
    was. Needs a superuser.
    """
    if owner == app:
        raise DbRolesError("the owner and the application role must differ")
    for name in (owner, app):
        existing = _role(cursor, name)
        if existing and existing[0]:
            raise DbRolesError(f"role {name!r} is a superuser; choose another name")
        if existing is None:
            cursor.execute(f"CREATE ROLE {quoted(name)} {ROLE_ATTRIBUTES}")
        cursor.execute(f"ALTER ROLE {quoted(name)} {ROLE_ATTRIBUTES}")
    if owner_password:
        cursor.execute(f"ALTER ROLE {quoted(owner)} LOGIN PASSWORD %s", [owner_password])
    cursor.execute(f"ALTER ROLE {quoted(app)} LOGIN")
    if app_password:
        cursor.execute(f"ALTER ROLE {quoted(app)} PASSWORD %s", [app_password])
    member = (
        "SELECT 1 FROM pg_auth_members WHERE roleid = (SELECT oid FROM pg_roles WHERE rolname = %s)"
        " AND member = (SELECT oid FROM pg_roles WHERE rolname = %s)"
    )
    if _one(cursor, member, [owner, app]):
        cursor.execute(f"REVOKE {quoted(owner)} FROM {quoted(app)}")
    database = _one(cursor, "SELECT current_database()")
    cursor.execute(f"GRANT CONNECT ON DATABASE {quoted(database)} TO {quoted(app)}")


def transfer_ownership(cursor: CursorWrapper, *, owner: str) -> None:
    """Make ``owner`` the owner of the current schema and everything in it."""
    schema = _one(cursor, "SELECT current_schema()")
    cursor.execute(f"ALTER SCHEMA {quoted(schema)} OWNER TO {quoted(owner)}")
    cursor.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'f', 'v', 'm') ORDER BY c.relname",
        [schema],
    )
    for name, kind in cursor.fetchall():
        cursor.execute(f'ALTER {RELATIONS[kind]} "{name}" OWNER TO {quoted(owner)}')
    # Sequences that belong to a column follow their table; the others are moved here.
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
        "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))",
        [schema],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'ALTER SEQUENCE "{name}" OWNER TO {quoted(owner)}')
    cursor.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = %s AND NOT EXISTS (SELECT 1 FROM pg_depend d "
        "WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')",
        [schema],
    )
    for (signature,) in cursor.fetchall():
        cursor.execute(f"ALTER ROUTINE {signature} OWNER TO {quoted(owner)}")


def apply_grants(cursor: CursorWrapper, *, owner: str, app: str) -> list[str]:
    """Give ``app`` exactly its privileges on every relation ``owner`` has in the schema.

    Runs as the owner (after each ``migrate``) or a superuser; idempotent. Returns the
    append-only tables found. Raises if a relation in the schema has another owner
    (a migration run as the wrong role): the app would have no rights on it.
    """
    schema = _one(cursor, "SELECT current_schema()")
    who, to = quoted(owner), quoted(app)
    for name in (owner, app):
        if _role(cursor, name) is None:
            raise DbRolesError(f"role {name!r} does not exist (run `homeroom db_roles` first)")
    cursor.execute(
        "SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
        "AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') ORDER BY c.relname",
        [schema],
    )
    relations = cursor.fetchall()
    strays = sorted(name for name, _kind, by in relations if by != owner)
    if strays:
        raise DbRolesError(
            f"not owned by {owner!r}: {', '.join(strays)} (run `homeroom db_roles` as a superuser)"
        )
    append_only = set(append_only_tables())
    cursor.execute(f"REVOKE CREATE ON SCHEMA {quoted(schema)} FROM PUBLIC")
    cursor.execute(f"GRANT USAGE ON SCHEMA {quoted(schema)} TO {to}")
    for name, kind, _by in relations:
        if kind == "S":
            cursor.execute(f'REVOKE ALL ON SEQUENCE "{name}" FROM {to}')
            cursor.execute(f'GRANT USAGE ON SEQUENCE "{name}" TO {to}')
            continue
        cursor.execute(f'REVOKE ALL ON TABLE "{name}" FROM {to}')
        if name in append_only:
            cursor.execute(f'REVOKE ALL ON TABLE "{name}" FROM PUBLIC')
        privileges = APPEND_ONLY if name in append_only else ORDINARY
        cursor.execute(f'GRANT {privileges} ON TABLE "{name}" TO {to}')
    in_schema = f"FOR ROLE {who} IN SCHEMA {quoted(schema)}"
    cursor.execute(f"ALTER DEFAULT PRIVILEGES {in_schema} GRANT {ORDINARY} ON TABLES TO {to}")
    cursor.execute(f"ALTER DEFAULT PRIVILEGES {in_schema} GRANT USAGE ON SEQUENCES TO {to}")
    present = {name for name, _kind, _by in relations}
    return sorted(append_only & present)


def problems(cursor: CursorWrapper, *, owner: str, app: str) -> list[str]:
    """What would let ``app`` rewrite the trail; empty when the setup holds."""
    found = []
    role = _role(cursor, app)
    if role is None:
        return [f"role {app!r} does not exist"]
    if role[0]:
        found.append(f"{app} is a superuser")
    if _one(cursor, "SELECT pg_has_role(%s, %s, 'MEMBER')", [app, owner]):
        found.append(f"{app} is a member of {owner}")
    owns = (
        "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)"
        " + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)"
        " + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)"
        " FROM pg_roles r WHERE r.rolname = %s"
    )
    owned = _one(cursor, owns, [app])
    if owned:
        found.append(f"{app} owns {owned} relations, schemas or functions")
    for table in append_only_tables():
        for privilege in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"):
            if _one(cursor, "SELECT has_table_privilege(%s, %s, %s)", [app, table, privilege]):
                found.append(f"{app} has {privilege} on {table}")
    replica = "SELECT has_parameter_privilege(%s, 'session_replication_role', 'SET')"
    if _one(cursor, replica, [app]):
        found.append(f"{app} may set session_replication_role")
    return found


def _grant_after_migrate(using: str, **kwargs: Any) -> None:
    """After ``migrate``: re-apply the app role's grants to the tables it just made."""
    app = settings.HOMEROOM_DB_APP_ROLE
    connection = connections[using]
    if not app or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        apply_grants(cursor, owner=_one(cursor, "SELECT current_user"), app=app)


def connect() -> None:
    post_migrate.connect(
        _grant_after_migrate,
        sender=apps.get_app_config("audit"),
        dispatch_uid="audit-db-roles-grants",
    )
