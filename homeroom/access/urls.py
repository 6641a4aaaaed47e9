from django.urls import path

from homeroom.access import token_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("mfa/", views.mfa, name="mfa"),
    path("mfa/enrol/<str:secret>/", views.mfa_enrol, name="mfa_enrol"),
    path("account/tokens/", token_views.account_tokens, name="account_tokens"),
]
