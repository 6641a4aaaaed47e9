"""The enrollment pages: intake, careers, placement, the report and pre-registration."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeroom.audit.models import AuditEvent
from homeroom.enrollment.models import DocumentCheck, Enrollment, EnrollmentClaim, PreRegistration
from homeroom.people.models import Student
from homeroom.scheduling.models import SectionEnrollment
from tests import factories as f
from tests.conftest import World

TODAY = timezone.localdate


def new_student_data(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "given_name": "Zoë",
        "family_name": "D'Arcy",
        "birth_date": "2011-05-06",
        "grade_level": "9",
        "entry_date": TODAY().isoformat(),
        "school": world.own.pk,
        "guardian_given_name": "Marta",
        "guardian_family_name": "D'Arcy",
        "guardian_relationship": "mother",
        "guardian_phone": "(213) 555-0142",
    }
    return {**data, **changes}


def enroll_data(world: World, status: str) -> dict[str, Any]:
    """The enroll form, filled in for the registrar's own school, grade 9, from today."""
    return {
        "action": "enroll",
        "school": world.own.pk,
        "grade_level": "9",
        "entry_date": TODAY().isoformat(),
        "status": status,
    }


def other_registrar(world: World) -> Client:
    user = f.UserFactory(username="other-registrar")
    f.RoleFactory(user=user, role="registrar", school=world.other)
    client = Client()
    client.force_login(user)
    return client


def own_enrollment(world: World) -> Enrollment:
    return world.child.enrollments.get()


def fields_of(html: str) -> list[str]:
    """Names of the fields a person fills in (not hidden, not the CSRF token)."""
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    names = []
    for tag in tags:
        if 'type="hidden"' in tag:
            continue
        found = re.search(r'name="([^"]+)"', tag)
        if found:
            names.append(found.group(1))
    return names


# ---- intake --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "counselor", "nurse", "guardian", "student"])
def test_intake_is_refused_to_roles_without_intake_rights(world: World, role: str) -> None:
    client = world.client(role)
    assert client.get(reverse("enrollment:intake")).status_code == 403
    assert client.get(reverse("enrollment:new_student")).status_code == 403


def test_intake_finds_students_across_the_district_with_their_reasons(world: World) -> None:
    response = world.client("registrar").get(
        reverse("enrollment:intake"), {"name": "bo other", "birth_date": "2011-03-14"}
    )
    html = response.content.decode()
    assert world.other_student.district_id in html
    assert "same name" in html
    assert "same birth date" in html
    assert "Other High" in html
    # Enroll here, but no link to a record at a school the registrar does not serve.
    assert reverse("enrollment:enroll", args=[world.other_student.pk]) in html
    assert f'href="{reverse("people:student", args=[world.other_student.pk])}"' not in html


def test_intake_offers_open_record_for_a_student_the_user_may_see(world: World) -> None:
    response = world.client("registrar").get(reverse("enrollment:intake"), {"name": "ana own"})
    assert reverse("people:student", args=[world.own_student.pk]) in response.content.decode()


def test_no_match_leads_to_the_new_student_form_prefilled(world: World) -> None:
    client = world.client("registrar")
    response = client.get(
        reverse("enrollment:intake"),
        {"name": "Zoë D'Arcy", "birth_date": "2011-05-06", "phone": "213 555 0142"},
    )
    html = response.content.decode()
    assert "No student in the district matches." in html
    new_url = re.search(r'href="(/enrollment/intake/new/\?[^"]+)"', html).group(1)  # type: ignore[union-attr]
    form = client.get(new_url.replace("&amp;", "&")).content.decode()
    assert 'value="Zoë"' in form
    assert 'value="D&#x27;Arcy"' in form
    assert 'value="2011-05-06"' in form
    assert 'value="213 555 0142"' in form


def test_the_new_student_form_has_at_most_ten_fields(world: World) -> None:
    html = world.client("registrar").get(reverse("enrollment:new_student")).content.decode()
    assert len(fields_of(html)) <= 10, fields_of(html)
    # One school: no select, the school is given.
    assert 'name="school"' in html
    assert '<select name="school"' not in html


def test_new_student_creates_student_enrollment_and_guardian(world: World) -> None:
    response = world.client("registrar").post(
        reverse("enrollment:new_student"), new_student_data(world)
    )
    student = Student.objects.get(given_name="Zoë")
    enrollment = student.enrollments.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enrollment:manage", args=[enrollment.pk])
    assert (enrollment.school, enrollment.grade_level) == (world.own, "9")
    link = student.guardianships.get()
    assert (link.guardian.given_name, link.relationship) == ("Marta", "mother")


def test_a_refused_guardian_leaves_no_student_behind(world: World) -> None:
    response = world.client("registrar").post(
        reverse("enrollment:new_student"), new_student_data(world, guardian_given_name="---")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["guardian_given_name"]
    assert not Student.objects.filter(given_name="Zoë").exists()


def test_a_grade_the_school_does_not_serve_is_shown_on_the_grade(world: World) -> None:
    response = world.client("registrar").post(
        reverse("enrollment:new_student"), new_student_data(world, grade_level="3")
    )
    assert "grade_level" in response.context["form"].errors
    assert not Student.objects.filter(given_name="Zoë").exists()


def test_a_possible_duplicate_needs_the_different_child_confirmation(world: World) -> None:
    client = world.client("registrar")
    same = new_student_data(
        world, given_name="ANA", family_name="own", birth_date=world.own_student.birth_date
    )
    response = client.post(reverse("enrollment:new_student"), same)
    html = response.content.decode()
    assert response.status_code == 200
    assert "confirm_different_child" in response.context["form"].errors
    assert world.own_student.district_id in html
    assert "This is a different child" in html
    assert Student.objects.filter(identity_key=world.own_student.identity_key).count() == 1

    response = client.post(
        reverse("enrollment:new_student"), {**same, "confirm_different_child": "on"}
    )
    assert response.status_code == 302
    twin = Student.objects.get(identity_key=world.own_student.identity_key, duplicate_ordinal=1)
    assert AuditEvent.objects.filter(reason__contains="different child").exists()
    assert twin.enrollments.get().school == world.own


# ---- enrolling an existing student ---------------------------------------------------------


def test_registrar_enrolls_a_student_from_another_school_as_secondary(world: World) -> None:
    """Another school's student: a request with a reason, in force once that school confirms."""
    url = reverse("enrollment:enroll", args=[world.other_student.pk])
    client = world.client("registrar")
    page = client.get(url).content.decode()
    assert "Other High" in page
    assert world.other_student.district_id in page
    response = client.post(url, enroll_data(world, "20"))
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    response = client.post(url, {**enroll_data(world, "20"), "reason": "Evening ESL class"})
    assert response.status_code == 302
    assert not world.other_student.enrollments.filter(school=world.own).exists()
    claim = EnrollmentClaim.objects.get(student=world.other_student)
    assert (claim.state, claim.reason, claim.from_school) == (
        "pending",
        "Evening ESL class",
        world.other,
    )

    other = other_registrar(world)
    assert "Evening ESL class" in other.get(reverse("enrollment:claims")).content.decode()
    decided = other.post(reverse("enrollment:claims"), {"claim": claim.pk, "decision": "confirm"})
    assert decided.status_code == 302
    assert world.other_student.enrollments.filter(school=world.own, status="20").exists()


def test_a_second_primary_enrollment_is_refused_with_the_message(world: World) -> None:
    url = reverse("enrollment:enroll", args=[world.other_student.pk])
    response = world.client("registrar").post(url, enroll_data(world, "10"))
    assert response.status_code == 200
    assert "Other High" in str(response.context["form"].errors["entry_date"])


def test_the_receiving_school_asks_and_the_sending_school_confirms_a_transfer(
    world: World,
) -> None:
    url = reverse("enrollment:enroll", args=[world.other_student.pk])
    body = {"action": "transfer", "transfer-to_school": world.own.pk, "transfer-date": "2026-09-01"}
    client = world.client("registrar")
    assert "reason" in client.post(url, body).context["moving"].errors
    response = client.post(url, {**body, "transfer-reason": "The family moved"})
    assert response.status_code == 302
    day = dt.date(2026, 9, 2)
    assert Enrollment.objects.on(day).get(student=world.other_student).school == world.other
    claim = EnrollmentClaim.objects.get(student=world.other_student, kind="transfer")
    other_registrar(world).post(
        reverse("enrollment:claims"), {"claim": claim.pk, "decision": "confirm"}
    )
    assert Enrollment.objects.on(day).get(student=world.other_student).school == world.own


def test_teacher_may_not_enroll(world: World) -> None:
    url = reverse("enrollment:enroll", args=[world.other_student.pk])
    assert world.client("teacher").get(url).status_code == 403


# ---- managing one enrollment -------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "counselor", "nurse", "guardian", "student"])
def test_manage_and_schedule_are_404_for_other_roles(world: World, role: str) -> None:
    e = own_enrollment(world)
    client = world.client(role)
    assert client.get(reverse("enrollment:manage", args=[e.pk])).status_code == 404
    assert client.get(reverse("scheduling:placement", args=[e.pk])).status_code == 404


def test_the_other_schools_registrar_cannot_manage_an_own_school_enrollment(
    world: World,
) -> None:
    e = own_enrollment(world)
    client = other_registrar(world)
    assert client.get(reverse("enrollment:manage", args=[e.pk])).status_code == 404
    response = client.post(
        reverse("enrollment:manage", args=[e.pk]),
        {"action": "exit", "exit-exit_date": "2026-09-01", "exit-exit_reason": "T200"},
    )
    assert response.status_code == 404
    e.refresh_from_db()
    assert e.exit_date is None


def test_exit_with_a_reason(world: World) -> None:
    e = own_enrollment(world)
    url = reverse("enrollment:manage", args=[e.pk])
    response = world.client("registrar").post(
        url, {"action": "exit", "exit-exit_date": "2026-09-01", "exit-exit_reason": "T200"}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.exit_date, e.exit_reason) == (dt.date(2026, 9, 1), "T200")


def test_an_exit_before_entry_shows_the_rule_on_the_date(world: World) -> None:
    e = own_enrollment(world)
    response = world.client("registrar").post(
        reverse("enrollment:manage", args=[e.pk]),
        {"action": "exit", "exit-exit_date": "2019-01-01", "exit-exit_reason": "T200"},
    )
    assert response.status_code == 200
    assert "exit_date" in response.context["forms"]["exit"].errors


def test_transfer_to_another_district_school(world: World) -> None:
    e = own_enrollment(world)
    response = world.client("registrar").post(
        reverse("enrollment:manage", args=[e.pk]),
        {"action": "transfer", "transfer-to_school": world.other.pk, "transfer-date": "2026-09-01"},
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.exit_reason == "T160"
    assert world.child.enrollments.get(exit_date=None).school == world.other


def test_arrival_no_show_and_grade_change(world: World) -> None:
    client = world.client("registrar")
    fresh = f.EnrollmentFactory(school=world.own, entry_date=dt.date(2026, 8, 12))
    url = reverse("enrollment:manage", args=[fresh.pk])
    assert client.post(url, {"action": "no_show", "no_show-reason": ""}).status_code == 302
    fresh.refresh_from_db()
    assert (fresh.exit_reason, fresh.exit_date) == ("N470", fresh.entry_date)

    e = own_enrollment(world)
    url = reverse("enrollment:manage", args=[e.pk])
    response = client.post(url, {"action": "arrived", "arrived-date": "2026-08-20"})
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.arrived_on == dt.date(2026, 8, 20)
    response = client.post(
        url, {"action": "grade", "grade-date": "2026-09-01", "grade-grade_level": "10"}
    )
    opened = world.child.enrollments.get(exit_date=None)
    assert response["Location"] == reverse("enrollment:manage", args=[opened.pk])
    assert opened.grade_level == "10"


# ---- placement ---------------------------------------------------------------------------


def test_schedule_lists_sections_with_seats_and_places_the_student(world: World) -> None:
    student = f.StudentFactory()
    e = f.EnrollmentFactory(student=student, school=world.own)
    section = f.SectionFactory(
        course=f.CourseFactory(school=world.own, title="Algebra"), capacity=2
    )
    f.SectionFactory(course=f.CourseFactory(school=world.other, title="Elsewhere"))
    url = reverse("scheduling:placement", args=[e.pk])
    client = world.client("registrar")
    html = client.get(url).content.decode()
    assert "Algebra" in html
    assert "0/2" in html
    assert "Elsewhere" not in html
    response = client.post(url, {"section": section.pk, "day": TODAY().isoformat()})
    assert response.status_code == 302
    assert SectionEnrollment.objects.filter(student=student, section=section).exists()
    row = SectionEnrollment.objects.get(student=student, section=section)
    client.post(url, {"action": "drop", "row": row.pk})
    row.refresh_from_db()
    assert row.exit_date is not None


def test_a_full_section_is_refused_on_the_section_field(world: World) -> None:
    e = f.EnrollmentFactory(school=world.own)
    section = f.SectionFactory(course=f.CourseFactory(school=world.own), capacity=1)
    f.RosterFactory(section=section)
    response = world.client("registrar").post(
        reverse("scheduling:placement", args=[e.pk]),
        {"section": section.pk, "day": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert "full" in str(response.context["form"].errors["section"])


# ---- the report --------------------------------------------------------------------------


def test_report_lists_a_student_with_no_schedule_and_the_fix_works(world: World) -> None:
    client = world.client("registrar")
    newcomer = f.StudentFactory(given_name="Newt", family_name="Comer")
    e = f.EnrollmentFactory(student=newcomer, school=world.own, arrived_on=TODAY())
    f.SectionFactory(course=f.CourseFactory(school=world.own))
    response = client.get(reverse("enrollment:report"))
    rows = response.context["report"].rows["no_schedule"]
    assert [r.student_name for r in rows] == ["Newt Comer"]
    fix = rows[0].fix_url
    assert fix == reverse("scheduling:placement", args=[e.pk])
    html = response.content.decode()
    assert fix in html
    assert "Place in classes" in html
    page = client.get(fix)
    section = page.context["form"].fields["section"].queryset.first()
    client.post(fix, {"section": section.pk, "day": TODAY().isoformat()})
    after = client.get(reverse("enrollment:report")).context["report"]
    assert after.rows["no_schedule"] == []


def test_report_query_count_does_not_grow_with_rows(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        f.EnrollmentFactory(school=world.own)
    PreRegistration.objects.all().delete()
    client = world.client("registrar")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("enrollment:report"))
    assert response.context["report"].counts["no_schedule"] == 15


def test_report_refuses_a_school_the_user_does_not_manage(world: World) -> None:
    client = world.client("registrar")
    assert client.get(reverse("enrollment:report"), {"school": "2222222"}).status_code == 404
    district = world.client("district_admin")
    response = district.get(reverse("enrollment:report"), {"school": "all", "date": "2026-09-01"})
    assert response.status_code == 200
    assert response.context["report"].day == dt.date(2026, 9, 1)
    assert "Whole district" in response.content.decode()
    assert world.client("teacher").get(reverse("enrollment:report")).status_code == 403


# ---- pre-registration ------------------------------------------------------------------------


def family_registers(world: World, client: Client, lang: str = "en") -> PreRegistration:
    """A family goes through the four public pages; returns the submitted pre-registration."""
    start = reverse("enrollment:family_start")
    if lang != "en":
        assert client.get(f"{start}?lang={lang}").status_code == 302
    page = client.get(start)
    assert page.status_code == 200
    response = client.post(start, {"email": "familia@example.org", "phone": ""})
    assert response["Location"] == reverse("enrollment:family_code")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    other = "000000" if code != "000000" else "111111"
    wrong = client.post(reverse("enrollment:family_code"), {"code": other})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    response = client.post(reverse("enrollment:family_code"), {"code": code})
    assert response["Location"] == reverse("enrollment:family_details")
    response = client.post(
        reverse("enrollment:family_details"),
        {
            "given_name": "Mateo",
            "family_name": "Ñúñez",
            "birth_date": "2012-02-02",
            "school": world.own.pk,
            "grade_level": "9",
            "guardian_given_name": "Lucía",
            "guardian_family_name": "Ñúñez",
            "guardian_relationship": "mother",
            "guardian_phone": "(323) 555-0199",
            "guardian_email": "",
            "address": "12 Main St",
        },
    )
    assert response["Location"] == reverse("enrollment:family_done")
    return PreRegistration.objects.get(status="submitted")


def test_family_pre_registers_in_spanish_and_the_registrar_completes(world: World) -> None:
    family = Client()
    p = family_registers(world, family, lang="es")
    assert p.language == "es"
    assert "código" in mail.outbox[-1].body
    done = family.get(reverse("enrollment:family_done")).content.decode()
    assert "Comprobante de domicilio" in done
    assert str(p.public_id)[:8] in done
    # The handle lives in the session, never in the family's URLs.
    assert family.session["homeroom_prereg"] == str(p.public_id)

    registrar = world.client("registrar")
    listing = registrar.get(reverse("enrollment:prereg_list")).content.decode()
    url = reverse("enrollment:prereg", args=[p.public_id])
    assert url in listing
    assert "Mateo" in listing
    response = registrar.post(
        url,
        {
            "proof_of_address": "on",
            "proof_of_address_date": "2026-10-01",
            "birth_certificate": "on",
            "entry_date": TODAY().isoformat(),
        },
    )
    student = Student.objects.get(given_name="Mateo")
    assert response["Location"] == reverse("people:student", args=[student.pk])
    assert set(DocumentCheck.objects.filter(student=student).values_list("kind", flat=True)) == {
        "proof_of_address",
        "birth_certificate",
    }
    assert student.enrollments.get().school == world.own
    p.refresh_from_db()
    assert p.status == "completed"


def test_prereg_review_is_for_the_schools_office_only(world: World) -> None:
    p = family_registers(world, Client())
    url = reverse("enrollment:prereg", args=[p.public_id])
    assert other_registrar(world).get(url).status_code == 404
    assert world.client("teacher").get(url).status_code == 403
    assert world.client("district_admin").get(url).status_code == 200


def test_family_pages_without_a_session_go_back_to_the_start(db: None) -> None:
    client = Client()
    for name in ("family_code", "family_details", "family_done"):
        response = client.get(reverse(f"enrollment:{name}"))
        assert response["Location"] == reverse("enrollment:family_start")


def test_stale_pre_registrations_are_listed_as_never_completed(world: World) -> None:
    Client().post(reverse("enrollment:family_start"), {"email": "late@example.org"})
    PreRegistration.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    html = world.client("district_admin").get(reverse("enrollment:prereg_list")).content.decode()
    assert "late@example.org" in html


def test_school_registrars_see_how_many_never_completed_but_not_the_contacts(
    world: World,
) -> None:
    Client().post(reverse("enrollment:family_start"), {"email": "late@example.org"})
    PreRegistration.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    response = world.client("registrar").get(reverse("enrollment:prereg_list"))
    assert response.context["stale_count"] == 1
    assert "late@example.org" not in response.content.decode()
