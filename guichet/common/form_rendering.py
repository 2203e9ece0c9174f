"""Form widgets written in Python for the commonest templates (an input, a select, a text area, a file input),
the same HTML as Django's.

Django renders a select through a template that includes one template per option and one per attribute list: a
work queue's filter form cost more than the page's database reads. `GuichetFormRenderer` (FORM_RENDERER) writes
those widgets here and leaves every other template (radios, textareas, our own widgets) to Django's.
A template of our own that wraps a select (territory's commune list, a thousand options and more) finds the select
written the same way in `widget.select_html`.
"""

from django.forms.renderers import DjangoTemplates
from django.template import loader
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from .html_text import escaped

_WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
        "color",
    )
}
SELECT_TEMPLATE = f"{_WIDGETS}select.html"
TEXTAREA_TEMPLATE = f"{_WIDGETS}textarea.html"
FILE_TEMPLATE = f"{_WIDGETS}clearable_file_input.html"
OPTION_TEMPLATE = f"{_WIDGETS}select_option.html"
FIELD_TEMPLATE = "includes/field.html"  # a field with its label, help and errors: every form's one way


def attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {escaped(name)}")
        elif value is not False:
            parts.append(f' {escaped(name)}="{escaped(str(value))}"')
    return "".join(parts)


def input_html(widget: dict) -> SafeString:
    value = widget["value"]
    shown = "" if value is None else f' value="{escaped(str(value))}"'
    html = f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"'
    return mark_safe(f"{html}{shown}{attrs_html(widget['attrs'])}>")  # noqa: S308 - every value escaped


def textarea_html(widget: dict) -> SafeString:
    """django/forms/widgets/textarea.html (0.4 ms a text area through the template: the request page has two)."""
    value = widget["value"]
    shown = escaped(value) if value else ""
    return mark_safe(  # noqa: S308 - every value escaped
        f'<textarea name="{escaped(widget["name"])}"{attrs_html(widget["attrs"])}>\n{shown}</textarea>'
    )


def select_html(widget: dict) -> SafeString | None:
    """A select and its options; None when an option has a template of its own (left to Django's renderer)."""
    parts = [f'<select name="{escaped(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{escaped(str(option["value"]))}"{attrs_html(option["attrs"])}>'
                f"{escaped(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped


def field_group_html(field) -> SafeString | None:
    """includes/field.html for a field of one control (an input, a select, a text area, a checkbox): its label,
    its widget, its help and its errors; None for a group of radios or checkboxes (left to the template).

    Every form of every page writes its fields through it (`{{ form.name.as_field_group }}`): through the
    template, an include per field cost 0.3–0.4 ms (a work queue's four filters, an audit list's seven)."""
    kind = field.widget_type
    if kind in ("radioselect", "checkboxselectmultiple"):
        return None
    label = escaped(capfirst(field.label))
    if kind == "checkbox":
        parts = [f'<label class="choice" for="{escaped(field.id_for_label)}">{field} {label}</label>']
    else:
        required = f' <span class="req">({escaped(gettext("required"))})</span>' if field.field.required else ""
        parts = [f'<label for="{escaped(field.id_for_label)}">{label}{required}</label>', str(field)]
    help_text = field.help_text() if callable(field.help_text) else field.help_text  # as the template calls it
    if help_text:
        parts.append(f'<p class="help" id="{escaped(field.auto_id)}_helptext">{escaped(help_text)}</p>')
    errors = field.errors
    if errors:
        listed = "".join(f"<p>{escaped(error)}</p>" for error in errors)
        parts.append(f'<div class="error" id="{escaped(field.auto_id)}_error">{listed}</div>')
    state = " has-error" if errors else ""
    return SafeString(f'<div class="field{state}">\n  ' + "\n  ".join(parts) + "\n</div>")  # every value escaped


class GuichetFormRenderer(DjangoTemplates):
    field_template_name = FIELD_TEMPLATE

    def render(self, template_name, context, request=None):
        if template_name == FIELD_TEMPLATE:  # one of our templates: the project's engine has it, not the forms'
            html = field_group_html(context["field"])
            return html if html is not None else loader.render_to_string(FIELD_TEMPLATE, context, request)
        widget = context.get("widget")
        if template_name in INPUT_TEMPLATES:
            return input_html(widget)
        if template_name == TEXTAREA_TEMPLATE:
            return textarea_html(widget)
        if template_name == FILE_TEMPLATE and not widget["is_initial"]:  # no file chosen yet: a plain file input
            return mark_safe(  # noqa: S308 - every value escaped
                f'\n<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"'
                f"{attrs_html(widget['attrs'])}>"
            )
        if template_name == SELECT_TEMPLATE:
            html = select_html(widget)
            if html is not None:
                return html
        elif not template_name.startswith(_WIDGETS) and widget and "optgroups" in widget:
            widget["select_html"] = select_html(widget)
        return super().render(template_name, context, request=request)
