// Partitions each fact's values into finitely many cells such that every test
// in the rule set is constant on every cell: enum values; bool false/true;
// ints and dates cut into intervals at the constants that tests compare
// against; strings as each compared constant plus "any other string"; sets as
// the subsets of the values that tests name (plus "some other value"). A
// nullable fact has one more cell, "absent". The product of the cells is an
// exact, finite picture of the case space.
#ifndef REFERRAL_ENGINE_ANALYZE_PARTITION_H_
#define REFERRAL_ENGINE_ANALYZE_PARTITION_H_

#include <boost/dynamic_bitset.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"

namespace referral::internal {

using Cells = boost::dynamic_bitset<uint64_t>;

struct FactCells {
  size_t count = 0;        // number of cells, the absent cell included
  bool nullable = false;   // the last cell stands for "absent"
  // int/date: cell i is [bounds[i], bounds[i+1] - 1].
  std::vector<int64_t> bounds;
  // set: the value indices tests name; cell bits: one per relevant value, then
  // one "other value present" bit when some values are never named.
  std::vector<int> relevant;
  bool has_other = false;
};

struct Partition {
  std::vector<FactCells> facts;
  // For each condition node that is a test: the cells where it holds.
  std::vector<Cells> test_true;
  bool too_large = false;  // a set fact names too many values to enumerate
};

// `also`, if given: its tests on the facts both rule sets declare alike (names,
// types, values, string constants) cut the cells too, so that regions of both
// rule sets live on one partition and can be intersected (referral diff).
Partition BuildPartition(const Model& model, const Model* also = nullptr);

// Whether two rule sets declare the same facts, as BuildPartition's `also` needs.
bool SameFacts(const Model& a, const Model& b, std::string* why);
// One fact declared alike in two rule sets: type, values, bounds, default, derivation.
bool SameFact(const Fact& a, const Fact& b);

// A concrete encoded value inside `cell` of fact `f` (for example cases).
// Returns false for the absent cell.
bool CellValue(const Model& model, const Partition& p, int f, size_t cell, int64_t* value);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_ANALYZE_PARTITION_H_
