"""The RGAA 4.1 audit of the candidates' pages, as data: each criterion that applies, how it was checked, and the
result. The statement (/accessibilite) and docs/accessibility.md are computed from it, so the conformance rate
they give is the one measured (tests/browser/test_statement.py checks both against it)."""

from __future__ import annotations

from dataclasses import dataclass

C, NC = "conforme", "non conforme"
AUDIT_DATE = "7 décembre 2026"
PAGES = (
    "l'assistant de pré-inscription (/) et sa version intégrée (/widget)",
    "la page d'envoi d'un document (/pieces/…)",
    "la page du dossier (/dossier/…), équivalent accessible de la confirmation PDF",
    "la déclaration d'accessibilité (/accessibilite)",
)
# How a criterion was checked: the automated tests (tests/browser, in Chromium) and a manual review.
AXE = "axe-core 0 violation (tests/browser)"
TREE = "arbre d'accessibilité de Chromium tour par tour (tests/browser/test_guided_input.py)"
KEYBOARD = "inscription complète au clavier seul (tests/browser/test_webchat.py)"
REFLOW = "320 px et zoom 200 % sans défilement horizontal (tests/browser/test_webchat.py)"
MANUAL = "revue manuelle"


@dataclass(frozen=True)
class Criterion:
    number: str
    title: str
    how: str
    result: str
    note: str = ""


CRITERIA: tuple[Criterion, ...] = (
    Criterion("1.1", "Images porteuses d'information ont une alternative", AXE, C),
    Criterion("1.2", "Images de décoration ignorées par les technologies d'assistance", AXE, C),
    Criterion(
        "3.1",
        "L'information n'est pas donnée uniquement par la couleur",
        MANUAL,
        C,
        "choix cochés : état aria-pressed, coche et fond, pas seulement la couleur",
    ),
    Criterion("3.2", "Contraste du texte suffisant", AXE, C),
    Criterion("3.3", "Contraste des composants d'interface suffisant", MANUAL, C),
    Criterion(
        "6.1",
        "Chaque lien est explicite",
        AXE + " ; " + MANUAL,
        C,
        "le lien d'envoi annonce qu'il ouvre une nouvelle fenêtre",
    ),
    Criterion("6.2", "Chaque lien a un intitulé", AXE, C),
    Criterion(
        "7.1",
        "Scripts compatibles avec les technologies d'assistance",
        TREE,
        C,
        "question en titre nommant le champ, choix multiples en boutons bascules",
    ),
    Criterion("7.3", "Scripts contrôlables au clavier", KEYBOARD, C),
    Criterion(
        "7.4",
        "Changements de contexte signalés",
        TREE,
        C,
        "le focus va au champ ou au premier choix, jamais à « Valider votre inscription »",
    ),
    Criterion(
        "7.5",
        "Messages de statut restitués",
        TREE,
        C,
        "réponse annoncée une fois après le déplacement du focus ; liste longue résumée",
    ),
    Criterion("8.1", "Type de document défini", AXE, C),
    Criterion("8.2", "Code source valide", MANUAL, C),
    Criterion("8.3", "Langue par défaut présente", AXE, C),
    Criterion("8.5", "Titre de page présent", AXE, C),
    Criterion("8.6", "Titre de page pertinent", TREE, C, "le titre suit l'étape de l'inscription"),
    Criterion("8.7", "Changements de langue indiqués", MANUAL, C),
    Criterion("8.9", "Balises non utilisées à des fins de présentation", MANUAL, C),
    Criterion("8.10", "Changements du sens de lecture signalés", MANUAL, C),
    Criterion("9.1", "Information structurée par des titres", TREE, C, "chaque question est un titre"),
    Criterion("9.2", "Structure du document cohérente", AXE, C),
    Criterion(
        "9.3",
        "Listes correctement structurées",
        MANUAL,
        NC,
        "dans la conversation, le récapitulatif avant validation est une suite de paragraphes et non une "
        "liste ; la page du dossier en donne la version structurée (tableau et listes)",
    ),
    Criterion("10.1", "Présentation par feuilles de style", MANUAL, C),
    Criterion("10.3", "Information compréhensible sans feuilles de style", MANUAL, C),
    Criterion("10.4", "Texte lisible à 200 %", REFLOW, C),
    Criterion("10.5", "Couleurs de fond et de police déclarées ensemble", MANUAL, C),
    Criterion("10.7", "Prise de focus visible", KEYBOARD, C),
    Criterion("10.11", "Pas de défilement à 320 px", REFLOW, C),
    Criterion("10.12", "Espacement du texte redéfinissable", MANUAL, C),
    Criterion("10.13", "Contenus additionnels au survol ou au focus contrôlables", MANUAL, C),
    Criterion("11.1", "Chaque champ a une étiquette", TREE, C, "le champ est nommé par la question posée"),
    Criterion("11.2", "Étiquettes pertinentes", TREE, C),
    Criterion("11.5", "Champs de même nature regroupés", TREE, C, "choix groupés sous le nom de la question"),
    Criterion("11.6", "Regroupements avec une légende", TREE, C),
    Criterion(
        "11.9",
        "Intitulés des boutons pertinents",
        TREE,
        C,
        "les messages d'erreur nomment les boutons tels qu'ils sont",
    ),
    Criterion(
        "11.10",
        "Contrôle de saisie pertinent",
        TREE,
        C,
        "erreur liée au champ (aria-invalid, aria-describedby) jusqu'à la réponse suivante ; exemple",
    ),
    Criterion("11.11", "Suggestions de correction", TREE, C),
    Criterion("11.12", "Données modifiables avant validation", KEYBOARD, C, "récapitulatif avant validation"),
    Criterion(
        "11.13",
        "Finalité des champs identifiée",
        TREE,
        C,
        "autocomplete : family-name, given-name, bday, street-address, postal-code, address-level2, email",
    ),
    Criterion("12.6", "Zones de regroupement atteignables ou évitables", AXE, C),
    Criterion("12.7", "Lien d'évitement vers le contenu", KEYBOARD, C),
    Criterion("12.8", "Ordre de tabulation cohérent", KEYBOARD, C),
    Criterion("12.11", "Contenus additionnels atteignables au clavier", KEYBOARD, C),
    Criterion(
        "13.1",
        "Limites de temps contrôlables",
        MANUAL + " ; tests/browser/test_statement.py",
        C,
        "lien d'envoi : avertissement et renouvellement sans perdre le fichier choisi",
    ),
    Criterion("13.2", "Pas d'ouverture de nouvelle fenêtre sans action", MANUAL, C),
    Criterion(
        "13.3",
        "Documents bureautiques en téléchargement accessibles",
        "pdfinfo ; " + MANUAL,
        C,
        "PDF en français avec titre affiché ; version HTML accessible du dossier",
    ),
    Criterion("13.7", "Pas de changement brusque de luminosité ni de clignotement", MANUAL, C),
    Criterion("13.8", "Contenus en mouvement contrôlables", "prefers-reduced-motion (tests/browser)", C),
    Criterion(
        "12.1",
        "Au moins deux systèmes de navigation",
        MANUAL,
        NC,
        "le service n'a ni plan du site ni moteur de recherche ; les pages sont reliées entre elles par "
        "l'assistant et le pied de page",
    ),
)


def applicable() -> tuple[Criterion, ...]:
    return CRITERIA


def non_conformities() -> list[Criterion]:
    return [c for c in CRITERIA if c.result == NC]


def rate() -> int:
    """The RGAA rate: conforming criteria over applicable ones, in whole per cent (rounded down)."""
    return 100 * sum(1 for c in CRITERIA if c.result == C) // len(CRITERIA)


def level() -> str:
    """« totalement conforme » at 100 %, « partiellement conforme » from 50 %, else « non conforme »."""
    value = rate()
    return (
        "totalement conforme" if value == 100 else "partiellement conforme" if value >= 50 else "non conforme"
    )
