from django.urls import path

from homeroom.access import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("mfa/", views.mfa, name="mfa"),
]
