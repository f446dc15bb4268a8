"""The registration form's questions: what is asked, and the help given on « aide » (why, format, example),
by the catalogue's step ids (catalogue/questions.py); the sections they belong to."""

# The sections of the form, as the progress line names them.
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
}
