"""The demo practical guides: the seed's points of vigilance and its five proposals.

``body`` items: ("text", html), ("steps", [(title, html), ...]), ("tip", (title, html)),
("warning", (title, html)), ("tools", [tool slugs]).
"""

GUIDES = [
    dict(slug="infobesite", title="Infobésité : moins de messages, mieux lus",
         summary="Trop d'e-mails, de groupes et de notifications épuisent les bénévoles. Voici comment alléger.",
         needs=["communiquer", "collaborer"],
         body=[
             ("text", "<p>Quand chaque information arrive par trois canaux, plus personne ne sait "
                      "où lire l'essentiel. On appelle cela l'<b>infobésité</b>. Elle fatigue et "
                      "fait partir des bénévoles.</p>"),
             ("steps", [
                 ("Faire la liste des canaux", "<p>Notez tous les endroits où l'association "
                  "écrit : e-mails, groupes de messagerie, réseaux sociaux, site.</p>"),
                 ("Donner un rôle à chacun", "<p>Par exemple : la liste de diffusion pour les "
                  "décisions, la messagerie pour l'urgent, le site pour le public.</p>"),
                 ("Écrire un seul message clair", "<p>Un sujet par message, un titre qui dit "
                  "l'action attendue et la date limite.</p>"),
                 ("Proposer une lettre mensuelle", "<p>Regroupez les nouvelles non urgentes "
                  "dans un seul envoi par mois.</p>"),
             ]),
             ("tip", ("Le bon réflexe", "<p>Avant d'écrire « à tous », demandez-vous qui doit "
                      "vraiment agir.</p>")),
             ("tools", ["sympa", "listmonk", "element"]),
         ]),
    dict(slug="fracture-numerique", title="Fracture numérique : n'oublier personne",
         summary="Une partie de vos membres n'a pas d'ordinateur ou n'est pas à l'aise. Gardez-les dans le coup.",
         needs=["apprendre", "communiquer"],
         body=[
             ("text", "<p>En France, une personne sur six a du mal avec les outils numériques. "
                      "Dans les associations rurales, c'est souvent plus. Passer au numérique ne "
                      "doit exclure personne.</p>"),
             ("steps", [
                 ("Demander plutôt que supposer", "<p>Un petit questionnaire (papier aussi) "
                  "permet de savoir qui a un ordinateur, un smartphone, une connexion.</p>"),
                 ("Garder une porte non numérique", "<p>Un numéro de téléphone, un affichage, "
                  "une permanence : toute démarche en ligne doit avoir un équivalent.</p>"),
                 ("Choisir des outils simples", "<p>Un lien qui s'ouvre sans compte (un "
                  "sondage Framadate, une visio Jitsi) vaut mieux qu'une application à "
                  "installer.</p>"),
                 ("Accompagner", "<p>Organisez un temps d'entraide entre membres ou orientez "
                  "vers un lieu de médiation numérique proche.</p>"),
             ]),
             ("warning", ("Attention", "<p>Les pages lourdes et les vidéos passent mal sur les "
                          "connexions rurales : préférez des textes courts et des documents "
                          "légers.</p>")),
             ("tools", ["framadate", "jitsi-meet", "les-bons-clics", "pix"]),
         ]),
    dict(slug="empreinte-environnementale", title="Réduire l'empreinte environnementale du numérique",
         summary="Le plus gros impact vient de la fabrication des appareils. Les bons gestes pour l'association.",
         needs=["sobriete"],
         body=[
             ("text", "<p>L'essentiel de l'impact du numérique vient de la <b>fabrication</b> "
                      "des ordinateurs, téléphones et écrans. Garder son matériel plus longtemps "
                      "est donc le geste le plus utile.</p>"),
             ("steps", [
                 ("Faire durer le matériel", "<p>Réparez, ajoutez de la mémoire, installez un "
                  "système léger plutôt que de racheter.</p>"),
                 ("Acheter reconditionné", "<p>Un ordinateur reconditionné par une structure "
                  "locale coûte moins cher et évite une fabrication.</p>"),
                 ("Alléger les envois", "<p>Un lien vers un dossier partagé plutôt qu'une pièce "
                  "jointe lourde envoyée à cinquante personnes.</p>"),
                 ("Alléger le site", "<p>Images compressées, pas de vidéo en lecture "
                  "automatique. Mesurez vos pages avec EcoIndex.</p>"),
                 ("Donner ce qui ne sert plus", "<p>Un ordinateur qui dort dans un placard peut "
                  "servir à une autre association après effacement des données.</p>"),
             ]),
             ("tip", ("Bon à savoir", "<p>Les logiciels libres font souvent tourner correctement "
                      "des ordinateurs anciens.</p>")),
             ("tools", ["ecoindex", "peertube", "writefreely", "libreoffice"]),
         ]),
    dict(slug="rgpd-associations", title="RGPD : protéger les données de vos membres",
         summary="Le règlement européen s'applique aussi aux associations. L'essentiel en cinq étapes.",
         needs=["proteger", "gerer"],
         body=[
             ("text", "<p>Le RGPD (règlement général sur la protection des données) protège les "
                      "informations personnelles : noms, adresses, e-mails, photos. Une "
                      "association qui tient un fichier d'adhérents est concernée.</p>"),
             ("steps", [
                 ("Faire l'inventaire", "<p>Quelles données avez-vous, où (tableur, logiciel, "
                  "messagerie), pourquoi, et qui y a accès ? Notez-le dans un registre simple.</p>"),
                 ("Ne garder que l'utile", "<p>Pas de date de naissance si elle ne sert à rien. "
                  "Supprimez les anciens membres après un délai fixé (par exemple trois ans).</p>"),
                 ("Informer", "<p>Sur le bulletin d'adhésion, dites à quoi servent les données et "
                  "comment exercer ses droits.</p>"),
                 ("Sécuriser", "<p>Des mots de passe différents dans un coffre-fort, des accès "
                  "limités aux personnes qui en ont besoin, des sauvegardes.</p>"),
                 ("Choisir des outils européens ou libres", "<p>Préférez des services hébergés "
                  "dans l'Union européenne.</p>"),
             ]),
             ("warning", ("Photos", "<p>Demandez l'accord avant de publier la photo d'une "
                          "personne reconnaissable, surtout pour les mineurs.</p>")),
             ("tip", ("Pour aller plus loin", "<p>La CNIL publie un guide gratuit dédié aux "
                      "associations sur cnil.fr.</p>")),
             ("tools", ["keepassxc", "paheko", "nextcloud", "cryptpad"]),
         ]),
    dict(slug="choisir-logiciel-libre", title="Choisir un logiciel libre et y passer en douceur",
         summary="Pourquoi le logiciel libre convient aux associations, et comment changer sans casse.",
         needs=["collaborer", "proteger", "apprendre"],
         body=[
             ("text", "<p>Un <b>logiciel libre</b> peut être utilisé, étudié, modifié et partagé "
                      "par tous. Il partage les valeurs des associations : coopération, "
                      "indépendance, bien commun. Il est souvent gratuit, mais pas toujours : "
                      "l'hébergement ou l'accompagnement peuvent se payer.</p>"),
             ("steps", [
                 ("Partir d'un besoin", "<p>Trouver une date, partager des fichiers… Cherchez "
                  "le besoin dans la boîte à outils plutôt qu'un outil à la mode.</p>"),
                 ("Regarder qui l'héberge", "<p>Les membres du collectif CHATONS hébergent des "
                  "services libres de façon éthique, souvent près de chez vous.</p>"),
                 ("Tester à petite échelle", "<p>Essayez avec un groupe de volontaires pendant "
                  "un mois avant de généraliser.</p>"),
                 ("Migrer les données", "<p>Exportez vos fichiers, contacts et agendas, "
                  "importez-les dans le nouvel outil, vérifiez.</p>"),
                 ("Accompagner et garder l'ancien un temps", "<p>Une courte formation et une "
                  "période où les deux outils coexistent évitent les blocages.</p>"),
             ]),
             ("tip", ("Un pas à la fois", "<p>Commencez par les outils les plus simples : "
                      "Framadate à la place de Doodle, Jitsi Meet à la place de Zoom.</p>")),
             ("tools", ["framadate", "jitsi-meet", "nextcloud", "libreoffice", "thunderbird"]),
         ]),
    dict(slug="sensibiliser", title="Sensibiliser votre équipe au numérique",
         summary="Organiser un temps d'échange pour que chacun comprenne les enjeux, sans jargon.",
         needs=["apprendre"],
         body=[
             ("text", "<p>Avant de changer d'outil, il faut partager pourquoi. Un atelier "
                      "d'une heure suffit à lancer la discussion.</p>"),
             ("steps", [
                 ("Partir des usages réels", "<p>Demandez à chacun quels outils il utilise pour "
                  "l'association et ce qui l'agace.</p>"),
                 ("Parler des enjeux", "<p>Données personnelles, dépendance à un fournisseur, "
                  "fatigue des écrans, impact environnemental.</p>"),
                 ("Décider d'une petite action", "<p>Par exemple : utiliser un sondage libre "
                  "pour la prochaine réunion.</p>"),
             ]),
             ("tip", ("Ressource", "<p>Les fiches de ce site peuvent être imprimées et "
                      "distribuées pendant l'atelier.</p>")),
         ]),
    dict(slug="se-former", title="Se former au numérique : par où commencer",
         summary="Évaluer son niveau, trouver une formation gratuite ou financée, apprendre entre pairs.",
         needs=["apprendre"],
         body=[
             ("steps", [
                 ("Faire le point", "<p>Pix propose un test gratuit qui indique votre niveau "
                  "par compétence.</p>"),
                 ("Choisir un format", "<p>Atelier collectif près de chez vous, formation en "
                  "ligne, ou tutorat entre bénévoles.</p>"),
                 ("Chercher un financement", "<p>Les bénévoles peuvent parfois bénéficier de "
                  "formations financées ; renseignez-vous auprès de votre réseau associatif.</p>"),
             ]),
             ("tools", ["pix", "les-bons-clics", "bigbluebutton"]),
         ]),
    dict(slug="rencontrer-acteurs-locaux", title="Rencontrer les acteurs du numérique près de chez vous",
         summary="Fab labs, tiers-lieux, espaces publics numériques : des voisins qui peuvent vous aider.",
         needs=["apprendre", "collaborer"],
         body=[
             ("text", "<p>Partout dans la région, des lieux et des personnes accompagnent les "
                      "associations : médiateurs numériques, fab labs, tiers-lieux, associations "
                      "du logiciel libre, reconditionneurs d'ordinateurs.</p>"),
             ("steps", [
                 ("Chercher dans l'annuaire", "<p>L'annuaire de ce site liste les acteurs par "
                  "service et par commune.</p>"),
                 ("Venir à une permanence", "<p>Beaucoup de lieux ont des horaires d'accueil "
                  "libre : venez avec votre question.</p>"),
                 ("Construire un partenariat", "<p>Un atelier commun, un prêt de salle ou de "
                  "matériel : chacun y gagne.</p>"),
             ]),
             ("tip", ("Astuce", "<p>Les fêtes du logiciel libre et les « install parties » sont "
                      "de bons moments pour rencontrer des bénévoles passionnés.</p>")),
         ]),
    dict(slug="financer-innovation", title="Financer un projet numérique innovant",
         summary="Diagnostic, fonds d'accompagnement, financement participatif : les pistes pour financer.",
         needs=["collecter"],
         body=[
             ("text", "<p>Un projet numérique coûte surtout du temps : formation, "
                      "accompagnement, migration. Plusieurs sources peuvent le financer.</p>"),
             ("steps", [
                 ("Commencer par un diagnostic", "<p>Il aide à définir le besoin et à "
                  "convaincre un financeur.</p>"),
                 ("Répondre aux appels à projets", "<p>Fonds régionaux, fondations, collectivités "
                  "lancent régulièrement des appels pour l'innovation associative.</p>"),
                 ("Mobiliser votre public", "<p>Un financement participatif ou des dons en ligne "
                  "peuvent compléter.</p>"),
             ]),
             ("tools", ["helloasso", "ulule", "kisskissbankbank"]),
         ]),
    dict(slug="dons-en-ligne", title="Recevoir des dons en ligne",
         summary="Mettre en place un formulaire de don, émettre les reçus fiscaux et remercier.",
         needs=["collecter"],
         body=[
             ("text", "<p>Les dons en ligne permettent à vos soutiens de donner à toute heure. "
                      "Quelques précautions évitent les mauvaises surprises.</p>"),
             ("steps", [
                 ("Choisir la plateforme", "<p>Comparez les frais et les contributions "
                  "demandées aux donateurs.</p>"),
                 ("Vérifier le droit aux reçus fiscaux", "<p>Seules les associations d'intérêt "
                  "général peuvent émettre des reçus ouvrant droit à réduction d'impôt.</p>"),
                 ("Remercier", "<p>Un message personnel après chaque don fidélise.</p>"),
             ]),
             ("warning", ("Frais cachés", "<p>Vérifiez ce que paie réellement le donateur : "
                          "certaines plateformes proposent par défaut un pourboire.</p>")),
             ("tools", ["helloasso", "paypal", "paheko"]),
         ]),
    dict(slug="organiser-sondage", title="Organiser un sondage pour trouver une date",
         summary="Trouver une date de réunion en quelques minutes avec un sondage en ligne.",
         needs=["evenements", "se-reunir"],
         body=[
             ("steps", [
                 ("Créer le sondage", "<p>Ouvrez Framadate, choisissez « Créer un sondage "
                  "spécial dates », proposez trois à cinq dates.</p>"),
                 ("Envoyer le lien", "<p>Partagez l'adresse du sondage par e-mail ou "
                  "messagerie.</p>"),
                 ("Choisir et annoncer", "<p>Fermez le sondage, annoncez la date retenue.</p>"),
             ]),
             ("tip", ("Pour les personnes sans internet", "<p>Recueillez leurs disponibilités "
                      "par téléphone et ajoutez-les vous-même.</p>")),
             ("tools", ["framadate", "framaforms"]),
         ]),
]
