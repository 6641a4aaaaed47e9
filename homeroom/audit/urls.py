from django.urls import path

from homeroom.audit import views

app_name = "audit"
urlpatterns = [
    path("students/<int:student_id>/history/", views.student_history_page, name="student_history"),
]
