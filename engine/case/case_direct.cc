// The direct case reader (case/case_direct.h), on simdjson's On-Demand API
// (Debian's libsimdjson-dev): each field is checked and encoded as it is
// reached; the first thing that is not part of a plain valid case ends the
// read, and the caller reads the case with the tree reader instead.
#include "case/case_direct.h"

#include <simdjson.h>

#include <algorithm>
#include <limits>

#include "util/date.h"
#include "util/utf8.h"

namespace referral::internal {

namespace {

namespace od = simdjson::ondemand;

// A JSON number as a whole int64, as the tree reader takes it (1.0 is 1;
// 12.5, 2^63 and 1e400 are not read here).
bool WholeNumber(od::value& v, int64_t* out) {
  od::number_type type;
  if (v.get_number_type().get(type)) return false;
  switch (type) {
    case od::number_type::signed_integer:
      return !v.get_int64().get(*out);
    case od::number_type::unsigned_integer: {
      uint64_t u = 0;
      if (v.get_uint64().get(u) || u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
      *out = static_cast<int64_t>(u);
      return true;
    }
    case od::number_type::floating_point_number: {
      double d = 0;
      if (v.get_double().get(d) || !(d >= -0x1p63 && d < 0x1p63)) return false;
      *out = static_cast<int64_t>(d);
      return static_cast<double>(*out) == d;
    }
    default:
      return false;
  }
}

class DirectReader {
 public:
  DirectReader(const Model& m, std::optional<int64_t> decision_day, CaseValues* c)
      : m_(m), day_(decision_day), c_(*c) {
    const size_t n = m.facts.size();
    thread_local std::vector<uint8_t> seen;  // reused: reading a case allocates nothing once warm
    seen.assign(n, 0);
    seen_ = &seen;
    c_.case_id.clear();
    c_.values.assign(n, 0);
    c_.present.assign(n, 0);
    c_.strings.resize(n);
    for (auto& s : c_.strings) s.clear();
    c_.warnings.clear();
    c_.derived.clear();
    c_.confirm_all = false;
    c_.capacity.clear();
  }

  bool Read(od::document& doc) {
    od::object object;
    if (doc.get_object().get(object)) return false;
    bool seen_id = false, seen_capacity = false;
    for (auto field : object) {
      std::string_view key;
      od::value v;
      if (field.unescaped_key().get(key) || field.value().get(v)) return false;
      if (key == "capacity") {
        if (seen_capacity) return false;
        seen_capacity = true;
        if (!Capacity(v)) return false;
        continue;
      }
      if (key == "case_id") {
        std::string_view id;
        if (seen_id || v.get_string().get(id) || id.empty() || FirstControl(id)) return false;
        seen_id = true;
        c_.case_id.assign(id);
        continue;
      }
      const int f = m_.FindFact(key);
      if (f < 0 || m_.facts[f].derived || (*seen_)[f]) return false;
      (*seen_)[f] = 1;
      bool null = false;
      if (v.is_null().get(null)) return false;
      if (null) continue;  // not given
      if (!Value(f, v)) return false;
      c_.present[f] = 1;
    }
    // Nothing after the object (simdjson 3.0 has no document::at_end()).
    return seen_id && doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
  }

 private:
  bool Value(int f, od::value& v) {
    const Fact& fact = m_.facts[f];
    int64_t& out = c_.values[f];
    switch (fact.type) {
      case FactType::kBool: {
        bool b = false;
        if (v.get_bool().get(b)) return false;
        out = b;
        return true;
      }
      case FactType::kInt:
        return WholeNumber(v, &out) && out >= fact.min && out <= fact.max;
      case FactType::kEnum: {
        std::string_view s;
        if (v.get_string().get(s)) return false;
        auto it = std::find(fact.values.begin(), fact.values.end(), s);
        if (it == fact.values.end()) return false;
        out = it - fact.values.begin();
        return true;
      }
      case FactType::kSet: {
        od::array items;
        if (v.get_array().get(items)) return false;
        uint64_t mask = 0;
        for (auto item : items) {
          std::string_view s;
          if (item.get_string().get(s)) return false;
          auto it = std::find(fact.values.begin(), fact.values.end(), s);
          if (it == fact.values.end()) return false;
          mask |= uint64_t{1} << (it - fact.values.begin());
        }
        out = static_cast<int64_t>(mask);
        return true;
      }
      case FactType::kString: {
        std::string_view s;
        if (v.get_string().get(s)) return false;
        c_.strings[f].assign(s);
        auto it = std::find(fact.constants.begin(), fact.constants.end(), s);
        out = it == fact.constants.end() ? -1 : it - fact.constants.begin();
        return true;
      }
      case FactType::kDate: {
        std::string_view s;
        if (v.get_string().get(s)) return false;
        auto d = ParseDate(s);
        // An evaluation date after the decision time is refused (tree reader).
        if (!d || (day_ && *d > *day_ + 1 && IsEvaluationDate(m_, f))) return false;
        out = *d;
        return true;
      }
    }
    return false;
  }

  // `capacity`: null, or an object of known service ids (each once) to
  // whole numbers >= 0, kept in key order as the tree reader keeps them.
  bool Capacity(od::value& v) {
    bool null = false;
    if (v.is_null().get(null)) return false;
    if (null) return true;
    od::object places;
    if (v.get_object().get(places)) return false;
    for (auto field : places) {
      std::string_view id;
      od::value n;
      if (field.unescaped_key().get(id) || field.value().get(n)) return false;
      if (m_.FindService(id) < 0) return false;
      for (const auto& [given, count] : c_.capacity) {
        if (given == id) return false;  // given twice
      }
      int64_t count = 0;
      if (!WholeNumber(n, &count) || count < 0) return false;
      c_.capacity.emplace_back(std::string(id), count);
    }
    std::sort(c_.capacity.begin(), c_.capacity.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return true;
  }

  const Model& m_;
  std::optional<int64_t> day_;
  CaseValues& c_;
  std::vector<uint8_t>* seen_;  // by fact: its key was read
};

}  // namespace

bool ReadCaseDirect(const Model& model, std::string_view text, const CaseLimits& limits,
                    std::optional<int64_t> decision_day, CaseValues* out) {
  // What the tree reader checks on the text first is left to it. simdjson
  // itself refuses text that is not UTF-8 and a control character inside a
  // string, as JSON does, so the text is not scanned for them twice.
  if (text.size() > limits.max_case_bytes || limits.max_case_depth < 2) return false;
  if (text.find('\0') != std::string_view::npos) return false;
  // simdjson reads up to SIMDJSON_PADDING bytes past the text.
  thread_local std::string padded;
  thread_local od::parser parser;
  padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(text);
  od::document doc;
  if (parser.iterate(padded.data(), padded.size(), padded.capacity()).get(doc)) return false;
  DirectReader reader(model, decision_day, out);
  try {
    if (!reader.Read(doc)) return false;
  } catch (const std::exception&) {
    return false;
  }
  return FinishDirectCase(model, *out);
}

}  // namespace referral::internal
