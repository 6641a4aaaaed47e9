"""The record history page. Its names stay in the ``audit`` namespace they were
published under (links, bookmarks), though the page now lives with the student record."""

from django.urls import path

from homeroom.people import history_views as views

app_name = "audit"
urlpatterns = [
    path("students/<int:student_id>/history/", views.student_history_page, name="student_history"),
]
