// Region -> example case: the first possible cell of each fact, encoded back
// to the JSON a case-management system would send.
#include "analyze/example_case.h"

#include <nlohmann/json.hpp>

#include "util/date.h"
#include "util/json_text.h"

namespace referral::internal {

namespace {

nlohmann::ordered_json Encode(const Fact& f, int64_t v) {
  switch (f.type) {
    case FactType::kBool: return v != 0;
    case FactType::kInt: return v;
    case FactType::kEnum: return f.values[v];
    case FactType::kDate: return FormatDate(v);
    case FactType::kString: return v >= 0 ? f.constants[v] : std::string("(any other text)");
    case FactType::kSet: {
      auto list = nlohmann::ordered_json::array();
      for (size_t i = 0; i < f.values.size(); ++i) {
        if ((static_cast<uint64_t>(v) >> i) & 1) list.push_back(f.values[i]);
      }
      return list;
    }
  }
  return nullptr;
}

}  // namespace

std::string ExampleCase(const Model& m, const Partition& p, const Region& region, const std::string& case_id) {
  std::vector<int64_t> value(m.facts.size(), 0);
  std::vector<bool> present(m.facts.size(), false);
  for (size_t f = 0; f < m.facts.size(); ++f) {
    size_t cell = region[f].find_first();
    present[f] = cell != Cells::npos && CellValue(m, p, static_cast<int>(f), cell, &value[f]);
  }
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const Fact& fact = m.facts[f];
    if (!fact.derived) continue;
    const AgeDerivation& a = fact.age;
    if (!present[f]) {
      // A minor of unknown age: nothing to take an age from.
      for (int input : {a.birth_date, a.estimate, a.estimate_max}) {
        if (input >= 0) present[input] = false;
      }
      if (a.documented >= 0) {
        value[a.documented] = 0;
        present[a.documented] = true;
      }
      continue;
    }
    const int64_t months = value[f];
    const int64_t as_of = value[a.as_of];
    bool documented = a.documented < 0 || region[a.documented].test(1) || a.estimate < 0;
    if (documented) {
      if (a.documented >= 0) {
        value[a.documented] = 1;
        present[a.documented] = true;
      }
      value[a.birth_date] = DateMonthsBefore(as_of, months);
      present[a.birth_date] = true;
    } else {
      value[a.documented] = 0;
      present[a.documented] = true;
      value[a.estimate] = months;
      present[a.estimate] = true;
    }
    if (a.estimate_max >= 0) present[a.estimate_max] = false;
  }
  nlohmann::ordered_json j;
  j["case_id"] = case_id;
  for (size_t f = 0; f < m.facts.size(); ++f) {
    if (m.facts[f].derived || !present[f]) continue;
    j[m.facts[f].name] = Encode(m.facts[f], value[f]);
  }
  return JsonText(j);
}

}  // namespace referral::internal
