// /api/docs/: starts Swagger UI on the schema named by the page (no inline script: the Content-Security-Policy).
// "Authorize" takes a client's token; the calls tried from the page then send it as "Bearer <token>".
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
  });
})();
