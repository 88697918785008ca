// Many varied, mostly valid Bogotá cases, generated from the rule set's case
// contract (`referral schema --case`), for batch, determinism and leak tests.
#ifndef REFERRAL_TESTS_SUPPORT_CASES_H_
#define REFERRAL_TESTS_SUPPORT_CASES_H_

#include <string>
#include <vector>

namespace referral::testing {

// `n` cases as one-line JSON objects, the same for the same `seed`: the sample
// case with random values (from the contract's enums, bounds and types) for a
// random half of the other fields. Case ids are `<prefix><i>`.
std::vector<std::string> SyntheticCases(int n, unsigned seed, const std::string& prefix = "caso-");

// The names of the facts the contract marks sensitive (`x-sensitive`).
std::vector<std::string> SensitiveFacts();

// The case contract of rules/bogota, as JSON text (from the real program).
const std::string& BogotaCaseSchema();

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_CASES_H_
