// End-to-end: rule files that are not UTF-8 (issue 15, item 2). A because-text
// saved as Latin-1 used to pass `referral check`; then `route` aborted (exit
// 134) on the first decision that quoted it and `route --jsonl` lost the rest
// of its batch. Now `check` refuses it at file:line:column, and so does every
// command that loads rules, before deciding anything.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using referral::testing::Lines;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;

namespace {

const std::string kLatin1 = "tests/fixtures/broken_rules/57_latin1_because.yaml";
const std::string kError =
    kLatin1 +
    ":54:29: error[file.bad_encoding]: byte 0xF1 in `ni\\xf1o` is not UTF-8: the file looks like Latin-1 / "
    "Windows-1252; save it as UTF-8";
// A case of that rule set that fires the rule whose because-text is Latin-1.
const std::string kCase =
    R"({"case_id":"c1","evaluation_date":"2026-03-01","age_months":30,"category":"own_begging"})";

}  // namespace

TEST_CASE("check refuses a Latin-1 rule file at the byte, names the encoding, and exits 3",
          "[cli][check][encoding]") {
  auto r = RunReferral({"check", kLatin1});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(Lines(r.out) == std::vector<std::string>{kError, "errors: 1"});

  auto es = RunReferral({"check", "--lang", "es", kLatin1});
  CHECK(es.exit_code == 3);
  CHECK(Lines(es.out) == std::vector<std::string>{
                             kLatin1 + ":54:29: error[file.bad_encoding]: el byte 0xF1 en `ni\\xf1o` no es UTF-8: el "
                                       "archivo parece estar en Latin-1 / Windows-1252; guárdelo como UTF-8",
                             "errores: 1"});

  auto json = RunReferral({"check", "--format", "json", kLatin1});
  CHECK(json.exit_code == 3);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["ok"] == false);
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["code"] == "file.bad_encoding");
  CHECK(j["diagnostics"][0]["line"] == 54);
  CHECK(j["diagnostics"][0]["column"] == 29);
}

TEST_CASE("route, route --jsonl and explain refuse Latin-1 rules before deciding, never abort",
          "[cli][route][encoding]") {
  auto one = RunReferral({"route", "--rules", kLatin1, "-"}, kCase);
  INFO(one.out << one.err);
  CHECK(one.exit_code == 3);
  CHECK(one.out.empty());
  CHECK_THAT(one.err, Catch::Contains(kError));

  auto batch = RunReferral({"route", "--jsonl", "--rules", kLatin1, "-"}, kCase + "\n" + kCase + "\n");
  INFO(batch.out << batch.err);
  CHECK(batch.exit_code == 3);
  CHECK(batch.out.empty());
  CHECK_THAT(batch.err, Catch::Contains(kError));

  for (const char* format : {"human", "json"}) {
    auto explain = RunReferral({"explain", "--rules", kLatin1, "--format", format, "-"}, kCase);
    INFO(format << ": " << explain.out << explain.err);
    CHECK(explain.exit_code == 3);
    CHECK_THAT(explain.err, Catch::Contains(kError));
  }
}

TEST_CASE("a rule file whose name is not UTF-8 is refused, and check --format json still prints JSON",
          "[cli][check][encoding]") {
  // The name is shown in explanations (`nodos_ni\xf1os.yaml:12`): `explain
  // --format json` aborted on it.
  const fs::path dir = fs::temp_directory_path() / ("referral-encoding-name-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(SourcePath("tests/fixtures/encoding/every_field"), dir, fs::copy_options::recursive);
  const fs::path bad = dir / "nodos_ni\xf1os.yaml";
  fs::rename(dir / "nodes.yaml", bad);

  auto human = RunReferral({"check", "--lang", "en", dir.string()});
  INFO(human.out << human.err);
  CHECK(human.exit_code == 3);
  CHECK(Lines(human.out) ==
        std::vector<std::string>{bad.string() + ": error[file.bad_name_encoding]: the file name "
                                                "`nodos_ni\\xf1os.yaml` is not UTF-8; rename it (file names are shown "
                                                "in explanations and records)",
                                 "errors: 1"});

  auto json = RunReferral({"check", "--format", "json", dir.string()});
  INFO(json.out << json.err);
  CHECK(json.exit_code == 3);
  auto j = nlohmann::json::parse(json.out);
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["code"] == "file.bad_name_encoding");
  // The path is not UTF-8: JSON carries it with U+FFFD for the stray byte.
  CHECK(j["diagnostics"][0]["file"] == (dir / "nodos_ni\xef\xbf\xbdos.yaml").string());

  auto explain = RunReferral({"explain", "--rules", dir.string(), "--format", "json", "-"},
                             R"({"case_id":"ef-1","fecha":"2026-03-01","edad_documentada":true,)"
                             R"("nacimiento":"2023-01-10","categoria":"mendicidad","localidad":"norte",)"
                             R"("oficina":"N-01"})");
  INFO(explain.out << explain.err);
  CHECK(explain.exit_code == 3);
  CHECK_THAT(explain.err, Catch::Contains("file.bad_name_encoding"));
  fs::remove_all(dir);
}
