"""Scheduling pages: placing an enrolled student in classes."""

from django.urls import path

from homeroom.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("enrollment/<int:enrollment_id>/schedule/", views.placement, name="placement"),
]
