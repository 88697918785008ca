// `referral workbench` end to end, below the page: the real program on a free
// loopback port and real HTTP requests to the JSON its pages read. What a
// person sees in the browser is tests/workbench/workbench_browser.py's.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using referral::testing::Background;
using referral::testing::CopyOfRules;
using referral::testing::CopyOfRulesWithTests;
using referral::testing::FreshDir;
using referral::testing::Lines;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;
using referral::testing::WriteText;

namespace {

const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";

struct Workbench {
  explicit Workbench(std::vector<std::string> args) : process(Args(std::move(args))) {
    const std::string line = process.ReadLine();
    INFO(process.Stderr());
    const size_t at = line.find("http://127.0.0.1:");
    REQUIRE(at != std::string::npos);
    port = std::stoi(line.substr(at + 17));
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_read_timeout(60, 0);
  }
  static std::vector<std::string> Args(std::vector<std::string> extra) {
    std::vector<std::string> args = {"workbench", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  json Get(const std::string& path, int want = 200) {
    auto r = client->Get(path);
    REQUIRE(r);
    INFO(path << ": " << r->body);
    CHECK(r->status == want);
    return json::parse(r->body);
  }
  json Post(const std::string& path, const std::string& body, int want = 200) {
    auto r = client->Post(path, body, "application/json");
    REQUIRE(r);
    INFO(path << ": " << r->body);
    CHECK(r->status == want);
    return json::parse(r->body);
  }
  Background process;
  int port = 0;
  std::unique_ptr<httplib::Client> client;
};

std::string Undated(const std::string& text) {
  static const std::regex kDeadline(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC[^)]*\))");
  return std::regex_replace(text, kDeadline, "<deadline>");
}

std::vector<std::string> ServicesOf(const json& decision) {
  std::vector<std::string> out;
  for (const auto& r : decision["referrals"]) out.push_back(r["service"]);
  return out;
}

}  // namespace

TEST_CASE("the workbench decides a case as `referral explain` does, with its graph and a why-not answer",
          "[workbench]") {
  Workbench wb({"rules/bogota"});
  json state = wb.Get("/api/state");
  CHECK(state["ok"] == true);
  CHECK(state["ruleset"]["id"] == "bogota");
  CHECK(state["lang"] == "es");

  // The form: one field per input fact, enum values with their labels.
  json form = wb.Get("/api/form");
  bool saw_nationality = false;
  for (const auto& f : form["facts"]) {
    CHECK(f["id"] != "age_months");  // derived: computed, never asked
    if (f["id"] != "nationality") continue;
    saw_nationality = true;
    CHECK(f["type"] == "enum");
    CHECK(f["required"] == false);
    CHECK(f["values"][1]["value"] == "venezolana");
    CHECK(!f["values"][1]["label"].get<std::string>().empty());
  }
  CHECK(saw_nationality);

  const std::string girl = ReadText(SourcePath(kGirl));
  json decided = wb.Post("/api/decide", girl);
  auto cli = RunReferral({"explain", "--rules", "rules/bogota", kGirl, "--format", "json"});
  REQUIRE(cli.exit_code == 0);
  json expected = json::parse(cli.out);
  CHECK(ServicesOf(decided["decision"]) == ServicesOf(expected));
  CHECK(decided["decision"]["summary"]["headline"] == expected["summary"]["headline"]);
  // The explanation is the command's, word for word (but the deadlines: each
  // read the clock, and a minute may turn between them).
  auto text = RunReferral({"explain", "--rules", "rules/bogota", kGirl});
  CHECK(Undated(decided["decision"]["explanation"]) == Undated(text.out));
  CHECK(Undated(expected["explanation"]) == Undated(text.out));
  REQUIRE(decided["svg"].is_string());
  CHECK(decided["svg"].get<std::string>().find("<svg") != std::string::npos);

  // A why-not without a service, or of a service the rules do not have.
  CHECK(wb.Post("/api/whynot", girl, 400)["error"]["field"] == "service");
  CHECK(wb.Post("/api/whynot?service=NO_SUCH", girl, 400)["error"]["code"] == "whynot.unknown_service");
  json why = wb.Post("/api/whynot?service=ICBF_PARD", girl);
  auto cli_why = RunReferral({"explain", "--rules", "rules/bogota", kGirl, "--why-not", "ICBF_PARD"});
  CHECK(why["text"] == cli_why.out);

  // A refused case: every problem, with the field it is about.
  json refused = wb.Post("/api/decide", R"({"case_id": "x", "nationality": "marciana"})", 400);
  bool named = false;
  for (const auto& e : refused["errors"]) named = named || e["field"] == "nationality";
  CHECK(named);

  // English on request.
  CHECK(wb.Get("/api/state?lang=en")["lang"] == "en");
  json english = wb.Post("/api/decide?lang=en", girl);
  CHECK(english["decision"]["summary"]["headline"].get<std::string>().rfind("Refer", 0) == 0);
}

TEST_CASE("the workbench shows a broken rule file's diagnostics at file:line and recovers when it is fixed",
          "[workbench]") {
  const fs::path rules = CopyOfRules("rules/example", "workbench-broken");
  Workbench wb({rules.string()});
  REQUIRE(wb.Get("/api/state")["ok"] == true);
  const fs::path file = rules / "services.yaml";
  const std::string good = ReadText(file.string());
  REQUIRE(fs::exists(file));
  WriteText(file, good + "\nnot_a_key: 1\n");
  json state = wb.Get("/api/state");
  CHECK(state["ok"] == false);
  CHECK(state["generation"] == 2);
  // The same lines `referral check` prints.
  auto check = RunReferral({"check", rules.string()});
  REQUIRE(!state["diagnostics"].empty());
  const std::string first = state["diagnostics"][0]["text"];
  CHECK(check.out.find(first) != std::string::npos);
  CHECK(first.find("services.yaml:") != std::string::npos);
  // The pages that need the rules say why they cannot answer.
  json refused = wb.Get("/api/form", 409);
  CHECK(refused["error"]["code"] == "workbench.rules_invalid");
  // Nothing was written to the rule folder.
  CHECK(ReadText(file.string()) == good + "\nnot_a_key: 1\n");
  WriteText(file, good);
  CHECK(wb.Get("/api/state")["ok"] == true);
  wb.Get("/api/form");
}

TEST_CASE("the workbench lists findings with example cases, tests with coverage, and a diff", "[workbench]") {
  const fs::path rules = CopyOfRulesWithTests("rules/example", "workbench-pages");
  Workbench wb({rules.string(), "--compare", SourcePath("rules/example")});
  json analysis = wb.Get("/api/analyze");
  auto cli = RunReferral({"analyze", rules.string(), "--format", "json"});
  CHECK(analysis == json::parse(cli.out));
  bool example = false;
  for (const auto& f : analysis["findings"]) example = example || f["example_case"].is_object();
  CHECK(example);

  json tests = wb.Get("/api/tests");
  CHECK(tests["passed"].get<int>() > 0);
  CHECK(tests["coverage"]["rules_total"].get<int>() > 0);

  json same = wb.Get("/api/diff");
  CHECK(same["changed"] == 0);
  CHECK(same["base"]["path"] == SourcePath("rules/example"));

  // Rules to compare with that do not load: the page says which file, where.
  const fs::path broken = CopyOfRules("rules/example", "workbench-compare-broken");
  WriteText(broken / "services.yaml", ReadText((broken / "services.yaml").string()) + "\nnot_a_key: 1\n");
  Workbench other({rules.string(), "--compare", broken.string()});
  json refused = other.Get("/api/diff", 409);
  CHECK(refused["error"]["code"] == "workbench.compare_invalid");
  CHECK(refused["error"]["message"].get<std::string>().find("services.yaml:") != std::string::npos);
}

TEST_CASE("the workbench gives an overlay's own tests as `referral test` does, and its base's apart as `--inherit`",
          "[workbench]") {
  Workbench wb({"rules/maicao"});
  json tests = wb.Get("/api/tests");
  json own = json::parse(RunReferral({"test", "rules/maicao", "--format", "json"}).out);
  CHECK(tests["passed"] == own["passed"]);
  CHECK(tests["failed"] == own["failed"]);
  json all = json::parse(RunReferral({"test", "rules/maicao", "--inherit", "--format", "json"}).out);
  REQUIRE(tests.contains("inherited"));
  CHECK(tests["inherited"]["from"] == "rules/bogota");
  CHECK(tests["passed"].get<int>() + tests["inherited"]["passed"].get<int>() == all["passed"].get<int>());
  CHECK(tests["failed"].get<int>() + tests["inherited"]["failed"].get<int>() == all["failed"].get<int>());
}

TEST_CASE("the workbench verifies a record file, explains a decision from its record, and names a tampered line",
          "[workbench]") {
  const fs::path dir = FreshDir("workbench", "records");
  const fs::path records = dir / "records.jsonl";
  auto routed = RunReferral({"route", "--rules", "rules/bogota", kGirl, "--record", records.string()});
  REQUIRE(routed.exit_code == 0);
  const std::string id = json::parse(routed.out)["decision_id"];
  {
    Workbench wb({"rules/bogota", "--records", records.string()});
    json list = wb.Get("/api/records");
    CHECK(list["verify"]["ok"] == true);
    REQUIRE(list["decisions"].size() == 1);
    CHECK(list["decisions"][0]["decision_id"] == id);
    json replay = wb.Get("/api/records/explain?id=" + id);
    CHECK(replay["line"] == 1);
    CHECK(ServicesOf(replay["decision"]) == ServicesOf(json::parse(routed.out)));
    // What to do is as the case was explained (deadlines from the recorded
    // time). Why differs where the record holds less: a fact the case left
    // out is recorded with the value assumed, so the replay reads it as given.
    const std::string replayed = replay["decision"]["explanation"];
    const std::string original = RunReferral({"explain", "--rules", "rules/bogota", kGirl}).out;
    const auto what_to_do = [](const std::string& text) { return Undated(text.substr(0, text.find("\nPor qué:"))); };
    CHECK(replayed.rfind("Caso muestra-nina-venezolana-3 — ", 0) == 0);
    CHECK(what_to_do(replayed) == what_to_do(original));
    CHECK(replayed.find("familia estabilizada: no\n") != std::string::npos);
    wb.Get("/api/records/explain?id=nope", 404);
  }
  // Tamper with the record: the page's verification names its line.
  std::string text = ReadText(records.string());
  const size_t at = text.find("SDIS_JARDIN_DIURNO");
  REQUIRE(at != std::string::npos);
  text.replace(at, 18, "SDIS_JARDIN_NOCTUR");
  WriteText(records, text);
  Workbench wb({"rules/bogota", "--records", records.string()});
  json list = wb.Get("/api/records");
  CHECK(list["verify"]["ok"] == false);
  REQUIRE(!list["verify"]["problems"].empty());
  CHECK(list["verify"]["problems"][0]["line"] == 1);
}

TEST_CASE("the workbench compares with an archived rule set and replays records of an archived digest",
          "[workbench]") {
  const fs::path dir = FreshDir("workbench", "archive");
  auto archived = RunReferral({"archive", "rules/example", (dir / "archive").string()});
  REQUIRE(archived.exit_code == 0);
  const std::string digest = archived.out.substr(archived.out.rfind(' ') + 1, 64);
  // A decision of the archived version, recorded.
  auto analysis = json::parse(RunReferral({"analyze", "rules/example", "--format", "json"}).out);
  json example;
  for (const auto& f : analysis["findings"]) {
    if (f["example_case"].is_object()) example = f["example_case"];
  }
  REQUIRE(example.is_object());
  const fs::path records = dir / "records.jsonl";
  auto routed = RunReferral({"route", "--rules", "rules/example", "-", "--record", records.string()}, example.dump());
  REQUIRE(routed.exit_code == 0);
  const std::string id = json::parse(routed.out)["decision_id"];
  // The rules now: a new version of the same routes.
  const fs::path rules = CopyOfRules("rules/example", "workbench-archive");
  referral::testing::SetRulesetVersion(rules, "1.0.1");
  {
    Workbench wb({rules.string(), "--records", records.string()});
    json refused = wb.Get("/api/records/explain?id=" + id, 409);
    CHECK(refused["error"]["message"].get<std::string>().find(digest) != std::string::npos);
    CHECK(wb.Get("/api/records")["verify"]["problems"][0]["code"] == "record.unknown_digest");
  }
  Workbench wb({rules.string(), "--records", records.string(), "--archive", (dir / "archive").string(), "--compare",
                (dir / "archive" / digest).string()});
  json replay = wb.Get("/api/records/explain?id=" + id);
  CHECK(replay["ruleset"]["digest"] == digest);
  CHECK(replay["ruleset"]["version"] == "1.0.0");
  CHECK(wb.Get("/api/records")["verify"]["ok"] == true);
  json diff = wb.Get("/api/diff");
  CHECK(diff["base"]["digest"] == digest);
  CHECK(diff["head"]["version"] == "1.0.1");
  CHECK(diff["changed"] == 0);
}

TEST_CASE("the workbench refuses a token-less address beyond loopback, asks for its token, and serves no other path",
          "[workbench]") {
  auto wide = RunReferral({"workbench", "--listen", "0.0.0.0:0", "rules/example"});
  CHECK(wide.exit_code == 2);
  CHECK(wide.err.find("--token-file") != std::string::npos);
  auto missing = RunReferral({"workbench", "rules/example", "--records", "/nonexistent/records.jsonl"});
  CHECK(missing.exit_code != 0);
  CHECK(missing.err.find("/nonexistent/records.jsonl") != std::string::npos);

  {
    // Without a token, a page of another name (DNS rebinding) is refused.
    Workbench open({"rules/example"});
    auto rebound = open.client->Get("/api/state", {{"Host", "attacker.example:8090"}});
    REQUIRE(rebound);
    CHECK(rebound->status == 403);
    auto local = open.client->Get("/api/state", {{"Host", "localhost:" + std::to_string(open.port)}});
    REQUIRE(local);
    CHECK(local->status == 200);
  }
  const fs::path dir = FreshDir("workbench", "token");
  WriteText(dir / "token", "s3cret\n");
  Workbench wb({"rules/example", "--token-file", (dir / "token").string()});
  auto page = wb.client->Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);  // the page holds no case data
  CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
  CHECK(wb.Get("/api/state", 401)["error"]["code"] == "http.unauthorized");
  httplib::Headers auth = {{"Authorization", "Bearer s3cret"}};
  auto ok = wb.client->Get("/api/state", auth);
  REQUIRE(ok);
  CHECK(ok->status == 200);
  auto other = wb.client->Get("/../etc/passwd", auth);
  REQUIRE(other);
  CHECK(other->status == 404);
  auto wrong = wb.client->Post("/api/form", auth, "{}", "application/json");
  REQUIRE(wrong);
  CHECK(wrong->status == 405);
}
