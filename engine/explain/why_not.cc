// WhyNot(): searches changes of one, then two, then three of the case's facts
// for the smallest that routes the case to a service, deciding each candidate
// with the real evaluator. Candidate values come from the analyzer's cells:
// within a cell every test answers the same, so one value per cell (the one
// nearest the case's own) covers every way the rules can see the fact.
#include <algorithm>
#include <cmath>
#include <limits>

#include "analyze/partition.h"
#include "analyze/region.h"
#include "case/case_values.h"
#include "diag/diag_sink.h"
#include "diag/suggest.h"
#include "eval/evaluator.h"
#include "eval/result.h"
#include "referral/explain.h"
#include "util/date.h"

namespace referral {

namespace {

using namespace internal;

struct Candidate {
  int fact;
  bool present;
  int64_t value;
  double distance;
};

constexpr size_t kMaxFacts = 3;
constexpr size_t kMaxEvaluations = 2'000'000;

// Whether the case is referred to `service`: read off the index result, which
// one buffer per thread keeps (a search decides up to kMaxEvaluations cases).
bool Refers(const Model& m, const CaseValues& c, int service) {
  thread_local Result r;
  if (!Evaluate(m, c, TraceLevel::kOff, &r).ok()) return false;
  return std::any_of(r.referrals.begin(), r.referrals.end(),
                     [&](const ResultReferral& x) { return x.service == service; });
}

class Search {
 public:
  Search(const Model& m, const CaseValues& c, int service) : m_(m), c_(c), service_(service), p_(BuildPartition(m)) {
    std::vector<bool> read(m.facts.size(), false);
    FactsRead(m, m.scope, &read);
    for (const auto& pr : m.predicates) FactsRead(m, pr.condition, &read);
    for (const auto& s : m.services) FactsRead(m, s.eligibility, &read);
    for (const auto& r : m.rules) FactsRead(m, r.when, &read);
    // Inputs of a derived age change through the age itself.
    for (const auto& f : m.facts) {
      if (!f.derived) continue;
      for (int input : f.age.Inputs()) {
        if (input >= 0) read[input] = false;
      }
    }
    for (size_t f = 0; f < m.facts.size(); ++f) {
      if (read[f]) AddCandidates(static_cast<int>(f));
    }
  }

  std::vector<Candidate> Find() {
    for (size_t k = 1; k <= kMaxFacts; ++k) {
      best_.clear();
      best_distance_ = std::numeric_limits<double>::infinity();
      std::vector<Candidate> chosen;
      Try(k, 0, chosen);
      if (!best_.empty()) return best_;
    }
    return {};
  }

  bool exhausted() const { return evaluations_ >= kMaxEvaluations; }

 private:
  void AddCandidates(int f) {
    const FactCells& fc = p_.facts[f];
    const Fact& fact = m_.facts[f];
    for (size_t cell = 0; cell < fc.count; ++cell) {
      int64_t value = 0;
      bool present = CellValue(m_, p_, f, cell, &value);
      if ((fact.type == FactType::kInt || fact.type == FactType::kDate) && present && c_.present[f]) {
        // The value of this cell nearest to the case's own.
        int64_t lo = fc.bounds[cell];
        int64_t hi = fc.bounds[cell + 1] == std::numeric_limits<int64_t>::max() ? lo : fc.bounds[cell + 1] - 1;
        value = std::clamp(c_.values[f], lo, std::max(lo, hi));
      }
      if (fact.type == FactType::kInt && present) value = std::clamp(value, fact.min, fact.max);
      if (present == static_cast<bool>(c_.present[f]) && (!present || value == c_.values[f])) continue;
      if (!present && (fact.required || fact.derived)) continue;
      double distance = 1;
      if (present && c_.present[f] && (fact.type == FactType::kInt || fact.type == FactType::kDate)) {
        distance = std::abs(static_cast<double>(value - c_.values[f]));
      }
      candidates_.push_back({f, present, value, distance});
    }
  }

  void Try(size_t k, size_t from, std::vector<Candidate>& chosen) {
    if (chosen.size() == k) {
      if (++evaluations_ > kMaxEvaluations) return;
      double distance = 0;
      for (const auto& ch : chosen) distance += ch.distance;
      if (distance >= best_distance_) return;
      CaseValues changed = c_;
      for (const auto& ch : chosen) {
        changed.values[ch.fact] = ch.value;
        changed.present[ch.fact] = ch.present;
        if (m_.facts[ch.fact].type == FactType::kString && ch.present) {
          changed.strings[ch.fact] = ch.value >= 0 ? m_.facts[ch.fact].constants[ch.value] : "(other)";
        }
      }
      if (Refers(m_, changed, service_)) {
        best_ = chosen;
        best_distance_ = distance;
      }
      return;
    }
    for (size_t i = from; i < candidates_.size() && evaluations_ < kMaxEvaluations; ++i) {
      bool same_fact = std::any_of(chosen.begin(), chosen.end(),
                                   [&](const Candidate& ch) { return ch.fact == candidates_[i].fact; });
      if (same_fact) continue;
      chosen.push_back(candidates_[i]);
      Try(k, i + 1, chosen);
      chosen.pop_back();
    }
  }

  const Model& m_;
  const CaseValues& c_;
  int service_;
  Partition p_;
  std::vector<Candidate> candidates_;
  std::vector<Candidate> best_;
  double best_distance_ = 0;
  size_t evaluations_ = 0;
};

std::string Shown(const Model& m, const CaseValues& c, int f, bool present, int64_t value) {
  CaseValues one = c;
  one.present[f] = present;
  one.values[f] = value;
  if (m.facts[f].type == FactType::kString && present) {
    one.strings[f] = value >= 0 ? m.facts[f].constants[value] : "(any other text)";
  }
  return present ? FormatValue(m, one, f) : std::string();
}

}  // namespace

StatusOr<WhyNotAnswer> WhyNot(const Ruleset& rules, std::string_view case_text, const std::string& service,
                              CaseFormat format) {
  const Model& m = internal::ModelOf(rules);
  int s = m.FindService(service);
  if (s < 0) {
    std::vector<std::string> ids;
    for (const auto& svc : m.services) ids.push_back(svc.id);
    std::string hint = Suggest(service, ids);
    return Status::Error("whynot.unknown_service",
                         "unknown service `" + service + "`" + (hint.empty() ? "" : " (did you mean `" + hint + "`?)"),
                         "service");
  }
  auto c = ReadCase(m, case_text, format);
  if (!c.ok()) return c.status();
  WhyNotAnswer answer;
  answer.service = service;
  if (Refers(m, *c, s)) {
    answer.already = true;
    answer.found = true;
    return answer;
  }
  bool referred_by_some_rule = std::any_of(m.rules.begin(), m.rules.end(), [&](const Rule& r) {
    return std::any_of(r.refer.begin(), r.refer.end(), [&](const ReferTo& to) { return to.service == s; });
  });
  if (!referred_by_some_rule) {
    answer.reason = "whynot.not_referred";
    return answer;
  }
  Search search(m, *c, s);
  std::vector<Candidate> best = search.Find();
  if (best.empty()) {
    answer.reason = search.exhausted() ? "whynot.search_stopped" : "whynot.no_change";
    return answer;
  }
  answer.found = true;
  for (const auto& ch : best) {
    const Fact& fact = m.facts[ch.fact];
    FactChange change;
    change.fact = fact.name;
    change.sensitive = fact.sensitive;
    if (!fact.sensitive) {
      change.from = c->present[ch.fact] ? FormatValue(m, *c, ch.fact) : std::string();
      change.to = Shown(m, *c, ch.fact, ch.present, ch.value);
    }
    if (fact.derived && fact.age.birth_date >= 0 && fact.age.as_of >= 0 && c->present[fact.age.as_of]) {
      change.via = m.facts[fact.age.birth_date].name + " " +
                   FormatDate(DateMonthsBefore(c->values[fact.age.as_of], ch.value));
    }
    answer.changes.push_back(std::move(change));
  }
  return answer;
}

std::string RenderWhyNot(const WhyNotAnswer& a, Lang lang) {
  using internal::FillText;
  if (a.already) return FillText("whynot.already", lang, {a.service}) + "\n";
  if (!a.found) {
    // `reason` is a code (whynot.*); an older answer's text is shown as it is.
    const std::string why = a.reason.rfind("whynot.", 0) == 0 ? FillText(a.reason, lang, {a.service}) : a.reason;
    return FillText("whynot.never", lang, {a.service, why}) + "\n";
  }
  std::string out = a.changes.size() == 1
                        ? FillText("whynot.one_change", lang, {a.service})
                        : FillText("whynot.changes", lang, {a.service, std::to_string(a.changes.size())});
  out += "\n";
  const std::string none = internal::MessageText("whynot.no_value", lang);
  for (const auto& c : a.changes) {
    out += "- " + c.fact + ": ";
    if (c.sensitive) {
      out += internal::MessageText("whynot.sensitive", lang);
    } else {
      out += (c.from.empty() ? none : c.from) + " → " + (c.to.empty() ? none : c.to);
    }
    if (!c.via.empty()) out += " " + FillText("whynot.that_is", lang, {c.via});
    out += "\n";
  }
  return out;
}

}  // namespace referral
