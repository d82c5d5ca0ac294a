"""``/api/v1/exchange/``: other government systems (data exchange with the provincial and
national platforms). Its first endpoints arrive with the case and catalogue capabilities;
until then unknown paths answer with a 404 problem."""

urlpatterns: list = []
