// The three renderers of a Report, and the lines every format opens with.
#ifndef REFERRAL_ENGINE_REPORT_RENDER_INTERNAL_H_
#define REFERRAL_ENGINE_REPORT_RENDER_INTERNAL_H_

#include <string>
#include <vector>

#include "referral/report.h"

namespace referral::internal {

struct Model;

// Title, then "label: value" facts about the report (rule sets, period,
// records read, skipped lines), in `lang`.
std::string ReportTitle(Lang lang);
std::vector<std::string> ReportFacts(const Report& report, Lang lang);
// The text of cell `c` of `row` for people (Markdown and HTML).
std::string CellForPeople(const Report& report, const ReportTable& table, const std::vector<ReportCell>& row, size_t c,
                          Lang lang, const Model* model);

// Markdown and HTML show labels from `model` (may be null: codes with
// spaces); CSV keeps the codes.
std::string RenderMarkdown(const Report& report, Lang lang, const Model* model);
std::string RenderCsv(const Report& report, Lang lang);
std::string RenderHtml(const Report& report, Lang lang, const Model* model);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_REPORT_RENDER_INTERNAL_H_
