// Validates a case (JSON object, or YAML converted to one) against the rule
// set's facts and encodes it into slots; then derives the derived facts.
// The text is checked first as text (limits, NUL bytes, UTF-8, one value,
// no key twice), then field by field, collecting every problem.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "case/case_direct.h"
#include "case/case_values.h"
#include "diag/diag_sink.h"
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
std::string Where(std::string_view text, size_t offset, Lang lang) {
  offset = std::min(offset, text.size());
  const size_t line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  const size_t start = text.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
  const size_t column = offset - (start == std::string_view::npos ? 0 : start + 1) + 1;
  return RenderMessage("text.where", lang, {std::to_string(line), std::to_string(column)});
}

std::string AllowedOf(const Fact& f, Lang lang) {
  switch (f.type) {
    case FactType::kBool: return RenderMessage("text.bool", lang, {});
    case FactType::kInt: {
      std::string lo = f.min == std::numeric_limits<int64_t>::min() ? "" : std::to_string(f.min);
      std::string hi = f.max == std::numeric_limits<int64_t>::max() ? "" : std::to_string(f.max);
      if (lo.empty() && hi.empty()) return RenderMessage("text.int", lang, {});
      if (hi.empty()) return RenderMessage("text.int_min", lang, {lo});
      if (lo.empty()) return RenderMessage("text.int_max", lang, {hi});
      return RenderMessage("text.int_range", lang, {lo, hi});
    }
    case FactType::kEnum: return RenderMessage("text.one_of", lang, {Join(f.values)});
    case FactType::kSet: return RenderMessage("text.list_of", lang, {Join(f.values)});
    case FactType::kString: return RenderMessage("text.string", lang, {});
    case FactType::kDate: return RenderMessage("text.date", lang, {});
  }
  return "";
}

// What was received, with its JSON type: `the string "1"`, `the integer 169`,
// `the number 12.5`, `the boolean true`, `null`, `the list [...]`, `an
// object`. For a sensitive fact only the type: `a string`.
std::string Got(const json& v, bool sensitive, Lang lang) {
  auto words = [&](const char* kind, const char* the, std::string shown) {
    return sensitive ? RenderMessage(kind, lang, {}) : RenderMessage(the, lang, {std::move(shown)});
  };
  switch (v.type()) {
    case json::value_t::string:
      // JSON-quoted (control characters escaped), then bidi controls too.
      return words("text.string", "text.the_string",
                   Printable(json(Truncated(v.get_ref<const std::string&>(), 60)).dump()));
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return words("text.int", "text.the_integer", v.dump());
    case json::value_t::number_float:
      return words("text.a_number", "text.the_number", v.dump());
    case json::value_t::boolean:
      return words("text.a_boolean", "text.the_boolean", v.get<bool>() ? "true" : "false");
    case json::value_t::null:
      return "null";
    case json::value_t::array:
      if (v.empty()) return RenderMessage("text.a_list", lang, {});
      return words("text.a_list", "text.the_list", Printable(Truncated(v.dump(), 60)));
    default:
      return RenderMessage("text.an_object", lang, {});
  }
}

// Collects the problems of one case, in the order they are found (which is
// made independent of the input's key order by the callers), up to
// kMaxCaseErrors.
class Problems {
 public:
  explicit Problems(Lang lang) : lang_(lang) {}
  Lang lang() const { return lang_; }
  // The message of `key` (the code, or another catalogue key) in the case's language.
  std::string Words(std::string_view key, const std::vector<std::string>& args = {}) const {
    return RenderMessage(key, lang_, args);
  }
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
                       Words("case.too_many_errors", {std::to_string(count_ - list_.size()), std::to_string(kMaxCaseErrors)})});
    }
    return Status::Errors(std::move(list_));
  }

 private:
  Lang lang_;
  std::vector<ErrorDetail> list_;
  size_t count_ = 0;
};

// A value error on fact `f`: "field `f`: expected <allowed>; got <what was
// received>[ (note)]", `note` a catalogue key. The value itself is shown only
// if not sensitive.
// Returns false, for `return ValueError(...)` where a value is refused.
bool ValueError(Problems& p, const std::string& code, const Fact& f, const json& v, const char* note = nullptr) {
  std::string msg = p.Words("case.value", {f.name, AllowedOf(f, p.lang()), Got(v, f.sensitive, p.lang())});
  std::string extra = note ? p.Words(note) : "";
  // A did-you-mean only for a misspelt value, not for a value of the wrong type.
  if (!f.sensitive && v.is_string() && code == "case.unknown_value" &&
      (f.type == FactType::kEnum || f.type == FactType::kSet)) {
    std::string s = Suggest(v.get_ref<const std::string&>(), f.values);
    if (!s.empty()) extra += (extra.empty() ? "" : "; ") + p.Words("help.did_you_mean", {s});
  }
  if (!extra.empty()) msg += " (" + extra + ")";
  p.Add(code, f.name, std::move(msg));
  return false;
}

// JSON has numbers, not integers: 1.0 and 1e2 are the integers 1 and 100,
// as JSON Schema's "integer" says (the case contract); 12.5 is not one.
enum class Whole { kOk, kNot, kBeyondInt64 };
Whole ReadWhole(const json& v, int64_t* out) {
  if (v.is_number_float()) {
    const double d = v.get<double>();
    // int64 is [-2^63, 2^63), both ends exact as doubles; the range is
    // checked before the cast, which is undefined outside it. Every double
    // outside it is a whole number.
    if (!(d >= -0x1p63 && d < 0x1p63)) return Whole::kBeyondInt64;
    *out = static_cast<int64_t>(d);
    return static_cast<double>(*out) == d ? Whole::kOk : Whole::kNot;
  }
  if (!v.is_number_integer()) return Whole::kNot;
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Whole::kBeyondInt64;
  }
  *out = v.get<int64_t>();
  return Whole::kOk;
}

bool Encode(const Fact& f, const json& v, int64_t* out, std::string* text, Problems& p) {
  switch (f.type) {
    case FactType::kBool:
      if (!v.is_boolean()) return ValueError(p, "case.bad_type", f, v);
      *out = v.get<bool>();
      return true;
    case FactType::kInt: {
      int64_t n = 0;
      switch (ReadWhole(v, &n)) {
        case Whole::kNot: return ValueError(p, "case.bad_type", f, v);  // "1", 12.5, true
        case Whole::kBeyondInt64: return ValueError(p, "case.out_of_range", f, v, "text.out_of_range");
        case Whole::kOk: break;
      }
      if (n < f.min || n > f.max) return ValueError(p, "case.out_of_range", f, v, "text.out_of_range");
      *out = n;
      return true;
    }
    case FactType::kEnum: {
      if (!v.is_string()) return ValueError(p, "case.bad_type", f, v);
      const auto& s = v.get_ref<const std::string&>();
      auto it = std::find(f.values.begin(), f.values.end(), s);
      if (it == f.values.end()) return ValueError(p, "case.unknown_value", f, v, "text.not_allowed");
      *out = it - f.values.begin();
      return true;
    }
    case FactType::kSet: {
      if (!v.is_array()) return ValueError(p, "case.bad_type", f, v);
      uint64_t mask = 0;
      bool ok = true;
      for (const auto& item : v) {
        if (!item.is_string()) {
          ValueError(p, "case.bad_type", f, item, "text.in_list");
          ok = false;
          continue;
        }
        const auto& s = item.get_ref<const std::string&>();
        auto it = std::find(f.values.begin(), f.values.end(), s);
        if (it == f.values.end()) {
          ValueError(p, "case.unknown_value", f, item, "text.in_list_not_allowed");
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

Status DeriveAge(const Model& model, const Fact& f, CaseValues& c, int64_t* out, bool* present, Lang lang) {
  const AgeDerivation& a = f.age;
  auto has = [&](int i) { return i >= 0 && c.present[i]; };
  auto name = [&](int i) { return model.facts[i].name; };
  const bool documented = a.documented < 0 || (has(a.documented) && c.values[a.documented] != 0);
  const bool presume_minor = a.majority_months > 0;
  *present = true;
  if (!has(a.as_of)) {
    return Status::Error("case.age_unknown", RenderMessage("case.age_needs", lang, {f.name, name(a.as_of)}),
                         name(a.as_of));
  }
  const int64_t as_of = c.values[a.as_of];
  if (has(a.birth_date) && c.values[a.birth_date] > as_of) {
    return Status::Error("case.birth_after_evaluation",
                         RenderMessage("case.birth_after_evaluation", lang, {name(a.birth_date), name(a.as_of)}),
                         name(a.birth_date));
  }
  if (has(a.estimate) && has(a.estimate_max) && c.values[a.estimate_max] < c.values[a.estimate]) {
    return Status::Error("case.bad_estimate",
                         RenderMessage("case.bad_estimate", lang,
                                       {name(a.estimate_max), std::to_string(c.values[a.estimate_max]),
                                        name(a.estimate), std::to_string(c.values[a.estimate])}),
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
                         a.estimate >= 0 ? RenderMessage("case.age_documented_without_either", lang,
                                                         {f.name, name(a.birth_date), name(a.estimate)})
                                         : RenderMessage("case.age_documented_without_birth_date", lang,
                                                         {f.name, name(a.birth_date)}),
                         name(a.birth_date));
  } else {
    return Status::Error("case.age_unknown",
                         a.estimate >= 0
                             ? RenderMessage("case.age_give_either", lang, {f.name, name(a.birth_date), name(a.estimate)})
                             : RenderMessage("case.age_give", lang, {f.name, name(a.birth_date)}),
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
          p.Words("case.value", {"capacity", p.Words("text.capacity"), Got(v, false, p.lang())}));
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
            p.Words("case.unknown_service", {Quoted(field), Quoted(it.key())}) +
                (s.empty() ? "" : " (" + p.Words("help.did_you_mean", {s}) + ")"));
      continue;
    }
    const json& n = it.value();
    int64_t places = 0;
    const Whole whole = ReadWhole(n, &places);
    if (whole == Whole::kNot) {
      p.Add("case.bad_type", field, p.Words("case.value", {field, p.Words("text.int_min", {"0"}), Got(n, false, p.lang())}));
      continue;
    }
    if (whole == Whole::kBeyondInt64 || places < 0) {
      p.Add("case.out_of_range", field,
            p.Words("case.value", {field, p.Words("text.int_min", {"0"}), Got(n, false, p.lang())}) + " (" +
                p.Words("text.out_of_range") + ")");
      continue;
    }
    c.capacity.emplace_back(it.key(), places);
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
Status CheckLimits(std::string_view text, CaseFormat format, const CaseLimits& limits, ScanResult* scan, Lang lang) {
  if (text.size() > limits.max_case_bytes) {
    return Status::Error("limit.case_size", RenderMessage("limit.case_size", lang,
                                                          {std::to_string(text.size()),
                                                           std::to_string(limits.max_case_bytes)}));
  }
  // A case is an object of scalars and lists: deep nesting is never valid,
  // and parsers recurse on it.
  constexpr size_t kMaxYamlCaseAliases = 64;
  *scan = format == CaseFormat::kYaml ? ScanYaml(text, limits.max_case_depth, kMaxYamlCaseAliases)
                                      : ScanJson(text, limits.max_case_depth);
  if (scan->depth_line || scan->alias_line) {
    return Status::Error("limit.case_depth",
                         RenderMessage("limit.case_depth", lang,
                                       {std::to_string(limits.max_case_depth),
                                        scan->alias_line ? RenderMessage("text.or_aliases", lang, {}) : ""}));
  }
  return Status::Ok();
}

StatusOr<ParsedCase> ParseCase(std::string_view text, CaseFormat format, const CaseLimits& limits, Lang lang) {
  ScanResult scan;
  if (Status s = CheckLimits(text, format, limits, &scan, lang); !s.ok()) return s;
  // Both parsers stop at a NUL byte as if the text ended there, so whatever
  // follows one would be ignored: `{case}\0{other case}`.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Status::Error("case.nul_byte", RenderMessage("case.nul_byte", lang, {Where(text, nul, lang)}));
  }
  if (size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    const unsigned char b = static_cast<unsigned char>(text[bad]);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", b);
    return Status::Error("case.bad_encoding",
                         RenderMessage("case.bad_encoding", lang,
                                       {hex, Where(text, bad, lang),
                                        RenderMessage(b >= 0xA0 ? "text.latin1" : "text.send_utf8", lang, {})}));
  }
  std::string converted;
  size_t value_end = scan.value_end;
  if (format == CaseFormat::kYaml) {
    auto j = YamlToJsonText(text, limits.max_case_bytes, lang);
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
  } catch (const json::out_of_range& e) {
    // A number beyond any double (1e400): the parser stops and names it in
    // its message, `... parsing '1e400'`.
    const std::string_view what = e.what();
    const size_t open = what.find('\''), close = what.rfind('\'');
    const std::string number = open < close ? Quoted(what.substr(open + 1, close - open - 1)) : "?";
    return Status::Error("case.number_too_large", RenderMessage("case.number_too_large", lang, {number}));
  } catch (const json::parse_error& e) {
    if (value_end > 0 && e.byte > value_end) {
      return Status::Error("case.trailing_data",
                           RenderMessage("case.trailing_data", lang, {Where(text, value_end, lang)}));
    }
    return Status::Error("case.bad_json", RenderMessage("case.bad_json", lang, {std::to_string(e.byte)}));
  }
  std::sort(out.duplicates.begin(), out.duplicates.end());
  out.duplicates.erase(std::unique(out.duplicates.begin(), out.duplicates.end()), out.duplicates.end());
  return out;
}

}  // namespace

bool IsEvaluationDate(const Model& model, int f) {
  if (f < 0 || model.facts[f].type != FactType::kDate) return false;
  if (f == model.date_fact || model.facts[f].name == "evaluation_date") return true;
  return std::any_of(model.facts.begin(), model.facts.end(),
                     [&](const Fact& d) { return d.derived && d.age.as_of == f; });
}

namespace {

// After the fields: the case id, required facts, defaults, derived facts.
void FinishCase(const Model& model, bool has_id, std::vector<uint8_t>& bad, CaseValues& c, Problems& problems,
                Lang lang) {
  const size_t n = model.facts.size();
  if (!has_id) problems.Add("case.missing_field", "case_id", problems.Words("case.missing_field", {"case_id"}));
  for (size_t f = 0; f < n; ++f) {
    const Fact& fact = model.facts[f];
    if (c.present[f] || bad[f] || fact.derived) continue;
    if (fact.required) {
      problems.Add("case.missing_field", fact.name, problems.Words("case.missing_field", {fact.name}));
      bad[f] = 1;
      continue;
    }
    if (fact.has_default) {
      c.values[f] = fact.default_value;
      c.present[f] = kDefaulted;
    }
  }
  for (size_t f = 0; f < n; ++f) {
    if (!model.facts[f].derived) continue;
    // A derivation from a refused input would only repeat that problem.
    const auto inputs = model.facts[f].age.Inputs();
    if (std::any_of(inputs.begin(), inputs.end(), [&](int i) { return bad[i] != 0; })) continue;
    bool present = true;
    Status s = DeriveAge(model, model.facts[f], c, &c.values[f], &present, lang);
    if (!s.ok()) {
      problems.Add(s.code(), s.field(), s.message());
      continue;
    }
    c.present[f] = present ? 1 : 0;
  }
}

}  // namespace

StatusOr<CaseValues> ReadCaseTree(const Model& model, std::string_view text, CaseFormat format,
                                  const CaseLimits& limits, std::optional<int64_t> decision_day, Lang lang) {
  auto parsed = ParseCase(text, format, limits, lang);
  if (!parsed.ok()) return parsed.status();
  const json& doc = parsed->doc;
  Problems problems(lang);
  for (const auto& key : parsed->duplicates) {
    problems.Add("case.duplicate_key", key, problems.Words("case.duplicate_key", {Quoted(key)}));
  }
  if (!doc.is_object()) {
    problems.Add("case.not_object", "", problems.Words("case.not_object", {Got(doc, true, lang)}));
    return std::move(problems).ToStatus();
  }
  const std::set<std::string> duplicated(parsed->duplicates.begin(), parsed->duplicates.end());

  CaseValues c;
  const size_t n = model.facts.size();
  c.values.assign(n, 0);
  c.present.assign(n, 0);
  c.strings.assign(n, {});
  std::vector<uint8_t> bad(n, 0);  // a fact whose value was refused (or given twice)
  std::vector<std::string> names;  // the keys a case may have, for did-you-mean (built when needed)
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
        problems.Add("case.bad_type", "case_id",
                     problems.Words("case.value", {"case_id", problems.Words("text.nonempty_string"), Got(v, false, lang)}));
        continue;
      }
      // A case id is shown in explanations and records: a newline or a
      // terminal escape in it could forge lines or hide text.
      c.case_id = v.get<std::string>();
      if (auto ctl = FirstControl(c.case_id)) {
        problems.Add("case.bad_case_id", "case_id",
                     problems.Words("case.bad_case_id",
                                    {CodePointName(ctl->code_point), std::to_string(ctl->offset + 1)}));
      }
      continue;
    }
    if (f < 0 && problems.full()) {
      problems.Count();
      continue;
    }
    if (f < 0) {
      if (names.empty()) {
        names = {"case_id", "capacity"};
        for (const auto& fact : model.facts) {
          if (!fact.derived) names.push_back(fact.name);
        }
      }
      std::string s = Suggest(key, names);
      problems.Add("case.unknown_field", key,
                   problems.Words("case.unknown_field", {Quoted(key)}) +
                       (s.empty() ? "" : " (" + problems.Words("help.did_you_mean", {s}) + ")"));
      continue;
    }
    const Fact& fact = model.facts[f];
    if (fact.derived) {
      const AgeDerivation& a = fact.age;
      std::string inputs;
      for (int i : {a.birth_date, a.documented, a.estimate}) {
        if (i >= 0) inputs += (inputs.empty() ? "" : ", ") + model.facts[i].name;
      }
      problems.Add("case.derived_field", key, problems.Words("case.derived_field", {key, inputs}));
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
                   problems.Words("case.future_evaluation_date",
                                  {key, fact.sensitive ? problems.Words("text.the_date") : FormatDate(c.values[f]),
                                   FormatDate(*decision_day)}));
      bad[f] = 1;
      continue;
    }
    c.present[f] = 1;
  }
  FinishCase(model, has_id, bad, c, problems, lang);
  if (!problems.empty()) return std::move(problems).ToStatus();
  return c;
}

bool FinishDirectCase(const Model& model, CaseValues& c) {
  thread_local std::vector<uint8_t> bad;
  bad.assign(model.facts.size(), 0);
  Problems problems(Lang::kEn);
  FinishCase(model, true, bad, c, problems, Lang::kEn);
  return problems.empty();
}

Status ReadCaseInto(const Model& model, std::string_view text, CaseFormat format, const CaseLimits& limits,
                    std::optional<int64_t> decision_day, Lang lang, CaseValues* out) {
  if (format == CaseFormat::kJson && ReadCaseDirect(model, text, limits, decision_day, out)) return Status::Ok();
  auto read = ReadCaseTree(model, text, format, limits, decision_day, lang);
  if (!read.ok()) return read.status();
  *out = std::move(read).value();
  return Status::Ok();
}

StatusOr<CaseValues> ReadCase(const Model& model, std::string_view text, CaseFormat format,
                              const CaseLimits& limits, std::optional<int64_t> decision_day, Lang lang) {
  CaseValues c;
  Status s = ReadCaseInto(model, text, format, limits, decision_day, lang, &c);
  if (!s.ok()) return s;
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
  auto parsed = internal::ParseCase(text, format, CaseLimits{}, Lang::kEn);
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
