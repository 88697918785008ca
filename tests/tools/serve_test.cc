// `referral serve` end to end: the real program on a free loopback port, real
// HTTP requests (cpp-httplib's client): every endpoint, every error,
// concurrent clients, and reloads while requests are in flight.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using referral::testing::Background;
using referral::testing::CopyOfRules;
using referral::testing::SetRulesetVersion;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;

namespace {
// An explanation with its deadlines blanked: the sidecar and the program each
// read the clock, and a minute may turn between them.
std::string Undated(const std::string& text) {
  static const std::regex kDeadline(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC[^)]*\))");
  return std::regex_replace(text, kDeadline, "<deadline>");
}
}  // namespace

namespace {

const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";

// A running sidecar and a client for it.
struct Served {
  explicit Served(std::vector<std::string> extra = {}) : process(Args(std::move(extra))) {
    std::string line = process.ReadLine();
    INFO(process.Stderr());
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    port = std::stoi(line.substr(line.rfind(':') + 1));
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_read_timeout(10, 0);
  }
  static std::vector<std::string> Args(std::vector<std::string> extra) {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  httplib::Client& operator*() { return *client; }
  Background process;
  int port = 0;
  std::unique_ptr<httplib::Client> client;
};

std::string OneLine(const std::string& path) {
  std::string text = ReadText(SourcePath(path));
  text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
  return text;
}

json ErrorOf(const httplib::Result& r) {
  REQUIRE(r);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  return json::parse(r->body)["error"];
}

// Polls /v1/ruleset until `pred` holds (or ten seconds pass).
json WaitForRuleset(httplib::Client& c, const std::function<bool(const json&)>& pred) {
  json j;
  for (int i = 0; i < 200; ++i) {
    auto r = c.Get("/v1/ruleset");
    if (r && r->status == 200) {
      j = json::parse(r->body);
      if (pred(j)) return j;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return j;
}

}  // namespace

TEST_CASE("serve: /v1/decide, /v1/decide/batch and /v1/explain answer exactly as the program does", "[cli][serve]") {
  Served s;
  const std::string girl = ReadText(SourcePath(kGirl));

  auto r = (*s).Post("/v1/decide", girl, "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == RunReferral({"route", kGirl}).out);

  auto off = (*s).Post("/v1/decide?trace=off", girl, "application/json");
  REQUIRE(off);
  CHECK(off->body == RunReferral({"route", kGirl, "--trace", "off"}).out);

  const std::string batch = OneLine(kGirl) + "\n{not json\n\n" + OneLine(kGirl) + "\n";
  auto b = (*s).Post("/v1/decide/batch", batch, "application/x-ndjson");
  REQUIRE(b);
  CHECK(b->status == 200);
  CHECK(b->body == RunReferral({"route", "--jsonl", "-"}, batch).out);
  CHECK(referral::testing::Lines(b->body).size() == 4);  // one line per line, broken ones too

  auto e = (*s).Post("/v1/explain?lang=es", girl, "application/json");
  REQUIRE(e);
  CHECK(e->status == 200);
  CHECK(Undated(e->body) == Undated(RunReferral({"explain", kGirl, "--lang", "es"}).out));
  CHECK(Undated(e->body) != e->body);  // it has deadlines
  auto ej = (*s).Post("/v1/explain?lang=en&format=json", girl, "application/json");
  REQUIRE(ej);
  CHECK(Undated(json::parse(ej->body)["explanation"]) == Undated(RunReferral({"explain", kGirl, "--lang", "en"}).out));
  // `detail=true` is `explain --detail`; anything but true or false is refused.
  auto detail = (*s).Post("/v1/explain?lang=es&detail=true", girl, "application/json");
  REQUIRE(detail);
  CHECK(detail->status == 200);
  CHECK_THAT(detail->body, Catch::Contains("Detalle técnico"));
  CHECK(Undated(detail->body) == Undated(RunReferral({"explain", kGirl, "--lang", "es", "--detail"}).out));
  CHECK_THAT(e->body, !Catch::Contains("Detalle técnico"));
  auto bad = (*s).Post("/v1/explain?detail=si", girl, "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(json::parse(bad->body)["error"]["field"] == "detail");
}

TEST_CASE("serve: /v1/ruleset, /healthz and /metrics", "[cli][serve]") {
  Served s;
  auto check = json::parse(RunReferral({"check", "rules/bogota", "--format", "json"}).out);
  auto r = (*s).Get("/v1/ruleset");
  REQUIRE(r);
  auto j = json::parse(r->body);
  CHECK(j["id"] == "bogota");
  CHECK(j["digest"] == check["ruleset"]["digest"]);
  CHECK(j["last_reload"]["ok"] == true);
  CHECK_FALSE(j["loaded_at"].get<std::string>().empty());

  auto h = (*s).Get("/healthz");
  REQUIRE(h);
  CHECK(h->status == 200);
  CHECK(json::parse(h->body)["status"] == "ok");

  (*s).Post("/v1/decide", ReadText(SourcePath(kGirl)), "application/json");
  (*s).Post("/v1/decide", "{\"case_id\": \"x\"}", "application/json");
  auto m = (*s).Get("/metrics");
  REQUIRE(m);
  CHECK_THAT(m->body, Catch::Contains("referral_ruleset_info{id=\"bogota\",version=\"" +
                                      check["ruleset"]["version"].get<std::string>() + "\",digest=\"" +
                                      check["ruleset"]["digest"].get<std::string>() + "\"} 1"));
  CHECK_THAT(m->body, Catch::Contains("referral_decisions_total{outcome=\"referred\"} 1"));
  CHECK_THAT(m->body, Catch::Contains("referral_errors_total{code=\"case.missing_field\"} 1"));
  CHECK_THAT(m->body, Catch::Contains("referral_decision_duration_seconds_count 1"));
  CHECK_THAT(m->body, Catch::Contains("# TYPE referral_decision_duration_seconds histogram"));
}

TEST_CASE("serve: every bad request gets a 4xx with a JSON error, and the server keeps serving", "[cli][serve]") {
  Served s({"--max-body", "4096"});
  auto unknown = (*s).Post("/v1/decide", "{\"case_id\": \"x\", \"nacionalidad\": \"venezolana\"}", "application/json");
  CHECK(unknown->status == 400);
  auto err = ErrorOf(unknown);
  CHECK(err["code"] == "case.unknown_field");
  CHECK(err["field"] == "nacionalidad");
  CHECK_THAT(err["message"].get<std::string>(), Catch::Contains("nationality"));

  auto broken = (*s).Post("/v1/decide", "{\"case_id\": ", "application/json");
  CHECK(broken->status == 400);
  CHECK(ErrorOf(broken)["code"] == "case.bad_json");

  auto empty = (*s).Post("/v1/decide", "", "application/json");
  CHECK(empty->status == 400);
  CHECK(ErrorOf(empty)["code"] == "case.bad_json");

  auto trace = (*s).Post("/v1/decide?trace=everything", ReadText(SourcePath(kGirl)), "application/json");
  CHECK(trace->status == 400);
  CHECK(ErrorOf(trace)["field"] == "trace");

  auto lang = (*s).Post("/v1/explain?lang=fr", ReadText(SourcePath(kGirl)), "application/json");
  CHECK(lang->status == 400);
  CHECK(ErrorOf(lang)["field"] == "lang");

  auto big = (*s).Post("/v1/decide", std::string(10000, ' '), "application/json");
  CHECK(big->status == 413);
  CHECK(ErrorOf(big)["code"] == "http.body_too_large");

  auto missing = (*s).Get("/v2/decide");
  CHECK(missing->status == 404);
  CHECK(ErrorOf(missing)["code"] == "http.not_found");

  auto method = (*s).Get("/v1/decide");
  CHECK(method->status == 405);
  CHECK(method->get_header_value("Allow") == "POST");
  CHECK(ErrorOf(method)["code"] == "http.method_not_allowed");

  auto post_health = (*s).Post("/healthz", "", "text/plain");
  CHECK(post_health->status == 405);

  auto still = (*s).Post("/v1/decide", ReadText(SourcePath(kGirl)), "application/json");
  REQUIRE(still);
  CHECK(still->status == 200);
  CHECK(s.process.Stop() == 0);  // SIGTERM: a clean stop
}

TEST_CASE("serve: a bearer token guards every endpoint but /healthz", "[cli][serve]") {
  fs::path token = fs::temp_directory_path() / ("referral-token-" + std::to_string(::getpid()));
  std::ofstream(token) << "s3cret-token\n";
  Served s({"--token-file", token.string()});
  auto none = (*s).Post("/v1/decide", ReadText(SourcePath(kGirl)), "application/json");
  CHECK(none->status == 401);
  CHECK(ErrorOf(none)["code"] == "http.unauthorized");
  httplib::Headers wrong = {{"Authorization", "Bearer s3cret-tokeN"}};
  CHECK((*s).Get("/v1/ruleset", wrong)->status == 401);
  CHECK((*s).Get("/metrics")->status == 401);
  CHECK((*s).Get("/healthz")->status == 200);
  httplib::Headers right = {{"Authorization", "Bearer s3cret-token"}};
  auto ok = (*s).Post("/v1/decide", right, ReadText(SourcePath(kGirl)), "application/json");
  CHECK(ok->status == 200);
  CHECK_THAT(s.process.Stderr(), !Catch::Contains("s3cret"));
  fs::remove(token);
}

TEST_CASE("serve: refuses to start on bad flags, missing tokens and non-loopback addresses without a token",
          "[cli][serve]") {
  auto remote = RunReferral({"serve", "--listen", "0.0.0.0:0"});
  CHECK(remote.exit_code == 2);
  CHECK_THAT(remote.err, Catch::Contains("--token-file"));
  auto listen = RunReferral({"serve", "--listen", "localhost:http"});
  CHECK(listen.exit_code == 2);
  auto token = RunReferral({"serve", "--listen", "127.0.0.1:0", "--token-file", "/nonexistent/token"});
  CHECK(token.exit_code == 1);
  auto rules = RunReferral({"serve", "--listen", "127.0.0.1:0", "--rules", "tests/fixtures/broken_rules/01_yaml_syntax.yaml"});
  CHECK(rules.exit_code == 3);
}

TEST_CASE("serve: concurrent clients all get their decisions, and the access log holds no case data",
          "[cli][serve]") {
  Served s({"--threads", "4"});
  const std::string girl = ReadText(SourcePath(kGirl));
  const std::string expected = RunReferral({"route", kGirl, "--trace", "rules"}).out;
  std::atomic<int> good{0}, bad{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", s.port);
      for (int i = 0; i < 40; ++i) {
        auto r = c.Post("/v1/decide?trace=rules", girl, "application/json");
        (r && r->status == 200 && r->body == expected ? good : bad)++;
      }
    });
  }
  for (auto& t : clients) t.join();
  CHECK(good == 240);
  CHECK(bad == 0);
  const std::string log = s.process.Stderr();
  CHECK_THAT(log, Catch::Contains("POST /v1/decide 200"));
  CHECK_THAT(log, !Catch::Contains("muestra-nina-venezolana-3"));  // the case id
  CHECK_THAT(log, !Catch::Contains("venezolana"));
}

TEST_CASE("serve: reloads on a changed file and on SIGHUP while serving, and a broken version is refused",
          "[cli][serve]") {
  fs::path dir = CopyOfRules("rules/bogota", "serve-reload");
  Served s({"--rules", dir.string(), "--poll", "0.1", "--threads", "4"});
  const std::string first = json::parse((*s).Get("/v1/ruleset")->body)["digest"];
  const std::string girl = ReadText(SourcePath(kGirl));

  std::atomic<bool> stop{false};
  std::atomic<int> failed{0};
  std::mutex mu;
  std::set<std::string> digests;
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t) {
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", s.port);
      while (!stop) {
        auto r = c.Post("/v1/decide?trace=off", girl, "application/json");
        if (!r || r->status != 200) {
          ++failed;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        digests.insert(json::parse(r->body)["ruleset"]["digest"].get<std::string>());
      }
    });
  }

  SetRulesetVersion(dir, "reload-1");
  json after = WaitForRuleset(*s, [&](const json& j) { return j["digest"] != first; });
  const std::string second = after["digest"];
  CHECK(second != first);
  CHECK(after["version"] == "reload-1");

  // A broken version: refused, visible, and the good rules keep serving.
  std::ofstream(dir / "zz_broken.yaml") << "nodes: {triaje: {hit: sometimes}}\n";
  json refused = WaitForRuleset(*s, [](const json& j) { return j["last_reload"]["ok"] == false; });
  CHECK(refused["last_reload"]["code"] == "ruleset.invalid");
  CHECK_FALSE(refused["last_reload"]["diagnostics"].empty());
  CHECK(refused["digest"] == second);

  // Fixed again, and SIGHUP reloads at once even with nothing new on disk.
  fs::remove(dir / "zz_broken.yaml");
  json fixed = WaitForRuleset(*s, [](const json& j) { return j["last_reload"]["ok"] == true; });
  const auto generation = fixed["generation"].get<int>();
  s.process.Signal(SIGHUP);
  json hup = WaitForRuleset(*s, [&](const json& j) { return j["generation"].get<int>() > generation; });
  CHECK(hup["digest"] == second);

  stop = true;
  for (auto& t : clients) t.join();
  CHECK(failed == 0);
  for (const auto& d : digests) CHECK((d == first || d == second));
  const std::string log = s.process.Stderr();
  CHECK_THAT(log, Catch::Contains("refused the new rules"));
  CHECK_THAT(log, Catch::Contains("zz_broken.yaml"));
  fs::remove_all(dir);
}

TEST_CASE("serve: a reload to rules that are not UTF-8 is refused at the byte, and decisions go on",
          "[cli][serve][encoding]") {
  // A because-text of a rule the girl's case fires, saved as Latin-1: it used
  // to load, and then /v1/decide and /v1/decide/batch answered 500.
  fs::path dir = CopyOfRules("rules/bogota", "serve-encoding");
  Served s({"--rules", dir.string(), "--poll", "0.1"});
  const std::string digest = json::parse((*s).Get("/v1/ruleset")->body)["digest"];
  const std::string file = (dir / "complementos.yaml").string();
  std::string text = ReadText(file);
  const std::string word = "orientación para el registro civil";
  const size_t at = text.find(word);
  REQUIRE(at != std::string::npos);
  text.replace(at, word.size(), "orientaci\xf3n para el registro civil");
  const size_t byte = text.find('\xf3');
  const long line = std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n') + 1;
  const long column = static_cast<long>(byte - text.rfind('\n', byte));
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;

  json refused = WaitForRuleset(*s, [](const json& j) { return j["last_reload"]["ok"] == false; });
  INFO(refused.dump());
  // The old rules keep deciding.
  const std::string girl = OneLine(kGirl);
  auto one = (*s).Post("/v1/decide", girl, "application/json");
  REQUIRE(one);
  CHECK(one->status == 200);
  CHECK(json::parse(one->body)["ruleset"]["digest"] == digest);
  auto batch = (*s).Post("/v1/decide/batch", girl + "\n" + girl + "\n", "application/x-ndjson");
  REQUIRE(batch);
  CHECK(batch->status == 200);
  CHECK(referral::testing::Lines(batch->body).size() == 2);
  auto explain = (*s).Post("/v1/explain?format=json", girl, "application/json");
  REQUIRE(explain);
  CHECK(explain->status == 200);

  CHECK(refused["last_reload"]["ok"] == false);
  CHECK(refused["last_reload"]["code"] == "ruleset.invalid");
  CHECK(refused["digest"] == digest);
  REQUIRE(refused["last_reload"]["diagnostics"].size() == 1);
  const json& d = refused["last_reload"]["diagnostics"][0];
  CHECK(d["code"] == "file.bad_encoding");
  CHECK(d["file"] == file);
  CHECK(d["line"] == line);
  CHECK(d["column"] == column);
  fs::remove_all(dir);
}

TEST_CASE("serve --record writes decision records that verify", "[cli][serve]") {
  fs::path records = fs::temp_directory_path() / ("referral-serve-records-" + std::to_string(::getpid()) + ".jsonl");
  fs::remove(records);
  {
    Served s({"--record", records.string()});
    const std::string girl = ReadText(SourcePath(kGirl));
    CHECK((*s).Post("/v1/decide", girl, "application/json")->status == 200);
    CHECK((*s).Post("/v1/decide/batch", OneLine(kGirl) + "\n" + OneLine(kGirl) + "\n", "application/x-ndjson")
              ->status == 200);
    CHECK((*s).Post("/v1/decide", "{\"case_id\": \"bad\"}", "application/json")->status == 400);
    CHECK(s.process.Stop() == 0);
  }
  CHECK(referral::testing::Lines(ReadText(records.string())).size() == 3);  // rejected cases are not decisions
  auto verify = RunReferral({"verify", records.string(), "--rules", "rules/bogota"});
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  fs::remove(records);
}
