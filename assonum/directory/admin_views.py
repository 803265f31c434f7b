"""Back-office views of the directory (Wagtail admin, menu "Annuaire"; registered by
wagtail_hooks.py).

- Lieux: the places (list with filters, edit form with the vocabularies as checkboxes);
- Importer: upload a file, the import runs in the background, a status page that refreshes itself,
  then the report (every rejected row with line, field and reason);
- Doublons probables: what imports held back for review (keep both / merge / ignore);
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import JSONField
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from assonum.core.perms import acts_as_staff
from assonum.core.workflow import InvalidTransition, transition

from . import vocabularies as voc
from .importing import MAX_FILE_SIZE
from .models import DuplicateCandidate, ImportRun, Place
from .tasks import start_import


class LinesField(forms.CharField):
    """A list edited as one value per line."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


LINE_FIELDS = {"telephones", "courriels", "sites_web"}


class PlaceEditView(EditView):
    """The edit form saves the fields; a new status goes through the workflow (logged, by whom).

    The status is written back to the one in the database before the form saves, then
    ``transition`` moves it (same transaction): a move the table refuses is shown on the field.
    """

    def save_instance(self):
        target = self.form.cleaned_data.get("status")
        current = Place.objects.values_list("status", flat=True).get(pk=self.form.instance.pk)
        self.form.instance.status = current
        instance = super().save_instance()
        if target and target != current:
            instance = transition(instance, target, by=self.request.user)
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except InvalidTransition as exc:
            form.add_error("status", str(exc))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class PlaceViewSet(ModelViewSet):
    model = Place
    edit_view_class = PlaceEditView
    icon = "site"
    menu_label = _("Lieux")
    name = "directory_places"
    url_prefix = "annuaire/lieux"
    list_display = ["nom", "commune_nom", "status", "date_maj", "is_fictional", "source"]
    list_filter = ["status", "is_fictional", "source"]
    search_fields = ["nom", "commune_nom"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = [
        "nom", "status", "owner", "is_fictional", "pivot", "adresse", "complement_adresse",
        "code_postal", "commune_nom", "code_insee", "commune", "latitude", "longitude",
        "telephones", "courriels", "sites_web", "contact_name", "horaires", "prise_rdv",
        "fiche_acces_libre", "typologie", "presentation_resume", "presentation_detail",
        "itinerance", "structure_parente", "date_maj", "offers", "services",
        "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
        "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels",
        "modalites_acces", "modalites_accompagnement", "collected_by", "source", "source_id",
    ]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, JSONField):
            if db_field.name in voc.VOCABULARY_FIELDS:
                vocabulary = (
                    voc.OFFERS if db_field.name == "offers"
                    else voc.VOCABULARY_FIELDS[db_field.name]
                )
                if db_field.name == "typologie":
                    vocabulary = voc.TYPOLOGIES
                return forms.MultipleChoiceField(
                    label=db_field.verbose_name.capitalize(), required=False,
                    choices=voc.choices(vocabulary), widget=forms.CheckboxSelectMultiple,
                )
            if db_field.name in LINE_FIELDS:
                return LinesField(
                    label=db_field.verbose_name.capitalize(), required=False,
                    help_text=_("Une valeur par ligne."),
                )
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_queryset(self, request):
        # Staff see the oldest listings first (stale ones need a look).
        return Place.objects.select_related("commune").order_by("date_maj", "nom")


# ----------------------------------------------------------------------------------------------
# Import


def _require(request, perm: str):
    if not (acts_as_staff(request) and request.user.has_perm(perm)):
        raise PermissionDenied


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou JSON"),
        help_text=_(
            "Standard des lieux de médiation numérique (v1.0.2 ou plus ancien), 20 Mo au plus."
        ),
    )
    source = forms.SlugField(
        label=_("Nom de la source"), max_length=100,
        help_text=_(
            "Par exemple « cd36-2024 ». Réimporter avec la même source met à jour les lieux."
        ),
    )
    dry_run = forms.BooleanField(label=_("Essai à blanc (ne rien enregistrer)"), required=False)
    all_or_nothing = forms.BooleanField(
        label=_("Tout ou rien (ne rien importer si une ligne est refusée)"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("Fichier trop gros (20 Mo au plus)."))
        head = upload.read(2048)
        upload.seek(0)
        if b"\x00" in head:
            raise forms.ValidationError(
                _("Ce fichier n'est ni un CSV ni un JSON (fichier binaire).")
            )
        return upload


class ImportViewSet(ViewSet):
    name = "directory_imports"
    url_prefix = "annuaire/imports"
    icon = "upload"
    menu_label = _("Importer des lieux")

    def index(self, request):
        _require(request, "directory.add_importrun")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            with transaction.atomic():
                run = start_import(
                    content=upload.read(), file_name=upload.name,
                    source=form.cleaned_data["source"],
                    dry_run=form.cleaned_data["dry_run"],
                    all_or_nothing=form.cleaned_data["all_or_nothing"], user=request.user,
                )
            return redirect(self.get_url_name("detail"), pk=run.pk)
        runs = ImportRun.objects.defer("upload", "report").select_related("created_by")[:20]
        return TemplateResponse(request, "directory_admin/import_index.html", {
            "form": form, "runs": runs, "viewset": self, "page_title": _("Importer des lieux"),
        })

    def detail(self, request, pk):
        _require(request, "directory.add_importrun")
        run = get_object_or_404(ImportRun.objects.defer("upload"), pk=pk)
        return TemplateResponse(request, "directory_admin/import_detail.html", {
            "run": run, "viewset": self, "page_title": _("Import de lieux"),
            "duplicates": run.duplicate_candidates.select_related("existing_place"),
            "refresh": not run.is_finished,
        })

    def get_urlpatterns(self):
        return [
            path("", self.index, name="index"),
            path("<int:pk>/", self.detail, name="detail"),
        ]


class DuplicateViewSet(ViewSet):
    name = "directory_duplicates"
    url_prefix = "annuaire/doublons"
    icon = "duplicate"
    menu_label = _("Doublons probables")

    ACTIONS = {"keep_both": "keep_both", "merge": "merge", "ignore": "ignore"}

    def index(self, request):
        _require(request, "directory.change_place")
        status = request.GET.get("statut", DuplicateCandidate.Status.OPEN)
        if status not in DuplicateCandidate.Status.values:
            status = DuplicateCandidate.Status.OPEN
        candidates = (
            DuplicateCandidate.objects.filter(status=status)
            .select_related("existing_place", "import_run", "reviewed_by")[:100]
        )
        return TemplateResponse(request, "directory_admin/duplicates.html", {
            "candidates": candidates, "viewset": self, "status": status,
            "statuses": DuplicateCandidate.Status.choices, "page_title": _("Doublons probables"),
        })

    def act(self, request, pk, action):
        _require(request, "directory.change_place")
        candidate = get_object_or_404(DuplicateCandidate, pk=pk)
        method = self.ACTIONS.get(action)
        if method is None:
            raise PermissionDenied
        try:
            getattr(candidate, method)(request.user)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("« %(name)s » : %(status)s.") % {
                "name": candidate.incoming_data.get("nom", ""),
                "status": candidate.get_status_display(),
            })
        return redirect(self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            path("", self.index, name="index"),
            path("<int:pk>/<slug:action>/", require_POST(self.act), name="act"),
        ]


class DirectoryGroup(ViewSetGroup):
    menu_label = _("Annuaire")
    menu_icon = "site"
    menu_order = 240
    items = (PlaceViewSet, ImportViewSet, DuplicateViewSet)
