// End to end, the real program: no input changes a decision silently (issue
// 15). Duplicate keys, NUL bytes, trailing documents, bad encodings, forged
// case ids and implausible dates are refused or flagged; every invalid field
// is reported at once, on the command line and over HTTP; no output path
// destroys an input.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using referral::testing::Background;
using referral::testing::Lines;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;

namespace {

const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";

fs::path Fresh(const std::string& name) { return referral::testing::FreshDir("input-contract", name); }

// The sample case on one line, without its closing brace.
std::string Open() {
  std::string text = ReadText(SourcePath(kGirl));
  text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
  return text.substr(0, text.rfind('}'));
}
std::string Girl() { return Open() + "}"; }

std::string WithDates(const std::string& evaluation, const std::string& birth = "2022-12-01") {
  std::string s = Girl();
  s.replace(s.find("2026-03-01"), 10, evaluation);
  s.replace(s.find("2022-12-01"), 10, birth);
  return s;
}

unsigned Mode(const fs::path& path) {
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

TEST_CASE("route refuses a key given twice instead of deciding with the last", "[cli][input]") {
  // Seen: "caregiver_consent" acepta then rechaza was decided as no_referral.
  auto r = RunReferral({"route", "-"}, Open() + R"(,"caregiver_\u0063onsent":"rechaza"})");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto j = json::parse(r.out);
  CHECK(j["error"]["code"] == "case.duplicate_key");
  CHECK(j["error"]["field"] == "caregiver_consent");
  CHECK(j["case_id"] == "muestra-nina-venezolana-3");

  // Also when --capacity rewrites the case: the merge must not hide it.
  auto dir = Fresh("capacity");
  referral::testing::WriteText(dir / "places.json", R"({"ICBF_PARD": 3})");
  auto c = RunReferral({"route", "--capacity", (dir / "places.json").string(), "-"},
                       Open() + R"(,"caregiver_present":"ninguno"})");
  CHECK(c.exit_code == 1);
  CHECK(json::parse(c.out)["error"]["code"] == "case.duplicate_key");

  // A YAML case too.
  auto y = RunReferral({"route", "--case-format", "yaml", "-"},
                       "case_id: y-1\nevaluation_date: 2026-03-01\ncaregiver_consent: acepta\n"
                       "caregiver_consent: rechaza\n");
  CHECK(y.exit_code == 1);
  CHECK(json::parse(y.out)["error"]["code"] == "case.duplicate_key");
}

TEST_CASE("route refuses a NUL byte, trailing bytes and a second YAML document", "[cli][input]") {
  // Seen: `{case}\0{…}` was accepted, in files and in JSONL lines.
  auto dir = Fresh("nul");
  referral::testing::WriteText(dir / "case.json", Girl() + std::string(1, '\0') + R"({"case_id":"x"})");
  auto file = RunReferral({"route", (dir / "case.json").string()});
  CHECK(file.exit_code == 1);
  CHECK(json::parse(file.out)["error"]["code"] == "case.nul_byte");

  referral::testing::WriteText(dir / "two.yaml", "case_id: y-1\nevaluation_date: 2026-03-01\n---\ncase_id: y-2\n");
  auto yaml = RunReferral({"route", (dir / "two.yaml").string()});
  CHECK(yaml.exit_code == 1);
  CHECK(json::parse(yaml.out)["error"]["code"] == "case.trailing_data");

  // A batch: one output line per input line, the bad ones as errors.
  const std::string batch = Girl() + std::string(1, '\0') + R"({"case_id":"x"})" + "\n" + Girl() + " {}\n" +
                            Open() + ",\"activity\":\"ni\xf1o\"}\n" + Girl() + "\n";
  auto b = RunReferral({"route", "--jsonl", "-"}, batch);
  INFO(b.out << b.err);
  CHECK(b.exit_code == 0);
  auto lines = Lines(b.out);
  REQUIRE(lines.size() == 4);
  CHECK(json::parse(lines[0])["error"]["code"] == "case.nul_byte");
  CHECK(json::parse(lines[1])["error"]["code"] == "case.trailing_data");
  CHECK(json::parse(lines[2])["error"]["code"] == "case.bad_encoding");
  CHECK(json::parse(lines[3])["outcome"] == "referred");
}

TEST_CASE("a number no double holds is refused by route and by the sidecar, never a crash", "[cli][input]") {
  // Seen (fuzz_decide_case): `"activity_hours_week": 1e400` aborted `referral route`.
  const std::string text = Open() + R"(,"activity_hours_week":1e400})";
  auto route = RunReferral({"route", "-"}, text);
  INFO(route.out << route.err);
  CHECK(route.exit_code == 1);
  CHECK(json::parse(route.out)["error"]["code"] == "case.number_too_large");
  auto batch = RunReferral({"route", "--jsonl", "-"}, text + "\n" + Girl() + "\n");
  auto lines = Lines(batch.out);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["error"]["code"] == "case.number_too_large");
  CHECK(json::parse(lines[1])["outcome"] == "referred");

  Background process({"serve", "--listen", "127.0.0.1:0", "--quiet"});
  const std::string line = process.ReadLine();
  REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
  httplib::Client client("127.0.0.1", std::stoi(line.substr(line.rfind(':') + 1)));
  client.set_read_timeout(10, 0);
  for (const char* path : {"/v1/decide", "/v1/explain"}) {
    auto r = client.Post(path, text, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
  }
  auto after = client.Post("/v1/decide", Girl(), "application/json");  // still serving
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("explain refuses a case id that would forge lines or hide text", "[cli][input]") {
  // Seen: this id printed a "Resultado: sin remisión" block above a real
  // ICBF referral, and ESC[8m hid what followed in a terminal.
  std::string text = Girl();
  text.replace(text.find("muestra-nina-venezolana-3"), 25,
               R"(x\n\nResultado: sin remisión (motivo: ninguno)\n\u001b[8m)");
  auto r = RunReferral({"explain", "-"}, text);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("case.bad_case_id"));
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK_THAT(r.err, !Catch::Contains("Resultado"));
}

TEST_CASE("an evaluation date after the decision time is refused, and a 1922 birth date is flagged", "[cli][input]") {
  // Seen: evaluation_date 2062-03-01 routed a 3-year-old out of scope, silently.
  auto typo = RunReferral({"route", "--now", "2026-03-01T10:00:00Z", "-"}, WithDates("2062-03-01"));
  INFO(typo.out << typo.err);
  CHECK(typo.exit_code == 1);
  auto j = json::parse(typo.out);
  CHECK(j["error"]["code"] == "case.future_evaluation_date");
  CHECK(j["error"]["field"] == "evaluation_date");
  // Without --now, the clock is the decision time.
  auto clock = RunReferral({"route", "-"}, WithDates("2999-03-01", "2996-01-01"));
  CHECK(clock.exit_code == 1);
  CHECK(json::parse(clock.out)["error"]["code"] == "case.future_evaluation_date");
  auto explain = RunReferral({"explain", "-"}, WithDates("2999-03-01", "2996-01-01"));
  CHECK(explain.exit_code == 1);
  CHECK_THAT(explain.err, Catch::Contains("case.future_evaluation_date"));
  // In a batch, each such line is one error line.
  auto batch = RunReferral({"route", "--jsonl", "--now", "2026-03-01T10:00:00Z", "-"},
                           WithDates("2062-03-01") + "\n" + Girl() + "\n");
  auto lines = Lines(batch.out);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["error"]["code"] == "case.future_evaluation_date");
  CHECK(json::parse(lines[1])["outcome"] == "referred");

  // Seen: a birth date of 1922 for 2022 made the child an adult, silently.
  auto old = RunReferral({"route", "--now", "2026-03-01T10:00:00Z", "-"}, WithDates("2026-03-01", "1922-12-01"));
  CHECK(old.exit_code == 0);
  auto d = json::parse(old.out);
  CHECK(d["outcome"] == "out_of_scope");
  CHECK(d["follow_up"] == true);
  CHECK(d["warnings"] == json::parse(R"([{"code":"age_implausible","detail":"birth_date"}])"));
  auto human = RunReferral({"route", "--format", "human", "--now", "2026-03-01T10:00:00Z", "-"},
                           WithDates("2026-03-01", "1922-12-01"));
  CHECK_THAT(human.out, Catch::Contains("- La edad calculada pasa de 25 años"));
  CHECK_THAT(human.out, Catch::Contains("(age_implausible)"));
}

TEST_CASE("a case with three invalid fields gets every one in one error record", "[cli][input][errors]") {
  // Seen: only the first invalid field; "`1` is not an integer" for "1".
  const std::string three = Open() + R"(,"months_in_bogota":"1","nationality":"venezuelan","pregnant":"no"})";
  std::string text = three;
  text.replace(text.find(R"("nationality": "venezolana",)"), 28, "");
  text.replace(text.find(R"("months_in_bogota": 1,)"), 22, "");
  auto r = RunReferral({"route", "--lang", "en", "-"}, text);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto j = json::parse(r.out);
  REQUIRE(j["errors"].size() == 3);
  CHECK(j["error"] == j["errors"][0]);
  CHECK(j["errors"][0]["field"] == "months_in_bogota");
  CHECK(j["errors"][0]["message"] == "field `months_in_bogota`: expected an integer >= 0; got the string \"1\"");
  CHECK(j["errors"][1]["field"] == "nationality");
  CHECK(j["errors"][2]["field"] == "pregnant");
  CHECK(j["errors"][2]["message"] == "field `pregnant`: expected true or false; got a string");  // sensitive

  auto batch = RunReferral({"route", "--lang", "en", "--jsonl", "-"}, text + "\n");
  auto line = json::parse(Lines(batch.out).at(0));
  CHECK(line["line"] == 1);
  CHECK(line["errors"] == j["errors"]);

  auto explain = RunReferral({"explain", "--lang", "en", "-"}, text);
  CHECK(explain.exit_code == 1);
  CHECK_THAT(explain.err, Catch::Contains("(3 problem(s))") && Catch::Contains("  case.bad_type: field `pregnant`"));
}

TEST_CASE("route --lang es and explain --lang es give the three invalid fields in Spanish", "[cli][input][errors][es]") {
  std::string text = Open() + R"(,"months_in_bogota":"1","nationality":"venezuelan","pregnant":"no"})";
  text.replace(text.find(R"("nationality": "venezolana",)"), 28, "");
  text.replace(text.find(R"("months_in_bogota": 1,)"), 22, "");
  auto r = RunReferral({"route", "--lang", "es", "-"}, text);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto j = json::parse(r.out);
  REQUIRE(j["errors"].size() == 3);
  CHECK(j["errors"][0]["code"] == "case.bad_type");  // codes and fields do not change
  CHECK(j["errors"][0]["message"] == "campo `months_in_bogota`: se esperaba un número entero mayor o igual a 0; se recibió el texto \"1\"");
  CHECK(j["errors"][1]["code"] == "case.unknown_value");
  CHECK_THAT(j["errors"][1]["message"].get<std::string>(),
             Catch::StartsWith("campo `nationality`: se esperaba uno de estos valores: colombiana, venezolana,") &&
                 Catch::EndsWith("se recibió el texto \"venezuelan\" (no es un valor permitido; ¿quiso decir `venezolana`?)"));
  CHECK(j["errors"][2]["message"] == "campo `pregnant`: se esperaba true o false; se recibió un texto");  // sensitive

  auto batch = RunReferral({"route", "--lang", "es", "--jsonl", "-"}, text + "\n\n");
  auto lines = Lines(batch.out);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["errors"] == j["errors"]);
  CHECK(json::parse(lines[1])["error"]["message"] == "la línea está vacía; se esperaba un objeto JSON");

  auto explain = RunReferral({"explain", "--lang", "es", "-"}, text);
  CHECK(explain.exit_code == 1);
  CHECK_THAT(explain.err, Catch::Contains("el caso fue rechazado (3 problema(s))") &&
                              Catch::Contains("  case.bad_type: campo `pregnant`"));
}

TEST_CASE("an output path that is an input or the record file is refused before anything is written",
          "[cli][input][outputs]") {
  auto dir = Fresh("outputs");
  const fs::path cases = dir / "cases.jsonl", records = dir / "records.jsonl";
  referral::testing::WriteText(cases, Girl() + "\n" + Girl() + "\n");
  const std::string before = ReadText(cases.string());

  // Seen: --out set to the input file emptied it.
  auto same = RunReferral({"route", "--lang", "en", "--jsonl", cases.string(), "--out", cases.string()});
  INFO(same.err);
  CHECK(same.exit_code == 2);
  CHECK_THAT(same.err, Catch::Contains("file.output_is_input") && Catch::Contains("is the input"));
  CHECK(ReadText(cases.string()) == before);

  // Seen: records and output mixed in one file that then failed verify.
  auto rec = RunReferral({"route", "--lang", "en", "--jsonl", cases.string(), "--record", records.string(), "--out", records.string()});
  CHECK(rec.exit_code == 2);
  CHECK_THAT(rec.err, Catch::Contains("is the record file"));
  CHECK_FALSE(fs::exists(records));  // not even created

  // Through a symbolic link, and a hard link.
  fs::create_symlink(cases, dir / "link.jsonl");
  auto sym = RunReferral({"route", "--jsonl", cases.string(), "--out", (dir / "link.jsonl").string()});
  CHECK(sym.exit_code == 2);
  CHECK(ReadText(cases.string()) == before);
  REQUIRE(RunReferral({"route", "--jsonl", cases.string(), "--record", records.string(), "--now",
                       "2026-03-01T10:00:00Z"})
              .exit_code == 0);
  const std::string recorded = ReadText(records.string());
  fs::create_hard_link(records, dir / "hard.jsonl");
  auto hard = RunReferral({"route", "--jsonl", cases.string(), "--record", records.string(), "--out",
                           (dir / "hard.jsonl").string()});
  CHECK(hard.exit_code == 2);
  CHECK(ReadText(records.string()) == recorded);
  // A link to a record file not made yet.
  fs::create_symlink(dir / "new-records.jsonl", dir / "dangling.jsonl");
  auto dangling = RunReferral({"route", "--jsonl", cases.string(), "--record", (dir / "new-records.jsonl").string(),
                               "--out", (dir / "dangling.jsonl").string()});
  CHECK(dangling.exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "new-records.jsonl"));

  // Seen: `report rec.jsonl -o rec.jsonl` replaced the records with the report.
  auto report = RunReferral({"report", records.string(), "-o", records.string()});
  CHECK(report.exit_code == 2);
  CHECK_THAT(report.err, Catch::Contains("es un archivo de registros"));  // report speaks Spanish by default
  CHECK(ReadText(records.string()) == recorded);

  // --record is an output too: over the case, a rule file, the capacity file
  // or the sidecar's token file it would append records to it.
  referral::testing::WriteText(dir / "girl-record.json", Girl());
  auto record_case = RunReferral({"route", "--lang", "en", (dir / "girl-record.json").string(), "--record",
                                  (dir / "girl-record.json").string()});
  CHECK(record_case.exit_code == 2);
  CHECK_THAT(record_case.err, Catch::Contains("--record") && Catch::Contains("is the input"));
  CHECK(ReadText((dir / "girl-record.json").string()) == Girl());
  auto record_rules = referral::testing::CopyOfRules("rules/bogota", "input-contract-record");
  const std::string header = ReadText((record_rules / "ruleset.yaml").string());
  for (const char* command : {"route", "serve"}) {
    INFO(command);
    std::vector<std::string> argv = {command, "--lang", "en", "--rules", record_rules.string(), "--record",
                                     (record_rules / "ruleset.yaml").string()};
    if (std::string(command) == "route") argv.insert(argv.begin() + 1, (dir / "girl-record.json").string());
    auto over_rules = RunReferral(argv);
    CHECK(over_rules.exit_code == 2);
    CHECK_THAT(over_rules.err, Catch::Contains("is a rule file"));
    CHECK(ReadText((record_rules / "ruleset.yaml").string()) == header);
  }
  referral::testing::WriteText(dir / "capacity.json", R"({"JARDIN_SDIS": 3})");
  auto over_capacity = RunReferral({"route", "--lang", "en", (dir / "girl-record.json").string(), "--capacity",
                                    (dir / "capacity.json").string(), "--record", (dir / "capacity.json").string()});
  CHECK(over_capacity.exit_code == 2);
  CHECK_THAT(over_capacity.err, Catch::Contains("is the capacity file"));
  CHECK(ReadText((dir / "capacity.json").string()) == R"({"JARDIN_SDIS": 3})");
  referral::testing::WriteText(dir / "token", "s3cret-token-value-long-enough\n");
  const std::string token = ReadText((dir / "token").string());
  auto over_token = RunReferral({"serve", "--lang", "en", "--token-file", (dir / "token").string(), "--record",
                                 (dir / "token").string()});
  CHECK(over_token.exit_code == 2);
  CHECK_THAT(over_token.err, Catch::Contains("is the token file"));
  CHECK(ReadText((dir / "token").string()) == token);
  // report -o over one of the rule files that name its labels.
  auto report_rules = RunReferral({"report", records.string(), "--rules", record_rules.string(), "-o",
                                   (record_rules / "ruleset.yaml").string()});
  CHECK(report_rules.exit_code == 2);
  CHECK_THAT(report_rules.err, Catch::Contains("es un archivo de reglas"));
  CHECK(ReadText((record_rules / "ruleset.yaml").string()) == header);

  // graph -o over a rule file, or over the case it highlights.
  auto rules = referral::testing::CopyOfRules("rules/bogota", "input-contract-graph");
  const std::string nodes = ReadText((rules / "triaje.yaml").string());
  auto graph = RunReferral({"graph", "--lang", "en", rules.string(), "-o", (rules / "triaje.yaml").string()});
  CHECK(graph.exit_code == 2);
  CHECK_THAT(graph.err, Catch::Contains("is a rule file"));
  CHECK(ReadText((rules / "triaje.yaml").string()) == nodes);
  referral::testing::WriteText(dir / "girl.json", Girl());
  auto highlight = RunReferral({"graph", "--highlight", (dir / "girl.json").string(), "-o", (dir / "girl.json").string()});
  CHECK(highlight.exit_code == 2);
  CHECK(ReadText((dir / "girl.json").string()) == Girl());
}

TEST_CASE("outputs that hold case data are created 0640, as records", "[cli][input][outputs]") {
  auto dir = Fresh("modes");
  referral::testing::WriteText(dir / "cases.jsonl", Girl() + "\n");
  referral::testing::WriteText(dir / "girl.json", Girl());
  REQUIRE(RunReferral({"route", "--jsonl", (dir / "cases.jsonl").string(), "--record", (dir / "rec.jsonl").string(),
                       "--out", (dir / "out.jsonl").string()})
              .exit_code == 0);
  CHECK(Mode(dir / "out.jsonl") == 0640);
  CHECK(Mode(dir / "rec.jsonl") == 0640);
  REQUIRE(RunReferral({"report", (dir / "rec.jsonl").string(), "-o", (dir / "report.md").string()}).exit_code == 0);
  CHECK(Mode(dir / "report.md") == 0640);
  REQUIRE(RunReferral({"graph", "--highlight", (dir / "girl.json").string(), "-o", (dir / "graph.dot").string()})
              .exit_code == 0);
  CHECK(Mode(dir / "graph.dot") == 0640);
}

TEST_CASE("the sidecar answers every invalid field and refuses a future evaluation date", "[cli][input][serve]") {
  Background process({"serve", "--listen", "127.0.0.1:0", "--quiet"});
  const std::string line = process.ReadLine();
  INFO(process.Stderr());
  REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
  httplib::Client client("127.0.0.1", std::stoi(line.substr(line.rfind(':') + 1)));
  client.set_read_timeout(10, 0);

  std::string text = Open() + R"(,"colour":1,"pregnant":"no"})";
  text.replace(text.find(R"("months_in_bogota": 1,)"), 22, R"("months_in_bogota": "1",)");
  auto r = client.Post("/v1/decide", text, "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  auto body = json::parse(r->body);
  REQUIRE(body["errors"].size() == 3);
  CHECK(body["error"]["code"] == body["errors"][0]["code"]);
  CHECK(body["error"]["field"] == "colour");
  // No ?lang and no Accept-Language: the rule set's language (Bogotá: es).
  CHECK(body["errors"][1]["message"] ==
        "campo `months_in_bogota`: se esperaba un número entero mayor o igual a 0; se recibió el texto \"1\"");
  auto en = client.Post("/v1/decide?lang=en", text, "application/json");
  REQUIRE(en);
  CHECK(json::parse(en->body)["errors"][1]["message"] ==
        "field `months_in_bogota`: expected an integer >= 0; got the string \"1\"");

  auto future = client.Post("/v1/decide", WithDates("2999-03-01", "2996-01-01"), "application/json");
  REQUIRE(future);
  CHECK(future->status == 400);
  CHECK(json::parse(future->body)["error"]["code"] == "case.future_evaluation_date");

  auto batch = client.Post("/v1/decide/batch", text + "\n" + Girl() + "\n", "application/x-ndjson");
  REQUIRE(batch);
  auto lines = Lines(batch->body);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["errors"].size() == 3);
  CHECK(json::parse(lines[1])["outcome"] == "referred");

  // In Spanish: `?lang=es`, or an Accept-Language that prefers it.
  auto es = client.Post("/v1/decide?lang=es", text, "application/json");
  REQUIRE(es);
  CHECK(es->status == 400);
  CHECK(json::parse(es->body)["errors"][1]["message"] ==
        "campo `months_in_bogota`: se esperaba un número entero mayor o igual a 0; se recibió el texto \"1\"");
  httplib::Headers accept = {{"Accept-Language", "es-CO,es;q=0.9,en;q=0.8"}};
  auto by_header = client.Post("/v1/explain", accept, text, "application/json");
  REQUIRE(by_header);
  CHECK(json::parse(by_header->body)["errors"] == json::parse(es->body)["errors"]);
  auto es_batch = client.Post("/v1/decide/batch?lang=es", text + "\n", "application/x-ndjson");
  REQUIRE(es_batch);
  CHECK(json::parse(Lines(es_batch->body).at(0))["errors"] == json::parse(es->body)["errors"]);
  auto bad_lang = client.Post("/v1/decide?lang=fr", text, "application/json");
  REQUIRE(bad_lang);
  CHECK(bad_lang->status == 400);
  CHECK(json::parse(bad_lang->body)["error"]["code"] == "http.bad_param");
}

}  // namespace
