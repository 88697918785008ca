// The catalogue of diagnostic messages, in English and Spanish. A code's
// meaning never changes once published (docs/diagnostics.md lists them).
#include <map>
#include <string>
#include <utility>

#include "diag/diag_sink.h"
#include "referral/diagnostic.h"

namespace referral::internal {

namespace {

struct Message {
  const char* en;
  const char* es;
};

const std::map<std::string_view, Message>& Catalogue() {
  static const auto* kCatalogue = new std::map<std::string_view, Message>{
      {"help.did_you_mean", {"did you mean `{0}`?", "¿quiso decir `{0}`?"}},
      {"file.not_found", {"`{0}` does not exist", "`{0}` no existe"}},
      {"file.unreadable", {"cannot read `{0}`: {1}", "no se puede leer `{0}`: {1}"}},
      {"file.too_large", {"`{0}` has {1} bytes; the limit is {2}", "`{0}` tiene {1} bytes; el límite es {2}"}},
      {"file.empty_folder", {"`{0}` holds no rule file (*.yaml)", "`{0}` no contiene archivos de reglas (*.yaml)"}},
      {"file.outside_root", {"`{0}` is a symbolic link leading outside the rule folder `{1}`; it was not read", "`{0}` es un enlace simbólico que sale de la carpeta de reglas `{1}`; no se leyó"}},
      {"file.symlink_loop", {"`{0}`: symbolic links form a loop", "`{0}`: los enlaces simbólicos forman un ciclo"}},
      {"help.raise_limit", {"raise it with LoadOptions::limits.{0} or `referral --limit {1}=N`", "súbalo con LoadOptions::limits.{0} o `referral --limit {1}=N`"}},
      {"limit.files", {"`{0}` holds more than {1} rule files", "`{0}` contiene más de {1} archivos de reglas"}},
      {"limit.yaml_depth", {"the YAML nests more than {0} levels deep", "el YAML anida más de {0} niveles"}},
      {"limit.yaml_aliases", {"the YAML uses more than {0} aliases (`*name`)", "el YAML usa más de {0} alias (`*nombre`)"}},
      {"limit.yaml_nodes", {"the YAML has more than {0} nodes once its aliases are expanded", "el YAML tiene más de {0} nodos al expandir sus alias"}},
      {"limit.facts", {"the rule set defines more than {0} facts", "el conjunto define más de {0} hechos"}},
      {"limit.predicates", {"the rule set defines more than {0} predicates", "el conjunto define más de {0} predicados"}},
      {"limit.services", {"the rule set defines more than {0} services", "el conjunto define más de {0} servicios"}},
      {"limit.nodes", {"the rule set defines more than {0} nodes", "el conjunto define más de {0} nodos"}},
      {"limit.rules", {"the rule set defines more than {0} rules", "el conjunto define más de {0} reglas"}},
      {"limit.condition_depth", {"a condition nests more than {0} levels deep, counting the predicates it uses", "una condición anida más de {0} niveles, contando los predicados que usa"}},
      {"file.bad_encoding", {"byte {0} in `{1}` is not UTF-8: {2}", "el byte {0} en `{1}` no es UTF-8: {2}"}},
      {"help.encoding_latin1", {"the file looks like Latin-1 / Windows-1252; save it as UTF-8", "el archivo parece estar en Latin-1 / Windows-1252; guárdelo como UTF-8"}},
      {"help.encoding_utf16", {"the file looks like UTF-16 or UTF-32; save it as UTF-8", "el archivo parece estar en UTF-16 o UTF-32; guárdelo como UTF-8"}},
      {"help.encoding_malformed", {"a multi-byte character is cut short or malformed; save the file as UTF-8", "un carácter de varios bytes está cortado o mal formado; guarde el archivo como UTF-8"}},
      {"help.encoding_escape", {"the YAML parser read this text as bytes that are not UTF-8; write the characters themselves", "el lector de YAML leyó este texto como bytes que no son UTF-8; escriba los caracteres tal cual"}},
      {"file.control_character", {"`{0}` holds the control character {1}, which can hide or forge text where it is shown; remove it", "`{0}` contiene el carácter de control {1}, que puede ocultar o falsificar el texto donde se muestra; quítelo"}},
      {"file.bad_name_encoding", {"the file name `{0}` is not UTF-8; rename it (file names are shown in explanations and records)", "el nombre de archivo `{0}` no es UTF-8; cámbielo (los nombres de archivo se muestran en las explicaciones y los registros)"}},
      {"file.empty", {"`{0}` is empty: a rule file holds a mapping", "`{0}` está vacío: un archivo de reglas contiene un mapa"}},
      {"yaml.syntax", {"YAML syntax error: {0}", "error de sintaxis YAML: {0}"}},
      {"yaml.second_document", {"a second YAML document begins here; a file holds one, and the reader would ignore the rest", "aquí empieza un segundo documento YAML; cada archivo debe contener uno solo (el lector ignoraría el resto)"}},
      {"yaml.tab", {"a tab is used for indentation; YAML indentation must use spaces", "se usa un tabulador para sangrar; la sangría en YAML debe usar espacios"}},
      {"yaml.expected_mapping", {"{0} must be a mapping (key: value)", "{0} debe ser un mapa (clave: valor)"}},
      {"yaml.bad_key", {"a key in {0} must be a plain word", "una clave en {0} debe ser una palabra simple"}},
      {"yaml.duplicate_key", {"key `{0}` appears twice in {1}", "la clave `{0}` aparece dos veces en {1}"}},
      {"yaml.unknown_key", {"unknown key `{0}` in {1}; expected one of: {2}", "clave desconocida `{0}` en {1}; se esperaba una de estas claves: `{2}`"}},
      {"yaml.type", {"{0} must be {1}", "{0} debe ser {1}"}},
      {"yaml.missing_key", {"{1} is missing `{0}`", "falta `{0}` en {1}"}},
      {"ruleset.bad_language", {"language `{0}` is not supported; expected es or en", "el idioma `{0}` no está soportado; se esperaba es o en"}},
      {"ruleset.bad_id", {"rule set id `{0}` must be lower-case letters, digits, `_`, `-` or `.`", "el id del conjunto `{0}` debe usar minúsculas, dígitos, `_`, `-` o `.`"}},
      {"ruleset.bad_date", {"`{0}` is not a date YYYY-MM-DD", "`{0}` no es una fecha AAAA-MM-DD"}},
      {"ruleset.bad_review_code", {"review role or reason `{0}` must be lower-case letters, digits and `_`", "el rol o motivo de revisión `{0}` debe usar minúsculas, dígitos y `_`"}},
      {"ruleset.duplicate_review_code", {"review role or reason `{0}` is listed twice", "el rol o motivo de revisión `{0}` está dos veces"}},
      {"ruleset.bad_warning_code", {"warning code `{0}` must be lower-case letters, digits and `_`", "el código de advertencia `{0}` debe usar minúsculas, dígitos y `_`"}},
      {"ruleset.bad_utc_offset", {"`{0}` is not a UTC offset ±HH:MM (Bogotá: -05:00)", "`{0}` no es un desfase respecto de UTC ±HH:MM (Bogotá: -05:00)"}},
      {"ruleset.no_priorities", {"`priorities` must list at least one level", "`priorities` debe listar al menos un nivel"}},
      {"ruleset.duplicate_priority", {"priority `{0}` is defined twice", "la prioridad `{0}` está definida dos veces"}},
      {"ruleset.unknown_entry", {"entry node `{0}` is not defined", "el nodo de entrada `{0}` no está definido"}},
      {"ruleset.duplicate_header", {"`ruleset` is already defined in `{0}`", "`ruleset` ya está definido en `{0}`"}},
      {"ruleset.no_header", {"no file defines `ruleset:` (id, version, entry, priorities, fallback)", "ningún archivo define `ruleset:` (id, version, entry, priorities, fallback)"}},
      {"ruleset.consent_unknown_fact", {"consent fact `{0}` is not a fact of the rule set", "el hecho de consentimiento `{0}` no es un hecho del conjunto"}},
      {"ruleset.consent_not_enum", {"consent fact `{0}` must be an enum fact (its values say whether consent was given); it is {1}", "el hecho de consentimiento `{0}` debe ser enum (sus valores dicen si se dio el consentimiento); es {1}"}},
      {"ruleset.consent_unknown_value", {"`{0}` is not a value of consent fact `{1}`; allowed: {2}", "`{0}` no es un valor del hecho de consentimiento `{1}`; permitidos: {2}"}},
      {"ruleset.consent_no_covers", {"`covers` must list at least one value of `{0}` that gives consent", "`covers` debe listar al menos un valor de `{0}` que dé el consentimiento"}},
      {"ruleset.no_nodes", {"the rule set defines no `nodes`", "el conjunto no define `nodes`"}},
      {"name.duplicate", {"`{0}` is already defined as a fact or predicate", "`{0}` ya está definido como hecho o predicado"}},
      {"fact.bad_name", {"fact name `{0}` must be lower-case letters, digits and `_` (and not case_id, capacity, all, any, not)", "el nombre de hecho `{0}` debe usar minúsculas, dígitos y `_` (y no ser `case_id`, `capacity`, `all`, `any` ni `not`)"}},
      {"fact.unknown_type", {"unknown type `{0}` for fact `{1}`; expected bool, int, enum, set, string or date", "tipo desconocido `{0}` para el hecho `{1}`; se esperaba `bool`, `int`, `enum`, `set`, `string` o `date`"}},
      {"fact.duplicate_value", {"value `{0}` is listed twice in fact `{1}`", "el valor `{0}` aparece dos veces en el hecho `{1}`"}},
      {"fact.no_values", {"fact `{0}` needs `values`", "el hecho `{0}` necesita `values`"}},
      {"fact.too_many_values", {"fact `{0}` has more than {1} values", "el hecho `{0}` tiene más de {1} valores"}},
      {"fact.values_not_allowed", {"fact `{0}`: `values` is only for enum and set facts", "hecho `{0}`: `values` solo aplica a hechos enum y set"}},
      {"fact.bad_bounds", {"fact `{0}`: `min` is greater than `max`", "hecho `{0}`: `min` es mayor que `max`"}},
      {"fact.bounds_not_allowed", {"fact `{0}`: `min`/`max` are only for int facts", "hecho `{0}`: `min`/`max` solo aplican a hechos int"}},
      {"fact.derived_with_default", {"derived fact `{0}` cannot be required or have a default", "el hecho derivado `{0}` no puede ser requerido ni tener valor por defecto"}},
      {"fact.derived_type", {"derived fact `{0}` must have type {1}", "el hecho derivado `{0}` debe ser de tipo {1}"}},
      {"fact.required_and_default", {"fact `{0}` is required and has a default; choose one", "el hecho `{0}` es requerido y tiene valor por defecto; elija uno"}},
      {"fact.no_default", {"fact `{0}` needs `required: true` or a `default` (policy staff must see what an absent field means)", "el hecho `{0}` necesita `required: true` o un `default` (debe verse qué significa un campo ausente)"}},
      {"fact.bad_default", {"the default of fact `{0}` must be {1}", "el valor por defecto del hecho `{0}` debe ser {1}"}},
      {"fact.unknown_fact", {"unknown fact `{0}`", "hecho desconocido `{0}`"}},
      {"fact.bad_majority", {"`majority_months` must be a positive number of months, not {0}", "`majority_months` debe ser un número positivo de meses, no {0}"}},
      {"fact.derive_input_type", {"`{0}` must be a non-derived {1} fact here", "`{0}` debe ser aquí un hecho {1} no derivado"}},
      {"predicate.bad_name", {"predicate name `{0}` must be lower-case letters, digits and `_`", "el nombre de predicado `{0}` debe usar minúsculas, dígitos y `_`"}},
      {"predicate.cycle", {"predicates use each other in a cycle: {0}", "los predicados se usan en ciclo: {0}"}},
      {"cond.not_mapping", {"a condition must be a non-empty mapping such as `{fact: value}`", "una condición debe ser un mapa no vacío como `{hecho: valor}`"}},
      {"cond.expected_list", {"`{0}` needs a non-empty list", "`{0}` necesita una lista no vacía"}},
      {"cond.unknown_name", {"unknown fact or predicate `{0}`", "hecho o predicado desconocido `{0}`"}},
      {"cond.empty_range", {"range `{0}` on `{1}` is empty", "el rango `{0}` sobre `{1}` está vacío"}},
      {"cond.bad_date", {"`{0}` is not a date YYYY-MM-DD (fact `{1}`)", "`{0}` no es una fecha AAAA-MM-DD (hecho `{1}`)"}},
      {"cond.bad_value", {"a test on `{0}` must be {1}", "una prueba sobre `{0}` debe ser {1}"}},
      {"cond.out_of_range", {"`{0}` can never hold for `{1}`, whose values are {2}", "`{0}` nunca se cumple para `{1}`, cuyos valores son {2}"}},
      {"cond.too_many_constants", {"string fact `{0}` is compared with more than {1} constants", "el hecho de texto `{0}` se compara con más de {1} constantes"}},
      {"cond.unknown_value", {"`{0}` is not a value of `{1}`; allowed: {2}", "`{0}` no es un valor de `{1}`; permitidos: {2}"}},
      {"service.bad_id", {"service id `{0}` must be letters, digits and `_`", "el id de servicio `{0}` debe usar letras, dígitos y `_`"}},
      {"service.duplicate", {"service `{0}` is defined twice", "el servicio `{0}` está definido dos veces"}},
      {"service.bad_legal_basis", {"legal basis `{0}` must be `consent` or start with `legal_duty` or `public_function`", "la base legal `{0}` debe ser `consent` o empezar por `legal_duty` o `public_function`"}},
      {"service.duty_without_confirmation", {"service `{0}` has legal basis `{1}` and so needs `human_confirmation: true`", "el servicio `{0}` tiene base legal `{1}` y por eso necesita `human_confirmation: true`"}},
      {"rule.bad_template", {"unclosed `{` in because-text: {0}", "`{` sin cerrar en el texto `because`: {0}"}},
      {"rule.template_unknown_fact", {"because-text quotes unknown fact `{0}`", "el texto `because` cita el hecho desconocido `{0}`"}},
      {"rule.template_sensitive_fact", {"because-text quotes sensitive fact `{0}`, whose value must never be shown", "el texto `because` cita el hecho sensible `{0}`, cuyo valor nunca debe mostrarse"}},
      {"rule.template_age_not_int", {"`:age` says a number of months as an age; `{0}` is not an int fact", "`:age` dice un número de meses como edad; `{0}` no es un hecho int"}},
      {"fact.labels_not_allowed", {"`labels` name the values of an enum or set fact; `{0}` has none", "`labels` nombra los valores de un hecho enum o set; `{0}` no tiene valores"}},
      {"fact.unknown_label_value", {"`labels` names `{0}`, which is not a value of `{1}`", "`labels` nombra `{0}`, que no es un valor de `{1}`"}},
      {"analyze.eligibility_conflict", {"rule `{0}` can refer a case to `{1}` whose eligibility excludes it; the referral would be dropped", "la regla `{0}` puede remitir un caso a `{1}`, cuya elegibilidad lo excluye; la remisión se descartaría"}},
      {"analyze.unique_overlap", {"rules `{0}` and `{1}` both match some cases in unique node `{2}`; such a decision fails", "las reglas `{0}` y `{1}` se cumplen a la vez para algunos casos en el nodo de regla única `{2}`; esa decisión falla"}},
      {"analyze.gap", {"some cases reach no service and no explicit outcome (they get the fallback `{0}`); the example fires: {1}", "algunos casos no llegan a ningún servicio ni a un resultado explícito (reciben el respaldo `{0}`); el ejemplo dispara: {1}"}},
      {"analyze.no_rule", {"(no rule)", "(ninguna regla)"}},
      {"analyze.none", {"(none)", "(ninguna)"}},
      {"analyze.consent_basis_without_consent", {"service `{0}` is referred under legal basis `consent` in cases whose consent (`{1}`) is not one of {2} or is absent: the decision would record a consent never given; give the referral the basis that applies (`legal_basis` in `refer`) or require consent in its condition. Rules that ask for it in the example: {3}", "el servicio `{0}` se remite con base legal `consent` en casos cuyo consentimiento (`{1}`) no es {2} o falta: la decisión registraría un consentimiento que nunca se dio; dé a la remisión la base que corresponde (`legal_basis` en `refer`) o exija el consentimiento en su condición. Reglas que la piden en el ejemplo: {3}"}},
      {"analyze.dead_rule.unreached", {"rule `{0}` can never fire: no case reaches node `{1}`", "la regla `{0}` nunca puede aplicarse: ningún caso llega al nodo `{1}`"}},
      {"analyze.dead_rule.never_holds", {"rule `{0}` can never fire: its condition never holds for a case that reaches node `{1}`", "la regla `{0}` nunca puede aplicarse: su condición no se cumple para ningún caso que llega al nodo `{1}`"}},
      {"analyze.dead_rule.shadowed", {"rule `{0}` can never fire: earlier rules take all its cases in first-hit node `{1}`: {2}", "la regla `{0}` nunca puede aplicarse: reglas anteriores se quedan con todos sus casos en el nodo de primera coincidencia `{1}`: {2}"}},
      {"analyze.consent_blocked_duty", {"legal-duty service `{0}` ({1}, or a referral's own non-consent basis) is reached only through a condition on consent; a duty must not wait for consent", "al servicio de deber legal `{0}` (`{1}`, o la base propia de una remisión que no es el consentimiento) solo se llega a través de una condición sobre el consentimiento; un deber no debe esperar al consentimiento"}},
      {"analyze.consent_undeclared", {"rule `{0}` refers to `{1}` under legal basis `consent`, but the rule set does not declare which fact records consent (`ruleset: consent: {fact, covers}`); consent-basis and consent-blocked-duty findings were not checked", "la regla `{0}` remite a `{1}` con base legal `consent`, pero el conjunto no declara qué hecho registra el consentimiento (`ruleset: consent: {fact, covers}`); no se comprobaron los hallazgos sobre la base de consentimiento ni sobre deberes bloqueados por el consentimiento"}},
      {"analyze.unused_service", {"no rule refers to service `{0}`", "ninguna regla remite al servicio `{0}`"}},
      {"analyze.unused_fact", {"no condition reads fact `{0}` (mark it `report: true` if it is kept for reports)", "ninguna condición lee el hecho `{0}` (márquelo `report: true` si se conserva para los informes)"}},
      {"analyze.unused_value", {"no condition names these values of `{0}`: {1} (they are treated like any other unnamed value)", "ninguna condición nombra estos valores de `{0}`: {1} (se tratan como cualquier otro valor no nombrado)"}},
      {"analyze.incomplete_set_values", {"a set fact names more than 12 values in conditions; only the first 12 are analysed", "un hecho de tipo set nombra más de 12 valores en las condiciones; solo se analizan los 12 primeros"}},
      {"analyze.incomplete_regions", {"stopped after {0} regions (AnalyzeOptions::max_regions); findings so far are real", "se detuvo tras {0} regiones (AnalyzeOptions::max_regions); los hallazgos hasta aquí son reales"}},
      {"rule.unknown_service", {"unknown service `{0}`", "servicio desconocido `{0}`"}},
      {"rule.unknown_priority", {"unknown priority `{0}`", "prioridad desconocida `{0}`"}},
      {"rule.duplicate_referral", {"service `{0}` is referred twice by rule `{1}`", "el servicio `{0}` se remite dos veces en la regla `{1}`"}},
      {"rule.bad_basis", {"basis status `{0}` must be verified, partly_verified or assumption", "el estado del fundamento `{0}` debe ser `verified`, `partly_verified` o `assumption`"}},
      {"rule.bad_id", {"rule id `{0}` must be letters, digits, `_`, `-` or `.`", "el id de regla `{0}` debe usar letras, dígitos, `_`, `-` o `.`"}},
      {"overlay.bad_override", {"`override: {0}` must be replace or update", "`override: {0}` debe ser replace o update"}},
      {"overlay.unknown_fact", {"`override` names fact `{0}`, which the base rule set does not define", "`override` nombra el hecho `{0}`, que el conjunto base no define"}},
      {"overlay.unknown_predicate", {"`override` names predicate `{0}`, which the base rule set does not define", "`override` nombra el predicado `{0}`, que el conjunto base no define"}},
      {"overlay.unknown_service", {"service `{0}` is not defined by the base rule set", "el servicio `{0}` no está definido en el conjunto base"}},
      {"overlay.unknown_node", {"node `{0}` is not defined by the base rule set", "el nodo `{0}` no está definido en el conjunto base"}},
      {"overlay.unknown_rule", {"rule `{0}` is not a rule of the base's node `{1}`", "la regla `{0}` no es una regla del nodo `{1}` del conjunto base"}},
      {"overlay.unknown_rule_anywhere", {"rule `{0}` is not a rule of the base rule set", "la regla `{0}` no es una regla del conjunto base"}},
      {"overlay.redefines", {"{0} `{1}` is already defined by the base rule set ({2}); write `override: replace` or `override: update` to change it", "{0} `{1}` ya está definido en el conjunto base ({2}); escriba `override: replace` u `override: update` para cambiarlo"}},
      {"overlay.removed_service_referenced", {"service `{0}` cannot be removed: {1} still refers to it", "no se puede quitar el servicio `{0}`: {1} todavía remite a él"}},
      {"overlay.no_folder", {"`extends: {0}` needs a rule set read from disk (a base is found relative to it)", "`extends: {0}` necesita un conjunto leído del disco (la base se busca relativa a él)"}},
      {"overlay.escapes_root", {"`extends: {0}` leaves the rules root `{1}`; a base must be a rule set inside it (e.g. `../bogota`)", "`extends: {0}` sale de la raíz de reglas `{1}`; la base debe ser un conjunto dentro de ella (p. ej. `../bogota`)"}},
      {"overlay.unknown_base", {"base rule set `{0}` does not exist", "el conjunto base `{0}` no existe"}},
      {"overlay.cycle", {"`extends: {0}` makes the rule sets extend each other in a cycle", "`extends: {0}` hace que los conjuntos se extiendan en un ciclo"}},
      {"overlay.too_deep", {"more than {0} rule sets extend one another", "más de {0} conjuntos se extienden uno a otro"}},
      {"overlay.without_base", {"`{0}` is only for an overlay (a rule set whose header has `extends`)", "`{0}` es solo para una superposición (un conjunto cuya cabecera tiene `extends`)"}},
      {"service.bad_delivery", {"delivery `{0}` must be local or central", "la entrega `{0}` debe ser local o central"}},
      {"service.duty_fallback", {"service `{0}` has legal basis `{1}`: a legal duty never falls back for lack of places, so it cannot have `fallback`", "el servicio `{0}` tiene base legal `{1}`: un deber legal nunca se sustituye por falta de cupos, así que no puede tener `fallback`"}},
      {"service.unknown_fallback", {"fallback `{0}` of service `{1}` is not another service of the catalogue", "el respaldo `{0}` del servicio `{1}` no es otro servicio del catálogo"}},
      {"ruleset.no_date_fact", {"effective dates are tested on date fact `{0}`, which is not defined (name another with `ruleset: date_fact:`)", "las fechas de vigencia se prueban sobre el hecho de fecha `{0}`, que no está definido (nombre otro con `ruleset: date_fact:`)"}},
      {"rule.bad_effective_range", {"effective range `{0}` ends before it starts", "el rango de vigencia `{0}` termina antes de empezar"}},
      {"rule.overlapping_versions", {"rule `{0}` in force {1} overlaps its version in force {2} ({3}); versions of one rule need disjoint `effective_from` / `effective_to`", "la regla `{0}` vigente {1} se superpone con su versión vigente {2} ({3}); las versiones de una regla necesitan `effective_from` / `effective_to` disjuntos"}},
      {"directory.duplicate", {"`directory` is defined twice", "`directory` está definido dos veces"}},
      {"directory.bad_area_fact", {"area fact `{0}` must be an enum fact (its values are the service areas)", "el hecho de área `{0}` debe ser enum (sus valores son las áreas de servicio)"}},
      {"directory.duplicate_office", {"office `{0}` is listed twice", "la oficina `{0}` aparece dos veces"}},
      {"directory.unknown_service", {"the directory names unknown service `{0}`", "el directorio nombra el servicio desconocido `{0}`"}},
      {"directory.unknown_area", {"service area `{0}` is not a value of `{1}`", "el área de servicio `{0}` no es un valor de `{1}`"}},
      {"directory.bad_capacity", {"capacity {0} must be 0 or more", "la capacidad {0} debe ser 0 o más"}},
      {"directory.missing", {"service `{0}` is delivered locally but the rule set has no `directory`", "el servicio `{0}` se entrega por localidad pero el conjunto no tiene `directory`"}},
      {"directory.gap", {"service `{0}` is delivered locally but no office of the directory serves {1} (values of `{2}`)", "el servicio `{0}` se entrega por localidad pero ninguna oficina del directorio atiende {1} (valores de `{2}`)"}},
      {"rule.duplicate_id", {"rule id `{0}` is used twice", "el id de regla `{0}` se usa dos veces"}},
      {"rule.unknown_node", {"unknown node `{0}`", "nodo desconocido `{0}`"}},
      {"rule.bad_outcome", {"outcome `{0}` is not allowed; a rule may set `no_referral`", "el resultado `{0}` no está permitido; una regla puede fijar `no_referral`"}},
      {"rule.reason_without_outcome", {"rule `{0}` has `reason` or `follow_up` but no `outcome`", "la regla `{0}` tiene `reason` o `follow_up` pero no `outcome`"}},
      {"rule.does_nothing", {"rule `{0}` does nothing: give it `refer`, `next`, `outcome` or `warn`", "la regla `{0}` no hace nada: dele `refer`, `next`, `outcome` o `warn`"}},
      {"node.bad_id", {"node id `{0}` must be letters, digits and `_`", "el id de nodo `{0}` debe usar letras, dígitos y `_`"}},
      {"node.duplicate", {"node `{0}` is defined twice", "el nodo `{0}` está definido dos veces"}},
      {"node.bad_hit", {"hit policy `{0}` must be first, collect or unique", "la política `{0}` debe ser `first`, `collect` o `unique`"}},
      {"node.no_rules", {"node `{0}` needs a non-empty `rules` list", "el nodo `{0}` necesita una lista `rules` no vacía"}},
      {"graph.cycle", {"the routing graph has a cycle: {0}", "el grafo de rutas tiene un ciclo: {0}"}},
      {"graph.unreachable", {"node `{0}` cannot be reached from the entry node `{1}`", "el nodo `{0}` no es alcanzable desde el nodo de entrada `{1}`"}},

      // What `referral test` says of a rule test (RunTest's failures) and
      // of the whole run. Codes, values and ids stay as the test file has them.
      {"test.rejected", {"the case was rejected: {0}: {1}", "el caso fue rechazado: `{0}`: {1}"}},
      {"test.error_differs", {"error: expected {0}, got {1}", "error: se esperaba `{0}`, se obtuvo `{1}`"}},
      {"test.not_rejected", {"expected the case to be rejected with {0}, but it was decided", "se esperaba que el caso se rechazara con `{0}`, pero se decidió"}},
      {"test.outcome", {"outcome: expected {0}, got {1}", "resultado: se esperaba `{0}`, se obtuvo `{1}`"}},
      {"test.reason", {"reason: expected {0}, got {1}", "motivo: se esperaba `{0}`, se obtuvo `{1}`"}},
      {"test.follow_up", {"follow_up: expected {0}", "seguimiento (`follow_up`): se esperaba `{0}`"}},
      {"test.referrals", {"referrals: expected {0}; got {1}", "remisiones: se esperaba `{0}`; se obtuvo `{1}`"}},
      {"test.includes", {"expected a referral to {0}; got {1}", "se esperaba una remisión a `{0}`; se obtuvo `{1}`"}},
      {"test.term", {"{0}: {1}: expected {2}, got {3}", "`{0}`: `{1}`: se esperaba `{2}`, se obtuvo `{3}`"}},
      {"test.confirmation", {"{0}: requires_human_confirmation: expected {1}", "`{0}`: confirmación humana (`requires_human_confirmation`): se esperaba `{1}`"}},
      {"test.excludes", {"expected no referral to {0}", "no se esperaba una remisión a `{0}`"}},
      {"test.warning", {"expected warning {0}", "se esperaba la advertencia `{0}`"}},
      {"test.none", {"(none)", "(ninguna)"}},
      {"test.fail", {"FAIL", "FALLA"}},
      {"test.none_found", {"no tests found for `{0}`", "no hay pruebas para `{0}`"}},
      {"test.summary", {"{0} passed, {1} failed", "{0} aprobada(s), {1} fallida(s)"}},
      {"test.coverage", {"coverage: rules fired {0}/{1} ({2}%); condition tests seen both true and false {3}/{4} ({5}%)", "cobertura: reglas aplicadas {0}/{1} ({2} %); pruebas de condiciones vistas verdaderas y falsas {3}/{4} ({5} %)"}},
      {"test.never_fired", {"never fired: {0} rule {1}", "nunca aplicada: {0} regla `{1}`"}},
      {"test.only_true", {"only true: {0} {1}", "solo verdadera: {0} `{1}`"}},
      {"test.only_false", {"only false: {0} {1}", "solo falsa: {0} `{1}`"}},
      {"test.never_evaluated", {"never evaluated: {0} {1}", "nunca evaluada: {0} `{1}`"}},
      // What `referral diff` prints around its change labels (which are codes).
      {"diff.header", {"diff {0} → {1}", "diferencias {0} → {1}"}},
      {"diff.regions", {"{0} region(s) of the case space change route", "{0} región(es) del espacio de casos cambian de ruta"}},
      {"diff.incomplete", {" (incomplete: the region limit was reached)", " (incompleto: se alcanzó el límite de regiones)"}},
      {"diff.cases", {"{0} of {1} case(s) change route", "{0} de {1} caso(s) cambian de ruta"}},
      {"diff.rejected", {"; {0} rejected by a rule set", "; {0} rechazado(s) por un conjunto de reglas"}},
      {"diff.unit_regions", {"region(s)", "región(es)"}},
      {"diff.unit_cases", {"case(s)", "caso(s)"}},
      {"diff.for_example", {"e.g.", "p. ej."}},
      {"diff.example", {"example: {0}", "ejemplo: {0}"}},
      {"diff.fires_more", {"rule {0} fires in {1} more case(s)", "la regla `{0}` se aplica en {1} caso(s) más"}},
      {"diff.fires_less", {"rule {0} fires in {1} fewer case(s)", "la regla `{0}` se aplica en {1} caso(s) menos"}},
      // What `referral verify` prints around its problems.
      {"verify.awaiting", {"awaiting review: {0}", "pendiente de revisión: {0}"}},
      {"verify.unanchored", {"error: the chain head {0} is not an expected anchor (--expect-head)", "error: la cabeza de la cadena {0} no es un ancla esperada (`--expect-head`)"}},
      {"verify.summary", {"{0} record(s): {1} decision(s), {2} review(s); {3} replayed; {4} problem(s); {5} duty referral(s) awaiting review; ", "{0} registro(s): {1} decisión(es), {2} revisión(es); {3} reproducida(s); {4} problema(s); {5} remisión(es) por deber legal pendiente(s) de revisión; "}},
      {"verify.head", {"head {0}", "cabeza {0}"}},
      {"verify.heads", {"{0} chains, heads", "{0} cadenas, cabezas"}},
      {"verify.io", {"cannot read `{0}`", "no se puede leer `{0}`"}},
      {"verify.torn", {"the last line has no newline: a write was cut short (the next writer cuts it)", "la última línea no termina en un salto de línea: una escritura quedó a medias (el próximo escritor la corta)"}},
      {"verify.duty_line", {"line {0}: decision {1}: {2}", "línea {0}: decisión {1}: {2}"}},
      {"verify.not_json", {"the line is not a JSON record", "la línea no es un registro JSON"}},
      {"verify.not_chain_start", {"the first record does not start a chain: records before it were removed, or it continues a rotated file not given to verify", "el primer registro no empieza una cadena: se quitaron registros anteriores, o continúa un archivo rotado que no se le dio a `verify`"}},
      {"verify.chain_broken", {"prev_hash does not match the record before it: a record was altered, removed, inserted or reordered", "`prev_hash` no corresponde al registro anterior: un registro se alteró, se quitó, se insertó o se cambió de orden"}},
      {"verify.unknown_type", {"unknown record type `{0}`", "tipo de registro desconocido `{0}`"}},
      {"verify.rotation_needs", {"a rotation record needs `{0}`", "un registro de rotación necesita `{0}`"}},
      {"verify.bad_time", {"{0} `{1}` is not an RFC 3339 time", "`{0}`: `{1}` no es una hora RFC 3339"}},
      {"verify.rotation_first", {"a rotation record is only ever the first line of a file", "un registro de rotación solo puede ser la primera línea de un archivo"}},
      {"verify.review_unknown_field", {"unknown field `{0}` in a review", "campo desconocido `{0}` en una revisión"}},
      {"verify.review_needs", {"a review needs `{0}` (a non-empty string)", "una revisión necesita `{0}` (un texto no vacío)"}},
      {"verify.review_action", {"action `{0}` is not accept, override or reject", "la acción `{0}` no es `accept`, `override` ni `reject`"}},
      {"verify.review_altered", {"review `{0}`: its id does not match its content", "revisión `{0}`: su id no corresponde a su contenido"}},
      {"verify.review_unknown_decision", {"review of decision `{0}`, which no earlier record holds", "revisión de la decisión `{0}`, que ningún registro anterior contiene"}},
      {"verify.review_before", {"review at {0} is before its decision ({1})", "la revisión ({0}) es anterior a su decisión ({1})"}},
      {"verify.review_role", {"role `{0}` is not a review role of rule set `{1}` {2}", "el rol `{0}` no es un rol de revisión del conjunto `{1}` {2}"}},
      {"verify.review_reason", {"reason `{0}` is not a reason code of rule set `{1}` {2}", "el motivo `{0}` no es un código de motivo del conjunto `{1}` {2}"}},
      {"verify.bad_decision_id", {"decision_id `{0}` is not 32 hex digits", "`decision_id` `{0}` no tiene 32 dígitos hexadecimales"}},
      {"verify.duplicate_id", {"decision id `{0}` was already used by an earlier record", "el id de decisión `{0}` ya lo usó un registro anterior"}},
      {"verify.decision_altered", {"decision `{0}`: its id or input digest does not match its content", "decisión `{0}`: su id o la huella de su entrada no corresponden a su contenido"}},
      {"verify.unknown_digest", {"decision `{0}` was made under rule set digest {1}, which is not available", "la decisión `{0}` se tomó con el conjunto de reglas de huella {1}, que no está disponible"}},
      {"verify.cannot_rebuild", {"decision `{0}`: cannot rebuild its case: {1}", "decisión `{0}`: no se puede reconstruir su caso: {1}"}},
      {"verify.replay_rejects", {"decision `{0}`: replay rejects the case: {1}", "decisión `{0}`: al reproducirla se rechaza el caso: {1}"}},
      {"verify.replay_differs", {"decision `{0}`: replay gives {1} but the record says {2}", "decisión `{0}`: la reproducción da {1}, pero el registro dice {2}"}},
      {"verify.needs_rules", {"verify needs --rules RULES or --archive DIR", "verify necesita `--rules REGLAS` o `--archive CARPETA`"}},
      // The explanation's words (engine/explain/explainer.cc).
      {"explain.title", {"Case", "Caso"}},
      {"explain.ruleset", {"Rule set", "Conjunto de reglas"}},
      {"explain.outcome", {"Outcome", "Resultado"}},
      {"explain.referred", {"referred", "remitido"}},
      {"explain.no_referral", {"no referral", "sin remisión"}},
      {"explain.out_of_scope", {"out of scope", "fuera de alcance"}},
      {"explain.reason", {"reason", "motivo"}},
      {"explain.follow_up", {"follow-up required", "requiere seguimiento"}},
      {"explain.referrals", {"Referrals", "Remisiones"}},
      {"explain.priority", {"priority", "prioridad"}},
      {"explain.timeframe", {"timeframe", "plazo"}},
      {"explain.basis", {"legal basis", "base legal"}},
      {"explain.confirm", {"requires human confirmation", "requiere confirmación humana"}},
      {"explain.rule", {"rule", "regla"}},
      {"explain.node", {"node", "nodo"}},
      {"explain.value", {"value", "valor"}},
      {"explain.absent", {"no value", "sin valor"}},
      {"explain.sensitive_holds", {"sensitive fact: the condition holds", "dato sensible: la condición se cumple"}},
      {"explain.sensitive_fails", {"sensitive fact: the condition does not hold", "dato sensible: la condición no se cumple"}},
      {"explain.must_not", {"must not hold", "no debe cumplirse"}},
      {"explain.not_chosen", {"Services not chosen", "Servicios no elegidos"}},
      {"explain.not_reached", {"the node was not reached", "no se llegó al nodo"}},
      {"explain.taken_by", {"an earlier rule already applied in this node:", "en este nodo ya aplicó antes la regla"}},
      {"explain.failed", {"did not hold", "no se cumplió"}},
      {"explain.ineligible", {"the case does not meet the eligibility", "el caso no cumple la elegibilidad"}},
      {"explain.no_rule", {"no rule refers to this service", "ninguna regla remite a este servicio"}},
      {"explain.warnings", {"Warnings", "Advertencias"}},
      {"explain.path", {"Path", "Camino"}},
      {"explain.derived", {"Derived facts", "Hechos derivados"}},
      {"explain.no_trace", {"the decision has no full trace; decide with the full trace to explain it", "la decisión no tiene traza completa; decida con la traza completa para explicarla"}},
      {"explain.section.what_to_do", {"What to do", "Qué hacer"}},
      {"explain.section.refer_to", {"Refer to", "Remitir a"}},
      {"explain.section.no_referral", {"No referral", "Sin remisión"}},
      {"explain.section.out_of_scope", {"Out of scope", "Fuera de alcance"}},
      {"explain.section.reason", {"reason", "motivo"}},
      {"explain.section.priority", {"Priority", "Prioridad"}},
      {"explain.section.deadline_by", {"by", "a más tardar el"}},
      {"explain.section.deadline_span", {"from the decision", "desde la decisión"}},
      {"explain.section.timeframe", {"timeframe", "plazo"}},
      {"explain.section.basis", {"Legal basis", "Base legal"}},
      {"explain.section.office", {"Office", "Oficina"}},
      {"explain.section.office_unknown", {"the case gives no area; the office is chosen on confirmation", "el caso no indica la localidad; se elige la oficina al confirmar"}},
      {"explain.section.confirm", {"Confirmation: a person must confirm this referral before it is sent.", "Confirmación: una persona debe confirmar esta remisión antes de enviarla."}},
      {"explain.section.instead_of", {"Instead of", "En lugar de"}},
      {"explain.section.in_place_of", {"instead of", "en lugar de"}},
      {"explain.section.no_places", {"which has no places", "que no tiene cupos"}},
      {"explain.section.asked_because", {"Why it was asked for", "Motivo de la remisión a"}},
      {"explain.section.instructions", {"Instructions", "Indicaciones"}},
      {"explain.section.warnings", {"Warnings", "Advertencias"}},
      {"explain.section.follow_up", {"Follow-up: schedule a follow-up of the case.", "Seguimiento: programe el seguimiento del caso."}},
      {"explain.section.why", {"Why", "Por qué"}},
      {"explain.section.not_given", {"not given", "no informado"}},
      {"explain.section.assumed", {"assumed", "se asume"}},
      {"explain.section.defaults", {"Facts not given (their default was assumed)", "Datos no informados (se asumió su valor por defecto)"}},
      {"explain.section.holds", {"sensitive fact: the condition holds", "dato sensible: la condición se cumple"}},
      {"explain.section.fails", {"sensitive fact: the condition does not hold", "dato sensible: la condición no se cumple"}},
      {"explain.section.technical", {"Technical detail", "Detalle técnico"}},
      {"explain.section.version", {"version", "versión"}},
      {"explain.section.no_trace", {"the decision has no full trace; decide with the full trace to explain the reasons", "la decisión no tiene traza completa; decida con la traza completa para explicar los motivos"}},
      // The rule book's words (engine/book/book.cc).
      {"book.version", {"Version", "Versión"}},
      {"book.effective", {"in force from", "vigente desde"}},
      {"book.digest", {"Digest (sha256)", "Huella (sha256)"}},
      {"book.language", {"Language of explanations", "Idioma de las explicaciones"}},
      {"book.how_to_read", {"Each stage reads in the order the engine goes through it. In each rule, \"If\" is the condition written as a sentence; \"Refers to\", the services with their priority, deadline and legal basis; \"Grounds\", whether the basis is verified or an assumption, with its sources.", "Cada etapa se lee en el orden en que el motor la recorre. En cada regla, «Si» es la condición escrita como frase; «Remite a», los servicios con su prioridad, plazo y base legal; «Fundamento», si la base está verificada o es un supuesto, con sus fuentes."}},
      {"book.stage", {"Stage", "Etapa"}},
      {"book.first", {"The first rule that holds applies, in this order.", "Se aplica la primera regla que se cumple, en este orden."}},
      {"book.collect", {"Every rule that holds applies.", "Se aplican todas las reglas que se cumplen."}},
      {"book.unique", {"At most one rule may hold; if two do, the case is refused.", "Debe cumplirse a lo sumo una regla; si se cumplen dos, el caso se rechaza."}},
      {"book.rule", {"Rule", "Regla"}},
      {"book.in_force", {"in force", "vigente"}},
      {"book.when", {"If", "Si"}},
      {"book.refers", {"Refers to", "Remite a"}},
      {"book.priority", {"priority", "prioridad"}},
      {"book.timeframe", {"timeframe", "plazo"}},
      {"book.basis", {"legal basis", "base legal"}},
      {"book.then", {"Then", "Sigue con"}},
      {"book.outcome", {"Outcome", "Resultado"}},
      {"book.follow_up", {"with follow-up", "con seguimiento"}},
      {"book.warning", {"Warning", "Advertencia"}},
      {"book.confirm", {"Every referral of the decision needs human confirmation.", "Cada remisión de la decisión requiere confirmación humana."}},
      {"book.because", {"Reason", "Motivo"}},
      {"book.grounds", {"Grounds", "Fundamento"}},
      {"book.verified", {"verified", "verificado"}},
      {"book.partly", {"partly verified", "parcialmente verificado"}},
      {"book.assumption", {"assumption", "supuesto"}},
      {"book.sources", {"sources", "fuentes"}},
      {"book.source", {"Written at", "Escrita en"}},
      {"book.services", {"Services", "Catálogo de servicios"}},
      {"book.eligibility", {"Eligibility", "Elegibilidad"}},
      {"book.everyone", {"everyone", "todas las personas"}},
      {"book.fallback", {"With no places, instead", "Sin cupos, en su lugar"}},
      {"book.confirm_all", {"A person confirms each referral.", "Una persona confirma cada remisión."}},
      {"book.local", {"Delivered by area (the office from the directory).", "Se presta por localidad (oficina según el directorio)."}},
      {"book.facts", {"Case facts", "Hechos del caso"}},
      {"book.values", {"values", "valores"}},
      {"book.default_value", {"default", "por defecto"}},
      {"book.required", {"required", "obligatorio"}},
      {"book.sensitive", {"sensitive: its value is never shown", "dato sensible: su valor nunca se muestra"}},
      {"book.derived", {"computed", "se calcula"}},
      {"book.scope", {"Scope", "Alcance"}},
      {"book.out_of_scope", {"otherwise the case is out of scope", "si no se cumple, el caso queda fuera de alcance"}},
      {"book.no_route", {"With no referral at all", "Sin ninguna remisión"}},
      {"book.definitions", {"Definitions", "Definiciones"}},
      {"book.definitions_intro", {"The conditions use these terms, each defined by its own condition:", "Las condiciones usan estos términos, cada uno definido por su propia condición:"}},
      // The report's tables, columns and rows (engine/report/labels.cc).
      {"report.title.summary", {"Summary", "Resumen"}},
      {"report.title.by_category", {"Children identified by category", "Niños, niñas y adolescentes identificados por categoría"}},
      {"report.title.by_channel", {"Identified by identification channel", "Identificados por canal de identificación"}},
      {"report.title.by_team", {"Identified by team", "Identificados por equipo"}},
      {"report.title.by_source", {"Identified by report source", "Identificados por fuente del reporte"}},
      {"report.title.by_nationality", {"Identified by nationality", "Identificados por nacionalidad"}},
      {"report.title.by_locality", {"Identified by locality", "Identificados por localidad"}},
      {"report.title.referrals_by_service", {"Referrals by service", "Remisiones por servicio"}},
      {"report.title.referrals_by_basis", {"Referrals by legal basis", "Remisiones por base legal"}},
      {"report.title.outcomes", {"Outcomes and reasons", "Resultados y motivos"}},
      {"report.title.duty_reviews", {"Duty referrals: human review", "Remisiones por deber legal: revisión humana"}},
      {"report.title.firing_by_locality", {"Rules fired by locality", "Reglas disparadas por localidad"}},
      {"report.title.firing_by_nationality", {"Rules fired by nationality", "Reglas disparadas por nacionalidad"}},
      {"report.value_column.summary", {"Measure", "Indicador"}},
      {"report.value_column.by_category", {"Category", "Categoría"}},
      {"report.value_column.by_channel", {"Channel", "Canal"}},
      {"report.value_column.by_team", {"Team", "Equipo"}},
      {"report.value_column.by_source", {"Source", "Fuente"}},
      {"report.value_column.by_nationality", {"Nationality", "Nacionalidad"}},
      {"report.value_column.by_locality", {"Locality", "Localidad"}},
      {"report.key.service", {"Service", "Servicio"}},
      {"report.key.legal_basis", {"Legal basis", "Base legal"}},
      {"report.key.outcome", {"Outcome", "Resultado"}},
      {"report.key.reason", {"Reason", "Motivo"}},
      {"report.key.reviewed", {"Reviewed", "Revisadas"}},
      {"report.key.awaiting_review", {"Awaiting review", "Pendientes de revisión"}},
      {"report.key.rule", {"Rule", "Regla"}},
      {"report.key.cases", {"Cases (n)", "Casos (n)"}},
      {"report.key.identified", {"Children identified", "Niños, niñas y adolescentes identificados"}},
      {"report.key.referred", {"With at least one referral", "Con al menos una remisión"}},
      {"report.key.no_referral", {"With no referral", "Sin remisión"}},
      {"report.key.with_duty", {"With a duty referral", "Con remisión por deber legal"}},
      {"report.key.duty_awaiting_review", {"With a duty referral awaiting review", "Con remisión por deber sin revisar"}},
      {"report.not_recorded", {"(not recorded)", "(sin dato)"}},
      {"report.outcome.referred", {"referred", "remitido"}},
      {"report.outcome.no_referral", {"no referral", "sin remisión"}},
      {"report.outcome.out_of_scope", {"out of scope", "fuera de alcance"}},
      {"report.percent_awaiting", {"% awaiting", "% pendiente"}},
      {"report.referrals_column", {"Referrals", "Remisiones"}},
      {"report.suppression", {"Protected table: \"{0}\" is a count from 0 to {1}; \"x\" is a count hidden so that no \"{0}\" can be worked out from the totals; a row all in \"x\" is withheld whole. Rows are in alphabetical order, not by size.", "Tabla protegida: «{0}» es un conteo de 0 a {1}; «x» es un conteo oculto para que ningún «{0}» pueda deducirse de los totales; una fila toda en «x» está retenida entera. Las filas van en orden alfabético, no por tamaño."}},
      {"report.withheld", {"Table withheld: too few cases to publish it without identifying anyone.", "Tabla retenida: hay muy pocos casos para publicarla sin identificar a nadie."}},
      // Case errors (Decide; docs/diagnostics.md "Case errors"). `{0}` is
      // the field where there is one. Input quoted in them is already escaped.
      {"case.bad_json", {"the case is not valid JSON (at byte {0})", "el caso no es JSON válido (en el byte {0})"}},
      {"case.number_too_large", {"the case holds a number too large to read ({0}): no field takes a number beyond 1.8e308", "el caso contiene un número demasiado grande para leerlo ({0}): ningún campo admite un número más allá de 1,8e308"}},
      {"case.trailing_data", {"the case is one JSON value, but more follows it (at {0}): send exactly one JSON object, each case on its own", "después del objeto JSON del caso hay más contenido (en {0}): envíe exactamente un objeto JSON por caso, cada uno por separado"}},
      {"case.trailing_document", {"the case is one YAML document, but a second document follows (line {0}); send each case on its own", "el caso es un solo documento YAML, pero le sigue un segundo documento (línea {0}); envíe cada caso por separado"}},
      {"case.nul_byte", {"the case holds a NUL byte (at {0}); a case is text: exactly one JSON object or YAML document", "el caso contiene un byte NUL (en {0}); un caso es texto: exactamente un objeto JSON o un documento YAML"}},
      {"case.bad_encoding", {"the case is not valid UTF-8: byte {0} at {1} ({2})", "el caso no es UTF-8 válido: byte {0} en {1} ({2})"}},
      {"case.bad_encoding_escape", {"the case is not valid UTF-8: a string is not valid UTF-8 once its escapes are applied", "el caso no es UTF-8 válido: un texto deja de ser UTF-8 válido al interpretar sus secuencias de escape"}},
      {"case.bad_yaml", {"the case is not valid YAML: line {0}: {1}", "el caso no es YAML válido: en la línea {0}: {1}"}},
      {"case.yaml_too_deep", {"the case is not valid YAML: nesting deeper than 64 levels", "el caso no es YAML válido: tiene más de 64 niveles de anidamiento"}},
      {"case.yaml_too_many_nodes", {"the case is not valid YAML: too many nodes once aliases are expanded", "el caso no es YAML válido: tiene demasiados nodos al expandir los alias"}},
      {"case.not_object", {"the case must be a JSON object; got {0}", "el caso debe ser un objeto JSON; se recibió {0}"}},
      {"case.duplicate_key", {"the key `{0}` is given more than once; give each field once (its value is not read)", "el campo `{0}` aparece más de una vez; inclúyalo una sola vez (no se leerá ninguno de sus valores)"}},
      {"case.missing_field", {"missing required field `{0}`", "falta el campo obligatorio `{0}`"}},
      {"case.unknown_field", {"unknown field `{0}`", "campo desconocido `{0}`"}},
      {"case.derived_field", {"field `{0}` is derived by the rule set; do not send it: send its inputs ({1}) instead", "el conjunto de reglas calcula el campo `{0}`; no lo envíe: envíe en su lugar los datos con los que se calcula ({1})"}},
      {"case.value", {"field `{0}`: expected {1}; got {2}", "campo `{0}`: se esperaba {1}; se recibió {2}"}},
      {"case.bad_case_id", {"field `case_id`: a case id may not hold control characters; found {0} at byte {1} of it", "campo `case_id`: un identificador de caso no puede contener caracteres de control; se encontró el carácter {0} en el byte {1} del identificador"}},
      {"case.future_evaluation_date", {"field `{0}`: {1} is more than a day after the decision time ({2}); an evaluation date cannot be in the future: check it", "campo `{0}`: {1} es posterior en más de un día a la fecha de la decisión ({2}); una fecha de evaluación no puede estar en el futuro: revísela"}},
      {"case.age_needs", {"`{0}` needs `{1}`", "`{0}` necesita `{1}`"}},
      {"case.age_documented_without_birth_date", {"`{0}` cannot be derived: the age is documented but `{1}` is missing", "no se puede calcular `{0}`: la edad está documentada, pero falta `{1}`"}},
      {"case.age_documented_without_either", {"`{0}` cannot be derived: the age is documented but `{1}` is missing (and there is no `{2}`)", "no se puede calcular `{0}`: la edad está documentada, pero falta `{1}` (y tampoco hay `{2}`)"}},
      {"case.age_give", {"`{0}` cannot be derived: give {1}", "no se puede calcular `{0}`: incluya `{1}`"}},
      {"case.age_give_either", {"`{0}` cannot be derived: give {1} or {2}", "no se puede calcular `{0}`: incluya `{1}` o `{2}`"}},
      {"case.birth_after_evaluation", {"field `{0}`: the birth date is after `{1}`", "campo `{0}`: la fecha de nacimiento es posterior a `{1}`"}},
      {"case.bad_estimate", {"field `{0}`: the maximum estimate ({1}) is below `{2}` ({3})", "campo `{0}`: la estimación máxima ({1}) es menor que `{2}` ({3})"}},
      {"case.unknown_service", {"field `{0}`: `{1}` is not a service of the catalogue", "campo `{0}`: `{1}` no es un servicio del catálogo"}},
      {"case.too_many_errors", {"and {0} more problem(s) not listed (at most {1} are)", "y {0} problema(s) más que no se muestran (se muestran como máximo {1})"}},
      {"case.empty_line", {"the line is empty; expected one JSON object", "la línea está vacía; se esperaba un objeto JSON"}},
      {"limit.case_size", {"the case has {0} bytes; the limit is {1} (raise it with DecideOptions::limits.max_case_bytes or `referral --limit case_bytes=N`)", "el caso tiene {0} bytes; el límite es {1} (puede aumentarlo con DecideOptions::limits.max_case_bytes o `referral --limit case_bytes=N`)"}},
      {"limit.line_size", {"the line has more than {0} bytes (raise it with `referral --limit case_bytes=N`)", "la línea tiene más de {0} bytes (puede aumentar el límite con `referral --limit case_bytes=N`)"}},
      {"limit.case_depth", {"the case nests more than {0} levels deep{1} (raise it with DecideOptions::limits.max_case_depth or `referral --limit case_depth=N`)", "el caso tiene más de {0} niveles de anidamiento{1} (puede aumentar el límite con DecideOptions::limits.max_case_depth o `referral --limit case_depth=N`)"}},
      {"options.bad_now", {"DecideOptions::now `{0}` is not an RFC 3339 time (e.g. 2026-03-01T10:00:00Z)", "DecideOptions::now `{0}` no es una fecha y hora válida en formato RFC 3339 (p. ej. 2026-03-01T10:00:00Z)"}},
      // The words case errors are made of (not codes).
      {"text.where", {"line {0}, column {1}", "línea {0}, columna {1}"}},
      {"text.latin1", {"it looks like Latin-1 or Windows-1252 text: send UTF-8", "parece texto en Latin-1 o Windows-1252: envíelo en UTF-8"}},
      {"text.send_utf8", {"send UTF-8", "envíelo en UTF-8"}},
      {"text.or_aliases", {" or uses too many aliases", " o usa demasiados alias"}},
      {"text.bool", {"true or false", "true o false"}},
      {"text.int", {"an integer", "un número entero"}},
      {"text.int_min", {"an integer >= {0}", "un número entero mayor o igual a {0}"}},
      {"text.int_max", {"an integer <= {0}", "un número entero menor o igual a {0}"}},
      {"text.int_range", {"an integer in {0}..{1}", "un número entero de {0} a {1}"}},
      {"text.one_of", {"one of: {0}", "uno de estos valores: {0}"}},
      {"text.list_of", {"a list of: {0}", "una lista con valores de entre: {0}"}},
      {"text.string", {"a string", "un texto"}},
      {"text.nonempty_string", {"a non-empty string", "un texto no vacío"}},
      {"text.date", {"a date YYYY-MM-DD (a real day, years 1900..2999)", "una fecha con formato AAAA-MM-DD (que exista, entre los años 1900 y 2999)"}},
      {"text.capacity", {"an object mapping service ids to places available", "un objeto que asocie identificadores de servicio con cupos disponibles"}},
      {"text.the_string", {"the string {0}", "el texto {0}"}},
      {"text.the_integer", {"the integer {0}", "el número entero {0}"}},
      {"text.a_number", {"a number", "un número"}},
      {"text.the_number", {"the number {0}", "el número {0}"}},
      {"text.a_boolean", {"a boolean", "un valor booleano"}},
      {"text.the_boolean", {"the boolean {0}", "el valor {0}"}},
      {"text.a_list", {"a list", "una lista"}},
      {"text.the_list", {"the list {0}", "la lista {0}"}},
      {"text.an_object", {"an object", "un objeto"}},
      {"text.the_date", {"the date", "la fecha"}},
      {"text.out_of_range", {"out of range", "fuera de rango"}},
      {"text.not_allowed", {"not an allowed value", "no es un valor permitido"}},
      {"text.in_list", {"in the list", "elemento de la lista"}},
      {"text.in_list_not_allowed", {"in the list: not an allowed value", "elemento de la lista: no es un valor permitido"}},
  };
  return *kCatalogue;
}

}  // namespace

namespace {

// The words the engine passes as a message's arguments (what a value must be,
// where a key was found), and yaml-cpp's own messages, in Spanish. A user's
// text is never one of them: it is always quoted (`{0}`), and quoted
// arguments are not translated.
std::string SpanishArgument(const std::string& arg) {
  static const auto* kWords = new std::map<std::string, std::string, std::less<>>{
      {"list", "una lista"},
      {"integer", "un número entero"},
      {"string", "un texto"},
      {"text", "un texto o {es: …, en: …}"},
      {"a relative path", "una ruta relativa"},
      {"one of the fact's values", "uno de los valores del hecho"},
      {"a list of the fact's values", "una lista de valores del hecho"},
      {"YYYY-MM-DD", "una fecha AAAA-MM-DD"},
      {"rule", "una regla"},
      {"rule file", "un archivo de reglas"},
      {"test", "una prueba"},
      {"test file", "un archivo de pruebas"},
      {"referral", "una remisión"},
      {"expected referral", "una remisión esperada"},
      {"condition", "una condición"},
      {"office", "una oficina"},
      {"priority", "un nivel de prioridad"},
      // yaml-cpp (exceptions.h, ErrorMsg)
      {"end of map not found", "falta el final de un mapa"},
      {"end of map flow not found", "falta la `}` que cierra un mapa"},
      {"end of sequence not found", "falta el final de una lista"},
      {"end of sequence flow not found", "falta el `]` que cierra una lista"},
      {"illegal map value", "valor de mapa no permitido (¿falta un espacio tras `:` o sobra una sangría?)"},
      {"illegal map key", "clave de mapa no permitida"},
      {"illegal block entry", "elemento de lista no permitido (revise la sangría)"},
      {"illegal flow end", "cierre `]` o `}` sin apertura"},
      {"unknown token", "símbolo desconocido"},
      {"unexpected end of stream", "el archivo termina antes de tiempo"},
      {"illegal EOF in scalar", "el archivo termina dentro de un texto (¿falta cerrar comillas?)"},
      {"the referenced anchor is not defined", "el ancla referida no está definida"},
      {"unknown escape character: ", "carácter de escape desconocido"},
  };
  if (auto it = kWords->find(arg); it != kWords->end()) return it->second;
  // "fact `x`", "node `x`": where in the rule set.
  static const std::pair<const char*, const char*> kPlaces[] = {
      {"fact `", "el hecho `"}, {"node `", "el nodo `"}, {"service `", "el servicio `"},
      {"office `", "la oficina `"}, {"test on `", "la prueba sobre `"}};
  for (const auto& [en, es] : kPlaces) {
    if (arg.rfind(en, 0) == 0) return es + arg.substr(std::string_view(en).size());
  }
  // A section of a rule file, named by its key: a code.
  static const char* kKeys[] = {"ruleset", "services", "facts", "nodes", "scope", "fallback", "reviews", "consent",
                                "derive", "directory", "basis", "expect", "age_in_months", "predicates", "warnings",
                                "labels"};
  for (const char* key : kKeys) {
    if (arg == key) return "`" + arg + "`";
  }
  return arg;
}

}  // namespace

std::vector<std::string_view> MessageCodes() {
  std::vector<std::string_view> codes;
  for (const auto& [code, message] : Catalogue()) codes.push_back(code);
  return codes;
}

const char* MessageText(std::string_view code, Lang lang) {
  auto it = Catalogue().find(code);
  if (it == Catalogue().end()) return "";
  return lang == Lang::kEs ? it->second.es : it->second.en;
}

std::string_view MessagePattern(std::string_view code, Lang lang) {
  auto it = Catalogue().find(code);
  if (it == Catalogue().end()) return {};
  return lang == Lang::kEs ? it->second.es : it->second.en;
}

std::string RenderMessage(std::string_view code, Lang lang, const std::vector<std::string>& args) {
  const auto& catalogue = Catalogue();
  auto it = catalogue.find(code);
  if (it == catalogue.end()) {
    std::string out(code);
    for (const auto& a : args) out += " " + a;
    return out;
  }
  std::string_view pattern = lang == Lang::kEs ? it->second.es : it->second.en;
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      size_t n = static_cast<size_t>(pattern[i + 1] - '0');
      const bool quoted = i > 0 && pattern[i - 1] == '`';
      if (n < args.size()) out += lang == Lang::kEs && !quoted ? SpanishArgument(args[n]) : args[n];
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace referral::internal

namespace referral {

std::string MessageOf(std::string_view code, Lang lang, const std::vector<std::string>& args) {
  return internal::RenderMessage(code, lang, args);
}

}  // namespace referral
