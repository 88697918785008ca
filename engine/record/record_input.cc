// Reduction and redaction of a case for its record, and the way back.
#include "record/record_input.h"

#include <initializer_list>

#include "analyze/partition.h"
#include "analyze/region.h"
#include "util/date.h"
#include "util/json_text.h"
#include "referral/record.h"
#include "util/sha256.h"

namespace referral::internal {

namespace {

using ojson = nlohmann::ordered_json;

// Facts a record keeps: read by a condition, input to a derivation, or
// marked for reports. Derived facts are recomputed on replay.
std::vector<bool> KeptFacts(const Model& m) {
  std::vector<bool> kept(m.facts.size(), false);
  FactsRead(m, m.scope, &kept);
  for (const auto& p : m.predicates) FactsRead(m, p.condition, &kept);
  for (const auto& s : m.services) FactsRead(m, s.eligibility, &kept);
  for (const auto& r : m.rules) FactsRead(m, r.when, &kept);
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const Fact& fact = m.facts[f];
    if (fact.report || static_cast<int>(f) == m.area_fact) kept[f] = true;  // the office depends on it
    if (!fact.derived) continue;
    kept[f] = false;
    for (int input : fact.age.Inputs()) {
      if (input >= 0) kept[input] = true;
    }
  }
  return kept;
}

// The rule set's tests on fact `f`, in condition order.
std::vector<int> TestsOn(const Model& m, int f) {
  std::vector<int> out;
  for (size_t c = 0; c < m.conditions.size(); ++c) {
    if (m.conditions[c].kind == CondNode::Kind::kTest && m.conditions[c].test.fact == f) {
      out.push_back(static_cast<int>(c));
    }
  }
  return out;
}


ojson Encode(const Fact& f, int64_t v, const std::string& text) {
  switch (f.type) {
    case FactType::kBool: return v != 0;
    case FactType::kInt: return v;
    case FactType::kEnum: return f.values[v];
    case FactType::kDate: return FormatDate(v);
    case FactType::kString: return text;
    case FactType::kSet: {
      ojson list = ojson::array();
      for (size_t i = 0; i < f.values.size(); ++i) {
        if ((static_cast<uint64_t>(v) >> i) & 1) list.push_back(f.values[i]);
      }
      return list;
    }
  }
  return nullptr;
}

}  // namespace

ojson RecordOutcome(const Decision& d) {
  ojson out;
  out["outcome"] = OutcomeName(d.outcome);
  out["reason"] = d.reason.empty() ? ojson(nullptr) : ojson(d.reason);
  out["follow_up"] = d.follow_up;
  ojson refs = ojson::array();
  for (const auto& r : d.referrals) {
    ojson rj = {{"service", r.service},
                {"priority", r.priority},
                {"legal_basis", r.legal_basis},
                {"requires_human_confirmation", r.requires_human_confirmation},
                {"rules", r.rules}};
    if (!r.office.id.empty()) {
      rj["office"] = {{"id", r.office.id}, {"name", r.office.name}, {"address", r.office.address}};
    }
    if (!r.fallback_from.empty()) rj["fallback_from"] = r.fallback_from;
    refs.push_back(std::move(rj));
  }
  out["referrals"] = std::move(refs);
  out["fired_rules"] = d.fired_rules;
  ojson warnings = ojson::array();
  for (const auto& w : d.warnings) warnings.push_back({{"code", w.code}, {"detail", w.detail}});
  out["warnings"] = std::move(warnings);
  return out;
}

ojson RecordInput(const Model& m, const CaseValues& c, const std::vector<uint8_t>& consulted) {
  ojson input;
  input["case_id"] = c.case_id;
  std::vector<bool> kept = KeptFacts(m);
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const Fact& fact = m.facts[f];
    if (!kept[f]) continue;
    if (fact.sensitive) {
      // Ley 1581 art. 4 (finalidad, necesidad): only the results the decision
      // depended on; a test it never looked at is null, and a fact it never
      // looked at is not written at all.
      ojson tests = ojson::array();
      bool any = false;
      for (int t : TestsOn(m, static_cast<int>(f))) {
        if (!consulted[t]) {
          tests.push_back(nullptr);
          continue;
        }
        any = true;
        tests.push_back(c.present[f] && m.conditions[t].test.Holds(c.values[f]));
      }
      if (any) input[fact.name] = {{"redacted", true}, {"tests", std::move(tests)}};
      continue;
    }
    if (c.present[f]) input[fact.name] = Encode(fact, c.values[f], c.strings[f]);
  }
  // Places available change the decision (R4 fallback): kept so a replay gives it again.
  if (!c.capacity.empty()) {
    ojson capacity = ojson::object();
    for (const auto& [id, n] : c.capacity) capacity[id] = n;
    input["capacity"] = std::move(capacity);
  }
  return input;
}

std::string ReplayCase(const Model& m, const ojson& input, std::string* error) {
  if (!input.is_object()) {
    *error = "the record's input is not an object";
    return {};
  }
  ojson out = ojson::object();
  std::unique_ptr<Partition> partition;
  auto cells = [&]() -> const Partition& {
    if (!partition) partition = std::make_unique<Partition>(BuildPartition(m));
    return *partition;
  };
  // A stand-in value of fact `f` in the first cell whose results on the
  // fact's tests match `tests` (null: any result); a present value when
  // `present` is asked for. False when no cell matches.
  auto stand_in = [&](int f, const ojson& tests, bool present) {
    const Partition& p = cells();
    std::vector<int> on = TestsOn(m, f);
    const FactCells& fc = p.facts[f];
    for (size_t cell = 0; cell < fc.count; ++cell) {
      bool match = true;
      for (size_t i = 0; i < on.size() && match; ++i) {
        match = tests[i].is_null() || (tests[i].is_boolean() && p.test_true[on[i]].test(cell) == tests[i].get<bool>());
      }
      if (!match) continue;
      int64_t value = 0;
      if (CellValue(m, p, f, cell, &value)) {
        out[m.facts[f].name] = Encode(m.facts[f], value, value >= 0 && m.facts[f].type == FactType::kString
                                                             ? m.facts[f].constants[value]
                                                             : std::string("(other)"));
      } else if (present) {
        continue;
      }
      return true;
    }
    return false;
  };
  for (auto it = input.begin(); it != input.end(); ++it) {
    const ojson& v = it.value();
    if (!v.is_object() || !v.contains("redacted")) {
      out[it.key()] = v;
      continue;
    }
    int f = m.FindFact(it.key());
    const ojson& tests = v.value("tests", ojson::array());
    if (f < 0 || !tests.is_array()) {
      *error = "redacted fact `" + it.key() + "` does not fit the rule set";
      return {};
    }
    const size_t count = TestsOn(m, f).size();
    if (count != tests.size()) {
      *error = "redacted fact `" + it.key() + "` has " + std::to_string(tests.size()) + " test results; the rule set has " +
               std::to_string(count);
      return {};
    }
    if (!stand_in(f, tests, false)) {
      *error = "no value of `" + it.key() + "` gives the recorded test results";
      return {};
    }
  }
  // A required sensitive fact the decision never consulted is not in the
  // record; any value stands in for it (no result it could give was used).
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const Fact& fact = m.facts[f];
    if (!fact.sensitive || !fact.required || fact.derived || out.contains(fact.name)) continue;
    const ojson any_result(std::vector<std::nullptr_t>(TestsOn(m, static_cast<int>(f)).size(), nullptr));
    if (!stand_in(static_cast<int>(f), any_result, true)) {
      *error = "no value of `" + fact.name + "` fits the rule set";
      return {};
    }
  }
  return JsonText(out);
}

namespace {
std::string Joined(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) out += '|';
    out += part;
    first = false;
  }
  return out;
}
}  // namespace

std::string DecisionId(std::string_view ruleset_digest, std::string_view input_digest, std::string_view decided_at,
                       std::string_view prev_hash) {
  const std::string base = Joined({ruleset_digest, input_digest, decided_at});
  return Sha256Hex(prev_hash.empty() ? base : base + "|" + std::string(prev_hash)).substr(0, 32);
}

std::string ReviewId(std::string_view decision_id, std::string_view role, std::string_view action,
                     std::string_view reason, std::string_view reviewed_at, std::string_view prev_hash) {
  return Sha256Hex(Joined({decision_id, role, action, reason, reviewed_at, prev_hash})).substr(0, 32);
}

}  // namespace referral::internal

namespace referral {

StatusOr<std::string> ReplayInput(const Ruleset& rules, std::string_view record_line) {
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(record_line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Error("record.bad_json", "the line is not a JSON object");
  if (j.value("record", "") != "decision" || !j.contains("input") || !j.contains("ruleset") ||
      !j["ruleset"].is_object()) {
    return Status::Error("record.bad_record", "the line is not a decision record");
  }
  const auto digest = j["ruleset"].find("digest");
  if (digest == j["ruleset"].end() || !digest->is_string() || *digest != rules.digest()) {
    return Status::Error("record.unknown_digest", "the record was decided under another rule set than " +
                                                      rules.id() + " " + rules.version() + " (" +
                                                      rules.digest().substr(0, 12) + ")");
  }
  std::string error;
  std::string text = internal::ReplayCase(internal::ModelOf(rules), j["input"], &error);
  if (!error.empty()) return Status::Error("record.replay_differs", error);
  return text;
}

}  // namespace referral
