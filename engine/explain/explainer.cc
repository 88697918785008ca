// Explain(): a decision rendered for people from the evaluator's own result:
// indices into the rule set (eval/result.h), with the case's texts beside
// them. First what to do (each referral by its service's name, its deadline,
// who confirms it; the rules' instructions; every warning as a sentence), then
// why (each referral's reasons and the conditions it met, in words), and, with
// `detail`, the technical trace: rule ids, nodes, file:line, every condition
// as the rules write it and what kept the case from each service not chosen.
// Sensitive facts appear only as "holds" / "does not hold".
#include <algorithm>
#include <cstdio>

#include "decision/render.h"
#include "diag/diag_sink.h"
#include "explain/words.h"
#include "model/model.h"
#include "referral/explain.h"
#include "util/date.h"
#include "util/json_writer.h"
#include "util/utf8.h"

namespace referral {

namespace {

using internal::CheckFields;
using internal::Model;
using internal::Result;
using internal::ResultTrace;
using internal::Fact;
using internal::FactType;
using internal::Test;

struct Words {
  const char* title;
  const char* ruleset;
  const char* outcome;
  const char* referred;
  const char* no_referral;
  const char* out_of_scope;
  const char* reason;
  const char* follow_up;
  const char* referrals;
  const char* priority;
  const char* timeframe;
  const char* basis;
  const char* confirm;
  const char* rule;
  const char* node;
  const char* value;
  const char* absent;
  const char* sensitive_holds;
  const char* sensitive_fails;
  const char* must_not;
  const char* not_chosen;
  const char* not_reached;
  const char* taken_by;
  const char* failed;
  const char* ineligible;
  const char* no_rule;
  const char* warnings;
  const char* path;
  const char* derived;
  const char* no_trace;
};

// Its words, from the message catalogue (explain.*; engine/diag/messages.cc).
const Words& WordsFor(Lang lang) {
  const auto in = [](Lang l) {
    const auto t = [l](std::string_view code) { return internal::MessageText(code, l); };
    return Words{t("explain.title"), t("explain.ruleset"), t("explain.outcome"), t("explain.referred"), t("explain.no_referral"), t("explain.out_of_scope"), t("explain.reason"), t("explain.follow_up"), t("explain.referrals"), t("explain.priority"), t("explain.timeframe"), t("explain.basis"), t("explain.confirm"), t("explain.rule"), t("explain.node"), t("explain.value"), t("explain.absent"), t("explain.sensitive_holds"), t("explain.sensitive_fails"), t("explain.must_not"), t("explain.not_chosen"), t("explain.not_reached"), t("explain.taken_by"), t("explain.failed"), t("explain.ineligible"), t("explain.no_rule"), t("explain.warnings"), t("explain.path"), t("explain.derived"), t("explain.no_trace")};
  };
  static const Words es = in(Lang::kEs), en = in(Lang::kEn);
  return lang == Lang::kEs ? es : en;
}

// What the explanation shows besides indices: the case's own texts, from a
// DecisionResult (rendered from the case) or from a public Decision.
class CaseTexts {
 public:
  virtual ~CaseTexts() = default;
  virtual std::string_view CaseId() const = 0;
  virtual const std::vector<std::pair<std::string, std::string>>& Derived() const = 0;
  virtual std::string OutcomeBecause(Lang lang) const = 0;
  // The because-text of a fired rule of the trace (Result::rules_trace[entry]).
  virtual std::string RuleBecause(size_t entry, Lang lang) const = 0;
  // Check `k` of Result::checks; its value's text goes into `*actual`.
  virtual CheckFields Check(size_t k, std::string* actual) const = 0;
  // Every warning as (code, detail), the case's own first.
  virtual std::vector<std::pair<std::string, std::string>> Warnings() const = 0;
};

class FromCase final : public CaseTexts {
 public:
  FromCase(const Model& m, const internal::CaseValues& c, const Result& r) : m_(m), c_(c), r_(r) {}
  std::string_view CaseId() const override { return c_.case_id; }
  const std::vector<std::pair<std::string, std::string>>& Derived() const override { return c_.derived; }
  std::string OutcomeBecause(Lang lang) const override { return internal::OutcomeBecause(m_, c_, r_, lang); }
  std::string RuleBecause(size_t entry, Lang lang) const override {
    return internal::RenderText(m_.rules[r_.rules_trace[entry].index].because.Get(lang), m_, c_, lang);
  }
  CheckFields Check(size_t k, std::string* actual) const override {
    return internal::CheckOf(m_, c_, r_.checks[k], actual);
  }
  std::vector<std::pair<std::string, std::string>> Warnings() const override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& w : c_.warnings) out.emplace_back(w.code, w.detail);
    for (const auto& w : r_.warnings) {
      out.emplace_back(w.code, w.to < 0 ? std::string(w.detail) : std::string(w.detail) + " -> " + m_.services[w.to].id);
    }
    return out;
  }

 private:
  const Model& m_;
  const internal::CaseValues& c_;
  const Result& r_;
};

// A Decision's texts, lined up with ResultFromDecision's indices (its trace
// entries and checks keep the Decision's order).
class FromDecision final : public CaseTexts {
 public:
  explicit FromDecision(const Decision& d) : d_(d) {
    auto flatten = [&](const std::vector<RuleTrace>& list) {
      for (const RuleTrace& t : list) {
        for (const ConditionCheck& c : t.checks) checks_.push_back(&c);
      }
    };
    flatten(d.trace);
    flatten(d.eligibility);
  }
  std::string_view CaseId() const override { return d_.case_id; }
  const std::vector<std::pair<std::string, std::string>>& Derived() const override { return d_.facts; }
  std::string OutcomeBecause(Lang lang) const override {
    return lang == Lang::kEs ? d_.outcome_because_es : d_.outcome_because_en;
  }
  std::string RuleBecause(size_t entry, Lang lang) const override {
    if (entry >= d_.trace.size()) return {};
    return lang == Lang::kEs ? d_.trace[entry].because_es : d_.trace[entry].because_en;
  }
  CheckFields Check(size_t k, std::string*) const override {
    if (k >= checks_.size()) return {};
    const ConditionCheck& c = *checks_[k];
    return {c.fact, c.predicate, c.sensitive, c.test, c.actual, c.absent, false, c.result, c.wanted};
  }
  std::vector<std::pair<std::string, std::string>> Warnings() const override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& w : d_.warnings) out.emplace_back(w.code, w.detail);
    return out;
  }

 private:
  const Decision& d_;
  std::vector<const ConditionCheck*> checks_;  // trace then eligibility, flattened
};

std::string CheckLine(const CheckFields& c, const Words& w, Lang lang) {
  const bool passed = c.result == c.wanted;
  std::string line = std::string(passed ? "✓ " : "✗ ");
  if (!c.predicate.empty()) line.append("[").append(c.predicate).append("] ");
  line += c.fact;
  if (c.sensitive) {
    line += std::string(" (") + (c.result ? w.sensitive_holds : w.sensitive_fails) + ")";
  } else {
    line.append(" ").append(internal::TestText(c.test, lang));
    line += std::string(" (") + w.value + ": " + (c.absent ? w.absent : internal::Printable(c.actual)) + ")";
  }
  if (!c.wanted) line += std::string(" — ") + w.must_not;
  return line;
}

// The check that decided a failed condition: the last one evaluated that did
// not go the wanted way (evaluation stops at the first failing part of `all`).
// -1 when none.
int DecidingFailure(const Result& r, const ResultTrace& t) {
  for (uint32_t k = t.checks.end; k > t.checks.begin; --k) {
    if (r.checks[k - 1].result != r.checks[k - 1].wanted) return static_cast<int>(k - 1);
  }
  return -1;
}

// The trace entry of `kind` for `index` (the fired one, when `fired`); the
// last such. -1 when none.
int FindEntry(const std::vector<ResultTrace>& traces, ResultTrace::Kind kind, int index, bool fired = false) {
  int found = -1;
  for (size_t e = 0; e < traces.size(); ++e) {
    if (traces[e].kind == kind && traces[e].index == index && (!fired || traces[e].fired)) {
      found = static_cast<int>(e);
    }
  }
  return found;
}

// The technical trace (`detail`): the outcome and reason codes, each referral
// with its rule ids, nodes, file:line and every condition as the rules write
// it, the services not chosen and why, the warning codes, the path.
std::string Technical(const Model& m, const Result& r, const CaseTexts& texts, Lang lang) {
  const Words& w = WordsFor(lang);
  std::string out;
  std::string actual;  // the value text of the check being shown
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto check_line = [&](int k) { return CheckLine(texts.Check(static_cast<size_t>(k), &actual), w, lang); };
  const std::vector<std::pair<std::string, std::string>> warnings = texts.Warnings();

  // The case id comes from the input: a newline or a terminal escape in it
  // must not forge lines or hide text (the reader refuses such ids; a
  // Decision built by other code is shown safely all the same).
  std::string outcome = r.outcome == Outcome::kReferred     ? w.referred
                        : r.outcome == Outcome::kNoReferral ? w.no_referral
                                                            : w.out_of_scope;
  std::string head = std::string(w.outcome) + ": " + outcome;
  const std::string_view reason = internal::ReasonOf(m, r);
  if (!reason.empty()) head += " (" + std::string(w.reason) + ": " + std::string(reason) + ")";
  if (r.follow_up) head += std::string(" — ") + w.follow_up;
  line(head);
  std::string text = texts.OutcomeBecause(lang);
  if (!text.empty()) line("  " + text);
  if (r.outcome == Outcome::kOutOfScope) {
    if (int e = FindEntry(r.rules_trace, ResultTrace::Kind::kScope, -1); e >= 0) {
      if (int k = DecidingFailure(r, r.rules_trace[e]); k >= 0) line("  " + check_line(k));
    }
  }
  if (!texts.Derived().empty()) {
    std::string facts;
    for (const auto& [name, value] : texts.Derived()) {
      facts += (facts.empty() ? "" : ", ") + name + " = " + internal::Printable(value);
    }
    line(std::string(w.derived) + ": " + facts);
  }

  if (!r.referrals.empty()) {
    line("");
    line(std::string(w.referrals) + ":");
    int n = 0;
    for (const auto& ref : r.referrals) {
      const internal::Service& svc = m.services[ref.service];
      const std::string& name = svc.name.Get(lang);
      line(std::to_string(++n) + ". " + svc.id + (name.empty() ? "" : " — " + name));
      std::string meta = "   " + std::string(w.priority) + ": ";
      if (ref.priority >= 0) {
        const internal::Priority& p = m.priorities[ref.priority];
        meta += p.id;
        if (!p.timeframe.empty()) meta += ", " + std::string(w.timeframe) + ": " + p.timeframe;
      }
      meta += ", " + std::string(w.basis) + ": " + *ref.legal_basis;
      if (!svc.citation.empty()) meta += " (" + svc.citation + ")";
      if (ref.confirm) meta += "; " + std::string(w.confirm);
      line(meta);
      if (ref.fallback_from >= 0) {
        const std::string& from = m.services[ref.fallback_from].id;
        line("   " + internal::FillText("explain.no_places_at", lang, {from, svc.id}));
      }
      if (ref.office >= 0) {
        const internal::Office& o = m.offices[ref.office];
        line("   " + internal::FillText("explain.office_at", lang,
                                          {o.name + (o.address.empty() ? "" : " — " + o.address) + " [" + o.id + "]"}));
      } else if (svc.local && m.area_fact >= 0) {
        const std::string& area = m.facts[m.area_fact].name;
        line("   " + internal::FillText("explain.office_not_given", lang, {area}));
      }
      for (uint32_t i = ref.rules.begin; i < ref.rules.end; ++i) {
        const int k = r.rule_refs[i];
        const internal::Rule& rule = m.rules[k];
        const int e = FindEntry(r.rules_trace, ResultTrace::Kind::kRule, k, true);
        std::string rl = "   " + std::string(w.rule) + " " + rule.id + " (";
        if (e >= 0) rl += std::string(w.node) + " " + m.nodes[rule.node].id;
        if (!rule.source.empty()) rl += (e >= 0 ? ", " : "") + rule.source;
        if (!rule.effective.empty()) rl += ", " + internal::FillText("explain.in_force", lang, {rule.effective});
        if (rl.back() == '(') {
          rl.resize(rl.size() - 2);  // nothing to add in brackets
        } else {
          rl += ")";
        }
        line(rl + ":");
        if (e < 0) continue;
        std::string b = texts.RuleBecause(static_cast<size_t>(e), lang);
        if (!b.empty()) line("     " + b);
        for (uint32_t c = r.rules_trace[e].checks.begin; c < r.rules_trace[e].checks.end; ++c) {
          line("     " + check_line(static_cast<int>(c)));
        }
      }
    }
  }

  if (r.outcome != Outcome::kOutOfScope) {
    line("");
    if (r.trace != TraceLevel::kFull) {
      line(std::string(w.not_chosen) + ": " + w.no_trace);
    } else {
      line(std::string(w.not_chosen) + ":");
      for (size_t s = 0; s < m.services.size(); ++s) {
        const int si = static_cast<int>(s);
        const internal::Service& svc = m.services[s];
        auto has = [&](auto pred) { return std::any_of(r.referrals.begin(), r.referrals.end(), pred); };
        if (has([&](const internal::ResultReferral& x) { return x.service == si; })) continue;
        line("- " + svc.id + " — " + svc.name.Get(lang));
        auto moved = std::find_if(r.referrals.begin(), r.referrals.end(),
                                  [&](const internal::ResultReferral& x) { return x.fallback_from == si; });
        if (moved != r.referrals.end()) {  // R4: asked for, but no places
          const std::string& to = m.services[moved->service].id;
          line("  " + internal::FillText("explain.no_places_at", lang, {svc.id, to}));
          continue;
        }
        bool dropped = std::any_of(warnings.begin(), warnings.end(), [&](const auto& wr) {
          return wr.first == "service_ineligible" && wr.second == svc.id;
        });
        if (dropped) {
          std::string why = std::string("  ") + w.ineligible;
          if (int e = FindEntry(r.eligibility, ResultTrace::Kind::kEligibility, si); e >= 0) {
            if (int k = DecidingFailure(r, r.eligibility[e]); k >= 0) why += ": " + check_line(k);
          }
          line(why);
          continue;
        }
        bool any_rule = false;
        for (size_t k = 0; k < m.rules.size(); ++k) {
          const internal::Rule& rule = m.rules[k];
          bool refers = std::any_of(rule.refer.begin(), rule.refer.end(),
                                    [&](const internal::ReferTo& to) { return to.service == si; });
          if (!refers) continue;
          any_rule = true;
          const std::string& node = m.nodes[rule.node].id;
          std::string why = std::string("  ") + w.rule + " " + rule.id + " (" + w.node + " " + node + "): ";
          const int e = FindEntry(r.rules_trace, ResultTrace::Kind::kRule, static_cast<int>(k));
          if (std::find(r.path.begin(), r.path.end(), rule.node) == r.path.end()) {
            why += w.not_reached;
          } else if (e < 0) {
            std::string taken;
            for (const auto& t : r.rules_trace) {
              if (t.kind == ResultTrace::Kind::kRule && t.fired && t.index >= 0 && m.rules[t.index].node == rule.node) {
                taken = m.rules[t.index].id;
              }
            }
            why += std::string(w.taken_by) + " " + taken;
          } else if (int c = DecidingFailure(r, r.rules_trace[e]); c >= 0) {
            why += std::string(w.failed) + ": " + check_line(c);
          } else {
            why += w.failed;
          }
          line(why);
        }
        if (!any_rule) line(std::string("  ") + w.no_rule);
      }
    }
  }

  if (!warnings.empty()) {
    line("");
    line(std::string(w.warnings) + ":");
    for (const auto& [code, detail] : warnings) {
      std::string t = internal::WarningWords(m, code, lang);
      line("- " + code + (detail.empty() ? "" : " (" + detail + ")") + (t.empty() ? "" : ": " + t));
    }
  }
  if (!r.path.empty()) {
    std::string p;
    for (int n : r.path) p += (p.empty() ? "" : " → ") + m.nodes[n].id;
    line("");
    line(std::string(w.path) + ": " + p);
  }
  return out;
}


struct Section {
  const char* what_to_do;
  const char* refer_to;       // "Remitir a {n} servicio(s):"
  const char* no_referral;
  const char* out_of_scope;
  const char* reason;
  const char* priority;
  const char* deadline_by;    // "a más tardar el"
  const char* deadline_span;  // "desde la decisión"
  const char* timeframe;
  const char* basis;
  const char* office;
  const char* office_unknown;
  const char* confirm;
  const char* instead_of;     // "En lugar de"
  const char* in_place_of;    // "en lugar de"
  const char* no_places;      // "que no tiene cupos"
  const char* asked_because;  // "Motivo de la remisión a"
  const char* instructions;
  const char* warnings;
  const char* follow_up;
  const char* why;
  const char* not_given;
  const char* assumed;
  const char* defaults;
  const char* holds;
  const char* fails;
  const char* technical;
  const char* version;
  const char* no_trace;
};

// Its words, from the message catalogue (explain.section.*; engine/diag/messages.cc).
const Section& SectionFor(Lang lang) {
  const auto in = [](Lang l) {
    const auto t = [l](std::string_view code) { return internal::MessageText(code, l); };
    return Section{t("explain.section.what_to_do"), t("explain.section.refer_to"), t("explain.section.no_referral"), t("explain.section.out_of_scope"), t("explain.section.reason"), t("explain.section.priority"), t("explain.section.deadline_by"), t("explain.section.deadline_span"), t("explain.section.timeframe"), t("explain.section.basis"), t("explain.section.office"), t("explain.section.office_unknown"), t("explain.section.confirm"), t("explain.section.instead_of"), t("explain.section.in_place_of"), t("explain.section.no_places"), t("explain.section.asked_because"), t("explain.section.instructions"), t("explain.section.warnings"), t("explain.section.follow_up"), t("explain.section.why"), t("explain.section.not_given"), t("explain.section.assumed"), t("explain.section.defaults"), t("explain.section.holds"), t("explain.section.fails"), t("explain.section.technical"), t("explain.section.version"), t("explain.section.no_trace")};
  };
  static const Section es = in(Lang::kEs), en = in(Lang::kEn);
  return lang == Lang::kEs ? es : en;
}

// A condition the case met, in words: "✓ edad: 3 años y 3 meses — hasta 4
// años y 11 meses". `defaults` collects the facts shown at their default.
std::string CheckWords(const Model& m, const Result& r, const CaseTexts& texts, size_t k, Lang lang,
                       std::vector<std::string>* defaults) {
  const Section& w = SectionFor(lang);
  std::string actual;
  const CheckFields c = texts.Check(k, &actual);
  const Test& test = m.conditions[r.checks[k].condition].test;
  const Fact& fact = m.facts[test.fact];
  std::string line = "✓ " + internal::FactWords(fact, lang) + ": ";
  if (c.sensitive) return line + (c.result ? w.holds : w.fails);
  if (c.absent) {
    line += w.not_given;
  } else {
    const std::string value = internal::ValueWords(m, test.fact, c.actual, lang);
    if (c.defaulted) {
      line += std::string(w.not_given) + " (" + w.assumed + " " + value + ")";
      const std::string name = internal::FactWords(fact, lang) + " (" + value + ")";
      if (std::find(defaults->begin(), defaults->end(), name) == defaults->end()) defaults->push_back(name);
    } else {
      line += value;
    }
  }
  // "registro civil: no" says it all; a range or a choice says what was asked.
  const bool plain = c.wanted && !c.absent &&
                     ((fact.type == FactType::kBool && test.op == Test::Op::kRange) ||
                      (test.op == Test::Op::kInMask && (test.mask & (test.mask - 1)) == 0));
  return plain ? line : line + " — " + internal::TestWords(m, test, !c.wanted, lang);
}

// The conditions of a fired rule the case met, in words, each once (a
// referral's several rules may share one), added to `checks`.
void AddMetChecks(const Model& m, const Result& r, const CaseTexts& texts, const ResultTrace& entry, Lang lang,
                  std::vector<std::string>* checks, std::vector<std::string>* defaults) {
  for (uint32_t c = entry.checks.begin; c < entry.checks.end; ++c) {
    if (r.checks[c].result != r.checks[c].wanted) continue;  // an `any` alternative the case did not take
    std::string words = CheckWords(m, r, texts, c, lang, defaults);
    if (std::find(checks->begin(), checks->end(), words) == checks->end()) checks->push_back(std::move(words));
  }
}

// A deadline for people: "a más tardar el 2026-03-02 10:00 (UTC-05:00) (plazo: 1 día)".
std::string DeadlineOf(const Model& m, const internal::Priority& p, const std::optional<internal::Instant>& at,
                       Lang lang) {
  const Section& w = SectionFor(lang);
  const std::string span = internal::TimeframeWords(p.timeframe, lang);
  auto seconds = internal::TimeframeSeconds(p.timeframe);
  if (at && seconds) {
    return std::string(w.deadline_by) + " " + internal::DeadlineWords(*at, *seconds, m.utc_offset_minutes) + " (" +
           w.timeframe + ": " + span + ")";
  }
  return std::string(w.timeframe) + ": " + span + " " + w.deadline_span;
}

// One referral as what to do: every field in words, and the codes beside.
struct Action {
  std::string service, name;
  std::string priority, priority_label;
  std::string timeframe, timeframe_text;
  std::string deadline;       // RFC 3339 in the rule set's local time; empty without a decision time
  std::string deadline_text;  // "a más tardar el … (plazo: 1 día)", or "plazo: 1 día desde la decisión"
  std::string legal_basis, basis_text, citation;
  std::string office;         // "name — address", or that it is chosen on confirmation
  bool confirm = false;
  std::string instead_of, instead_of_name;  // the service asked for, which had no places
};

struct WarningText {
  std::string code, text, service;  // service: the service it concerns, by name
};

// What the explanation opens with, rendered as text or JSON.
struct WhatToDo {
  std::string headline;  // "Remitir a 4 servicios:", "Sin remisión (motivo: …)."
  std::string because;   // the outcome's text, when not referred
  std::vector<Action> actions;
  std::vector<std::string> instructions;  // the routing rules' texts that ask for care
  std::vector<WarningText> warnings;
};

WhatToDo BuildWhatToDo(const Model& m, const Result& r, const CaseTexts& texts, Lang lang,
                       const std::optional<internal::Instant>& at) {
  const Section& w = SectionFor(lang);
  WhatToDo todo;
  const std::string reason(internal::ReasonOf(m, r));
  if (r.outcome == Outcome::kReferred) {
    const size_t count = r.referrals.size();
    todo.headline = count == 1 ? internal::FillText("explain.section.one_service", lang, {w.refer_to})
                               : internal::FillText("explain.section.services", lang, {w.refer_to, std::to_string(count)});
  } else {
    todo.headline = std::string(r.outcome == Outcome::kNoReferral ? w.no_referral : w.out_of_scope) +
                    (reason.empty() ? "" : " (" + std::string(w.reason) + ": " + reason + ")") + ".";
    todo.because = texts.OutcomeBecause(lang);
  }
  for (const auto& ref : r.referrals) {
    const internal::Service& svc = m.services[ref.service];
    Action act;
    act.service = svc.id;
    act.name = svc.name.Get(lang).empty() ? svc.id : svc.name.Get(lang);
    if (ref.priority >= 0) {
      const internal::Priority& p = m.priorities[ref.priority];
      act.priority = p.id;
      act.priority_label = internal::PriorityWords(p, lang);
      act.timeframe = p.timeframe;
      if (!p.timeframe.empty()) {
        act.timeframe_text = internal::TimeframeWords(p.timeframe, lang);
        act.deadline_text = DeadlineOf(m, p, at, lang);
        auto seconds = internal::TimeframeSeconds(p.timeframe);
        if (at && seconds) act.deadline = internal::DeadlineRfc3339(*at, *seconds, m.utc_offset_minutes);
      }
    }
    act.legal_basis = *ref.legal_basis;
    act.basis_text = internal::LegalBasisWords(*ref.legal_basis, lang);
    act.citation = svc.citation;
    if (ref.fallback_from >= 0) {
      act.instead_of = m.services[ref.fallback_from].id;
      act.instead_of_name = m.services[ref.fallback_from].name.Get(lang);
    }
    if (ref.office >= 0) {
      const internal::Office& o = m.offices[ref.office];
      act.office = o.name + (o.address.empty() ? "" : " — " + o.address);
    } else if (svc.local && m.area_fact >= 0) {
      act.office = w.office_unknown;
    }
    act.confirm = ref.confirm;
    todo.actions.push_back(std::move(act));
  }
  // The instructions of the routing rules that fired (a rule that asks for
  // confirmation or warns, and refers nowhere itself).
  for (size_t e = 0; e < r.rules_trace.size(); ++e) {
    const ResultTrace& t = r.rules_trace[e];
    if (t.kind != ResultTrace::Kind::kRule || !t.fired || t.index < 0) continue;
    const internal::Rule& rule = m.rules[t.index];
    if (!rule.refer.empty() || (!rule.require_confirmation && rule.warn.empty())) continue;
    const std::string b = texts.RuleBecause(e, lang);
    if (!b.empty()) todo.instructions.push_back(b);
  }
  for (const auto& [code, detail] : texts.Warnings()) {
    WarningText wt{code, internal::WarningWords(m, code, lang), {}};
    // A service is named; a rule or fact id is for the technical detail.
    if (int s = m.FindService(detail.substr(0, detail.find(' '))); s >= 0) wt.service = m.services[s].name.Get(lang);
    todo.warnings.push_back(std::move(wt));
  }
  return todo;
}

std::string ExplainResult(const Model& m, const Result& r, const CaseTexts& texts, const ExplainOptions& options) {
  const Lang lang = options.lang;
  const Section& w = SectionFor(lang);
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  const std::optional<internal::Instant> at =
      options.decided_at.empty() ? std::nullopt : internal::ParseRfc3339(options.decided_at);

  // The case id comes from the input: a newline or a terminal escape in it
  // must not forge lines or hide text (the reader refuses such ids; a
  // Decision built by other code is shown safely all the same).
  const std::string& title = m.title.Get(lang);
  line(WordsFor(lang).title + std::string(" ") + internal::Printable(texts.CaseId()) + " — " +
       (title.empty() ? m.id : title) + ", " + w.version + " " + m.version + " (sha256 " + m.digest.substr(0, 12) + ")");
  line("");

  // What to do.
  const WhatToDo todo = BuildWhatToDo(m, r, texts, lang, at);
  line(std::string(w.what_to_do) + ":");
  line(todo.headline);
  if (!todo.because.empty()) line("  " + todo.because);
  int n = 0;
  for (const Action& act : todo.actions) {
    line(std::to_string(++n) + ". " + act.name);
    if (!act.priority_label.empty()) {
      line("   " + std::string(w.priority) + ": " + act.priority_label + (act.deadline_text.empty() ? "" : "; " + act.deadline_text) + ".");
    }
    line("   " + std::string(w.basis) + ": " + act.basis_text + (act.citation.empty() ? "" : " (" + act.citation + ")") + ".");
    if (!act.instead_of.empty()) line("   " + std::string(w.instead_of) + " " + act.instead_of_name + ", " + w.no_places + ".");
    if (!act.office.empty()) line("   " + std::string(w.office) + ": " + act.office + ".");
    if (act.confirm) line("   " + std::string(w.confirm));
  }
  if (!todo.instructions.empty()) {
    line(std::string(w.instructions) + ":");
    for (const auto& i : todo.instructions) line("- " + i);
  }
  if (!todo.warnings.empty()) {
    line(std::string(w.warnings) + ":");
    for (const WarningText& wt : todo.warnings) {
      line("- " + (wt.text.empty() ? wt.code : wt.text) + (wt.service.empty() ? "" : " [" + wt.service + "]") +
           (wt.text.empty() ? "" : " (" + wt.code + ")"));
    }
  }
  if (r.follow_up) line(w.follow_up);

  // Why. An outcome a rule gave (no referral) shows the conditions that rule
  // met, as a referral does: a consent left out must read as assumed, not as
  // refused.
  const int outcome_entry = r.referrals.empty() && r.source == internal::OutcomeSource::kRule && r.outcome_rule >= 0
                                ? FindEntry(r.rules_trace, ResultTrace::Kind::kRule, r.outcome_rule, true)
                                : -1;
  if (!r.referrals.empty() || r.outcome == Outcome::kOutOfScope || outcome_entry >= 0 || !texts.Derived().empty()) {
    line("");
    line(std::string(w.why) + ":");
  }
  for (const auto& [name, value] : texts.Derived()) {
    const int f = m.FindFact(name);
    if (f < 0) continue;
    line("- " + internal::FactWords(m.facts[f], lang) + ": " + internal::ValueWords(m, f, value, lang) + ".");
  }
  std::vector<std::string> defaults;
  if (r.outcome == Outcome::kOutOfScope) {
    if (int e = FindEntry(r.rules_trace, ResultTrace::Kind::kScope, -1); e >= 0) {
      if (int k = DecidingFailure(r, r.rules_trace[e]); k >= 0) {
        std::string actual;
        const CheckFields c = texts.Check(static_cast<size_t>(k), &actual);
        const Test& test = m.conditions[r.checks[k].condition].test;
        line("- " + internal::FactWords(m.facts[test.fact], lang) + ": " +
             (c.sensitive || c.absent ? std::string(w.not_given)
                                      : internal::ValueWords(m, test.fact, c.actual, lang)) +
             " — " + internal::TestWords(m, test, c.wanted, lang));
      }
    }
  }
  if (outcome_entry >= 0) {
    std::vector<std::string> checks;
    AddMetChecks(m, r, texts, r.rules_trace[static_cast<size_t>(outcome_entry)], lang, &checks, &defaults);
    for (const auto& c : checks) line("   " + c);
  }
  if (!r.referrals.empty() && r.trace != TraceLevel::kFull && r.trace != TraceLevel::kRules) line(w.no_trace);
  n = 0;
  for (const auto& ref : r.referrals) {
    const internal::Service& svc = m.services[ref.service];
    const std::string& name = svc.name.Get(lang);
    ++n;
    std::string because;
    std::vector<std::string> checks;
    for (uint32_t i = ref.rules.begin; i < ref.rules.end; ++i) {
      const int e = FindEntry(r.rules_trace, ResultTrace::Kind::kRule, r.rule_refs[i], true);
      if (e < 0) continue;
      const std::string b = texts.RuleBecause(static_cast<size_t>(e), lang);
      if (!b.empty() && because.find(b) == std::string::npos) because += (because.empty() ? "" : " ") + b;
      AddMetChecks(m, r, texts, r.rules_trace[e], lang, &checks, &defaults);
    }
    std::string head = std::to_string(n) + ". " + (name.empty() ? svc.id : name);
    if (ref.fallback_from >= 0) {  // the rules asked for another service; their reasons are its
      const std::string& from = m.services[ref.fallback_from].name.Get(lang);
      head += std::string(", ") + w.in_place_of + " " + from + " (" + w.no_places + ")";
      if (!because.empty()) because = std::string(w.asked_because) + " " + from + ": " + because;
      line(head + "." + (because.empty() ? "" : " " + because));
    } else {
      line(head + (because.empty() ? "" : ": " + because));
    }
    for (const auto& c : checks) line("   " + c);
  }
  if (!defaults.empty()) {
    std::string list;
    for (const auto& d : defaults) list += (list.empty() ? "" : ", ") + d;
    line(std::string(w.defaults) + ": " + list + ".");
  }

  if (options.detail) {
    line("");
    line(std::string(w.technical) + ":");
    out += Technical(m, r, texts, lang);
  }
  return out;
}

}  // namespace

std::string Explain(const DecisionResult& result, const ExplainOptions& options) {
  if (!result.has_decision()) return {};
  const Model& m = internal::ResultAccess::ModelOf(result);
  const Result& r = internal::ResultAccess::Of(result);
  return ExplainResult(m, r, FromCase(m, internal::ResultAccess::CaseOf(result), r), options);
}

std::string Explain(const DecisionResult& result, Lang lang) { return Explain(result, ExplainOptions{lang}); }

std::string ExplainSummaryJson(const DecisionResult& result, const ExplainOptions& options) {
  if (!result.has_decision()) return {};
  const Model& m = internal::ResultAccess::ModelOf(result);
  const Result& r = internal::ResultAccess::Of(result);
  const std::optional<internal::Instant> at =
      options.decided_at.empty() ? std::nullopt : internal::ParseRfc3339(options.decided_at);
  const WhatToDo todo = BuildWhatToDo(m, r, FromCase(m, internal::ResultAccess::CaseOf(result), r), options.lang, at);
  std::string out;
  internal::JsonWriter j(&out);
  auto text_or_null = [&](const char* key, const std::string& s) {
    j.Key(key);
    j.StringOrNull(s);
  };
  j.BeginObject();
  j.Key("lang");
  j.String(options.lang == Lang::kEs ? "es" : "en");
  j.Key("headline");
  j.String(todo.headline);
  text_or_null("because", todo.because);
  j.Key("actions");
  j.BeginArray();
  for (const Action& a : todo.actions) {
    j.BeginObject();
    j.Key("service");
    j.String(a.service);
    j.Key("name");
    j.String(a.name);
    text_or_null("priority", a.priority);
    text_or_null("priority_label", a.priority_label);
    text_or_null("timeframe", a.timeframe);
    text_or_null("timeframe_text", a.timeframe_text);
    text_or_null("deadline", a.deadline);
    j.Key("legal_basis");
    j.String(a.legal_basis);
    j.Key("legal_basis_text");
    j.String(a.basis_text);
    text_or_null("citation", a.citation);
    text_or_null("office", a.office);
    j.Key("requires_human_confirmation");
    j.Bool(a.confirm);
    text_or_null("instead_of", a.instead_of);
    j.EndObject();
  }
  j.EndArray();
  j.Key("instructions");
  j.BeginArray();
  for (const auto& i : todo.instructions) j.String(i);
  j.EndArray();
  j.Key("warnings");
  j.BeginArray();
  for (const WarningText& w : todo.warnings) {
    j.BeginObject();
    j.Key("code");
    j.String(w.code);
    text_or_null("text", w.text);
    text_or_null("service", w.service);
    j.EndObject();
  }
  j.EndArray();
  j.Key("follow_up");
  j.Bool(r.follow_up);
  j.EndObject();
  return out;
}

std::string Explain(const Ruleset& rules, const Decision& d, const ExplainOptions& options) {
  const Model& m = internal::ModelOf(rules);
  Result r;
  internal::ResultFromDecision(m, d, &r);
  ExplainOptions o = options;
  if (o.decided_at.empty()) o.decided_at = d.decided_at;
  return ExplainResult(m, r, FromDecision(d), o);
}

std::string Explain(const Ruleset& rules, const Decision& d, Lang lang) {
  return Explain(rules, d, ExplainOptions{lang});
}

}  // namespace referral
