"""What the operator reads from ``python -m registration.operations.backup`` (``make backup``, ``make restore``), in one place."""

from __future__ import annotations

TEXT = {
    # refusals: nothing was changed
    "not_a_file": "Le fichier {path} est introuvable.",
    "unreadable": "{path} n'est pas une sauvegarde lisible de l'assistant (archive illisible ou tronquée) : "
    "rien n'a été modifié.",
    "foreign": "{path} n'est pas une sauvegarde de l'assistant ({why}) : rien n'a été modifié.",
    "damaged": "La sauvegarde {path} est endommagée ({why}) : rien n'a été modifié. Reprenez une autre copie "
    "de ce fichier, ou une sauvegarde plus ancienne.",
    "newer_format": "La sauvegarde {path} est au format {found}, plus récent que celui de cette version de "
    "l'application ({known}) : mettez l'application à jour avant de la restaurer. Rien n'a été modifié.",
    "unknown_revision": "La sauvegarde {path} vient d'une version plus récente de l'application (schéma "
    "{revision}, inconnu ici) : mettez l'application à jour avant de la restaurer. Rien n'a été modifié.",
    "other_dialect": "Cette sauvegarde est celle d'une base {found} ; la base à restaurer est {target}. "
    "Restaurez-la dans la même topologie (TOPOLOGY=cluster pour PostgreSQL). Rien n'a été modifié.",
    "holds_dossiers": "La base {target} contient déjà {count} dossier(s) : la restauration les remplacerait. "
    "Rien n'a été modifié. Pour remplacer cette base par la sauvegarde, relancez avec --force "
    "(make restore FILE=… FORCE=1).",
    "sqlite_in_use": "La base {target} est ouverte par l'assistant (processus {pids}) : arrêtez-le (Ctrl-C "
    "sur make run, ou systemctl stop bts-assistant) avant de restaurer. Rien n'a été modifié.",
    "postgres_in_use": "La base {target} est utilisée par {count} connexion(s) : arrêtez l'assistant (make "
    "run-cluster, ou systemctl stop bts-cluster) avant de restaurer. Rien n'a été modifié.",
    "no_database": "Aucune base à sauvegarder : {target} n'existe pas (l'assistant a-t-il déjà démarré ?).",
    "memory_database": "Une base SQLite en mémoire ne se sauvegarde pas ({target}).",
    "unsupported_url": "Base non prise en charge : {target} (attendu : sqlite:/// ou postgresql+psycopg://).",
    "missing_tool": "{tool} est introuvable : installez le paquet postgresql-client (apt-get install "
    "postgresql-client), de la même version majeure que le serveur.",
    "old_pg_dump": "pg_dump {client} ne sait pas sauvegarder un serveur PostgreSQL {server} : installez "
    "postgresql-client-{server}.",
    "old_pg_restore": "Cette sauvegarde a été faite par pg_dump {dumped} ; pg_restore {client} ne sait pas la "
    "lire : installez postgresql-client-{dumped}. Rien n'a été modifié.",
    "postgres_unreachable": "PostgreSQL refuse la connexion à {target} : {error}",
    "cannot_create_database": "La base {target} n'existe pas et n'a pas pu être créée ({error}) : créez-la "
    "(createdb) puis relancez la restauration. Rien n'a été modifié.",
    "pg_dump_failed": "pg_dump a échoué (code {code}) : {error}",
    "pg_restore_failed": "La restauration PostgreSQL a échoué et a été annulée (la base est restée telle "
    "qu'elle était) : {error}",
    "output_exists": "Le fichier {path} existe déjà : choisissez un autre nom.",
    # what was done
    "created": "Sauvegarde écrite : {path} ({size}, en {seconds}).",
    "contents": "Contenu : {counts}.",
    "files": "Pièces jointes : {included} fichier(s){missing}.",
    "files_missing": " ; {count} effacée(s) avec leur dossier pendant la sauvegarde",
    "files_differ": "Attention : {count} pièce(s) jointe(s) ne correspondent plus à leur empreinte en base "
    "(fichier altéré sur le disque) ; elles sont sauvegardées telles quelles.",
    "pruned": "Anciennes sauvegardes effacées (--keep {keep}) : {count}.",
    "checked": "Sauvegarde vérifiée : {path} (prise le {when}, base {dialect}, schéma {revision}, "
    "{members} fichiers, empreintes SHA-256 conformes).",
    "restored_database": "Base restaurée : {target}.",
    "migrated": "Schéma mis à jour : {before} → {after}.",
    "restored": "Restauré en {seconds} : {counts}.",
    "retention": "Durées de conservation appliquées à la base restaurée : {dossiers} dossier(s), {revisions} "
    "révision(s) et {documents} pièce(s) jointe(s) échus effacés de nouveau (journalisés).",
    "restart": "Vous pouvez redémarrer l'assistant.",
}

# How each table is named in what the operator reads (the main ones first); other tables are counted too.
TABLES = {
    "dossier": ("dossier", "dossiers"),
    "dossier_revision": ("révision validée", "révisions validées"),
    "draft": ("brouillon", "brouillons"),
    "staff": ("compte conseiller", "comptes conseillers"),
    "audit_entry": ("entrée du journal", "entrées du journal"),
    "dossier_file": ("pièce jointe", "pièces jointes"),
    "download_token": ("lien de téléchargement", "liens de téléchargement"),
    "handoff_request": ("demande au service", "demandes au service"),
}

DIALECTS = {"sqlite": "SQLite (topologie intégrée)", "postgresql": "PostgreSQL (topologie de production)"}


class Refused(Exception):
    """A backup or restore that did not happen; ``message`` says why, in French, for the operator."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.message = TEXT[key].format(**values)
        super().__init__(self.message)


def counts_text(counts: dict[str, int]) -> str:
    """« 2 dossiers, 2 révisions validées, 1 brouillon… » for the main tables."""
    parts = []
    for table, (one, many) in TABLES.items():
        if table in counts:
            parts.append(f"{counts[table]} {one if counts[table] == 1 else many}")
    return ", ".join(parts)


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} Ko"
    if size < 1024**3:
        return f"{size / 1024 / 1024:.1f} Mo"
    return f"{size / 1024**3:.2f} Go"


def seconds_text(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"
