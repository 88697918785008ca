// Spanish and English names for the report's tables, columns and rows.
#include "report/labels.h"

#include <algorithm>

#include "diag/diag_sink.h"
#include "explain/words.h"
#include "model/model.h"
#include "report/dimensions.h"

namespace referral::internal {

namespace {

// The catalogue's text for `report.<kind>.<key>` (engine/diag/messages.cc),
// or null when it has none.
const char* Label(const char* kind, const std::string& key, Lang lang) {
  const char* text = MessageText(std::string("report.") + kind + "." + key, lang);
  return *text ? text : nullptr;
}

// A row or column key's label: the same in both languages for a few, else
// from the catalogue.
const char* KeyLabel(const std::string& key, Lang lang) {
  if (key == "count") return "n";
  if (key == "percent") return "%";
  if (key == "total") return "Total";
  return Label("key", key, lang);
}

std::string NotRecorded(Lang lang) { return MessageText("report.not_recorded", lang); }

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
  const char* words = Label("outcome", code, lang);
  return words ? words : Spaced(code);
}

}  // namespace

std::string TableTitle(const std::string& table_id, Lang lang) {
  const char* title = Label("title", table_id, lang);
  return title ? title : table_id;
}

bool IsValueColumn(const ReportTable& table, size_t column) {
  const std::string& key = table.columns[column];
  return key == "value" || key == "outcome" || key == "reason";
}

std::string ColumnLabel(const ReportTable& table, size_t column, Lang lang, const Model* model) {
  const std::string& key = table.columns[column];
  if (key == "value") {
    const char* name = Label("value_column", table.id, lang);
    return name ? name : key;
  }
  if (table.id.rfind("firing_by_", 0) == 0 && column > 0 && column + 1 < table.columns.size()) {
    return key.empty() ? NotRecorded(lang) : ValueOf(table, key, lang, model);  // a fact value
  }
  if (key == "percent" && table.id == "duty_reviews") return MessageText("report.percent_awaiting", lang);
  if (key == "count" && (table.id == "referrals_by_service" || table.id == "duty_reviews")) {
    return MessageText("report.referrals_column", lang);
  }
  const char* label = KeyLabel(key, lang);
  return label ? label : key;
}

std::string TextLabel(const ReportTable& table, size_t column, const std::string& text, Lang lang,
                      const Model* model) {
  const bool is_key_row = table.id == "summary" || text == "total" || text == "cases";
  if (column == 0 && is_key_row) {
    if (const char* label = KeyLabel(text, lang)) return label;
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
  return RenderMessage("report.suppression", lang, {small, top});
}

std::string WithheldNote(Lang lang) {
  return MessageText("report.withheld", lang);
}

}  // namespace referral::internal
