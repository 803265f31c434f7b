"""The demo tools. ``alt``: slugs of the free-software alternatives of the tool."""

GOOGLE_PRIVACY = ("Les données sont gérées par une entreprise américaine, soumise au droit des "
                  "États-Unis (Cloud Act). Ne pas y mettre de données sensibles sur vos membres.")
META_PRIVACY = ("Le réseau vit de la publicité ciblée : il analyse ce que font vos membres. "
                "Les personnes sans compte voient mal vos publications.")
LOCAL = ("Les fichiers restent sur votre ordinateur : pensez à faire des sauvegardes.")

TOOLS = [
    # --- email and contact directory ----------------------------------------------------------
    dict(slug="thunderbird", title="Thunderbird",
         summary="Logiciel de messagerie libre : courriels, carnet d'adresses et agenda sur votre ordinateur.",
         description="<p>Thunderbird relève plusieurs boîtes aux lettres dans une seule fenêtre. "
                     "Il gère aussi les contacts et un agenda. Il marche avec n'importe quelle "
                     "adresse e-mail : celle de votre fournisseur d'accès, d'un hébergeur associatif "
                     "ou d'un nom de domaine de l'association.</p>",
         needs=["communiquer", "collaborer"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="auto-heberge", difficulty="debutant", website="https://www.thunderbird.net/fr/",
         privacy=LOCAL, accessibility="Utilisable au clavier et avec un lecteur d'écran.",
         tutorials=[("Aide de Thunderbird (Mozilla)", "https://support.mozilla.org/fr/products/thunderbird", "en français")]),
    dict(slug="gmail", title="Gmail",
         summary="Messagerie en ligne de Google, gratuite contre l'analyse de vos usages.",
         description="<p>Très répandue et simple à créer, une adresse Gmail est souvent la "
                     "première boîte d'une association. Elle donne accès aux autres services de "
                     "Google (agenda, documents, formulaires).</p>",
         needs=["communiquer"], licence="gratuit", cost="Gratuit (15 Go partagés avec Drive).",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://mail.google.com/",
         alt=["thunderbird", "roundcube"], privacy=GOOGLE_PRIVACY),
    dict(slug="outlook", title="Microsoft Outlook",
         summary="Messagerie et agenda de Microsoft, souvent fournis avec Microsoft 365.",
         description="<p>Outlook existe en logiciel et en version web. Il est courant dans les "
                     "structures qui utilisent déjà Word et Excel.</p>",
         needs=["communiquer", "collaborer"], licence="payant",
         cost="Compris dans Microsoft 365 ; offres réduites pour les associations.",
         band="moins-10", hosting="hors-ue", difficulty="debutant",
         website="https://www.microsoft.com/fr-fr/microsoft-365/outlook",
         alt=["thunderbird"], privacy="Éditeur américain soumis au Cloud Act, même si les "
         "serveurs peuvent être en Europe."),
    dict(slug="roundcube", title="Roundcube",
         summary="Webmail libre : lire ses courriels dans le navigateur, chez un hébergeur de confiance.",
         description="<p>Roundcube est proposé par de nombreux hébergeurs (associatifs ou non) avec "
                     "une adresse e-mail. Il se consulte depuis n'importe quel ordinateur.</p>",
         needs=["communiquer"], licence="libre", cost="Compris dans l'offre de l'hébergeur de messagerie.",
         band="moins-10", hosting="chatons", difficulty="debutant", website="https://roundcube.net/"),
    dict(slug="google-contacts", title="Google Contacts",
         summary="Carnet d'adresses en ligne lié à un compte Google.",
         description="<p>Pratique pour retrouver un contact depuis son téléphone Android, mais les "
                     "coordonnées de vos membres et partenaires sont alors confiées à Google.</p>",
         needs=["communiquer", "gerer"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://contacts.google.com/",
         alt=["nextcloud", "thunderbird"], privacy=GOOGLE_PRIVACY),
    # --- members, accounts -------------------------------------------------------------------
    dict(slug="paheko", title="Paheko",
         summary="Gestion d'association libre : adhérents, cotisations, comptabilité et site web.",
         description="<p>Paheko (anciennement Garradin) est pensé pour les associations françaises. "
                     "Il tient le fichier des membres, suit les cotisations et fait une comptabilité "
                     "conforme au plan comptable associatif. Il peut aussi publier un petit site.</p>",
         needs=["gerer", "site-reseaux", "proteger"], licence="libre",
         cost="Gratuit si vous l'installez ; hébergement en France par l'éditeur, gratuit pour les "
              "petites associations puis quelques euros par mois.", band="moins-10",
         hosting="ue", difficulty="debutant", website="https://paheko.cloud/",
         privacy="Données hébergées en France ; export complet possible à tout moment.",
         tutorials=[("Aide de Paheko", "https://paheko.cloud/aide", "")]),
    dict(slug="assoconnect", title="AssoConnect",
         summary="Logiciel en ligne de gestion d'association : adhérents, comptabilité, paiements.",
         description="<p>AssoConnect réunit le fichier des membres, les adhésions en ligne, la "
                     "comptabilité et les e-mails groupés. C'est une solution complète mais "
                     "propriétaire, avec abonnement.</p>",
         needs=["gerer", "collecter"], licence="payant",
         cost="Abonnement mensuel selon la taille et les modules.", band="plus",
         hosting="ue", difficulty="debutant", website="https://www.assoconnect.com/",
         alt=["paheko", "galette"]),
    dict(slug="galette", title="Galette",
         summary="Gestion libre des adhérents et des cotisations, à installer sur un serveur.",
         description="<p>Galette suit les membres, les cotisations et envoie les rappels. Il faut "
                     "l'installer chez un hébergeur ou sur un serveur de l'association.</p>",
         needs=["gerer"], licence="libre", cost="Gratuit ; prévoir un hébergement web.",
         band="moins-10", hosting="auto-heberge", difficulty="intermediaire",
         website="https://galette.eu/"),
    # --- collaborate: documents, calendars, folders ------------------------------------------
    dict(slug="nextcloud", title="Nextcloud",
         summary="Dossiers, agendas et contacts partagés, en logiciel libre.",
         description="<p>Nextcloud remplace Google Drive ou Dropbox : on y range les fichiers de "
                     "l'association, on partage un dossier avec un lien, on synchronise agendas et "
                     "contacts avec son téléphone. Des membres des CHATONS le proposent clé en "
                     "main.</p>",
         needs=["collaborer", "proteger", "communiquer"], licence="libre",
         cost="Gratuit à installer ; chez un hébergeur associatif, souvent quelques euros par mois.",
         band="moins-10", hosting="chatons", difficulty="intermediaire",
         website="https://nextcloud.com/fr/",
         tutorials=[("Manuel de l'utilisateur Nextcloud", "https://docs.nextcloud.com/server/latest/user_manual/fr/", "")]),
    dict(slug="google-drive", title="Google Drive",
         summary="Stockage de fichiers et documents partagés de Google.",
         description="<p>Google Drive et ses documents en ligne sont faciles à prendre en main. "
                     "Les associations peuvent demander l'offre Google pour les associations.</p>",
         needs=["collaborer"], licence="freemium", cost="15 Go gratuits, puis abonnement.",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://drive.google.com/",
         alt=["nextcloud", "cryptpad"], privacy=GOOGLE_PRIVACY),
    dict(slug="dropbox", title="Dropbox",
         summary="Stockage et partage de fichiers en ligne.",
         description="<p>Dropbox synchronise un dossier entre plusieurs ordinateurs. L'offre "
                     "gratuite est petite (2 Go).</p>",
         needs=["collaborer"], licence="freemium", cost="2 Go gratuits, puis abonnement.",
         band="plus", hosting="hors-ue", difficulty="debutant", website="https://www.dropbox.com/",
         alt=["nextcloud"], privacy="Entreprise américaine soumise au Cloud Act."),
    dict(slug="google-agenda", title="Google Agenda",
         summary="Agenda en ligne partageable de Google.",
         description="<p>Un agenda commun aide à savoir qui tient la permanence ou quand la salle "
                     "est prise.</p>",
         needs=["collaborer", "evenements"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://calendar.google.com/",
         alt=["nextcloud", "thunderbird"], privacy=GOOGLE_PRIVACY),
    dict(slug="cryptpad", title="CryptPad",
         summary="Documents, tableurs et formulaires collaboratifs chiffrés, sans compte obligatoire.",
         description="<p>CryptPad permet d'écrire à plusieurs en même temps. Les documents sont "
                     "chiffrés dans votre navigateur : même l'hébergeur ne peut pas les lire. "
                     "L'instance cryptpad.fr est hébergée en France.</p>",
         needs=["collaborer", "proteger"], licence="libre", cost="Gratuit ; dons bienvenus.",
         band="gratuit", hosting="ue", difficulty="debutant", website="https://cryptpad.fr/",
         tutorials=[("Documentation de CryptPad", "https://docs.cryptpad.org/fr/", "")]),
    dict(slug="etherpad", title="Etherpad",
         summary="Bloc-notes partagé en ligne : chacun écrit dans sa couleur, en direct.",
         description="<p>Idéal pour prendre des notes en réunion ou préparer un compte rendu à "
                     "plusieurs. Beaucoup d'hébergeurs associatifs en proposent un, sans "
                     "inscription.</p>",
         needs=["collaborer", "se-reunir"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="chatons", difficulty="debutant", website="https://etherpad.org/"),
    dict(slug="libreoffice", title="LibreOffice",
         summary="Suite bureautique libre : traitement de texte, tableur, présentations.",
         description="<p>LibreOffice ouvre et enregistre les fichiers Word, Excel et PowerPoint. "
                     "Il s'installe sur Windows, macOS et Linux et fonctionne sans internet.</p>",
         needs=["collaborer", "gerer"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="auto-heberge", difficulty="debutant", website="https://fr.libreoffice.org/",
         privacy=LOCAL,
         tutorials=[("Documentation de LibreOffice", "https://documentation.libreoffice.org/fr/", "guides en français")]),
    dict(slug="microsoft-365", title="Microsoft 365",
         summary="Word, Excel, PowerPoint, Outlook et Teams en abonnement.",
         description="<p>La suite de Microsoft est très répandue. Des remises existent pour les "
                     "associations, mais l'abonnement se renouvelle chaque année.</p>",
         needs=["collaborer", "communiquer"], licence="payant",
         cost="Abonnement annuel ; remises pour les associations éligibles.", band="moins-10",
         hosting="hors-ue", difficulty="debutant",
         website="https://www.microsoft.com/fr-fr/microsoft-365",
         alt=["libreoffice", "nextcloud", "cryptpad"],
         privacy="Éditeur américain soumis au Cloud Act."),
    dict(slug="trello", title="Trello",
         summary="Tableaux de tâches en colonnes pour suivre les projets.",
         description="<p>Chaque tâche est une carte qu'on déplace de « à faire » à « fait ».</p>",
         needs=["collaborer"], licence="freemium", cost="Gratuit pour un usage simple.",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://trello.com/",
         alt=["nextcloud"]),
    # --- website, blog, online directory ------------------------------------------------------
    dict(slug="wordpress", title="WordPress",
         summary="Le logiciel libre le plus utilisé pour créer un site ou un blog.",
         description="<p>WordPress sert aussi bien au petit blog qu'au site complet. Des milliers "
                     "de thèmes et d'extensions existent. Comptez un hébergement web et un peu de "
                     "temps pour les mises à jour.</p>",
         needs=["site-reseaux", "communiquer"], licence="libre",
         cost="Logiciel gratuit ; hébergement à partir de quelques euros par mois.", band="moins-10",
         hosting="auto-heberge", difficulty="intermediaire", website="https://fr.wordpress.org/",
         accessibility="Choisissez un thème marqué « accessibility-ready » et vérifiez les contrastes.",
         tutorials=[("Forums d'entraide WordPress francophones", "https://fr.wordpress.org/support/", "")]),
    dict(slug="spip", title="SPIP",
         summary="Logiciel libre français de publication de sites, très utilisé par les associations.",
         description="<p>SPIP sépare bien la rédaction et la mise en page : plusieurs rédacteurs "
                     "peuvent proposer des articles qu'un administrateur publie.</p>",
         needs=["site-reseaux"], licence="libre",
         cost="Logiciel gratuit ; prévoir un hébergement web.", band="moins-10",
         hosting="auto-heberge", difficulty="intermediaire", website="https://www.spip.net/fr"),
    dict(slug="wix", title="Wix",
         summary="Créateur de site en ligne par glisser-déposer.",
         description="<p>Wix permet de faire un site sans connaissances techniques. La version "
                     "gratuite affiche de la publicité et une adresse en wixsite.com.</p>",
         needs=["site-reseaux"], licence="freemium", cost="Gratuit avec publicité ; abonnement pour un nom de domaine.",
         band="plus", hosting="hors-ue", difficulty="debutant", website="https://fr.wix.com/",
         alt=["wordpress", "spip"],
         privacy="Difficile de récupérer son site pour partir ailleurs."),
    dict(slug="blogger", title="Blogger",
         summary="Plateforme de blog gratuite de Google.",
         description="<p>Un blog se crée en quelques minutes avec un compte Google.</p>",
         needs=["site-reseaux", "communiquer"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://www.blogger.com/",
         alt=["wordpress", "writefreely"], privacy=GOOGLE_PRIVACY),
    dict(slug="writefreely", title="WriteFreely",
         summary="Blog libre et minimaliste, relié au Fédivers.",
         description="<p>WriteFreely affiche des textes sans distraction. Les articles peuvent "
                     "être suivis depuis Mastodon.</p>",
         needs=["site-reseaux", "sobriete"], licence="libre", cost="Gratuit chez un hébergeur associatif.",
         band="gratuit", hosting="chatons", difficulty="debutant", website="https://writefreely.org/"),
    dict(slug="google-business-profile", title="Fiche d'établissement Google",
         summary="Apparaître dans Google Maps avec ses horaires et son adresse.",
         description="<p>Cette fiche d'annuaire en ligne aide le public à trouver vos locaux et "
                     "vos horaires.</p>",
         needs=["site-reseaux"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://www.google.com/intl/fr_fr/business/",
         alt=["openstreetmap"], privacy=GOOGLE_PRIVACY),
    dict(slug="openstreetmap", title="OpenStreetMap",
         summary="La carte libre du monde, que chacun peut compléter : votre local y a sa place.",
         description="<p>Ajouter votre association dans OpenStreetMap la rend visible dans de "
                     "nombreuses applications de cartes et de GPS. Les données sont ouvertes.</p>",
         needs=["site-reseaux"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="ue", difficulty="intermediaire", website="https://www.openstreetmap.org/"),
    dict(slug="umap", title="uMap",
         summary="Créer sa propre carte en ligne sur fond OpenStreetMap, à intégrer sur son site.",
         description="<p>uMap sert à montrer vos lieux d'activité, un parcours ou les points de "
                     "collecte d'une action. L'instance d'OpenStreetMap France est gratuite.</p>",
         needs=["site-reseaux", "evenements"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="ue", difficulty="debutant", website="https://umap.openstreetmap.fr/fr/"),
    # --- team messaging -----------------------------------------------------------------------
    dict(slug="whatsapp", title="WhatsApp",
         summary="Messagerie instantanée de Meta, très répandue pour les groupes de bénévoles.",
         description="<p>Les messages sont chiffrés, mais Meta connaît qui parle à qui et quand. "
                     "Il faut donner son numéro de téléphone à tout le groupe.</p>",
         needs=["communiquer"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://www.whatsapp.com/",
         alt=["signal", "element"], privacy=META_PRIVACY),
    dict(slug="signal", title="Signal",
         summary="Messagerie libre et chiffrée, gérée par une fondation à but non lucratif.",
         description="<p>Signal ressemble à WhatsApp (groupes, appels, photos) mais collecte le "
                     "moins de données possible.</p>",
         needs=["communiquer", "proteger"], licence="libre", cost="Gratuit ; dons bienvenus.",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://signal.org/fr/",
         privacy="Serveurs hors de l'UE, mais presque aucune donnée n'y est conservée."),
    dict(slug="element", title="Element (Matrix)",
         summary="Messagerie d'équipe libre et décentralisée, avec salons et visioconférence.",
         description="<p>Element s'appuie sur le protocole ouvert Matrix : chaque association "
                     "peut avoir son serveur, ou utiliser celui d'un hébergeur de confiance, tout "
                     "en parlant avec les autres.</p>",
         needs=["communiquer", "collaborer"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="chatons", difficulty="intermediaire", website="https://element.io/"),
    dict(slug="slack", title="Slack",
         summary="Messagerie d'équipe avec canaux thématiques.",
         description="<p>Slack organise les discussions par sujet. L'offre gratuite efface "
                     "l'historique ancien.</p>",
         needs=["communiquer", "collaborer"], licence="freemium", cost="Gratuit limité ; abonnement par utilisateur.",
         band="plus", hosting="hors-ue", difficulty="debutant", website="https://slack.com/intl/fr-fr/",
         alt=["mattermost", "element"]),
    dict(slug="mattermost", title="Mattermost",
         summary="Messagerie d'équipe libre à installer, proche de Slack.",
         description="<p>Mattermost reprend le principe des canaux. Il s'installe sur un serveur "
                     "de l'association ou chez un prestataire.</p>",
         needs=["communiquer", "collaborer"], licence="libre", cost="Gratuit à installer.",
         band="gratuit", hosting="auto-heberge", difficulty="avance", website="https://mattermost.com/"),
    # --- social networks, video ---------------------------------------------------------------
    dict(slug="facebook", title="Facebook",
         summary="Réseau social de Meta : page d'association, groupes et événements.",
         description="<p>Beaucoup d'habitants y sont déjà. La portée des publications des pages "
                     "baisse sauf si l'on paie.</p>",
         needs=["site-reseaux", "evenements", "communiquer"], licence="gratuit", cost="Gratuit.",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://www.facebook.com/",
         alt=["mastodon", "mobilizon"], privacy=META_PRIVACY),
    dict(slug="instagram", title="Instagram",
         summary="Réseau social de photos et vidéos courtes de Meta.",
         description="<p>Utile pour toucher un public jeune avec des images.</p>",
         needs=["site-reseaux"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://www.instagram.com/",
         alt=["pixelfed"], privacy=META_PRIVACY,
         accessibility="Ajoutez un texte alternatif à chaque image."),
    dict(slug="x-twitter", title="X (anciennement Twitter)",
         summary="Réseau de messages courts.",
         description="<p>Utilisé par les journalistes et les élus. Les règles de modération ont "
                     "beaucoup changé depuis 2022.</p>",
         needs=["site-reseaux", "communiquer"], licence="freemium", cost="Gratuit ; abonnement pour des options.",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://x.com/",
         alt=["mastodon"]),
    dict(slug="mastodon", title="Mastodon",
         summary="Réseau social libre et décentralisé, sans publicité.",
         description="<p>Mastodon fonctionne comme un réseau de messages courts, réparti entre "
                     "des milliers de serveurs reliés : le Fédivers. On choisit un serveur "
                     "(instance) tenu par une association, et l'on suit qui l'on veut.</p>",
         needs=["site-reseaux", "communiquer"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="chatons", difficulty="debutant", website="https://joinmastodon.org/fr",
         tutorials=[("Documentation de Mastodon", "https://docs.joinmastodon.org/", "en anglais")]),
    dict(slug="pixelfed", title="Pixelfed",
         summary="Partage de photos libre et sans publicité, relié au Fédivers.",
         description="<p>Une alternative à Instagram, chronologique et sans algorithme.</p>",
         needs=["site-reseaux"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="chatons", difficulty="debutant", website="https://pixelfed.org/"),
    dict(slug="mobilizon", title="Mobilizon",
         summary="Annoncer des événements et animer des groupes, en logiciel libre, sans pub.",
         description="<p>Créé par Framasoft, Mobilizon permet de publier des événements, de "
                     "gérer les inscriptions et d'animer un groupe, sans obliger le public à "
                     "ouvrir un compte Facebook.</p>",
         needs=["evenements", "site-reseaux"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="chatons", difficulty="debutant", website="https://mobilizon.org/fr/"),
    dict(slug="youtube", title="YouTube",
         summary="Plateforme de vidéos de Google.",
         description="<p>Très grande audience, mais publicité avant vos vidéos et suggestions "
                     "que vous ne maîtrisez pas.</p>",
         needs=["site-reseaux", "apprendre"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://www.youtube.com/",
         alt=["peertube"], privacy=GOOGLE_PRIVACY,
         accessibility="Ajoutez des sous-titres à vos vidéos."),
    dict(slug="peertube", title="PeerTube",
         summary="Héberger et diffuser ses vidéos en logiciel libre, sans publicité.",
         description="<p>PeerTube, développé par Framasoft, permet de publier des vidéos sur une "
                     "instance tenue par une association ou une collectivité, et de les intégrer "
                     "sur son site sans traceurs.</p>",
         needs=["site-reseaux", "apprendre", "sobriete"], licence="libre",
         cost="Gratuit sur une instance ouverte ; hébergement si vous installez la vôtre.",
         band="gratuit", hosting="chatons", difficulty="intermediaire", website="https://joinpeertube.org/fr",
         tutorials=[("Documentation de PeerTube", "https://docs.joinpeertube.org/", "")]),
    # --- newsletter -----------------------------------------------------------------------------
    dict(slug="mailchimp", title="Mailchimp",
         summary="Envoi de lettres d'information et d'e-mails groupés.",
         description="<p>Mailchimp propose des modèles de lettres et des statistiques "
                     "d'ouverture. L'offre gratuite est limitée en contacts et en envois.</p>",
         needs=["communiquer"], licence="freemium", cost="Gratuit limité ; ensuite abonnement selon le nombre de contacts.",
         band="plus", hosting="hors-ue", difficulty="debutant", website="https://mailchimp.com/fr/",
         alt=["listmonk", "sympa"],
         privacy="Les adresses de vos abonnés partent aux États-Unis : mentionnez-le dans votre information RGPD."),
    dict(slug="brevo", title="Brevo",
         summary="Envoi de lettres d'information par une entreprise française (anciennement Sendinblue).",
         description="<p>Brevo permet d'envoyer des campagnes et des SMS. Les données sont "
                     "hébergées dans l'Union européenne.</p>",
         needs=["communiquer"], licence="freemium", cost="Gratuit jusqu'à 300 e-mails par jour.",
         band="gratuit", hosting="ue", difficulty="debutant", website="https://www.brevo.com/fr/",
         alt=["listmonk", "sympa"]),
    dict(slug="listmonk", title="Listmonk",
         summary="Logiciel libre d'envoi de lettres d'information, rapide et léger.",
         description="<p>Listmonk gère les listes d'abonnés, les modèles et les envois en masse. "
                     "Il s'installe sur un serveur et s'appuie sur un service d'envoi d'e-mails.</p>",
         needs=["communiquer"], licence="libre", cost="Gratuit ; prévoir un serveur et un service d'envoi.",
         band="moins-10", hosting="auto-heberge", difficulty="avance", website="https://listmonk.app/"),
    dict(slug="sympa", title="Sympa",
         summary="Listes de diffusion et de discussion libres, utilisées par les universités.",
         description="<p>Sympa gère des listes où chaque membre peut écrire à tous, ou des "
                     "lettres où seuls les animateurs écrivent. Plusieurs hébergeurs associatifs "
                     "le proposent.</p>",
         needs=["communiquer"], licence="libre", cost="Gratuit chez un hébergeur associatif.",
         band="gratuit", hosting="chatons", difficulty="intermediaire", website="https://www.sympa.community/"),
    # --- polls, forms, decisions ---------------------------------------------------------------
    dict(slug="framadate", title="Framadate",
         summary="Sondage libre pour trouver une date ou faire un choix, sans inscription.",
         description="<p>Proposez plusieurs dates, envoyez le lien : chacun coche ses "
                     "disponibilités. Framadate sert aussi à de petits sondages de choix.</p>",
         needs=["evenements", "se-reunir"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="chatons", difficulty="debutant", website="https://framadate.org/",
         tutorials=[("Prise en main de Framadate", "https://docs.framasoft.org/fr/framadate/", "")]),
    dict(slug="doodle", title="Doodle",
         summary="Sondage de dates en ligne.",
         description="<p>Doodle est connu de tous, mais affiche de la publicité dans sa version "
                     "gratuite.</p>",
         needs=["evenements", "se-reunir"], licence="freemium", cost="Gratuit avec publicité.",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://doodle.com/fr/",
         alt=["framadate"]),
    dict(slug="google-forms", title="Google Forms",
         summary="Formulaires et questionnaires en ligne de Google.",
         description="<p>Facile pour une inscription ou un questionnaire de satisfaction.</p>",
         needs=["evenements", "gerer"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="hors-ue", difficulty="debutant", website="https://forms.google.com/",
         alt=["framaforms", "limesurvey"], privacy=GOOGLE_PRIVACY),
    dict(slug="framaforms", title="Framaforms",
         summary="Formulaires en ligne libres : inscriptions, questionnaires, sondages.",
         description="<p>Framaforms crée des formulaires sans publicité et exporte les réponses "
                     "dans un tableur.</p>",
         needs=["evenements", "gerer", "se-reunir"], licence="libre", cost="Gratuit.",
         band="gratuit", hosting="chatons", difficulty="debutant", website="https://framaforms.org/"),
    dict(slug="limesurvey", title="LimeSurvey",
         summary="Questionnaires et enquêtes avancés, en logiciel libre.",
         description="<p>LimeSurvey convient aux grandes enquêtes : conditions entre questions, "
                     "anonymat, statistiques.</p>",
         needs=["se-reunir", "gerer"], licence="libre", cost="Gratuit à installer ; version hébergée payante.",
         band="moins-10", hosting="auto-heberge", difficulty="intermediaire",
         website="https://www.limesurvey.org/fr"),
    dict(slug="decidim", title="Decidim",
         summary="Plateforme libre de participation : propositions, votes, pétitions, assemblées.",
         description="<p>Decidim est utilisé par des villes et des réseaux pour faire participer "
                     "le public : propositions, débats, votes et initiatives citoyennes.</p>",
         needs=["se-reunir"], licence="libre", cost="Gratuit à installer ; prestataires disponibles.",
         band="plus", hosting="auto-heberge", difficulty="avance", website="https://decidim.org/fr/"),
    # --- petitions -----------------------------------------------------------------------------
    dict(slug="change-org", title="Change.org",
         summary="Plateforme de pétitions en ligne.",
         description="<p>Très connue, elle aide à réunir des signatures. Elle propose de payer "
                     "pour promouvoir une pétition et garde les adresses des signataires.</p>",
         needs=["communiquer"], licence="gratuit", cost="Gratuit ; promotion payante.",
         band="gratuit", hosting="hors-ue", difficulty="debutant", website="https://www.change.org/",
         alt=["decidim", "framaforms"],
         privacy="Les signataires reçoivent ensuite des sollicitations de la plateforme."),
    dict(slug="petitions-assemblee-nationale", title="Pétitions de l'Assemblée nationale",
         summary="Déposer ou signer une pétition officielle adressée aux députés.",
         description="<p>Une pétition qui atteint un nombre suffisant de signatures peut être "
                     "examinée par les députés. Il faut se connecter avec FranceConnect.</p>",
         needs=["communiquer"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="ue", difficulty="debutant", website="https://petitions.assemblee-nationale.fr/"),
    # --- donations, crowdfunding, advertising --------------------------------------------------
    dict(slug="helloasso", title="HelloAsso",
         summary="Dons en ligne, adhésions, billetterie et cagnottes pour les associations.",
         description="<p>HelloAsso est gratuit pour l'association : la plateforme vit des "
                     "contributions volontaires des donateurs. Elle émet les reçus fiscaux et "
                     "sert aussi au financement participatif.</p>",
         needs=["collecter", "gerer", "evenements"], licence="gratuit",
         cost="Gratuit pour l'association (contribution facultative du payeur).", band="gratuit",
         hosting="ue", difficulty="debutant", website="https://www.helloasso.com/",
         privacy="Entreprise française, données en Europe. La contribution volontaire est "
                 "proposée par défaut au payeur : prévenez vos donateurs qu'elle est facultative."),
    dict(slug="paypal", title="PayPal",
         summary="Paiement et dons en ligne par carte ou compte PayPal.",
         description="<p>Un bouton de don PayPal s'ajoute à n'importe quel site. Des frais sont "
                     "prélevés sur chaque don.</p>",
         needs=["collecter"], licence="payant", cost="Commission sur chaque transaction.",
         band="moins-10", hosting="ue", difficulty="debutant", website="https://www.paypal.com/fr/"),
    dict(slug="ulule", title="Ulule",
         summary="Financement participatif de projets, avec contreparties.",
         description="<p>Ulule fixe un objectif et une durée ; l'argent n'est versé que si "
                     "l'objectif est atteint.</p>",
         needs=["collecter"], licence="payant", cost="Commission sur la collecte réussie.",
         band="plus", hosting="ue", difficulty="debutant", website="https://fr.ulule.com/"),
    dict(slug="kisskissbankbank", title="KissKissBankBank",
         summary="Financement participatif pour les projets créatifs, solidaires et associatifs.",
         description="<p>Plateforme française de dons avec contreparties. Commission prélevée si "
                     "la collecte réussit.</p>",
         needs=["collecter"], licence="payant", cost="Commission sur la collecte réussie.",
         band="plus", hosting="ue", difficulty="debutant", website="https://www.kisskissbankbank.com/"),
    dict(slug="google-ad-grants", title="Google Ad Grants",
         summary="Publicité en ligne offerte aux associations sur le moteur de recherche Google.",
         description="<p>Les associations éligibles reçoivent un crédit mensuel d'annonces sur "
                     "Google. Il faut choisir des mots-clés et suivre les résultats chaque mois "
                     "pour garder le crédit.</p>",
         needs=["site-reseaux", "collecter"], licence="gratuit", cost="Gratuit pour les associations éligibles.",
         band="gratuit", hosting="hors-ue", difficulty="avance",
         website="https://www.google.com/intl/fr/nonprofits/offerings/google-ad-grants/",
         privacy=GOOGLE_PRIVACY),
    dict(slug="publicite-meta", title="Publicités Facebook et Instagram",
         summary="Publicité en ligne payante ciblée sur les réseaux de Meta.",
         description="<p>On choisit un budget, une zone et un public. Efficace pour un événement "
                     "local, mais chaque euro compte.</p>",
         needs=["site-reseaux", "evenements"], licence="payant", cost="Budget libre, à partir de quelques euros.",
         band="moins-10", hosting="hors-ue", difficulty="intermediaire",
         website="https://www.facebook.com/business/ads", alt=["mobilizon"], privacy=META_PRIVACY),
    # --- meetings -----------------------------------------------------------------------------
    dict(slug="jitsi-meet", title="Jitsi Meet",
         summary="Visioconférence libre dans le navigateur, sans compte ni installation.",
         description="<p>Créez un salon, partagez le lien : on peut rejoindre depuis un "
                     "ordinateur ou un téléphone. Convient jusqu'à une trentaine de personnes.</p>",
         needs=["se-reunir"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="chatons", difficulty="debutant", website="https://jitsi.org/jitsi-meet/",
         tutorials=[("Guide de Jitsi Meet", "https://jitsi.github.io/handbook/docs/user-guide/user-guide-start", "en anglais")]),
    dict(slug="bigbluebutton", title="BigBlueButton",
         summary="Classe virtuelle libre : visio, tableau blanc, sondages, salles en sous-groupes.",
         description="<p>Pensé pour la formation, BigBlueButton convient aussi aux assemblées "
                     "générales à distance avec votes à main levée.</p>",
         needs=["se-reunir", "apprendre"], licence="libre", cost="Gratuit à installer ; hébergement payant.",
         band="plus", hosting="auto-heberge", difficulty="intermediaire",
         website="https://bigbluebutton.org/"),
    dict(slug="zoom", title="Zoom",
         summary="Visioconférence très répandue.",
         description="<p>La version gratuite coupe les réunions de plus de 40 minutes.</p>",
         needs=["se-reunir"], licence="freemium", cost="Gratuit limité à 40 minutes ; abonnement ensuite.",
         band="plus", hosting="hors-ue", difficulty="debutant", website="https://zoom.us/",
         alt=["jitsi-meet", "bigbluebutton"]),
    # --- security ------------------------------------------------------------------------------
    dict(slug="keepassxc", title="KeePassXC",
         summary="Coffre-fort de mots de passe libre, sur votre ordinateur.",
         description="<p>KeePassXC garde tous les mots de passe de l'association dans un fichier "
                     "chiffré, protégé par un seul mot de passe maître. Ce fichier peut se partager "
                     "entre responsables.</p>",
         needs=["proteger"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="auto-heberge", difficulty="intermediaire", website="https://keepassxc.org/",
         privacy=LOCAL, tutorials=[("Documentation de KeePassXC", "https://keepassxc.org/docs/", "en anglais")]),
    dict(slug="bitwarden", title="Bitwarden",
         summary="Gestionnaire de mots de passe libre, en ligne, partageable en équipe.",
         description="<p>Bitwarden synchronise les mots de passe entre ordinateur et téléphone, "
                     "avec un hébergement possible en Europe.</p>",
         needs=["proteger"], licence="libre", cost="Gratuit pour un usage personnel ; offre équipe payante.",
         band="moins-10", hosting="ue", difficulty="debutant", website="https://bitwarden.com/fr-fr/"),
    dict(slug="lastpass", title="LastPass",
         summary="Gestionnaire de mots de passe en ligne.",
         description="<p>Service connu ; il a subi une fuite de coffres chiffrés en 2022.</p>",
         needs=["proteger"], licence="freemium", cost="Gratuit limité ; abonnement.", band="moins-10",
         hosting="hors-ue", difficulty="debutant", website="https://www.lastpass.com/fr",
         alt=["keepassxc", "bitwarden"]),
    # --- smartphone apps, footprint, learning ---------------------------------------------------
    dict(slug="f-droid", title="F-Droid",
         summary="Magasin d'applications libres pour smartphone Android.",
         description="<p>F-Droid ne propose que des applications libres, sans traceurs "
                     "publicitaires. Les applications indiquent leurs « anti-fonctionnalités ».</p>",
         needs=["proteger", "sobriete"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="ue", difficulty="intermediaire", website="https://f-droid.org/fr/"),
    dict(slug="ecoindex", title="EcoIndex",
         summary="Mesurer l'impact environnemental d'une page de votre site.",
         description="<p>Donnez l'adresse d'une page : EcoIndex calcule une note de A à G selon "
                     "son poids, son nombre d'éléments et de requêtes.</p>",
         needs=["sobriete", "site-reseaux"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="ue", difficulty="debutant", website="https://www.ecoindex.fr/"),
    dict(slug="pix", title="Pix",
         summary="Service public en ligne pour évaluer et développer ses compétences numériques.",
         description="<p>Pix propose des tests adaptés à votre niveau et une certification "
                     "reconnue. Les parcours peuvent être suivis en groupe avec un médiateur.</p>",
         needs=["apprendre"], licence="libre", cost="Gratuit.", band="gratuit",
         hosting="ue", difficulty="debutant", website="https://pix.fr/"),
    dict(slug="les-bons-clics", title="Les Bons Clics",
         summary="Ressources gratuites pour apprendre les bases du numérique et accompagner.",
         description="<p>Des fiches et des exercices pour les personnes qui débutent, et des "
                     "outils pour les aidants et médiateurs numériques.</p>",
         needs=["apprendre"], licence="gratuit", cost="Gratuit.", band="gratuit",
         hosting="ue", difficulty="debutant", website="https://www.lesbonsclics.fr/"),
]
