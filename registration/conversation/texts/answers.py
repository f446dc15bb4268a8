"""What is said back about an answer: read, understood, read back for confirmation, or not understood; how
answers are named when several are read in one sentence."""

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
    "identity_usage": "Nom d'usage : {nom_usage}.",
    "identity_order_guessed": "J'ai lu le nom de famille en premier, comme la question le demande : si "
    "c'est l'inverse, choisissez « Inverser nom et prénoms ».",
    "school_kept": "Établissement retenu : {etablissement}.",
    "specialty_kept": "Spécialité retenue : {specialite}.",
    "option_kept": "Option retenue : {option}.",
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

TEXT = {
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
    "specialite_other": "D'accord. Choisissez une autre spécialité.",
    "not_understood_choice": "Je n'ai pas reconnu ce choix. Choisissez l'un des boutons, ou tapez son intitulé "
    "(par exemple : « {example} »).",
    "search_matches": "Voici ce qui correspond le mieux à « {query} ». Choisissez dans la liste, ou tapez "
    "d'autres lettres.",
    "search_none": "Je n'ai rien trouvé qui ressemble à « {query} ». Tapez quelques lettres du nom, par exemple "
    "« {example} ».",
    "search_refine": "Tapez quelques lettres du nom pour que je vous propose les bons choix (par exemple "
    "« {example} »).",
    "confirm_value": "J'ai compris : {value}. Est-ce exact ?",
    "confirm_retry": "D'accord, corrigeons.",
    "academie_is": "Votre académie d'inscription est : {academie}.",
    "handicap_yes": "C'est noté. Votre demande d'aménagement d'épreuves sera transmise au service des examens. "
    "Prochaine étape : faites remplir le formulaire de demande d'aménagement par un médecin "
    "désigné par la CDAPH et envoyez-le au service des examens avant la clôture des inscriptions. "
    "Ce n'est pas l'assistant qui décide de l'aménagement.",
    "former_found": "J'ai retrouvé votre inscription précédente. Vos informations sont proposées à chaque question : "
    "gardez-les ou corrigez-les. Votre nom de famille ({nom}) ne peut pas être modifié.\n"
    "Inscription précédente : {precedente}.",
    "former_not_found": "Je ne retrouve pas d'inscription précédente avec ce numéro et cette date de naissance. "
    "Vous pouvez réessayer, ou continuer en saisissant vos informations.",
    "ticked": "Coché : {title}.",
    "unticked": "Décoché : {title}.",
    "multi_empty": "Cochez au moins un élément, ou choisissez « {none} ».",
    "multi_need_one": "Cochez au moins une épreuve, puis choisissez « Suite ».",
    "multi_too_many": "Vous pouvez en cocher {max} au plus : décochez-en une avant d'en cocher une autre.",
    "specialty_not_named": "Je n'ai pas reconnu la spécialité. Tapez son sigle ou quelques mots de son nom, par "
    "exemple « MCO », « SIO option SLAM » ou « comptabilité ».",
    "school_not_found": "Je n'ai pas trouvé un seul établissement de ce nom. Tapez son nom et sa ville, par exemple "
    "« lycée Edgar Quinet à Paris », ou son code (UAI).",
    "read_many": "J'ai compris :\n{lines}",
    "read_many_refused": "Je n'ai pas pu garder :\n{lines}\nJe vous le redemanderai.",
    "read_many_confirm": "Est-ce exact ? Vous pouvez aussi corriger une réponse.",
    "refused_line": "- {label} : {reason}",
    # Both consents (press, collectivités) given in the candidate's own words.
    "consents_read": "Publication du résultat par la presse : {press} ; communication aux collectivités "
    "territoriales : {collectivites}.",
    "consents_yes": "oui",
    "consents_no": "non",
    "consents_one_missing": "J'ai besoin de vos deux réponses : la publication de votre résultat par la presse, et "
    "la communication de votre nom et de votre adresse aux collectivités territoriales. Choisissez l'un des "
    "boutons, par exemple « Non aux deux ».",
}

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
