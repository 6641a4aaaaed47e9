"""A family's language is kept: pre-registration, the counter, the API, notices and the portal."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from homeroom.audit.models import AuditEvent
from homeroom.enrollment.models import PreRegistration
from homeroom.lib.errors import RuleError
from homeroom.people import services
from homeroom.people.language import SurveyAnswers, home_language_survey_record
from homeroom.people.models import HomeLanguageSurvey, Student
from tests import factories as f
from tests.conftest import World

SPANISH, ENGLISH, VIETNAMESE = "01", "00", "02"


def survey(*answers: str) -> dict[str, str]:
    keys = ("first_language", "child_home_language", "language_with_child", "adults_language")
    return dict(zip(keys, answers, strict=True))


def pre_register(
    world: World, client: Client, lang: str, refused: str = "", **languages: str
) -> PreRegistration | None:
    """The family's four public pages, read in ``lang``, with their language answers."""
    start = reverse("enrollment:family_start")
    client.get(f"{start}?lang={lang}")
    client.post(start, {"email": "familia@example.org", "phone": ""})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    client.post(reverse("enrollment:family_code"), {"code": code})
    details = {
        "given_name": "Mateo", "family_name": "Ñúñez", "birth_date": "2012-02-02",
        "school": world.own.pk, "grade_level": "9", "guardian_given_name": "Lucía",
        "guardian_family_name": "Ñúñez", "guardian_relationship": "mother",
        "guardian_phone": "(323) 555-0199", "guardian_email": "", "address": "12 Main St",
        **languages,
    }  # fmt: skip
    response = client.post(reverse("enrollment:family_details"), details)
    if refused:
        assert refused in response.context["form"].errors
        return None
    assert response["Location"] == reverse("enrollment:family_done"), response.content
    return PreRegistration.objects.get(status="submitted")


def complete(world: World, p: PreRegistration | None) -> Student:
    assert p is not None
    response = world.client("registrar").post(
        reverse("enrollment:prereg", args=[p.public_id]),
        {"proof_of_address": "on", "entry_date": timezone.localdate().isoformat()},
    )
    student = Student.objects.get(given_name="Mateo")
    assert response["Location"] == reverse("people:student", args=[student.pk])
    return student


def test_the_details_page_offers_the_language_the_family_reads(world: World) -> None:
    family = Client()
    start = reverse("enrollment:family_start")
    family.get(f"{start}?lang=es")
    family.post(start, {"email": "familia@example.org"})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    family.post(reverse("enrollment:family_code"), {"code": code})
    form = family.get(reverse("enrollment:family_details")).context["form"]
    assert form["guardian_preferred_language"].value() == SPANISH
    assert form["first_language"].value() == SPANISH
    assert "¿Qué idioma aprendió su hijo o hija" in form["first_language"].label


def test_the_spanish_journey_ends_with_spanish_stored(world: World) -> None:
    p = pre_register(
        world,
        Client(),
        "es",
        guardian_preferred_language=SPANISH,
        **survey(SPANISH, SPANISH, SPANISH, SPANISH),
    )
    assert p is not None
    confirmation = mail.outbox[-1]
    assert confirmation.subject == "Recibimos su preinscripción"
    assert "Recibimos la preinscripción de Mateo Ñúñez" in confirmation.body
    review = world.client("registrar").get(reverse("enrollment:prereg", args=[p.public_id]))
    assert "Necesita la evaluación" not in review.content.decode()  # the office reads English
    assert "English proficiency assessment (ELPAC) needed" in review.content.decode()

    student = complete(world, p)
    guardian = student.guardianships.get().guardian
    assert (student.home_language, guardian.preferred_language) == (SPANISH, SPANISH)
    hls = HomeLanguageSurvey.objects.get(student=student)
    assert hls.answers == (SPANISH,) * 4
    assert hls.needs_english_assessment
    assert hls.source == "preregistration"
    assert hls.answered_by == "Lucía Ñúñez (Mother)"
    assert hls.recorded_by == world.users["registrar"]
    # The record history never shows the English default being written and changed.
    created = AuditEvent.objects.get(model="people.guardian", object_id=str(guardian.pk))
    assert created.changes["preferred_language"] == [None, SPANISH]
    assert AuditEvent.objects.filter(model="people.homelanguagesurvey").count() == 1


def test_a_language_the_site_does_not_translate_is_stored_as_given(world: World) -> None:
    p = pre_register(
        world,
        Client(),
        "en",
        guardian_preferred_language=VIETNAMESE,
        **survey(VIETNAMESE, ENGLISH, VIETNAMESE, VIETNAMESE),
    )
    assert mail.outbox[-1].subject == "Your pre-registration was received"
    student = complete(world, p)
    guardian = student.guardianships.get().guardian
    assert (student.home_language, guardian.preferred_language) == (VIETNAMESE, VIETNAMESE)
    assert student.home_language_survey.needs_english_assessment


def test_without_an_answer_the_guardian_keeps_the_language_the_pages_offered(
    world: World,
) -> None:
    student = complete(world, pre_register(world, Client(), "es"))
    assert student.guardianships.get().guardian.preferred_language == SPANISH
    assert not HomeLanguageSurvey.objects.filter(student=student).exists()


def test_half_a_survey_is_refused(world: World) -> None:
    pre_register(world, Client(), "es", refused="adults_language", first_language=SPANISH)
    assert not PreRegistration.objects.filter(status="submitted").exists()


def test_the_counter_records_the_survey_and_the_guardians_language(world: World) -> None:
    client = world.client("registrar")
    client.post(
        reverse("enrollment:new_student"),
        {
            "given_name": "Zoë", "family_name": "D'Arcy", "birth_date": "2011-05-06",
            "grade_level": "9", "entry_date": timezone.localdate().isoformat(),
            "school": world.own.pk, "guardian_given_name": "Marta",
            "guardian_family_name": "D'Arcy", "guardian_relationship": "mother",
        },
    )  # fmt: skip
    student = Student.objects.get(given_name="Zoë")
    url = reverse("enrollment:language_survey", args=[student.pk])
    page = client.get(url)
    assert page.context["form"]["answered_by"].value() == "Marta D'Arcy (Mother)"
    response = client.post(
        url,
        {
            "answered_by": "Marta D'Arcy (Mother)",
            "answered_on": timezone.localdate().isoformat(),
            "guardian_preferred_language": SPANISH,
            **survey(SPANISH, SPANISH, ENGLISH, SPANISH),
        },
    )
    assert response["Location"] == reverse("people:student", args=[student.pk])
    student.refresh_from_db()
    assert student.home_language == SPANISH
    assert student.guardianships.get().guardian.preferred_language == SPANISH
    assert student.home_language_survey.source == "counter"
    html = client.get(reverse("people:student", args=[student.pk])).content.decode()
    assert "Home Language Survey" in html
    assert "English proficiency assessment (ELPAC) needed" in html


def test_the_counter_refuses_a_future_date_and_a_missing_answer(world: World) -> None:
    url = reverse("enrollment:language_survey", args=[world.own_student.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = world.client("registrar").post(
        url,
        {"answered_by": "A parent", "answered_on": tomorrow.isoformat(), "first_language": "01"},
    )
    errors = response.context["form"].errors
    assert {"answered_on", "child_home_language"} <= set(errors)
    assert not HomeLanguageSurvey.objects.exists()


def test_the_survey_rules() -> None:
    only_adults = SurveyAnswers(ENGLISH, ENGLISH, ENGLISH, SPANISH)
    assert (only_adults.derived_home_language, only_adults.needs_english_assessment) == (
        SPANISH,
        False,
    )
    english = SurveyAnswers(ENGLISH, ENGLISH, ENGLISH, ENGLISH)
    assert (english.derived_home_language, english.needs_english_assessment) == (ENGLISH, False)
    mixed = SurveyAnswers(ENGLISH, VIETNAMESE, SPANISH, SPANISH)
    assert (mixed.derived_home_language, mixed.needs_english_assessment) == (VIETNAMESE, True)


def test_a_survey_with_an_unknown_code_is_refused(world: World) -> None:
    with pytest.raises(RuleError):
        home_language_survey_record(
            student=world.own_student,
            answers=SurveyAnswers("zz", ENGLISH, ENGLISH, ENGLISH),
            answered_on=timezone.localdate(),
            answered_by="A parent",
            source="counter",
        )


def test_the_api_keeps_the_language_it_is_given(world: World) -> None:
    body = {
        "given_name": "Lena", "birth_date": "2011-02-03", "school": world.own.code,
        "grade_level": "9", "home_language": VIETNAMESE,
    }  # fmt: skip
    response = Client().post(
        "/api/v1/students",
        data=json.dumps(body),
        content_type="application/json",
        **world.api("registrar"),
    )
    assert response.status_code == 201, response.content
    assert Student.objects.get(pk=response.json()["id"]).home_language == VIETNAMESE
    link = services.guardian_add(
        student=world.own_student,
        relationship="mother",
        given_name="Hoa",
        preferred_language=VIETNAMESE,
    )
    assert link.guardian.preferred_language == VIETNAMESE
    with pytest.raises(RuleError):
        services.guardian_add(
            student=world.own_student, relationship="father", given_name="X", preferred_language="x"
        )


@pytest.mark.parametrize(
    ("preferred", "cookie", "lang"),
    [(SPANISH, None, "es"), (ENGLISH, None, "en"), (VIETNAMESE, None, "en"), (SPANISH, "en", "en")],
)
def test_the_guardians_portal_speaks_their_language(
    world: World, preferred: str, cookie: str | None, lang: str
) -> None:
    world.users["guardian"].guardian_record.__class__.objects.filter(
        user=world.users["guardian"]
    ).update(preferred_language=preferred)
    client = world.client("guardian")
    if cookie:
        client.cookies["django_language"] = cookie
    page: Any = client.get(reverse("dashboard"))
    assert f'lang="{lang}"' in page.content.decode()[:300]


def test_staff_pages_keep_the_browsers_language(world: World) -> None:
    f.GuardianFactory(user=world.users["registrar"], preferred_language=SPANISH)
    page = world.client("registrar").get(reverse("dashboard"))
    assert 'lang="en"' in page.content.decode()[:300]
