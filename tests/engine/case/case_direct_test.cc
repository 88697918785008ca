// The direct case reader (case/case_direct.h) never disagrees with the tree
// reader: on every case it accepts, the slots, texts, warnings, derived facts
// and capacity are the tree reader's; it accepts plain valid cases (so the
// fast path is the one real cases take); and it gives up on every case the
// tree reader refuses. Checked on varied Bogotá cases and on mutations of
// them (duplicate and escaped keys, wrong types, nulls, trailing bytes,
// numbers written as 1.0 and 1e1, capacity in any key order, text that is
// not UTF-8).
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "case/case_direct.h"
#include "case/case_values.h"
#include "support/cases.h"
#include "support/rulesets.h"

namespace referral::internal {
namespace {

bool Same(const CaseValues& a, const CaseValues& b) {
  return a.case_id == b.case_id && a.values == b.values && a.present == b.present && a.strings == b.strings &&
         a.confirm_all == b.confirm_all && a.capacity == b.capacity && a.derived == b.derived &&
         a.warnings.size() == b.warnings.size() &&
         std::equal(a.warnings.begin(), a.warnings.end(), b.warnings.begin(),
                    [](const Warning& x, const Warning& y) { return x.code == y.code && x.detail == y.detail; });
}

// `text` with its last `}` replaced by `, extra}`.
std::string With(std::string text, const std::string& extra) {
  text.pop_back();
  return text + "," + extra + "}";
}

std::vector<std::string> Mutations(const std::string& c, std::mt19937& rng) {
  const std::vector<std::string> extras = {
      R"("case_id":"otra")",  R"("caregiver_\u0063onsent":"rechaza")", R"("edad":3)",
      R"("pregnant":null)",   R"("activity_hours_week":10.0)",          R"("activity_hours_week":1e1)",
      R"("activity_hours_week":10.5)", R"("activity_hours_week":"10")", R"("activity_hours_week":-1)",
      R"("capacity":{"SDIS_CENTRO_AMAR":1,"SDIS_CENTRO_ABRAZAR":0.0})", R"("capacity":{"X":0})",
      R"("capacity":{"SDIS_CENTRO_AMAR":1,"SDIS_CENTRO_AMAR":0})", R"("capacity":null)", R"("capacity":[1])",
      R"("exploitation_indicators":["sustancias","sustancias"])", R"("exploitation_indicators":["otro"])",
      R"("exploitation_indicators":[["sustancias"]])", R"("age_months":30)", R"("nationality":"venezolana ")",
      R"("prior_identifications_count":18446744073709551615)", R"("prior_identifications_count":9223372036854775807)",
      R"("months_in_bogota":1e400)",
      // Not UTF-8 (Latin-1, overlong, a surrogate, past U+10FFFF, cut short),
      // in a value and in a key: simdjson's check stands for the tree reader's.
      "\"nationality\":\"venezolana\xf1\"", "\"case_id\":\"a\xc0\xaf\"", "\"x\xed\xa0\x80\":1",
      "\"nationality\":\"\xf4\x90\x80\x80\"", "\"nationality\":\"\xe2\x82\"", "\"pregnant\":true\xff"};
  std::vector<std::string> out = {c, With(c, extras[rng() % extras.size()]), c + " ", c + " {}", c + "\n", "\t" + c + "\r\n"};
  out.push_back("[" + c + "]");
  out.push_back(c.substr(0, c.size() / 2));
  std::string nul = c;
  nul.insert(nul.size() / 2, 1, '\0');
  out.push_back(nul);
  return out;
}

TEST_CASE("the direct case reader accepts what the tree reader accepts, with the same values, and nothing it refuses",
          "[case][direct]") {
  const Model& m = referral::internal::ModelOf(testing::BogotaRules());
  std::mt19937 rng(5);
  long direct = 0, total = 0, valid = 0, plain = 0;
  for (const std::string& c : testing::SyntheticCases(1500, 9, "d-")) {
    for (const std::string& text : Mutations(c, rng)) {
      for (std::optional<int64_t> day : {std::optional<int64_t>(), std::optional<int64_t>(20000)}) {
        ++total;
        auto tree = ReadCaseTree(m, text, CaseFormat::kJson, {}, day);
        CaseValues fast;
        const bool accepted = ReadCaseDirect(m, text, {}, day, &fast);
        INFO(text);
        if (accepted) {
          ++direct;
          REQUIRE(tree.ok());
          REQUIRE(Same(fast, *tree));
        }
        if (tree.ok()) ++valid;
        // Every plain valid case (as sent: unmutated, read without a decision time) is read directly.
        if (text == c && !day && tree.ok()) {
          ++plain;
          CHECK(accepted);
        }
        // ReadCase is whichever answers: the same either way.
        auto read = ReadCase(m, text, CaseFormat::kJson, {}, day);
        REQUIRE(read.ok() == tree.ok());
        if (read.ok()) REQUIRE(Same(*read, *tree));
      }
    }
  }
  INFO(direct << " of " << total << " read directly; " << valid << " valid");
  CHECK(plain > 1000);
  CHECK(direct > valid * 3 / 4);  // also most valid mutations (10.0, null, trailing blanks...)
}

TEST_CASE("the direct case reader leaves a stricter limit to the tree reader, which words it", "[case][direct]") {
  const Model& m = referral::internal::ModelOf(testing::BogotaRules());
  const std::string text = testing::SyntheticCases(1, 2, "l-")[0];
  CaseValues fast;
  CaseLimits tight;
  tight.max_case_bytes = text.size() - 1;
  CHECK_FALSE(ReadCaseDirect(m, text, tight, std::nullopt, &fast));
  CHECK(ReadCase(m, text, CaseFormat::kJson, tight).status().code() == "limit.case_size");
  CaseLimits shallow;
  shallow.max_case_depth = 1;
  CHECK_FALSE(ReadCaseDirect(m, text, shallow, std::nullopt, &fast));
  CHECK(ReadCaseDirect(m, text, {}, std::nullopt, &fast));
}

}  // namespace
}  // namespace referral::internal
