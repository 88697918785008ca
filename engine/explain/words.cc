#include "explain/words.h"

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
  const char* word = nullptr;
  if (unit.rfind("hour", 0) == 0) word = Es(lang) ? (one ? "hora" : "horas") : (one ? "hour" : "hours");
  else if (unit.rfind("day", 0) == 0) word = Es(lang) ? (one ? "día" : "días") : (one ? "day" : "days");
  else word = Es(lang) ? (one ? "semana" : "semanas") : (one ? "week" : "weeks");
  return n + " " + word;
}

std::string DeadlineWords(const Instant& at, int64_t seconds, std::optional<int> utc_offset_minutes) {
  const int offset = utc_offset_minutes.value_or(0);
  const int64_t local = at.seconds + seconds + int64_t{offset} * 60;
  const int64_t day = local / 86400 - (local % 86400 < 0 ? 1 : 0);
  const int64_t in_day = local - day * 86400;
  char clock[8];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day % 3600 / 60));
  std::string zone = "UTC";
  if (offset != 0) {
    char z[16];
    const int a = offset < 0 ? -offset : offset;
    std::snprintf(z, sizeof z, "UTC%c%02d:%02d", offset < 0 ? '-' : '+', a / 60, a % 60);
    zone = z;
  }
  return FormatDate(day) + " " + clock + " (" + zone + ")";
}

std::string AgeWords(int64_t months, Lang lang) {
  const int64_t y = months / 12, mo = months % 12;
  auto part = [&](int64_t n, const char* es1, const char* esn, const char* en1, const char* enn) {
    return std::to_string(n) + " " + (Es(lang) ? (n == 1 ? es1 : esn) : (n == 1 ? en1 : enn));
  };
  const std::string years = part(y, "año", "años", "year", "years");
  const std::string rest = part(mo, "mes", "meses", "month", "months");
  if (y == 0) return rest;
  if (mo == 0) return years;
  return years + (Es(lang) ? " y " : " and ") + rest;
}

std::string LegalBasisWords(std::string_view basis, Lang lang) {
  if (basis == "consent") return Es(lang) ? "consentimiento del cuidador" : "the caregiver's consent";
  if (basis.rfind("legal_duty", 0) == 0) {
    return Es(lang) ? "deber legal: se remite aunque el cuidador no consienta"
                    : "legal duty: referred whatever the caregiver's consent";
  }
  return Spaced(basis);
}

std::string WarningWords(const Model& m, std::string_view code, Lang lang) {
  for (const auto& [c, text] : m.warning_texts) {
    if (c == code) return text.Get(lang);
  }
  struct Builtin {
    std::string_view code;
    const char* es;
    const char* en;
  };
  static const std::array<Builtin, 7> kBuiltins = {{
      {"age_presumed_lower_bound",
       "La edad no está documentada: se usó el límite inferior de la estimación (Ley 1098, art. 3 par. 1).",
       "The age is not documented: the lower bound of the estimate was used (Ley 1098, art. 3 par. 1)."},
      {"age_unknown_presumed_minor",
       "La minoría de edad está en duda (sin fecha de nacimiento documentada ni estimación): se presume menor de "
       "edad, las reglas que exigen una franja de edad no aplican y una persona confirma cada remisión (Ley 1098, "
       "art. 3 par. 1).",
       "Minority is in doubt (no documented birth date and no estimate): presumed a minor; rules that need an age "
       "band do not apply and a person confirms every referral (Ley 1098, art. 3 par. 1)."},
      {"age_implausible",
       "La edad calculada pasa de 25 años, lo que no es verosímil para un niño, niña o adolescente identificado en "
       "la calle: revise la fecha de nacimiento y la de evaluación (un dígito mal escrito, 1922 por 2022, convierte "
       "a un niño en adulto).",
       "The age computed is over 25 years, which is not plausible for a child identified in the street: check the "
       "birth and evaluation dates (a one-digit typo, 1922 for 2022, turns a child into an adult)."},
      {"capacity_fallback",
       "No hay cupos en el servicio pedido: se remitió al siguiente de su cadena de respaldo que tiene cupos "
       "(POLICY §9 R4).",
       "No places at the service asked for: referred to the next service of its fallback chain that has places "
       "(POLICY §9 R4)."},
      {"capacity_duty_kept",
       "No hay cupos en un servicio remitido por deber legal: la remisión se mantiene (un deber nunca se sustituye "
       "por falta de cupos).",
       "No places at a service referred under a legal duty: the referral is kept (a duty never falls back for lack "
       "of places)."},
      {"capacity_no_alternative",
       "No hay cupos en el servicio ni en su cadena de respaldo: la remisión se mantiene en lista de espera.",
       "No places at the service or in its fallback chain: the referral is kept on a waiting list."},
      {"service_ineligible",
       "Una regla remitió a un servicio cuya elegibilidad el caso no cumple; esa remisión se descartó.",
       "A rule referred to a service whose eligibility the case does not meet; that referral was dropped."},
  }};
  for (const Builtin& b : kBuiltins) {
    if (b.code == code) return Es(lang) ? b.es : b.en;
  }
  return {};
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
    if (value == "true") return Es(lang) ? "sí" : "yes";
    if (value == "false") return "no";
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
    if (inner.empty()) return Es(lang) ? "ninguno" : "none";
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
  const bool es = Es(lang);
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
        return es ? std::string("es ") + (yes ? "sí" : "no") : std::string("is ") + (yes ? "yes" : "no");
      }
      const bool low = t.lo <= fact.min || t.lo == std::numeric_limits<int64_t>::min();
      const bool high = t.hi >= fact.max || t.hi == std::numeric_limits<int64_t>::max();
      std::string range;
      if (low && high) range = es ? "tiene cualquier valor" : "has any value";
      else if (low) range = (es ? "hasta " : "up to ") + Number(fact, t.hi, lang);
      else if (high) range = (es ? "desde " : "from ") + Number(fact, t.lo, lang);
      else if (t.lo == t.hi) range = (es ? "es " : "is ") + Number(fact, t.lo, lang);
      else range = (es ? "entre " : "between ") + Number(fact, t.lo, lang) + (es ? " y " : " and ") + Number(fact, t.hi, lang);
      if (!negated) return range;
      return (es ? "no: " : "not: ") + range;
    }
    case Test::Op::kInMask: {
      const std::vector<std::string> items = names();
      if (es) return (negated ? "no es " : "es ") + Alternatives(items, false, lang);
      return (negated ? "is not " : "is ") + Alternatives(items, false, lang);
    }
    case Test::Op::kSetAny: {
      const std::string list = Alternatives(names(), false, lang);
      if (es) return (negated ? "no incluye ninguno de: " : "incluye alguno de: ") + list;
      return (negated ? "includes none of: " : "includes any of: ") + list;
    }
    case Test::Op::kSetAll: {
      const std::string list = Alternatives(names(), true, lang);
      if (es) return (negated ? "no incluye todos: " : "incluye todos: ") + list;
      return (negated ? "does not include all of: " : "includes all of: ") + list;
    }
    case Test::Op::kSetEmpty:
      if (es) return negated ? "no está vacío" : "está vacío";
      return negated ? "is not empty" : "is empty";
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
  const bool es = Es(lang);
  if (cond < 0) return es ? "siempre" : "always";
  const CondNode& n = m.conditions[cond];
  switch (n.kind) {
    case CondNode::Kind::kTrue: return es ? "siempre" : "always";
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
      std::string out;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += all ? (es ? "; y " : "; and ") : (es ? "; o " : "; or ");
        out += parts[i];
      }
      return nested ? "(" + out + ")" : out;
    }
    case CondNode::Kind::kNot:
      return (es ? "no se cumple que (" : "it is not the case that (") +
             (n.children.empty() ? std::string() : CondWords(m, n.children[0], lang, false)) + ")";
    case CondNode::Kind::kPredicate: {
      // Named, as the rule set names it; its definition is said once elsewhere.
      const std::string name = "«" + PredicateWords(m.predicates[n.predicate], lang) + "»";
      if (n.predicate_value) return name;
      return (es ? "no " : "not ") + name;
    }
  }
  return {};
}

}  // namespace

std::string ConditionWords(const Model& m, int cond, Lang lang) { return CondWords(m, cond, lang, false); }

}  // namespace referral::internal
