// Spanish and English names for the report's tables, columns and rows.
#include "report/labels.h"

#include <algorithm>
#include <map>
#include <utility>

#include "explain/words.h"
#include "model/model.h"
#include "report/dimensions.h"

namespace referral::internal {

namespace {

using Pair = std::pair<const char*, const char*>;  // es, en

const char* Pick(const Pair& p, Lang lang) { return lang == Lang::kEs ? p.first : p.second; }

const std::map<std::string, Pair>& Titles() {
  static const auto* m = new std::map<std::string, Pair>{
      {"summary", {"Resumen", "Summary"}},
      {"by_category", {"Niños, niñas y adolescentes identificados por categoría", "Children identified by category"}},
      {"by_channel", {"Identificados por canal de identificación", "Identified by identification channel"}},
      {"by_team", {"Identificados por equipo", "Identified by team"}},
      {"by_source", {"Identificados por fuente del reporte", "Identified by report source"}},
      {"by_nationality", {"Identificados por nacionalidad", "Identified by nationality"}},
      {"by_locality", {"Identificados por localidad", "Identified by locality"}},
      {"referrals_by_service", {"Remisiones por servicio", "Referrals by service"}},
      {"referrals_by_basis", {"Remisiones por base legal", "Referrals by legal basis"}},
      {"outcomes", {"Resultados y motivos", "Outcomes and reasons"}},
      {"duty_reviews", {"Remisiones por deber legal: revisión humana", "Duty referrals: human review"}},
      {"firing_by_locality", {"Reglas disparadas por localidad", "Rules fired by locality"}},
      {"firing_by_nationality", {"Reglas disparadas por nacionalidad", "Rules fired by nationality"}},
  };
  return *m;
}

const std::map<std::string, Pair>& ValueColumnNames() {
  static const auto* m = new std::map<std::string, Pair>{
      {"summary", {"Indicador", "Measure"}},          {"by_category", {"Categoría", "Category"}},
      {"by_channel", {"Canal", "Channel"}},           {"by_team", {"Equipo", "Team"}},
      {"by_source", {"Fuente", "Source"}},            {"by_nationality", {"Nacionalidad", "Nationality"}},
      {"by_locality", {"Localidad", "Locality"}},
  };
  return *m;
}

const std::map<std::string, Pair>& Keys() {
  static const auto* m = new std::map<std::string, Pair>{
      {"count", {"n", "n"}},
      {"percent", {"%", "%"}},
      {"service", {"Servicio", "Service"}},
      {"legal_basis", {"Base legal", "Legal basis"}},
      {"outcome", {"Resultado", "Outcome"}},
      {"reason", {"Motivo", "Reason"}},
      {"reviewed", {"Revisadas", "Reviewed"}},
      {"awaiting_review", {"Pendientes de revisión", "Awaiting review"}},
      {"rule", {"Regla", "Rule"}},
      {"total", {"Total", "Total"}},
      {"cases", {"Casos (n)", "Cases (n)"}},
      {"identified", {"Niños, niñas y adolescentes identificados", "Children identified"}},
      {"referred", {"Con al menos una remisión", "With at least one referral"}},
      {"no_referral", {"Sin remisión", "With no referral"}},
      {"with_duty", {"Con remisión por deber legal", "With a duty referral"}},
      {"duty_awaiting_review", {"Con remisión por deber sin revisar", "With a duty referral awaiting review"}},
  };
  return *m;
}

std::string NotRecorded(Lang lang) { return lang == Lang::kEs ? "(sin dato)" : "(not recorded)"; }

// Value `code` of the fact `table` is about, by its label; codes with spaces
// without the rule set or for a value it lacks.
std::string ValueOf(const ReportTable& table, const std::string& code, Lang lang, const Model* model) {
  const char* name = FactOfTable(table.id);
  if (model == nullptr || name == nullptr) return Spaced(code);
  const int f = model->FindFact(name);
  if (f < 0) return Spaced(code);
  const Fact& fact = model->facts[f];
  auto it = std::find(fact.values.begin(), fact.values.end(), code);
  return it == fact.values.end() ? Spaced(code) : ValueLabel(fact, it - fact.values.begin(), lang);
}

std::string OutcomeWords(const std::string& code, Lang lang) {
  static const std::map<std::string, Pair> kOutcomes = {{"referred", {"remitido", "referred"}},
                                                        {"no_referral", {"sin remisión", "no referral"}},
                                                        {"out_of_scope", {"fuera de alcance", "out of scope"}}};
  auto it = kOutcomes.find(code);
  return it == kOutcomes.end() ? Spaced(code) : Pick(it->second, lang);
}

}  // namespace

std::string TableTitle(const std::string& table_id, Lang lang) {
  auto it = Titles().find(table_id);
  return it == Titles().end() ? table_id : Pick(it->second, lang);
}

bool IsValueColumn(const ReportTable& table, size_t column) {
  const std::string& key = table.columns[column];
  return key == "value" || key == "outcome" || key == "reason";
}

std::string ColumnLabel(const ReportTable& table, size_t column, Lang lang, const Model* model) {
  const std::string& key = table.columns[column];
  if (key == "value") {
    auto it = ValueColumnNames().find(table.id);
    return it == ValueColumnNames().end() ? key : Pick(it->second, lang);
  }
  if (table.id.rfind("firing_by_", 0) == 0 && column > 0 && column + 1 < table.columns.size()) {
    return key.empty() ? NotRecorded(lang) : ValueOf(table, key, lang, model);  // a fact value
  }
  if (key == "percent" && table.id == "duty_reviews") return lang == Lang::kEs ? "% pendiente" : "% awaiting";
  if (key == "count" && (table.id == "referrals_by_service" || table.id == "duty_reviews")) {
    return lang == Lang::kEs ? "Remisiones" : "Referrals";
  }
  auto it = Keys().find(key);
  return it == Keys().end() ? key : Pick(it->second, lang);
}

std::string TextLabel(const ReportTable& table, size_t column, const std::string& text, Lang lang,
                      const Model* model) {
  const bool is_key_row = table.id == "summary" || text == "total" || text == "cases";
  if (column == 0 && is_key_row) {
    auto it = Keys().find(text);
    if (it != Keys().end()) return Pick(it->second, lang);
  }
  const std::string& key = table.columns[column];
  if (model != nullptr && key == "service") {
    const int s = model->FindService(text);
    return s < 0 ? text : model->services[s].name.Get(lang);
  }
  if (model != nullptr && key == "legal_basis") return LegalBasisWords(text, lang);
  if (!IsValueColumn(table, column)) return text;
  if (text.empty()) return key == "reason" ? std::string() : NotRecorded(lang);
  if (key == "outcome") return OutcomeWords(text, lang);
  return key == "value" ? ValueOf(table, text, lang, model) : Spaced(text);
}

std::string CountText(long count, Shown shown, long threshold) {
  switch (shown) {
    case Shown::kValue: return std::to_string(count);
    case Shown::kSmall: return "<" + std::to_string(threshold);
    case Shown::kHidden: return "x";
  }
  return "x";
}

std::string PercentText(const ReportCell& cell, long threshold, bool with_sign) {
  if (cell.shown != Shown::kValue) return CountText(cell.count, cell.shown, threshold);
  if (cell.base_shown != Shown::kValue) return "x";
  if (cell.base <= 0) return "–";
  std::string p = FormatPercent(cell.count, cell.base);
  if (!with_sign) p.pop_back();
  return p;
}

std::string SuppressionNote(Lang lang, long threshold) {
  const std::string small = "<" + std::to_string(threshold), top = std::to_string(threshold - 1);
  return lang == Lang::kEs
             ? "Tabla protegida: «" + small + "» es un conteo de 0 a " + top +
                   "; «x» es un conteo oculto para que ningún «" + small +
                   "» pueda deducirse de los totales; una fila toda en «x» está retenida entera. Las filas van en orden "
                   "alfabético, no por tamaño."
             : "Protected table: \"" + small + "\" is a count from 0 to " + top + "; \"x\" is a count hidden so that no \"" +
                   small + "\" can be worked out from the totals; a row all in \"x\" is withheld whole. Rows are in alphabetical "
                   "order, not by size.";
}

std::string WithheldNote(Lang lang) {
  return lang == Lang::kEs ? "Tabla retenida: hay muy pocos casos para publicarla sin identificar a nadie."
                           : "Table withheld: too few cases to publish it without identifying anyone.";
}

}  // namespace referral::internal
