"""The DCI Social Registry endpoints (/dci/registry/…): thin views over envelope checks and services.

Authentication is the client's bearer token (guichet.interop.access); every message must also be signed with the
client's Ed25519 key. Errors are DCI acknowledgements (`ack_status` ERR with the spec's code), signed like every
answer. These views are not part of the REST API's OpenAPI schema: the DCI spec describes them.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet.accounts.models import ApiClient, ApiPermission
from guichet.common.net import client_address
from guichet.interop.access import ClientRateThrottle, ClientTokenAuthentication, client_of

from . import envelope, services, signatures
from .envelope import EnvelopeError


@extend_schema(exclude=True)
class DciApi(APIView):
    authentication_classes: ClassVar[list] = [ClientTokenAuthentication]
    permission_classes: ClassVar[list] = [IsAuthenticated]
    throttle_classes: ClassVar[list] = [ClientRateThrottle]
    parser_classes: ClassVar[list] = [JSONParser]
    renderer_classes: ClassVar[list] = [JSONRenderer]
    action = ""
    permissions: tuple[str, ...] = (ApiPermission.READ_PERSONS,)
    needs_callback = False

    def post(self, request, *args, **kwargs) -> Response:
        client = client_of(request)
        assert client is not None  # IsAuthenticated: only a client's token authenticates here
        try:
            try:
                body = request.data
            except ParseError as error:
                raise EnvelopeError("err.request.bad", _("The body is not valid JSON.")) from error
            if not all(client.allows(permission) for permission in self.permissions):
                raise EnvelopeError(
                    "err.request.forbidden", _("This client system is not allowed to do this."), http_status=403
                )
            incoming = envelope.read(body, client=client, action=self.action, needs_callback=self.needs_callback)
            return Response(self.answer(request, client, incoming))
        except EnvelopeError as error:
            return Response(envelope.err(error.code, error.message), status=error.http_status)

    def answer(self, request, client: ApiClient, incoming: envelope.Incoming) -> dict[str, Any]:
        raise NotImplementedError

    def handle_exception(self, exc) -> Response:
        """A missing or refused token, or too many calls, answered in the DCI shape (HttpErrorResponse's `errors`
        and an ERR acknowledgement), not the REST API's problem details."""
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            response = Response(http_error("err.request.unauthorized", str(exc.detail)), status=401)
            response["WWW-Authenticate"] = ClientTokenAuthentication().authenticate_header(self.request)
            return response
        if isinstance(exc, exceptions.Throttled):
            response = Response(http_error("err.request.too_many_requests", str(exc.detail)), status=429)
            if exc.wait:
                response["Retry-After"] = str(int(exc.wait) + 1)
            return response
        return super().handle_exception(exc)


def http_error(code: str, text: str) -> dict[str, Any]:
    return {"errors": [{"code": code, "message": text}], **envelope.err(code, text)}


class SearchApi(DciApi):
    action = "search"
    needs_callback = True

    def answer(self, request, client, incoming):
        return envelope.ack(services.search_accept(client=client, incoming=incoming).correlation_id)


class SyncSearchApi(DciApi):
    action = "search"

    def answer(self, request, client, incoming):
        return services.search_answer(client=client, incoming=incoming, ip_address=client_address(request))


class TxnStatusApi(DciApi):
    action = "txn-status"
    needs_callback = True

    def answer(self, request, client, incoming):
        return envelope.ack(services.txn_status_accept(client=client, incoming=incoming).correlation_id)


class SyncTxnStatusApi(DciApi):
    action = "txn-status"

    def answer(self, request, client, incoming):
        return services.txn_status_answer(client=client, incoming=incoming)


class SubscribeApi(DciApi):
    action = "subscribe"
    # Notifications carry the persons' records: reading them is needed too.
    permissions = (ApiPermission.SUBSCRIBE, ApiPermission.READ_PERSONS)
    needs_callback = True

    def answer(self, request, client, incoming):
        return envelope.ack(services.subscribe_accept(client=client, incoming=incoming).correlation_id)


class UnsubscribeApi(DciApi):
    action = "unsubscribe"
    permissions = (ApiPermission.SUBSCRIBE,)
    needs_callback = True

    def answer(self, request, client, incoming):
        return envelope.ack(services.unsubscribe_accept(client=client, incoming=incoming).correlation_id)


@extend_schema(exclude=True)
class KeysApi(APIView):
    """Guichet's public signing keys (the current one first), for receivers to check its signatures."""

    authentication_classes: ClassVar[list] = []
    permission_classes: ClassVar[list] = [AllowAny]
    throttle_classes: ClassVar[list] = [ClientRateThrottle]
    renderer_classes: ClassVar[list] = [JSONRenderer]

    def get(self, request) -> Response:
        return Response({"sender_id": settings.GUICHET_DCI_REGISTRY_ID, "keys": signatures.published_keys()})
