// Did-you-mean: the closest known name to a misspelt one.
#ifndef REFERRAL_ENGINE_DIAG_SUGGEST_H_
#define REFERRAL_ENGINE_DIAG_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace referral::internal {

// The candidate nearest to `word` by edit distance (case-insensitive), if it is
// close enough to be a plausible typo; otherwise empty.
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_DIAG_SUGGEST_H_
