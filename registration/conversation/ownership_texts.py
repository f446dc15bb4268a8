"""What the candidate reads about finding their own dossier and only theirs: an older number held in several
académies, a lost number, the confirmation downloaded again, a cancelled dossier, a second registration of the
same person and specialty, a resume code of a validated dossier. Part of the conversation's French texts:
``messages.py`` gathers them all."""

OWNERSHIP_TEXT = {
    "consult_academie": "Ce numéro de dossier a été donné dans plusieurs académies (avant que les numéros soient "
    "nationaux). Dans quelle académie êtes-vous inscrit(e) ? Elle est écrite sur votre "
    "confirmation ; tapez son nom, par exemple : Lyon.",
    "consult_academie_unknown": "Je ne reconnais pas cette académie. Tapez son nom tel qu'il est écrit sur votre "
    "confirmation, par exemple : Lyon, Aix-Marseille ou Paris.",
    "consult_ambiguous": "Je ne peux pas ouvrir ce dossier ici sans risque de vous montrer celui d'une autre "
    "personne. Contactez le service des examens de votre académie, qui le retrouvera "
    "pour vous.",
    "consult_lost": "J'ai perdu mon numéro de dossier",
    "consult_lost_email": "Quelle adresse e-mail avez-vous donnée dans votre dossier ? Votre numéro de dossier y "
    "sera envoyé (il n'est jamais affiché ici).",
    "consult_lost_email_invalid": "Cette adresse e-mail n'est pas valide. Tapez l'adresse donnée dans votre "
    "dossier, par exemple : lea.martin@exemple.fr.",
    "consult_lost_date": "Quelle est votre date de naissance ? (par exemple : 03/05/2004)",
    "consult_lost_sent": "Si un dossier de la session {session} porte cette adresse e-mail et cette date de "
    "naissance, son numéro vient d'y être envoyé. Regardez votre messagerie (et les "
    "indésirables), puis tapez ici votre numéro de dossier.",
    # The journal (console « Journal des actions ») of a number sent after « j'ai perdu mon numéro ».
    "journal_candidate": "candidat (assistant)",
    "journal_number_sent": "numéro de dossier envoyé à l'adresse du dossier",
    "journal_number_not_sent": "numéro de dossier non envoyé (messagerie indisponible)",
    "consult_reprint": "Télécharger ma confirmation",
    "consult_reprint_ready": "Voici votre confirmation d'inscription, dossier {label} (sa dernière version). "
    "Imprimez-la, signez-la et envoyez-la avec les pièces demandées.",
    "consult_reprint_unavailable": "Votre confirmation n'est pas disponible pour le moment. Réessayez dans "
    "quelques minutes, ou contactez le service des examens : {contact}.",
    "consult_cancelled": "Votre dossier {label} a été annulé par le service des examens{reason} : il ne peut plus "
    "être modifié ici. Pour toute question, contactez le service des examens de votre "
    "académie : {contact}.",
    "duplicate_found": "Vous avez déjà un dossier de pré-inscription pour cette spécialité à la session "
    "{session} (même nom, prénoms et date de naissance). Pour le voir ou le modifier, choisissez "
    "« {consult} » : une seconde inscription ferait un doublon que le service des examens devra "
    "supprimer. Si ce n'est pas vous, continuez simplement.",
    "resume_validated": "Ce dossier est validé : consultez-le avec son numéro. Un code de reprise ne sert plus "
    "une fois le dossier validé.",
}
