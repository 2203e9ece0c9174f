"""/api/docs/: Swagger UI from drf-spectacular-sidecar's static files, started by a static script of ours, so that
the page keeps the project's Content-Security-Policy (no inline script or style, nothing fetched from elsewhere)."""

from drf_spectacular.views import SpectacularSwaggerView


class ApiDocsView(SpectacularSwaggerView):
    template_name = "rest/swagger_ui.html"
