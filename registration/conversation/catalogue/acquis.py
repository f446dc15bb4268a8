"""Questions that depend on the specialty: acquis (bénéfices, dispenses), épreuves to sit, optional épreuves, options."""

from __future__ import annotations

from typing import Any

from registration import rules
from registration.conversation.steps import CHOICE, MULTI, TEXT, YESNO, Context, Step
from registration.conversation.texts import ACQUIS_TEXT
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Choice
from registration.referentials.records import ABSENT
from registration.rules import Invalid, Result, Valid
from registration.rules.acquis import BENEFICE_YEARS, PASS_MARK

SEP = "|"
INSCRIT, NON_INSCRIT = "INSCRIT", "NON INSCRIT"


def _option_code(ctx: Context) -> str | None:
    return ctx.get("option")


def epreuves(ctx: Context):
    specialite = ctx.specialite
    return ctx.refs.epreuves_for(specialite.code, _option_code(ctx)) if specialite else ()


def diplomas(ctx: Context):
    specialite = ctx.specialite
    return ctx.refs.diplomas_for(specialite.code) if specialite else ()


def diploma_choices(ctx: Context) -> list[Choice]:
    return [Choice(d.code, d.title) for d in diplomas(ctx)]


def _epreuve_title(ctx: Context, code: str) -> str:
    return next((e.title for e in epreuves(ctx) if e.code == code), code)


def coverages(ctx: Context) -> list[tuple[Any, Any]]:
    """(diploma, coverage) pairs to ask about: each covered épreuve once, in the order of the ticked diplomas."""
    ticked = ctx.get("acquis_diplomas") or []
    known = {e.code for e in epreuves(ctx) if not e.optional}
    seen: set[str] = set()
    pairs = []
    for diploma in diplomas(ctx):
        if diploma.code not in ticked:
            continue
        for coverage in diploma.covers:
            if coverage.epreuve_code in known and coverage.epreuve_code not in seen:
                pairs.append((diploma, coverage))
    # An épreuve already kept through an earlier diploma is not asked again.
    result, kept = [], set()
    for diploma, coverage in pairs:
        if coverage.epreuve_code in kept:
            continue
        result.append((diploma, coverage))
        if keeps(ctx, diploma.code, coverage.epreuve_code):
            kept.add(coverage.epreuve_code)
    return result


NOT_KEPT = ""  # the year or mark of an acquis the candidate gave up at that question (« Ne pas garder… »)


def keeps(ctx: Context, diploma_code: str, epreuve_code: str) -> bool:
    """The candidate keeps this acquis: « Oui » to keeping it, and neither its year nor its mark given up."""
    return ctx.get(key(diploma_code, epreuve_code, "keep")) is True and all(
        ctx.get(key(diploma_code, epreuve_code, field)) != NOT_KEPT for field in ("annee", "note")
    )


def _show_mark(ctx: Context, value: Any) -> str:
    return ACQUIS_TEXT["not_kept"] if value == NOT_KEPT else f"{float(value):.2f}".replace(".", ",")


def _show_year(ctx: Context, value: Any) -> str:
    return ACQUIS_TEXT["not_kept"] if value == NOT_KEPT else str(value)


def key(diploma_code: str, epreuve_code: str, field: str) -> str:
    return SEP.join(("acq", diploma_code, epreuve_code, field))


def acquis_steps(ctx: Context) -> list[Step]:
    steps: list[Step] = []
    forme = ctx.get("forme") or "globale"
    for diploma, coverage in coverages(ctx):
        d, e, position = diploma.code, coverage.epreuve_code, coverage.position
        params = {
            "diplome": diploma.title,
            "epreuve": f"{e} {_epreuve_title(ctx, e)}",
            "position": ACQUIS_TEXT["benefice"] if position == "BENEFICE" else ACQUIS_TEXT["dispense"],
        }
        kept = (lambda dd, ee: lambda c: keeps(c, dd, ee))(d, e)
        # A bénéfice whose year or mark cannot be kept can be given up there (a button), not only by « retour ».
        give_up = (ACQUIS_TEXT["not_kept"], NOT_KEPT) if position == "BENEFICE" else None
        steps.append(
            Step(
                key(d, e, "keep"),
                "acquis",
                YESNO,
                question_key="acquis_keep",
                prompt_params=(lambda p: lambda c: p)(params),
            )
        )
        steps.append(
            Step(
                key(d, e, "annee"),
                "acquis",
                TEXT,
                question_key="acquis_annee",
                applies=kept,
                validate=(
                    lambda pos: lambda c, t: rules.validate_acquis_year(t, position=pos, session=c.session)
                )(position),
                display=_show_year,
                skip_button=give_up,
                prompt_params=(lambda p: lambda c: p)(params),
            )
        )
        steps.append(
            Step(
                key(d, e, "academie"),
                "acquis",
                TEXT,
                question_key="acquis_academie",
                applies=kept,
                validate=_academie,
                display=_show_academie,
                skip_button=(ACQUIS_TEXT["not_given"], "") if position == "DISPENSE" else None,
                prompt_params=(lambda p: lambda c: p)(params),
            )
        )
        if position == "BENEFICE":
            steps.append(
                Step(
                    key(d, e, "note"),
                    "acquis",
                    TEXT,
                    question_key="acquis_note",
                    applies=kept,
                    validate=(lambda f: lambda c, t: rules.validate_mark(t, forme=f))(forme),
                    display=_show_mark,
                    skip_button=give_up,
                    prompt_params=(lambda p: lambda c: p)(params),
                )
            )
    return steps


def _academie(ctx: Context, text: str):
    result = rules.validate_academie(text, ctx.refs)
    return Valid(result.value.name, result.echo) if isinstance(result, Valid) else result


def _show_academie(ctx: Context, value: Any) -> str:
    return value or ACQUIS_TEXT["not_given"]


def acquis_list(ctx: Context) -> list[dict]:
    """The bilan des acquis: every kept épreuve with its position, year, académie and mark."""
    items = []
    for diploma, coverage in coverages(ctx):
        d, e = diploma.code, coverage.epreuve_code
        if not keeps(ctx, d, e) or key(d, e, "annee") not in ctx.answers:
            continue
        note = ctx.get(key(d, e, "note"))
        items.append(
            {
                "diplome_code": d,
                "diplome_title": diploma.title,
                "epreuve_code": e,
                "epreuve_title": _epreuve_title(ctx, e),
                "position": coverage.position,
                "annee": ctx.get(key(d, e, "annee")),
                "academie": ctx.get(key(d, e, "academie")) or None,
                "note": float(note) if note is not None and coverage.position == "BENEFICE" else None,
            }
        )
    return items


def bilan_text(ctx: Context) -> str:
    items = acquis_list(ctx)
    if not items:
        return ACQUIS_TEXT["bilan_none"]
    lines = [ACQUIS_TEXT["bilan_title"]]
    for item in items:
        note = f"{item['note']:.2f}" if item["note"] is not None else "—"
        lines.append(f"- {item['epreuve_code']} {item['epreuve_title']} — {item['position']} — {note}")
    lines.append(ACQUIS_TEXT["bilan_end"])
    return "\n".join(lines)


def covered(ctx: Context) -> set[str]:
    """The compulsory épreuves not sat: kept from a listed diploma, or matched to an acquis declared in words that
    can be kept (the rules of a listed diploma's: a bénéfice at most 5 years old, of 10 or more in forme globale)."""
    declared = {
        code for item in declared_list(ctx) if item.get("retenu") for code in item.get("epreuves") or ()
    }
    return {item["epreuve_code"] for item in acquis_list(ctx)} | declared


def to_sit_choices(ctx: Context) -> list[Choice]:
    done = covered(ctx)
    return [
        Choice(e.code, f"{e.code} {e.title}") for e in epreuves(ctx) if not e.optional and e.code not in done
    ]


def sitting(ctx: Context) -> set[str]:
    """Compulsory épreuves sat this session (all not covered; in forme progressive, the ones chosen)."""
    codes = {c.id for c in to_sit_choices(ctx)}
    if ctx.get("forme") == "progressive" and ctx.get("epreuves_progressive") is not None:
        return codes & set(ctx.get("epreuves_progressive"))
    return codes


FACULTATIVES = "facultatives"


def chosen_facultatives(ctx: Context) -> set[str]:
    """The optional épreuves ticked (drafts and dossiers of earlier versions answered one « fac|EF… » each)."""
    chosen = set(ctx.get(FACULTATIVES) or [])
    optional = (e.code for e in epreuves(ctx) if e.optional)
    return chosen | {code for code in optional if ctx.get(SEP.join(("fac", code))) == INSCRIT}


def _choice_step(epreuve: Any) -> Step:
    """The language (or other choice) of an épreuve sat."""
    return Step(
        SEP.join(("choix", epreuve.code)),
        "acquis",
        CHOICE,
        question_key="epreuve_choice",
        choices=(lambda options: lambda c: [Choice(o, o) for o in options])(epreuve.choices),
        prompt_params=(lambda t: lambda c: {"epreuve": t})(f"{epreuve.code} {epreuve.title}"),
    )


def epreuve_steps(ctx: Context) -> list[Step]:
    """The choices of the compulsory épreuves sat, then the optional ones in one question, then their choices."""
    sat = sitting(ctx)
    steps = [_choice_step(e) for e in epreuves(ctx) if not e.optional and e.code in sat and e.choices]
    optional = [e for e in epreuves(ctx) if e.optional]
    if not optional:
        return steps
    maximum = ctx.refs.max_optional_epreuves(ctx.specialite.code) if ctx.specialite else 2
    steps.append(
        Step(
            FACULTATIVES,
            "acquis",
            MULTI,
            choices=(lambda items: lambda c: [Choice(e.code, f"{e.code} {e.title}") for e in items])(
                optional
            ),
            none_choice=Choice(
                "none",
                ACQUIS_TEXT["no_facultative"],
                ("aucune", "aucun", "non", "non inscrit", "rien", "pas de facultative"),
            ),
            max_selected=maximum,
            prompt_params=(lambda m: lambda c: {"max": str(m)})(maximum),
        )
    )
    chosen = chosen_facultatives(ctx)
    steps += [_choice_step(e) for e in optional if e.code in chosen and e.choices]
    return steps


def epreuves_content(ctx: Context) -> list[dict]:
    done, sat, chosen = covered(ctx), sitting(ctx), chosen_facultatives(ctx)
    result = []
    for epreuve in epreuves(ctx):
        entry: dict[str, Any] = {"code": epreuve.code, "title": epreuve.title}
        if epreuve.optional:
            entry["facultative"] = True
            entry["status"] = INSCRIT if epreuve.code in chosen else NON_INSCRIT
        elif epreuve.code in done:
            entry["status"] = "ACQUIS"
        else:
            entry["status"] = INSCRIT if epreuve.code in sat else NON_INSCRIT
        choice = ctx.get(SEP.join(("choix", epreuve.code)))
        if choice and entry["status"] == INSCRIT:
            entry["choice"] = choice
        result.append(entry)
    return result


def prefill_from_acquis(acquis: list[dict], ctx: Context) -> dict[str, Any]:
    """Defaults for the acquis questions from a former registration: diplomas pre-ticked, year, académie, mark."""
    defaults: dict[str, Any] = {}
    by_digits = {_digits(d.code): d.code for d in diplomas(ctx)}
    ticked = []
    for item in acquis or []:
        code = by_digits.get(_digits(str(item.get("diplome_code", ""))))
        if not code:
            continue
        if code not in ticked:
            ticked.append(code)
        e = item.get("epreuve_code")
        if not e:  # no épreuve recorded: the diploma stays ticked, nothing to pre-fill for it
            continue
        defaults[key(code, e, "keep")] = True
        if item.get("annee"):
            defaults[key(code, e, "annee")] = int(item["annee"])
        defaults[key(code, e, "academie")] = item.get("academie") or ""
        if item.get("note") is not None:
            defaults[key(code, e, "note")] = float(item["note"])
    for diploma in diplomas(ctx):
        if diploma.code in ticked:
            for coverage in diploma.covers:
                defaults.setdefault(key(diploma.code, coverage.epreuve_code, "keep"), False)
    if ticked:
        defaults["acquis_diplomas"] = ticked
    return defaults


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum()).upper()


# ---- a specialty whose règlement d'examen is not known here (no table): what only the candidate knows is asked,
# recorded as wishes and declarations for the exam service to confirm; no épreuve is invented. A specialty with
# no diploma list (with or without a table) offers the declaration of acquis in words; with a table, each acquis
# declared is matched to its épreuves (« Je ne sais pas »: the service does it), and when a table is published
# for a specialty that had none, the same question catches up the acquis declared before it.

DECLARED = "decl"
MAX_DECLARED = 10  # acquis declared one by one; a candidate with more says so to the exam service
DECLARED_TEXT_LENGTH = (2, 200)


def table_level(ctx: Context) -> str | None:
    """How well the chosen specialty's épreuves are known (records.VERIFIED … ABSENT); None before the choice."""
    specialite = ctx.specialite
    if not specialite:
        return None
    table = ctx.refs.epreuve_table(specialite.code)
    return table.level if table else ABSENT


def no_table(ctx: Context) -> bool:
    return table_level(ctx) == ABSENT


def offers_declaration(ctx: Context) -> bool:
    """Acquis are declared in words: the specialty has no diploma list, or they were declared so before (a list
    published since keeps what was declared)."""
    return bool(ctx.specialite) and (not diplomas(ctx) or ctx.get("acquis_declares") is True)


def _compulsory(ctx: Context) -> list[Any]:
    return [e for e in epreuves(ctx) if not e.optional]


def _match_choices(ctx: Context) -> list[Choice]:
    return [Choice(e.code, f"{e.code} {e.title}") for e in _compulsory(ctx)]


def _matched(ctx: Context, number: int) -> list[str]:
    """The compulsory épreuves of the table in effect an acquis declared in words was matched to."""
    chosen = ctx.get(declared_key(number, "match"))
    if not isinstance(chosen, list):
        return []
    known = {e.code for e in _compulsory(ctx)}
    return [code for code in chosen if code in known]


def language_choices(ctx: Context) -> list[Choice]:
    return [Choice(language, language) for language in ctx.refs.languages]


def free_text(ctx: Context, text: str) -> Result:
    """A short declaration in the candidate's words (an épreuve, a diploma, a facultative), cleaned, kept as typed."""
    cleaned = " ".join("".join(ch for ch in (text or "") if ch.isprintable()).split())
    low, high = DECLARED_TEXT_LENGTH
    if not low <= len(cleaned) <= high or not any(ch.isalpha() for ch in cleaned):
        return Invalid(MSG["declared_text_invalid"].format(low=low, high=high))
    return Valid(cleaned)


def declared_key(number: int, field: str) -> str:
    return SEP.join((DECLARED, str(number), field))


def _declared_params(number: int):
    return lambda ctx: {"numero": str(number), "acquis": str(ctx.get(declared_key(number, "epreuve")) or "")}


def declared_steps(ctx: Context) -> list[Step]:
    """One group of questions per acquis declared (what, year, académie, mark), then « another one? »."""
    steps: list[Step] = []
    for number in range(1, MAX_DECLARED + 1):
        steps += [
            Step(
                declared_key(number, "epreuve"),
                "acquis",
                TEXT,
                question_key="declared_epreuve",
                validate=free_text,
                prompt_params=_declared_params(number),
            ),
            Step(
                declared_key(number, "annee"),
                "acquis",
                TEXT,
                question_key="declared_annee",
                # any earlier session: the exam service checks how long a bénéfice lasts for this specialty
                validate=lambda c, t: rules.validate_acquis_year(t, position="DISPENSE", session=c.session),
                prompt_params=_declared_params(number),
            ),
            Step(
                declared_key(number, "academie"),
                "acquis",
                TEXT,
                question_key="declared_academie",
                validate=_academie,
                display=_show_academie,
                skip_button=(ACQUIS_TEXT["not_given"], ""),
                prompt_params=_declared_params(number),
            ),
            Step(
                declared_key(number, "note"),
                "acquis",
                TEXT,
                question_key="declared_note",
                # any mark out of 20 is recorded as declared; which marks are kept is the service's decision
                validate=lambda c, t: rules.validate_mark(t, forme="progressive"),
                display=lambda c, v: (
                    f"{float(v):.2f}".replace(".", ",") if v not in (None, "") else ACQUIS_TEXT["no_mark"]
                ),
                skip_button=(ACQUIS_TEXT["no_mark"], ""),
                prompt_params=_declared_params(number),
            ),
            Step(
                declared_key(number, "match"),
                "acquis",
                MULTI,
                question_key="declared_match",
                choices=_match_choices,
                applies=lambda c: bool(_compulsory(c)),
                none_choice=Choice(
                    "none", ACQUIS_TEXT["match_unknown"], ("je ne sais pas", "aucune", "aucun", "sais pas")
                ),
                prompt_params=_declared_params(number),
            ),
        ]
        if number < MAX_DECLARED:
            steps.append(
                Step(
                    declared_key(number, "more"),
                    "acquis",
                    YESNO,
                    question_key="declared_more",
                    prompt_params=_declared_params(number),
                )
            )
        if ctx.get(declared_key(number, "more")) is not True:
            break
    return steps


def _can_keep(ctx: Context, item: dict[str, Any]) -> bool:
    """A declared bénéfice is kept as a listed diploma's would be: at most 5 years old, and of 10 or more in forme
    globale; a dispense always."""
    if item["note"] is None:
        return True
    year = item.get("annee")
    recent = not isinstance(year, int) or year >= ctx.session - BENEFICE_YEARS
    return recent and (ctx.get("forme") == "progressive" or item["note"] >= float(PASS_MARK))


def declared_list(ctx: Context) -> list[dict]:
    """The acquis the candidate declared in words: « déclaré, à vérifier », with the épreuves matched to them."""
    if not (offers_declaration(ctx) and ctx.get("acquis_declares") is True):
        return []
    items = []
    for number in range(1, MAX_DECLARED + 1):
        what = ctx.get(declared_key(number, "epreuve"))
        if what:
            note = ctx.get(declared_key(number, "note"))
            item: dict[str, Any] = {
                "epreuve": what,
                "annee": ctx.get(declared_key(number, "annee")),
                "academie": ctx.get(declared_key(number, "academie")) or None,
                "note": float(note) if note not in (None, "") else None,
                "statut": "declare",
            }
            matched = _matched(ctx, number)
            if matched:  # a mark kept is a bénéfice; a diploma with no mark, a dispense
                item["epreuves"] = matched
                item["position"] = "BENEFICE" if item["note"] is not None else "DISPENSE"
                item["retenu"] = _can_keep(ctx, item)
            items.append(item)
        if ctx.get(declared_key(number, "more")) is not True:
            break
    return items


def wishes(ctx: Context) -> dict[str, Any] | None:
    """Languages studied and a facultative wanted, for a specialty with no table: « à confirmer »."""
    if not no_table(ctx):
        return None
    languages = ctx.get("langues_souhait")
    facultative = ctx.get("facultative_souhait")
    return {
        "langues": [] if languages in (None, "none") else list(languages),
        "facultative": ctx.get("facultative_souhait_texte") if facultative is True else None,
        "facultative_souhaitee": facultative,
    }
