"""What bench/run.py measures. Other modules append their own scenarios to SCENARIOS.

A scenario is a name and a path (a GET on the benchmark server, anonymous). The first one,
``hello``, is the reference: every other throughput is printed as a ratio to it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str


HELLO = Scenario("hello (bare Django view)", "/bench/hello")

SCENARIOS = [
    HELLO,
    Scenario("home", "/"),
    Scenario("toolbox list", "/boite-a-outils/"),
    Scenario("toolbox list, 2 filters", "/boite-a-outils/?licence=libre&besoin=collaborer"),
    Scenario("toolbox list, filters, page 3", "/boite-a-outils/?licence=libre&cout=gratuit&page=3"),
    Scenario("tool page", "/boite-a-outils/framadate/"),
    Scenario("guide page", "/fiches-pratiques/rgpd-associations/"),
    Scenario("search 'sondage'", "/recherche/?q=sondage"),
    Scenario("search 'association numerique'", "/recherche/?q=association+numerique"),
]

# --- stories ---------------------------------------------------------------------------------
SCENARIOS += [
    Scenario("story list", "/temoignages/"),
    Scenario("story list, 2 filters, page 2", "/temoignages/?theme=vie-associative&departement=37&page=2"),
    Scenario("story page", "/temoignages/inter-truck-numerique/"),
]

# --- directory -------------------------------------------------------------------------------
SCENARIOS += [
    Scenario("directory list", "/annuaire/"),
    Scenario("directory near Châteauroux 20 km", "/annuaire/?pres_de=Ch%C3%A2teauroux&rayon=20"),
    Scenario("directory GeoJSON (5,000 places)", "/api/v1/lieux.geojson"),
]
