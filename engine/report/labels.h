// What the renderers share: titles and column names in Spanish and English,
// and the text of a cell (a count, "<5", "x", a percentage with one decimal).
#ifndef REFERRAL_ENGINE_REPORT_LABELS_H_
#define REFERRAL_ENGINE_REPORT_LABELS_H_

#include <string>

#include "referral/options.h"
#include "referral/report.h"

namespace referral::internal {

struct Model;

std::string TableTitle(const std::string& table_id, Lang lang);
// The header of a column: a name for a key (`count` -> "n"), or a fact value.
// With the rule set (`model` not null), values, services and legal bases are
// shown by their labels; without it, codes with spaces.
std::string ColumnLabel(const ReportTable& table, size_t column, Lang lang, const Model* model);
// A text cell for people: row keys named, fact values and codes by their
// labels (or with spaces), rule ids as they are.
std::string TextLabel(const ReportTable& table, size_t column, const std::string& text, Lang lang,
                      const Model* model);
// Whether column `c` holds fact values or codes that read better with spaces.
bool IsValueColumn(const ReportTable& table, size_t column);

// A count as published: the number, "<5" or "x".
std::string CountText(long count, Shown shown, long threshold);
// A percentage as published ("43.0%", or the marker of what hides it);
// `with_sign` false gives "43.0" for spreadsheets. "–" when the base is 0.
std::string PercentText(const ReportCell& cell, long threshold, bool with_sign);

// The line under a protected table explaining the markers.
std::string SuppressionNote(Lang lang, long threshold);
std::string WithheldNote(Lang lang);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_REPORT_LABELS_H_
