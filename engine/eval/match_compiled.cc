// The compiled matcher (eval/match.h): the node's rules the case's cells
// allow, one AND per tested fact, then the residual conditions.
#include "eval/match.h"

namespace referral::internal {

void MatchCompiled(MatchContext& ctx, int node_index, std::vector<int>* matched) {
  matched->clear();
  const Node& node = ctx.model.nodes[node_index];
  const Program::NodeProgram& np = ctx.program->nodes[node_index];
  std::vector<uint64_t>& acc = *ctx.bits;
  acc.assign(np.all.begin(), np.all.end());
  for (const auto& col : np.columns) {
    const uint64_t* row = &col.table[static_cast<size_t>((*ctx.cells)[col.cells]) * np.words];
    for (int w = 0; w < np.words; ++w) acc[w] &= row[w];
  }
  for (const auto& [r, cond] : np.residual) {
    uint64_t& word = acc[r / 64];
    const uint64_t bit = uint64_t{1} << (r % 64);
    if ((word & bit) && !ctx.conditions.Holds(cond)) word &= ~bit;
  }
  const size_t needed = MatchesNeeded(node.hit);
  for (int w = 0; w < np.words; ++w) {
    for (uint64_t bits = acc[w]; bits; bits &= bits - 1) {
      matched->push_back(node.rules[w * 64 + __builtin_ctzll(bits)]);
      if (matched->size() == needed) return;
    }
  }
}

}  // namespace referral::internal
