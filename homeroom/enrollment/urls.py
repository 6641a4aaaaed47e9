"""Enrollment pages for the office (enrollment/) and the families' pre-registration (register/)."""

from django.urls import path

from homeroom.enrollment import views

app_name = "enrollment"
urlpatterns = [
    path("enrollment/intake/", views.intake, name="intake"),
    path("enrollment/intake/new/", views.new_student, name="new_student"),
    path("enrollment/students/<int:student_id>/enroll/", views.enroll, name="enroll"),
    path("enrollment/<int:enrollment_id>/", views.manage, name="manage"),
    path("enrollment/<int:enrollment_id>/schedule/", views.schedule, name="schedule"),
    path("enrollment/nobody-lost/", views.nobody_lost, name="report"),
    path("enrollment/requests/", views.claims, name="claims"),
    path("enrollment/preregistrations/", views.prereg_list, name="prereg_list"),
    path("enrollment/preregistrations/<uuid:public_id>/", views.prereg, name="prereg"),
    path("register/", views.family_start, name="family_start"),
    path("register/code/", views.family_code, name="family_code"),
    path("register/details/", views.family_details, name="family_details"),
    path("register/thanks/", views.family_done, name="family_done"),
]
