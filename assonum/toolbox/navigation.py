"""Header links: the index pages are Wagtail pages, so the entries are literal paths.

The core's nav collector accepts a path starting with "/" in place of a URL name. The demo (and
any deployment) creates the two index pages under the home page with these slugs.
"""

from django.utils.translation import gettext_lazy as _

TOOLS_PATH = "/boite-a-outils/"
GUIDES_PATH = "/fiches-pratiques/"

NAV_ITEMS = [
    (TOOLS_PATH, _("Boîte à outils"), 10),
    (GUIDES_PATH, _("Fiches pratiques"), 20),
]
