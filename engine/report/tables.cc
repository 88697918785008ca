// BuildReport: records in, tables out. Counts decisions (one per child) by
// the facts records keep for reports, referrals, outcomes, reviews and rule
// firing, then applies small-cell suppression to the protected tables.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "report/dimensions.h"
#include "report/record_reader.h"
#include "report/suppression.h"
#include "referral/report.h"
#include "util/date.h"

namespace referral {

namespace {

using internal::ReportDecision;

ReportCell Text(std::string text) {
  ReportCell c;
  c.text = std::move(text);
  return c;
}
ReportCell Count(long n) {
  ReportCell c;
  c.kind = ReportCell::Kind::kCount;
  c.count = n;
  return c;
}
ReportCell Percent(long n, long base, ReportCell::Kind kind = ReportCell::Kind::kPercent) {
  ReportCell c;
  c.kind = kind;
  c.count = n;
  c.base = base;
  return c;
}

std::string FactValue(const ReportDecision& d, const std::string& fact) {
  auto it = d.facts.find(fact);
  return it == d.facts.end() ? std::string() : it->second;
}

// Keys by descending count (ties by key), or, for protected tables, by key
// alone: an order by count would tell a reader how hidden counts compare.
// The empty key (not recorded) goes last.
std::vector<std::string> Ordered(const std::map<std::string, long>& counts, bool by_key) {
  std::vector<std::string> keys;
  for (const auto& [k, n] : counts) keys.push_back(k);
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
    if (a.empty() != b.empty()) return b.empty();
    return !by_key && counts.at(a) > counts.at(b);
  });
  return keys;
}

// value | count | percent, with a total row.
ReportTable Distribution(std::string id, const std::map<std::string, long>& counts, long total, bool by_key) {
  ReportTable t;
  t.id = std::move(id);
  t.columns = {"value", "count", "percent"};
  for (const auto& k : Ordered(counts, by_key)) t.rows.push_back({Text(k), Count(counts.at(k)), Percent(counts.at(k), total)});
  t.rows.push_back({Text("total"), Count(total), Percent(total, total)});
  t.total_row = true;
  t.chart_column = 1;
  return t;
}

void Withhold(ReportTable* t) {
  t->withheld = true;
  for (auto& row : t->rows) {
    for (auto& c : row) {
      if (c.kind != ReportCell::Kind::kText) c.shown = c.base_shown = Shown::kHidden;
    }
  }
}

// A protected distribution: the listed values sum to the published total.
// Returns how each value's count is shown, for the tables that use the same
// values as denominators.
std::map<std::string, Shown> ProtectDistribution(ReportTable* t, long threshold) {
  std::vector<long> counts, floors;
  internal::SuppressionLine line;
  const size_t n = t->rows.size() - 1;  // without the total row
  for (size_t r = 0; r < n; ++r) {
    counts.push_back(t->rows[r][1].count);
    floors.push_back(1);  // listed only because it has a case
    line.cells.push_back(static_cast<int>(r));
  }
  std::vector<Shown> shown;
  std::map<std::string, Shown> out;
  const bool all_hidden_or_failed =
      !internal::Suppress(counts, floors, {line}, threshold, &shown) ||
      std::all_of(shown.begin(), shown.end(), [](Shown s) { return s == Shown::kHidden; });
  if (all_hidden_or_failed) {
    Withhold(t);
    for (size_t r = 0; r < n; ++r) out[t->rows[r][0].text] = Shown::kHidden;
    return out;
  }
  for (size_t r = 0; r < n; ++r) {
    t->rows[r][1].shown = t->rows[r][2].shown = shown[r];
    out[t->rows[r][0].text] = shown[r];
  }
  return out;
}

// Rule × value of a protected fact: how often each rule fired among the
// children with that value. A rule's row sums to its published total; the
// column denominators are shown as the distribution table shows them.
ReportTable FiringTable(std::string id, const std::vector<ReportDecision>& ds, const std::string& fact,
                        const std::map<std::string, Shown>& base_shown, long threshold) {
  std::map<std::string, long> base;
  std::map<std::string, std::map<std::string, long>> fired;  // rule -> value -> count
  std::map<std::string, long> rule_total;
  for (const auto& d : ds) {
    const std::string v = FactValue(d, fact);
    ++base[v];
    for (const auto& r : d.fired_rules) {
      ++fired[r][v];
      ++rule_total[r];
    }
  }
  ReportTable t;
  t.id = std::move(id);
  t.is_protected = true;
  const std::vector<std::string> values = Ordered(base, true);
  t.columns.push_back("rule");
  for (const auto& v : values) t.columns.push_back(v);
  t.columns.push_back("total");
  const long n = static_cast<long>(ds.size());
  std::vector<ReportCell> cases{Text("cases")};
  for (const auto& v : values) {
    cases.push_back(Count(base[v]));
    cases.back().shown = base_shown.at(v);
  }
  cases.push_back(Count(n));
  t.rows.push_back(std::move(cases));
  bool ok = true;
  for (const auto& [rule, by_value] : fired) {
    std::vector<ReportCell> row{Text(rule)};
    std::vector<long> counts, floors;
    internal::SuppressionLine line;
    for (const auto& v : values) {
      auto it = by_value.find(v);
      const long c = it == by_value.end() ? 0 : it->second;
      row.push_back(Percent(c, base[v], ReportCell::Kind::kCountPercent));
      row.back().base_shown = base_shown.at(v);
      line.cells.push_back(static_cast<int>(counts.size()));
      counts.push_back(c);
      floors.push_back(0);
    }
    row.push_back(Percent(rule_total[rule], n, ReportCell::Kind::kCountPercent));
    std::vector<Shown> shown;
    ok = ok && internal::Suppress(counts, floors, {line}, threshold, &shown);
    for (size_t i = 0; ok && i < shown.size(); ++i) row[i + 1].shown = shown[i];
    t.rows.push_back(std::move(row));
  }
  if (!ok) Withhold(&t);
  return t;
}

StatusOr<std::optional<int64_t>> Day(const std::string& text, const char* flag) {
  if (text.empty()) return std::optional<int64_t>();
  auto d = internal::ParseDate(text);
  if (!d) return Status::Error("report.bad_date", std::string(flag) + " `" + text + "` is not a date YYYY-MM-DD");
  return std::optional<int64_t>(*d);
}

}  // namespace

StatusOr<Report> BuildReport(const std::filesystem::path& path, const ReportOptions& options) {
  return BuildReport(std::vector<std::filesystem::path>{path}, options);
}

StatusOr<Report> BuildReport(const std::vector<std::filesystem::path>& paths, const ReportOptions& options) {
  auto from = Day(options.from, "--from");
  if (!from.ok()) return from.status();
  auto to = Day(options.to, "--to");
  if (!to.ok()) return to.status();
  if (*from && *to && **from > **to) {
    return Status::Error("report.bad_date", "--from " + options.from + " is after --to " + options.to);
  }
  if (options.threshold < 3) {
    return Status::Error("report.bad_threshold", "the small-cell threshold must be at least 3");
  }
  // The files one after the other, each ending with a newline; each
  // problem's line is then mapped back to its file.
  std::string all;
  std::vector<std::pair<long, std::string>> starts;  // first line of each file (0-based), file
  long lines = 0;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Error("report.io", "cannot read `" + path.string() + "`");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() != '\n') text += '\n';
    starts.push_back({lines, path.string()});
    lines += static_cast<long>(std::count(text.begin(), text.end(), '\n'));
    all += text;
  }
  std::istringstream in(all);
  internal::ReportRecords recs = internal::ReadReportRecords(in, *from, *to);
  for (auto& p : recs.problems) {
    auto it = std::upper_bound(starts.begin(), starts.end(), p.line - 1,
                               [](long line, const auto& start) { return line < start.first; });
    if (it == starts.begin()) continue;
    --it;
    p.line -= it->first;
    p.file = it->second;
  }

  Report report;
  report.from = options.from;
  report.to = options.to;
  report.threshold = options.threshold;
  report.lines = recs.lines;
  report.reviews = recs.reviews;
  report.outside_period = recs.outside_period;
  report.superseded = recs.superseded;
  report.problems = std::move(recs.problems);
  const auto& ds = recs.decisions;
  const long n = static_cast<long>(ds.size());
  report.decisions = n;
  std::set<std::string> rulesets;
  for (const auto& d : ds) rulesets.insert(d.ruleset);
  report.rulesets.assign(rulesets.begin(), rulesets.end());

  // Summary.
  long referred = 0, with_duty = 0, duty_waiting = 0;
  for (const auto& d : ds) {
    if (!d.referrals.empty()) ++referred;
    bool duty = std::any_of(d.referrals.begin(), d.referrals.end(),
                            [](const auto& r) { return r.legal_basis != "consent"; });
    with_duty += duty;
    duty_waiting += duty && !recs.reviewed.count(d.decision_id);
  }
  {
    ReportTable t;
    t.id = "summary";
    t.columns = {"value", "count", "percent"};
    for (auto [key, count] : {std::pair<const char*, long>{"identified", n}, {"referred", referred},
                              {"no_referral", n - referred}, {"with_duty", with_duty},
                              {"duty_awaiting_review", duty_waiting}}) {
      t.rows.push_back({Text(key), Count(count), Percent(count, n)});
    }
    report.tables.push_back(std::move(t));
  }

  // Children identified, by each reported fact.
  std::map<std::string, std::map<std::string, Shown>> protected_bases;  // fact -> value -> shown
  for (const auto& dim : internal::kDimensions) {
    std::map<std::string, long> counts;
    for (const auto& d : ds) ++counts[FactValue(d, dim.fact)];
    ReportTable t = Distribution(dim.table, counts, n, dim.is_protected);
    if (dim.is_protected) {
      t.is_protected = true;
      protected_bases[dim.fact] = ProtectDistribution(&t, options.threshold);
    }
    report.tables.push_back(std::move(t));
  }

  // Referrals by service and by legal basis.
  std::map<std::string, long> by_service, by_basis;
  std::map<std::string, std::string> basis_of;
  std::map<std::string, long> duty_refs, duty_reviewed;
  long referrals = 0;
  for (const auto& d : ds) {
    for (const auto& r : d.referrals) {
      ++by_service[r.service];
      ++by_basis[r.legal_basis];
      basis_of[r.service] = r.legal_basis;
      ++referrals;
      if (r.legal_basis != "consent") {
        ++duty_refs[r.service];
        duty_reviewed[r.service] += recs.reviewed.count(d.decision_id) ? 1 : 0;
      }
    }
  }
  {
    ReportTable t;
    t.id = "referrals_by_service";
    t.columns = {"service", "legal_basis", "count", "percent"};
    for (const auto& s : Ordered(by_service, false)) {
      t.rows.push_back({Text(s), Text(basis_of[s]), Count(by_service[s]), Percent(by_service[s], n)});
    }
    t.rows.push_back({Text("total"), Text(""), Count(referrals), Text("")});
    t.total_row = true;
    t.chart_column = 2;
    report.tables.push_back(std::move(t));
    ReportTable b = Distribution("referrals_by_basis", by_basis, referrals, false);
    b.columns[0] = "legal_basis";
    report.tables.push_back(std::move(b));
  }

  // Outcomes and reasons.
  {
    std::map<std::string, long> by_outcome;
    for (const auto& d : ds) ++by_outcome[d.outcome + "\n" + d.reason];
    ReportTable t;
    t.id = "outcomes";
    t.columns = {"outcome", "reason", "count", "percent"};
    for (const auto& k : Ordered(by_outcome, false)) {
      const size_t cut = k.find('\n');
      t.rows.push_back({Text(k.substr(0, cut)), Text(k.substr(cut + 1)), Count(by_outcome[k]),
                        Percent(by_outcome[k], n)});
    }
    t.rows.push_back({Text("total"), Text(""), Count(n), Percent(n, n)});
    t.total_row = true;
    t.chart_column = 2;
    report.tables.push_back(std::move(t));
  }

  // Duty referrals (legal basis other than consent) and their reviews.
  {
    ReportTable t;
    t.id = "duty_reviews";
    t.columns = {"service", "legal_basis", "count", "reviewed", "awaiting_review", "percent"};
    long all = 0, all_reviewed = 0;
    for (const auto& s : Ordered(duty_refs, false)) {
      const long waiting = duty_refs[s] - duty_reviewed[s];
      t.rows.push_back({Text(s), Text(basis_of[s]), Count(duty_refs[s]), Count(duty_reviewed[s]), Count(waiting),
                        Percent(waiting, duty_refs[s])});
      all += duty_refs[s];
      all_reviewed += duty_reviewed[s];
    }
    t.rows.push_back({Text("total"), Text(""), Count(all), Count(all_reviewed), Count(all - all_reviewed),
                      all ? Percent(all - all_reviewed, all) : Text("")});
    t.total_row = true;
    t.chart_column = 4;
    report.tables.push_back(std::move(t));
  }

  // Rule firing rates by the protected facts.
  for (const auto& [table, fact] : internal::kFiringDimensions) {
    report.tables.push_back(FiringTable(table, ds, fact, protected_bases[fact], options.threshold));
  }
  return report;
}

}  // namespace referral
