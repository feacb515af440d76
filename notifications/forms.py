from django import forms

from .kinds import Channel, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of message: how the user hears it."""

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=channels[kind.value],
                widget=forms.RadioSelect,
            )
