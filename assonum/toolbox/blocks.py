"""StreamField blocks of the toolbox: tutorials on a tool, the body of a practical guide."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from assonum.core.blocks import RICH_TEXT_FEATURES


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=200)
    url = blocks.URLBlock(label=_("Adresse"))
    note = blocks.CharBlock(label=_("Précision (format, durée...)"), required=False, max_length=200)

    class Meta:
        icon = "link"
        label = _("Lien")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de l'étape"), max_length=200)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))

    class Meta:
        icon = "list-ol"
        label = _("Étape")


class NoteBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=200)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))


class TipBlock(NoteBlock):
    class Meta:
        icon = "help"
        label = _("Astuce")
        template = "toolbox/blocks/tip.html"


class WarningBlock(NoteBlock):
    class Meta:
        icon = "warning"
        label = _("Attention")
        template = "toolbox/blocks/warning.html"


class GuideBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))
    steps = blocks.ListBlock(StepBlock(), label=_("Étapes"), template="toolbox/blocks/steps.html")
    tip = TipBlock()
    warning = WarningBlock()
    # ImageBlock makes the alternative text mandatory (or explicitly decorative).
    image = ImageBlock(label=_("Image"))
    tools = blocks.ListBlock(
        blocks.PageChooserBlock(target_model="toolbox.ToolPage"),
        label=_("Outils liés"),
        template="toolbox/blocks/tools.html",
    )

    class Meta:
        label = _("Contenu")
