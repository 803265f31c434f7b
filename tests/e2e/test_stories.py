"""Stories in a real browser: the list and the seed stories audited, the click-to-load video,
and proposing a story with JavaScript off."""

import re
import secrets

from .helpers import assert_page_ok, screenshot

SEED_STORIES = [
    "/temoignages/framasoft-outils-libres-association-a-distance/",
    "/temoignages/inter-truck-numerique/",
    "/temoignages/dunar-usages-numeriques-associations-rurales/",
]
VIDEO_STORY = SEED_STORIES[0]
MEMBER = "benevole@assonum.localhost"
PASSWORD = "demo-assonum-2026"  # the demo accounts' password (assonum.accounts.demo)


def test_story_pages_are_accessible_and_light(live_url, page):
    for path in ["/temoignages/", "/temoignages/?theme=logiciels-libres&departement=37",
                 *SEED_STORIES]:
        assert_page_ok(page, live_url + path)
    page.goto(live_url + "/temoignages/")
    assert page.locator(".story-card").count() >= 6
    screenshot(page, "stories-index")


def test_seed_stories_link_to_their_tools(live_url, page):
    page.goto(live_url + "/temoignages/inter-truck-numerique/")
    assert page.get_by_text("Pouvez-vous retracer l'historique de ce projet ?").count() == 1
    page.goto(live_url + VIDEO_STORY)
    tools = page.locator(".story-tools a")
    assert tools.count() >= 3
    href = tools.first.get_attribute("href")
    page.goto(live_url + href)
    # The tool page lists the stories that use it ("Ils l'utilisent").
    assert page.locator(f'a[href="{VIDEO_STORY}"]').count() == 1


def test_video_loads_nothing_until_clicked(live_url, page):
    third_party = []
    page.on("request", lambda request: third_party.append(request.url)
            if "framatube.org" in request.url else None)
    page.goto(live_url + VIDEO_STORY, wait_until="load")
    page.wait_for_load_state("networkidle")
    video = page.locator("figure.video")
    assert page.locator("iframe").count() == 0
    assert third_party == []
    # Without a click, the link to the video's own page is there.
    assert video.locator("a.video__link").get_attribute("href").startswith("https://framatube.org/")
    button = video.get_by_role("button", name="Lire la vidéo ici")
    assert button.is_visible()
    screenshot(page, "stories-video-before-click")
    button.click()
    frame = page.locator("figure.video iframe")
    assert frame.count() == 1
    assert frame.get_attribute("src").startswith("https://framatube.org/videos/embed/")
    assert frame.get_attribute("title") == "Qu'est-ce que PeerTube ?"


def test_video_without_javascript_is_a_link(live_url, page_nojs):
    page_nojs.goto(live_url + VIDEO_STORY)
    assert page_nojs.locator("iframe").count() == 0
    assert page_nojs.get_by_role("button", name="Lire la vidéo ici").is_visible() is False
    link = page_nojs.get_by_role("link", name=re.compile("Voir la vidéo sur framatube.org"))
    assert link.count() == 1


def test_member_proposes_a_story_without_javascript(live_url, page_nojs, page):
    page_nojs.goto(live_url + "/temoignages/proposer/")
    assert "/compte/login/" in page_nojs.url  # anonymous: sent to log in first
    main = page_nojs.locator("main")
    main.get_by_label("Adresse e-mail").fill(MEMBER)
    main.get_by_label(re.compile(r"^Mot de passe\s*:?\s*\*?$")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    page_nojs.wait_for_url(re.compile(r".*/temoignages/proposer/$"))

    title = f"Notre atelier numérique {secrets.token_hex(3)}"
    main = page_nojs.locator("main")
    main.get_by_label("Titre").fill(title)
    main.get_by_label("Commune").fill("Levroux (36)")
    main.get_by_label("Outils utilisés").fill("Framadate, Nextcloud")
    main.get_by_label("Votre témoignage").fill(
        "Chaque mois, nous aidons les habitants à utiliser leur messagerie.\n\nÇa marche !")
    main.get_by_label("Question 1").fill("Combien de personnes viennent ?")
    main.get_by_label("Réponse 1").fill("Une dizaine à chaque atelier.")
    # Forgetting the consent box: the form says so and keeps what was typed.
    main.get_by_role("button", name="Envoyer pour relecture").click()
    assert page_nojs.locator(".error-summary").count() == 1
    assert main.get_by_label("Titre").input_value() == title
    main.get_by_label(re.compile("J'accepte que ce témoignage soit publié")).check()
    main.get_by_role("button", name="Envoyer pour relecture").click()
    page_nojs.wait_for_url(re.compile(r".*/temoignages/proposer/envoye/\d+/$"))
    assert "Merci, votre témoignage est envoyé" in page_nojs.locator("h1").inner_text()

    # In moderation: not in the public list yet.
    page_nojs.goto(live_url + "/temoignages/")
    assert title not in page_nojs.locator("main").inner_text()
    # The form itself passes the audit (signed in, JavaScript on).
    page.context.add_cookies(page_nojs.context.cookies())
    assert_page_ok(page, live_url + "/temoignages/proposer/")
