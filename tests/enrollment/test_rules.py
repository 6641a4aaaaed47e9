"""Who may do what on the enrollment pages (homeroom.enrollment.rules)."""

from __future__ import annotations

import datetime as dt

from homeroom.districts.models import School
from homeroom.enrollment import preregistration as pr
from homeroom.enrollment import rules
from homeroom.enrollment.models import ClaimState, EnrollmentClaim, PreRegistration
from tests.conftest import World


def _prereg(school: School | None) -> PreRegistration:
    p = pr.prereg_start(email="rules@example.org")
    p.school = school
    return p


def test_district_admins_enroll_everywhere_and_registrars_at_their_schools(world: World) -> None:
    admin, registrar = world.users["district_admin"], world.users["registrar"]
    assert set(rules.enrolling_schools(admin)) == {world.own, world.other}
    assert list(rules.enrolling_schools(registrar)) == [world.own]
    assert not rules.enrolling_schools(world.users["teacher"]).exists()


def test_only_district_admins_report_on_the_whole_district(world: World) -> None:
    assert rules.reports_whole_district(world.users["district_admin"])
    assert not rules.reports_whole_district(world.users["registrar"])
    assert rules.report_schools(world.users["registrar"]) == [world.own]


def test_the_report_reaches_as_far_as_the_office_does() -> None:
    first, last = rules.report_window(dt.date(2026, 9, 1))
    assert first < dt.date(2026, 9, 1) < last
    assert (dt.date(2026, 9, 1) - first) == (last - dt.date(2026, 9, 1))


def test_a_pre_registration_is_reviewed_by_the_office_of_its_school(world: World) -> None:
    registrar = world.users["registrar"]
    assert rules.may_review_preregistration(registrar, _prereg(world.own))
    assert not rules.may_review_preregistration(registrar, _prereg(world.other))
    assert not rules.may_review_preregistration(world.users["district_admin"], _prereg(None))


def test_only_district_admins_see_unfinished_pre_registrations(world: World) -> None:
    assert rules.sees_stale_preregistrations(world.users["district_admin"])
    assert not rules.sees_stale_preregistrations(world.users["registrar"])


def test_visible_ids_are_the_students_whose_record_the_user_opens(world: World) -> None:
    ids = [world.own_student.pk, world.other_student.pk]
    assert rules.visible_ids(world.users["registrar"], ids) == {world.own_student.pk}


def test_requests_are_decided_by_the_school_that_holds_the_student(world: World) -> None:
    to_own = EnrollmentClaim(pk=1, from_school=world.own, to_school=world.other)
    to_other = EnrollmentClaim(pk=2, from_school=world.other, to_school=world.own)
    decided = EnrollmentClaim(
        pk=3, from_school=world.own, to_school=world.other, state=ClaimState.DECLINED
    )
    claims = [to_own, to_other, decided]
    assert rules.decidable_claims(world.users["registrar"], claims) == {1}
    assert rules.decidable_claims(world.users["district_admin"], claims) == {1, 2}
