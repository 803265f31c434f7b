from assonum.core.plugins import PersonalData, Plugin, StaffRole

from . import demo, personal_data

PLUGIN = Plugin(
    app="assonum.core",
    demo=demo.load,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    # The moderators read the transition log (Paramètres > Journal des changements d'état).
    staff_roles=[StaffRole(group="Modération", permissions=["core.view_transitionlog"])],
    # The footer's identity, the sites and the images and documents that pages show (pages
    # themselves purge through Wagtail's signals, see core/page_cache.py).
    cache_models=["core.SiteIdentity", "wagtailcore.Site", "wagtailimages.Image",
                  "wagtaildocs.Document", "wagtailcore.Collection",
                  "wagtailcore.PageViewRestriction", "wagtailcore.CollectionViewRestriction"],
    extension_points={
        "toolbox.tool_page": "tool_page(request, tool_page) -> dict | None: a block on a tool page",
        "directory.place_page": "place_page(request, place) -> dict | None: a block on a place",
    },
)
