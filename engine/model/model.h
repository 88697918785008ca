// The compiled rule set: what the loader produces and the evaluator reads.
// Names are resolved to indices; every case value is one int64 slot:
// bool 0/1, int as is, enum the value's index, set a bitmask of value indices,
// date days since 1970-01-01, string the index of the matching constant or -1.
#ifndef REFERRAL_ENGINE_MODEL_MODEL_H_
#define REFERRAL_ENGINE_MODEL_MODEL_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "referral/options.h"
#include "referral/ruleset.h"

namespace referral::internal {

struct Location {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
};

// A text in the rule set's languages.
struct Text {
  std::string es;
  std::string en;
  const std::string& Get(Lang lang) const {
    if (lang == Lang::kEs) return es.empty() ? en : es;
    return en.empty() ? es : en;
  }
  bool empty() const { return es.empty() && en.empty(); }
};

enum class FactType { kBool, kInt, kEnum, kSet, kString, kDate };

struct AgeDerivation {
  int birth_date = -1;  // fact indices; -1 = none
  int as_of = -1;
  int documented = -1;
  int estimate = -1;      // the lower bound of the estimate (the one used)
  int estimate_max = -1;  // its upper bound: only checked (not below `estimate`)
  // Ley 1098 art. 3 par. 1: with an age of majority (months, > 0), a person
  // whose minority is in doubt is presumed a minor: the age is left absent
  // instead of rejecting the case. 0 = no presumption (`case.age_unknown`).
  int64_t majority_months = 0;
  // The input facts, for code that follows the age back to them.
  std::vector<int> Inputs() const {
    std::vector<int> out;
    for (int f : {birth_date, as_of, documented, estimate, estimate_max}) {
      if (f >= 0) out.push_back(f);
    }
    return out;
  }
};

struct Fact {
  std::string name;
  FactType type = FactType::kBool;
  std::vector<std::string> values;       // enum/set values
  std::vector<std::string> constants;    // string: constants conditions compare with
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
  bool required = false;
  bool has_default = false;  // a default value (not null) exists
  int64_t default_value = 0;
  bool sensitive = false;
  bool report = false;
  bool derived = false;
  AgeDerivation age;  // when derived
  std::string description;
  Text label;  // how people read the fact's name ("edad" / "age"); the name when empty
  std::vector<Text> value_labels;  // enum/set: how people read each value (by index); empty: the values
  Location loc;
};

// A leaf test on one fact's slot.
struct Test {
  enum class Op {
    kRange,    // lo <= v <= hi (bool, int, date)
    kInMask,   // v >= 0 && (mask >> v) & 1 (enum, string)
    kSetAny,   // (v & mask) != 0
    kSetAll,   // (v & mask) == mask
    kSetEmpty  // v == 0
  };
  int fact = -1;
  Op op = Op::kRange;
  int64_t lo = 0;
  int64_t hi = 0;
  uint64_t mask = 0;
  std::string text;  // the test as people read it, e.g. `in [a, b]`

  // The test on a present value (a test on an absent fact never holds). The
  // one definition the evaluator, the analyzer and records share.
  bool Holds(int64_t v) const {
    switch (op) {
      case Op::kRange: return v >= lo && v <= hi;
      case Op::kInMask: return v >= 0 && v < 64 && ((mask >> v) & 1);
      case Op::kSetAny: return (static_cast<uint64_t>(v) & mask) != 0;
      case Op::kSetAll: return (static_cast<uint64_t>(v) & mask) == mask;
      case Op::kSetEmpty: return v == 0;
    }
    return false;
  }
};

// A condition is a tree of these in Model::conditions; children by index.
struct CondNode {
  enum class Kind { kTrue, kTest, kAll, kAny, kNot, kPredicate };
  Kind kind = Kind::kTrue;
  Test test;                  // kTest
  std::vector<int> children;  // kAll / kAny / kNot (one child)
  int predicate = -1;         // kPredicate
  bool predicate_value = true;
  Location loc;
};

struct Predicate {
  std::string name;
  int condition = -1;
  Location loc;
  Text label;  // how explanations and the book name it; empty: its name, spaced
};

struct Service {
  std::string id;
  Text name;
  int eligibility = -1;  // condition index, -1 = everyone
  std::string legal_basis;
  std::string citation;
  bool human_confirmation = false;
  // Delivered by locality: the directory must have an office for every value
  // of the area fact (`delivery: local`).
  bool local = false;
  Location local_loc;
  // Tried in order when the case says there are no places (`capacity` 0);
  // only for consent services (a legal duty never falls back).
  std::vector<int> fallback;
  std::string effective;  // `2026-01-01..2026-06-30` when dated, else empty
  Location loc;
};

// An office of the directory (HSDS location + service_at_location + service_area).
struct Office {
  std::string id;
  int service = -1;
  std::string name;
  std::string address;
  std::string hours;
  std::vector<int> areas;  // value indices of Model::area_fact
  int64_t capacity = -1;   // places (HSDS service_capacity.maximum); -1 = not given
  std::string basis;       // verified | partly_verified | assumption
  Location loc;
};

struct Priority {
  std::string id;
  std::string timeframe;
  Text label;  // how people read it ("urgente" / "urgent"); the id when empty
};

struct Basis {
  std::string status;  // verified | partly_verified | assumption
  std::vector<std::string> sources;
  std::string note;
};

struct ReferTo {
  int service = -1;
  int priority = -1;
  bool confirm = false;
  std::string legal_basis;  // overrides the service's basis for this referral; empty = the service's
};

enum class HitPolicy { kFirst, kCollect, kUnique };

struct Rule {
  std::string id;
  int node = -1;
  int when = -1;  // condition index, -1 = always
  std::vector<ReferTo> refer;
  std::vector<int> next;
  bool has_outcome = false;
  std::string reason;
  bool follow_up = false;
  bool require_confirmation = false;
  std::vector<std::string> warn;
  Text because;
  Basis basis;
  std::string effective;  // `2026-07-01..` when dated (the version), else empty
  std::string source;     // `file:line` it was written at, relative to the rules root
  Location loc;
};

struct Node {
  std::string id;
  HitPolicy hit = HitPolicy::kFirst;
  Text description;  // a plain string (the rule set's language) or {es, en}
  std::vector<int> rules;
  int topo_rank = 0;  // position in a topological order of the graph
  Location loc;
};

// `ruleset: consent:` (docs/rules.md, "Consent"): the enum fact that records
// the case's consent, and the values of it that give consent. Declared, never
// guessed from a fact's name.
struct Consent {
  int fact = -1;       // -1 = not declared
  uint64_t covers = 0;  // bit i: value i of the fact gives consent
  Location loc;
  bool declared() const { return fact >= 0; }
  bool Covers(int value) const { return value >= 0 && value < 64 && ((covers >> value) & 1); }
};

struct Program;  // eval/program.h: the compiled rule matching

struct Model {
  // Header.
  std::string id;
  std::string version;
  std::string effective_date;
  Text title;
  Lang language = Lang::kEs;
  int entry = -1;
  std::vector<Priority> priorities;
  int scope = -1;  // condition index, -1 = no scope
  std::string scope_reason;
  Text scope_because;
  std::string fallback_reason;
  bool fallback_follow_up = true;
  Text fallback_because;
  Location fallback_loc;
  Consent consent;
  // What each `warn` code means to a person (`ruleset: warnings:`), in
  // declaration order; the engine's own codes have built-in texts.
  std::vector<std::pair<std::string, Text>> warning_texts;
  // The offset of local time from UTC in minutes (`ruleset: utc_offset`), for
  // deadlines shown to people; unset shows them in UTC.
  std::optional<int> utc_offset_minutes;

  std::vector<Fact> facts;
  std::vector<Predicate> predicates;
  std::vector<Service> services;
  std::vector<Node> nodes;
  std::vector<Rule> rules;
  std::vector<CondNode> conditions;
  std::vector<int> node_order;  // nodes by topo_rank

  // The directory: offices per service, chosen by the case's area fact.
  int area_fact = -1;
  std::vector<Office> offices;
  int date_fact = -1;  // the header's `date_fact` (an evaluation date), or the fact dated rules were tested on

  // Who may review a decision and the reason codes a review may give
  // (`ruleset: reviews:`); a review naming anything else is refused.
  std::vector<std::string> review_roles;
  std::vector<std::string> review_reasons;

  std::vector<std::string> files;
  std::string digest;
  bool composed = false;  // an overlay (`extends`): files are relative to the rules root

  // Built once the model is checked (loader); shared, never mutated.
  std::shared_ptr<const Program> program;
  // Facts, services and nodes by id, built with the program (BuildIndexes):
  // every case key is looked up, and a linear search cost a case hundreds of
  // string compares. Before they are built, lookups search the vectors.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, int, NameHash, std::equal_to<>>;
  Index fact_index;
  Index service_index;
  Index node_index;
  void BuildIndexes();

  int FindFact(std::string_view name) const;
  int FindService(std::string_view id) const;
  int FindNode(std::string_view id) const;
  // The rules `id` of node `node`, in order: one, or one per version
  // (`effective`), since a rule's versions share its id and its node.
  std::vector<int> FindRules(int node, std::string_view id) const;
};

// The model behind a public Ruleset, and a Ruleset made of a model: the
// library's only way through the Ruleset's opaque handle.
struct RulesetAccess {
  static const Model& Of(const Ruleset& r) { return *r.model_; }
  static Ruleset Make(std::shared_ptr<const Model> m) { return Ruleset(std::move(m)); }
};
inline const Model& ModelOf(const Ruleset& r) { return RulesetAccess::Of(r); }

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_MODEL_MODEL_H_
