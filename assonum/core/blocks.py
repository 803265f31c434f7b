"""StreamField blocks shared by every editorial page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("tip", _("Astuce")), ("warning", _("Attention"))],
        default="info",
        label=_("Type"),
    )
    title = blocks.CharBlock(required=False, label=_("Titre"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))

    class Meta:
        template = "core/blocks/callout.html"
        icon = "help"
        label = _("Encadré")


class BaseContentBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))
    callout = CalloutBlock()
    # ImageBlock makes the alternative text mandatory (or explicitly decorative).
    image = ImageBlock(label=_("Image"))

    class Meta:
        label = _("Contenu")
