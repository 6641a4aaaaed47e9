"""``homeroom db_roles``: the application's database role cannot rewrite the audit trail.

PostgreSQL only. Roles are shared by the whole cluster, so each run makes its own and
drops them, giving the tables back to the test database's owner.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import override_settings

from homeroom.audit.db_roles import append_only_tables

ON_POSTGRESQL = connection.vendor == "postgresql"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="database roles on PostgreSQL"),
]
PASSWORD = "app-role-test-password"
EVENT = (
    "INSERT INTO audit_auditevent (at, actor_label, via, action, model, object_id, changes, reason)"
    " VALUES (now(), 'app', 'web', 'create', 'x.y', '1', '{}', '')"
)


@dataclass
class Roles:
    owner: str
    app: str

    def login(self) -> psycopg.Connection:
        """A new connection that logs in as the application role."""
        s = connection.settings_dict
        return psycopg.connect(
            host=s["HOST"] or None,
            port=s["PORT"] or None,
            dbname=s["NAME"],
            user=self.app,
            password=PASSWORD,
            autocommit=True,
        )


def _run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def roles(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Roles]:
    """Fresh roles set up by the command; everything handed back and dropped afterwards."""
    suffix = uuid.uuid4().hex[:10]
    made = Roles(owner=f"hr_test_owner_{suffix}", app=f"hr_test_app_{suffix}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, nspowner::regrole::text FROM pg_namespace "
                       "WHERE nspname = current_schema()")  # fmt: skip
        me, schema_owner = cursor.fetchone()
    monkeypatch.setenv("HR_TEST_APP_PASSWORD", PASSWORD)
    try:
        call_command(
            "db_roles",
            owner=made.owner,
            app=made.app,
            password_env="HR_TEST_APP_PASSWORD",
            stdout=io.StringIO(),
        )
        yield made
    finally:
        _run("RESET ROLE")
        for name in (made.app, made.owner):
            _run(f"""DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                     REASSIGN OWNED BY "{name}" TO "{me}"; DROP OWNED BY "{name}";
                     DROP ROLE "{name}"; END IF; END $$""")
        _run(f"ALTER SCHEMA public OWNER TO {schema_owner}")


def test_the_audit_tables_come_from_the_models() -> None:
    assert {"audit_auditevent", "audit_disclosure"} <= set(append_only_tables())


def test_app_role_appends_to_the_trail_but_cannot_rewrite_or_bypass_it(roles: Roles) -> None:
    with roles.login() as app, app.cursor() as cursor:
        cursor.execute("SELECT current_user, current_setting('is_superuser')")
        assert cursor.fetchone() == (roles.app, "off")
        cursor.execute(EVENT)
        cursor.execute(
            "INSERT INTO audit_disclosure (at, actor_label, via, student_id, kind, outcome, "
            "aspects, purpose, student_count) "
            "VALUES (now(), 'app', 'web', 1, 'view', 'granted', '[]', 'test', 1)"
        )
        for table in append_only_tables():
            for statement in (
                f"UPDATE {table} SET id = id",
                f"DELETE FROM {table}",
                f"TRUNCATE {table}",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                    cursor.execute(statement)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="must be owner"):
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="session_replication_role"):
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE actor_label = 'app'")
        assert cursor.fetchone() == (1,)


def test_app_role_still_writes_ordinary_tables(roles: Roles) -> None:
    with roles.login() as app, app.cursor() as cursor:
        cursor.execute(
            "INSERT INTO districts_district (name, cds_code, receiving_school_access) "
            "VALUES ('D', '7654321', 'after_confirmation') RETURNING id"
        )
        (district,) = cursor.fetchone()
        cursor.execute("UPDATE districts_district SET name = 'E' WHERE id = %s", [district])
        cursor.execute("DELETE FROM districts_district WHERE id = %s", [district])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cursor.execute("TRUNCATE districts_district CASCADE")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cursor.execute("CREATE TABLE app_made (id int)")


def test_tables_a_later_migration_creates_get_the_app_grants(roles: Roles) -> None:
    _run(f'SET ROLE "{roles.owner}"')
    _run("CREATE TABLE hr_later (id bigserial PRIMARY KEY, note text)")
    _run("RESET ROLE")
    with roles.login() as app, app.cursor() as cursor:
        cursor.execute("INSERT INTO hr_later (note) VALUES ('x')")
        cursor.execute("UPDATE hr_later SET note = 'y'")


def test_grants_drifting_open_are_closed_again_after_migrate(roles: Roles) -> None:
    _run(f'GRANT UPDATE, DELETE, TRUNCATE ON audit_auditevent TO "{roles.app}"')
    _run(f'SET ROLE "{roles.owner}"')
    try:
        with override_settings(HOMEROOM_DB_APP_ROLE=roles.app):
            audit = apps.get_app_config("audit")
            post_migrate.send(sender=audit, app_config=audit, using="default", verbosity=0)
    finally:
        _run("RESET ROLE")
    with (
        roles.login() as app,
        app.cursor() as cursor,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cursor.execute("TRUNCATE audit_auditevent")


def test_grant_only_reapplies_and_a_rerun_changes_nothing(roles: Roles) -> None:
    _run(f'GRANT TRUNCATE ON audit_disclosure TO "{roles.app}"')
    out = io.StringIO()
    call_command("db_roles", owner=roles.owner, app=roles.app, grant_only=True, stdout=out)
    assert "audit_auditevent" in out.getvalue()
    call_command("db_roles", owner=roles.owner, app=roles.app, stdout=io.StringIO())
    with roles.login() as app, app.cursor() as cursor:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cursor.execute("TRUNCATE audit_disclosure")
        cursor.execute(EVENT)


def test_a_superuser_is_never_taken_as_a_role(roles: Roles) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (me,) = cursor.fetchone()
    with pytest.raises(CommandError, match="superuser"):
        call_command("db_roles", owner=roles.owner, app=me, stdout=io.StringIO())


def test_the_app_role_is_made_to_own_nothing_or_refused(roles: Roles) -> None:
    _run(f'CREATE TABLE hr_app_owned (id int); ALTER TABLE hr_app_owned OWNER TO "{roles.app}"')
    with pytest.raises(CommandError, match="not owned by"):
        call_command("db_roles", owner=roles.owner, app=roles.app, grant_only=True)
    call_command("db_roles", owner=roles.owner, app=roles.app, stdout=io.StringIO())
    with (
        roles.login() as app,
        app.cursor() as cursor,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cursor.execute("DROP TABLE hr_app_owned")
    _run(f'CREATE SCHEMA hr_side_{roles.app} AUTHORIZATION "{roles.app}"')
    with pytest.raises(CommandError, match="owns 1 relations, schemas or functions"):
        call_command("db_roles", owner=roles.owner, app=roles.app, stdout=io.StringIO())
