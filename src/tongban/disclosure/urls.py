"""Public disclosure pages (信息公开) under /open/."""

from django.urls import path

from tongban.disclosure import feeds, views

app_name = "disclosure"

urlpatterns = [
    path("", views.index, name="index"),
    path("lists/<slug:kind>/", views.special_list, name="list"),
    path("halls/", views.halls, name="halls"),
    path("results/", views.results, name="results"),
    path("figures/", views.figures, name="figures"),
    path("feed.atom", feeds.ChangesFeed(), name="feed"),
]
