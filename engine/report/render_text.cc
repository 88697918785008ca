// Markdown tables and CSV blocks (docs/reports.md gives the CSV layout), and
// what every format shares: the percentage format and the report's header.
#include <sstream>

#include "model/model.h"
#include "diag/diag_sink.h"
#include "report/labels.h"
#include "report/render_internal.h"

namespace referral {

std::string FormatPercent(long count, long base) {
  // Tenths of a percent, half rounded up, in integers: no floating-point surprises.
  const long long tenths = (static_cast<long long>(count) * 2000 + base) / (2LL * base);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

namespace {

std::string Render(const Report& report, ReportFormat format, Lang lang, const internal::Model* model) {
  switch (format) {
    case ReportFormat::kMarkdown: return internal::RenderMarkdown(report, lang, model);
    case ReportFormat::kCsv: return internal::RenderCsv(report, lang);
    case ReportFormat::kHtml: return internal::RenderHtml(report, lang, model);
  }
  return {};
}

}  // namespace

std::string RenderReport(const Report& report, ReportFormat format, Lang lang) {
  return Render(report, format, lang, nullptr);
}

std::string RenderReport(const Report& report, ReportFormat format, Lang lang, const Ruleset& rules) {
  return Render(report, format, lang, &internal::ModelOf(rules));
}

namespace internal {

namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string MdEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string ReportTitle(Lang lang) { return internal::MessageText("report.title", lang); }

std::vector<std::string> ReportFacts(const Report& r, Lang lang) {
  using internal::FillText;
  std::vector<std::string> out;
  std::string sets;
  for (const auto& s : r.rulesets) sets += (sets.empty() ? "" : ", ") + s;
  out.push_back(FillText("report.ruleset", lang, {sets.empty() ? "–" : sets}));
  const std::string open = internal::MessageText("report.open", lang);
  out.push_back(FillText("report.period", lang, {r.from.empty() ? open : r.from, r.to.empty() ? open : r.to}));
  out.push_back(FillText("report.counted", lang,
                         {std::to_string(r.decisions), std::to_string(r.superseded), std::to_string(r.outside_period)}));
  out.push_back(FillText("report.lines", lang, {std::to_string(r.lines), std::to_string(r.reviews)}));
  if (!r.problems.empty()) out.push_back(FillText("report.malformed", lang, {std::to_string(r.problems.size())}));
  return out;
}

std::string CellForPeople(const Report& r, const ReportTable& table, const std::vector<ReportCell>& row, size_t c,
                          Lang lang, const Model* model) {
  const ReportCell& cell = row[c];
  switch (cell.kind) {
    case ReportCell::Kind::kText: return TextLabel(table, c, cell.text, lang, model);
    case ReportCell::Kind::kCount: return CountText(cell.count, cell.shown, r.threshold);
    case ReportCell::Kind::kPercent: return PercentText(cell, r.threshold, true);
    case ReportCell::Kind::kCountPercent: {
      std::string n = CountText(cell.count, cell.shown, r.threshold);
      if (cell.shown != Shown::kValue) return n;
      return n + " (" + PercentText(cell, r.threshold, true) + ")";
    }
  }
  return {};
}

std::string RenderMarkdown(const Report& r, Lang lang, const Model* model) {
  std::ostringstream out;
  out << "# " << ReportTitle(lang) << "\n\n";
  for (const auto& f : ReportFacts(r, lang)) out << "- " << f << "\n";
  for (const auto& t : r.tables) {
    out << "\n## " << TableTitle(t.id, lang) << "\n\n";
    if (t.withheld) {
      out << "*" << WithheldNote(lang) << "*\n";
      continue;
    }
    out << "|";
    for (size_t c = 0; c < t.columns.size(); ++c) out << " " << MdEscape(ColumnLabel(t, c, lang, model)) << " |";
    out << "\n|";
    for (size_t c = 0; c < t.columns.size(); ++c) {
      out << (t.rows.empty() || t.rows[0][c].kind == ReportCell::Kind::kText ? "---|" : "---:|");
    }
    out << "\n";
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const bool bold = t.total_row && i + 1 == t.rows.size();
      out << "|";
      for (size_t c = 0; c < t.columns.size(); ++c) {
        std::string text = MdEscape(CellForPeople(r, t, t.rows[i], c, lang, model));
        out << " " << (bold && !text.empty() ? "**" + text + "**" : text) << " |";
      }
      out << "\n";
    }
    if (t.is_protected) out << "\n*" << SuppressionNote(lang, r.threshold) << "*\n";
  }
  return out.str();
}

std::string RenderCsv(const Report& r, Lang lang) {
  std::ostringstream out;
  for (const auto& t : r.tables) {
    out << "table," << t.id << "," << CsvField(TableTitle(t.id, lang)) << "\n";
    std::vector<std::string> header;
    std::vector<bool> pair(t.columns.size(), false);  // a count and its percentage: two CSV columns
    for (const auto& row : t.rows) {
      for (size_t c = 0; c < row.size(); ++c) pair[c] = pair[c] || row[c].kind == ReportCell::Kind::kCountPercent;
    }
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const std::string key = t.columns[c].empty() ? "(none)" : t.columns[c];
      header.push_back(CsvField(key));
      if (pair[c]) header.push_back(CsvField(key + "_pct"));
    }
    for (size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << header[i];
    out << "\n";
    if (t.withheld) {
      out << "withheld\n\n";
      continue;
    }
    for (const auto& row : t.rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        const ReportCell& cell = row[c];
        if (c) out << ",";
        switch (cell.kind) {
          case ReportCell::Kind::kText: out << CsvField(cell.text); break;
          case ReportCell::Kind::kCount:
            out << CountText(cell.count, cell.shown, r.threshold) << (pair[c] ? "," : "");
            break;
          case ReportCell::Kind::kPercent: out << PercentText(cell, r.threshold, false); break;
          case ReportCell::Kind::kCountPercent:
            out << CountText(cell.count, cell.shown, r.threshold) << "," << PercentText(cell, r.threshold, false);
            break;
        }
      }
      out << "\n";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace internal

}  // namespace referral
