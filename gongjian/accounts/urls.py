from django.contrib.auth import views as auth_views
from django.urls import path

from . import user_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", user_views.user_list, name="user_list"),
    path("users/new/", user_views.user_create, name="user_create"),
    path("users/import/", user_views.user_import, name="user_import"),
    path("users/<int:pk>/", user_views.user_detail, name="user_detail"),
    path("users/<int:pk>/password/", user_views.user_password_reset, name="user_password_reset"),
    path("users/<int:pk>/active/", user_views.user_active, name="user_active"),
]
