// Capacity fallback (policy §7 note, §9 R4) and office resolution.
#include "eval/local_delivery.h"

#include <algorithm>
#include <optional>

namespace referral::internal {

namespace {

std::optional<int64_t> Places(const CaseValues& c, const std::string& service) {
  for (const auto& [id, n] : c.capacity) {
    if (id == service) return n;
  }
  return std::nullopt;  // not given: assumed available
}

// The services to try instead of `s`, nearest first: its fallback list, then
// theirs (breadth first, each once).
std::vector<int> Chain(const Model& m, int s) {
  std::vector<int> out;
  std::vector<int> queue = m.services[s].fallback;
  for (size_t i = 0; i < queue.size(); ++i) {
    int t = queue[i];
    if (t == s || std::find(out.begin(), out.end(), t) != out.end()) continue;
    out.push_back(t);
    for (int next : m.services[t].fallback) queue.push_back(next);
  }
  return out;
}

// `to` takes `from`'s rules (each once), its priority when more urgent, its
// confirmation and because-texts: a new span at the end of rule_refs.
void MergeInto(Result* d, ResultReferral& to, const ResultReferral& from) {
  std::vector<int>& refs = d->rule_refs;
  const auto begin = static_cast<uint32_t>(refs.size());
  for (uint32_t i = to.rules.begin; i < to.rules.end; ++i) refs.push_back(refs[i]);
  for (uint32_t i = from.rules.begin; i < from.rules.end; ++i) {
    const int rule = refs[i];
    if (std::find(refs.begin() + begin, refs.end(), rule) == refs.end()) refs.push_back(rule);
  }
  const auto middle = static_cast<uint32_t>(refs.size());
  for (uint32_t i = to.because.begin; i < to.because.end; ++i) refs.push_back(refs[i]);
  for (uint32_t i = from.because.begin; i < from.because.end; ++i) refs.push_back(refs[i]);
  to.rules = {begin, middle};
  to.because = {middle, static_cast<uint32_t>(refs.size())};
  if (from.priority < to.priority) to.priority = from.priority;
  to.confirm = to.confirm || from.confirm;
  if (to.fallback_from < 0) to.fallback_from = from.fallback_from;
}

}  // namespace

void ApplyCapacityFallback(const Model& m, const CaseValues& c, ConditionEval& conditions, Result* d) {
  if (c.capacity.empty()) return;
  std::vector<ResultReferral>& refs = d->referrals;
  for (size_t i = 0; i < refs.size();) {
    ResultReferral& r = refs[i];
    const Service& svc = m.services[r.service];
    auto places = Places(c, svc.id);
    if (!places || *places > 0) {
      ++i;
      continue;
    }
    // A legal duty never falls back nor disappears for lack of places.
    if (*r.legal_basis != "consent") {
      d->warnings.push_back({"capacity_duty_kept", svc.id});
      ++i;
      continue;
    }
    int chosen = -1;
    for (int t : Chain(m, r.service)) {
      const Service& alt = m.services[t];
      auto alt_places = Places(c, alt.id);
      if (alt_places && *alt_places <= 0) continue;
      if (alt.eligibility >= 0 && !conditions.Holds(alt.eligibility)) continue;
      chosen = t;
      break;
    }
    if (chosen < 0) {
      d->warnings.push_back({"capacity_no_alternative", svc.id});
      ++i;
      continue;
    }
    const Service& alt = m.services[chosen];
    d->warnings.push_back({"capacity_fallback", svc.id, chosen});
    ResultReferral moved = r;
    moved.fallback_from = r.service;
    moved.service = chosen;
    if (alt.legal_basis != "consent") moved.legal_basis = &alt.legal_basis;
    moved.confirm = moved.confirm || alt.human_confirmation || *moved.legal_basis != "consent";
    auto existing =
        std::find_if(refs.begin(), refs.end(), [&](const ResultReferral& x) { return x.service == chosen; });
    if (existing != refs.end()) {
      MergeInto(d, *existing, moved);
      refs.erase(refs.begin() + static_cast<std::ptrdiff_t>(i));
      continue;  // the same index now holds the next referral
    }
    r = moved;
    ++i;
  }
}

void ResolveOffices(const Model& m, const CaseValues& c, Result* d) {
  if (m.area_fact < 0 || !c.present[m.area_fact]) return;
  const int64_t area = c.values[m.area_fact];
  for (auto& r : d->referrals) {
    if (!m.services[r.service].local) continue;
    for (size_t o = 0; o < m.offices.size(); ++o) {
      const Office& office = m.offices[o];
      if (office.service == r.service && std::find(office.areas.begin(), office.areas.end(), area) != office.areas.end()) {
        r.office = static_cast<int>(o);
        break;
      }
    }
  }
}

}  // namespace referral::internal
