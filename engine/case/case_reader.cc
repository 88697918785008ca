// Validates a case (JSON object, or YAML converted to one) against the rule
// set's facts and encodes it into slots; then derives the derived facts.
// The text is checked first as text (limits, NUL bytes, UTF-8, one value,
// no key twice), then field by field, collecting every problem.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "case/case_values.h"
#include "diag/suggest.h"
#include "referral/engine.h"
#include "util/date.h"
#include "util/input_scan.h"
#include "util/utf8.h"

namespace referral::internal {

namespace {

using nlohmann::json;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Input text (a key, a value) as a message quotes it: short, and printable.
std::string Quoted(std::string_view text) { return Printable(Truncated(text, 64)); }

// "line 3, column 14": where byte `offset` of `text` is.
std::string Where(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  const size_t line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  const size_t start = text.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
  const size_t column = offset - (start == std::string_view::npos ? 0 : start + 1) + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string AllowedOf(const Fact& f) {
  switch (f.type) {
    case FactType::kBool: return "true or false";
    case FactType::kInt: {
      std::string lo = f.min == std::numeric_limits<int64_t>::min() ? "" : std::to_string(f.min);
      std::string hi = f.max == std::numeric_limits<int64_t>::max() ? "" : std::to_string(f.max);
      if (lo.empty() && hi.empty()) return "an integer";
      if (hi.empty()) return "an integer >= " + lo;
      if (lo.empty()) return "an integer <= " + hi;
      return "an integer in " + lo + ".." + hi;
    }
    case FactType::kEnum: return "one of: " + Join(f.values);
    case FactType::kSet: return "a list of: " + Join(f.values);
    case FactType::kString: return "a string";
    case FactType::kDate: return "a date YYYY-MM-DD (a real day, years 1900..2999)";
  }
  return "";
}

// What was received, with its JSON type: `the string "1"`, `the integer 169`,
// `the number 12.5`, `the boolean true`, `null`, `the list [...]`, `an
// object`. For a sensitive fact only the type: `a string`.
std::string Got(const json& v, bool sensitive) {
  switch (v.type()) {
    case json::value_t::string:
      // JSON-quoted (control characters escaped), then bidi controls too.
      return sensitive ? "a string"
                       : "the string " + Printable(json(Truncated(v.get_ref<const std::string&>(), 60)).dump());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return sensitive ? "an integer" : "the integer " + v.dump();
    case json::value_t::number_float:
      return sensitive ? "a number" : "the number " + v.dump();
    case json::value_t::boolean:
      return sensitive ? "a boolean" : std::string("the boolean ") + (v.get<bool>() ? "true" : "false");
    case json::value_t::null:
      return "null";
    case json::value_t::array:
      return sensitive || v.empty() ? "a list" : "the list " + Printable(Truncated(v.dump(), 60));
    default:
      return "an object";
  }
}

// Collects the problems of one case, in the order they are found (which is
// made independent of the input's key order by the callers), up to
// kMaxCaseErrors.
class Problems {
 public:
  void Add(std::string code, std::string field, std::string message) {
    ++count_;
    if (list_.size() < kMaxCaseErrors) list_.push_back({std::move(code), std::move(field), std::move(message)});
  }
  bool empty() const { return count_ == 0; }
  // Past kMaxCaseErrors a problem is only counted: a case of 100,000 unknown
  // keys must not cost 100,000 did-you-mean searches.
  bool full() const { return list_.size() >= kMaxCaseErrors; }
  void Count() { ++count_; }
  Status ToStatus() && {
    if (count_ > list_.size()) {
      list_.push_back({"case.too_many_errors", "",
                       "and " + std::to_string(count_ - list_.size()) + " more problem(s) not listed (at most " +
                           std::to_string(kMaxCaseErrors) + " are)"});
    }
    return Status::Errors(std::move(list_));
  }

 private:
  std::vector<ErrorDetail> list_;
  size_t count_ = 0;
};

// A value error on fact `f`: "field `f`: expected <allowed>; got <what was
// received>[ (note)]". The value itself is shown only if not sensitive.
// Returns false, for `return ValueError(...)` where a value is refused.
bool ValueError(Problems& p, const std::string& code, const Fact& f, const json& v, const std::string& note = {}) {
  std::string msg = "field `" + f.name + "`: expected " + AllowedOf(f) + "; got " + Got(v, f.sensitive);
  std::string extra = note;
  // A did-you-mean only for a misspelt value, not for a value of the wrong type.
  if (!f.sensitive && v.is_string() && code == "case.unknown_value" &&
      (f.type == FactType::kEnum || f.type == FactType::kSet)) {
    std::string s = Suggest(v.get_ref<const std::string&>(), f.values);
    if (!s.empty()) extra += (extra.empty() ? "" : "; ") + std::string("did you mean `") + s + "`?";
  }
  if (!extra.empty()) msg += " (" + extra + ")";
  p.Add(code, f.name, std::move(msg));
  return false;
}

bool Encode(const Fact& f, const json& v, int64_t* out, std::string* text, Problems& p) {
  switch (f.type) {
    case FactType::kBool:
      if (!v.is_boolean()) return ValueError(p, "case.bad_type", f, v);
      *out = v.get<bool>();
      return true;
    case FactType::kInt: {
      // JSON has numbers, not integers: 1.0 and 1e2 are the integers 1 and
      // 100, as JSON Schema's "integer" says (the case contract). 12.5 is not.
      int64_t n = 0;
      if (v.is_number_float()) {
        const double d = v.get<double>();
        // int64 is [-2^63, 2^63), both ends exact as doubles; the range is
        // checked before the cast, which is undefined outside it. Every
        // double outside it is a whole number, so "out of range" is right.
        if (!(d >= -0x1p63 && d < 0x1p63)) return ValueError(p, "case.out_of_range", f, v, "out of range");
        n = static_cast<int64_t>(d);
        if (static_cast<double>(n) != d) return ValueError(p, "case.bad_type", f, v);  // 12.5
      } else if (!v.is_number_integer()) {
        return ValueError(p, "case.bad_type", f, v);
      } else if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(f.max)) {
        return ValueError(p, "case.out_of_range", f, v, "out of range");
      } else {
        n = v.get<int64_t>();
      }
      if (n < f.min || n > f.max) return ValueError(p, "case.out_of_range", f, v, "out of range");
      *out = n;
      return true;
    }
    case FactType::kEnum: {
      if (!v.is_string()) return ValueError(p, "case.bad_type", f, v);
      const auto& s = v.get_ref<const std::string&>();
      auto it = std::find(f.values.begin(), f.values.end(), s);
      if (it == f.values.end()) return ValueError(p, "case.unknown_value", f, v, "not an allowed value");
      *out = it - f.values.begin();
      return true;
    }
    case FactType::kSet: {
      if (!v.is_array()) return ValueError(p, "case.bad_type", f, v);
      uint64_t mask = 0;
      bool ok = true;
      for (const auto& item : v) {
        if (!item.is_string()) {
          ValueError(p, "case.bad_type", f, item, "in the list");
          ok = false;
          continue;
        }
        const auto& s = item.get_ref<const std::string&>();
        auto it = std::find(f.values.begin(), f.values.end(), s);
        if (it == f.values.end()) {
          ValueError(p, "case.unknown_value", f, item, "in the list: not an allowed value");
          ok = false;
          continue;
        }
        mask |= uint64_t{1} << (it - f.values.begin());
      }
      *out = static_cast<int64_t>(mask);
      return ok;
    }
    case FactType::kString: {
      if (!v.is_string()) return ValueError(p, "case.bad_type", f, v);
      *text = v.get<std::string>();
      auto it = std::find(f.constants.begin(), f.constants.end(), *text);
      *out = it == f.constants.end() ? -1 : it - f.constants.begin();
      return true;
    }
    case FactType::kDate: {
      if (!v.is_string()) return ValueError(p, "case.bad_type", f, v);
      auto d = ParseDate(v.get_ref<const std::string&>());
      if (!d) return ValueError(p, "case.bad_date", f, v);
      *out = *d;
      return true;
    }
  }
  p.Add("case.bad_type", f.name, "unknown type");
  return false;
}

// Ley 1098 art. 3 par. 1: minority in doubt => presumed minor. The age is
// left absent (conditions on it do not hold), with a warning, and every
// referral of the decision needs a person to confirm it.
void PresumeMinor(const std::string& detail, CaseValues& c) {
  c.warnings.push_back({"age_unknown_presumed_minor", detail});
  c.confirm_all = true;
}

Status DeriveAge(const Model& model, const Fact& f, CaseValues& c, int64_t* out, bool* present) {
  const AgeDerivation& a = f.age;
  auto has = [&](int i) { return i >= 0 && c.present[i]; };
  auto name = [&](int i) { return model.facts[i].name; };
  const bool documented = a.documented < 0 || (has(a.documented) && c.values[a.documented] != 0);
  const bool presume_minor = a.majority_months > 0;
  *present = true;
  if (!has(a.as_of)) {
    return Status::Error("case.age_unknown", "`" + f.name + "` needs `" + name(a.as_of) + "`", name(a.as_of));
  }
  const int64_t as_of = c.values[a.as_of];
  if (has(a.birth_date) && c.values[a.birth_date] > as_of) {
    return Status::Error("case.birth_after_evaluation",
                         "field `" + name(a.birth_date) + "`: the birth date is after `" + name(a.as_of) + "`",
                         name(a.birth_date));
  }
  if (has(a.estimate) && has(a.estimate_max) && c.values[a.estimate_max] < c.values[a.estimate]) {
    return Status::Error("case.bad_estimate",
                         "field `" + name(a.estimate_max) + "`: the maximum estimate (" +
                             std::to_string(c.values[a.estimate_max]) + ") is below `" + name(a.estimate) + "` (" +
                             std::to_string(c.values[a.estimate]) + ")",
                         name(a.estimate_max));
  }
  // 1. A documented birth date.
  if (documented && has(a.birth_date)) {
    *out = WholeMonthsBetween(c.values[a.birth_date], as_of);
    c.derived.push_back({f.name, std::to_string(*out)});
    return Status::Ok();
  }
  // 2. Otherwise the lower bound of the estimate (also when the age is said
  //    to be documented but the birth date was not sent).
  if (has(a.estimate)) {
    *out = c.values[a.estimate];
  } else if (!documented && has(a.birth_date)) {
    // 3. An undocumented birth date, as the presumed (lower) age; when it
    //    says the person is an adult, minority is still in doubt.
    *out = WholeMonthsBetween(c.values[a.birth_date], as_of);
    if (presume_minor && *out >= a.majority_months) {
      *present = false;
      PresumeMinor(name(a.birth_date), c);
      return Status::Ok();
    }
  } else if (presume_minor) {
    // 4. Nothing to take an age from: presumed a minor of unknown age.
    *present = false;
    PresumeMinor(f.name, c);
    return Status::Ok();
  } else if (documented) {
    return Status::Error("case.age_unknown",
                         "`" + f.name + "` cannot be derived: the age is documented but `" + name(a.birth_date) +
                             "` is missing" + (a.estimate >= 0 ? " (and there is no `" + name(a.estimate) + "`)" : ""),
                         name(a.birth_date));
  } else {
    return Status::Error("case.age_unknown",
                         "`" + f.name + "` cannot be derived: give " + name(a.birth_date) +
                             (a.estimate >= 0 ? " or " + name(a.estimate) : ""),
                         a.estimate >= 0 ? name(a.estimate) : name(a.birth_date));
  }
  c.warnings.push_back({"age_presumed_lower_bound", f.name});
  c.derived.push_back({f.name, std::to_string(*out)});
  return Status::Ok();
}

// The engine-level field `capacity` (policy §8: map<service_id,int>, places
// available per service, from HSDS service_capacity.available): an object
// whose keys are catalogue service ids and whose values are integers >= 0.
// Validated and kept; no rule reads it yet (the R4 capacity fallback).
// Keys given twice (`duplicated`, as paths `capacity.<key>`) are not read.
void ReadCapacity(const Model& model, const json& v, const std::set<std::string>& duplicated, CaseValues& c,
                  Problems& p) {
  if (v.is_null()) return;
  if (!v.is_object()) {
    p.Add("case.bad_type", "capacity",
          "field `capacity`: expected an object mapping service ids to places available; got " + Got(v, false));
    return;
  }
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string field = "capacity." + it.key();
    if (duplicated.count(field)) continue;
    if (model.FindService(it.key()) < 0) {
      std::vector<std::string> ids;
      for (const auto& s : model.services) ids.push_back(s.id);
      std::string s = Suggest(it.key(), ids);
      p.Add("case.unknown_service", field,
            "field `" + Quoted(field) + "`: `" + Quoted(it.key()) + "` is not a service of the catalogue" +
                (s.empty() ? "" : " (did you mean `" + s + "`?)"));
      continue;
    }
    const json& n = it.value();
    if (!n.is_number_integer()) {
      p.Add("case.bad_type", field,
            "field `" + field + "`: expected an integer >= 0; got " + Got(n, false));
      continue;
    }
    if (n.is_number_unsigned() ? n.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                               : n.get<int64_t>() < 0) {
      p.Add("case.out_of_range", field,
            "field `" + field + "`: expected an integer >= 0; got " + Got(n, false) + " (out of range)");
      continue;
    }
    c.capacity.emplace_back(it.key(), n.get<int64_t>());
  }
}

// A case's text checked and parsed: the JSON tree, and every key given twice
// (as a path: `caregiver_consent`, `capacity.ICBF_PARD`), sorted.
struct ParsedCase {
  json doc;
  std::vector<std::string> duplicates;
};

// The limits of CaseLimits, from a pre-scan of the text (util/input_scan.h),
// which *scan receives.
Status CheckLimits(std::string_view text, CaseFormat format, const CaseLimits& limits, ScanResult* scan) {
  if (text.size() > limits.max_case_bytes) {
    return Status::Error("limit.case_size", "the case has " + std::to_string(text.size()) +
                                                " bytes; the limit is " + std::to_string(limits.max_case_bytes) +
                                                " (raise it with DecideOptions::limits.max_case_bytes or "
                                                "`referral --limit case_bytes=N`)");
  }
  // A case is an object of scalars and lists: deep nesting is never valid,
  // and parsers recurse on it.
  constexpr size_t kMaxYamlCaseAliases = 64;
  *scan = format == CaseFormat::kYaml ? ScanYaml(text, limits.max_case_depth, kMaxYamlCaseAliases)
                                      : ScanJson(text, limits.max_case_depth);
  if (scan->depth_line || scan->alias_line) {
    return Status::Error("limit.case_depth", "the case nests more than " + std::to_string(limits.max_case_depth) +
                                                 " levels deep" + (scan->alias_line ? " or uses too many aliases" : "") +
                                                 " (raise it with DecideOptions::limits.max_case_depth or "
                                                 "`referral --limit case_depth=N`)");
  }
  return Status::Ok();
}

StatusOr<ParsedCase> ParseCase(std::string_view text, CaseFormat format, const CaseLimits& limits) {
  ScanResult scan;
  if (Status s = CheckLimits(text, format, limits, &scan); !s.ok()) return s;
  // Both parsers stop at a NUL byte as if the text ended there, so whatever
  // follows one would be ignored: `{case}\0{other case}`.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Status::Error("case.nul_byte", "the case holds a NUL byte (at " + Where(text, nul) +
                                              "); a case is text: exactly one JSON object or YAML document");
  }
  if (size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    const unsigned char b = static_cast<unsigned char>(text[bad]);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", b);
    return Status::Error("case.bad_encoding",
                         std::string("the case is not valid UTF-8: byte ") + hex + " at " + Where(text, bad) +
                             (b >= 0xA0 ? " (it looks like Latin-1 or Windows-1252 text: send UTF-8)" : " (send UTF-8)"));
  }
  std::string converted;
  size_t value_end = scan.value_end;
  if (format == CaseFormat::kYaml) {
    auto j = YamlToJsonText(text, limits.max_case_bytes);
    if (!j.ok()) return j.status();
    converted = std::move(j).value();
    text = converted;
    value_end = 0;
  }
  // The parser keeps the last of two equal keys; the callback sees every key
  // (unescaped) and lists those an object already has.
  struct Frame {
    bool object = false;
    std::set<std::string> keys;
    std::string key;  // the key being read
  };
  std::vector<Frame> frames;
  ParsedCase out;
  auto callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        frames.push_back({event == json::parse_event_t::object_start, {}, {}});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames.empty()) frames.pop_back();
        break;
      case json::parse_event_t::key: {
        if (frames.empty()) break;
        const std::string& key = parsed.get_ref<const std::string&>();
        Frame& top = frames.back();
        if (!top.keys.insert(key).second) {
          std::string path;
          for (size_t i = 0; i + 1 < frames.size(); ++i) {
            if (frames[i].object) path += (path.empty() ? "" : ".") + frames[i].key;
            else path += "[]";
          }
          out.duplicates.push_back(path + (path.empty() ? "" : ".") + key);
        }
        top.key = key;
        break;
      }
      case json::parse_event_t::value:
        break;
    }
    return true;
  };
  try {
    out.doc = json::parse(text.begin(), text.end(), callback);
  } catch (const json::parse_error& e) {
    if (value_end > 0 && e.byte > value_end) {
      return Status::Error("case.trailing_data", "the case is one JSON value, but more follows it (at " +
                                                     Where(text, value_end) +
                                                     "): send exactly one JSON object, each case on its own");
    }
    return Status::Error("case.bad_json", "the case is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  std::sort(out.duplicates.begin(), out.duplicates.end());
  out.duplicates.erase(std::unique(out.duplicates.begin(), out.duplicates.end()), out.duplicates.end());
  return out;
}

}  // namespace

Status CheckCaseLimits(std::string_view text, CaseFormat format, const CaseLimits& limits) {
  ScanResult scan;
  return CheckLimits(text, format, limits, &scan);
}

bool IsEvaluationDate(const Model& model, int f) {
  if (f < 0 || model.facts[f].type != FactType::kDate) return false;
  if (f == model.date_fact || model.facts[f].name == "evaluation_date") return true;
  return std::any_of(model.facts.begin(), model.facts.end(),
                     [&](const Fact& d) { return d.derived && d.age.as_of == f; });
}

StatusOr<CaseValues> ReadCase(const Model& model, std::string_view text, CaseFormat format,
                              const CaseLimits& limits, std::optional<int64_t> decision_day) {
  auto parsed = ParseCase(text, format, limits);
  if (!parsed.ok()) return parsed.status();
  const json& doc = parsed->doc;
  Problems problems;
  for (const auto& key : parsed->duplicates) {
    problems.Add("case.duplicate_key", key,
                 "the key `" + Quoted(key) + "` is given more than once; give each field once (its value is not "
                                             "read)");
  }
  if (!doc.is_object()) {
    problems.Add("case.not_object", "", "the case must be a JSON object; got " + Got(doc, true));
    return std::move(problems).ToStatus();
  }
  const std::set<std::string> duplicated(parsed->duplicates.begin(), parsed->duplicates.end());

  CaseValues c;
  const size_t n = model.facts.size();
  c.values.assign(n, 0);
  c.present.assign(n, 0);
  c.strings.assign(n, {});
  std::vector<uint8_t> bad(n, 0);  // a fact whose value was refused (or given twice)
  std::vector<std::string> names = {"case_id", "capacity"};
  for (const auto& f : model.facts) {
    if (!f.derived) names.push_back(f.name);
  }
  bool has_id = false;
  // Keys in sorted order (nlohmann's object is a std::map), so the problems
  // reported do not depend on the input's key order.
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    const int f = model.FindFact(key);
    if (duplicated.count(key)) {
      has_id = has_id || key == "case_id";
      if (f >= 0) bad[f] = 1;
      continue;
    }
    if (key == "capacity") {
      ReadCapacity(model, v, duplicated, c, problems);
      continue;
    }
    if (key == "case_id") {
      has_id = true;
      if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
        problems.Add("case.bad_type", "case_id", "field `case_id`: expected a non-empty string; got " + Got(v, false));
        continue;
      }
      // A case id is shown in explanations and records: a newline or a
      // terminal escape in it could forge lines or hide text.
      c.case_id = v.get<std::string>();
      if (auto ctl = FirstControl(c.case_id)) {
        problems.Add("case.bad_case_id", "case_id",
                     "field `case_id`: a case id may not hold control characters; found " +
                         CodePointName(ctl->code_point) + " at byte " + std::to_string(ctl->offset + 1) + " of it");
      }
      continue;
    }
    if (f < 0 && problems.full()) {
      problems.Count();
      continue;
    }
    if (f < 0) {
      std::string s = Suggest(key, names);
      problems.Add("case.unknown_field", key,
                   "unknown field `" + Quoted(key) + "`" + (s.empty() ? "" : " (did you mean `" + s + "`?)"));
      continue;
    }
    const Fact& fact = model.facts[f];
    if (fact.derived) {
      const AgeDerivation& a = fact.age;
      std::string inputs;
      for (int i : {a.birth_date, a.documented, a.estimate}) {
        if (i >= 0) inputs += (inputs.empty() ? "" : ", ") + model.facts[i].name;
      }
      problems.Add("case.derived_field", key,
                   "field `" + key + "` is derived by the rule set; do not send it: send its inputs (" + inputs +
                       ") instead");
      continue;
    }
    if (v.is_null()) continue;
    if (!Encode(fact, v, &c.values[f], &c.strings[f], problems)) {
      bad[f] = 1;
      continue;
    }
    // An evaluation date after the decision time is a typo (2062 for 2026)
    // that would silently make a child an adult, or a child not yet born.
    if (decision_day && IsEvaluationDate(model, f) && c.values[f] > *decision_day + 1) {
      problems.Add("case.future_evaluation_date", key,
                   "field `" + key + "`: " + (fact.sensitive ? std::string("the date") : FormatDate(c.values[f])) +
                       " is more than a day after the decision time (" + FormatDate(*decision_day) +
                       "); an evaluation date cannot be in the future: check it");
      bad[f] = 1;
      continue;
    }
    c.present[f] = 1;
  }
  if (!has_id) problems.Add("case.missing_field", "case_id", "missing required field `case_id`");
  for (size_t f = 0; f < n; ++f) {
    const Fact& fact = model.facts[f];
    if (c.present[f] || bad[f] || fact.derived) continue;
    if (fact.required) {
      problems.Add("case.missing_field", fact.name, "missing required field `" + fact.name + "`");
      bad[f] = 1;
      continue;
    }
    if (fact.has_default) {
      c.values[f] = fact.default_value;
      c.present[f] = 1;
    }
  }
  for (size_t f = 0; f < n; ++f) {
    if (!model.facts[f].derived) continue;
    // A derivation from a refused input would only repeat that problem.
    const auto inputs = model.facts[f].age.Inputs();
    if (std::any_of(inputs.begin(), inputs.end(), [&](int i) { return bad[i] != 0; })) continue;
    bool present = true;
    Status s = DeriveAge(model, model.facts[f], c, &c.values[f], &present);
    if (!s.ok()) {
      problems.Add(s.code(), s.field(), s.message());
      continue;
    }
    c.present[f] = present ? 1 : 0;
  }
  if (!problems.empty()) return std::move(problems).ToStatus();
  return c;
}

std::string FormatValue(const Model& model, const CaseValues& c, int f) {
  const Fact& fact = model.facts[f];
  if (!c.present[f]) return "(none)";
  int64_t v = c.values[f];
  switch (fact.type) {
    case FactType::kBool: return v ? "true" : "false";
    case FactType::kInt: return std::to_string(v);
    case FactType::kEnum: return fact.values[v];
    case FactType::kSet: {
      std::vector<std::string> items;
      for (size_t i = 0; i < fact.values.size(); ++i) {
        if ((static_cast<uint64_t>(v) >> i) & 1) items.push_back(fact.values[i]);
      }
      return "[" + Join(items) + "]";
    }
    // Free text from the case: shown to people, so never raw.
    case FactType::kString: return Printable(c.strings[f]);
    case FactType::kDate: return FormatDate(v);
  }
  return "";
}

}  // namespace referral::internal

namespace referral {

std::string PeekCaseId(std::string_view text, CaseFormat format) {
  // Only within the default limits: this runs on cases already refused.
  auto parsed = internal::ParseCase(text, format, CaseLimits{});
  if (!parsed.ok() || !parsed->doc.is_object()) return {};
  // Not an id the case gives twice, nor one that could not be shown safely.
  const auto& dups = parsed->duplicates;
  if (std::find(dups.begin(), dups.end(), "case_id") != dups.end()) return {};
  auto it = parsed->doc.find("case_id");
  if (it == parsed->doc.end() || !it->is_string()) return {};
  std::string id = it->get<std::string>();
  if (internal::FirstControl(id)) return {};
  return id;
}

}  // namespace referral
