"""StreamField blocks of a story: text, interview, images, quote, and a click-to-load video."""

import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from assonum.core.blocks import RICH_TEXT_FEATURES

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_PEERTUBE_PATH = re.compile(r"^/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]{6,64})/?$")


def _youtube(video_id: str) -> str | None:
    if _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


def embed_url(url: str) -> str | None:
    """The privacy-friendly player address for a video page address, or None if unknown.

    - YouTube (youtube.com/watch?v=, youtu.be/) -> www.youtube-nocookie.com/embed/ID
    - Vimeo (vimeo.com/ID) -> player.vimeo.com/video/ID?dnt=1 (do not track)
    - PeerTube (https://instance/w/ID or /videos/watch/ID) -> https://instance/videos/embed/ID
    """
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.netloc:
        return None
    host = parts.netloc.lower()
    if host in {"www.youtube.com", "youtube.com", "m.youtube.com"}:
        video_id = parse_qs(parts.query).get("v", [""])[0]
        if parts.path.startswith("/embed/"):
            video_id = parts.path.split("/")[2]
        return _youtube(video_id)
    if host == "youtu.be":
        return _youtube(parts.path.strip("/"))
    if host in {"vimeo.com", "www.vimeo.com"}:
        video_id = parts.path.strip("/").split("/")[0]
        return f"https://player.vimeo.com/video/{video_id}?dnt=1" if video_id.isdigit() else None
    match = _PEERTUBE_PATH.match(parts.path)
    if match:
        return f"https://{host}/videos/embed/{match.group(1)}"
    return None


def allowed_embed(url: str) -> str | None:
    """``embed_url(url)`` if its host is one the Content-Security-Policy lets us frame."""
    player = embed_url(url)
    if player is None:
        return None
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(player))
    return player if origin in getattr(settings, "VIDEO_FRAME_HOSTS", []) else None


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Question"))
    answer = blocks.TextBlock(label=_("Réponse"))

    class Meta:
        icon = "help"
        label = _("Question et réponse")


class InterviewBlock(blocks.StructBlock):
    person = blocks.CharBlock(
        required=False, label=_("Personne interrogée"),
        help_text=_("Par exemple : « Mathieu Muselet, La Grange numérique »."),
    )
    items = blocks.ListBlock(QuestionAnswerBlock(), min_num=1, label=_("Questions et réponses"))

    class Meta:
        template = "stories/blocks/interview.html"
        icon = "openquote"
        label = _("Entretien")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(required=False, label=_("Qui le dit"))

    class Meta:
        template = "stories/blocks/quote.html"
        icon = "openquote"
        label = _("Citation")


class VideoValue(blocks.StructValue):
    @property
    def player_url(self):
        return allowed_embed(self.get("url", ""))

    @property
    def host(self):
        return urlsplit(self.get("url", "")).netloc


class VideoBlock(blocks.StructBlock):
    """A video that loads nothing from its host until the visitor asks for it.

    The page shows a title, a description and a link to the video on its own site; with
    JavaScript, a button replaces this placeholder with the privacy-friendly player.
    """

    url = blocks.URLBlock(
        label=_("Adresse de la vidéo"),
        help_text=_("Page de la vidéo sur YouTube, Vimeo ou une instance PeerTube autorisée "
                    "(par exemple framatube.org)."),
    )
    title = blocks.CharBlock(label=_("Titre de la vidéo"))
    description = blocks.TextBlock(
        required=False, label=_("Ce que montre la vidéo"),
        help_text=_("Une ou deux phrases, lues par qui ne lance pas la vidéo."),
    )
    duration = blocks.CharBlock(required=False, max_length=20, label=_("Durée"),
                                help_text=_("Par exemple : 4 min 30."))

    class Meta:
        template = "stories/blocks/video.html"
        icon = "media"
        label = _("Vidéo")
        value_class = VideoValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("url") and allowed_embed(value["url"]) is None:
            raise StructBlockValidationError(block_errors={"url": ValidationError(_(
                "Cette adresse n'est pas reconnue : utilisez la page d'une vidéo YouTube, Vimeo "
                "ou d'une instance PeerTube autorisée (%(hosts)s)."
            ) % {"hosts": ", ".join(settings.VIDEO_FRAME_HOSTS)})})
        return value


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))
    interview = InterviewBlock()
    # ImageBlock makes the alternative text mandatory (or explicitly decorative).
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock()
    video = VideoBlock()

    class Meta:
        label = _("Contenu")
