"""Everything the conversation says to candidates, in plain French, in one place (the acquis and épreuves
questions live in acquis_texts.py and are gathered here)."""

from registration.conversation.acquis_texts import ACQUIS_QUESTIONS
from registration.conversation.acquis_texts import (
    ACQUIS_TEXT as ACQUIS_TEXT,
)  # re-exported: one place for all texts
from registration.conversation.consent_texts import CONSENT_TEXT
from registration.conversation.guidance_texts import (
    GUIDANCE as GUIDANCE,  # re-exported: one place for all texts
)
from registration.conversation.ownership_texts import OWNERSHIP_TEXT
from registration.conversation.upload_texts import UPLOAD_TEXT, UPLOAD_WORDS
from registration.conversation.validation_texts import VALIDATION_TEXT

SECTIONS = {
    "etat_civil": "état civil",
    "naissance": "lieu de naissance",
    "adresse": "adresse",
    "email": "adresse électronique",
    "situation": "situation",
    "etablissement": "établissement",
    "specialite": "spécialité",
    "resultats": "communication des résultats",
    "acquis": "acquis et épreuves",
}

# For each question: what is asked, and the help given on "aide" (why, format, example).
QUESTIONS: dict[str, dict[str, str]] = {
    "start": {
        "ask": "Que souhaitez-vous faire ?",
        "help": "Choisissez « M'inscrire » pour une première pré-inscription à cette session, ou « Consulter ou "
        "modifier mon inscription » si vous avez déjà un numéro de dossier. Si vous avez un code de reprise, "
        "écrivez « reprendre » suivi du code, par exemple : reprendre K7F-3QX.",
    },
    "former": {
        "ask": "Avez-vous déjà été candidat au BTS et possédez-vous votre numéro de candidat ? "
        "Il figure sur votre dernier relevé de notes.",
        "help": "Si vous avez déjà passé le BTS, votre numéro de candidat et votre date de naissance permettent de "
        "retrouver vos informations et vos notes. Sinon, répondez « Non » : vous saisirez tout vous-même.",
    },
    "former_number": {
        "ask": "Quel est votre numéro de candidat ? (sur votre dernier relevé de notes)",
        "help": "Le numéro de candidat figure en haut de votre relevé de notes. Tapez-le sans espaces, "
        "par exemple : 2025011234.",
    },
    "former_birth_date": {
        "ask": "Pour retrouver votre inscription précédente, quelle est votre date de naissance ? (par exemple : "
        "03/05/2004)",
        "help": "Votre date de naissance, associée au numéro de candidat, permet de retrouver votre inscription "
        "précédente. Exemple : 03/05/2004 ou « 3 mai 2004 ».",
    },
    "identite": {
        "ask": "Quels sont votre nom de famille et votre (vos) prénom(s), tels qu'ils figurent sur votre pièce "
        "d'identité ? Écrivez le nom puis les prénoms, par exemple : LEFÈVRE Léa Marie.",
        "help": "Écrivez d'abord votre nom de famille (de naissance), puis vos prénoms dans l'ordre de l'état civil. "
        "Écrire le nom en majuscules évite toute confusion : LEFÈVRE Léa Marie, ou DA SILVA Hugo. Vous pouvez "
        "aussi taper seulement votre nom : je vous demanderai ensuite vos prénoms.",
    },
    "nom": {
        "ask": "Quel est votre nom de famille ? (le nom de naissance, tel qu'il figure sur votre pièce d'identité)",
        "help": "Votre nom de famille figurera sur votre convocation et votre diplôme. Lettres, espaces, traits "
        "d'union et apostrophes sont acceptés. Exemple : LEFÈVRE ou Da Silva.",
    },
    "nom_usage": {
        "ask": "Avez-vous un nom d'usage (ou nom d'épouse) ? Tapez-le, ou choisissez « Pas de nom d'usage ».",
        "help": "Le nom d'usage est celui que vous utilisez au quotidien s'il diffère de votre nom de famille, "
        "par exemple un nom d'épouse. Exemple : DURAND. Si vous n'en avez pas, choisissez "
        "« Pas de nom d'usage ».",
    },
    "prenoms": {
        "ask": "Quel est votre prénom ? Vous pouvez indiquer plusieurs prénoms, dans l'ordre de l'état civil.",
        "help": "Vos prénoms, comme sur votre pièce d'identité, séparés par des espaces. Exemple : Léa Marie.",
    },
    "date_naissance": {
        "ask": "Quelle est votre date de naissance ? (par exemple : 03/05/2004 ou « 3 mai 2004 »)",
        "help": "L'année est obligatoire. Si vous ne connaissez pas votre jour et votre mois de naissance, "
        "tapez 00/00 suivi de l'année, par exemple : 00/00/2004.",
    },
    "lieu_naissance": {
        "ask": "Où êtes-vous né(e) ? Écrivez la commune (avec l'arrondissement pour Paris, Lyon et Marseille), et le "
        "pays si c'est hors de France. Par exemple : Lyon 3e, Brest, ou Casablanca, Maroc.",
        "help": "Pour une naissance en France (outre-mer compris), la commune suffit : Paris 15e, Saint-Denis (974). "
        "Pour une naissance à l'étranger, la ville et le pays, ou le pays seul : Casablanca, Maroc. Vous "
        "pouvez aussi choisir « En France (DOM-TOM compris) » ou « À l'étranger » et répondre question par question.",
    },
    "naissance_lieu": {
        "ask": "Où êtes-vous né(e) ?",
        "help": "Choisissez « En France (DOM-TOM compris) » si vous êtes né(e) en métropole ou outre-mer, sinon "
        "« À l'étranger ».",
    },
    "naissance_departement": {
        "ask": "Dans quel département êtes-vous né(e) ? Tapez son numéro ou son nom (par exemple : 69 ou Rhône).",
        "help": "Le numéro du département de naissance, par exemple 75 pour Paris, 2A pour la Corse-du-Sud, "
        "971 pour la Guadeloupe. Vous pouvez aussi taper son nom.",
    },
    "naissance_arrondissement": {
        "ask": "Dans quel arrondissement de {ville} êtes-vous né(e) ? Tapez son numéro (par exemple : 15).",
        "help": "Pour Paris, Lyon et Marseille, l'arrondissement de naissance est obligatoire. Il figure sur votre "
        "acte de naissance. Exemple : 15 pour le 15e arrondissement.",
    },
    "naissance_pays": {
        "ask": "Dans quel pays êtes-vous né(e) ? Tapez son nom (par exemple : Maroc).",
        "help": "Tapez le nom du pays en français, ou ses premières lettres : je vous proposerai les pays "
        "correspondants. Exemple : Belgique.",
    },
    "adresse_complete": {
        "ask": "Quelle est votre adresse postale ? Écrivez-la sur une ligne, avec le code postal et la commune, par "
        "exemple : 12 rue des Lilas 75015 Paris. À l'étranger, ajoutez le pays : Via Roma 10, 00184 Rome, "
        "Italie. La confirmation d'inscription sera envoyée à cette adresse.",
        "help": "Numéro et rue, puis un complément si besoin (bâtiment, lieu-dit), puis le code postal et la "
        "commune : Résidence les Pins, 12 rue des Lilas, 75015 Paris. Votre académie d'inscription dépend de "
        "votre adresse. Vous pouvez aussi choisir « En France (DOM-TOM compris) » ou « À l'étranger » et répondre ligne par "
        "ligne.",
    },
    "residence_lieu": {
        "ask": "Où habitez-vous ? La confirmation d'inscription sera envoyée à cette adresse.",
        "help": "Choisissez « En France (DOM-TOM compris) » si vous habitez en métropole ou outre-mer, sinon "
        "« À l'étranger ». Votre académie d'inscription dépend de votre lieu de résidence.",
    },
    "residence_pays": {
        "ask": "Dans quel pays habitez-vous ? Tapez son nom (par exemple : Belgique).",
        "help": "Tapez le nom du pays en français, ou ses premières lettres. Les candidats qui résident à "
        "l'étranger s'inscrivent dans l'académie chargée de leur pays.",
    },
    "adresse": {
        "ask": "Quelle est votre adresse ? Numéro et rue (par exemple : 12 rue de la Paix).",
        "help": "La ligne principale de votre adresse postale, 38 caractères au plus. Exemple : "
        "12 rue de la Paix, ou Résidence les Pins bât. B.",
    },
    "lieu_dit": {
        "ask": "Avez-vous un complément d'adresse (lieu-dit, bâtiment, boîte postale) ? Tapez-le, ou "
        "choisissez « Pas de complément ».",
        "help": "Un lieu-dit, un bâtiment ou une boîte postale, 38 caractères au plus. Exemple : Lieu-dit "
        "Les Granges. Si vous n'en avez pas, choisissez « Pas de complément ».",
    },
    "lieu_dit_etranger": {
        "ask": "Quel est votre code postal dans votre pays, suivi de la ville ? (par exemple : 1000 Bruxelles)",
        "help": "Pour une adresse à l'étranger, le code postal « 99999 » est utilisé par le service ; votre vrai "
        "code postal et votre ville sont écrits sur cette ligne. Exemple : 1000 Bruxelles.",
    },
    "code_postal": {
        "ask": "Quel est votre code postal ? (5 chiffres, par exemple : 75015)",
        "help": "Le code postal de votre commune sur 5 chiffres. Exemple : 13008. Le code « 99999 » est réservé "
        "aux candidats qui résident à l'étranger.",
    },
    "localite": {
        "ask": "Quelle est votre commune de résidence ? (par exemple : Paris)",
        "help": "Le nom de votre commune, tel qu'il figure sur votre courrier. Exemple : Saint-Denis. Si votre "
        "code postal dessert plusieurs communes, choisissez la vôtre dans la liste.",
    },
    "email": {
        "ask": "Quelle est votre adresse électronique ? Votre confirmation d'inscription y sera envoyée.",
        "help": "L'adresse électronique est obligatoire : vous y recevrez la confirmation à signer. "
        "Exemple : lea.martin@exemple.fr",
    },
    "categorie_famille": {
        "ask": "Comment préparez-vous le BTS ?",
        "help": "En lycée (scolaire), en apprentissage, en formation continue, à distance, seul (candidat "
        "individuel) ou grâce à votre expérience professionnelle. Si votre établissement est public ou privé, "
        "je le déduirai de l'établissement que vous choisirez ensuite.",
    },
    "categorie": {
        "ask": "Dans quelle catégorie de candidat vous inscrivez-vous ?",
        "help": "La catégorie dépend de la façon dont vous préparez l'examen : en lycée (scolaire), en "
        "apprentissage, en formation continue, à distance, seul (individuel) ou grâce à votre "
        "expérience professionnelle. Elle détermine les établissements possibles et la forme de passage.",
    },
    "handicap": {
        "ask": "Avez-vous un handicap pouvant nécessiter un aménagement d'épreuves (temps supplémentaire, aide "
        "matérielle…) ?",
        "help": "Cette réponse permet de lancer votre demande d'aménagement d'épreuves. Elle n'est communiquée "
        "qu'au service des examens. Répondez « Oui » ou « Non ».",
    },
    "etablissement": {
        "ask": "Dans quel établissement préparez-vous l'examen ?",
        "help": "Choisissez votre établissement dans la liste, ou tapez son nom (avec ou sans « lycée »), sa ville "
        "ou son code (UAI, par exemple 0750692V). Les candidats individuels choisissent l'établissement "
        "« fictif » de leur zone (tapez « individuel »). S'il n'est pas dans la liste, choisissez « Mon "
        "établissement n'est pas dans la liste » : vous taperez son nom et sa commune.",
    },
    "etablissement_nom": {
        "ask": "Quel est le nom de votre établissement ? (par exemple : CFA de la chambre de commerce)",
        "help": "Le nom complet de l'établissement où vous préparez le BTS, tel qu'il figure sur vos documents. "
        "Le service des examens le vérifiera.",
    },
    "etablissement_commune": {
        "ask": "Dans quelle commune se trouve cet établissement ? (par exemple : Rouen)",
        "help": "La commune de l'établissement, par exemple : Saint-Étienne.",
    },
    "ancien_etablissement": {
        "ask": "Lors de votre dernière candidature au BTS, dans quel établissement étiez-vous inscrit(e) ? Tapez "
        "quelques lettres de son nom ou sa ville, ou choisissez ci-dessous.",
        "help": "Le guide de l'inscription le demande aux anciens candidats : choisissez votre ancien "
        "établissement dans la liste (tapez son nom, sa ville ou son code UAI, par exemple 0750692V), ou, s'il "
        "n'y est pas, choisissez « Mon établissement n'est pas dans la liste » : vous taperez son nom et sa ville.",
    },
    "ancien_etablissement_nom": {
        "ask": "Quel est le nom de votre ancien établissement ? (par exemple : Lycée Jean Moulin)",
        "help": "Le nom de l'établissement où vous étiez inscrit(e) lors de votre dernière candidature. Le "
        "service des examens le vérifiera.",
    },
    "ancien_etablissement_commune": {
        "ask": "Dans quelle ville se trouve votre ancien établissement ? (par exemple : Angers)",
        "help": "La commune de votre ancien établissement, par exemple : Saint-Étienne.",
    },
    "specialite_hors_etablissement": {
        "ask": "D'après nos données, {etablissement} ne propose pas le BTS {specialite}. Confirmez-vous cette "
        "spécialité ? (Non : vous choisirez une autre spécialité ; « retour » pour changer d'établissement)",
        "help": "Nos listes viennent de Parcoursup et peuvent être incomplètes. Si vous préparez bien cette "
        "spécialité dans cet établissement, répondez Oui : le service des examens vérifiera.",
    },
    "specialite": {
        "ask": "À quelle spécialité de BTS voulez-vous vous inscrire ? Tapez quelques lettres de son nom ou son "
        "sigle (par exemple : MCO, SIO, comptabilité).",
        "help": "Tapez le sigle ou une partie du nom de la spécialité : je vous proposerai les spécialités qui "
        "correspondent. Exemple : « management commercial » ou « NDRC ».",
    },
    "option": {
        "ask": "Quelle option de cette spécialité choisissez-vous ?",
        "help": "Cette spécialité comporte plusieurs options ; choisissez celle que vous préparez.",
    },
    "forme": {
        "ask": "Sous quelle forme passez-vous l'examen ? Ce choix est définitif.",
        "help": "Forme globale : toutes les épreuves à la même session. Forme progressive : seulement certaines "
        "épreuves à chaque session ; vous pourrez alors conserver des notes inférieures à 10.",
    },
    "consents": {
        "ask": "Communication de vos résultats : acceptez-vous (1) que votre résultat soit publié par la presse et "
        "sur les sites internet de sociétés privées, et (2) que votre nom et votre adresse soient communiqués "
        "aux collectivités territoriales (mairie, département, région) en vue d'une éventuelle récompense ?",
        "help": "La réponse est obligatoire mais « Non » n'a aucune conséquence sur votre examen. Choisissez « Oui "
        "aux deux », « Publication seulement », « Collectivités seulement » ou « Non aux deux ».",
    },
    "consent_press": {
        "ask": "Acceptez-vous que votre résultat soit publié par la presse et sur les sites internet de "
        "sociétés privées ?",
        "help": "La réponse est obligatoire. « Non » n'a aucune conséquence sur votre examen : votre résultat ne "
        "sera simplement pas publié par la presse ni sur ces sites.",
    },
    "consent_collectivites": {
        "ask": "Acceptez-vous que votre nom et votre adresse soient communiqués aux collectivités territoriales "
        "(mairie, département, région), en vue d'une éventuelle récompense ?",
        "help": "La réponse est obligatoire. Certaines collectivités récompensent les lauréats ; « Non » n'a "
        "aucune conséquence sur votre examen.",
    },
    **ACQUIS_QUESTIONS,
    "summary": {
        "ask": "Vérifiez soigneusement ces informations. Votre pré-inscription ne sera enregistrée que lorsque "
        "vous aurez choisi « Valider votre inscription ».",
        "help": "Si tout est exact, choisissez « Valider votre inscription ». Pour corriger une rubrique, "
        "choisissez « Modifier une rubrique » ou tapez par exemple « modifier adresse ».",
    },
}

BUTTONS = {
    "new": "M'inscrire",
    "consult": "Consulter ou modifier mon inscription",
    "yes": "Oui",
    "no": "Non",
    "france": "En France (DOM-TOM compris)",
    "abroad": "À l'étranger",
    "no_usage_name": "Pas de nom d'usage",
    "no_lieu_dit": "Pas de complément",
    "globale": "Forme globale",
    "progressive": "Forme progressive",
    "none_acquis": "Aucun",
    "no_language": "Aucune langue",
    "validate": "Valider votre inscription",
    "modify": "Modifier une rubrique",
    "abandon": "Abandonner",
    "help": "Aide",
    "back": "Retour",
    "human": "Parler à un conseiller",
    "keep": "Garder « {value} »",
    "confirm_yes": "Oui, c'est exact",
    "confirm_no": "Non, je corrige",
    "abandon_yes": "Oui, abandonner",
    "abandon_no": "Non, continuer",
    "none_of_these": "Aucune de ces propositions",
    "etablissement_unlisted": "Mon établissement n'est pas dans la liste",
    "same_school": "Le même : {etablissement}",
    "done_selecting": "Suite",
    "continue": "Suite",
    "restart": "Nouvelle inscription",
    "consent_both": "Oui aux deux",
    "consent_press": "Publication seulement",
    "consent_collectivites": "Collectivités seulement",
    "consent_neither": "Non aux deux",
    "fix_identity": "Corriger nom ou prénoms",
    "swap_names": "Inverser nom et prénoms",
    "add_usage_name": "Ajouter un nom d'usage",
    "fix_birthplace": "Corriger le lieu de naissance",
    "fix_address": "Corriger l'adresse",
    "add_complement": "Ajouter un complément d'adresse",
    "fix_field": "Corriger : {label}",
    "born_outside_city": "Ailleurs que dans la ville de {ville}",
}

# What was understood from an answer given in one sentence, read back once (with buttons to correct it).
ECHO = {
    "identity": "Nom de famille : {nom} ; prénom(s) : {prenoms}.",
    "identity_family_only": "Nom de famille : {nom}.",
    "born_in": "Lieu de naissance : {commune} ({departement}).",
    "born_in_departement": "Département de naissance : {departement}.",
    "born_in_several": "Plusieurs communes de France s'appellent {commune}.",
    "born_abroad": "Né(e) à l'étranger : {pays}.",
    "address": "Adresse : {adresse}.",
    "address_abroad": "Adresse : {adresse} ({pays}).",
    "understood": "J'ai noté :\n{lines}",
    "identity_usage": "Nom d'usage : {nom_usage}.",
    "identity_order_guessed": "J'ai lu le nom de famille en premier, comme la question le demande : si "
    "c'est l'inverse, choisissez « Inverser nom et prénoms ».",
    "school_kept": "Établissement retenu : {etablissement}.",
    "specialty_kept": "Spécialité retenue : {specialite}.",
    "option_kept": "Option retenue : {option}.",
}

TEXT = {
    "welcome": (
        "Bonjour ! Je suis l'assistant de pré-inscription au BTS (brevet de technicien supérieur), session {session}.\n"
        "Je vais vous poser des questions une par une, comme le formulaire Inscrinet. Rien n'est enregistré "
        "définitivement tant que vous n'avez pas choisi « Valider votre inscription » à la fin.\n"
        "À tout moment, tapez « aide » pour une explication, « retour » pour revenir à la question précédente, "
        "« répéter » pour revoir la question, « abandon » pour tout arrêter, ou « conseiller » pour parler à une "
        "personne. Vos réponses sont gardées : vous pourrez reprendre plus tard."
    ),
    "welcome_back": "Bon retour ! Reprenons où vous en étiez.",
    "resume_code": "Votre code de reprise est {code} : notez-le pour reprendre plus tard, ici ou sur un autre canal "
    "(écrivez « reprendre {code} »).",
    "resumed": "J'ai retrouvé votre pré-inscription en cours. Pour votre sécurité, l'ancien code ne fonctionne "
    "plus : votre nouveau code de reprise est {code}. Notez-le. Reprenons.",
    "resume_unknown": "Je ne trouve pas de pré-inscription en cours avec ce code. Vérifiez le code (12 caractères, "
    "par exemple K7F3-QXA9-M2TD ; un code est valable 30 jours) ou commencez une nouvelle "
    "inscription.",
    "resume_needs_login": "Ce code correspond à une consultation ou à une modification de dossier. Pour protéger "
    "votre dossier, un code de reprise ne suffit pas : indiquez à nouveau votre numéro de "
    "dossier et votre date de naissance.",
    "throttled": "Trop d'essais infructueux depuis cet appareil. Pour protéger les dossiers, les recherches "
    "(code de reprise, numéro de dossier, numéro de candidat) sont suspendues pendant {minutes} "
    "minutes. Réessayez plus tard, ou tapez « conseiller » pour parler à une personne.",
    "commune_is": "Commune : {commune}.",
    "categorie_is": "Catégorie : {categorie}.",
    "specialite_noted": "C'est noté : BTS {title}. Vous pourrez changer de spécialité au récapitulatif.",
    "identity_empty": "Tapez votre nom de famille puis vos prénoms, par exemple : LEFÈVRE Léa Marie.",
    "birthplace_unknown": "Je ne reconnais pas ce lieu de naissance. Tapez la commune, par exemple « Lyon 3e » ou "
    "« Brest » ; pour une naissance hors de France, la ville et le pays : « Casablanca, Maroc ». Vous pouvez "
    "aussi choisir « En France (DOM-TOM compris) » ou « À l'étranger ».",
    "address_not_understood": "Je n'ai pas trouvé de code postal français connu dans cette adresse. Écrivez "
    "l'adresse avec le code postal et la commune, par exemple « 12 rue des Lilas 75015 Paris » ; à l'étranger, "
    "terminez par le pays : « Via Roma 10, 00184 Rome, Italie ». Vous pouvez aussi choisir « En France (DOM-TOM compris) » ou "
    "« À l'étranger » et répondre ligne par ligne.",
    "free_name_invalid": "Tapez le nom de l'établissement en toutes lettres ({low} à {high} caractères), par "
    "exemple : CFA de la chambre de commerce de Rouen.",
    "candidate_number_invalid": "Un numéro de candidat contient de 4 à 20 chiffres ou lettres. Tapez-le tel qu'il "
    "figure sur votre relevé de notes, par exemple : 2025011234.",
    "commune_not_of_postal_code": "« {typed} » n'est pas une commune du code postal {postal_code}. Choisissez votre "
    "commune dans la liste, ou tapez « retour » pour corriger le code postal.",
    "etablissement_elsewhere": "{name} ({city}, académie de {academie})",
    "unlisted_to_check": "à vérifier par le service des examens",
    "specialite_other": "D'accord. Choisissez une autre spécialité.",
    "stale_button": "Ce bouton répondait à une question précédente : cette question a changé. Voici la question "
    "en cours.",
    "progress": "Étape {index} sur {total} : {section}",
    "keep_hint": "Valeur actuelle : {value}. Tapez une nouvelle réponse ou gardez celle-ci.",
    "back_to": "Retour à la question précédente. Votre réponse était : {value}.",
    "back_none": "Nous sommes à la première question : il n'y a pas de question précédente.",
    "repeat": "Je répète la question.",
    "not_understood_choice": "Je n'ai pas reconnu ce choix. Choisissez l'un des boutons, ou tapez son intitulé "
    "(par exemple : « {example} »).",
    "search_matches": "Voici ce qui correspond le mieux à « {query} ». Choisissez dans la liste, ou tapez "
    "d'autres lettres.",
    "search_none": "Je n'ai rien trouvé qui ressemble à « {query} ». Tapez quelques lettres du nom, par exemple "
    "« {example} ».",
    "search_refine": "Tapez quelques lettres du nom pour que je vous propose les bons choix (par exemple "
    "« {example} »).",
    "confirm_value": "J'ai compris : {value}. Est-ce exact ?",
    "confirm_many": "J'ai compris :\n{lines}\nEst-ce exact ?",
    "confirm_retry": "D'accord, corrigeons.",
    "three_failures": "Cette question semble poser problème. {help}\nVous pouvez aussi demander l'aide d'un "
    "conseiller du service des examens.",
    "handoff_recorded": "Votre demande a été transmise au service des examens (demande n° {id}). Un conseiller "
    "vous écrira ici même et reprendra votre dossier là où vous en êtes ; le service répond {hours}. En "
    "attendant, vous pouvez continuer ici : rien n'est perdu.",
    "handoff_reason_asked": "Le candidat a demandé un conseiller",
    "handoff_reason_failures": "Trois réponses non comprises à la même question",
    "conseiller_joined": "Un conseiller du service des examens prend votre dossier en charge : il vous écrit ici.",
    "conseiller_left": "Le conseiller vous rend la main : reprenons.",
    "staff_field_not_editable": "Cette réponse ne se corrige pas ici : rendez la main au candidat à cette question.",
    "staff_field_required": "Champ obligatoire.",
    "abandon_confirm": "Voulez-vous vraiment abandonner ? Toutes les réponses de cette pré-inscription seront "
    "effacées.",
    "abandon_done": "C'est fait : votre pré-inscription en cours a été effacée. Écrivez « bonjour » pour "
    "recommencer quand vous voulez.",
    "abandon_cancelled": "D'accord, on continue.",
    "academie_is": "Votre académie d'inscription est : {academie}.",
    "declared_text_invalid": "Écrivez-le en quelques mots ({low} à {high} caractères), par exemple « E1 Culture "
    "générale et expression ».",
    "table_absent": "Les épreuves du BTS {title} seront saisies par le service des examens d'après le règlement "
    "d'examen en vigueur. Je vous demanderai seulement ce que vous seul savez : vos langues, une épreuve "
    "facultative souhaitée et vos acquis.",
    "table_updated": "Le service des examens vient de publier une nouvelle version des épreuves de votre "
    "spécialité : vos épreuves suivent cette version. Vérifiez-les au récapitulatif.",
    "table_completion": "Le service des examens a publié les épreuves de votre spécialité : répondez aux questions "
    "qui manquent, puis validez pour recevoir une nouvelle confirmation à signer.",
    "consult_to_complete": "Votre dossier est à compléter : le service des examens a publié les épreuves de votre "
    "spécialité depuis votre inscription. Choisissez « Modifier » pour compléter vos choix avant "
    "la clôture des inscriptions.",
    "table_to_confirm": "La liste des épreuves du BTS {title} est à confirmer par le service des examens : "
    "je vous propose celles que je connais.",
    "session_contact": "Pour toute question, contactez le service des examens de l'académie où vous résidez "
    "(son adresse est sur le site de votre rectorat ; pour Paris, Créteil et Versailles : le SIEC, 7 rue Ernest "
    "Renan, 94749 Arcueil Cedex), ou demandez à parler à un conseiller.",
    "registration_closed": "Les pré-inscriptions de l'académie de {academie} pour la session {session} sont closes "
    "depuis le {closes}. Vous ne pouvez plus vous inscrire ; contactez le service des "
    "examens de votre académie.",
    "registration_not_open": "Les pré-inscriptions de l'académie de {academie} pour la session {session} ouvriront "
    "le {opens}.",
    "handicap_yes": "C'est noté. Votre demande d'aménagement d'épreuves sera transmise au service des examens. "
    "Prochaine étape : faites remplir le formulaire de demande d'aménagement par un médecin "
    "désigné par la CDAPH et envoyez-le au service des examens avant la clôture des inscriptions. "
    "Ce n'est pas l'assistant qui décide de l'aménagement.",
    "former_found": "J'ai retrouvé votre inscription précédente. Vos informations sont proposées à chaque question : "
    "gardez-les ou corrigez-les. Votre nom de famille ({nom}) ne peut pas être modifié.\n"
    "Inscription précédente : {precedente}.",
    "former_not_found": "Je ne retrouve pas d'inscription précédente avec ce numéro et cette date de naissance. "
    "Vous pouvez réessayer, ou continuer en saisissant vos informations.",
    "former_continue": "Continuer sans numéro",
    "no_acquis_for_specialty": "Aucun diplôme donnant droit à un bénéfice ou à une dispense n'est connu pour cette "
    "spécialité. Si vous pensez en avoir un, contactez le service des examens.",
    "summary_title": "Récapitulatif de votre dossier",
    "modify_which": "Quelle rubrique voulez-vous modifier ?",
    "modify_done": "Rubrique modifiée. Voici le récapitulatif mis à jour.",
    "validated": "Votre pré-inscription est enregistrée. Votre numéro de dossier est : {label}.",
    "validated_modified": "Votre modification est enregistrée. Votre dossier porte maintenant le numéro : {label}.",
    "validated_reminder": "Votre confirmation d'inscription (PDF) est jointe ci-dessous et a été envoyée à {email}. "
    "Imprimez-la, vérifiez-la, signez-la et renvoyez-la avant le {deadline} à : {address}. "
    "Votre inscription ne sera définitive qu'à réception de ce document signé.\n"
    "Notez votre numéro de dossier : avec votre date de naissance, il vous permet de consulter "
    "ou de modifier votre pré-inscription jusqu'à la clôture.",
    "pdf_link": "Télécharger votre confirmation d'inscription ({filename})",
    "done": "Votre pré-inscription est terminée (dossier {label}). Pour la consulter ou la modifier, choisissez "
    "« Consulter ou modifier mon inscription ».",
    "out_of_scope": "Je ne peux répondre qu'aux questions sur la pré-inscription au BTS. Pour le reste, "
    "contactez le service des examens de votre académie.",
    "thanks": "Avec plaisir !",
    "goodbye": "Au revoir ! Vos réponses sont gardées : revenez quand vous voulez pour terminer.",
    "greet_again": "Bonjour !",
    "ticked": "Coché : {title}.",
    "unticked": "Décoché : {title}.",
    "multi_empty": "Cochez au moins un élément, ou choisissez « {none} ».",
    "multi_need_one": "Cochez au moins une épreuve, puis choisissez « Suite ».",
    "multi_too_many": "Vous pouvez en cocher {max} au plus : décochez-en une avant d'en cocher une autre.",
    "consult_number": "Quel est votre numéro de dossier ? Tapez-le sans le chiffre après le tiret (par exemple, "
    "pour « 175 – 2 », tapez 175).",
    "consult_number_invalid": "Un numéro de dossier ne contient que des chiffres. Tapez-le sans le chiffre après le "
    "tiret, par exemple : 175.",
    "consult_date": "Quelle est votre date de naissance ? (par exemple : 03/05/2004)",
    "consult_failed": "Le numéro de dossier ou la date de naissance ne correspond pas. Vérifiez les deux et "
    "réessayez.",
    "validation_closed": "Votre inscription n'a pas été enregistrée : {reason} Pour toute question, contactez le "
    "service des examens de votre académie : {contact}.",
    "modify_other_academie": "Cette adresse dépend de l'académie de {new}. Votre dossier est enregistré dans "
    "l'académie de {old} : un changement d'académie ne peut pas se faire ici, et votre "
    "adresse n'a pas été changée. Contactez le service des examens de l'académie de {old} "
    "({contact}), qui transmettra votre dossier.",
    "modify_conflict": "Votre dossier a été modifié entre-temps (il est maintenant au numéro {label}) : votre "
    "modification n'a pas été enregistrée, pour ne pas effacer l'autre. Voici le dossier tel "
    "qu'il est enregistré ; vous pouvez le modifier à nouveau.",
    "consult_closed": "Les pré-inscriptions sont closes depuis le {closes} : vous pouvez consulter votre dossier, mais "
    "plus le modifier.",
    "consult_what": "Que voulez-vous faire ?",
    "consult_dossier": "Dossier {label}",
    "consult_page": "Lire votre dossier en page web accessible (équivalent de la confirmation PDF)",
    "consult_end": "Terminer",
    "consult_show": "Consulter",
    "consult_modify": "Modifier",
    "error_internal": "Désolé, un problème technique m'empêche de traiter votre réponse. Vos réponses précédentes "
    "sont gardées. Réessayez dans un instant.",
    "specialty_not_named": "Je n'ai pas reconnu la spécialité. Tapez son sigle ou quelques mots de son nom, par "
    "exemple « MCO », « SIO option SLAM » ou « comptabilité ».",
    "school_not_found": "Je n'ai pas trouvé un seul établissement de ce nom. Tapez son nom et sa ville, par exemple "
    "« lycée Edgar Quinet à Paris », ou son code (UAI).",
    "read_many": "J'ai compris :\n{lines}",
    "read_many_refused": "Je n'ai pas pu garder :\n{lines}\nJe vous le redemanderai.",
    "read_many_confirm": "Est-ce exact ? Vous pouvez aussi corriger une réponse.",
    "refused_line": "- {label} : {reason}",
}

# How each answer is named when several read in one sentence are read back.
FIELD_LABELS = {
    "prenoms": "prénom(s)",
    "nom": "nom de famille",
    "nom_usage": "nom d'usage",
    "date_naissance": "date de naissance",
    "naissance_lieu": "né(e)",
    "naissance_departement": "département de naissance",
    "naissance_arrondissement": "arrondissement de naissance",
    "naissance_pays": "pays de naissance",
    "residence_pays": "pays de résidence",
    "adresse": "adresse",
    "lieu_dit": "complément d'adresse",
    "lieu_dit_etranger": "ville (étranger)",
    "email": "adresse électronique",
    "code_postal": "code postal",
    "localite": "commune",
    "categorie_famille": "préparation du BTS",
    "categorie": "catégorie",
    "etablissement": "établissement",
    "ancien_etablissement": "ancien établissement",
    "specialite": "spécialité",
    "option": "option",
    "former_number": "numéro de candidat",
}
# How each group of answers is named on its correction button (« Corriger : le nom »).
GROUP_LABELS = {
    "identite": "nom et prénoms",
    "date_naissance": "date de naissance",
    "lieu_naissance": "lieu de naissance",
    "adresse_complete": "adresse",
    "email": "adresse électronique",
    "categorie_famille": "préparation du BTS",
    "etablissement": "établissement",
    "specialite": "spécialité",
    "former_number": "numéro de candidat",
}

SUMMARY_LABELS = {
    "title": "Récapitulatif de votre dossier",
    "none": "aucun",
    "nom": "Nom de famille",
    "nom_usage": "Nom d'usage",
    "prenoms": "Prénom(s)",
    "date_naissance": "Date de naissance",
    "naissance": "Lieu de naissance",
    "adresse": "Adresse",
    "email": "Adresse électronique",
    "academie": "Académie",
    "categorie": "Catégorie",
    "handicap": "Aménagement d'épreuves demandé",
    "etablissement": "Établissement",
    "ancien_etablissement": "Ancien établissement (dernière candidature)",
    "specialite": "Spécialité",
    "forme": "Forme de passage",
    "consent_press": "Publication du résultat (presse, sites internet)",
    "consent_collectivites": "Communication aux collectivités territoriales",
    "acquis": "Acquis",
    "epreuves": "Épreuves",
    "acquis_declares": "Acquis déclarés",
}

# Command words, compared in lower case WITH their accents: « Aidé » is a name, not « aide ».
NAVIGATION_WORDS = {
    "help": ("aide", "help", "?", "/aide"),
    "back": ("retour", "precedent", "précédent", "/retour"),
    "abandon": ("abandon", "abandonner", "/abandon"),
    "repeat": ("repeter", "répéter", "répète", "repete", "/repeter"),
    "human": ("conseiller", "/conseiller"),
}

# Words typed at the summary and the consultation menu (normalised: lower case, no accents).
# Typed words that mean « Mon établissement n'est pas dans la liste » (normalised).
UNLISTED_WORDS = (
    "pas dans la liste",
    "mon etablissement n est pas dans la liste",
    "n est pas dans la liste",
    "pas la",
    "pas trouve",
    "introuvable",
    "non liste",
    "autre etablissement",
    "aucun de ceux la",
)

SUMMARY_WORDS = {
    "validate": ("valider", "je valide", "valider mon inscription", "valider votre inscription", "confirmer"),
    "modify": ("modifier", "corriger"),
}
WORDS = {
    "consult_modify": ("modif", "corrig", "chang"),
    "consult_end": ("termin", "fin", "quitter", "rien", "consult"),
    "consult_reprint": ("telecharg", "imprim", "reimprim", "confirmation", "pdf"),
    "consult_lost": ("perdu", "oubli", "egare"),
    "consult_upload": UPLOAD_WORDS,
}
TEXT.update(UPLOAD_TEXT)
TEXT.update(VALIDATION_TEXT)
TEXT.update(CONSENT_TEXT)
TEXT.update(OWNERSHIP_TEXT)

# Texts of the acquis questions and of the bilan des acquis.

# The signed confirmation's state, read in the consultation (registration/rules/confirmation.py words it).
TEXT.update(
    {
        "consult_confirmation_state": "Confirmation signée : {state}.",
    }
)
