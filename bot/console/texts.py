"""The conseillers' console's words that its templates (templates/) do not hold: the menu, page titles, refusals,
the notices shown after an action, the dashboard's captions. Data only, read by the console's modules; the
words of each maintained list are its kind's (registration/lists/kinds/), the candidates' ones are in
registration/conversation/texts/. tests/unit/test_texts.py checks every key read exists, none is left unused and
every text is filled with the fields it names."""

SERVICE_NAME = "Console des conseillers"

# The console's menu, in order: path under /conseillers → label.
MENU = {
    "/": "File d'attente",
    "/dossiers": "Dossiers",
    "/tableau-de-bord": "Tableau de bord",
    "/nouveau-dossier": "Nouveau dossier par téléphone",
    "/journal": "Journal des actions",
    "/reglements": "Règlements d'examen",
    "/calendrier": "Calendrier des inscriptions",
    "/etablissements": "Établissements ajoutés",
    "/diplomes": "Diplômes (acquis)",
    "/anciens-candidats": "Anciens candidats",
    "/notes": "Notes d'information",
}

# Page titles (the <h1> and the window's title).
TITLES = {
    "login": "Connexion",
    "error": "Erreur – {title}",  # a refused form: said first
    "queue": "File d'attente",
    "dossiers": "Dossiers",
    "duplicates": "Doublons probables",
    "dossier": "Dossier n° {label}",
    "request": "Demande n° {id}",
    "dashboard": "Tableau de bord",
    "phone": "Nouveau dossier par téléphone",
    "phone_started": "Dossier commencé",
    "journal": "Journal des actions",
    "notes": "Notes d'information",
    # Short pages that only say something (refused, not found...).
    "access_refused": "Accès refusé",
    "action_refused": "Action refusée",
    "action_impossible": "Action impossible",
    "dossier_not_found": "Dossier introuvable",
    "document_not_found": "Document introuvable",
    "request_not_found": "Demande introuvable",
    "request_taken": "Demande déjà prise",
    "unknown_format": "Format inconnu",
    "version_not_found": "Version introuvable",
    "page_not_found": "Page introuvable",
}

# What a short page or an API refusal says.
MESSAGES = {
    "login_required": "Connexion requise : connectez-vous à la console des conseillers.",
    "form_too_large": "Formulaire trop volumineux.",
    "csrf_refused": "Jeton de sécurité absent ou périmé : rechargez la page puis recommencez.",
    "login_expired_form": "La page de connexion a expiré. Saisissez de nouveau votre adresse et votre mot de passe.",
    "login_missing_email": "Indiquez votre adresse électronique.",
    "login_missing_password": "Indiquez votre mot de passe.",
    "logged_out": "Vous êtes déconnecté. À bientôt.",
    "session_ended": "Votre session a pris fin ({minutes} minutes sans activité, ou déconnexion) : reconnectez-vous.",
    "dossier_forbidden": "Ce dossier relève d'une autre académie : vous ne pouvez pas l'ouvrir.",
    "dossier_not_found": "Ce dossier n'existe pas.",
    "no_pdf": "Cette révision n'a pas de confirmation PDF.",
    "no_file": "Ce dossier n'a pas cette pièce.",
    "export_formats": "Formats : csv, jsonl.",
    "request_forbidden": "Cette demande relève d'une autre académie : vous ne pouvez pas l'ouvrir.",
    "request_not_found": "Cette demande n'existe pas (ou plus).",
    "request_taken_by_other": "Un autre conseiller a déjà pris cette demande en charge.",
    "request_not_yours": "Prenez d'abord cette demande en charge.",
    "journal_responsables_only": "Le journal des actions est réservé aux responsables.",
    "notes_responsables_only": "Les notes d'information sont déposées par les responsables du service des examens.",
    "unknown_api": "Adresse inconnue de l'interface des conseillers.",
    "unknown_page": "L'adresse demandée n'existe pas dans la console des conseillers.",
    "list_no_source": "Indiquez la source (décision, note de service, courriel du rectorat…).",
    "list_no_file": "Aucun fichier reçu : choisissez {file_kind}.",
}

# The one link onwards of a short page.
LINKS = {
    "queue": "Retourner à la file d'attente",
    "dossiers": "Retourner aux dossiers",
    "request": "Revoir la demande",
}

# Words shown in a page's data.
WORDS = {
    "academie_unknown": "non déterminée",
    "specialty_unknown": "non renseignée",
    "channel_unknown": "non enregistré",
    "handed_back": "Rendu au candidat",  # a request's outcome when the conseiller wrote none
}

# The notices a page shows after an action, by the key in its query (``?info=``, ``?fait=``): any other value
# shows nothing. One table a page, so that a key of one page shows nothing on another.
DOSSIER_NOTICES = {
    "etat-courriel": "État enregistré. Le candidat en est informé par courriel.",
    "etat-sans-courriel": "État enregistré. Le courriel au candidat n'a pas pu partir.",
}
REQUEST_NOTICES = {
    "prise": "Demande prise en charge : l'assistant se tait, vous écrivez au candidat.",
    "corrigee": "Réponse corrigée.",
}
NOTE_NOTICES = {
    "deposee": "Note enregistrée : elle est jointe dès maintenant aux courriels de confirmation de cette académie.",
    "retiree": "Note retirée : les courriels de cette académie n'en joignent plus.",
}
NOTE_ERRORS = {
    "academie": "Choisissez l'académie de la note.",
    "pdf": "Ce fichier n'est pas un PDF : la note d'information est jointe aux courriels en PDF.",
    "vide": "Aucun fichier reçu : choisissez le PDF de la note.",
}

# The form of « Nouveau dossier par téléphone »: each field's label.
PHONE_FIELDS = {
    "nom": "Nom de famille",
    "prenoms": "Prénom(s)",
    "date_naissance": "Date de naissance (JJ/MM/AAAA)",
    "email": "Adresse électronique du candidat",
}

# « Tableau de bord »: each figure's caption, its table's two headings and its chart's accessible name.
FIGURES = {
    "days": "Pré-inscriptions validées par jour, les {days} derniers jours ({total} au total)",
    "days_columns": "Jour",
    "days_chart": "Histogramme des pré-inscriptions par jour",
    "specialties": "Dossiers de la session {session} par spécialité ({top} premières)",
    "specialties_columns": "Spécialité",
    "specialties_chart": "Barres des dossiers par spécialité",
    "channels": "Dossiers de la session {session} par canal",
    "channels_columns": "Canal",
    "channels_chart": "Barres des dossiers par canal",
    "requests": "Demandes d'aide des {days} derniers jours, par état",
    "requests_columns": "État",
    "requests_chart": "Barres des demandes d'aide par état",
    "drafts": "Pré-inscriptions non terminées : question où elles s'arrêtent",
    "drafts_columns": "Question",
    "drafts_chart": "Barres des brouillons par question",
    "dossiers": "Dossiers",
    "requests_counted": "Demandes",
    "drafts_counted": "Brouillons",
}
