"""The listing form a volunteer fills: first screen, "Plus de détails", hours day by day,
required marks, and the way in for an anonymous visitor (account, organisation, form)."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from assonum.directory.forms import PlaceForm
from assonum.directory.models import PlaceChange
from assonum.directory.opening_hours import build, parse_week
from assonum.directory.widgets import decompress_hours, parse_time
from assonum.organisations.models import Membership, Organisation
from tests.directory.factories import PlaceFactory
from tests.directory.selfservice_helpers import login, make_actor_member, make_user
from tests.directory.test_selfservice import PROPOSE_URL, listing_post
from tests.territory.factories import make_real_communes

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
H = dt.time


@pytest.fixture
def communes():
    return make_real_communes()


def day_fields(**days):
    """POST data of the grid: ``lundi=("09:00", "12:00", "14:00", "17:30")``, ``dimanche=None``
    for "Fermé"; days not given are left untouched (no choice, no time)."""
    data = {}
    for day, times in days.items():
        if times is None:
            data[f"horaires_{day}_etat"] = "ferme"
            continue
        data[f"horaires_{day}_etat"] = "ouvert"
        for key, value in zip(("de1", "a1", "de2", "a2"), times, strict=False):
            data[f"horaires_{day}_{key}"] = value
    return data


def grid_post(organisation, **days):
    data = listing_post(organisation)
    del data["horaires"]
    data.update(day_fields(**days))
    return data


WEEKDAY = ("09:00", "12:00", "14:00", "17:30")


# ---------------------------------------------------------------------------------------------
# Building and reading back the OSM string.


@pytest.mark.parametrize("raw", [
    "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00",
    "Mo-Tu 10:00-12:00",
    "Tu 14:00-18:00",
    "Mo-We,Fr 09:00-12:00; Sa 10:00-24:00",
    "Mo-Su 00:00-24:00",
])
def test_round_trip_of_strings_the_grid_writes(raw):
    week = parse_week(raw)
    assert week is not None
    assert build(week) == raw
    # Through the widget's values and back as well.
    assert decompress_hours(raw)[-1] == ""  # no advanced text needed


def test_consecutive_equal_days_are_folded_into_ranges():
    week = [[(H(9), H(12)), (H(14), H(17, 30))]] * 5 + [[(H(9), H(12))], []]
    assert build(week) == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00"
    assert build([[(H(9), H(12))]] * 3 + [[]] + [[(H(9), H(12))]] + [[], []]) == (
        "Mo-We,Fr 09:00-12:00"
    )
    assert build([[] for _ in range(7)]) == ""


@pytest.mark.parametrize("raw, expected", [
    ("Mo,Tu,We 09:00-12:00", "Mo-We 09:00-12:00"),
    ("Mo-Fr 08:00-12:00; We off", "Mo-Tu,Th-Fr 08:00-12:00"),
    ("24/7", "Mo-Su 00:00-24:00"),
    ("Fr 22:00-02:00", "Fr 22:00-24:00; Sa 00:00-02:00"),
])
def test_other_writings_are_read_into_the_grid(raw, expected):
    assert build(parse_week(raw)) == expected


@pytest.mark.parametrize("raw", [
    "Mo-Fr 09:00-18:00; PH off",
    "week 1-3 Mo 10:00-12:00",
    'Mo 10:00-12:00 "sur rendez-vous"',
    "Mo 09:00-10:00,11:00-12:00,13:00-14:00",  # three slots
    "pas des horaires",
])
def test_what_the_grid_cannot_show_stays_as_typed(raw):
    assert parse_week(raw) is None
    assert decompress_hours(raw)[-1] == raw


def test_times_typed_without_a_time_picker():
    assert parse_time("9h") == H(9)
    assert parse_time("9 h 30") == H(9, 30)
    assert parse_time("14:05") == H(14, 5)
    assert parse_time("24:00") == H(0)
    assert parse_time("25:00") is None and parse_time("midi") is None


# ---------------------------------------------------------------------------------------------
# The form, posted without JavaScript.

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_hours_typed_per_day_are_stored_in_osm_syntax(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    data = grid_post(
        organisation, lundi=WEEKDAY, mardi=WEEKDAY, mercredi=WEEKDAY, jeudi=WEEKDAY,
        vendredi=WEEKDAY, samedi=("9:00", "12:00"), dimanche=None,
    )
    response = client.post(PROPOSE_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = PlaceChange.objects.get()
    assert change.data["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00"


@pytestmark_db
def test_times_without_choosing_open_count_as_open(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    data = grid_post(organisation)
    data.update({"horaires_mercredi_de1": "14:00", "horaires_mercredi_a1": "18:00"})
    assert client.post(PROPOSE_URL, data).status_code == 302
    assert PlaceChange.objects.get().data["horaires"] == "We 14:00-18:00"


@pytestmark_db
def test_no_hours_at_all_is_allowed(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    assert client.post(PROPOSE_URL, grid_post(organisation, dimanche=None)).status_code == 302
    assert PlaceChange.objects.get().data["horaires"] == ""


@pytestmark_db
def test_hours_errors_name_the_day_and_keep_what_was_typed(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    data = grid_post(organisation, mardi=("18:00", "09:00"), jeudi=())
    data.update({"horaires_lundi_etat": "ferme", "horaires_lundi_de1": "10:00",
                 "horaires_lundi_a1": "12:00"})
    response = client.post(PROPOSE_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lundi : vous avez coché « Fermé » et indiqué des heures" in html
    assert "Mardi : la fin (09:00) doit venir après le début (18:00)" in html
    assert "Jeudi : indiquez l&#x27;heure d&#x27;ouverture et l&#x27;heure de fermeture" in html
    assert 'name="horaires_mardi_de1" id="id_horaires_mardi_de1" value="18:00"' in html
    assert 'name="horaires_lundi_a1" id="id_horaires_lundi_a1" value="12:00"' in html
    # The error summary links to the grid's first control, which exists.
    assert 'href="#id_horaires_lundi_etat_0"' in html and 'id="id_horaires_lundi_etat_0"' in html
    assert "Fab lab de Déols" in html
    assert not PlaceChange.objects.exists()


@pytestmark_db
def test_editing_shows_stored_hours_day_by_day_and_keeps_them(client, communes):
    actor, organisation = make_actor_member()
    place = PlaceFactory(
        owner=organisation, commune=communes["45234"], commune_nom="Orléans",
        horaires="Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00",
    )
    login(client, actor)
    url = f"/annuaire/{place.slug}/modifier/"
    html = client.get(url).content.decode()
    assert re.search(r'name="horaires_lundi_etat" value="ouvert" id="[^"]+" checked', html)
    assert re.search(r'name="horaires_dimanche_etat" value="ferme" id="[^"]+" checked', html)
    assert 'name="horaires_vendredi_a2" id="id_horaires_vendredi_a2" value="17:30"' in html
    assert 'name="horaires_samedi_de2" id="id_horaires_samedi_de2">' in html  # empty
    assert "horaires_avance" not in html  # no advanced field: the grid shows it all
    # The form as shown, sent back: the hours are the same string.
    form = PlaceForm(place=place)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets_names"):
            for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=True):
                if part:
                    data[f"{name}{suffix}"] = part
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value] if name not in (
                "telephones", "courriels", "sites_web") else "\n".join(value)
        elif value not in (None, ""):
            data[name] = value.pk if hasattr(value, "pk") else value
    data.update(commune="Orléans", pivot="")
    bound = PlaceForm(data, place=place)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["horaires"] == place.horaires


@pytestmark_db
def test_hours_the_grid_cannot_show_keep_an_advanced_field(client, communes):
    actor, organisation = make_actor_member()
    place = PlaceFactory(
        owner=organisation, commune=communes["45234"], commune_nom="Orléans",
        horaires="Mo-Fr 09:00-18:00; PH off",
    )
    login(client, actor)
    url = f"/annuaire/{place.slug}/modifier/"
    html = client.get(url).content.decode()
    assert ('name="horaires_avance" id="id_horaires_avance" '
            'value="Mo-Fr 09:00-18:00; PH off"') in html
    assert not re.search(r'name="horaires_lundi_etat" value="ouvert" id="[^"]+" checked', html)
    # Both the grid and the advanced text: the form asks to choose.
    data = listing_post(commune="Orléans", adresse=place.adresse)
    del data["horaires"]
    data.update({"horaires_avance": "Mo-Fr 09:00-18:00; PH off", **day_fields(samedi=WEEKDAY)})
    response = client.post(url, data)
    assert "Remplissez soit la grille des jours, soit le champ des horaires avancés" in (
        response.content.decode())
    # The advanced text alone goes through the import's rule (the same message).
    data = listing_post(commune="Orléans", adresse=place.adresse)
    del data["horaires"]
    data["horaires_avance"] = "Mo-Fr  09:00-19:00;  PH off"
    assert client.post(url, data).status_code == 302
    assert PlaceChange.objects.get().data["horaires"] == "Mo-Fr 09:00-19:00; PH off"


# ---------------------------------------------------------------------------------------------
# First screen, details, marks.


class _Inputs(HTMLParser):
    """Named controls and field blocks, split into outside / inside the <details>."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.names = {"outside": [], "inside": []}
        self.fields = {"outside": 0, "inside": 0}
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "listing-form" in (attrs.get("class") or ""):
            self.in_form = True
        if not self.in_form:
            return
        where = "inside" if self.depth else "outside"
        if tag == "details":
            self.depth += 1
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden",
                                                                               "submit"):
            self.names[where].append(attrs.get("name"))
        if tag == "div" and "field" in (attrs.get("class") or "").split():
            self.fields[where] += 1

    def handle_endtag(self, tag):
        if tag == "details" and self.in_form:
            self.depth -= 1
        if tag == "form":
            self.in_form = False


@pytestmark_db
def test_first_screen_is_short_and_the_rest_is_folded(client, communes):
    actor, _organisation = make_actor_member()
    login(client, actor)
    html = client.get(PROPOSE_URL).content.decode()
    parser = _Inputs()
    parser.feed(html)
    outside = parser.names["outside"]
    assert parser.fields["outside"] <= 12, parser.fields
    # Outside the hours grid and the services checkboxes: a handful of inputs.
    plain = [n for n in outside if not n.startswith("horaires_") and n != "services"]
    assert len(plain) <= 10, plain
    assert {"nom", "adresse", "commune", "code_postal", "pivot", "telephones", "courriels",
            "sites_web", "services", "horaires_lundi_etat", "horaires_dimanche_a2"} <= set(outside)
    assert {"presentation_detail", "frais_a_charge", "latitude", "prise_rdv"} <= set(
        parser.names["inside"])
    assert "<summary>Plus de détails</summary>" in html
    assert "<details class=\"listing-more\">" in html  # closed by default
    assert len(outside) + len(parser.names["inside"]) > 60  # nothing was lost


@pytestmark_db
def test_an_error_inside_the_details_opens_them(client, communes):
    actor, organisation = make_actor_member()
    login(client, actor)
    response = client.post(PROPOSE_URL, listing_post(organisation, prise_rdv="javascript:x"))
    html = response.content.decode()
    assert '<details class="listing-more" open>' in html
    assert "doit commencer par https:// ou http://" in html  # the import's rule and message


@pytestmark_db
def test_required_fields_are_marked_and_the_legend_is_true(client, communes):
    actor, _organisation = make_actor_member()
    login(client, actor)
    html = client.get(PROPOSE_URL).content.decode()
    assert "Les champs marqués d'un astérisque (<span class=\"required-mark\">*</span>) " \
           "sont obligatoires" in html
    form = PlaceForm(organisations=Organisation.objects.all())
    marked = set(re.findall(
        r'<label for="id_(\w+)">[^<]*<span class="required-mark" aria-hidden="true">\*', html))
    required = {name for name, field in form.fields.items() if field.required}
    assert required == {"organisation", "nom", "adresse", "commune"}
    assert marked == required
    assert html.count('class="required-mark" aria-hidden="true"') == len(required)


# ---------------------------------------------------------------------------------------------
# The way in: anonymous -> account -> organisation -> form.


@pytestmark_db
def test_anonymous_visitors_see_the_way_in_at_the_top_of_the_directory(client):
    html = client.get("/annuaire/").content.decode()
    assert "Inscrire votre lieu" in html
    assert 'href="/compte/signup/?next=/annuaire/proposer/"' in html
    assert 'href="/compte/login/?next=/annuaire/proposer/"' in html
    assert html.index("Inscrire votre lieu") < html.index('class="filters"')
    response = client.get(PROPOSE_URL)
    assert response.status_code == 302
    assert response["Location"] == "/compte/login/?next=/annuaire/proposer/"


@pytestmark_db
def test_without_an_actor_organisation_the_form_comes_after_creating_one(client, communes):
    user = make_user("benevole@exemple.fr")
    login(client, user)
    response = client.get(PROPOSE_URL)
    assert response.status_code == 403
    create_url = "/organisations/nouvelle/?type=actor&next=%2Fannuaire%2Fproposer%2F"
    assert f'href="{create_url.replace("&", "&amp;")}"' in response.content.decode()
    page = client.get(create_url)
    assert page.status_code == 200
    assert re.search(r'value="actor"[^>]*checked', page.content.decode())
    response = client.post(create_url, {
        "kind": "actor", "name": "Les Bidouilleurs de Vierzon", "seat_commune": "Orléans",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == PROPOSE_URL
    organisation = Organisation.objects.get(name="Les Bidouilleurs de Vierzon")
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    form = client.get(PROPOSE_URL)
    assert form.status_code == 200
    assert "Les Bidouilleurs de Vierzon" in form.content.decode()


@pytestmark_db
@pytest.mark.parametrize("target", ["https://ailleurs.example/", "//ailleurs.example/x"])
def test_organisation_creation_ignores_a_next_to_another_site(client, communes, target):
    login(client, make_user("benevole@exemple.fr"))
    response = client.post(f"/organisations/nouvelle/?next={target}", {
        "kind": "actor", "name": "Les Bidouilleurs", "seat_commune": "Orléans",
    })
    assert response.status_code == 302
    assert response["Location"].startswith("/organisations/") and "ailleurs" not in (
        response["Location"])


@pytestmark_db
def test_signing_up_from_the_directory_comes_back_to_the_listing(client, communes):
    from django.core import mail

    signup = "/compte/signup/?next=/annuaire/proposer/"
    response = client.post(signup, {
        "email": "nouvelle@exemple.fr", "password1": "Berry-numerique-1901",
        "password2": "Berry-numerique-1901",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    link = re.search(r"https?://[^\s]+/compte/confirm-email/[^\s]+", mail.outbox[-1].body).group()
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == PROPOSE_URL
    # Signed in, without an organisation yet: the next step is the organisation.
    assert "/organisations/nouvelle/?type=actor" in client.get(PROPOSE_URL).content.decode()
