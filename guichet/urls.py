"""Addresses of Guichet. /healthz, /accounts/login/ and /persons/ are stable: others depend on them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from guichet.common import views as common_views
from guichet.desk import views as desk_views
from guichet.interop.rest.docs import ApiDocsView

# A database that does not answer gets a translated 503 page made without it; other errors Django's 500.
handler500 = "guichet.common.views.server_error"

urlpatterns = [
    path("", desk_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("accounts/", include("guichet.accounts.urls")),
    path("accounts/", include("allauth.urls")),  # sign-in, second factor, password, sessions
    path("persons/", include("guichet.registry.urls")),
    path("audit/", include("guichet.audit.urls")),
    path("network/", include("guichet.network.urls")),
    path("requests/", include("guichet.cases.urls")),
    path("messages/", include("guichet.notify.urls")),
    path("desk/", include("guichet.desk.urls")),
    path("insights/", include("guichet.insights.urls")),
    path("identity/runs/", include("guichet.identity.run_urls")),
    path("identity/", include("guichet.identity.urls")),
    path("open-data/", include("guichet.insights.opendata_urls")),
    path("api/v1/imports/", include("guichet.interop.imports.api_urls")),
    path("api/v1/", include("guichet.interop.rest.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("dci/", include("guichet.interop.dci.urls")),
    path("imports/", include("guichet.interop.imports.urls")),
    path("", include("guichet.portal.urls")),
    path("", include("guichet.training.urls")),
    path("", include("guichet.associations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
