from django import forms

from jigsaw.core.forms import GovukForm

from .models import ReturnKind
from .years import choosable_years, last_complete_year


class ProduceForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which return",
        choices=ReturnKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which return to produce"},
    )
    year = forms.ChoiceField(
        label="Collection year",
        help_text="From 1 April to 31 March. A year not yet ended gives the return as the records stand today.",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y.end_year), y.label) for y in choosable_years()]
        self.fields["year"].initial = str(last_complete_year().end_year)
