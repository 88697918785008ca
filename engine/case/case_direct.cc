// The direct case reader (case/case_direct.h): nlohmann's SAX events, each
// checked and encoded as it comes; the first thing that is not part of a
// plain valid case stops the parse, and the caller reads the case with the
// tree reader instead.
#include "case/case_direct.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "util/date.h"
#include "util/utf8.h"

namespace referral::internal {

namespace {

using nlohmann::json;

class DirectReader {
 public:
  DirectReader(const Model& m, std::optional<int64_t> decision_day, CaseValues* c)
      : m_(m), day_(decision_day), c_(*c) {
    const size_t n = m.facts.size();
    thread_local std::vector<uint8_t> seen;
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
  bool done() const { return done_; }

  // SAX events (nlohmann::json_sax). Returning false stops the parse.
  bool null() {
    if (state_ == State::kValue) {
      // `"fact": null` is the fact not given; `"capacity": null`, no places said.
      if (fact_ == kCaseId) return false;
      state_ = State::kKey;
      return true;
    }
    return false;
  }
  bool boolean(bool b) {
    if (state_ != State::kValue || fact_ < 0 || m_.facts[fact_].type != FactType::kBool) return false;
    return Store(b ? 1 : 0);
  }
  bool number_integer(json::number_integer_t n) { return Number(n); }
  bool number_unsigned(json::number_unsigned_t n) {
    if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    return Number(static_cast<int64_t>(n));
  }
  bool number_float(json::number_float_t d, const json::string_t&) {
    // JSON has numbers, not integers: 1.0 is the integer 1 (as the tree reader says).
    if (!(d >= -0x1p63 && d < 0x1p63)) return false;
    const auto n = static_cast<int64_t>(d);
    if (static_cast<double>(n) != d) return false;
    return Number(n);
  }
  bool string(json::string_t& s) {
    if (state_ == State::kSet) {
      const Fact& f = m_.facts[fact_];
      auto it = std::find(f.values.begin(), f.values.end(), s);
      if (it == f.values.end()) return false;
      mask_ |= uint64_t{1} << (it - f.values.begin());
      return true;
    }
    if (state_ != State::kValue) return false;
    if (fact_ == kCaseId) {
      if (s.empty() || FirstControl(s)) return false;
      c_.case_id = s;
      state_ = State::kKey;
      return true;
    }
    if (fact_ < 0) return false;
    const Fact& f = m_.facts[fact_];
    switch (f.type) {
      case FactType::kEnum: {
        auto it = std::find(f.values.begin(), f.values.end(), s);
        if (it == f.values.end()) return false;
        return Store(it - f.values.begin());
      }
      case FactType::kString: {
        auto it = std::find(f.constants.begin(), f.constants.end(), s);
        c_.strings[fact_] = s;
        return Store(it == f.constants.end() ? -1 : it - f.constants.begin());
      }
      case FactType::kDate: {
        auto d = ParseDate(s);
        if (!d) return false;
        // An evaluation date after the decision time is refused (tree reader).
        if (day_ && *d > *day_ + 1 && IsEvaluationDate(m_, fact_)) return false;
        return Store(*d);
      }
      default:
        return false;
    }
  }
  bool binary(json::binary_t&) { return false; }
  bool start_object(std::size_t) {
    if (state_ == State::kStart) {
      state_ = State::kKey;
      return true;
    }
    if (state_ == State::kValue && fact_ == kCapacity) {
      state_ = State::kCapacityKey;
      return true;
    }
    return false;
  }
  bool key(json::string_t& k) {
    if (state_ == State::kCapacityKey) {
      service_ = m_.FindService(k);
      if (service_ < 0) return false;
      for (const auto& [id, places] : c_.capacity) {
        if (id == k) return false;  // given twice
      }
      capacity_key_ = k;
      state_ = State::kCapacityValue;
      return true;
    }
    if (state_ != State::kKey) return false;
    if (k == "capacity") {
      if (seen_capacity_) return false;
      seen_capacity_ = true;
      fact_ = kCapacity;
    } else if (k == "case_id") {
      if (seen_id_) return false;
      seen_id_ = true;
      fact_ = kCaseId;
    } else {
      fact_ = m_.FindFact(k);
      if (fact_ < 0 || m_.facts[fact_].derived || (*seen_)[fact_]) return false;
      (*seen_)[fact_] = 1;
    }
    state_ = State::kValue;
    return true;
  }
  bool end_object() {
    if (state_ == State::kCapacityKey) {
      state_ = State::kKey;
      return true;
    }
    if (state_ != State::kKey) return false;
    state_ = State::kEnd;
    done_ = true;
    return true;
  }
  bool start_array(std::size_t) {
    if (state_ != State::kValue || fact_ < 0 || m_.facts[fact_].type != FactType::kSet) return false;
    state_ = State::kSet;
    mask_ = 0;
    return true;
  }
  bool end_array() {
    if (state_ != State::kSet) return false;
    state_ = State::kValue;
    return Store(static_cast<int64_t>(mask_));
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  enum class State { kStart, kKey, kValue, kSet, kCapacityKey, kCapacityValue, kEnd };
  static constexpr int kCaseId = -2;
  static constexpr int kCapacity = -3;

  bool Number(int64_t n) {
    if (state_ == State::kCapacityValue) {
      if (n < 0) return false;
      c_.capacity.emplace_back(capacity_key_, n);
      state_ = State::kCapacityKey;
      return true;
    }
    if (state_ != State::kValue || fact_ < 0) return false;
    const Fact& f = m_.facts[fact_];
    if (f.type != FactType::kInt || n < f.min || n > f.max) return false;
    return Store(n);
  }
  bool Store(int64_t v) {
    c_.values[fact_] = v;
    c_.present[fact_] = 1;
    state_ = State::kKey;
    return true;
  }

  const Model& m_;
  std::optional<int64_t> day_;
  CaseValues& c_;
  State state_ = State::kStart;
  int fact_ = -1;  // the fact being read, or kCaseId / kCapacity
  int service_ = -1;
  std::string capacity_key_;
  uint64_t mask_ = 0;
  std::vector<uint8_t>* seen_;  // by fact: its key was read
  bool seen_id_ = false;
  bool seen_capacity_ = false;
  bool done_ = false;
};

}  // namespace

bool ReadCaseDirect(const Model& model, std::string_view text, const CaseLimits& limits,
                    std::optional<int64_t> decision_day, CaseValues* out) {
  // What the tree reader checks on the text first: leave every such case to it.
  if (text.size() > limits.max_case_bytes || limits.max_case_depth < 2) return false;
  if (text.find('\0') != std::string_view::npos || FirstInvalidUtf8(text) != std::string_view::npos) return false;
  DirectReader reader(model, decision_day, out);
  bool parsed = false;
  try {
    parsed = json::sax_parse(text.begin(), text.end(), &reader, json::input_format_t::json, /*strict=*/true);
  } catch (const std::exception&) {
    return false;
  }
  if (!parsed || !reader.done()) return false;
  // The tree reader meets capacity keys in key order.
  std::sort(out->capacity.begin(), out->capacity.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return FinishDirectCase(model, *out);
}

}  // namespace referral::internal
