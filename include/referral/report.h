// Programme reports from decision records (R-A6 monitoring): children
// identified by category, channel, team, source, nationality and locality;
// referrals by service and legal basis; outcomes; duty referrals awaiting
// review; rule firing rates by locality and nationality. Tables that cross a
// locality or a nationality are protected by small-cell suppression
// (docs/reports.md states the rule). Rendered as Markdown, CSV or one
// self-contained HTML file with SVG charts.
#ifndef REFERRAL_REPORT_H_
#define REFERRAL_REPORT_H_

#include <filesystem>
#include <string>
#include <vector>

#include "referral/export.h"
#include "referral/options.h"
#include "referral/ruleset.h"
#include "referral/status.h"

namespace referral {

struct ReportOptions {
  std::string from;    // YYYY-MM-DD: only decisions with `decided_at` on or after this day; empty: no bound
  std::string to;      // YYYY-MM-DD, inclusive; empty: no bound
  long threshold = 5;  // in protected tables, counts below this are not shown
};

// How a published count appears.
enum class Shown {
  kValue,   // the count itself
  kSmall,   // below the threshold: "<5"
  kHidden,  // complementary suppression: hidden so that no "<5" can be worked out ("x")
};

struct ReportCell {
  enum class Kind { kText, kCount, kPercent, kCountPercent };
  Kind kind = Kind::kText;
  std::string text;  // kText: a value code (empty: not recorded) or a rule or service id
  long count = 0;    // the count, or the numerator of the percentage
  long base = 0;     // the denominator of the percentage
  Shown shown = Shown::kValue;       // of `count`
  Shown base_shown = Shown::kValue;  // of `base`; a percentage is shown only when both are
};

struct ReportTable {
  std::string id;                 // stable name: `by_category`, ..., the CSV block name (docs/reports.md)
  bool is_protected = false;      // crosses a locality or nationality: small-cell suppression applies
  bool withheld = false;          // too few cases to protect: no cell is published
  std::vector<std::string> columns;             // column keys (`value`, `count`, `percent`, or fact values)
  std::vector<std::vector<ReportCell>> rows;    // one ReportCell per column
  bool total_row = false;         // the last row is a total
  int chart_column = -1;          // the count column drawn as bars in HTML, or -1
};

// One record line that could not be used, 1-based.
struct ReportProblem {
  long line = 0;
  std::string code;  // report.bad_json, report.bad_record
  std::string message;
  std::string file;  // the record file it is in
};

struct Report {
  std::string from, to;             // the period asked for (may be empty)
  long threshold = 5;               // the small-cell threshold applied
  long lines = 0;                   // lines read
  long decisions = 0;               // decision records in the period (the last per case id)
  long reviews = 0;                 // review records
  long outside_period = 0;          // decision records outside --from/--to
  long superseded = 0;              // earlier decisions of a case decided again in the period
  std::vector<std::string> rulesets;  // "id version" of the decisions counted
  std::vector<ReportProblem> problems;  // skipped lines
  std::vector<ReportTable> tables;
};

// Reads the record file written by `referral route --record` and tabulates it.
// The file is only read; the Report returned owns all its data. Malformed
// lines are skipped and listed in `problems`; the report is still made.
// Errors (nothing is returned but the status): `report.io` (the file cannot
// be read), `report.bad_date` (from or to is not YYYY-MM-DD, or from is
// after to), `report.bad_threshold` (threshold below 3).
// Thread-safe; touches no global state.
[[nodiscard]] REFERRAL_API StatusOr<Report> BuildReport(const std::filesystem::path& records, const ReportOptions& options);
// The same over several record files (a rotated sequence, one file per
// replica), read in the order given: a case decided again in a later file
// supersedes its earlier decision.
[[nodiscard]] REFERRAL_API StatusOr<Report> BuildReport(const std::vector<std::filesystem::path>& records,
                                                        const ReportOptions& options);

enum class ReportFormat { kMarkdown, kCsv, kHtml };

// The report as text: Markdown tables, CSV blocks (one per table), or one
// self-contained HTML page (inline SVG charts, no script, no network).
// Thread-safe.
REFERRAL_API std::string RenderReport(const Report& report, ReportFormat format, Lang lang);
// The same, Markdown and HTML naming values, services and legal bases by the
// rule set's labels ("búsqueda activa", "Centro Amar (diurno) – SDIS"); CSV
// keeps the codes, for spreadsheets and other systems.
REFERRAL_API std::string RenderReport(const Report& report, ReportFormat format, Lang lang, const Ruleset& rules);

// A percentage with one decimal, as the article gives them: "43.0%".
// REQUIRES: base > 0.
REFERRAL_API std::string FormatPercent(long count, long base);

}  // namespace referral

#endif  // REFERRAL_REPORT_H_
