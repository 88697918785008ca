// One self-contained HTML page: the tables, and a horizontal SVG bar chart
// drawn here for each table with a count column. No script, no fonts or
// images from elsewhere: it reads the same opened from disk or a mail.
#include <algorithm>
#include <sstream>

#include "diag/diag_sink.h"
#include "report/labels.h"
#include "util/html.h"
#include "report/render_internal.h"

namespace referral::internal {

namespace {

std::string Esc(const std::string& s) { return HtmlEscape(s); }

// Bar colours follow the routing graph's legend (docs/bogota-graph.svg).
const char* BarColour(const ReportTable& t, const std::vector<ReportCell>& row) {
  if (t.id != "referrals_by_service" && t.id != "referrals_by_basis" && t.id != "duty_reviews") return "#2f6690";
  const size_t basis = t.id == "referrals_by_basis" ? 0 : 1;
  const std::string& b = row[basis].text;
  if (b == "consent") return "#3a7d44";
  if (b.rfind("legal_duty", 0) == 0) return "#d9822b";
  return "#2f6690";
}

void Chart(const Report& r, const ReportTable& t, size_t index, Lang lang, const Model* model, std::ostringstream& out) {
  const size_t c = static_cast<size_t>(t.chart_column);
  const size_t rows = t.rows.size() - (t.total_row ? 1 : 0);
  if (rows == 0) return;
  long max = 1;
  for (size_t i = 0; i < rows; ++i) {
    if (t.rows[i][c].shown == Shown::kValue) max = std::max(max, t.rows[i][c].count);
  }
  constexpr int kLabel = 270, kBars = 340, kRow = 24, kTop = 8;
  const int width = kLabel + kBars + 70, height = kTop * 2 + kRow * static_cast<int>(rows);
  const std::string id = "chart-" + std::to_string(index);
  out << "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" << width << "\" height=\""
      << height << "\" viewBox=\"0 0 " << width << " " << height << "\" aria-labelledby=\"" << id << "-t " << id
      << "-d\">\n<title id=\"" << id << "-t\">" << Esc(TableTitle(t.id, lang)) << "</title>\n<desc id=\"" << id
      << "-d\">" << internal::FillText("report.chart", lang, {Esc(ColumnLabel(t, c, lang, model))}) << "</desc>\n";
  for (size_t i = 0; i < rows; ++i) {
    const auto& row = t.rows[i];
    const int y = kTop + kRow * static_cast<int>(i);
    const std::string label = CellForPeople(r, t, row, 0, lang, model);
    const std::string value = CellForPeople(r, t, row, c, lang, model);
    out << "<g><text x=\"" << kLabel - 8 << "\" y=\"" << y + 16 << "\" text-anchor=\"end\">" << Esc(label)
        << "</text>";
    int bar = 0;
    if (row[c].shown == Shown::kValue) {
      bar = static_cast<int>(static_cast<long long>(row[c].count) * kBars / max);
      out << "<rect x=\"" << kLabel << "\" y=\"" << y + 4 << "\" width=\"" << std::max(bar, 1)
          << "\" height=\"" << kRow - 8 << "\" fill=\"" << BarColour(t, row) << "\"><title>" << Esc(label) << ": "
          << Esc(value) << "</title></rect>";
    }
    out << "<text x=\"" << kLabel + bar + 6 << "\" y=\"" << y + 16 << "\" class=\"v\">" << Esc(value)
        << "</text></g>\n";
  }
  out << "</svg>\n</figure>\n";
}

void Table(const Report& r, const ReportTable& t, size_t index, Lang lang, const Model* model, std::ostringstream& out) {
  const std::string id = "t-" + std::to_string(index);
  out << "<section aria-labelledby=\"" << id << "\">\n<h2 id=\"" << id << "\">" << Esc(TableTitle(t.id, lang))
      << "</h2>\n";
  if (t.withheld) {
    out << "<p class=\"note\">" << Esc(WithheldNote(lang)) << "</p>\n</section>\n";
    return;
  }
  out << "<div class=\"pair\">\n<div class=\"scroll\"><table id=\"" << t.id << "\""
      << (t.is_protected ? " class=\"protected\"" : "") << ">\n<caption class=\"sr\">" << Esc(TableTitle(t.id, lang)) << "</caption>\n<thead><tr>";
  for (size_t c = 0; c < t.columns.size(); ++c) out << "<th scope=\"col\">" << Esc(ColumnLabel(t, c, lang, model)) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
    const bool total = t.total_row && i + 1 == t.rows.size();
    out << (total ? "<tr class=\"total\">" : "<tr>");
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string text = Esc(CellForPeople(r, t, row, c, lang, model));
      if (c == 0) {
        out << "<th scope=\"row\">" << text << "</th>";
      } else {
        const bool num = row[c].kind != ReportCell::Kind::kText;
        const bool hidden = num && (row[c].shown != Shown::kValue);
        out << "<td" << (num ? (hidden ? " class=\"n s\"" : " class=\"n\"") : "") << ">" << text << "</td>";
      }
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table></div>\n";
  if (t.chart_column >= 0) Chart(r, t, index, lang, model, out);
  out << "</div>\n";
  if (t.is_protected) out << "<p class=\"note\">" << Esc(SuppressionNote(lang, r.threshold)) << "</p>\n";
  out << "</section>\n";
}

constexpr const char* kStyle = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1d1d1d;margin:2rem auto;max-width:1100px;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;border-bottom:3px solid #2f6690;padding-bottom:.3rem}
h2{font-size:1.15rem;margin-top:2.2rem;color:#16425b}
ul.facts{padding-left:1.2rem;color:#333}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.pair>.scroll{max-width:100%}
th,td{border:1px solid #c9d3dc;padding:.2rem .5rem;text-align:left;vertical-align:top}
thead th{background:#e8eef3}
tbody th{font-weight:normal}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.s{color:#8a4b08;background:#fdf3e7}
tr.total th,tr.total td{font-weight:bold;border-top:2px solid #16425b}
.note{font-size:.8rem;color:#555;max-width:60rem}
figure{margin:.4rem 0 0 0}
svg text{font-family:"DejaVu Sans",Arial,sans-serif;font-size:12px;fill:#1d1d1d}
svg text.v{fill:#444}
)";

}  // namespace

std::string RenderHtml(const Report& r, Lang lang, const Model* model) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::kEs ? "es" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" << Esc(ReportTitle(lang))
      << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n<h1>" << Esc(ReportTitle(lang))
      << "</h1>\n<ul class=\"facts\">\n";
  for (const auto& f : ReportFacts(r, lang)) out << "<li>" << Esc(f) << "</li>\n";
  out << "</ul>\n";
  for (size_t i = 0; i < r.tables.size(); ++i) Table(r, r.tables[i], i, lang, model, out);
  out << "</main>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace referral::internal
