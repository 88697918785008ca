// What the differential fuzz targets share: from the input bytes, a random
// small rule set (facts of every type; nodes with first/collect/unique hit
// policies; rules with all/any/not, ranges, comparisons, membership and set
// tests; refer, next, outcome; eligibility and scope), its YAML, and random
// cases over its facts. Each condition also comes as a tree (Cond) that a
// reference may evaluate directly on Values.
//
// Nodes are numbered in a chain (node i always has a rule continuing to
// i + 1), so the topological order is unique and a reference may walk nodes
// by number.
//
// The bytes are consumed in a fixed order (Generator::Make, then RandomCase
// per case): changing it changes what every committed corpus file means.
#ifndef REFERRAL_TESTS_FUZZ_RANDOM_RULESET_H_
#define REFERRAL_TESTS_FUZZ_RANDOM_RULESET_H_

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "referral/diagnostic.h"
#include "referral/ruleset.h"

namespace referral::fuzz {

enum class Type { kBool, kInt, kEnum, kSet, kString, kDate };

struct Fact {
  std::string name;
  Type type;
  int64_t min = 0, max = 0;          // int; date as day numbers 0..30 of January 2026 (1-based day = n + 1)
  std::vector<std::string> values;   // enum, set; string: the constants conditions use
  bool required = false;
  std::optional<std::string> def;    // default, as YAML; nullopt: `default: null`
};

// A case value: absent, or the int (bool 0/1, int, date day), the string
// (enum, string) or the set members.
struct Value {
  bool present = false;
  int64_t i = 0;
  std::string s;
  std::set<std::string> members;
};

// The reference's condition: a tree evaluated directly on Values.
struct Cond {
  enum Kind { kAll, kAny, kNot, kEq, kRange, kIn, kSetAny, kSetAll, kSetEmpty } kind;
  int fact = -1;
  int64_t lo = 0, hi = 0;
  std::vector<std::string> names;  // kEq (one), kIn, kSetAny, kSetAll
  std::vector<std::unique_ptr<Cond>> kids;
};

struct Refer {
  int service;
  int priority;
};

struct Rule {
  std::string id;
  std::unique_ptr<Cond> when;  // null: always
  std::string when_yaml;
  std::vector<Refer> refer;
  std::vector<int> next;
  bool outcome = false;
  std::string reason;
};

struct Node {
  std::string hit;
  std::vector<Rule> rules;
};

struct Service {
  std::unique_ptr<Cond> eligibility;
  std::string eligibility_yaml;
};

struct Generated {
  std::vector<Fact> facts;
  std::vector<Service> services;
  std::vector<Node> nodes;
  std::unique_ptr<Cond> scope;
  std::string scope_yaml;
};

inline const char* const kPriorities[] = {"p0", "p1", "p2"};

inline std::string Date(int64_t day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "2026-01-%02d", static_cast<int>(day + 1));
  return buf;
}

inline std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

class Generator {
 public:
  explicit Generator(FuzzedDataProvider& in) : in_(in) {}

  Generated Make() {
    Generated g;
    const int n_facts = in_.ConsumeIntegralInRange(1, 6);
    for (int f = 0; f < n_facts; ++f) g.facts.push_back(MakeFact(f));
    facts_ = &g.facts;
    const int n_services = in_.ConsumeIntegralInRange(1, 4);
    for (int s = 0; s < n_services; ++s) {
      Service svc;
      if (in_.ConsumeIntegralInRange(0, 3) == 0) svc.eligibility = MakeCond(1, &svc.eligibility_yaml);
      g.services.push_back(std::move(svc));
    }
    if (in_.ConsumeIntegralInRange(0, 4) == 0) g.scope = MakeCond(1, &g.scope_yaml);
    const int n_nodes = in_.ConsumeIntegralInRange(1, 5);
    g.nodes.resize(n_nodes);
    for (int n = 0; n < n_nodes; ++n) {
      Node& node = g.nodes[n];
      const char* hits[] = {"first", "collect", "unique"};
      node.hit = hits[in_.ConsumeIntegralInRange(0, 2)];
      const int n_rules = in_.ConsumeIntegralInRange(1, 4);
      for (int r = 0; r < n_rules; ++r) {
        Rule rule;
        rule.id = "r" + std::to_string(n) + "_" + std::to_string(r);
        if (in_.ConsumeIntegralInRange(0, 4) != 0) rule.when = MakeCond(2, &rule.when_yaml);
        std::vector<int> services(n_services);
        for (int s = 0; s < n_services; ++s) services[s] = s;
        for (int s : services) {
          if (in_.ConsumeIntegralInRange(0, 2) == 0) rule.refer.push_back({s, in_.ConsumeIntegralInRange(0, 2)});
        }
        for (int m = n + 1; m < n_nodes; ++m) {
          if (in_.ConsumeIntegralInRange(0, 3) == 0) rule.next.push_back(m);
        }
        if (in_.ConsumeIntegralInRange(0, 3) == 0) {
          rule.outcome = true;
          rule.reason = "why_" + rule.id;
        }
        node.rules.push_back(std::move(rule));
      }
      // The chain: some rule of node n continues to n + 1.
      if (n + 1 < n_nodes) {
        Rule& chain = node.rules[in_.ConsumeIntegralInRange<size_t>(0, node.rules.size() - 1)];
        if (std::find(chain.next.begin(), chain.next.end(), n + 1) == chain.next.end()) chain.next.push_back(n + 1);
        std::sort(chain.next.begin(), chain.next.end());
      }
      for (Rule& rule : node.rules) {
        if (rule.refer.empty() && rule.next.empty() && !rule.outcome) {
          rule.outcome = true;  // a rule must do something
          rule.reason = "why_" + rule.id;
        }
      }
    }
    return g;
  }

  // A value for `f` in a case: valid, or absent (nullopt) when allowed.
  std::optional<std::string> CaseValue(const Fact& f, Value* v) {
    if (!f.required && in_.ConsumeIntegralInRange(0, 3) == 0) return std::nullopt;
    v->present = true;
    switch (f.type) {
      case Type::kBool:
        v->i = in_.ConsumeBool();
        return v->i ? "true" : "false";
      case Type::kInt:
        v->i = in_.ConsumeIntegralInRange(f.min, f.max);
        return std::to_string(v->i);
      case Type::kDate:
        v->i = in_.ConsumeIntegralInRange<int64_t>(0, 30);
        return "\"" + Date(v->i) + "\"";
      case Type::kEnum:
        v->s = f.values[in_.ConsumeIntegralInRange<size_t>(0, f.values.size() - 1)];
        return "\"" + v->s + "\"";
      case Type::kString: {
        // One of the constants, or another word.
        const size_t k = in_.ConsumeIntegralInRange<size_t>(0, f.values.size());
        v->s = k < f.values.size() ? f.values[k] : "other";
        return "\"" + v->s + "\"";
      }
      case Type::kSet: {
        std::vector<std::string> items;
        for (const auto& value : f.values) {
          if (in_.ConsumeBool()) {
            v->members.insert(value);
            items.push_back("\"" + value + "\"");
          }
        }
        return "[" + Join(items) + "]";
      }
    }
    return std::nullopt;
  }

 private:
  Fact MakeFact(int index) {
    Fact f;
    f.name = "f" + std::to_string(index);
    f.type = static_cast<Type>(in_.ConsumeIntegralInRange(0, 5));
    const int n_values = in_.ConsumeIntegralInRange(1, 5);
    for (int v = 0; v < n_values; ++v) f.values.push_back(std::string(1, static_cast<char>('a' + index)) + std::to_string(v));
    if (f.type == Type::kInt) {
      f.min = in_.ConsumeIntegralInRange(-5, 5);
      f.max = f.min + in_.ConsumeIntegralInRange(0, 20);
    } else if (f.type == Type::kDate) {
      f.min = 0;
      f.max = 30;
    }
    const int how = in_.ConsumeIntegralInRange(0, 2);
    f.required = how == 0;
    if (how == 1) {
      switch (f.type) {
        case Type::kBool: f.def = in_.ConsumeBool() ? "true" : "false"; break;
        case Type::kInt: f.def = std::to_string(in_.ConsumeIntegralInRange(f.min, f.max)); break;
        case Type::kEnum: f.def = f.values[in_.ConsumeIntegralInRange<size_t>(0, f.values.size() - 1)]; break;
        case Type::kSet: f.def = in_.ConsumeBool() ? "[]" : "[" + f.values[0] + "]"; break;
        case Type::kString:
        case Type::kDate: break;  // default: null
      }
    }
    return f;
  }

  std::unique_ptr<Cond> NewCond(Cond::Kind kind) {
    auto c = std::make_unique<Cond>();
    c->kind = kind;
    return c;
  }
  std::unique_ptr<Cond> Not(std::unique_ptr<Cond> child) {
    auto c = NewCond(Cond::kNot);
    c->kids.push_back(std::move(child));
    return c;
  }

  // A condition as a flow mapping in *yaml, and its reference tree.
  std::unique_ptr<Cond> MakeCond(int depth, std::string* yaml) {
    const int pick = in_.ConsumeIntegralInRange(0, depth > 0 ? 6 : 3);
    if (pick >= 4) {
      if (pick == 6) {  // {not: c}
        std::string inner;
        auto c = Not(MakeCond(depth - 1, &inner));
        *yaml = "{not: " + inner + "}";
        return c;
      }
      auto c = NewCond(pick == 4 ? Cond::kAll : Cond::kAny);
      std::vector<std::string> parts;
      const int n = in_.ConsumeIntegralInRange(1, 3);
      for (int k = 0; k < n; ++k) {
        std::string part;
        c->kids.push_back(MakeCond(depth - 1, &part));
        parts.push_back(part);
      }
      *yaml = std::string("{") + (pick == 4 ? "all" : "any") + ": [" + Join(parts) + "]}";
      return c;
    }
    if (pick == 3 && facts_->size() > 1) {  // {fa: .., fb: ..}: both hold
      const size_t a = in_.ConsumeIntegralInRange<size_t>(0, facts_->size() - 2);
      const size_t b = in_.ConsumeIntegralInRange<size_t>(a + 1, facts_->size() - 1);
      auto c = NewCond(Cond::kAll);
      std::string ya, yb;
      c->kids.push_back(FactTest(static_cast<int>(a), &ya));
      c->kids.push_back(FactTest(static_cast<int>(b), &yb));
      *yaml = "{" + ya + ", " + yb + "}";
      return c;
    }
    std::string test;
    auto c = FactTest(in_.ConsumeIntegralInRange<int>(0, static_cast<int>(facts_->size()) - 1), &test);
    *yaml = "{" + test + "}";
    return c;
  }

  std::vector<std::string> SomeValues(const Fact& f) {
    std::vector<std::string> out;
    for (const auto& v : f.values) {
      if (in_.ConsumeBool()) out.push_back(v);
    }
    if (out.empty()) out.push_back(f.values[in_.ConsumeIntegralInRange<size_t>(0, f.values.size() - 1)]);
    return out;
  }

  std::string Num(const Fact& f, int64_t n) { return f.type == Type::kDate ? Date(n) : std::to_string(n); }

  std::unique_ptr<Cond> Range(int fi, int64_t lo, int64_t hi) {
    auto c = NewCond(Cond::kRange);
    c->fact = fi;
    c->lo = lo;
    c->hi = hi;
    return c;
  }

  // `fact: test` (without braces) in *yaml.
  std::unique_ptr<Cond> FactTest(int fi, std::string* yaml) {
    const Fact& f = (*facts_)[fi];
    const std::string key = f.name + ": ";
    switch (f.type) {
      case Type::kBool: {
        const bool b = in_.ConsumeBool();
        *yaml = key + (b ? "true" : "false");
        return Range(fi, b, b);
      }
      case Type::kInt:
      case Type::kDate: {
        const int64_t a = in_.ConsumeIntegralInRange(f.min, f.max);
        const int64_t b = in_.ConsumeIntegralInRange(a, f.max);
        switch (in_.ConsumeIntegralInRange(0, 9)) {
          case 0: *yaml = key + Num(f, a); return Range(fi, a, a);
          case 1: *yaml = key + "\"" + Num(f, a) + ".." + Num(f, b) + "\""; return Range(fi, a, b);
          case 2: *yaml = key + "\".." + Num(f, b) + "\""; return Range(fi, INT64_MIN, b);
          case 3: *yaml = key + "\"" + Num(f, a) + "..\""; return Range(fi, a, INT64_MAX);
          case 4: {  // [a, b]: one of them
            auto c = NewCond(Cond::kAny);
            c->kids.push_back(Range(fi, a, a));
            c->kids.push_back(Range(fi, b, b));
            *yaml = key + "[" + Num(f, a) + ", " + Num(f, b) + "]";
            return c;
          }
          case 5: *yaml = key + "{not: " + Num(f, a) + "}"; return Not(Range(fi, a, a));
          case 6: *yaml = key + "{\"!=\": " + Num(f, a) + "}"; return Not(Range(fi, a, a));
          case 7:
            if (b > f.min) { *yaml = key + "{\"<\": " + Num(f, b) + "}"; return Range(fi, INT64_MIN, b - 1); }
            *yaml = key + "{\"<=\": " + Num(f, b) + "}";
            return Range(fi, INT64_MIN, b);
          case 8:
            if (a < f.max) { *yaml = key + "{\">\": " + Num(f, a) + "}"; return Range(fi, a + 1, INT64_MAX); }
            *yaml = key + "{\">=\": " + Num(f, a) + "}";
            return Range(fi, a, INT64_MAX);
          default: {  // two operators: both hold
            auto c = NewCond(Cond::kAll);
            c->kids.push_back(Range(fi, a, INT64_MAX));
            c->kids.push_back(Range(fi, INT64_MIN, b));
            *yaml = key + "{\">=\": " + Num(f, a) + ", \"<=\": " + Num(f, b) + "}";
            return c;
          }
        }
      }
      case Type::kEnum:
      case Type::kString: {
        std::vector<std::string> vs = SomeValues(f);
        auto in = NewCond(Cond::kIn);
        in->fact = fi;
        in->names = vs;
        const int form = in_.ConsumeIntegralInRange(0, 3);
        if (form == 0) {
          in->names = {vs[0]};
          *yaml = key + vs[0];
          return in;
        }
        if (form == 1) {
          *yaml = key + "[" + Join(vs) + "]";
          return in;
        }
        if (form == 2) {
          in->names = {vs[0]};
          *yaml = key + "{not: " + vs[0] + "}";
          return Not(std::move(in));
        }
        *yaml = key + "{not: [" + Join(vs) + "]}";
        return Not(std::move(in));
      }
      case Type::kSet: {
        std::vector<std::string> vs = SomeValues(f);
        auto c = NewCond(Cond::kSetAny);
        c->fact = fi;
        c->names = vs;
        switch (in_.ConsumeIntegralInRange(0, 7)) {
          case 0: c->names = {vs[0]}; *yaml = key + vs[0]; return c;
          case 1: *yaml = key + "[" + Join(vs) + "]"; return c;
          case 2: c->names = {vs[0]}; *yaml = key + "{contains: " + vs[0] + "}"; return c;
          case 3: *yaml = key + "{any: [" + Join(vs) + "]}"; return c;
          case 4: c->kind = Cond::kSetAll; *yaml = key + "{all: [" + Join(vs) + "]}"; return c;
          case 5: *yaml = key + "{none: [" + Join(vs) + "]}"; return Not(std::move(c));
          case 6: c->kind = Cond::kSetEmpty; *yaml = key + "{empty: true}"; return c;
          default: c->kind = Cond::kSetEmpty; *yaml = key + "{empty: false}"; return Not(std::move(c));
        }
      }
    }
    return nullptr;
  }

  FuzzedDataProvider& in_;
  const std::vector<Fact>* facts_ = nullptr;
};

// The rule set as one YAML document for LoadRulesetFromString.
// Stops the fuzzer with what went wrong, the generated rules and the detail.
[[noreturn]] inline void Fail(const char* target, const std::string& what, const std::string& yaml,
                              const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n--- rules ---\n%s--- detail ---\n%s\n", target, what.c_str(), yaml.c_str(),
               detail.c_str());
  std::abort();
}

inline std::string ToYaml(const Generated& g);

// The generated rule set loaded; one the engine refuses stops the fuzzer
// (the generator only writes valid rule sets).
inline Ruleset LoadGenerated(const char* target, const Generated& g, std::string* yaml) {
  *yaml = ToYaml(g);
  std::vector<Diagnostic> diags;
  auto rules = LoadRulesetFromString(*yaml, "diff.yaml", &diags);
  if (!rules.ok()) {
    std::string all;
    for (const auto& d : diags) all += FormatDiagnostic(d) + "\n";
    Fail(target, "the engine refused a generated rule set", *yaml, all);
  }
  return std::move(rules).value();
}

inline std::string ToYaml(const Generated& g) {
  std::string y =
      "ruleset:\n  id: diff\n  version: \"1\"\n  effective_date: 2026-01-01\n  title: {es: D, en: D}\n"
      "  language: en\n  entry: n0\n"
      "  priorities: [{id: p0, timeframe: a}, {id: p1, timeframe: b}, {id: p2, timeframe: c}]\n";
  if (g.scope) y += "  scope: {when: " + g.scope_yaml + ", reason: outside}\n";
  y += "  fallback: {reason: fell_through, follow_up: false}\nfacts:\n";
  const char* types[] = {"bool", "int", "enum", "set", "string", "date"};
  for (const Fact& f : g.facts) {
    y += "  " + f.name + ": {type: " + types[static_cast<int>(f.type)];
    if (f.type == Type::kEnum || f.type == Type::kSet) y += ", values: [" + Join(f.values) + "]";
    if (f.type == Type::kInt) y += ", min: " + std::to_string(f.min) + ", max: " + std::to_string(f.max);
    y += f.required ? ", required: true" : ", default: " + (f.def ? *f.def : std::string("null"));
    y += "}\n";
  }
  y += "services:\n";
  for (size_t s = 0; s < g.services.size(); ++s) {
    y += "  S" + std::to_string(s) + ": {name: {es: S, en: S}, legal_basis: consent";
    if (g.services[s].eligibility) y += ", eligibility: " + g.services[s].eligibility_yaml;
    y += "}\n";
  }
  y += "nodes:\n";
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    y += "  n" + std::to_string(n) + ":\n    hit: " + g.nodes[n].hit + "\n    rules:\n";
    for (const Rule& r : g.nodes[n].rules) {
      y += "      - id: " + r.id + "\n";
      if (r.when) y += "        when: " + r.when_yaml + "\n";
      if (!r.refer.empty()) {
        std::vector<std::string> items;
        for (const Refer& to : r.refer) {
          items.push_back("{service: S" + std::to_string(to.service) + ", priority: " + kPriorities[to.priority] + "}");
        }
        y += "        refer: [" + Join(items) + "]\n";
      }
      if (!r.next.empty()) {
        std::vector<std::string> items;
        for (int m : r.next) items.push_back("n" + std::to_string(m));
        y += "        next: [" + Join(items) + "]\n";
      }
      if (r.outcome) y += "        outcome: no_referral\n        reason: " + r.reason + "\n";
    }
  }
  return y;
}

// A random case over g's facts as JSON, with case_id "c<k>"; *values gets
// what the case means (an absent fact with a default takes the default).
inline std::string RandomCase(Generator& gen, const Generated& g, int k, std::vector<Value>* values) {
  values->assign(g.facts.size(), Value{});
  std::string json = "{\"case_id\": \"c" + std::to_string(k) + "\"";
  for (size_t f = 0; f < g.facts.size(); ++f) {
    const Fact& fact = g.facts[f];
    if (auto text = gen.CaseValue(fact, &(*values)[f])) {
      json += ", \"" + fact.name + "\": " + *text;
    } else if (fact.def) {  // absent: the default
      Value& v = (*values)[f];
      v.present = true;
      const std::string& d = *fact.def;
      if (fact.type == Type::kBool) v.i = d == "true";
      if (fact.type == Type::kInt) v.i = std::stoll(d);
      if (fact.type == Type::kEnum) v.s = d;
      if (fact.type == Type::kSet && d != "[]") v.members.insert(fact.values[0]);
    }
  }
  return json + "}";
}

}  // namespace referral::fuzz

#endif  // REFERRAL_TESTS_FUZZ_RANDOM_RULESET_H_
