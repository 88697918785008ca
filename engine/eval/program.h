// The compiled form of a rule set's rule matching, built once at load time:
// each fact a condition tests is cut into cells (enum and string values, or
// the intervals between the constants numeric tests compare against, plus
// "absent"), and each node holds, per tested fact and cell, the bitset of its
// rules that a case in that cell can satisfy. Matching a node is then one
// AND of a few precomputed words per fact, not one condition per rule, so the
// cost stays nearly flat as rules grow. Conditions that are not a conjunction
// of such tests (any/not over several tests, set tests) stay as residual
// conditions, evaluated for the rules still in play.
//
// Used for the `off` and `rules` trace levels; the `full` trace evaluates
// every condition to record it. Both give the same referrals (tests check).
#ifndef REFERRAL_ENGINE_EVAL_PROGRAM_H_
#define REFERRAL_ENGINE_EVAL_PROGRAM_H_

#include <cstdint>
#include <vector>

#include "case/case_values.h"
#include "model/model.h"

namespace referral::internal {

struct Program {
  // How one fact's value maps to a cell: 0 = absent; enum/string values are
  // value + 1 (+ 2 for strings, whose "other" value is -1); numbers, the
  // index of their interval among `bounds` + 1.
  struct Cells {
    int fact = -1;
    bool intervals = false;
    std::vector<int64_t> bounds;  // ascending lower bounds of the cells after the first
    int offset = 1;               // enum/string: cell = value + offset (1, or 2 for strings)
    int count = 0;                // number of cells, absent included
  };
  struct Column {
    int cells = -1;                 // index into Program::cells
    std::vector<uint64_t> table;    // cells x words: rules a case in that cell can satisfy
  };
  struct NodeProgram {
    int words = 0;
    std::vector<uint64_t> all;      // every rule of the node
    std::vector<Column> columns;
    std::vector<std::pair<int, int>> residual;  // (local rule, condition) still to check, by rule
  };
  std::vector<Cells> cells;
  std::vector<NodeProgram> nodes;  // by node index
};

// Compiles the rule matching of a checked model.
Program CompileProgram(const Model& m);

// The cell of each Program::cells entry for this case.
void CaseCells(const Program& p, const CaseValues& c, std::vector<int>* cells);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_EVAL_PROGRAM_H_
