// End-to-end: what the real `referral` program does with bad input: broken
// rule files, broken cases in a batch, and bad command lines. Exit codes:
// 0 ok, 1 could not run (unreadable input, invalid case), 2 usage,
// 3 rules invalid or a check/test failed (docs/diagnostics.md).
#include <catch2/catch.hpp>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/paths.h"
#include "support/process.h"

using referral::testing::Lines;
using referral::testing::RunReferral;

namespace {

const std::string kDir = "tests/fixtures/broken_rules/";

}  // namespace

TEST_CASE("check prints file:line:column: error[code]: message for broken rules and exits 3", "[cli][errors]") {
  struct Row {
    const char* fixture;
    const char* line;
  };
  const Row rows[] = {
      {"20_unknown_service.yaml",
       "20_unknown_service.yaml:44:27: error[rule.unknown_service]: unknown service `ICBF_PRAD` "
       "(did you mean `ICBF_PARD`?)"},
      {"14_unknown_fact_in_condition.yaml",
       "14_unknown_fact_in_condition.yaml:51:34: error[cond.unknown_name]: unknown fact or predicate `categroy` "
       "(did you mean `category`?)"},
      {"24_graph_cycle.yaml",
       "24_graph_cycle.yaml:54:9: error[graph.cycle]: the routing graph has a cycle: triage -> offer -> triage"},
      {"04_empty.yaml",
       "04_empty.yaml: error[file.empty]: `tests/fixtures/broken_rules/04_empty.yaml` is empty: a rule file holds "
       "a mapping"},
  };
  for (const Row& row : rows) {
    DYNAMIC_SECTION(row.fixture) {
      auto r = RunReferral({"check", kDir + row.fixture});
      INFO(r.out << r.err);
      CHECK(r.exit_code == 3);
      CHECK(Lines(r.out) == std::vector<std::string>{kDir + row.line, "errors: 1"});
    }
  }
}

TEST_CASE("check reports every problem of a file in one run, in line order", "[cli][errors]") {
  auto r = RunReferral({"check", kDir + "39_several_problems.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  auto lines = Lines(r.out);
  REQUIRE(lines.size() == 8);
  const char* expected[] = {":6:13: error[ruleset.bad_language]",  ":7:10: error[ruleset.unknown_entry]",
                            ":24:23: error[fact.unknown_type]",    ":37:18: error[service.bad_legal_basis]",
                            ":45:48: error[rule.unknown_priority]", ":49:10: error[node.bad_hit]",
                            ":52:9: error[yaml.unknown_key]"};
  for (size_t i = 0; i < 7; ++i) {
    CHECK_THAT(lines[i], Catch::StartsWith(kDir + "39_several_problems.yaml" + expected[i]));
  }
  CHECK(lines[7] == "errors: 7");
}

TEST_CASE("check --lang es prints the diagnostics in Spanish", "[cli][errors]") {
  auto r = RunReferral({"check", "--lang", "es", kDir + "20_unknown_service.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(Lines(r.out) == std::vector<std::string>{
                            kDir + "20_unknown_service.yaml:44:27: error[rule.unknown_service]: servicio desconocido "
                                   "`ICBF_PRAD` (¿quiso decir `ICBF_PARD`?)",
                            "errores: 1"});
  auto tab = RunReferral({"check", "--lang", "es", kDir + "02_tab_indent.yaml"});
  CHECK(tab.exit_code == 3);
  CHECK_THAT(tab.out, Catch::Contains(":48:1: error[yaml.tab]: se usa un tabulador para sangrar"));
}

TEST_CASE("check --format json gives parseable JSON with every diagnostic", "[cli][errors]") {
  auto r = RunReferral({"check", "--format", "json", kDir + "39_several_problems.yaml"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["ok"] == false);
  CHECK_FALSE(j.contains("ruleset"));
  const auto& diags = j["diagnostics"];
  REQUIRE(diags.is_array());
  REQUIRE(diags.size() == 7);
  const auto& d = diags[1];
  CHECK(d["code"] == "ruleset.unknown_entry");
  CHECK(d["severity"] == "error");
  CHECK(d["message"] == "entry node `triag` is not defined");
  CHECK(d["file"] == kDir + "39_several_problems.yaml");
  CHECK(d["line"] == 7);
  CHECK(d["column"] == 10);
  CHECK(d["help"] == "did you mean `triage`?");
  int last_line = 0;
  for (const auto& diag : diags) {
    for (const char* key : {"code", "severity", "message", "file", "line", "column", "help"}) {
      CHECK(diag.contains(key));
    }
    CHECK(diag["line"].get<int>() >= last_line);
    last_line = diag["line"].get<int>();
  }
  SECTION("in Spanish") {
    auto es = RunReferral({"check", "--format", "json", "--lang", "es", kDir + "23_unknown_entry.yaml"});
    CHECK(es.exit_code == 3);
    auto e = nlohmann::json::parse(es.out);
    REQUIRE(e["diagnostics"].size() == 1);
    CHECK(e["diagnostics"][0]["message"] == "el nodo de entrada `triag` no está definido");
    CHECK(e["diagnostics"][0]["help"] == "¿quiso decir `triage`?");
  }
  SECTION("a valid rule set gives ok and no diagnostics, exit 0") {
    auto ok = RunReferral({"check", "--format", "json", "rules/example"});
    CHECK(ok.exit_code == 0);
    auto o = nlohmann::json::parse(ok.out);
    CHECK(o["ok"] == true);
    CHECK(o["ruleset"]["id"] == "example");
    CHECK(o["diagnostics"].empty());
  }
}

TEST_CASE("check on a path that does not exist exits 3 with file.not_found", "[cli][errors]") {
  auto r = RunReferral({"check", "no/such/rules"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(Lines(r.out) == std::vector<std::string>{"no/such/rules: error[file.not_found]: `no/such/rules` does not exist",
                                                 "errors: 1"});
  auto j = RunReferral({"check", "--format", "json", "no/such/rules"});
  CHECK(j.exit_code == 3);
  CHECK(nlohmann::json::parse(j.out)["diagnostics"][0]["code"] == "file.not_found");
}

TEST_CASE("route, explain and test refuse broken rules with exit 3 and the diagnostics on stderr", "[cli][errors]") {
  const std::string rules = kDir + "20_unknown_service.yaml";
  const std::string c = R"({"case_id":"k-1"})";
  for (const auto& args : std::vector<std::vector<std::string>>{{"route", "--rules", rules, "-"},
                                                                {"explain", "--rules", rules, "-"},
                                                                {"test", rules}}) {
    DYNAMIC_SECTION(args[0]) {
      auto r = RunReferral(args, c);
      INFO(r.out << r.err);
      CHECK(r.exit_code == 3);
      CHECK(r.out.empty());
      CHECK_THAT(r.err, Catch::Contains(rules + ":44:27: error[rule.unknown_service]"));
    }
  }
}

TEST_CASE("a JSONL batch with broken lines gives one output line per input line, in order", "[cli][errors]") {
  const std::vector<std::string> input = {
      R"({"case_id":"b-01","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2018-01-15","category":"own_begging","risks":["substances"]})",
      R"({"case_id":"b-02","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2023-01-10","category":"own_begging","consent":"accepts"})",
      R"({"case_id":"b-03", "evaluation_date":)",  // bad JSON
      R"({"case_id":"b-04","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2015-05-01","category":"work_accompaniment","consent":"refuses"})",
      R"({"case_id":"b-05","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2015-05-01","category":"own_begging","nacionality":"venezuelan"})",  // unknown field
      R"({"case_id":"b-06","evaluation_date":"2026-03-01","age_documented":false,"age_estimate_min_months":100,"category":"work_accompaniment","consent":"partial"})",
      "",  // empty line
      R"({"case_id":"b-08","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2008-03-01","category":"own_begging"})",
      R"({"case_id":"b-09","evaluation_date":"2026-03-01","birth_date":"2016-01-01","category":"parental_prison"})",  // missing required
      R"({"case_id":"b-10","evaluation_date":"2026-03-01","age_documented":true,"birth_date":"2016-01-01","category":"parental_prison","consent":"accepts","office_code":"N-02"})",
  };
  std::string text;
  for (const auto& l : input) text += l + "\n";

  struct Broken {
    long line;
    const char* case_id;  // nullptr: the input had none to echo
    const char* code;
    const char* field;    // nullptr: none
    const char* message;
  };
  const Broken broken[] = {
      {3, nullptr, "case.bad_json", nullptr, "the case is not valid JSON"},
      {5, "b-05", "case.unknown_field", "nacionality", "unknown field `nacionality` (did you mean `nationality`?)"},
      {7, nullptr, "case.empty_line", nullptr, "the line is empty"},
      {9, "b-09", "case.missing_field", "age_documented", "missing required field `age_documented`"},
  };
  const char* outcomes[] = {"referred", "referred", nullptr, "no_referral", nullptr,
                            "referred", nullptr,    "out_of_scope", nullptr, "referred"};

  auto r = RunReferral({"route", "--rules", "rules/example", "--jsonl"}, text);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("4 of 10 line(s) were rejected"));
  auto lines = Lines(r.out);
  REQUIRE(lines.size() == 10);
  size_t next_broken = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    INFO("output line " << i + 1 << ": " << lines[i]);
    auto j = nlohmann::json::parse(lines[i]);
    if (next_broken < std::size(broken) && broken[next_broken].line == static_cast<long>(i + 1)) {
      const Broken& b = broken[next_broken++];
      REQUIRE(j.contains("error"));
      CHECK_FALSE(j.contains("outcome"));
      CHECK(j["line"] == b.line);
      if (b.case_id) {
        CHECK(j["case_id"] == b.case_id);
      } else {
        CHECK(j["case_id"].is_null());
      }
      CHECK(j["error"]["code"] == b.code);
      if (b.field) {
        CHECK(j["error"]["field"] == b.field);
      } else {
        CHECK(j["error"]["field"].is_null());
      }
      CHECK_THAT(j["error"]["message"].get<std::string>(), Catch::Contains(b.message));
    } else {
      CHECK_FALSE(j.contains("error"));
      const std::string id = (i + 1 < 10 ? "b-0" : "b-") + std::to_string(i + 1);
      CHECK(j["case_id"] == id);
      REQUIRE(outcomes[i] != nullptr);
      CHECK(j["outcome"] == outcomes[i]);
      CHECK(j["ruleset"]["id"] == "example");
    }
  }
  CHECK(next_broken == std::size(broken));

  SECTION("the same from a file, and with CRLF line ends") {
    std::string crlf;
    for (const auto& l : input) crlf += l + "\r\n";
    auto c = RunReferral({"route", "--rules", "rules/example", "--jsonl"}, crlf);
    CHECK(c.exit_code == 0);
    CHECK(c.out == r.out);
  }
}

TEST_CASE("a single rejected case exits 1 with an error record", "[cli][errors]") {
  auto r = RunReferral({"route", "--rules", "rules/example", "-"},
                       R"({"case_id":"s-9","evaluation_date":"2026/01/01","age_documented":true,)"
                       R"("birth_date":"2018-01-15","category":"own_begging"})");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["case_id"] == "s-9");
  CHECK_FALSE(j.contains("line"));
  CHECK(j["error"]["code"] == "case.bad_date");
  CHECK(j["error"]["field"] == "evaluation_date");
  CHECK_THAT(j["error"]["message"].get<std::string>(), Catch::Contains("got the string \"2026/01/01\""));
  // `errors` lists every problem; `error` is its first.
  REQUIRE(j["errors"].size() == 1);
  CHECK(j["errors"][0] == j["error"]);

  SECTION("a sensitive value is not echoed") {
    auto s = RunReferral({"route", "--rules", "rules/example", "-"},
                         R"({"case_id":"s-10","evaluation_date":"2026-03-01","age_documented":true,)"
                         R"("birth_date":"2018-01-15","category":"own_begging","health_affiliation":"XYZ-SECRET"})");
    CHECK(s.exit_code == 1);
    CHECK_THAT(s.out, Catch::Contains("case.unknown_value"));
    CHECK_THAT(s.out + s.err, !Catch::Contains("SECRET"));
  }
  SECTION("a YAML case") {
    auto y = RunReferral({"route", "--rules", "rules/example", "--case-format", "yaml", "-"},
                         "case_id: y-1\nrisks: [substances\n");
    CHECK(y.exit_code == 1);
    CHECK(nlohmann::json::parse(y.out)["error"]["code"] == "case.bad_yaml");
  }
  SECTION("explain") {
    auto e = RunReferral({"explain", "--rules", "rules/example", "-"}, R"(["not", "an", "object"])");
    CHECK(e.exit_code == 1);
    CHECK_THAT(e.err, Catch::Contains("case.not_object"));
  }
  SECTION("an input file that cannot be read") {
    auto m = RunReferral({"route", "--rules", "rules/example", "no/such/case.json"});
    CHECK(m.exit_code == 1);
    CHECK(m.out.empty());
  }
}

TEST_CASE("usage errors exit 2", "[cli][errors]") {
  const std::vector<std::vector<std::string>> usage = {
      {"frobnicate"},                                    // unknown subcommand
      {},                                                // no subcommand
      {"route", "--rules"},                              // --rules without its value
      {"check", "--lang", "fr", "rules/example"},        // a language not offered
      {"check", "--format", "xml", "rules/example"},     // a format not offered
      {"route", "--rules", "rules/example", "--trace", "everything", "-"},
      {"check", "--no-such-option", "rules/example"},
  };
  for (const auto& args : usage) {
    std::string name;
    for (const auto& a : args) name += (name.empty() ? "" : " ") + a;
    DYNAMIC_SECTION("referral " << name) {
      auto r = RunReferral(args);
      INFO(r.out << r.err);
      CHECK(r.exit_code == 2);
      CHECK_FALSE(r.err.empty());
    }
  }
}
