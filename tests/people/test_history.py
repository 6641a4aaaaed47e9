"""The record history in words: each kind of event the demo records, in English and Spanish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from homeroom.audit.context import Actor, acting_as
from homeroom.audit.models import AuditEvent
from homeroom.enrollment.models import DocumentCheck, EnrollmentClaim
from homeroom.people.history import Described, describe
from homeroom.people.models import Student
from homeroom.people.services import student_update
from tests import factories as f
from tests.conftest import World

pytestmark = pytest.mark.django_db

AUG_12 = dt.date(2026, 8, 12)


def sentences(student: Student, language: str) -> list[str]:
    """The history of ``student`` (and their guardians), oldest first, in ``language``."""
    guardian_ids = [str(g) for g in student.guardianships.values_list("guardian_id", flat=True)]
    events = AuditEvent.objects.filter(student_id=student.pk) | AuditEvent.objects.filter(
        model="people.guardian", object_id__in=guardian_ids
    )
    with translation.override(language):
        return [d.sentence for d in describe(events.order_by("at", "id"))]


@pytest.fixture
def registrar(world: World) -> Actor:
    """The registrar, Ana Ruiz, acting from the web."""
    user = world.users["registrar"]
    f.StaffFactory(user=user, given_name="Ana", family_name="Ruiz")
    return Actor(user_id=user.pk, label=user.username, via="web")


@pytest.fixture
def student() -> Student:
    return f.StudentFactory(given_name="Lucía", family_name="Ibáñez", home_language="01")


def test_a_student_change_names_the_field_and_the_languages(
    student: Student, registrar: Actor
) -> None:
    with acting_as(registrar):
        student_update(student=student, home_language="00", reason="the family asked")
    english = sentences(student, "en")[-1]
    spanish = sentences(student, "es")[-1]
    assert english == (
        "Home language: Spanish → English (by Ana Ruiz (Registrar), reason: the family asked)"
    )
    assert spanish == (
        "Idioma del hogar: Español → Inglés (por Ana Ruiz (Registro escolar), "
        "motivo: the family asked)"
    )
    assert "00" not in english
    assert "people." not in english


def test_the_creation_of_a_record_says_who_and_when_born(student: Student) -> None:
    assert (
        sentences(student, "en")[0]
        == "Record created: Lucía Ibáñez, born March 14, 2011 (by the system)"
    )
    assert sentences(student, "es")[0] == (
        "Expediente creado: Lucía Ibáñez, nacido el 14 de marzo de 2011 (por el sistema)"
    )


def test_a_guardian_added_and_their_custody_changed(student: Student) -> None:
    mother = f.GuardianFactory(given_name="María Guadalupe", family_name="Ibáñez")
    link = f.GuardianshipFactory(student=student, guardian=mother, relationship="mother")
    link.custody = "joint"
    link.save()
    english = sentences(student, "en")
    assert "Guardian record created: María Guadalupe Ibáñez (by the system)" in english
    assert (
        "Guardian added: María Guadalupe Ibáñez (mother, full custody) (by the system)" in english
    )
    assert english[-1] == (
        "Guardianship of María Guadalupe Ibáñez: Custody: Full custody → Joint custody "
        "(by the system)"
    )
    spanish = sentences(student, "es")
    assert "Tutor añadido: María Guadalupe Ibáñez (madre, custodia completa) (por el sistema)" in (
        spanish
    )
    assert spanish[-1] == (
        "Tutela de María Guadalupe Ibáñez: Custodia: Custodia completa → Custodia compartida "
        "(por el sistema)"
    )


def test_a_guardian_change_names_the_guardian(student: Student) -> None:
    mother = f.GuardianFactory(given_name="María", family_name="Ibáñez", phone="")
    f.GuardianshipFactory(student=student, guardian=mother)
    mother.preferred_language = "01"
    mother.save()
    assert sentences(student, "en")[-1] == (
        "Guardian María Ibáñez: Preferred language: English → Spanish (by the system)"
    )
    assert sentences(student, "es")[-1] == (
        "Tutor María Ibáñez: Idioma preferido: Inglés → Español (por el sistema)"
    )


def test_an_enrollment_and_its_exit(student: Student) -> None:
    school = f.SchoolFactory(name="Roosevelt High")
    enrollment = f.EnrollmentFactory(student=student, school=school, entry_date=AUG_12)
    enrollment.exit_date, enrollment.exit_reason = dt.date(2027, 1, 29), "T160"
    enrollment.save()
    english = sentences(student, "en")
    assert english[-2] == "Enrolled at Roosevelt High, grade 9, from Aug. 12, 2026 (by the system)"
    assert english[-1] == (
        "Exited Roosevelt High on Jan. 29, 2027: Transfer within the district (by the system)"
    )
    spanish = sentences(student, "es")
    assert spanish[-2] == (
        "Matriculado en Roosevelt High, grado 9, desde el 12 de agosto de 2026 (por el sistema)"
    )
    assert spanish[-1] == (
        "Salida de Roosevelt High el 29 de enero de 2027: Traslado dentro del distrito "
        "(por el sistema)"
    )


def test_a_class_placement_and_its_drop(student: Student) -> None:
    school = f.SchoolFactory()
    period = f.PeriodFactory(school=school, code="2", name="Period 2")
    section = f.SectionFactory(
        course=f.CourseFactory(school=school, title="Algebra I"), period=period
    )
    row = f.RosterFactory(section=section, student=student, entry_date=AUG_12)
    row.exit_date = dt.date(2026, 9, 1)
    row.save()
    english = sentences(student, "en")
    assert english[-2] == "Placed in Algebra I (Period 2) from Aug. 12, 2026 (by the system)"
    assert english[-1] == "Dropped from Algebra I (Period 2) on Sept. 1, 2026 (by the system)"
    spanish = sentences(student, "es")
    assert (
        spanish[-2]
        == "Inscrito en Algebra I (Period 2) desde el 12 de agosto de 2026 (por el sistema)"
    )
    assert (
        spanish[-1]
        == "Dado de baja de Algebra I (Period 2) el 1 de septiembre de 2026 (por el sistema)"
    )


def test_a_caseload_assignment_names_the_counselor(student: Student) -> None:
    counselor = f.StaffFactory(given_name="Rosa", family_name="Marín").user
    f.CaseloadFactory(counselor=counselor, student=student)
    assert sentences(student, "en")[-1] == "Added to the caseload of Rosa Marín (by the system)"
    assert sentences(student, "es")[-1] == "Añadido a los casos de Rosa Marín (por el sistema)"


def test_a_document_check_names_the_document(student: Student, registrar: Actor) -> None:
    with acting_as(registrar):
        DocumentCheck.objects.create(
            student=student,
            kind="proof_of_address",
            document_date=dt.date(2026, 7, 1),
            checked_on=AUG_12,
        )
    assert sentences(student, "en")[-1] == (
        "Document checked: Proof of address, dated July 1, 2026 (by Ana Ruiz (Registrar))"
    )
    assert sentences(student, "es")[-1] == (
        "Documento revisado: Comprobante de domicilio, con fecha 1 de julio de 2026 "
        "(por Ana Ruiz (Registro escolar))"
    )


def test_a_claim_and_its_confirmation(world: World, student: Student) -> None:
    claim = EnrollmentClaim.objects.create(
        kind="transfer",
        student=student,
        from_school=world.other,
        to_school=world.own,
        grade_level="9",
        status="10",
        entry_date=AUG_12,
        reason="moved",
    )
    claim.state = "confirmed"
    claim.save()
    english = sentences(student, "en")
    assert english[-2] == (
        "Own High asked for the student (transfer in): grade 9 from Aug. 12, 2026; "
        "the current school is Other High (by the system)"
    )
    assert english[-1] == "Request from Own High: confirmed (by the system)"
    spanish = sentences(student, "es")
    assert spanish[-2] == (
        "Own High pidió al alumno (recibir traslado): grado 9 desde el 12 de agosto de 2026; "
        "la escuela actual es Other High (por el sistema)"
    )
    assert spanish[-1] == "Solicitud de Own High: confirmada (por el sistema)"


def test_a_secret_stays_set_or_changed() -> None:
    event = AuditEvent(
        model="people.student",
        action="update",
        object_id="0",
        actor_label="system",
        changes={"ssid": ["(set)", "(changed)"]},
    )
    [described] = describe([event])
    assert described.text == "State student id: (set) → (changed)"


def test_an_unknown_model_still_reads() -> None:
    event = AuditEvent(
        model="nowhere.thing",
        action="update",
        object_id="1",
        actor_label="system",
        changes={"colour_code": ["1", "2"]},
    )
    [described] = describe([event])
    assert described.text == "nowhere.thing changed: Colour code: 1 → 2"


def test_the_raw_values_are_kept_as_stored(student: Student) -> None:
    student_update(student=student, home_language="00")
    [described] = describe([AuditEvent.objects.filter(student_id=student.pk).first()])
    assert isinstance(described, Described)
    assert described.raw == [("home_language", '"01"', '"00"')]


def test_describing_a_page_costs_the_same_queries_for_few_or_many_events(
    student: Student, registrar: Actor
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            describe(AuditEvent.objects.filter(student_id=student.pk))
        return len(ctx.captured_queries)

    f.GuardianshipFactory(student=student)
    few = count()
    with acting_as(registrar):
        for i in range(10):
            f.GuardianshipFactory(student=student)
            f.EnrollmentFactory(
                student=student,
                entry_date=dt.date(2000 + i, 8, 1),
                exit_date=dt.date(2000 + i, 9, 1),
                exit_reason="T160",
            )
            student_update(student=student, middle_name=f"M{i}")
    assert count() <= few + 4  # the kinds of record named, not the events


def test_the_page_shows_sentences_and_the_stored_values(world: World) -> None:
    student_update(student=world.own_student, home_language="01", reason="survey")
    client = world.client("registrar")
    html = client.get(
        reverse("audit:student_history", args=[world.own_student.pk])
    ).content.decode()
    assert "Home language: English → Spanish" in html
    assert "<details" in html
    assert "<code>home_language</code>" in html
    assert "&quot;00&quot;" in html
    assert "&quot;01&quot;" in html
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    html = client.get(
        reverse("audit:student_history", args=[world.own_student.pk])
    ).content.decode()
    assert "Idioma del hogar: Inglés → Español" in html


def test_the_api_gives_a_summary_in_the_language_asked(world: World) -> None:
    student_update(student=world.own_student, home_language="01", reason="survey")
    url = f"/api/v1/students/{world.own_student.pk}/audit"
    english = world.client("registrar").get(url, **world.api("registrar")).json()["items"][0]
    assert english["summary"] == "Home language: English → Spanish (by the system, reason: survey)"
    assert english["changes"] == {"home_language": ["00", "01"]}
    spanish = (
        world.client("registrar")
        .get(url, HTTP_ACCEPT_LANGUAGE="es", **world.api("registrar"))
        .json()["items"][0]
    )
    assert spanish["summary"] == (
        "Idioma del hogar: Inglés → Español (por el sistema, motivo: survey)"
    )
