"""The seeder's bulk-written users and role grants get the events the recorder would write."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

from homeroom.access.models import RoleAssignment, User
from homeroom.audit.models import Action, AuditEvent
from homeroom.audit.recorder import AUDITED_MODELS, build_event, diff, snapshot
from homeroom.demo import tables
from tests.demo.conftest import district, seeded  # noqa: F401  (fixtures)


@pytest.mark.parametrize("model", [User, RoleAssignment])
def test_seeded_logins_and_roles_have_the_recorders_create_event(district: int, model) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    label = model._meta.label_lower
    created = AuditEvent.objects.filter(model=label, action="create")
    assert created.count() == model.objects.count() > 0
    for sample in (model.objects.order_by("pk").first(), model.objects.order_by("pk").last()):
        event = created.get(object_id=str(sample.pk))
        expected = build_event(sample, Action.CREATE, diff({}, snapshot(sample)))
        assert event.changes == expected.changes
        assert (event.actor_label, event.via) == ("system:seed", "command")


def test_seeded_password_hashes_are_not_in_the_trail(district: int) -> None:  # noqa: F811
    admin = User.objects.get(username="demo-admin")
    event = AuditEvent.objects.get(model="access.user", object_id=str(admin.pk))
    assert event.changes["password"] == [None, "(set)"]
    assert "last_login" not in event.changes
    text = json.dumps(list(AuditEvent.objects.filter(model="access.user").values("changes")))
    assert admin.password not in text
    assert "pbkdf2" not in text
    assert "md5$" not in text


def test_every_seeded_table_of_an_audited_model_gets_events() -> None:
    audited = {apps.get_model(label) for label in AUDITED_MODELS}
    seeded_audited = {t.name for t in tables.ORDER if t.model in audited}
    assert seeded_audited == {t.name for t in tables.AUDITED}
