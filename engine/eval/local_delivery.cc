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

void MergeInto(Referral& to, const Referral& from) {
  for (const auto& r : from.rules) {
    if (std::find(to.rules.begin(), to.rules.end(), r) == to.rules.end()) to.rules.push_back(r);
  }
  if (from.priority_rank < to.priority_rank) {
    to.priority = from.priority;
    to.priority_rank = from.priority_rank;
    to.timeframe = from.timeframe;
  }
  to.requires_human_confirmation = to.requires_human_confirmation || from.requires_human_confirmation;
  if (!from.because.empty()) to.because += (to.because.empty() ? "" : " ") + from.because;
  if (to.fallback_from.empty()) to.fallback_from = from.fallback_from;
}

}  // namespace

void ApplyCapacityFallback(const Model& m, const CaseValues& c, const HoldsFn& holds, Decision* d) {
  if (c.capacity.empty()) return;
  std::vector<Referral>& refs = d->referrals;
  for (size_t i = 0; i < refs.size();) {
    Referral& r = refs[i];
    auto places = Places(c, r.service);
    const int s = m.FindService(r.service);
    if (!places || *places > 0 || s < 0) {
      ++i;
      continue;
    }
    // A legal duty never falls back nor disappears for lack of places.
    if (r.legal_basis != "consent") {
      d->warnings.push_back({"capacity_duty_kept", r.service});
      ++i;
      continue;
    }
    int chosen = -1;
    for (int t : Chain(m, s)) {
      const Service& alt = m.services[t];
      auto alt_places = Places(c, alt.id);
      if (alt_places && *alt_places <= 0) continue;
      if (alt.eligibility >= 0 && !holds(alt.eligibility)) continue;
      chosen = t;
      break;
    }
    if (chosen < 0) {
      d->warnings.push_back({"capacity_no_alternative", r.service});
      ++i;
      continue;
    }
    const Service& alt = m.services[chosen];
    d->warnings.push_back({"capacity_fallback", r.service + " -> " + alt.id});
    Referral moved = r;
    moved.fallback_from = r.service;
    moved.service = alt.id;
    moved.citation = alt.citation;
    if (alt.legal_basis != "consent") moved.legal_basis = alt.legal_basis;
    moved.requires_human_confirmation =
        moved.requires_human_confirmation || alt.human_confirmation || moved.legal_basis != "consent";
    auto existing = std::find_if(refs.begin(), refs.end(), [&](const Referral& x) { return x.service == alt.id; });
    if (existing != refs.end()) {
      MergeInto(*existing, moved);
      refs.erase(refs.begin() + static_cast<std::ptrdiff_t>(i));
      continue;  // the same index now holds the next referral
    }
    r = std::move(moved);
    ++i;
  }
}

void ResolveOffices(const Model& m, const CaseValues& c, Decision* d) {
  if (m.area_fact < 0 || !c.present[m.area_fact]) return;
  const int64_t area = c.values[m.area_fact];
  for (auto& r : d->referrals) {
    const int s = m.FindService(r.service);
    if (s < 0 || !m.services[s].local) continue;
    for (const Office& o : m.offices) {
      if (o.service == s && std::find(o.areas.begin(), o.areas.end(), area) != o.areas.end()) {
        r.office = {o.id, o.name, o.address};
        break;
      }
    }
  }
}

}  // namespace referral::internal
