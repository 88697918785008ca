// The interpreted matcher (eval/match.h): each rule's condition in order,
// each test recorded when the full trace is asked for.
#include "eval/match.h"

namespace referral::internal {

void MatchInterpreted(MatchContext& ctx, int node_index, std::vector<int>* matched) {
  matched->clear();
  const Node& node = ctx.model.nodes[node_index];
  const size_t needed = MatchesNeeded(node.hit);
  for (int r : node.rules) {
    const int when = ctx.model.rules[r].when;
    bool fired;
    if (ctx.record) {
      ResultTrace t;
      t.kind = ResultTrace::Kind::kRule;
      t.index = r;
      t.fired = fired = ctx.conditions.Record(when, &t.checks);
      ctx.record->rules_trace.push_back(t);
    } else {
      fired = ctx.conditions.Holds(when);
    }
    if (!fired) continue;
    matched->push_back(r);
    if (matched->size() == needed) return;
  }
}

}  // namespace referral::internal
