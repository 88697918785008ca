// Explain(): a decision rendered for people from the evaluator's own trace.
// For each referral: its rules, their because-texts, and every condition with
// the case's value. For each service not chosen: what kept the case from it.
// Sensitive facts appear only as "holds" / "does not hold".
#include <algorithm>
#include <map>

#include "model/model.h"
#include "referral/explain.h"
#include "util/utf8.h"

namespace referral {

namespace {

using internal::Model;

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

std::string CheckLine(const ConditionCheck& c, const Words& w) {
  const bool passed = c.result == c.wanted;
  std::string line = std::string(passed ? "✓ " : "✗ ");
  if (!c.predicate.empty()) line += "[" + c.predicate + "] ";
  line += c.fact;
  if (c.sensitive) {
    line += std::string(" (") + (c.result ? w.sensitive_holds : w.sensitive_fails) + ")";
  } else {
    line += " " + c.test;
    line += std::string(" (") + w.value + ": " + (c.absent ? w.absent : internal::Printable(c.actual)) + ")";
  }
  if (!c.wanted) line += std::string(" — ") + w.must_not;
  return line;
}

// The check that decided a failed condition: the last one evaluated that did
// not go the wanted way (evaluation stops at the first failing part of `all`).
const ConditionCheck* DecidingFailure(const RuleTrace& t) {
  for (auto it = t.checks.rbegin(); it != t.checks.rend(); ++it) {
    if (it->result != it->wanted) return &*it;
  }
  return nullptr;
}

const RuleTrace* FindTrace(const std::vector<RuleTrace>& traces, const std::string& node, const std::string& rule) {
  for (const auto& t : traces) {
    if (t.node == node && t.rule == rule) return &t;
  }
  return nullptr;
}

}  // namespace

std::string Explain(const Ruleset& rules, const Decision& d, Lang lang) {
  const Model& m = rules.model();
  const Words& w = lang == Lang::kEs ? kEs : kEn;
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto because = [&](const std::string& es, const std::string& en) { return lang == Lang::kEs ? es : en; };

  // The case id comes from the input: a newline or a terminal escape in it
  // must not forge lines or hide text (the reader refuses such ids; a
  // Decision built by other code is shown safely all the same).
  line(std::string(w.title) + " " + internal::Printable(d.case_id) + " — " + w.ruleset + " " + d.ruleset_id + " " +
       d.ruleset_version + " (sha256 " + d.ruleset_digest.substr(0, 12) + ")");
  std::string outcome = d.outcome == Outcome::kReferred     ? w.referred
                        : d.outcome == Outcome::kNoReferral ? w.no_referral
                                                            : w.out_of_scope;
  std::string head = std::string(w.outcome) + ": " + outcome;
  if (!d.reason.empty()) head += " (" + std::string(w.reason) + ": " + d.reason + ")";
  if (d.follow_up) head += std::string(" — ") + w.follow_up;
  line(head);
  std::string text = because(d.outcome_because_es, d.outcome_because_en);
  if (!text.empty()) line("  " + text);
  if (d.outcome == Outcome::kOutOfScope) {
    if (const RuleTrace* t = FindTrace(d.trace, "", "scope")) {
      if (const ConditionCheck* c = DecidingFailure(*t)) line("  " + CheckLine(*c, w));
    }
  }
  if (!d.facts.empty()) {
    std::string facts;
    for (const auto& [name, value] : d.facts) {
      facts += (facts.empty() ? "" : ", ") + name + " = " + internal::Printable(value);
    }
    line(std::string(w.derived) + ": " + facts);
  }

  const bool full = d.trace_level == TraceLevel::kFull;
  if (!d.referrals.empty()) {
    line("");
    line(std::string(w.referrals) + ":");
    int n = 0;
    for (const auto& r : d.referrals) {
      int s = m.FindService(r.service);
      std::string name = s >= 0 ? m.services[s].name.Get(lang) : "";
      std::string head_line = std::to_string(++n) + ". " + r.service + (name.empty() ? "" : " — " + name);
      line(head_line);
      std::string meta = "   " + std::string(w.priority) + ": " + r.priority;
      if (!r.timeframe.empty()) meta += ", " + std::string(w.timeframe) + ": " + r.timeframe;
      meta += ", " + std::string(w.basis) + ": " + r.legal_basis;
      if (!r.citation.empty()) meta += " (" + r.citation + ")";
      if (r.requires_human_confirmation) meta += "; " + std::string(w.confirm);
      line(meta);
      if (!r.fallback_from.empty()) {
        line(lang == Lang::kEs ? "   sin cupos en " + r.fallback_from + "; remitido a " + r.service
                               : "   no places at " + r.fallback_from + "; referred to " + r.service);
      }
      if (!r.office.id.empty()) {
        line(std::string(lang == Lang::kEs ? "   oficina: " : "   office: ") + r.office.name +
             (r.office.address.empty() ? "" : " — " + r.office.address) + " [" + r.office.id + "]");
      } else if (s >= 0 && m.services[s].local && m.area_fact >= 0) {
        const std::string& area = m.facts[m.area_fact].name;
        line(lang == Lang::kEs ? "   oficina: el caso no indica `" + area + "`; se elige la oficina al confirmar"
                               : "   office: the case gives no `" + area + "`; the office is chosen on confirmation");
      }
      for (const auto& rule_id : r.rules) {
        const RuleTrace* t = nullptr;
        for (const auto& tr : d.trace) {
          if (tr.rule == rule_id && !tr.node.empty() && tr.fired) t = &tr;
        }
        std::string rl = "   " + std::string(w.rule) + " " + rule_id;
        const internal::Rule* mr = nullptr;
        for (const auto& x : m.rules) {
          if (x.id == rule_id) mr = &x;
        }
        if (t || mr) {
          rl += " (";
          if (t) rl += std::string(w.node) + " " + t->node;
          if (mr && !mr->source.empty()) rl += (t ? ", " : "") + mr->source;
          if (mr && !mr->effective.empty()) rl += std::string(lang == Lang::kEs ? ", vigente " : ", in force ") + mr->effective;
          rl += ")";
        }
        line(rl + ":");
        if (!t) continue;
        std::string b = because(t->because_es, t->because_en);
        if (!b.empty()) line("     " + b);
        for (const auto& c : t->checks) line("     " + CheckLine(c, w));
      }
    }
  }

  if (d.outcome != Outcome::kOutOfScope) {
    line("");
    if (!full) {
      line(std::string(w.not_chosen) + ": " + w.no_trace);
    } else {
      line(std::string(w.not_chosen) + ":");
      for (const auto& svc : m.services) {
        bool chosen = std::any_of(d.referrals.begin(), d.referrals.end(),
                                  [&](const Referral& r) { return r.service == svc.id; });
        if (chosen) continue;
        line("- " + svc.id + " — " + svc.name.Get(lang));
        auto moved = std::find_if(d.referrals.begin(), d.referrals.end(),
                                  [&](const Referral& r) { return r.fallback_from == svc.id; });
        if (moved != d.referrals.end()) {  // R4: asked for, but no places
          line(lang == Lang::kEs ? "  sin cupos en " + svc.id + "; remitido a " + moved->service
                                 : "  no places at " + svc.id + "; referred to " + moved->service);
          continue;
        }
        bool dropped = std::any_of(d.warnings.begin(), d.warnings.end(), [&](const Warning& wr) {
          return wr.code == "service_ineligible" && wr.detail == svc.id;
        });
        if (dropped) {
          std::string reason = std::string("  ") + w.ineligible;
          if (const RuleTrace* t = FindTrace(d.eligibility, "", svc.id)) {
            if (const ConditionCheck* c = DecidingFailure(*t)) reason += ": " + CheckLine(*c, w);
          }
          line(reason);
          continue;
        }
        bool any_rule = false;
        for (const auto& rule : m.rules) {
          bool refers = std::any_of(rule.refer.begin(), rule.refer.end(), [&](const internal::ReferTo& to) {
            return to.service >= 0 && m.services[to.service].id == svc.id;
          });
          if (!refers) continue;
          any_rule = true;
          const std::string& node = m.nodes[rule.node].id;
          std::string reason = std::string("  ") + w.rule + " " + rule.id + " (" + w.node + " " + node + "): ";
          const RuleTrace* t = FindTrace(d.trace, node, rule.id);
          if (std::find(d.path.begin(), d.path.end(), node) == d.path.end()) {
            reason += w.not_reached;
          } else if (!t) {
            std::string taken;
            for (const auto& tr : d.trace) {
              if (tr.node == node && tr.fired) taken = tr.rule;
            }
            reason += std::string(w.taken_by) + " " + taken;
          } else if (const ConditionCheck* c = DecidingFailure(*t)) {
            reason += std::string(w.failed) + ": " + CheckLine(*c, w);
          } else {
            reason += w.failed;
          }
          line(reason);
        }
        if (!any_rule) line(std::string("  ") + w.no_rule);
      }
    }
  }

  if (!d.warnings.empty()) {
    line("");
    line(std::string(w.warnings) + ":");
    for (const auto& wr : d.warnings) {
      std::string t = WarningText(wr.code, lang);
      line("- " + wr.code + (wr.detail.empty() ? "" : " (" + wr.detail + ")") + (t.empty() ? "" : ": " + t));
    }
  }
  if (!d.path.empty()) {
    std::string p;
    for (const auto& n : d.path) p += (p.empty() ? "" : " → ") + n;
    line("");
    line(std::string(w.path) + ": " + p);
  }
  return out;
}

}  // namespace referral
