"""The seeded district's families have Home Language Surveys that agree with their language."""

from __future__ import annotations

from homeroom.audit.models import AuditEvent
from homeroom.people.models import HomeLanguageSurvey, Student


def test_every_seeded_student_has_a_survey_giving_their_home_language(district: int) -> None:
    surveys = HomeLanguageSurvey.objects.select_related("student")
    assert surveys.count() == Student.objects.count()
    for survey in surveys:
        assert survey.derived_home_language == survey.student.home_language
        assert survey.needs_english_assessment == (survey.student.home_language != "00")
        assert survey.answered_by.endswith(")")
    assert surveys.exclude(first_language="00").exists()
    created = AuditEvent.objects.filter(model="people.homelanguagesurvey", action="create")
    assert created.count() == surveys.count()
    assert not created.filter(student_id__isnull=True).exists()
