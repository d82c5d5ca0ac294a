"""Certificate pages: public verification, shared links, the holder's wallet."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("wallet/", views.wallet, name="wallet"),
    path("wallet/<uuid:uuid>/", views.show, name="show"),
    path("wallet/<uuid:uuid>/pdf", views.download, name="download"),
    path("wallet/<uuid:uuid>/shares/", views.share_create, name="share-create"),
    path(
        "wallet/<uuid:uuid>/shares/<int:share>/revoke",
        views.share_revoke,
        name="share-revoke",
    ),
]
