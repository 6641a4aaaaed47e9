"""Enrollment pages for the office (enrollment/) and the families' pre-registration (register/).

Placing a student in classes (enrollment/<id>/schedule/) is scheduling's: see its urls.
"""

from django.urls import path

from homeroom.enrollment.views import claims, family, intake, manage, preregistration, report

app_name = "enrollment"
urlpatterns = [
    path("enrollment/intake/", intake.intake, name="intake"),
    path("enrollment/intake/new/", intake.new_student, name="new_student"),
    path("enrollment/students/<int:student_id>/enroll/", intake.enroll, name="enroll"),
    path(
        "enrollment/students/<int:student_id>/language-survey/",
        intake.language_survey,
        name="language_survey",
    ),
    path("enrollment/<int:enrollment_id>/", manage.manage, name="manage"),
    path("enrollment/nobody-lost/", report.nobody_lost, name="report"),
    path("enrollment/requests/", claims.claims, name="claims"),
    path("enrollment/preregistrations/", preregistration.prereg_list, name="prereg_list"),
    path(
        "enrollment/preregistrations/<uuid:public_id>/",
        preregistration.prereg,
        name="prereg",
    ),
    path("register/", family.family_start, name="family_start"),
    path("register/code/", family.family_code, name="family_code"),
    path("register/details/", family.family_details, name="family_details"),
    path("register/thanks/", family.family_done, name="family_done"),
]
