"""How the OpenAPI schema describes the clients' bearer token (drf-spectacular reads this extension when loaded:
apps.RestConfig.ready imports this module)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "guichet.interop.access.ClientTokenAuthentication"
    name = "clientToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The client system's token (gch_…), given once by the administrator of Guichet.",
        }
