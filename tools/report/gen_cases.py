#!/usr/bin/env python3
"""Writes synthetic Bogotá cases as JSON Lines, valid for rules/bogota, for
programme reports (`referral report`) and their tests. Deterministic: the same
--seed gives the same file. The mix imitates the 2021-2022 figures of the Por
la Niñez article (channels, categories, teams, migrant share) and spreads the
cases over the localidades unevenly, as field work is, so some cells are small.

Usage: gen_cases.py [--count N] [--seed S] [--until DAY] [--out FILE]
       (default 400 cases, seed 2026, evaluated over 80 days from 2026-01-05, stdout)

With --until YYYY-MM-DD the 80 days end on that day, so that cases routed with
a decision time (`--now`) of that day are never evaluated after it (the engine
refuses an evaluation date later than the decision time: case.future_evaluation_date).

    python3 tools/report/gen_cases.py --out gen.jsonl
    referral route --jsonl gen.jsonl --record rec.jsonl --now 2026-03-31T12:00:00Z > /dev/null
    referral report rec.jsonl
"""
import argparse
import datetime
import json
import random
import sys

CHANNELS = {"movilizacion_territorial": 125, "busqueda_activa": 567, "denuncia_ciudadana": 179,
            "operativo_interinstitucional": 111}
CATEGORIES = {"mendicidad_propia": 43.0, "acompanamiento_labores": 51.9, "padres_privados_libertad": 3.7,
              "activacion_ruta": 1.4}
TEAMS = {"estrategia_movil": 46, "abrazar_itinerante": 44, "equipo_territorial_sdis": 5, "icbf_empi": 3,
         "policia_infancia": 1, None: 1}
SOURCES = {"denuncia_ciudadana": {"linea_141": 40, "whatsapp_icbf": 20, "whatsapp_empetia": 10, "qr_ciudadano": 20,
                                  "otro": 10},
           "busqueda_activa": {"app_busqueda_territorial": 70, "presencial": 25, None: 5},
           "movilizacion_territorial": {"presencial": 80, None: 20},
           "operativo_interinstitucional": {"presencial": 60, "otro": 20, None: 20}}
LOCALITIES = {"santa_fe": 14, "los_martires": 13, "kennedy": 12, "chapinero": 10, "ciudad_bolivar": 9, "suba": 8,
              "bosa": 8, "engativa": 6, "la_candelaria": 5, "san_cristobal": 4, "usaquen": 3, "puente_aranda": 3,
              "rafael_uribe_uribe": 3, "teusaquillo": 2, "fontibon": 2, "barrios_unidos": 1.5,
              "antonio_narino": 1.5, "tunjuelito": 1.5, "usme": 1, "sumapaz": 0.3, None: 2}
NATIONALITIES = {"colombiana": 58, "venezolana": 36, "otra": 2, "doble": 2, "desconocida": 2}


def pick(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def months_before(day, months):
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(y, m + 1, min(day.day, 28))


def make_case(rng, i, until=None):
    offset = rng.randrange(80)
    day = until - datetime.timedelta(days=offset) if until else datetime.date(2026, 1, 5) + datetime.timedelta(days=offset)
    category = pick(rng, CATEGORIES)
    channel = pick(rng, CHANNELS)
    c = {"case_id": "gen-%04d" % i, "evaluation_date": day.isoformat(), "identification_channel": channel,
         "identification_category": category}
    for key, value in (("identifying_team", pick(rng, TEAMS)), ("report_source", pick(rng, SOURCES[channel])),
                       ("localidad", pick(rng, LOCALITIES))):
        if value is not None:
            c[key] = value
    age = rng.randrange(216, 240) if rng.random() < 0.03 else rng.randrange(216)
    if rng.random() < 0.85:
        c["age_documented"] = True
        c["birth_date"] = months_before(day, age).isoformat()
    else:
        c["age_documented"] = False
        c["age_estimate_min_months"] = age
        c["age_estimate_max_months"] = min(300, age + 12)
    nationality = pick(rng, NATIONALITIES)
    c["nationality"] = nationality
    if nationality in ("venezolana", "otra"):
        c["migration_intent"] = pick(rng, {"permanencia": 60, "transito": 25, "retorno": 5, "desconocido": 10})
        c["months_in_bogota"] = rng.randrange(36)
        c["family_stabilised"] = rng.random() < 0.3
        c["migratory_document"] = pick(rng, {"ppt": 40, "pep": 10, "pasaporte": 10, "salvoconducto": 5,
                                             "ninguno": 30, "tmf": 5})
    else:
        c["migration_intent"] = "no_aplica"
        if rng.random() < 0.06:
            c["has_civil_registration"] = False
    c["health_affiliation"] = pick(rng, {"contributivo": 15, "subsidiado": 50, "ninguna": 25, "desconocida": 10})
    if age >= 60:
        c["school_status"] = pick(rng, {"matriculado_asiste": 55, "matriculado_no_asiste": 15, "no_matriculado": 30})
    else:
        c["early_childhood_service"] = pick(rng, {"ninguno": 70, "jardin_sdis": 15, "cdi_icbf": 10, "cpi": 5})
    c["ethnic_group"] = pick(rng, {"ninguno": 85, "embera": 5, "otro_indigena": 3, "afrocolombiano": 5, "rrom": 1,
                                   "no_informa": 1})
    if c["ethnic_group"] == "embera":
        c["lodged_at_upi_la_florida"] = rng.random() < 0.5
    if 150 <= age < 216 and rng.random() < 0.05:
        c["pregnant"] = True
    if category == "padres_privados_libertad":
        c["caregiver_present"] = pick(rng, {"familiar": 60, "adulto_no_familiar": 20, "ninguno": 10, "madre": 10})
        c["caregiver_deprived_of_liberty"] = pick(rng, {"madre": 40, "padre": 40, "ambos": 10,
                                                        "cuidador_principal": 10})
        c["alternative_caregiver_available"] = rng.random() < 0.6
    else:
        c["caregiver_present"] = pick(rng, {"madre": 55, "padre": 15, "ambos": 10, "familiar": 10,
                                            "adulto_no_familiar": 7, "ninguno": 3})
    if rng.random() < 0.02:
        c["unaccompanied"] = True
    if category == "mendicidad_propia":
        c["activity"] = pick(rng, {"pide_dinero": 80, "acompana_sin_actividad": 20})
    elif category == "acompanamiento_labores":
        c["activity"] = pick(rng, {"vende_productos": 45, "acompana_sin_actividad": 30, "malabares_limpia_vidrios": 10,
                                   "oficios_domesticos_cuidado": 10, "trabajo_empleador": 5})
    c["activity_schedule"] = pick(rng, {"diurno": 70, "nocturno": 15, "mixto": 15})
    if c.get("activity") in ("oficios_domesticos_cuidado", "trabajo_empleador"):
        c["activity_hours_week"] = rng.randrange(5, 41)
        if age >= 180 and rng.random() < 0.5:
            c["work_permit"] = True
    if rng.random() < 0.03:
        c["worst_forms_indicator"] = True
    if rng.random() < 0.06:
        c["exploitation_indicators"] = rng.sample(["adulto_no_parental", "adulto_evasivo", "rotacion_de_ninos",
                                                   "sustancias", "grupo_organizado", "ganancia_de_tercero"],
                                                  rng.randrange(1, 3))
    violence = ["violencia_contexto_familiar", "violencia_sexual", "maltrato_por_tercero", "negligencia_grave"]
    if category == "activacion_ruta" or rng.random() < 0.04:
        c["violence_indicators"] = rng.sample(violence, 1)
    c["street_situation"] = pick(rng, {"no": 90, "alta_permanencia_calle": 7, "vida_en_calle": 3})
    if rng.random() < 0.2:
        c["can_attend_fixed_center"] = False
    c["caregiver_consent"] = pick(rng, {"acepta": 60, "acepta_parcial": 12, "rechaza": 18, "no_obtenido": 10})
    if c["caregiver_consent"] != "no_obtenido":
        c["consent_obtained_from"] = pick(rng, {"cuidador": 80, "ambos": 15, "nna": 5})
    c["child_heard"] = rng.random() < 0.7
    c["prior_identifications_count"] = pick(rng, {0: 70, 1: 15, 2: 10, 3: 5})
    return c


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--until", type=datetime.date.fromisoformat, default=None)
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lines = [json.dumps(make_case(rng, i, args.until), ensure_ascii=False, sort_keys=False) for i in range(1, args.count + 1)]
    text = "\n".join(lines) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
