"""The server-rendered pages: what each role sees, search, htmx partials, Spanish."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.conftest import ROLES, World


def profile(world: World, role: str, student_id: int) -> str:
    response = world.client(role).get(reverse("people:student", args=[student_id]))
    assert response.status_code == 200
    return response.content.decode()


def dashboard(world: World, role: str) -> str:
    return world.client(role).get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_own_dashboard(world: World, role: str) -> None:
    response = world.client(role).get(reverse("dashboard"))
    assert response.status_code == 200
    assert f'data-role="{role}"' in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_labels_every_input(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'class="skip" href="#main"' in html


def test_wrong_password_shows_an_error(world: World, client: Client) -> None:
    response = client.post(
        reverse("login"), {"username": "teacher-user", "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_district_dashboard_lists_every_school_with_enrolled_counts(world: World) -> None:
    html = dashboard(world, "district_admin")
    assert "Own High" in html
    assert "Other High" in html
    assert '<td class="num">2</td>' in html  # Own High: Ana and Cy
    assert '<td class="num">1</td>' in html  # Other High: Bo


def test_school_admin_dashboard_shows_only_their_school(world: World) -> None:
    html = dashboard(world, "school_admin")
    assert "Own High" in html
    assert "Other High" not in html


def test_teacher_dashboard_lists_classes_and_students(world: World) -> None:
    html = dashboard(world, "teacher")
    assert "My classes" in html
    assert "Ana Own" in html
    assert "Cy Child" in html
    assert "Bo Other" not in html


def test_counselor_dashboard_lists_the_caseload(world: World) -> None:
    html = dashboard(world, "counselor")
    assert "My caseload" in html
    assert "Ana Own" in html
    assert "Bo Other" not in html


def test_guardian_dashboard_lists_only_their_children(world: World) -> None:
    html = dashboard(world, "guardian")
    assert "Cy Child" in html
    assert "Ana Own" not in html


def test_student_dashboard_shows_their_own_record_and_nav_link(world: World) -> None:
    html = dashboard(world, "student")
    assert "Cy Child" in html
    assert "Ana Own" not in html
    assert f'href="{world.child.get_absolute_url()}"' in html
    assert f'href="{reverse("people:search")}"' not in html


def test_nav_marks_the_current_page(world: World) -> None:
    html = world.client("registrar").get(reverse("people:search")).content.decode()
    assert f'<a href="{reverse("people:search")}" aria-current="page">' in html


def test_profile_hides_health_from_a_teacher(world: World) -> None:
    html = profile(world, "teacher", world.own_student.pk)
    assert 'id="health"' not in html
    assert 'id="demographics"' not in html
    assert 'id="enrollment"' in html


def test_profile_shows_health_to_the_nurse(world: World) -> None:
    html = profile(world, "nurse", world.own_student.pk)
    assert 'id="health"' in html
    assert 'id="counseling"' not in html


def test_profile_shows_counseling_only_to_the_counselor(world: World) -> None:
    assert 'id="counseling"' in profile(world, "counselor", world.own_student.pk)
    assert 'id="counseling"' not in profile(world, "registrar", world.own_student.pk)


def test_profile_links_record_history_only_for_audit_roles(world: World) -> None:
    history = reverse("audit:student_history", args=[world.own_student.pk])
    assert history in profile(world, "registrar", world.own_student.pk)
    assert history not in profile(world, "teacher", world.own_student.pk)


def test_student_sees_own_record_without_guardians_or_demographics(world: World) -> None:
    html = profile(world, "student", world.child.pk)
    assert 'id="contacts"' not in html
    assert 'id="demographics"' not in html
    assert 'id="enrollment"' in html


def test_teacher_gets_404_page_for_another_schools_student(world: World) -> None:
    response = world.client("teacher").get(reverse("people:student", args=[world.other_student.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Bo Other" not in html


def test_record_history_page_renders_for_registrar(world: World) -> None:
    response = world.client("registrar").get(
        reverse("audit:student_history", args=[world.own_student.pk])
    )
    assert response.status_code == 200
    assert "Who viewed this record" in response.content.decode()


def test_record_history_is_refused_to_a_teacher(world: World) -> None:
    response = world.client("teacher").get(
        reverse("audit:student_history", args=[world.own_student.pk])
    )
    assert response.status_code == 403


def test_search_lists_only_students_the_user_may_see(world: World) -> None:
    f.EnrollmentFactory(
        student=f.StudentFactory(given_name="Zed", family_name="Obrien"), school=world.other
    )
    own = f.StudentFactory(given_name="Seán", family_name="O’Brien")
    f.EnrollmentFactory(student=own, school=world.own)
    html = world.client("registrar").get(reverse("people:search"), {"q": "obrien"}).content
    text = html.decode()
    assert "O’Brien" in text
    assert "Zed" not in text


def test_search_without_query_shows_no_results(world: World) -> None:
    response = world.client("registrar").get(reverse("people:search"))
    assert response.status_code == 200
    assert 'class="people"' not in response.content.decode()


def test_htmx_search_returns_only_the_partial(world: World) -> None:
    response = world.client("registrar").get(
        reverse("people:search"), {"q": "ana"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Ana Own" in html
    assert 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(world: World) -> None:
    response = world.client("registrar").get(
        reverse("people:search"),
        {"q": "ana"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_search_results_page_query_count_does_not_grow_with_results(
    world: World, django_assert_max_num_queries: object
) -> None:
    for n in range(30):
        student = f.StudentFactory(given_name=f"Kim{n}", family_name="Nguyễn")
        f.EnrollmentFactory(student=student, school=world.own)
    client = world.client("registrar")
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(reverse("people:search"), {"q": "nguyen"})
    assert response.content.decode().count("Nguyễn") >= 30


def test_dashboard_query_count_is_bounded(
    world: World, django_assert_max_num_queries: object
) -> None:
    for n in range(20):
        student = f.StudentFactory(given_name=f"Lee{n}")
        f.EnrollmentFactory(student=student, school=world.own)
        f.CaseloadFactory(counselor=world.users["counselor"], student=student)
    client = world.client("counselor")
    # 8, plus the read's disclosure (usage, row, named students) and the notices: 12.
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(reverse("dashboard"))


def test_spanish_page_renders_translated_strings(world: World) -> None:
    client = world.client("teacher")
    response = client.post(reverse("set_language"), {"language": "es", "next": "/dashboard/"})
    assert response.status_code == 302
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="es">' in html
    assert "Panel del docente" in html
    assert "Cerrar sesión" in html


def test_spanish_login_page_via_accept_language(client: Client) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Iniciar sesión" in html
    assert "Contraseña" in html


def _enrolment_path(username: str) -> str:
    out = io.StringIO()
    call_command("mfa", "link", username, stdout=out)
    return urlsplit(out.getvalue().strip().splitlines()[-1]).path


def test_mfa_page_offers_enrolment_with_labelled_code_field(world: World) -> None:
    html = world.client("nurse").get(_enrolment_path("nurse-user")).content.decode()
    assert 'class="qr"' in html
    assert '<label for="id_otp_token">' in html
    assert 'autocomplete="one-time-code"' in html


def test_wrong_mfa_code_is_reported_next_to_the_field(world: World) -> None:
    TOTPDevice.objects.create(user=world.users["nurse"], name="default", confirmed=True)
    response = world.client("nurse").post(reverse("mfa"), {"otp_token": "000000"})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="otp-error"' in html


def test_record_history_hides_fields_empty_at_creation(world: World) -> None:
    response = world.client("registrar").get(
        reverse("audit:student_history", args=[world.own_student.pk])
    )
    html = response.content.decode()
    assert "<code>given_name</code>" in html
    assert "<code>middle_name</code>" not in html


def test_every_visible_table_header_has_a_scope(world: World) -> None:
    for role in ("district_admin", "school_admin", "registrar", "teacher"):
        html = dashboard(world, role)
        assert "<th>" not in html, role
