"""An :class:`EpreuveTable` as JSON (how published versions are stored) and what changed between two tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from registration.referentials.records import LEVEL_LABELS, Epreuve, EpreuveTable


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}".replace(".", ",")


def table_as_json(table: EpreuveTable) -> dict[str, Any]:
    """Everything of a table but its version number (stored beside it)."""
    return {
        "specialite": table.specialite,
        "title": table.title,
        "source": table.source,
        "source_date": table.source_date.isoformat() if table.source_date else None,
        "verified": table.verified,
        "partial": table.partial,
        "note": table.note,
        "max_optional": table.max_optional,
        "epreuves": [
            {
                "code": e.code,
                "title": e.title,
                "coefficient": e.coefficient,
                "unit": e.unit,
                "optional": e.optional,
                "choices": list(e.choices),
                "option_code": e.option_code,
                "progressive": e.progressive,
            }
            for e in table.epreuves
        ],
    }


def table_from_json(data: dict[str, Any], version: int) -> EpreuveTable:
    source_date = data.get("source_date")
    return EpreuveTable(
        specialite=str(data["specialite"]),
        title=str(data.get("title") or ""),
        source=str(data.get("source") or ""),
        source_date=date.fromisoformat(source_date) if source_date else None,
        verified=bool(data.get("verified")),
        epreuves=tuple(
            Epreuve(
                code=str(e["code"]),
                title=str(e["title"]),
                coefficient=float(e["coefficient"]) if e.get("coefficient") is not None else None,
                unit=str(e.get("unit") or ""),
                optional=bool(e.get("optional")),
                choices=tuple(e.get("choices") or ()),
                option_code=e.get("option_code"),
                progressive=bool(e.get("progressive", True)),
            )
            for e in data.get("epreuves") or ()
        ),
        note=str(data.get("note") or ""),
        max_optional=int(data.get("max_optional", 2)),
        partial=bool(data.get("partial")),
        version=version,
    )


def _key(e: Epreuve) -> tuple[str, str | None]:
    return (e.code, e.option_code)


def _label(e: Epreuve) -> str:
    return e.code if e.option_code is None else f"{e.code} (option {e.option_code})"


def table_changes(before: EpreuveTable | None, after: EpreuveTable) -> str:
    """A short French summary of what changed: épreuves added, removed, changed (title, coefficient…)."""
    if before is None or not before.epreuves:
        return f"Première table : {len(after.epreuves)} épreuve(s)." if after.epreuves else "Table vide."
    old = {_key(e): e for e in before.epreuves}
    new = {_key(e): e for e in after.epreuves}
    parts: list[str] = []
    added = [_label(e) for k, e in new.items() if k not in old]
    removed = [_label(e) for k, e in old.items() if k not in new]
    changed: list[str] = []
    for k, e in new.items():
        was = old.get(k)
        if was is None:
            continue
        what = []
        if was.title != e.title:
            what.append("intitulé")
        if was.coefficient != e.coefficient:
            what.append(f"coefficient {_number(was.coefficient)} → {_number(e.coefficient)}")
        if was.unit != e.unit:
            what.append(f"unité {was.unit or '—'} → {e.unit or '—'}")
        if was.choices != e.choices:
            what.append("choix")
        if was.optional != e.optional:
            what.append("facultative")
        if what:
            changed.append(f"{_label(e)} ({', '.join(what)})")
    if added:
        parts.append("ajoutée(s) : " + ", ".join(added))
    if removed:
        parts.append("retirée(s) : " + ", ".join(removed))
    if changed:
        parts.append("modifiée(s) : " + ", ".join(changed))
    if before.level != after.level:
        parts.append(f"état {LEVEL_LABELS[before.level]} → {LEVEL_LABELS[after.level]}")
    if before.source != after.source:
        parts.append("source changée")
    if not parts:
        return "Aucune épreuve changée."
    text = " ; ".join(parts) + "."
    return text[0].upper() + text[1:]
