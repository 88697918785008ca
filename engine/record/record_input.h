// What a decision record keeps of the input: the facts the rules read, the
// derived-age inputs and the facts marked `report: true`; a sensitive fact
// only as the results of the tests on it that the decision consulted (null
// for the others), and not at all when none was consulted. And back: a case
// that replays exactly like the original, with a stand-in value for each
// sensitive fact chosen to give the same results on the consulted tests.
#ifndef REFERRAL_ENGINE_RECORD_RECORD_INPUT_H_
#define REFERRAL_ENGINE_RECORD_RECORD_INPUT_H_

#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "case/case_values.h"
#include "model/model.h"

namespace referral::internal {

// `consulted`: by condition index, the tests the decision looked at
// (Evaluate's `consulted`).
nlohmann::ordered_json RecordInput(const Model& m, const CaseValues& c, const std::vector<uint8_t>& consulted);

// The case JSON text that replays a record's `input`. Sets *error (and returns
// empty) when the input does not fit the rule set.
std::string ReplayCase(const Model& m, const nlohmann::ordered_json& input, std::string* error);

// The outcome part of a record: outcome, reason, follow_up, referrals,
// fired_rules, warnings. Written by RecordLog and compared on replay.
nlohmann::ordered_json RecordOutcome(const Decision& d);

// The ids a record file uses, written by RecordLog and checked by verify:
// the first 32 hex digits of SHA-256 over the fields joined by `|`. A
// decision's id hashes the previous record's hash too, so it is unique within
// a chain; `prev_hash` empty gives the id records had before 0.2.
std::string DecisionId(std::string_view ruleset_digest, std::string_view input_digest, std::string_view decided_at,
                       std::string_view prev_hash);
std::string ReviewId(std::string_view decision_id, std::string_view role, std::string_view action,
                     std::string_view reason, std::string_view reviewed_at, std::string_view prev_hash);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_RECORD_RECORD_INPUT_H_
