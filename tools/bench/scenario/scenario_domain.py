"""The input domain of the benchmark scenario (shared/bench/SCENARIO.md v1,
section 2.1), shared by gen_cases.py, reference.py and gen_rulesets.py."""
MIGRANT_STATUSES = ["colombian", "migrant_regular", "migrant_irregular", "in_transit"]
RISK_CONTEXTS = ["own_begging", "work_accompaniment", "parental_prison", "rights_violation"]
LOCALITIES = [
    "usaquen", "chapinero", "santa_fe", "san_cristobal", "usme", "tunjuelito", "bosa",
    "kennedy", "fontibon", "engativa", "suba", "barrios_unidos", "teusaquillo",
    "los_martires", "antonio_narino", "puente_aranda", "la_candelaria",
    "rafael_uribe_uribe", "ciudad_bolivar", "sumapaz",
]
CHANNELS = ["territorial_mobilization", "active_search", "citizen_complaint",
            "interinstitutional_operation"]
AGE_BANDS = [(0, 3), (4, 7), (8, 11), (12, 14), (15, 17)]  # section 6, bands b = 0..4
