// `referral serve` as an integrator and an operator meet it (issue 16, item
// 4 and the access log of item 3): every answer carries a request id, the
// access log names routes (never the raw path) with that id, unknown query
// values are refused, and /readyz says whether the record file can be written.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using referral::testing::Background;
using referral::testing::ReadText;
using referral::testing::SourcePath;

namespace {

const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";

// The port a just-started `serve` listens on.
int PortOf(Background& process) {
  const std::string line = process.ReadLine();
  INFO(process.Stderr());
  REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
  return std::stoi(line.substr(line.rfind(':') + 1));
}

// The access log lines so far (stderr holds only the log once listening).
std::string LogAfter(Background& process, const std::string& marker) {
  for (int i = 0; i < 500; ++i) {  // the log line is written after the answer (10 s on a loaded machine)
    if (process.Stderr().find(marker) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return process.Stderr();
}

}  // namespace

TEST_CASE("serve: every answer carries a request id, echoed when sent and logged", "[cli][serve][http]") {
  Background process({"serve", "--listen", "127.0.0.1:0", "--max-body", "4096"});
  httplib::Client client("127.0.0.1", PortOf(process));
  client.set_read_timeout(10, 0);
  const std::string girl = ReadText(SourcePath(kGirl));

  auto sent = client.Post("/v1/decide", {{"X-Request-Id", "primero-42.a:b_c"}}, girl, "application/json");
  REQUIRE(sent);
  CHECK(sent->status == 200);
  CHECK(sent->get_header_value("X-Request-Id") == "primero-42.a:b_c");

  // Generated when absent, or when what was sent cannot be logged as is.
  const std::regex generated("[0-9a-f]{32}");
  auto none = client.Get("/healthz");
  REQUIRE(none);
  CHECK(std::regex_match(none->get_header_value("X-Request-Id"), generated));
  auto forged = client.Get("/healthz", {{"X-Request-Id", "x y\x1b[31m"}});
  REQUIRE(forged);
  CHECK(std::regex_match(forged->get_header_value("X-Request-Id"), generated));
  CHECK(none->get_header_value("X-Request-Id") != forged->get_header_value("X-Request-Id"));

  // Refusals too: unknown path, wrong method, a body over the limit, a bad case.
  auto missing = client.Get("/v1/nope", {{"X-Request-Id", "r-404"}});
  auto method = client.Get("/v1/decide", {{"X-Request-Id", "r-405"}});
  auto large = client.Post("/v1/decide", {{"X-Request-Id", "r-413"}}, std::string(5000, ' '), "application/json");
  auto bad = client.Post("/v1/decide", {{"X-Request-Id", "r-400"}}, "{", "application/json");
  for (const auto& [r, id, status] : {std::tuple{&missing, "r-404", 404}, std::tuple{&method, "r-405", 405},
                                      std::tuple{&large, "r-413", 413}, std::tuple{&bad, "r-400", 400}}) {
    REQUIRE(*r);
    CHECK((*r)->status == status);
    CHECK((*r)->get_header_value("X-Request-Id") == id);
  }

  const std::string log = LogAfter(process, "id=r-400");
  CHECK_THAT(log, Catch::Contains("POST /v1/decide 200") && Catch::Contains("id=primero-42.a:b_c"));
  CHECK_THAT(log, Catch::Contains("GET (unknown) 404") && Catch::Contains("id=r-404"));
  CHECK_THAT(log, Catch::Contains("id=r-413"));
  // Seen: a refused request logged a duration of 1,740,269,957 ms.
  std::smatch m;
  std::string rest = log;
  while (std::regex_search(rest, m, std::regex(R"(([0-9]+)\.[0-9]{3}ms)"))) {
    CHECK(std::stol(m[1]) < 10000);
    rest = m.suffix();
  }
}

TEST_CASE("serve: the access log names the route, never the raw path", "[cli][serve][http]") {
  // Seen: `%0A` forged a log line, `%1b[31m` reached the terminal, and a path
  // holding a case id leaked it.
  Background process({"serve", "--listen", "127.0.0.1:0"});
  httplib::Client client("127.0.0.1", PortOf(process));
  client.set_read_timeout(10, 0);
  auto forged = client.Get("/v1/x%0A2026-12-03%20INFO%20forged%1b[31m-caso-secreto-77");
  REQUIRE(forged);
  CHECK(forged->status == 404);
  auto last = client.Get("/healthz", {{"X-Request-Id", "last"}});
  REQUIRE(last);
  // The two answers may be logged in either order (the 404 closes its
  // connection, the next request comes on a new one): wait for both.
  LogAfter(process, "id=last");
  const std::string log = LogAfter(process, "GET (unknown) 404");
  CHECK_THAT(log, Catch::Contains("id=last"));
  CHECK_THAT(log, !Catch::Contains("caso-secreto-77"));
  CHECK_THAT(log, !Catch::Contains("forged"));
  CHECK(log.find('\x1b') == std::string::npos);
  CHECK_THAT(log, Catch::Contains("GET (unknown) 404"));
}

TEST_CASE("serve: an unknown query value is refused like a bad trace or lang", "[cli][serve][http]") {
  Background process({"serve", "--listen", "127.0.0.1:0"});
  httplib::Client client("127.0.0.1", PortOf(process));
  client.set_read_timeout(10, 0);
  const std::string girl = ReadText(SourcePath(kGirl));
  // Seen: `?format=xml` answered the text explanation.
  auto xml = client.Post("/v1/explain?format=xml", girl, "application/json");
  REQUIRE(xml);
  CHECK(xml->status == 400);
  auto error = json::parse(xml->body)["error"];
  CHECK(error["code"] == "http.bad_param");
  CHECK(error["field"] == "format");
  auto json_format = client.Post("/v1/explain?format=json", girl, "application/json");
  REQUIRE(json_format);
  CHECK(json_format->status == 200);
  auto text = client.Post("/v1/explain?format=text", girl, "application/json");
  REQUIRE(text);
  CHECK(text->status == 200);
  CHECK(text->get_header_value("Content-Type").rfind("text/plain", 0) == 0);
}

TEST_CASE("serve: /readyz says whether the record file can be written", "[cli][serve][http]") {
  {
    Background process({"serve", "--listen", "127.0.0.1:0"});
    httplib::Client client("127.0.0.1", PortOf(process));
    auto r = client.Get("/readyz");
    REQUIRE(r);
    CHECK(r->status == 200);
    auto j = json::parse(r->body);
    CHECK(j["status"] == "ready");
    CHECK(j["records"] == "off");
    CHECK(j["ruleset"]["id"] == "bogota");
  }
  const fs::path dir = fs::temp_directory_path() / ("referral-readyz-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path records = dir / "records.jsonl";
  Background process({"serve", "--listen", "127.0.0.1:0", "--record", records.string()});
  httplib::Client client("127.0.0.1", PortOf(process));
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(json::parse(ready->body)["records"] == "writable");
  // The file removed under the sidecar (appends would go to an unlinked
  // inode): not ready, whoever runs it.
  fs::remove(records);
  auto unready = client.Get("/readyz");
  REQUIRE(unready);
  CHECK(unready->status == 503);
  auto j = json::parse(unready->body);
  CHECK(j["status"] == "not_ready");
  CHECK(j["records"]["code"] == "record.io");
  // A probe needs no token; everything else still does.
  const fs::path token = dir / "token";
  std::ofstream(token) << "s3cret-token\n";
  Background guarded({"serve", "--listen", "127.0.0.1:0", "--token-file", token.string()});
  httplib::Client probe("127.0.0.1", PortOf(guarded));
  auto open = probe.Get("/readyz");
  REQUIRE(open);
  CHECK(open->status == 200);
  auto closed = probe.Get("/v1/ruleset");
  REQUIRE(closed);
  CHECK(closed->status == 401);

  auto health = client.Get("/healthz");  // alive all along
  REQUIRE(health);
  CHECK(health->status == 200);
  fs::remove_all(dir);
}
