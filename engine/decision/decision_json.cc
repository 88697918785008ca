// The decision as JSON: one serializer (Write), over either a Decision or an
// evaluator Result with its rule set and case. Keys are written in a fixed
// order and nothing depends on time, locale or memory addresses, so the same
// rule set and case always give the same bytes.
#include <string>
#include <string_view>

#include "decision/render.h"
#include "explain/words.h"
#include "referral/decision.h"
#include "referral/version.h"
#include "util/json_writer.h"

namespace referral {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kReferred: return "referred";
    case Outcome::kNoReferral: return "no_referral";
    case Outcome::kOutOfScope: return "out_of_scope";
  }
  return "";
}

namespace internal {
namespace {

// The walk. `V` gives the decision's parts (DecisionSource, ResultSource).
template <class V>
void Write(const V& v, const DecisionJsonOptions& o, JsonWriter& w) {
  w.BeginObject();
  w.Key("case_id");
  w.String(v.CaseId());
  w.Key("outcome");
  w.String(OutcomeName(v.OutcomeOf()));
  w.Key("reason");
  w.StringOrNull(v.Reason());
  w.Key("follow_up");
  w.Bool(v.FollowUp());
  v.OutcomeBecause([&](std::string_view es, std::string_view en) {
    if (es.empty() && en.empty()) return;
    w.Key("because");
    w.BeginObject();
    w.Key("es");
    w.String(es);
    w.Key("en");
    w.String(en);
    w.EndObject();
  });
  w.Key("referrals");
  w.BeginArray();
  v.Referrals([&](const auto& r) {
    w.BeginObject();
    w.Key("service");
    w.String(r.Service());
    w.Key("priority");
    w.String(r.Priority());
    w.Key("priority_rank");
    w.Int(r.Rank());
    w.Key("timeframe");
    w.StringOrNull(r.Timeframe());
    w.Key("legal_basis");
    w.String(r.LegalBasis());
    if (!r.Citation().empty()) {
      w.Key("citation");
      w.String(r.Citation());
    }
    w.Key("requires_human_confirmation");
    w.Bool(r.Confirm());
    w.Key("rules");
    w.BeginArray();
    r.Rules([&](std::string_view id) { w.String(id); });
    w.EndArray();
    r.Because([&](std::string_view because) {
      if (because.empty()) return;
      w.Key("because");
      w.String(because);
    });
    r.OfficeOf([&](std::string_view id, std::string_view name, std::string_view address) {
      w.Key("office");
      w.BeginObject();
      w.Key("id");
      w.String(id);
      w.Key("name");
      w.String(name);
      w.Key("address");
      w.String(address);
      w.EndObject();
    });
    if (!r.FallbackFrom().empty()) {
      w.Key("fallback_from");
      w.String(r.FallbackFrom());
    }
    // The engine recommends; a person confirms (POLICY §8: `draft` until then).
    w.Key("status");
    w.String("draft");
    w.EndObject();
  });
  w.EndArray();
  w.Key("warnings");
  w.BeginArray();
  v.Warnings([&](std::string_view code, std::string_view detail) {
    w.BeginObject();
    w.Key("code");
    w.String(code);
    if (!detail.empty()) {
      w.Key("detail");
      w.String(detail);
    }
    w.EndObject();
  });
  w.EndArray();
  w.Key("derived");
  w.BeginObject();
  v.Derived([&](std::string_view name, std::string_view value) {
    w.Key(name);
    w.String(value);
  });
  w.EndObject();
  w.Key("path");
  w.BeginArray();
  v.Path([&](std::string_view id) { w.String(id); });
  w.EndArray();
  w.Key("fired_rules");
  w.BeginArray();
  v.FiredRules([&](std::string_view id) { w.String(id); });
  w.EndArray();
  w.Key("ruleset");
  w.BeginObject();
  w.Key("id");
  w.String(v.RulesetId());
  w.Key("version");
  w.String(v.RulesetVersion());
  w.Key("digest");
  w.String(v.RulesetDigest());
  w.EndObject();
  w.Key("engine_version");
  w.String(v.EngineVersion());
  if (!o.decision_id.empty()) {
    w.Key("decision_id");
    w.String(o.decision_id);
    w.Key("decided_at");
    w.String(o.decided_at);
  }
  if (o.include_trace) {
    auto entry = [&](std::string_view node, std::string_view name, bool fired, const auto& checks) {
      w.BeginObject();
      if (!node.empty()) {
        w.Key("node");
        w.String(node);
      }
      w.Key(node.empty() ? "check" : "rule");
      w.String(name);
      w.Key("fired");
      w.Bool(fired);
      bool any = false;
      checks([&](const CheckFields& c) {
        if (!any) {
          w.Key("checks");
          w.BeginArray();
          any = true;
        }
        w.BeginObject();
        w.Key("fact");
        w.String(c.fact);
        if (!c.predicate.empty()) {
          w.Key("predicate");
          w.String(c.predicate);
        }
        if (c.sensitive) {
          w.Key("sensitive");
          w.Bool(true);
        } else {
          w.Key("test");
          w.String(c.test);
          w.Key("actual");
          if (c.absent) {
            w.Null();
          } else {
            w.String(c.actual);
          }
        }
        w.Key("result");
        w.Bool(c.result);
        if (!c.wanted) {
          w.Key("negated");
          w.Bool(true);
        }
        w.EndObject();
      });
      if (any) w.EndArray();
      w.EndObject();
    };
    w.Key("trace");
    w.BeginArray();
    v.Trace(entry);
    w.EndArray();
    if (v.HasEligibility()) {
      w.Key("eligibility");
      w.BeginArray();
      v.Eligibility(entry);
      w.EndArray();
    }
  }
  if (!o.explanation.empty()) {
    w.Key("explanation");
    w.String(o.explanation);
  }
  w.EndObject();
}

// A Decision, as Write reads it.
class DecisionSource {
 public:
  explicit DecisionSource(const Decision& d) : d_(d) {}
  std::string_view CaseId() const { return d_.case_id; }
  Outcome OutcomeOf() const { return d_.outcome; }
  std::string_view Reason() const { return d_.reason; }
  bool FollowUp() const { return d_.follow_up; }
  template <class F> void OutcomeBecause(F f) const { f(d_.outcome_because_es, d_.outcome_because_en); }
  class Ref {
   public:
    explicit Ref(const Referral& r) : r_(r) {}
    std::string_view Service() const { return r_.service; }
    std::string_view Priority() const { return r_.priority; }
    int Rank() const { return r_.priority_rank; }
    std::string_view Timeframe() const { return r_.timeframe; }
    std::string_view LegalBasis() const { return r_.legal_basis; }
    std::string_view Citation() const { return r_.citation; }
    bool Confirm() const { return r_.requires_human_confirmation; }
    template <class F> void Rules(F f) const {
      for (const auto& id : r_.rules) f(id);
    }
    template <class F> void Because(F f) const { f(r_.because); }
    template <class F> void OfficeOf(F f) const {
      if (!r_.office.id.empty()) f(r_.office.id, r_.office.name, r_.office.address);
    }
    std::string_view FallbackFrom() const { return r_.fallback_from; }

   private:
    const Referral& r_;
  };
  template <class F> void Referrals(F f) const {
    for (const auto& r : d_.referrals) f(Ref(r));
  }
  template <class F> void Warnings(F f) const {
    for (const auto& w : d_.warnings) f(w.code, w.detail);
  }
  template <class F> void Derived(F f) const {
    for (const auto& [name, value] : d_.facts) f(name, value);
  }
  template <class F> void Path(F f) const {
    for (const auto& id : d_.path) f(id);
  }
  template <class F> void FiredRules(F f) const {
    for (const auto& id : d_.fired_rules) f(id);
  }
  std::string_view RulesetId() const { return d_.ruleset_id; }
  std::string_view RulesetVersion() const { return d_.ruleset_version; }
  std::string_view RulesetDigest() const { return d_.ruleset_digest; }
  std::string_view EngineVersion() const { return d_.engine_version; }
  template <class F> void Trace(F f) const { Entries(d_.trace, f); }
  bool HasEligibility() const { return !d_.eligibility.empty(); }
  template <class F> void Eligibility(F f) const { Entries(d_.eligibility, f); }

 private:
  template <class F> static void Entries(const std::vector<RuleTrace>& list, F f) {
    for (const auto& t : list) {
      f(t.node, t.rule, t.fired, [&](const auto& each) {
        for (const auto& c : t.checks) {
          each(CheckFields{c.fact, c.predicate, c.sensitive, c.test, c.actual, c.absent, false, c.result, c.wanted});
        }
      });
    }
  }
  const Decision& d_;
};

// A Result with its rule set and case, as Write reads it.
class ResultSource {
 public:
  ResultSource(const Model& m, const CaseValues& c, const Result& r) : m_(m), c_(c), r_(r) {}
  std::string_view CaseId() const { return c_.case_id; }
  Outcome OutcomeOf() const { return r_.outcome; }
  std::string_view Reason() const { return ReasonOf(m_, r_); }
  bool FollowUp() const { return r_.follow_up; }
  template <class F> void OutcomeBecause(F f) const {
    f(internal::OutcomeBecause(m_, c_, r_, Lang::kEs), internal::OutcomeBecause(m_, c_, r_, Lang::kEn));
  }
  class Ref {
   public:
    Ref(const ResultSource& s, const ResultReferral& r) : s_(s), r_(r) {}
    std::string_view Service() const { return s_.m_.services[r_.service].id; }
    std::string_view Priority() const { return s_.m_.priorities[r_.priority].id; }
    int Rank() const { return r_.priority + 1; }
    std::string_view Timeframe() const { return s_.m_.priorities[r_.priority].timeframe; }
    std::string_view LegalBasis() const { return *r_.legal_basis; }
    std::string_view Citation() const { return s_.m_.services[r_.service].citation; }
    bool Confirm() const { return r_.confirm; }
    template <class F> void Rules(F f) const {
      for (uint32_t i = r_.rules.begin; i < r_.rules.end; ++i) f(s_.m_.rules[s_.r_.rule_refs[i]].id);
    }
    template <class F> void Because(F f) const {
      if (r_.because.empty()) return;
      f(internal::ReferralBecause(s_.m_, s_.c_, s_.r_, r_));
    }
    template <class F> void OfficeOf(F f) const {
      if (r_.office < 0) return;
      const auto& o = s_.m_.offices[r_.office];
      f(o.id, o.name, o.address);
    }
    std::string_view FallbackFrom() const {
      return r_.fallback_from < 0 ? std::string_view() : std::string_view(s_.m_.services[r_.fallback_from].id);
    }

   private:
    const ResultSource& s_;
    const ResultReferral& r_;
  };
  template <class F> void Referrals(F f) const {
    for (const auto& r : r_.referrals) f(Ref(*this, r));
  }
  template <class F> void Warnings(F f) const {
    for (const auto& w : c_.warnings) f(w.code, w.detail);
    std::string detail;
    for (const auto& w : r_.warnings) {
      if (w.to < 0) {
        f(w.code, w.detail);
        continue;
      }
      detail.assign(w.detail).append(" -> ").append(m_.services[w.to].id);
      f(w.code, detail);
    }
  }
  template <class F> void Derived(F f) const {
    for (const auto& [name, value] : c_.derived) f(name, value);
  }
  template <class F> void Path(F f) const {
    for (int n : r_.path) f(m_.nodes[n].id);
  }
  template <class F> void FiredRules(F f) const {
    for (int r : r_.fired_rules) f(m_.rules[r].id);
  }
  std::string_view RulesetId() const { return m_.id; }
  std::string_view RulesetVersion() const { return m_.version; }
  std::string_view RulesetDigest() const { return m_.digest; }
  std::string_view EngineVersion() const { return kEngineVersion; }
  template <class F> void Trace(F f) const { Entries(r_.rules_trace, f); }
  bool HasEligibility() const { return !r_.eligibility.empty(); }
  template <class F> void Eligibility(F f) const { Entries(r_.eligibility, f); }

  // The node and name of a trace entry, as a Decision shows them.
  std::string_view NodeOf(const ResultTrace& t) const {
    return t.kind == ResultTrace::Kind::kRule ? std::string_view(m_.nodes[m_.rules[t.index].node].id)
                                              : std::string_view();
  }
  std::string_view NameOf(const ResultTrace& t) const {
    switch (t.kind) {
      case ResultTrace::Kind::kScope: return "scope";
      case ResultTrace::Kind::kRule: return m_.rules[t.index].id;
      case ResultTrace::Kind::kEligibility: return m_.services[t.index].id;
    }
    return {};
  }
 private:
  template <class F> void Entries(const std::vector<ResultTrace>& list, F f) const {
    std::string actual;
    for (const auto& t : list) {
      f(NodeOf(t), NameOf(t), t.fired, [&](const auto& each) {
        for (uint32_t i = t.checks.begin; i < t.checks.end; ++i) each(CheckOf(m_, c_, r_.checks[i], &actual));
      });
    }
  }
  const Model& m_;
  const CaseValues& c_;
  const Result& r_;
};

}  // namespace

CheckFields CheckOf(const Model& m, const CaseValues& c, const ResultCheck& k, std::string* actual) {
  const Test& test = m.conditions[k.condition].test;
  const Fact& fact = m.facts[test.fact];
  CheckFields f;
  f.fact = fact.name;
  f.predicate = k.predicate < 0 ? std::string_view() : std::string_view(m.predicates[k.predicate].name);
  f.sensitive = fact.sensitive;
  f.absent = !c.present[test.fact];
  f.defaulted = c.present[test.fact] == kDefaulted;
  if (!fact.sensitive) {
    f.test = test.text;
    *actual = FormatValue(m, c, test.fact);
    f.actual = *actual;
  }
  f.result = k.result;
  f.wanted = k.wanted;
  return f;
}

std::string_view ReasonOf(const Model& m, const Result& r) {
  switch (r.source) {
    case OutcomeSource::kScope: return m.scope_reason;
    case OutcomeSource::kRule: return m.rules[r.outcome_rule].reason;
    case OutcomeSource::kFallback: return m.fallback_reason;
    case OutcomeSource::kNone: break;
  }
  return {};
}

std::string OutcomeBecause(const Model& m, const CaseValues& c, const Result& r, Lang lang) {
  if (r.trace == TraceLevel::kOff) return {};
  const Text* text = nullptr;
  switch (r.source) {
    case OutcomeSource::kScope: text = &m.scope_because; break;
    case OutcomeSource::kRule: text = &m.rules[r.outcome_rule].because; break;
    case OutcomeSource::kFallback: text = &m.fallback_because; break;
    case OutcomeSource::kNone: break;
  }
  return text == nullptr ? std::string() : RenderText(text->Get(lang), m, c, lang);
}

std::string ReferralBecause(const Model& m, const CaseValues& c, const Result& r, const ResultReferral& ref) {
  std::string out;
  for (uint32_t i = ref.because.begin; i < ref.because.end; ++i) {
    std::string text = RenderText(m.rules[r.rule_refs[i]].because.Get(m.language), m, c, m.language);
    if (text.empty()) continue;
    if (!out.empty()) out += ' ';
    out += text;
  }
  return out;
}

void AppendDecisionJson(const Model& m, const CaseValues& c, const Result& r, const DecisionJsonOptions& options,
                        std::string* out) {
  JsonWriter w(out);
  Write(ResultSource(m, c, r), options, w);
}

std::string RenderText(const std::string& text, const Model& m, const CaseValues& c, Lang lang) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    size_t close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    // `{fact}`, or `{fact:age}`: a number of months as an age in words ("3 años y 3 meses").
    std::string_view name = std::string_view(text).substr(open + 1, close - open - 1);
    const bool age = name.size() > 4 && name.substr(name.size() - 4) == ":age";
    if (age) name.remove_suffix(4);
    int f = m.FindFact(name);
    if (f < 0 || m.facts[f].sensitive) {
      out += "?";
    } else if (age && m.facts[f].type == FactType::kInt && c.present[f]) {
      out += AgeWords(c.values[f], lang);
    } else {
      // Values by their display labels ("no aplica", not `no_aplica`).
      out += ValueWords(m, f, FormatValue(m, c, f), lang);
    }
    pos = close + 1;
  }
  return out;
}

Decision ToDecision(const Model& m, const CaseValues& c, const Result& r) {
  const ResultSource source(m, c, r);
  Decision d;
  d.case_id = c.case_id;
  d.outcome = r.outcome;
  d.reason = std::string(source.Reason());
  d.follow_up = r.follow_up;
  switch (r.source) {
    case OutcomeSource::kScope: d.outcome_rule = "scope"; break;
    case OutcomeSource::kRule: d.outcome_rule = m.rules[r.outcome_rule].id; break;
    case OutcomeSource::kFallback: d.outcome_rule = "fallback"; break;
    case OutcomeSource::kNone: break;
  }
  source.OutcomeBecause([&](std::string_view es, std::string_view en) {
    d.outcome_because_es = es;
    d.outcome_because_en = en;
  });
  // The same views the JSON is written from: one reading of the result.
  d.referrals.reserve(r.referrals.size());
  source.Referrals([&](const ResultSource::Ref& x) {
    Referral& ref = d.referrals.emplace_back();
    ref.service = x.Service();
    ref.priority = x.Priority();
    ref.priority_rank = x.Rank();
    ref.timeframe = x.Timeframe();
    ref.legal_basis = x.LegalBasis();
    ref.citation = x.Citation();
    ref.requires_human_confirmation = x.Confirm();
    x.Rules([&](std::string_view id) { ref.rules.emplace_back(id); });
    x.Because([&](std::string_view because) { ref.because = because; });
    x.OfficeOf([&](std::string_view id, std::string_view name, std::string_view address) {
      ref.office = {std::string(id), std::string(name), std::string(address)};
    });
    ref.fallback_from = x.FallbackFrom();
  });
  source.Path([&](std::string_view id) { d.path.emplace_back(id); });
  source.FiredRules([&](std::string_view id) { d.fired_rules.emplace_back(id); });
  source.Warnings([&](std::string_view code, std::string_view detail) {
    d.warnings.push_back({std::string(code), std::string(detail)});
  });
  auto entries = [&](const std::vector<ResultTrace>& list, std::vector<RuleTrace>* to) {
    std::string actual;
    for (const ResultTrace& t : list) {
      RuleTrace rt;
      rt.node = std::string(source.NodeOf(t));
      rt.rule = std::string(source.NameOf(t));
      rt.fired = t.fired;
      for (uint32_t i = t.checks.begin; i < t.checks.end; ++i) {
        const CheckFields f = CheckOf(m, c, r.checks[i], &actual);
        ConditionCheck check;
        check.fact = f.fact;
        check.test = f.test;
        check.actual = f.actual;
        check.sensitive = f.sensitive;
        check.absent = f.absent;
        check.result = f.result;
        check.wanted = f.wanted;
        check.predicate = f.predicate;
        check.condition = r.checks[i].condition;
        rt.checks.push_back(std::move(check));
      }
      if (t.kind == ResultTrace::Kind::kRule && t.fired) {
        const Text& because = m.rules[t.index].because;
        rt.because_es = RenderText(because.Get(Lang::kEs), m, c, Lang::kEs);
        rt.because_en = RenderText(because.Get(Lang::kEn), m, c, Lang::kEn);
      }
      to->push_back(std::move(rt));
    }
  };
  entries(r.rules_trace, &d.trace);
  entries(r.eligibility, &d.eligibility);
  d.facts = c.derived;
  d.ruleset_id = m.id;
  d.ruleset_version = m.version;
  d.ruleset_digest = m.digest;
  d.engine_version = kEngineVersion;
  d.trace_level = r.trace;
  return d;
}

}  // namespace internal

std::string DecisionToJson(const Decision& d, bool include_trace) {
  DecisionJsonOptions options;
  options.include_trace = include_trace;
  return DecisionToJson(d, options);
}

std::string DecisionToJson(const Decision& d, const DecisionJsonOptions& options) {
  std::string out;
  DecisionJsonOptions o = options;
  if (o.decision_id.empty()) {
    o.decision_id = d.decision_id;
    o.decided_at = d.decided_at;
  }
  internal::JsonWriter w(&out);
  internal::Write(internal::DecisionSource(d), o, w);
  return out;
}

}  // namespace referral
