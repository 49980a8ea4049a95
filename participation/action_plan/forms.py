"""Forms of the action plan: the dashboard's GET filter (public), and in the admin the update of an
action (status, progress, budget, news with a photo or a document) and the import of a spreadsheet.

A bad filter value never fails the page: the valid filters apply, the bad one is reported beside
its field and ignored (the same rule for the CSV/JSON exports, which take the same parameters).
"""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.action_plan.models import ActionStatus

YES = "1"


class ActionFilterForm(forms.Form):
    axis = forms.ChoiceField(label=_("Axis"), required=False, choices=(),
                             error_messages={"invalid_choice": _("Choose an axis in the list.")})
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *ActionStatus.choices],
                               error_messages={"invalid_choice": _("Choose a status in the list.")})
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood or place"), required=False, choices=(),
                                      error_messages={"invalid_choice": _("Choose a neighbourhood in the list.")})
    service = forms.ChoiceField(label=_("Responsible service"), required=False, choices=(),
                                error_messages={"invalid_choice": _("Choose a service in the list.")})
    overdue = forms.ChoiceField(label=_("Deadline"), required=False,
                                choices=[("", _("All actions")), (YES, _("Overdue actions only"))],
                                error_messages={"invalid_choice": _("Choose an option in the list.")})

    FIELDS = ("axis", "status", "neighbourhood", "service", "overdue")

    def __init__(self, *args, axes=(), neighbourhoods=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.axes = list(axes)
        self.fields["axis"].choices = [("", _("All axes")), *((str(a.pk), str(a)) for a in axes)]
        self.fields["neighbourhood"].choices = [("", _("All neighbourhoods")), *((n, n) for n in neighbourhoods)]
        self.fields["service"].choices = [("", _("All services")), *((s, s) for s in services)]
        for field in self.fields.values():
            field.widget.attrs["dir"] = "auto"

    @property
    def values(self) -> dict:
        """The valid, non-empty filters (a bad value is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.cleaned_data[name] for name in self.FIELDS if self.cleaned_data.get(name)}

    @property
    def has_errors(self) -> bool:
        return self.is_bound and not self.is_valid()

    def filter(self, actions, today):
        values = self.values
        if values.get("axis"):
            actions = actions.filter(axis_id=int(values["axis"]))
        if values.get("status"):
            actions = actions.filter(status=values["status"])
        if values.get("neighbourhood"):
            actions = actions.filter(neighbourhood=values["neighbourhood"])
        if values.get("service"):
            actions = actions.filter(service=values["service"])
        if values.get("overdue") == YES:
            actions = actions.overdue(today)
        return actions


class ActionUpdateForm(forms.Form):
    """What staff change on an action; applied by services.update_action(), which records it as a
    dated public update. Empty amounts mean "unchanged"."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                  error_messages={"min_value": _("The progress is a percentage between 0 and 100."),
                                                  "max_value": _("The progress is a percentage between 0 and 100.")})
    budget_committed = forms.DecimalField(label=_("Committed (MAD)"), required=False, min_value=Decimal(0),
                                          max_digits=14, decimal_places=2)
    budget_spent = forms.DecimalField(label=_("Spent (MAD)"), required=False, min_value=Decimal(0),
                                      max_digits=14, decimal_places=2)
    date = forms.DateField(label=_("Date of the update"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                           help_text=_("Today when left empty."))
    text = forms.CharField(label=_("Public note"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Shown with the update on the action's public page. No personal data."))
    photo = forms.ImageField(label=_("Photo"), required=False)
    photo_caption = forms.CharField(label=_("Photo description"), required=False, max_length=250,
                                    help_text=_("Also the photo's text alternative."))
    document = forms.FileField(label=_("Document (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("initial", {
            "status": action.status, "progress": action.progress,
            "budget_committed": action.budget_committed, "budget_spent": action.budget_spent,
        })
        super().__init__(*args, **kwargs)
        self.action = action

    def clean_photo(self):
        from participation.core.photos import clean_photo

        photo = self.cleaned_data.get("photo")
        return clean_photo(photo) if photo else None

    def clean_document(self):
        from participation.core.documents import clean_document

        document = self.cleaned_data.get("document")
        return clean_document(document) if document else None

    def clean(self):
        data = super().clean()
        if data.get("photo") and not (data.get("photo_caption") or "").strip():
            self.add_error("photo_caption", _("Describe the photo for people who cannot see it."))
        return data


class ImportForm(forms.Form):
    plan = forms.ChoiceField(label=_("Plan"), choices=())
    file = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {str(p.pk): p for p in plans}
        self.fields["plan"].choices = [("", "---------"), *((k, f"{p.title} ({p.first_year}–{p.last_year})") for k, p in self.plans.items())]

    def chosen_plan(self):
        return self.plans[self.cleaned_data["plan"]]

