from django.urls import path

from homeroom.notices import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.notice_list, name="list"),
]
