// Analyze(): walks the routing graph over regions of the case space, exactly
// as the evaluator walks it over one case, and records what every region gets.
// Findings come from what is seen (or never seen) over all regions.
#include <algorithm>
#include <map>
#include <iterator>
#include <set>
#include <unordered_map>

#include "analyze/example_case.h"
#include "analyze/region.h"
#include "analyze/route_walk.h"
#include "case/case_values.h"
#include "diag/diag_sink.h"
#include "eval/evaluator.h"
#include "eval/result.h"
#include "referral/analysis.h"

namespace referral {

namespace {

using internal::Cells;
using internal::CondNode;
using internal::Fact;
using internal::FactType;
using internal::HitPolicy;
using internal::Location;
using internal::Model;
using internal::Partition;
using internal::Region;
using internal::Rule;
using internal::SplitResult;

struct LimitReached {};

// What the rest of the walk needs to know about a region: the nodes it still
// has to visit, whether it already has a referral, and whether a rule gave it
// an explicit outcome. Regions with the same key share one bucket, so a
// collect node's 2^k combinations of firing rules collapse again.
struct Key {
  boost::dynamic_bitset<uint64_t> pending;
  bool referred = false;
  bool outcome = false;
  // Only when routes are tracked (referral diff): the priority asked for each
  // service (-1 = none) and the first rule that set an outcome.
  std::vector<int> priority;
  int outcome_rule = -1;
  int origin = 0;  // WalkRoutesFrom: which start class the region came from
  // Only when the rule set declares its consent (Analyze), by service: referred
  // under `consent` in regions whose consent does not cover it; and, for a
  // service that rules refer to under both kinds of basis, referred under
  // another basis (which wins the evaluator's merge, whatever the order).
  boost::dynamic_bitset<uint64_t> unconsented;
  boost::dynamic_bitset<uint64_t> other_basis;
  bool operator<(const Key& o) const {
    if (origin != o.origin) return origin < o.origin;
    if (unconsented != o.unconsented) return unconsented < o.unconsented;
    if (other_basis != o.other_basis) return other_basis < o.other_basis;
    if (referred != o.referred) return referred < o.referred;
    if (outcome != o.outcome) return outcome < o.outcome;
    if (outcome_rule != o.outcome_rule) return outcome_rule < o.outcome_rule;
    if (priority != o.priority) return priority < o.priority;
    return pending < o.pending;
  }
};

struct Bucket {
  std::vector<Region> regions;
  std::vector<int> path;  // the rules fired by the first region that got here
};

using States = std::map<Key, Bucket>;

class Analyzer {
 public:
  Analyzer(const Model& m, const AnalyzeOptions& options, Partition partition, bool track_routes = false,
           Lang lang = Lang::kEn)
      : m_(m), p_(std::move(partition)), options_(options), track_routes_(track_routes), lang_(lang) {
    const size_t rules = m.rules.size();
    rule_holds_.assign(rules, 0);
    rule_fired_.assign(rules, 0);
    node_reached_.assign(m.nodes.size(), 0);
    shadow_sample_.resize(rules);
    TrackConsent();
    duty_referred_.assign(m.services.size(), 0);
    duty_free_.assign(m.services.size(), 0);
    duty_example_.resize(m.services.size());
  }

  AnalysisReport Run() {
    AnalysisReport report;
    if (p_.too_large) {
      report.complete = false;
      report.incomplete_reason = Say("analyze.incomplete_set_values", {});
    }
    std::vector<Region> start = {internal::FullRegion(p_)};
    if (m_.scope >= 0) {
      SplitResult s;
      internal::Split(m_, p_, m_.scope, start[0], &s);
      start = std::move(s.holds);
    }
    States states;
    if (!start.empty()) {
      Key key;
      key.pending.resize(m_.nodes.size());
      key.pending.set(m_.entry);
      if (track_routes_) key.priority.assign(m_.services.size(), -1);
      if (track_consent_) {
        key.unconsented.resize(m_.services.size());
        key.other_basis.resize(m_.services.size());
      }
      states[key].regions = std::move(start);
    }
    try {
      for (int node : m_.node_order) states = VisitNode(std::move(states), node);
      for (auto& [key, bucket] : states) Leaf(key, bucket);
    } catch (const LimitReached&) {
      report.complete = false;
      report.incomplete_reason = Say("analyze.incomplete_regions", {std::to_string(options_.max_regions)});
    }
    Finish();
    report.regions = live_;  // every region the walk produced, before merging
    report.findings = std::move(findings_);
    std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
      if (a.file != b.file) return a.file < b.file;
      if (a.line != b.line) return a.line < b.line;
      return a.code < b.code;
    });
    return report;
  }

  // The walk alone, with routes tracked (see route_walk.h), from the given
  // start classes (the whole space when empty).
  std::vector<internal::RouteClass> Routes(std::vector<std::vector<Region>> starts, bool* complete) {
    if (starts.empty()) starts.push_back({internal::FullRegion(p_)});
    std::vector<internal::RouteClass> classes;
    States states;
    for (size_t origin = 0; origin < starts.size(); ++origin) {
      std::vector<Region> in_scope;
      std::vector<Region> out_of_scope;
      for (auto& region : starts[origin]) {
        if (m_.scope < 0) {
          in_scope.push_back(std::move(region));
          continue;
        }
        SplitResult s;
        internal::Split(m_, p_, m_.scope, region, &s);
        for (auto& h : s.holds) in_scope.push_back(std::move(h));
        for (auto& f : s.fails) out_of_scope.push_back(std::move(f));
      }
      if (!out_of_scope.empty()) {
        internal::RouteClass c{std::vector<int>(m_.services.size(), -1), internal::RouteClass::kOutOfScope,
                               std::move(out_of_scope), static_cast<int>(origin)};
        Compress(c.regions);
        classes.push_back(std::move(c));
      }
      if (in_scope.empty()) continue;
      Key key;
      key.pending.resize(m_.nodes.size());
      key.pending.set(m_.entry);
      key.priority.assign(m_.services.size(), -1);
      key.origin = static_cast<int>(origin);
      states[key].regions = std::move(in_scope);
    }
    *complete = true;
    try {
      for (int node : m_.node_order) states = VisitNode(std::move(states), node);
    } catch (const LimitReached&) {
      *complete = false;
      return classes;
    }
    for (auto& [key, bucket] : states) {
      classes.push_back({key.priority, key.outcome_rule, std::move(bucket.regions), key.origin});
    }
    return classes;
  }

 private:
  std::string Example(const Region& r) {
    return internal::ExampleCase(m_, p_, r, "analyze-example-" + std::to_string(++examples_));
  }

  // A message of the catalogue (diag/messages.cc) in the report's language.
  std::string Say(std::string_view code, const std::vector<std::string>& args) const {
    return internal::RenderMessage(code, lang_, args);
  }

  void Add(std::string code, Severity severity, std::string message, const Location& at, std::string example = {}) {
    Finding f;
    f.code = std::move(code);
    f.severity = severity;
    f.message = std::move(message);
    f.file = at.file;
    f.line = at.line;
    f.column = at.column;
    f.example_case = std::move(example);
    findings_.push_back(std::move(f));
  }

  void Emit(States& out, const Key& key, Region region, const std::vector<int>& path) {
    Bucket& b = out[key];
    if (b.regions.empty() && b.path.empty()) b.path = path;
    b.regions.push_back(std::move(region));
    if (++live_ > options_.max_regions) throw LimitReached{};
  }

  // The declared consent (Model::consent): which cells of its fact give no
  // consent (the absent cell included), and where a referral under `consent`
  // can still come (ConsentMayFollow). Not when routes are tracked:
  // `referral diff` compares referrals, not bases.
  void TrackConsent() {
    const int f = m_.consent.fact;
    if (f < 0 || track_routes_) return;
    track_consent_ = true;
    no_consent_.resize(p_.facts[f].count);
    for (size_t cell = 0; cell < no_consent_.size(); ++cell) {
      int64_t v = 0;
      no_consent_[cell] = !internal::CellValue(m_, p_, f, cell, &v) || !m_.consent.Covers(static_cast<int>(v));
    }
    // By node: the services referred under `consent` there or in a node
    // below it, children first (node_order is topological).
    consent_below_.assign(m_.nodes.size(), boost::dynamic_bitset<uint64_t>(m_.services.size()));
    for (auto it = m_.node_order.rbegin(); it != m_.node_order.rend(); ++it) {
      auto& below = consent_below_[*it];
      for (int r : m_.nodes[*it].rules) {
        for (const auto& to : m_.rules[r].refer) {
          if (IsConsent(to)) below.set(to.service);
        }
        for (int next : m_.rules[r].next) below |= consent_below_[next];
      }
    }
  }

  // Whether a referral to `service` under `consent` may still come after one
  // under another basis made in `node` (in a later rule of it, or in a node
  // below it or below one already pending): only then must the walk remember
  // the other basis, which wins the merge whatever the order.
  bool ConsentMayFollow(const Key& k, int node, int service) const {
    if (consent_below_[node].test(service)) return true;
    for (size_t n = k.pending.find_first(); n != Cells::npos; n = k.pending.find_next(n)) {
      if (consent_below_[n].test(service)) return true;
    }
    return false;
  }

  bool IsConsent(const internal::ReferTo& to) const {
    return (to.legal_basis.empty() ? m_.services[to.service].legal_basis : to.legal_basis) == "consent";
  }

  // A region that does not depend on the case's consent (the declared fact
  // may take any of its values there).
  bool ConsentFree(const Region& r) const { return m_.consent.fact < 0 || r[m_.consent.fact].all(); }

  // Adds the referral of `service` to the region `h` (already eligible) with
  // key `k`. With the consent tracked, a referral under `consent` splits off
  // the part of `h` where the case's consent does not cover it, and marks it.
  void Refer(std::vector<std::pair<Region, Key>>& out, Region h, Key k, int node, int service, bool consent) {
    if (!track_consent_) {
      out.push_back({std::move(h), std::move(k)});
      return;
    }
    if (!consent) {
      k.unconsented.reset(service);
      if (ConsentMayFollow(k, node, service)) k.other_basis.set(service);
      out.push_back({std::move(h), std::move(k)});
      return;
    }
    const int f = m_.consent.fact;
    Cells none = h[f] & no_consent_;
    if (k.other_basis.test(service) || none.none()) {
      out.push_back({std::move(h), std::move(k)});
      return;
    }
    Region unconsented = h;
    unconsented[f] = std::move(none);
    h[f] -= no_consent_;
    Key marked = k;
    marked.unconsented.set(service);
    out.push_back({std::move(unconsented), std::move(marked)});
    if (h[f].any()) out.push_back({std::move(h), std::move(k)});
  }

  // Rule `r` fires in `region`: its referrals (each only where the case meets
  // the service's eligibility), outcome and next nodes.
  void Fire(States& out, Key key, Region region, int r, std::vector<int> path) {
    const Rule& rule = m_.rules[r];
    rule_fired_[r] = 1;
    path.push_back(r);
    for (int next : rule.next) key.pending.set(next);
    key.outcome = key.outcome || rule.has_outcome;
    if (track_routes_ && rule.has_outcome && key.outcome_rule < 0) key.outcome_rule = r;
    std::vector<std::pair<Region, Key>> parts = {{std::move(region), key}};
    for (const auto& to : rule.refer) {
      const auto& svc = m_.services[to.service];
      std::vector<std::pair<Region, Key>> next_parts;
      for (auto& [part, part_key] : parts) {
        SplitResult s;
        if (svc.eligibility < 0) {
          s.holds.push_back(std::move(part));
        } else {
          internal::Split(m_, p_, svc.eligibility, part, &s);
        }
        for (auto& h : s.holds) {
          const bool consent = IsConsent(to);
          if (!consent) {
            ++duty_referred_[to.service];
            if (ConsentFree(h)) {
              ++duty_free_[to.service];
            } else if (duty_example_[to.service].empty()) {
              duty_example_[to.service] = Example(h);
            }
          }
          Key k = part_key;
          k.referred = true;
          if (track_routes_ && (k.priority[to.service] < 0 || to.priority < k.priority[to.service])) {
            k.priority[to.service] = to.priority;
          }
          Refer(next_parts, std::move(h), std::move(k), rule.node, to.service, consent);
        }
        for (auto& f : s.fails) {
          if (conflicts_.insert({r, to.service}).second) {
            Add("analyze.eligibility_conflict", Severity::kError,
                Say("analyze.eligibility_conflict", {rule.id, svc.id}), rule.loc, Example(f));
          }
          next_parts.push_back({std::move(f), part_key});
        }
      }
      parts = std::move(next_parts);
    }
    for (auto& [part, k] : parts) Emit(out, k, std::move(part), path);
  }

  void SplitBy(int cond, const Region& region, SplitResult* s) {
    if (cond < 0) {
      s->holds.push_back(region);
    } else {
      internal::Split(m_, p_, cond, region, s);
    }
  }

  States VisitNode(States states, int node_index) {
    const auto& node = m_.nodes[node_index];
    States out;
    for (auto& [key, bucket] : states) {
      if (!key.pending.test(node_index)) {
        for (auto& r : bucket.regions) Emit(out, key, std::move(r), bucket.path);
        continue;
      }
      node_reached_[node_index] = 1;
      Key base = key;
      base.pending.reset(node_index);
      for (const auto& region : bucket.regions) {
        for (int r : node.rules) {
          if (rule_holds_[r]) continue;
          SplitResult s;
          SplitBy(m_.rules[r].when, region, &s);
          if (!s.holds.empty()) {
            rule_holds_[r] = 1;
            shadow_sample_[r] = std::move(s.holds.front());
          }
        }
        if (node.hit == HitPolicy::kFirst) {
          std::vector<Region> remaining = {region};
          for (int r : node.rules) {
            std::vector<Region> next_remaining;
            for (const auto& part : remaining) {
              SplitResult s;
              SplitBy(m_.rules[r].when, part, &s);
              for (auto& h : s.holds) Fire(out, base, std::move(h), r, bucket.path);
              for (auto& f : s.fails) next_remaining.push_back(std::move(f));
            }
            remaining = std::move(next_remaining);
            if (remaining.empty()) break;
          }
          for (auto& part : remaining) Emit(out, base, std::move(part), bucket.path);
        }
      }
      if (node.hit != HitPolicy::kFirst) {
        Bucket entry;
        entry.regions = std::move(bucket.regions);
        entry.path = bucket.path;
        Collect(out, node_index, base, entry);
      }
    }
    for (auto& [key, bucket] : out) Compress(bucket.regions);
    return out;
  }

  // collect and unique: each rule in turn splits every region into "fires"
  // and "does not", breadth first, merging regions after each rule so that k
  // independent rules give a handful of regions, not 2^k. For unique nodes
  // the key also remembers a rule that already fired here (`first_fired`).
  void Collect(States& out, int node_index, const Key& key, const Bucket& bucket) {
    const auto& node = m_.nodes[node_index];
    std::map<std::pair<Key, int>, Bucket> work;
    work[{key, -1}] = bucket;
    for (int r : node.rules) {
      std::map<std::pair<Key, int>, Bucket> next;
      for (auto& [kf, b] : work) {
        const auto& [k, first_fired] = kf;
        for (const auto& region : b.regions) {
          SplitResult s;
          SplitBy(m_.rules[r].when, region, &s);
          for (auto& h : s.holds) {
            if (node.hit == HitPolicy::kUnique && first_fired >= 0) {
              if (overlaps_.insert({first_fired, r}).second) {
                Add("analyze.unique_overlap", Severity::kError,
                    Say("analyze.unique_overlap", {m_.rules[first_fired].id, m_.rules[r].id, node.id}),
                    m_.rules[r].loc, Example(h));
              }
              continue;  // the decision fails here: nothing further to learn
            }
            States fired;
            Fire(fired, k, std::move(h), r, b.path);
            for (auto& [fk, fb] : fired) {
              Bucket& dst = next[{fk, node.hit == HitPolicy::kUnique ? r : -1}];
              if (dst.regions.empty()) dst.path = fb.path;
              for (auto& part : fb.regions) dst.regions.push_back(std::move(part));
            }
          }
          Bucket& dst = next[kf];
          if (dst.regions.empty() && !s.fails.empty()) dst.path = b.path;
          for (auto& f : s.fails) dst.regions.push_back(std::move(f));
        }
      }
      for (auto& [kf, b] : next) Compress(b.regions);
      work = std::move(next);
    }
    for (auto& [kf, b] : work) {
      for (auto& region : b.regions) Emit(out, kf.first, std::move(region), b.path);
    }
  }

  static uint64_t HashCells(const Cells& c, size_t f) {
    uint64_t h = 0x9e3779b97f4a7c15ULL * (f + 1);
    std::vector<uint64_t> blocks;
    boost::to_block_range(c, std::back_inserter(blocks));
    for (uint64_t b : blocks) h = (h ^ b) * 0x100000001b3ULL + (h >> 29);
    return h;
  }

  // Merges regions that differ in one fact only (their union is a region),
  // until none do: keeps the number of regions near the number of real cases
  // of difference, not the number of ways the walk split them.
  void Compress(std::vector<Region>& regions) {
    if (regions.size() < 2) return;
    const size_t facts = p_.facts.size();
    // Per region: one hash per fact, and their sum (so a fact's hash can be
    // taken out to key "everything but fact f").
    std::vector<std::vector<uint64_t>> hashes(regions.size(), std::vector<uint64_t>(facts));
    std::vector<uint64_t> total(regions.size(), 0);
    for (size_t i = 0; i < regions.size(); ++i) {
      for (size_t f = 0; f < facts; ++f) total[i] += hashes[i][f] = HashCells(regions[i][f], f);
    }
    std::vector<uint8_t> alive(regions.size(), 1);
    bool merged = true;
    while (merged) {
      merged = false;
      for (size_t f = 0; f < facts; ++f) {
        std::unordered_map<uint64_t, std::vector<size_t>> seen;
        for (size_t i = 0; i < regions.size(); ++i) {
          if (!alive[i]) continue;
          auto& candidates = seen[total[i] - hashes[i][f]];
          size_t into = regions.size();
          for (size_t j : candidates) {
            bool same = true;
            for (size_t g = 0; g < facts && same; ++g) same = g == f || regions[j][g] == regions[i][g];
            if (same) {
              into = j;
              break;
            }
          }
          if (into == regions.size()) {
            candidates.push_back(i);
            continue;
          }
          regions[into][f] |= regions[i][f];
          total[into] -= hashes[into][f];
          total[into] += hashes[into][f] = HashCells(regions[into][f], f);
          alive[i] = 0;
          merged = true;
        }
      }
    }
    std::vector<Region> kept;
    for (size_t i = 0; i < regions.size(); ++i) {
      if (alive[i]) kept.push_back(std::move(regions[i]));
    }
    regions = std::move(kept);
  }

  void Leaf(const Key& key, const Bucket& bucket) {
    leaves_ += bucket.regions.size();
    if (track_consent_ && key.unconsented.any() && !bucket.regions.empty()) Unconsented(key, bucket);
    if (key.referred || key.outcome || bucket.regions.empty()) return;
    // A gap: no referral and no explicit outcome; the generic fallback decides.
    // The example is decided by the real evaluator, so the rules named are
    // the ones that really fire for it.
    std::string example = Example(bucket.regions.front());
    std::string path;
    Location at = m_.fallback_loc;
    if (const internal::Result* r = Decided(example)) {
      for (int k : r->fired_rules) path += (path.empty() ? "" : ", ") + m_.rules[k].id;
      if (!r->fired_rules.empty()) at = m_.rules[r->fired_rules.back()].loc;
    }
    Add("analyze.gap", Severity::kError,
        Say("analyze.gap", {m_.fallback_reason, path.empty() ? Say("analyze.no_rule", {}) : path}), at,
        std::move(example));
  }

  // Services this bucket gets under `consent` although its cases' consent
  // does not cover them: one finding per service, at the rule that asked for
  // it, with an example decided by the real evaluator.
  void Unconsented(const Key& key, const Bucket& bucket) {
    const internal::Fact& fact = m_.facts[m_.consent.fact];
    std::string covers;
    for (size_t v = 0; v < fact.values.size(); ++v) {
      if (m_.consent.Covers(static_cast<int>(v))) covers += (covers.empty() ? "`" : ", `") + fact.values[v] + "`";
    }
    for (size_t s = key.unconsented.find_first(); s != Cells::npos; s = key.unconsented.find_next(s)) {
      if (!unconsented_reported_.insert(static_cast<int>(s)).second) continue;
      const auto& svc = m_.services[s];
      std::string example = Example(bucket.regions.front());
      Location at = svc.loc;
      std::string rules;
      if (const internal::Result* r = Decided(example)) {
        for (const auto& ref : r->referrals) {
          if (ref.service != static_cast<int>(s)) continue;
          for (uint32_t i = ref.rules.begin; i < ref.rules.end; ++i) {
            rules += (rules.empty() ? "`" : ", `") + m_.rules[r->rule_refs[i]].id + "`";
          }
          if (!ref.rules.empty()) at = m_.rules[r->rule_refs[ref.rules.begin]].loc;
        }
      }
      Add("analyze.consent_basis_without_consent", Severity::kError,
          Say("analyze.consent_basis_without_consent",
              {svc.id, fact.name, covers, rules.empty() ? Say("analyze.none", {}) : rules}),
          at, std::move(example));
    }
  }

  // An example case decided by the real evaluator (rules trace): its index
  // result, or null if the example does not read or decide.
  const internal::Result* Decided(const std::string& example) {
    auto c = internal::ReadCase(m_, example, CaseFormat::kJson);
    if (!c.ok() || !internal::Evaluate(m_, *c, TraceLevel::kRules, &example_result_).ok()) return nullptr;
    return &example_result_;
  }

  void Finish() {
    Undeclared();
    for (size_t r = 0; r < m_.rules.size(); ++r) {
      if (rule_fired_[r]) continue;
      const Rule& rule = m_.rules[r];
      const auto& node = m_.nodes[rule.node];
      if (!node_reached_[rule.node]) {
        Add("analyze.dead_rule", Severity::kWarning, Say("analyze.dead_rule.unreached", {rule.id, node.id}),
            rule.loc);
        continue;
      }
      if (!rule_holds_[r]) {
        Add("analyze.dead_rule", Severity::kWarning, Say("analyze.dead_rule.never_holds", {rule.id, node.id}),
            rule.loc);
        continue;
      }
      // It holds somewhere but always loses to earlier rules (a `first` node).
      std::string takers;
      for (int other : node.rules) {
        if (other == static_cast<int>(r)) break;
        SplitResult s;
        if (m_.rules[other].when < 0) {
          s.holds.push_back(shadow_sample_[r]);
        } else {
          internal::Split(m_, p_, m_.rules[other].when, shadow_sample_[r], &s);
        }
        if (!s.holds.empty()) takers += (takers.empty() ? "`" : ", `") + m_.rules[other].id + "`";
      }
      Add("analyze.dead_rule", Severity::kWarning, Say("analyze.dead_rule.shadowed", {rule.id, node.id, takers}),
          rule.loc, Example(shadow_sample_[r]));
    }
    for (size_t s = 0; s < m_.services.size(); ++s) {
      if (duty_referred_[s] > 0 && duty_free_[s] == 0) {
        Add("analyze.consent_blocked_duty", Severity::kError,
            Say("analyze.consent_blocked_duty", {m_.services[s].id, m_.services[s].legal_basis}), m_.services[s].loc,
            duty_example_[s]);
      }
    }
    Unused();
  }

  // Without a consent declaration nothing proves that a referral under
  // `consent` had it: say so where the first such referral is asked for.
  void Undeclared() {
    if (m_.consent.fact >= 0) return;
    for (const auto& rule : m_.rules) {
      for (const auto& to : rule.refer) {
        if (!IsConsent(to)) continue;
        Add("analyze.consent_undeclared", Severity::kInfo,
            Say("analyze.consent_undeclared", {rule.id, m_.services[to.service].id}), rule.loc);
        return;
      }
    }
  }

  void Unused() {
    std::vector<bool> read(m_.facts.size(), false);
    std::vector<uint64_t> named(m_.facts.size(), 0);
    auto read_cond = [&](int c) { internal::FactsRead(m_, c, &read); };
    read_cond(m_.scope);
    for (const auto& p : m_.predicates) read_cond(p.condition);
    for (const auto& s : m_.services) read_cond(s.eligibility);
    for (const auto& r : m_.rules) read_cond(r.when);
    for (const auto& f : m_.facts) {
      if (!f.derived) continue;
      for (int input : f.age.Inputs()) {
        if (input >= 0) read[input] = true;
      }
    }
    for (const auto& c : m_.conditions) {
      if (c.kind == CondNode::Kind::kTest && c.test.op != internal::Test::Op::kRange) named[c.test.fact] |= c.test.mask;
    }
    // A service is used when a rule refers to it, or when it stands in for
    // one that has no places (a fallback target).
    std::vector<bool> referred(m_.services.size(), false);
    for (const auto& r : m_.rules) {
      for (const auto& to : r.refer) referred[to.service] = true;
    }
    for (const auto& svc : m_.services) {
      for (int to : svc.fallback) referred[to] = true;
    }
    for (size_t s = 0; s < m_.services.size(); ++s) {
      if (!referred[s]) {
        Add("analyze.unused_service", Severity::kWarning, Say("analyze.unused_service", {m_.services[s].id}),
            m_.services[s].loc);
      }
    }
    if (!options_.include_info) return;
    for (size_t f = 0; f < m_.facts.size(); ++f) {
      const Fact& fact = m_.facts[f];
      if (!read[f] && !fact.report) {
        Add("analyze.unused_fact", Severity::kInfo, Say("analyze.unused_fact", {fact.name}), fact.loc);
        continue;
      }
      if (!read[f] || (fact.type != FactType::kEnum && fact.type != FactType::kSet)) continue;
      std::string unused;
      for (size_t i = 0; i < fact.values.size(); ++i) {
        if (!((named[f] >> i) & 1)) unused += (unused.empty() ? "`" : ", `") + fact.values[i] + "`";
      }
      if (!unused.empty()) {
        Add("analyze.unused_value", Severity::kInfo, Say("analyze.unused_value", {fact.name, unused}), fact.loc);
      }
    }
  }

  const Model& m_;
  Partition p_;
  AnalyzeOptions options_;
  bool track_routes_ = false;
  Lang lang_ = Lang::kEn;
  std::vector<uint8_t> rule_holds_, rule_fired_, node_reached_;
  bool track_consent_ = false;
  Cells no_consent_;                         // cells of the consent fact that give no consent
  std::vector<boost::dynamic_bitset<uint64_t>> consent_below_;  // by node: see TrackConsent
  std::set<int> unconsented_reported_;
  std::vector<Region> shadow_sample_;
  std::vector<size_t> duty_referred_, duty_free_;
  std::vector<std::string> duty_example_;
  std::set<std::pair<int, int>> overlaps_, conflicts_;
  std::vector<Finding> findings_;
  internal::Result example_result_;  // reused by Decided
  size_t leaves_ = 0;
  size_t live_ = 0;
  int examples_ = 0;
};

}  // namespace

namespace internal {
std::vector<RouteClass> WalkRoutes(const Model& m, const Partition& p, size_t max_regions, bool* complete) {
  AnalyzeOptions options;
  options.max_regions = max_regions;
  return Analyzer(m, options, p, /*track_routes=*/true).Routes({}, complete);
}

std::vector<RouteClass> WalkRoutesFrom(const Model& m, const Partition& p, std::vector<std::vector<Region>> starts,
                                       size_t max_regions, bool* complete) {
  AnalyzeOptions options;
  options.max_regions = max_regions;
  return Analyzer(m, options, p, /*track_routes=*/true).Routes(std::move(starts), complete);
}
}  // namespace internal

AnalysisReport Analyze(const Ruleset& rules, const AnalyzeOptions& options) {
  return Analyze(rules, options, Lang::kEn);
}

AnalysisReport Analyze(const Ruleset& rules, const AnalyzeOptions& options, Lang lang) {
  const internal::Model& m = internal::ModelOf(rules);
  return Analyzer(m, options, internal::BuildPartition(m), /*track_routes=*/false, lang).Run();
}

}  // namespace referral
