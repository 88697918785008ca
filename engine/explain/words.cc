#include "explain/words.h"

#include "diag/diag_sink.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

namespace referral::internal {

namespace {

bool Es(Lang lang) { return lang == Lang::kEs; }


// "a", "a o b", "a, b o c" (es: "u" before a word starting with o).
std::string Alternatives(const std::vector<std::string>& items, bool all, Lang lang) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      if (i + 1 < items.size()) {
        out += ", ";
      } else if (Es(lang)) {
        const bool o = !items[i].empty() && (items[i][0] == 'o' || items[i][0] == 'O');
        out += all ? (items[i][0] == 'i' ? " e " : " y ") : (o ? " u " : " o ");
      } else {
        out += all ? " and " : " or ";
      }
    }
    out += items[i];
  }
  return out;
}

bool IsAge(const Fact& f) { return f.derived && f.type == FactType::kInt; }

std::string Number(const Fact& f, int64_t v, Lang lang) {
  if (IsAge(f)) return AgeWords(v, lang);
  if (f.type == FactType::kDate) return FormatDate(v);
  return std::to_string(v);
}

}  // namespace

std::string Spaced(std::string_view code) {
  std::string s(code);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::optional<int64_t> TimeframeSeconds(std::string_view timeframe) {
  const size_t us = timeframe.find('_');
  if (us == 0 || us == std::string_view::npos || us > 4) return std::nullopt;
  int64_t n = 0;
  for (size_t i = 0; i < us; ++i) {
    if (timeframe[i] < '0' || timeframe[i] > '9') return std::nullopt;
    n = n * 10 + (timeframe[i] - '0');
  }
  const std::string_view unit = timeframe.substr(us + 1);
  int64_t scale = 0;
  if (unit == "hour" || unit == "hours") scale = 3600;
  else if (unit == "day" || unit == "days") scale = 86400;
  else if (unit == "week" || unit == "weeks") scale = 7 * 86400;
  if (scale == 0 || n == 0) return std::nullopt;
  return n * scale;
}

std::string TimeframeWords(std::string_view timeframe, Lang lang) {
  auto seconds = TimeframeSeconds(timeframe);
  if (!seconds) return std::string(timeframe);
  const std::string n(timeframe.substr(0, timeframe.find('_')));
  const bool one = n == "1";
  const std::string_view unit = timeframe.substr(timeframe.find('_') + 1);
  const char* code = unit.rfind("hour", 0) == 0  ? (one ? "words.hour" : "words.hours")
                     : unit.rfind("day", 0) == 0 ? (one ? "words.day" : "words.days")
                                                 : (one ? "words.week" : "words.weeks");
  return FillText(code, lang, {n});
}

namespace {

// `at` plus `seconds` at a UTC offset: the local day, "HH:MM", and the offset
// as "±HH:MM" ("" for UTC itself).
struct LocalTime {
  std::string date;
  std::string clock;
  std::string offset;
};

LocalTime LocalAt(const Instant& at, int64_t seconds, std::optional<int> utc_offset_minutes) {
  const int offset = utc_offset_minutes.value_or(0);
  const int64_t local = at.seconds + seconds + int64_t{offset} * 60;
  const int64_t day = local / 86400 - (local % 86400 < 0 ? 1 : 0);
  const int64_t in_day = local - day * 86400;
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day % 3600 / 60));
  LocalTime out{FormatDate(day), clock, ""};
  if (offset != 0) {
    char z[16];
    const int a = offset < 0 ? -offset : offset;
    std::snprintf(z, sizeof z, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 60, a % 60);
    out.offset = z;
  }
  return out;
}

}  // namespace

std::string DeadlineWords(const Instant& at, int64_t seconds, std::optional<int> utc_offset_minutes) {
  const LocalTime t = LocalAt(at, seconds, utc_offset_minutes);
  return t.date + " " + t.clock + " (UTC" + t.offset + ")";
}

std::string DeadlineRfc3339(const Instant& at, int64_t seconds, std::optional<int> utc_offset_minutes) {
  const LocalTime t = LocalAt(at, seconds, utc_offset_minutes);
  return t.date + "T" + t.clock + ":00" + (t.offset.empty() ? "Z" : t.offset);
}

std::string AgeWords(int64_t months, Lang lang) {
  const int64_t y = months / 12, mo = months % 12;
  const std::string years = FillText(y == 1 ? "words.year" : "words.years", lang, {std::to_string(y)});
  const std::string rest = FillText(mo == 1 ? "words.month" : "words.months", lang, {std::to_string(mo)});
  if (y == 0) return rest;
  if (mo == 0) return years;
  return FillText("words.age", lang, {years, rest});
}

std::string LegalBasisWords(std::string_view basis, Lang lang) {
  if (basis == "consent") return MessageText("words.basis_consent", lang);
  if (basis.rfind("legal_duty", 0) == 0) return MessageText("words.basis_duty", lang);
  return Spaced(basis);
}

std::string WarningWords(const Model& m, std::string_view code, Lang lang) {
  for (const auto& [c, text] : m.warning_texts) {
    if (c == code) return text.Get(lang);
  }
  // The engine's own warnings (warning.*; engine/diag/messages.cc).
  const std::string key = "warning." + std::string(code);
  return MessageText(key, lang);
}

const std::string& PriorityWords(const Priority& p, Lang lang) {
  return p.label.empty() ? p.id : p.label.Get(lang);
}

std::string ValueLabel(const Fact& f, size_t v, Lang lang) {
  if (v < f.value_labels.size() && !f.value_labels[v].empty()) return f.value_labels[v].Get(lang);
  return v < f.values.size() ? Spaced(f.values[v]) : std::string();
}

const std::string& FactWords(const Fact& f, Lang lang) { return f.label.empty() ? f.name : f.label.Get(lang); }

std::string ValueWords(const Model& m, int f, std::string_view value, Lang lang) {
  const Fact& fact = m.facts[f];
  if (fact.type == FactType::kBool) {
    if (value == "true") return MessageText("words.yes", lang);
    if (value == "false") return MessageText("words.no", lang);
  }
  if (IsAge(fact) && !value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos) {
    return AgeWords(std::stoll(std::string(value)), lang);
  }
  auto label = [&](std::string_view code) {
    auto it = std::find(fact.values.begin(), fact.values.end(), code);
    return it == fact.values.end() ? Spaced(code) : ValueLabel(fact, it - fact.values.begin(), lang);
  };
  if (fact.type == FactType::kEnum) return label(value);
  if (fact.type == FactType::kSet) {
    std::string_view inner = value;
    if (inner.size() >= 2 && inner.front() == '[' && inner.back() == ']') inner = inner.substr(1, inner.size() - 2);
    if (inner.empty()) return MessageText("words.none", lang);
    std::string out;
    for (size_t at = 0; at <= inner.size();) {  // FormatValue joins a set's values with ", "
      size_t comma = inner.find(", ", at);
      if (comma == std::string_view::npos) comma = inner.size();
      out += (out.empty() ? "" : ", ") + label(inner.substr(at, comma - at));
      at = comma + 2;
    }
    return out;
  }
  return std::string(value);
}

std::string TestWords(const Model& m, const Test& t, bool negated, Lang lang) {
  const Fact& fact = m.facts[t.fact];
  auto names = [&]() {
    const bool text = fact.type == FactType::kString;
    const std::vector<std::string>& all = text ? fact.constants : fact.values;
    std::vector<std::string> out;
    for (size_t i = 0; i < all.size() && i < 64; ++i) {
      if ((t.mask >> i) & 1) out.push_back(text ? all[i] : ValueLabel(fact, i, lang));
    }
    return out;
  };
  switch (t.op) {
    case Test::Op::kRange: {
      if (fact.type == FactType::kBool) {
        const bool yes = (t.lo == 1) != negated;
        return FillText("words.is", lang, {MessageText(yes ? "words.yes" : "words.no", lang)});
      }
      const bool low = t.lo <= fact.min || t.lo == std::numeric_limits<int64_t>::min();
      const bool high = t.hi >= fact.max || t.hi == std::numeric_limits<int64_t>::max();
      std::string range;
      if (low && high) range = MessageText("words.any_value", lang);
      else if (low) range = FillText("words.up_to", lang, {Number(fact, t.hi, lang)});
      else if (high) range = FillText("words.from", lang, {Number(fact, t.lo, lang)});
      else if (t.lo == t.hi) range = FillText("words.is", lang, {Number(fact, t.lo, lang)});
      else range = FillText("words.between", lang, {Number(fact, t.lo, lang), Number(fact, t.hi, lang)});
      return negated ? FillText("words.not", lang, {range}) : range;
    }
    case Test::Op::kInMask: {
      return FillText(negated ? "words.is_not" : "words.is", lang, {Alternatives(names(), false, lang)});
    }
    case Test::Op::kSetAny: {
      return FillText(negated ? "words.includes_none" : "words.includes_any", lang, {Alternatives(names(), false, lang)});
    }
    case Test::Op::kSetAll: {
      return FillText(negated ? "words.not_includes_all" : "words.includes_all", lang, {Alternatives(names(), true, lang)});
    }
    case Test::Op::kSetEmpty:
      return MessageText(negated ? "words.not_empty" : "words.empty", lang);
  }
  return t.text;
}

std::string PredicateWords(const Predicate& p, Lang lang) {
  const std::string& label = p.label.Get(lang);
  return label.empty() ? Spaced(p.name) : label;
}

std::string TestText(std::string_view text, Lang lang) {
  if (!Es(lang)) return std::string(text);
  static const std::pair<std::string_view, std::string_view> kVerbs[] = {
      {"contains any of", "contiene alguno de"}, {"contains all of", "contiene todos"}, {"contains", "contiene"},
      {"is empty", "está vacío"},                 {"in ", "en "}};
  for (const auto& [en, es] : kVerbs) {
    if (text.substr(0, en.size()) == en) return std::string(es) + std::string(text.substr(en.size()));
  }
  return std::string(text);
}

namespace {

// `cond` in words; `nested`: inside an all/any, where an all/any of several
// parts needs brackets.
std::string CondWords(const Model& m, int cond, Lang lang, bool nested) {
  if (cond < 0) return MessageText("words.always", lang);
  const CondNode& n = m.conditions[cond];
  switch (n.kind) {
    case CondNode::Kind::kTrue: return MessageText("words.always", lang);
    case CondNode::Kind::kTest: {
      const Fact& f = m.facts[n.test.fact];
      return FactWords(f, lang) + " " + TestWords(m, n.test, false, lang);
    }
    case CondNode::Kind::kAll:
    case CondNode::Kind::kAny: {
      const bool all = n.kind == CondNode::Kind::kAll;
      std::vector<std::string> parts;
      for (int c : n.children) parts.push_back(CondWords(m, c, lang, true));
      if (parts.size() == 1) return parts[0];
      std::string out = parts[0];
      for (size_t i = 1; i < parts.size(); ++i) out = FillText(all ? "words.all_of" : "words.any_of", lang, {out, parts[i]});
      return nested ? "(" + out + ")" : out;
    }
    case CondNode::Kind::kNot:
      return FillText("words.not_that", lang,
                      {n.children.empty() ? std::string() : CondWords(m, n.children[0], lang, false)});
    case CondNode::Kind::kPredicate: {
      // Named, as the rule set names it; its definition is said once elsewhere.
      const std::string name = "«" + PredicateWords(m.predicates[n.predicate], lang) + "»";
      if (n.predicate_value) return name;
      return FillText("words.not_named", lang, {name});
    }
  }
  return {};
}

}  // namespace

std::string ConditionWords(const Model& m, int cond, Lang lang) { return CondWords(m, cond, lang, false); }

}  // namespace referral::internal
