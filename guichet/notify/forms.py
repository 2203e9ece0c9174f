"""The message template form: the text, checked for unknown placeholders by the model."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .defaults import PLACEHOLDERS
from .models import BODY_MAX_LENGTH


class MessageTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, channel: str, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        known = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        self.fields["body"].help_text = _("Placeholders you may use: %(known)s") % {"known": known}
        if channel == "sms":
            del self.fields["subject"]
            self.fields["body"].help_text += " " + _(
                "One text message holds 160 Latin or 70 Arabic characters; longer texts cost two or more."
            )
        else:
            self.fields["subject"].required = True
        longest = BODY_MAX_LENGTH.get(channel, BODY_MAX_LENGTH["sms"])
        body = self.fields["body"]
        assert isinstance(body, forms.CharField)  # declared above
        body.max_length = longest
        self.fields["body"].validators.append(MaxLengthValidator(longest))
        self.fields["body"].widget.attrs["maxlength"] = str(longest)
        direction = "rtl" if language == "ar" else "ltr"
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language, "dir": direction})
