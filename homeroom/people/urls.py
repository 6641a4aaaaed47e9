from django.urls import path

from homeroom.people import views

app_name = "people"
urlpatterns = [
    path("students/", views.search, name="search"),
    path("students/<int:student_id>/", views.student, name="student"),
]
