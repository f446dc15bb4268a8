"""Sample dossier content dicts (the shape of docs/dossier.md) shared by the tests."""

from __future__ import annotations

import copy
from typing import Any

SERVICE_ADDRESS = (
    "Service interacadémique des examens et concours (SIEC)\n"
    "Bureau des BTS\n"
    "7 rue Ernest Renan\n"
    "94749 ARCUEIL CEDEX"
)


def paris_candidate() -> dict[str, Any]:
    """A scolaire born in Paris 15e and living in Paris, with usage name, option, no acquis."""
    return {
        "academie": {"code": "01", "name": "Paris"},
        "session": 2027,
        "former_candidate_number": None,
        "etat_civil": {
            "nom": "LEFÈVRE",
            "nom_usage": "CŒURDEROY",
            "prenoms": "Zoé Françoise",
            "date_naissance": "14/02/2006",
        },
        "naissance": {
            "en_france": True,
            "departement": "75",
            "departement_nom": "Paris",
            "arrondissement": "15",
            "pays": "France",
            "pays_code": "FR",
        },
        "residence": {
            "a_l_etranger": False,
            "adresse": "12, rue de l'Église",
            "complement": "Bâtiment B, 3e étage",
            "lieu_dit": "",
            "code_postal": "75015",
            "localite": "Paris",
            "pays": "France",
            "pays_code": "FR",
        },
        "email": "zoe.lefevre@example.org",
        "categorie": {"code": "SCOLAIRE_PUBLIC", "label": "Scolaire — établissement public"},
        "handicap": True,
        "etablissement": {
            "code": "0750650H",
            "name": "Lycée Léonard de Vinci",
            "city": "PARIS",
            "type": "PUBLIC",
        },
        "specialite": {
            "code": "32032602",
            "title": "Services informatiques aux organisations",
            "option": {"code": "32032603", "title": "Solutions logicielles et applications métiers"},
        },
        "forme": "globale",
        "consent_press": True,
        "consent_collectivites": False,
        "acquis": [],
        "epreuves": [
            {"code": "E1", "title": "Culture générale et expression", "status": "INSCRIT"},
            {
                "code": "E2",
                "title": "Expression et communication en langue anglaise",
                "status": "INSCRIT",
                "choice": "Anglais",
            },
            {"code": "E3", "title": "Mathématiques pour l'informatique", "status": "INSCRIT"},
            {
                "code": "E4",
                "title": "Culture économique, juridique et managériale appliquée",
                "status": "INSCRIT",
            },
            {
                "code": "E5",
                "title": "Support et mise à disposition de services informatiques",
                "status": "INSCRIT",
            },
            {
                "code": "E6",
                "title": "Conception et développement d'applications (option SLAM)",
                "status": "INSCRIT",
                "choice": "SLAM",
            },
            {"code": "E7", "title": "Cybersécurité des services informatiques", "status": "INSCRIT"},
            {
                "code": "EF1",
                "title": "Langue vivante étrangère 2",
                "facultative": True,
                "status": "INSCRIT",
                "choice": "Espagnol",
            },
            {"code": "EF2", "title": "Engagement étudiant", "facultative": True, "status": "NON INSCRIT"},
        ],
    }


def abroad_candidate() -> dict[str, Any]:
    """A distance-learning candidate born in Morocco, living in Berlin (99999), progressive, with acquis."""
    return {
        "academie": {"code": "01", "name": "Paris"},
        "session": 2027,
        "former_candidate_number": "0123456789",
        "etat_civil": {
            "nom": "BENNANI",
            "nom_usage": "",
            "prenoms": "Yasmine Noëlle",
            "date_naissance": "00/00/1998",
        },
        "naissance": {
            "en_france": False,
            "departement": "99",
            "departement_nom": None,
            "arrondissement": None,
            "pays": "Maroc",
            "pays_code": "MA",
        },
        "residence": {
            "a_l_etranger": True,
            "adresse": "Schönhauser Allee 145",
            "complement": "c/o Müller",
            "lieu_dit": "10437 Berlin",
            "code_postal": "99999",
            "localite": "Allemagne",
            "pays": "Allemagne",
            "pays_code": "DE",
        },
        "email": "y.bennani@example.de",
        "categorie": {"code": "EAD", "label": "Enseignement à distance"},
        "handicap": False,
        "etablissement": {
            "code": "0750099X",
            "name": "Candidats individuels — étranger",
            "city": "PARIS",
            "type": "FICTIF",
        },
        "specialite": {"code": "32031213", "title": "Management commercial opérationnel", "option": None},
        "forme": "progressive",
        "consent_press": False,
        "consent_collectivites": True,
        "acquis": [
            {
                "diplome_code": "32031213",
                "diplome_title": "BTS Management commercial opérationnel",
                "epreuve_code": "E1",
                "epreuve_title": "Culture générale et expression",
                "position": "BENEFICE",
                "annee": 2023,
                "academie": "Rennes",
                "note": 12.0,
            },
            {
                "diplome_code": "32031213",
                "diplome_title": "BTS Management commercial opérationnel",
                "epreuve_code": "E5",
                "epreuve_title": "Relation client et vente conseil",
                "position": "BENEFICE",
                "annee": 2024,
                "academie": "Créteil",
                "note": 8.5,
            },
            {
                "diplome_code": "35031204",
                "diplome_title": "DUT Techniques de commercialisation",
                "epreuve_code": "E4",
                "epreuve_title": "Culture économique, juridique et managériale",
                "position": "DISPENSE",
                "annee": 2022,
                "academie": None,
                "note": None,
            },
        ],
        "epreuves": [
            {"code": "E1", "title": "Culture générale et expression", "status": "ACQUIS"},
            {
                "code": "E2",
                "title": "Communication en langue vivante étrangère 1 (écrit)",
                "status": "INSCRIT",
                "choice": "Anglais",
            },
            {
                "code": "E3",
                "title": "Communication en langue vivante étrangère 1 (oral)",
                "status": "INSCRIT",
                "choice": "Anglais",
            },
            {"code": "E4", "title": "Culture économique, juridique et managériale", "status": "ACQUIS"},
            {"code": "E5", "title": "Relation client et vente conseil", "status": "NON INSCRIT"},
            {"code": "E6", "title": "Animation et dynamisation de l'offre commerciale", "status": "INSCRIT"},
            {"code": "E7", "title": "Gestion opérationnelle", "status": "NON INSCRIT"},
            {"code": "E8", "title": "Management de l'équipe commerciale", "status": "NON INSCRIT"},
        ],
    }


def tricky_candidate() -> dict[str, Any]:
    """The Paris sample with markup characters and over-long values in names and address."""
    content = paris_candidate()
    content["etat_civil"].update(
        {
            "nom": "O'CONNOR & <FILS>",
            "nom_usage": "",
            "prenoms": "Anne-Sœur <b>Ève</b> & Cie",
        }
    )
    content["residence"].update(
        {
            "adresse": "Résidence des Très Longues Allées du Château, 145 boulevard du Maréchal-de-Lattre",
            "complement": "Appartement 1204 <porte gauche> & escalier C, chez M. Ledoux",
        }
    )
    content["email"] = "o'connor&fils@example.org"
    content["etablissement"]["name"] = "Lycée <Saint-Exupéry> & Associés"
    return content


def partial_dossier() -> dict[str, Any]:
    """A dossier interrupted early: only the académie and part of the état civil."""
    return {
        "academie": {"code": "01", "name": "Paris"},
        "etat_civil": {"nom": "DURAND", "prenoms": None},
        "naissance": None,
        "residence": {"a_l_etranger": False, "code_postal": "75001"},
        "specialite": {"code": "32031213"},
        "acquis": [{"epreuve_code": "E1"}, None],
        "epreuves": None,
    }


def all_samples() -> dict[str, dict[str, Any]]:
    """Every sample, by name (fresh copies)."""
    return copy.deepcopy(
        {
            "paris": paris_candidate(),
            "abroad": abroad_candidate(),
            "tricky": tricky_candidate(),
            "partial": partial_dossier(),
        }
    )
