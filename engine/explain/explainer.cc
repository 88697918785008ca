// Explain(): a decision rendered for people from the evaluator's own result:
// indices into the rule set (eval/result.h), with the case's texts beside
// them. For each referral: its rules, their because-texts, and every
// condition with the case's value. For each service not chosen: what kept the
// case from it. Sensitive facts appear only as "holds" / "does not hold".
#include <algorithm>
#include <map>

#include "decision/render.h"
#include "model/model.h"
#include "referral/explain.h"
#include "util/utf8.h"

namespace referral {

namespace {

using internal::CheckFields;
using internal::Model;
using internal::Result;
using internal::ResultTrace;

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

const Words kEs = {"Caso", "Conjunto de reglas", "Resultado", "remitido", "sin remisión", "fuera de alcance",
                   "motivo", "requiere seguimiento", "Remisiones", "prioridad", "plazo", "base legal",
                   "requiere confirmación humana", "regla", "nodo", "valor", "sin valor",
                   "dato sensible: la condición se cumple", "dato sensible: la condición no se cumple",
                   "no debe cumplirse", "Servicios no elegidos", "no se llegó al nodo",
                   "en este nodo ya aplicó antes la regla", "no se cumplió", "el caso no cumple la elegibilidad",
                   "ninguna regla remite a este servicio", "Advertencias", "Camino", "Hechos derivados",
                   "la decisión no tiene traza completa; decida con la traza completa para explicarla"};
const Words kEn = {"Case", "Rule set", "Outcome", "referred", "no referral", "out of scope",
                   "reason", "follow-up required", "Referrals", "priority", "timeframe", "legal basis",
                   "requires human confirmation", "rule", "node", "value", "no value",
                   "sensitive fact: the condition holds", "sensitive fact: the condition does not hold",
                   "must not hold", "Services not chosen", "the node was not reached",
                   "an earlier rule already applied in this node:", "did not hold", "the case does not meet the eligibility",
                   "no rule refers to this service", "Warnings", "Path", "Derived facts",
                   "the decision has no full trace; decide with the full trace to explain it"};

const char* WarningText(const std::string& code, Lang lang) {
  static const std::map<std::string, std::pair<const char*, const char*>> kTexts = {
      {"age_presumed_lower_bound",
       {"la edad no está documentada: se usó el límite inferior de la estimación (Ley 1098, art. 3 par. 1)",
        "the age is not documented: the lower bound of the estimate was used (Ley 1098, art. 3 par. 1)"}},
      {"age_unknown_presumed_minor",
       {"la minoría de edad está en duda (sin fecha de nacimiento documentada ni estimación): se presume menor de "
        "edad de edad desconocida, las reglas que exigen una franja de edad no aplican y una persona confirma cada "
        "remisión (Ley 1098, art. 3 par. 1)",
        "minority is in doubt (no documented birth date and no estimate): presumed a minor of unknown age; rules "
        "that need an age band do not apply and a person confirms every referral (Ley 1098, art. 3 par. 1)"}},
      {"age_implausible",
       {"la edad calculada pasa de 25 años (300 meses), lo que no es verosímil para un niño identificado en la "
        "calle: el caso quedó fuera de alcance por esa edad; una persona debe revisar la fecha de nacimiento y la "
        "de evaluación (un dígito mal escrito, 1922 por 2022, convierte a un niño en adulto)",
        "the age computed is over 25 years (300 months), which is not plausible for a child identified in the "
        "street: the case was put out of scope by that age; a person must check the birth and evaluation dates "
        "(a one-digit typo, 1922 for 2022, turns a child into an adult)"}},
      {"capacity_fallback",
       {"no hay cupos en el servicio pedido (capacidad 0): se remitió al siguiente de su cadena de respaldo que "
        "tiene cupos y el caso cumple (POLICY §9 R4)",
        "no places at the service asked for (capacity 0): referred to the next service of its fallback chain that "
        "has places and the case is eligible for (POLICY §9 R4)"}},
      {"capacity_duty_kept",
       {"no hay cupos en un servicio remitido por deber legal: la remisión se mantiene (un deber nunca se sustituye "
        "ni desaparece por falta de cupos)",
        "no places at a service referred under a legal duty: the referral is kept (a duty never falls back or "
        "disappears for lack of places)"}},
      {"capacity_no_alternative",
       {"no hay cupos en el servicio y ningún servicio de su cadena de respaldo tiene cupos o es elegible: la "
        "remisión se mantiene (lista de espera)",
        "no places at the service and no service of its fallback chain has places or is eligible: the referral is "
        "kept (waiting list)"}},
      {"service_ineligible",
       {"una regla remitió a un servicio cuya elegibilidad el caso no cumple; la remisión se descartó",
        "a rule referred to a service whose eligibility the case does not meet; the referral was dropped"}},
  };
  auto it = kTexts.find(code);
  if (it == kTexts.end()) return "";
  return lang == Lang::kEs ? it->second.first : it->second.second;
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
    return internal::RenderText(m_.rules[r_.rules_trace[entry].index].because.Get(lang), m_, c_);
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
    return {c.fact, c.predicate, c.sensitive, c.test, c.actual, c.absent, c.result, c.wanted};
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

std::string CheckLine(const CheckFields& c, const Words& w) {
  const bool passed = c.result == c.wanted;
  std::string line = std::string(passed ? "✓ " : "✗ ");
  if (!c.predicate.empty()) line.append("[").append(c.predicate).append("] ");
  line += c.fact;
  if (c.sensitive) {
    line += std::string(" (") + (c.result ? w.sensitive_holds : w.sensitive_fails) + ")";
  } else {
    line.append(" ").append(c.test);
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

std::string ExplainResult(const Model& m, const Result& r, const CaseTexts& texts, Lang lang) {
  const Words& w = lang == Lang::kEs ? kEs : kEn;
  std::string out;
  std::string actual;  // the value text of the check being shown
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto check_line = [&](int k) { return CheckLine(texts.Check(static_cast<size_t>(k), &actual), w); };
  const std::vector<std::pair<std::string, std::string>> warnings = texts.Warnings();

  // The case id comes from the input: a newline or a terminal escape in it
  // must not forge lines or hide text (the reader refuses such ids; a
  // Decision built by other code is shown safely all the same).
  line(std::string(w.title) + " " + internal::Printable(texts.CaseId()) + " — " + w.ruleset + " " + m.id + " " +
       m.version + " (sha256 " + m.digest.substr(0, 12) + ")");
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
        line(lang == Lang::kEs ? "   sin cupos en " + from + "; remitido a " + svc.id
                               : "   no places at " + from + "; referred to " + svc.id);
      }
      if (ref.office >= 0) {
        const internal::Office& o = m.offices[ref.office];
        line(std::string(lang == Lang::kEs ? "   oficina: " : "   office: ") + o.name +
             (o.address.empty() ? "" : " — " + o.address) + " [" + o.id + "]");
      } else if (svc.local && m.area_fact >= 0) {
        const std::string& area = m.facts[m.area_fact].name;
        line(lang == Lang::kEs ? "   oficina: el caso no indica `" + area + "`; se elige la oficina al confirmar"
                               : "   office: the case gives no `" + area + "`; the office is chosen on confirmation");
      }
      for (uint32_t i = ref.rules.begin; i < ref.rules.end; ++i) {
        const int k = r.rule_refs[i];
        const internal::Rule& rule = m.rules[k];
        const int e = FindEntry(r.rules_trace, ResultTrace::Kind::kRule, k, true);
        std::string rl = "   " + std::string(w.rule) + " " + rule.id + " (";
        if (e >= 0) rl += std::string(w.node) + " " + m.nodes[rule.node].id;
        if (!rule.source.empty()) rl += (e >= 0 ? ", " : "") + rule.source;
        if (!rule.effective.empty()) rl += std::string(lang == Lang::kEs ? ", vigente " : ", in force ") + rule.effective;
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
          line(lang == Lang::kEs ? "  sin cupos en " + svc.id + "; remitido a " + to
                                 : "  no places at " + svc.id + "; referred to " + to);
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
      std::string t = WarningText(code, lang);
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

}  // namespace

std::string Explain(const DecisionResult& result, Lang lang) {
  if (!result.has_decision()) return {};
  const Model& m = internal::ResultAccess::ModelOf(result);
  const Result& r = internal::ResultAccess::Of(result);
  return ExplainResult(m, r, FromCase(m, internal::ResultAccess::CaseOf(result), r), lang);
}

std::string Explain(const Ruleset& rules, const Decision& d, Lang lang) {
  const Model& m = internal::ModelOf(rules);
  Result r;
  internal::ResultFromDecision(m, d, &r);
  return ExplainResult(m, r, FromDecision(d), lang);
}

}  // namespace referral
