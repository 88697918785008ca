// Reads conditions (docs/rules.md, "Conditions") into Model::conditions:
// short forms are normalised to a few leaf tests (range, enum mask, set mask)
// under all/any/not, each value checked against its fact's type.
#include <algorithm>
#include <charconv>

#include "load/readers.h"
#include "util/date.h"

namespace referral::internal {

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr size_t kMaxStringConstants = 64;

class ConditionReader {
 public:
  explicit ConditionReader(LoadContext& ctx) : ctx_(ctx), model_(ctx.model) {}

  int Read(const YamlRef& ref) {
    if (!ref.node.IsMap() || ref.node.size() == 0) {
      ctx_.diags.Error(ref.loc, "cond.not_mapping");
      return -1;
    }
    std::vector<int> parts;
    bool ok = true;
    ctx_.ForEachEntry(ref, "condition", {}, [&](const std::string& key, const YamlRef& kref,
                                                const YamlRef& value) {
      int part = ReadEntry(key, kref, value);
      if (part < 0) ok = false;
      parts.push_back(part);
    });
    if (!ok || parts.empty()) return -1;
    if (parts.size() == 1) return parts[0];
    return Combine(CondNode::Kind::kAll, parts, ref.loc);
  }

 private:
  int Add(CondNode node) {
    model_.conditions.push_back(std::move(node));
    return static_cast<int>(model_.conditions.size()) - 1;
  }
  int Combine(CondNode::Kind kind, std::vector<int> children, const Location& loc) {
    CondNode n;
    n.kind = kind;
    n.children = std::move(children);
    n.loc = loc;
    return Add(std::move(n));
  }
  int Not(int child, const Location& loc) {
    return child < 0 ? -1 : Combine(CondNode::Kind::kNot, {child}, loc);
  }
  int Leaf(int fact, Test::Op op, int64_t lo, int64_t hi, uint64_t mask, std::string text,
           const Location& loc) {
    CondNode n;
    n.kind = CondNode::Kind::kTest;
    n.test.fact = fact;
    n.test.op = op;
    n.test.lo = lo;
    n.test.hi = hi;
    n.test.mask = mask;
    n.test.text = std::move(text);
    n.loc = loc;
    return Add(std::move(n));
  }

  int ReadEntry(const std::string& key, const YamlRef& kref, const YamlRef& value) {
    if (key == "all" || key == "any") {
      if (!value.node.IsSequence() || value.node.size() == 0) {
        ctx_.diags.Error(value.loc, "cond.expected_list", {key});
        return -1;
      }
      std::vector<int> children;
      bool ok = true;
      for (const auto& item : value.node) {
        int c = Read(ctx_.Child(value, item));
        ok = ok && c >= 0;
        children.push_back(c);
      }
      if (!ok) return -1;
      return Combine(key == "all" ? CondNode::Kind::kAll : CondNode::Kind::kAny, children, kref.loc);
    }
    if (key == "not") return Not(Read(value), kref.loc);
    if (auto p = ctx_.predicate_index.find(key); p != ctx_.predicate_index.end()) {
      auto b = ctx_.Bool(value, "predicate `" + key + "`");
      if (!b) return -1;
      CondNode n;
      n.kind = CondNode::Kind::kPredicate;
      n.predicate = p->second;
      n.predicate_value = *b;
      n.loc = kref.loc;
      return Add(std::move(n));
    }
    auto f = ctx_.fact_index.find(key);
    if (f == ctx_.fact_index.end()) {
      if (!ctx_.failed_definitions.count(key)) {  // else its definition's error says it all
        ctx_.diags.Error(kref.loc, "cond.unknown_name", {key}, Suggest(key, ctx_.ConditionNames()));
      }
      return -1;
    }
    return ReadFactTest(f->second, value);
  }

  // The value part of `fact: value`.
  int ReadFactTest(int fi, const YamlRef& v) {
    Fact& fact = model_.facts[fi];
    if (v.node.IsMap()) return ReadOperators(fi, v);
    if (fact.type == FactType::kSet) return SetTest(fi, v, Test::Op::kSetAny, v.node.IsSequence() ? "contains any of" : "contains");
    if (v.node.IsSequence()) {
      if (v.node.size() == 0) {
        ctx_.diags.Error(v.loc, "cond.expected_list", {fact.name});
        return -1;
      }
      if (fact.type == FactType::kEnum || fact.type == FactType::kString) return MaskTest(fi, v);
      if (fact.type == FactType::kInt || fact.type == FactType::kDate) {
        std::vector<int> options;
        for (const auto& item : v.node) {
          int c = ScalarTest(fi, ctx_.Child(v, item));
          if (c < 0) return -1;
          options.push_back(c);
        }
        return options.size() == 1 ? options[0] : Combine(CondNode::Kind::kAny, options, v.loc);
      }
      return TypeError(fi, v);
    }
    return ScalarTest(fi, v);
  }

  // `fact: scalar`: equality, or a range `a..b` for int and date.
  int ScalarTest(int fi, const YamlRef& v) {
    Fact& fact = model_.facts[fi];
    if (!v.node.IsScalar()) return TypeError(fi, v);
    const std::string& s = v.node.Scalar();
    switch (fact.type) {
      case FactType::kBool: {
        auto b = ctx_.Bool(v, "`" + fact.name + "`");
        if (!b) return -1;
        return Leaf(fi, Test::Op::kRange, *b, *b, 0, *b ? "= true" : "= false", v.loc);
      }
      case FactType::kEnum:
      case FactType::kString:
        return MaskTest(fi, v);
      case FactType::kInt:
      case FactType::kDate: {
        auto dots = s.find("..");
        if (dots == std::string::npos) {
          auto n = Number(fi, v, s);
          if (!n) return -1;
          return RangeLeaf(fi, v, *n, *n, "= " + s);
        }
        std::string a = s.substr(0, dots), b = s.substr(dots + 2);
        if (a.empty() && b.empty()) return TypeError(fi, v);
        std::optional<int64_t> lo = a.empty() ? std::optional<int64_t>(kMin) : Number(fi, v, a);
        std::optional<int64_t> hi = b.empty() ? std::optional<int64_t>(kMax) : Number(fi, v, b);
        if (!lo || !hi) return -1;
        if (*lo > *hi) {
          ctx_.diags.Error(v.loc, "cond.empty_range", {s, fact.name});
          return -1;
        }
        return RangeLeaf(fi, v, *lo, *hi, "in " + s);
      }
      case FactType::kSet:
        break;
    }
    return TypeError(fi, v);
  }

  std::optional<int64_t> Number(int fi, const YamlRef& v, const std::string& s) {
    Fact& fact = model_.facts[fi];
    if (fact.type == FactType::kDate) {
      auto d = ParseDate(s);
      if (!d) ctx_.diags.Error(v.loc, "cond.bad_date", {s, fact.name});
      return d;
    }
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size()) {
      ctx_.diags.Error(v.loc, "cond.bad_value", {fact.name, "an integer"});
      return std::nullopt;
    }
    return n;
  }

  // A range leaf, reporting a range that no valid value can fall in.
  int RangeLeaf(int fi, const YamlRef& v, int64_t lo, int64_t hi, std::string text) {
    Fact& fact = model_.facts[fi];
    if (hi < fact.min || lo > fact.max) {
      ctx_.diags.Error(v.loc, "cond.out_of_range",
                       {text, fact.name, std::to_string(fact.min) + ".." + std::to_string(fact.max)});
      return -1;
    }
    return Leaf(fi, Test::Op::kRange, lo, hi, 0, std::move(text), v.loc);
  }

  // Index of `value` among an enum's values or a string fact's constants.
  int ValueIndex(int fi, const YamlRef& v) {
    Fact& fact = model_.facts[fi];
    if (!v.node.IsScalar()) {
      TypeError(fi, v);
      return -1;
    }
    const std::string& s = v.node.Scalar();
    if (fact.type == FactType::kString) {
      auto it = std::find(fact.constants.begin(), fact.constants.end(), s);
      if (it != fact.constants.end()) return static_cast<int>(it - fact.constants.begin());
      if (fact.constants.size() >= kMaxStringConstants) {
        ctx_.diags.Error(v.loc, "cond.too_many_constants", {fact.name, std::to_string(kMaxStringConstants)});
        return -1;
      }
      fact.constants.push_back(s);
      return static_cast<int>(fact.constants.size()) - 1;
    }
    auto it = std::find(fact.values.begin(), fact.values.end(), s);
    if (it == fact.values.end()) {
      ctx_.diags.Error(v.loc, "cond.unknown_value", {s, fact.name, Join(fact.values)},
                       Suggest(s, fact.values));
      return -1;
    }
    return static_cast<int>(it - fact.values.begin());
  }

  // One value or a list of values, as a mask over value indices.
  std::optional<uint64_t> Mask(int fi, const YamlRef& v, std::string* text) {
    uint64_t mask = 0;
    std::vector<std::string> names;
    auto add = [&](const YamlRef& item) {
      int i = ValueIndex(fi, item);
      if (i < 0) return false;
      mask |= uint64_t{1} << i;
      names.push_back(item.node.Scalar());
      return true;
    };
    if (v.node.IsSequence()) {
      if (v.node.size() == 0) {
        ctx_.diags.Error(v.loc, "cond.expected_list", {model_.facts[fi].name});
        return std::nullopt;
      }
      for (const auto& item : v.node) {
        if (!add(ctx_.Child(v, item))) return std::nullopt;
      }
      *text = "[" + Join(names) + "]";
    } else {
      if (!add(v)) return std::nullopt;
      *text = names[0];
    }
    return mask;
  }

  int MaskTest(int fi, const YamlRef& v) {
    std::string text;
    auto mask = Mask(fi, v, &text);
    if (!mask) return -1;
    return Leaf(fi, Test::Op::kInMask, 0, 0, *mask,
                (v.node.IsSequence() ? "in " : "= ") + text, v.loc);
  }

  int SetTest(int fi, const YamlRef& v, Test::Op op, const std::string& verb) {
    std::string text;
    auto mask = Mask(fi, v, &text);
    if (!mask) return -1;
    return Leaf(fi, op, 0, 0, *mask, verb + " " + text, v.loc);
  }

  // `fact: {op: value, ...}`.
  int ReadOperators(int fi, const YamlRef& v) {
    Fact& fact = model_.facts[fi];
    std::vector<std::string> keys = {"not"};
    const bool ordered = fact.type == FactType::kInt || fact.type == FactType::kDate;
    if (ordered) keys.insert(keys.end(), {"==", "!=", "<", "<=", ">", ">="});
    if (fact.type == FactType::kSet) keys = {"not", "contains", "any", "all", "none", "empty"};
    std::vector<int> parts;
    bool ok = true;
    ctx_.ForEachEntry(v, "test on `" + fact.name + "`", keys, [&](const std::string& op, const YamlRef& kref,
                                                                 const YamlRef& value) {
      int part = -1;
      if (op == "not") {
        part = Not(ReadFactTest(fi, value), kref.loc);
      } else if (op == "contains") {
        part = value.node.IsScalar() ? SetTest(fi, value, Test::Op::kSetAny, "contains") : TypeError(fi, value);
      } else if (op == "any" || op == "all" || op == "none") {
        if (!value.node.IsSequence()) {
          ctx_.diags.Error(value.loc, "cond.expected_list", {fact.name});
        } else if (op == "none") {
          part = Not(SetTest(fi, value, Test::Op::kSetAny, "contains any of"), kref.loc);
        } else {
          part = SetTest(fi, value, op == "any" ? Test::Op::kSetAny : Test::Op::kSetAll,
                         op == "any" ? "contains any of" : "contains all of");
        }
      } else if (op == "empty") {
        auto b = ctx_.Bool(value, "empty");
        if (b) {
          part = Leaf(fi, Test::Op::kSetEmpty, 0, 0, 0, "is empty", value.loc);
          if (!*b) part = Not(part, kref.loc);
        }
      } else {
        if (!value.node.IsScalar()) {
          part = TypeError(fi, value);
        } else if (auto n = Number(fi, value, value.node.Scalar())) {
          std::string text = op + " " + value.node.Scalar();
          if (op == "==") part = RangeLeaf(fi, value, *n, *n, text);
          if (op == "!=") part = Not(Leaf(fi, Test::Op::kRange, *n, *n, 0, "= " + value.node.Scalar(), value.loc), kref.loc);
          if (op == "<") part = RangeLeaf(fi, value, kMin, *n == kMin ? kMin : *n - 1, text);
          if (op == "<=") part = RangeLeaf(fi, value, kMin, *n, text);
          if (op == ">") part = RangeLeaf(fi, value, *n == kMax ? kMax : *n + 1, kMax, text);
          if (op == ">=") part = RangeLeaf(fi, value, *n, kMax, text);
        }
      }
      ok = ok && part >= 0;
      parts.push_back(part);
    });
    if (!ok) return -1;
    if (parts.empty()) {
      // Entries skipped by ForEachEntry (unknown or duplicate keys) were reported.
      if (v.node.size() == 0) ctx_.diags.Error(v.loc, "cond.not_mapping");
      return -1;
    }
    return parts.size() == 1 ? parts[0] : Combine(CondNode::Kind::kAll, parts, v.loc);
  }

  int TypeError(int fi, const YamlRef& v) {
    static const char* kExpected[] = {
        "true | false", "an integer, a range `a..b`, a list or {op: n}",
        "a value, a list of values or {not: ...}", "a value, a list or {contains|any|all|none|empty: ...}",
        "a constant string or a list of them", "a date YYYY-MM-DD, a range or {op: date}"};
    const Fact& fact = model_.facts[fi];
    ctx_.diags.Error(v.loc, "cond.bad_value", {fact.name, kExpected[static_cast<int>(fact.type)]});
    return -1;
  }

  static std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  LoadContext& ctx_;
  Model& model_;
};

}  // namespace

int ReadCondition(LoadContext& ctx, const YamlRef& ref) {
  return ConditionReader(ctx).Read(ref);
}

namespace {

// A predicate written `name: {label: ..., when: ...}` rather than `name:
// condition`: a mapping with a `when` or a `label` key (no fact or predicate
// may have either name, so a condition never does).
bool IsLabelledForm(const YAML::Node& node) {
  if (!node.IsMap()) return false;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    if (key == "when" || key == "label") return true;
  }
  return false;
}

}  // namespace

void DeclarePredicates(LoadContext& ctx, const YamlRef& section) {
  ctx.ForEachEntry(section, "predicates", {}, [&](const std::string& name, const YamlRef& key,
                                                   const YamlRef&) {
    if (!IsIdentifier(name, false, false) || name == "all" || name == "any" || name == "not" || name == "when" ||
        name == "label") {
      ctx.diags.Error(key.loc, "predicate.bad_name", {name}, AsciiSpelling(name, false, false));
      return;
    }
    if (ctx.fact_index.count(name) || ctx.predicate_index.count(name)) {
      ctx.diags.Error(key.loc, "name.duplicate", {name});
      return;
    }
    ctx.predicate_index[name] = static_cast<int>(ctx.model.predicates.size());
    ctx.model.predicates.push_back(Predicate{name, -1, key.loc, {}});
  });
}

void DefinePredicates(LoadContext& ctx, const YamlRef& section) {
  if (!section.node.IsMap()) return;  // reported by DeclarePredicates
  for (auto it = section.node.begin(); it != section.node.end(); ++it) {
    auto p = ctx.predicate_index.find(it->first.Scalar());
    if (p == ctx.predicate_index.end()) continue;
    Predicate& pred = ctx.model.predicates[p->second];
    if (pred.condition >= 0 || pred.loc.file != *section.file) continue;
    const YamlRef value = ctx.Child(ctx.Child(section, it->first), it->second);
    if (!IsLabelledForm(it->second)) {
      pred.condition = ReadCondition(ctx, value);
      continue;
    }
    // The long form: {label: text, when: condition}.
    ctx.ForEachEntry(value, "predicate `" + pred.name + "`", {"label", "when"},
                     [&](const std::string& key, const YamlRef&, const YamlRef& v) {
                       if (key == "when") {
                         pred.condition = ReadCondition(ctx, v);
                       } else if (auto text = ctx.ReadText(v, "label")) {
                         pred.label = *text;
                       }
                     });
    // A `when` misspelt is an unknown key, with its did-you-mean; not also missing.
    bool misspelt = false;
    for (auto k = it->second.begin(); k != it->second.end(); ++k) {
      const std::string key = k->first.IsScalar() ? k->first.Scalar() : std::string();
      misspelt = misspelt || (key != "when" && key != "label");
    }
    if (!it->second["when"] && !misspelt) ctx.Missing(value, "when", "predicate `" + pred.name + "`");
  }
}

}  // namespace referral::internal
