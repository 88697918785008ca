// The decision as JSON (engine/decision/decision_json.cc) and the diagnostics
// as JSON (engine/diag/diag_sink.cc) never throw, whatever bytes their strings
// hold. The loader refuses rule text that is not UTF-8 and the case reader
// refuses such cases, so a real decision holds none; but both are public
// functions over public structs, and nlohmann's dump() throws on a stray byte,
// which aborted `referral route` and answered 500 in the sidecar (issue 15).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "referral/decision.h"
#include "referral/diagnostic.h"

namespace referral {
namespace {

const std::string kReplacement = "\xef\xbf\xbd";  // U+FFFD

TEST_CASE("a decision whose strings are not UTF-8 still renders as JSON, each stray byte as U+FFFD",
          "[decision][encoding]") {
  Decision d;
  d.case_id = "c-1";
  d.outcome = Outcome::kReferred;
  Referral r;
  r.service = "JARDIN";
  r.priority = "normal";
  r.because = "El ni\xf1o tiene 30 meses.";
  r.office = {"jardin-norte", "Jard\xedn Norte", "Calle 1"};
  d.referrals.push_back(r);
  d.warnings.push_back({"revisar", "ni\xf1o"});
  RuleTrace t;
  t.node = "oferta";
  t.rule = "O1.jard\xedn";
  t.fired = true;
  t.checks.push_back({"oficina", "in [N-\xf1]", "N-\xf1", false, false, true, true, "", 0});
  d.trace.push_back(t);

  std::string text;
  REQUIRE_NOTHROW(text = DecisionToJson(d));
  auto j = nlohmann::json::parse(text);
  CHECK(j["referrals"][0]["because"] == "El ni" + kReplacement + "o tiene 30 meses.");
  CHECK(j["referrals"][0]["office"]["name"] == "Jard" + kReplacement + "n Norte");
  CHECK(j["warnings"][0]["detail"] == "ni" + kReplacement + "o");
  CHECK(j["trace"][0]["rule"] == "O1.jard" + kReplacement + "n");
  CHECK(j["trace"][0]["checks"][0]["actual"] == "N-" + kReplacement);
}

TEST_CASE("diagnostics whose file or message is not UTF-8 still render as JSON", "[diag][encoding]") {
  // A rule file's path is the file system's bytes: a Latin-1 file name.
  Diagnostic d;
  d.code = "file.bad_name_encoding";
  d.file = "rules/nodos_ni\xf1os.yaml";
  d.message = "ni\xf1os";
  std::string text;
  REQUIRE_NOTHROW(text = DiagnosticsToJson({d}));
  auto j = nlohmann::json::parse(text);
  CHECK(j[0]["file"] == "rules/nodos_ni" + kReplacement + "os.yaml");
  CHECK(j[0]["message"] == "ni" + kReplacement + "os");
}

}  // namespace
}  // namespace referral
