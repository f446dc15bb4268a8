"""What the candidate reads about acquis and épreuves: the specialty-dependent questions, their words, and what
is said of the épreuves the exam service publishes."""

QUESTIONS: dict[str, dict[str, str]] = {
    "acquis_diplomas": {
        "ask": "Possédez-vous, en totalité ou en partie, un de ces diplômes (ou des notes de ce BTS à une session "
        "antérieure) ? Touchez un diplôme pour le cocher ou le décocher, puis choisissez « Suite ». "
        "Sinon, choisissez « Aucun ». Si votre diplôme n'est pas dans la liste, contactez le service des "
        "examens de votre académie.",
        "help": "Un bénéfice de note garde une note obtenue à une session précédente (5 ans au plus) ; une dispense "
        "vous exempte d'une épreuve grâce à un autre diplôme (par exemple un autre BTS ou une licence). "
        "Cochez chaque diplôme que vous possédez ou avez présenté, puis « Suite ».",
    },
    "acquis_keep": {
        "ask": "{diplome}\nÉpreuve {epreuve} : {position}. Souhaitez-vous conserver cet acquis ?",
        "help": "Répondez « Oui » pour faire valoir cet acquis : vous ne passerez pas cette épreuve. Répondez "
        "« Non » pour y renoncer et passer l'épreuve.",
    },
    "acquis_annee": {
        "ask": "Épreuve {epreuve} : en quelle année avez-vous obtenu cet acquis ? (par exemple : 2024)",
        "help": "L'année d'obtention sur 4 chiffres. Un bénéfice de note est valable 5 ans. Exemple : 2024.",
    },
    "acquis_academie": {
        "ask": "Épreuve {epreuve} : dans quelle académie l'avez-vous obtenu ? (par exemple : Rennes)",
        "help": "Le nom de l'académie où vous avez passé l'épreuve, par exemple Lyon ou Aix-Marseille. Pour une "
        "dispense, cette information est facultative.",
    },
    "acquis_note": {
        "ask": "Épreuve {epreuve} : quelle note avez-vous obtenue ? (sur 20, par exemple : 12,5)",
        "help": "La note sur 20, avec deux décimales au plus, par exemple 12,5 ou 10.00. En forme globale, seules "
        "les notes d'au moins 10 sont conservées ; en forme progressive, une note inférieure à 10 peut "
        "l'être.",
    },
    "acquis_bilan": {
        "ask": "{bilan}\nPour continuer, choisissez « Suite ».",
        "help": "Voici les épreuves que vous n'aurez pas à passer. Pour corriger, choisissez « Retour ».",
    },
    "epreuves_progressive": {
        "ask": "Forme progressive : quelles épreuves voulez-vous passer à cette session ? Touchez une épreuve pour "
        "la cocher ou la décocher, puis choisissez « Suite ».",
        "help": "En forme progressive, vous choisissez les épreuves de cette session ; les autres seront passées à "
        "une session suivante. Choisissez au moins une épreuve.",
    },
    "facultatives": {
        "ask": "Épreuves facultatives : voulez-vous vous inscrire à l'une d'elles ? Touchez une épreuve pour la "
        "cocher ou la décocher ({max} au plus), puis choisissez « Suite ». Sinon, choisissez « Aucune ».",
        "help": "Une épreuve facultative ne compte que pour les points au-dessus de 10. Cochez celles que vous "
        "voulez passer, puis « Suite » ; « Aucune » si vous n'en passez pas.",
    },
    "epreuve_choice": {
        "ask": "Épreuve {epreuve} : quel est votre choix ?",
        "help": "Choisissez la langue ou l'option dans laquelle vous passerez cette épreuve.",
    },
    "langues_souhait": {
        "ask": "Quelle(s) langue(s) vivante(s) étrangère(s) étudiez-vous pour ce BTS ? Touchez une langue pour la "
        "cocher ou la décocher, puis choisissez « Suite ». Votre choix est noté comme un souhait : le service "
        "des examens le confirmera d'après le règlement d'examen.",
        "help": "Cochez la ou les langues que vous étudiez dans votre formation, puis « Suite ». Si vous n'étudiez "
        "aucune langue étrangère, choisissez « Aucune langue ».",
    },
    "facultative_souhait": {
        "ask": "Souhaitez-vous passer une épreuve facultative (par exemple une deuxième langue vivante) ?",
        "help": "Une épreuve facultative ne compte que pour les points au-dessus de 10. Répondez « Oui » ou "
        "« Non » ; le service des examens vous dira lesquelles votre spécialité propose.",
    },
    "facultative_souhait_texte": {
        "ask": "Laquelle ? Écrivez-la avec vos mots (par exemple : « Espagnol » ou « Engagement étudiant »).",
        "help": "Le nom de l'épreuve facultative souhaitée, en quelques mots. Le service des examens vérifiera "
        "qu'elle existe pour votre spécialité.",
    },
    "acquis_declares": {
        "ask": "Avez-vous déjà des notes de ce BTS obtenues à une session antérieure, ou un diplôme qui pourrait "
        "vous dispenser d'épreuves (un autre BTS, un BUT, une licence…) ?",
        "help": "Répondez « Oui » pour les déclarer une par une : le service des examens les vérifiera. Répondez "
        "« Non » si vous passez toutes les épreuves.",
    },
    "declared_epreuve": {
        "ask": "Acquis n° {numero} : quelle épreuve ou quel diplôme ? Écrivez-le avec vos mots ou son code (par "
        "exemple : « E1 Culture générale et expression » ou « Licence de droit »).",
        "help": "L'épreuve dont vous avez gardé la note, ou le diplôme que vous possédez, en quelques mots.",
    },
    "declared_annee": {
        "ask": "Acquis n° {numero} : en quelle année (session) l'avez-vous obtenu ? (par exemple : 2024)",
        "help": "L'année sur 4 chiffres, par exemple 2024.",
    },
    "declared_academie": {
        "ask": "Acquis n° {numero} : dans quelle académie ? (par exemple : Rennes)",
        "help": "Le nom de l'académie où vous avez passé l'épreuve ou obtenu le diplôme, par exemple Lyon. Si vous "
        "ne savez pas, choisissez « Non précisée ».",
    },
    "declared_note": {
        "ask": "Acquis n° {numero} : quelle note sur 20 aviez-vous eue ? (par exemple : 12,5)",
        "help": "La note sur 20, par exemple 12,5. Pour un diplôme sans note, choisissez « Pas de note ».",
    },
    "declared_match": {
        "ask": "Acquis n° {numero} (« {acquis} ») : à quelle(s) épreuve(s) de votre BTS correspond-il ? Touchez "
        "chaque épreuve concernée, puis choisissez « Suite ». Si vous ne savez pas, choisissez « Je ne sais pas » : "
        "le service des examens fera le lien.",
        "help": "Les épreuves de votre spécialité sont listées : cochez celle dont vous gardez la note, ou celles "
        "dont votre diplôme vous dispense. « Je ne sais pas » laisse l'acquis à vérifier par le service.",
    },
    "declared_more": {
        "ask": "Avez-vous un autre acquis à déclarer ?",
        "help": "Répondez « Oui » pour en déclarer un autre, « Non » pour continuer.",
    },
}

ACQUIS_TEXT = {
    "benefice": "bénéfice de note",
    "dispense": "dispense",
    "not_given": "Non précisée",
    "bilan_none": "Aucun acquis retenu : vous passerez toutes les épreuves.",
    "bilan_title": "Bilan des acquis (épreuve — position — note) :",
    "bilan_end": "Vous n'aurez pas à passer ces épreuves à cette session.",
    "no_facultative": "Aucune",
    "no_mark": "Pas de note",
    "match_unknown": "Je ne sais pas",
    # The way out when a mark cannot be kept (bénéfice older than 5 years, below 10 in forme globale).
    "not_kept": "Ne pas garder cette note",
}

# The épreuves of the specialty, as the exam service publishes them (or not yet).
TEXT = {
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
}
