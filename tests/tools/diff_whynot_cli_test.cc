// End-to-end: `referral diff` and `referral explain --why-not`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.h"

using referral::testing::RunReferral;

namespace {
const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";
}

TEST_CASE("diff of a rule set with itself: nothing changes, --fail-on-change passes", "[cli][diff]") {
  auto r = RunReferral({"diff", "--base", "rules/example", "--head", "rules/example", "--fail-on-change"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("0 region(s) of the case space change route"));
  // Bogotá's rules speak Spanish, and so does their diff.
  auto es = RunReferral({"diff", "--base", "rules/bogota", "--head", "rules/bogota"});
  INFO(es.out << es.err);
  CHECK(es.exit_code == 0);
  CHECK_THAT(es.out, Catch::StartsWith("diferencias bogota "));
  CHECK_THAT(es.out, Catch::Contains("0 región(es) del espacio de casos cambian de ruta"));
  auto en = RunReferral({"diff", "--base", "rules/bogota", "--head", "rules/bogota", "--lang", "en"});
  CHECK_THAT(en.out, Catch::Contains("0 region(s) of the case space change route"));
}

TEST_CASE("diff with cases groups changes and exits 3 with --fail-on-change", "[cli][diff]") {
  const std::string cases =
      R"({"case_id":"a","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2023-01-10","category":"own_begging","consent":"accepts"})"
      "\n"
      R"({"case_id":"b","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2015-01-10","category":"own_begging","consent":"accepts"})"
      "\n";
  auto r = RunReferral({"diff", "--base", "rules/example", "--head", "tests/fixtures/analyze/flawed.yaml", "-",
                        "--format", "json"},
                       cases);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["cases"] == 2);
  CHECK(j["rejected"] == 2);  // the other rule set does not know these facts
  auto fail = RunReferral({"diff", "--base", "rules/example", "--head", "rules/example", "-", "--fail-on-change"}, cases);
  CHECK(fail.exit_code == 0);
}

TEST_CASE("explain --why-not names the smallest change, in Spanish by default", "[cli][whynot]") {
  auto r = RunReferral({"explain", kGirl, "--why-not", "SED_MATRICULA"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("El caso se remitiría a SED_MATRICULA cambiando 2 hechos:"));
  CHECK_THAT(r.out, Catch::Contains("- age_months: 39 → 60 (es decir, birth_date 2021-03-01)"));
  auto en = RunReferral({"explain", kGirl, "--why-not", "SALUD_AFILIACION", "--lang", "en"});
  CHECK_THAT(en.out, Catch::Contains("another value (sensitive fact: not shown)"));
  auto unknown = RunReferral({"explain", kGirl, "--why-not", "SED_MATRICLA"});
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("did you mean `SED_MATRICULA`?"));
}
