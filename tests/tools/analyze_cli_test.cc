// End-to-end: `referral analyze` on real rule files.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.h"

using referral::testing::RunReferral;

TEST_CASE("analyze reports located findings with example cases and exits 3", "[cli][analyze]") {
  auto r = RunReferral({"analyze", "tests/fixtures/analyze/flawed.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out, Catch::Contains("tests/fixtures/analyze/flawed.yaml:30:9: warning[analyze.dead_rule]: rule "
                                    "`S2.shadowed` can never fire"));
  CHECK_THAT(r.out, Catch::Contains("error[analyze.unique_overlap]"));
  CHECK_THAT(r.out, Catch::Contains("    example: {\"case_id\":\"analyze-example-"));
  // Two referrals under `consent` that no consent condition guards (S1, U1):
  // flawed.yaml declares its consent fact, so they are flaws too.
  CHECK_THAT(r.out, Catch::Contains("error[analyze.consent_basis_without_consent]: service `YOUNG`"));
  CHECK_THAT(r.out, Catch::Contains("6 error(s), 2 warning(s), 3 note(s)"));
}

TEST_CASE("analyze --format json lists findings with parsed example cases", "[cli][analyze]") {
  auto r = RunReferral({"analyze", "tests/fixtures/analyze/flawed.yaml", "--format", "json"});
  REQUIRE(r.exit_code == 3);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["complete"] == true);
  CHECK(j["errors"] == 6);
  bool gap_with_example = false;
  for (const auto& f : j["findings"]) {
    if (f["code"] == "analyze.gap" && f["example_case"].is_object()) gap_with_example = true;
  }
  CHECK(gap_with_example);
}

TEST_CASE("analyze on rules/bogota finds no gap and names its one documented warning", "[cli][analyze][bogota]") {
  auto r = RunReferral({"analyze"});
  CHECK(r.exit_code == 3);  // the documented unused-service warning (D35)
  CHECK(r.out.find("analyze.gap") == std::string::npos);
  // Bogotá's rules are Spanish, and so is its analysis unless asked otherwise.
  CHECK_THAT(r.out, Catch::Contains("0 error(es), 1 advertencia(s)"));
  auto en = RunReferral({"analyze", "--lang", "en"});
  CHECK_THAT(en.out, Catch::Contains("0 error(s), 1 warning(s)"));
}
