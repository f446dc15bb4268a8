"""Loader of diplomas.yaml: the diplomas giving bénéfices or dispenses of épreuves, per specialty."""

from __future__ import annotations

from pathlib import Path

from registration.referentials.epreuves import EPREUVES_DIR
from registration.referentials.reading import _bool, _read_yaml, _Source
from registration.referentials.records import Coverage, Diploma, EpreuveTable, Specialite

POSITIONS = ("BENEFICE", "DISPENSE")


def _load_diplomas(
    directory: Path, specialites: dict[str, Specialite], tables: dict[str, EpreuveTable]
) -> dict[str, tuple[Diploma, ...]]:
    src = _Source(directory, "diplomas.yaml")
    data = _read_yaml(src)
    block = data.get("specialites")
    if not isinstance(block, dict):
        raise src.fail(data["__line__"], "la clé « specialites » manque ou n'est pas une table")
    result: dict[str, tuple[Diploma, ...]] = {}
    for spec_code, items in block.items():
        if spec_code in ("__line__", "__lines__"):
            continue
        key_line = block["__lines__"].get(spec_code)
        spec_code = str(spec_code)
        if spec_code not in specialites:
            raise src.fail(key_line, f"spécialité inconnue « {spec_code} » (absente de specialites.csv)")
        known = {e.code for e in tables[spec_code].epreuves} if spec_code in tables else set()
        if not known:
            raise src.fail(
                key_line, f"spécialité {spec_code} : aucune épreuve dans {EPREUVES_DIR}/{spec_code}.yaml"
            )
        if not isinstance(items, list):
            raise src.fail(key_line, f"spécialité {spec_code} : liste de diplômes attendue")
        diplomas: list[Diploma] = []
        for item in items:
            if not isinstance(item, dict):
                raise src.fail(key_line, "chaque diplôme doit être une table")
            line = item["__line__"]
            code = str(item.get("code") or "").strip()
            title = str(item.get("title") or "").strip()
            if not code or not title:
                raise src.fail(line, "diplôme sans code ou sans intitulé")
            if any(d.code == code for d in diplomas):
                raise src.fail(line, f"diplôme {code} en double pour la spécialité {spec_code}")
            covers = item.get("covers")
            if not isinstance(covers, list) or not covers:
                raise src.fail(line, f"diplôme {code} : liste « covers » vide ou absente")
            coverage: list[Coverage] = []
            for cover in covers:
                cline = cover.get("__line__", line) if isinstance(cover, dict) else line
                if not isinstance(cover, dict):
                    raise src.fail(cline, f"diplôme {code} : chaque élément de covers doit être une table")
                ep = str(cover.get("epreuve") or "")
                position = str(cover.get("position") or "").upper()
                if ep not in known:
                    raise src.fail(
                        cline, f"diplôme {code} : épreuve « {ep} » inconnue pour la spécialité {spec_code}"
                    )
                if position not in POSITIONS:
                    raise src.fail(
                        cline, f"diplôme {code} : position « {position} » (BENEFICE ou DISPENSE attendu)"
                    )
                coverage.append(Coverage(ep, position))
            verified = _bool(src, line, "verified", item.get("verified", True))
            note = str(item.get("note") or "").strip()
            if not verified and not note:
                raise src.fail(
                    line, f"diplôme {code} : verified: false demande une note (ce qui n'est pas confirmé)"
                )
            diplomas.append(
                Diploma(
                    code,
                    title,
                    tuple(coverage),
                    _bool(src, line, "invented", item.get("invented", False)),
                    verified,
                    note,
                )
            )
        result[spec_code] = tuple(diplomas)
    return result
