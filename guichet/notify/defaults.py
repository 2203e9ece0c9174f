"""The default message texts, per trigger and language: loaded once, then the administrators' to edit."""

# Placeholders a template may use; anything else in braces is left as typed (see rendering.render).
PLACEHOLDERS = ("reference", "service", "status", "due_date", "centre", "centre_phone", "track_url")

# "filed", then every cases Status value, in the order of a request's life.
TRIGGERS = (
    "filed",
    "submitted",
    "referred",
    "info_requested",
    "approved",
    "rejected",
    "delivered",
    "withdrawn",
    "declined",
)
LANGUAGES = ("fr", "ar", "en")

# Short enough for one text message once filled in when possible (160 Latin / 70 Arabic characters):
# no greeting, no brand (the sender name says who writes), the reference always.
SMS = {
    "fr": {
        "filed": "Demande {reference} enregistrée ({service}). Réponse prévue le {due_date}. Suivi : {track_url}",
        "submitted": "{centre} a reçu votre demande {reference}. Réponse prévue le {due_date}. Suivi : {track_url}",
        "referred": "Vous êtes orienté(e) vers {centre} (demande {reference}). Tél. {centre_phone}. {track_url}",
        "info_requested": "Demande {reference} : {centre} a besoin d'informations. Appelez le {centre_phone}.",
        "approved": "Votre demande {reference} est acceptée. {centre} vous contactera. Suivi : {track_url}",
        "rejected": "Votre demande {reference} n'est pas acceptée. Pour savoir pourquoi : {centre}, {centre_phone}.",
        "delivered": "La prestation de votre demande {reference} vous a été remise. Merci.",
        "withdrawn": "Votre demande {reference} est retirée, comme vous l'avez demandé.",
        "declined": "{centre} ne peut pas prendre la demande {reference}. Votre premier centre vous recontactera.",
    },
    "ar": {
        "filed": "سُجّل طلبكم {reference} ({service}). الرد قبل {due_date}. التتبع: {track_url}",
        "submitted": "توصل {centre} بطلبكم {reference}. الرد قبل {due_date}.",
        "referred": "تم توجيهكم إلى {centre} (الطلب {reference}). الهاتف: {centre_phone}",
        "info_requested": "الطلب {reference}: يحتاج {centre} إلى معلومات. اتصلوا بـ {centre_phone}",
        "approved": "تمت الموافقة على طلبكم {reference}. سيتصل بكم {centre}.",
        "rejected": "لم يُقبل طلبكم {reference}. للاستفسار: {centre_phone}",
        "delivered": "تم تسليم الخدمة الخاصة بطلبكم {reference}. شكرا.",
        "withdrawn": "تم سحب طلبكم {reference} بناء على رغبتكم.",
        "declined": "اعتذر {centre} عن قبول الطلب {reference}. سيتصل بكم مركزكم الأول.",
    },
    "en": {
        "filed": "Request {reference} registered ({service}). Answer due by {due_date}. Track it: {track_url}",
        "submitted": "{centre} has received your request {reference}. Answer due by {due_date}. Track it: {track_url}",
        "referred": "You are referred to {centre} (request {reference}). Phone: {centre_phone}. {track_url}",
        "info_requested": "Request {reference}: {centre} needs more information. Please call {centre_phone}.",
        "approved": "Your request {reference} is approved. {centre} will contact you. Track it: {track_url}",
        "rejected": "Your request {reference} was not approved. To learn why, call {centre} on {centre_phone}.",
        "delivered": "The service for your request {reference} has been delivered. Thank you.",
        "withdrawn": "Your request {reference} has been withdrawn, as you asked.",
        "declined": "{centre} cannot take request {reference}. Your first centre will contact you again.",
    },
}

EMAIL_SUBJECT = {
    "fr": "Votre demande {reference} : {status}",
    "ar": "طلبكم {reference}: {status}",
    "en": "Your request {reference}: {status}",
}
EMAIL_FOOTER = {
    "fr": "Votre centre : {centre}, {centre_phone}\nSuivre votre demande : {track_url}",
    "ar": "مركزكم: {centre}، {centre_phone}\nتتبع طلبكم: {track_url}",
    "en": "Your centre: {centre}, {centre_phone}\nTrack your request: {track_url}",
}


def default_text(*, trigger: str, language: str, channel: str) -> tuple[str, str] | None:
    """(subject, body) shipped for this trigger, language and channel, or None when there is none."""
    body = SMS.get(language, {}).get(trigger)
    if body is None:
        return None
    if channel == "sms":
        return "", body
    if channel == "email":
        return EMAIL_SUBJECT[language], f"{body}\n\n{EMAIL_FOOTER[language]}"
    return None


def default_rows() -> list[dict]:
    """Every shipped template, as field values of MessageTemplate."""
    rows = []
    for trigger in TRIGGERS:
        for language in LANGUAGES:
            for channel in ("sms", "email"):
                text = default_text(trigger=trigger, language=language, channel=channel)
                assert text is not None, (trigger, language)  # every trigger ships a text in every language
                subject, body = text
                rows.append(
                    {"trigger": trigger, "language": language, "channel": channel, "subject": subject, "body": body}
                )
    return rows
