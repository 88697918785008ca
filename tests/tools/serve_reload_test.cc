// `referral serve` reloads through the gate (docs/serve.md, "Reloading"): a
// rule file rewritten in place, slowly, while cases are decided, is never
// served half done; a version that fails the rule set's own tests is refused
// (on a changed file and on SIGHUP) and /v1/ruleset and /metrics say which
// tests failed. The real program on a free loopback port, real files.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unistd.h>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using referral::testing::Background;
using referral::testing::CopyOfRulesWithTests;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;

namespace {

// A sidecar on a free loopback port, and a client for it.
struct Sidecar {
  explicit Sidecar(const std::vector<std::string>& extra) : process(Args(extra)) {
    const std::string line = process.ReadLine();
    INFO(process.Stderr());
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    port = std::stoi(line.substr(line.rfind(':') + 1));
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_read_timeout(10, 0);
  }
  static std::vector<std::string> Args(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  json Ruleset() {
    auto r = client->Get("/v1/ruleset");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
  }
  // Polls /v1/ruleset until `pred` holds (or ten seconds pass).
  json WaitFor(const std::function<bool(const json&)>& pred) {
    json j;
    for (int i = 0; i < 200; ++i) {
      j = Ruleset();
      if (pred(j)) return j;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return j;
  }
  Background process;
  int port = 0;
  std::unique_ptr<httplib::Client> client;
};

// The Bogotá sample with no caregiver at the scene: the rule set owes the
// child ICBF_PARD and POLICIA_INFANCIA (§9.1 "Alone at the scene").
std::string AloneAtTheScene() {
  json c = json::parse(ReadText(SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json")));
  c["case_id"] = "t-solo-en-escena";
  c["caregiver_present"] = "ninguno";
  return c.dump();
}

bool HasDuties(const json& decision) {
  bool icbf = false, police = false;
  for (const auto& r : decision["referrals"]) {
    icbf = icbf || r["service"] == "ICBF_PARD";
    police = police || r["service"] == "POLICIA_INFANCIA";
  }
  return icbf && police;
}

// The digest `referral check` gives the rules in `dir` now.
std::string DigestOf(const fs::path& dir) {
  auto r = RunReferral({"check", dir.string(), "--format", "json"});
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out)["ruleset"]["digest"];
}

// Threads that are told to stop and joined however the test ends (a failed
// REQUIRE must not leave a joinable std::thread behind).
struct Joined {
  std::function<void()> stop;
  std::vector<std::thread> threads;
  void Join() {
    if (stop) stop();
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
  }
  ~Joined() { Join(); }
};

// The text at `key` of a JSON object, or "" (never throws).
std::string Text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// Counts a metric line of /metrics exactly as written, or -1.
long Metric(httplib::Client& c, const std::string& series) {
  auto r = c.Get("/metrics");
  REQUIRE(r);
  const size_t at = r->body.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stol(r->body.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("serve: a rule file rewritten byte by byte while cases are decided is never served half done",
          "[cli][serve][gate]") {
  const fs::path dir = CopyOfRulesWithTests("rules/bogota", "serve-gate");
  const fs::path file = dir / "proteccion.yaml";
  const std::string original = ReadText(file.string());
  // The new version differs at its first line, so that no cut-off copy of it
  // is the old version, and it passes every test.
  std::string next = original;
  next.insert(next.find('\n'), " (revisado)");
  // Where the copy stalls: just before the alone-at-the-scene rule. The file
  // cut there still loads and checks, but the rule set's tests fail.
  const size_t stall = next.find("      - id: R1.solo_en_escena");
  REQUIRE(stall != std::string::npos);

  Sidecar s({"--rules", dir.string(), "--poll", "0.05", "--settle", "0.4", "--threads", "4"});
  const std::string old_digest = s.Ruleset()["digest"];
  const std::string alone = AloneAtTheScene();

  std::atomic<bool> stop{false};
  std::atomic<int> answers{0}, failed{0}, without_duties{0};
  std::mutex mu;
  std::set<std::string> digests;
  Joined clients;
  clients.stop = [&] { stop = true; };
  for (int t = 0; t < 2; ++t) {
    clients.threads.emplace_back([&] {
      httplib::Client c("127.0.0.1", s.port);
      c.set_read_timeout(10, 0);
      while (!stop) {
        auto r = c.Post("/v1/decide?trace=off", alone, "application/json");
        if (!r || r->status != 200) {
          ++failed;
          continue;
        }
        const json d = json::parse(r->body);
        ++answers;
        if (!HasDuties(d)) ++without_duties;
        std::lock_guard<std::mutex> lock(mu);
        digests.insert(d["ruleset"]["digest"].get<std::string>());
      }
    });
  }

  // The copy: the file truncated, then written 32 bytes at a time, about a
  // millisecond apart (a few hundred ms in all), stalling once for a second
  // at `stall` until the sidecar has refused what it found there.
  std::mutex stall_mu;
  std::condition_variable stall_cv;
  bool stalled = false, resume = false;
  Joined writer;
  writer.stop = [&] {
    std::lock_guard<std::mutex> lock(stall_mu);
    resume = true;
    stall_cv.notify_all();
  };
  writer.threads.emplace_back([&] {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    size_t written = 0;
    auto write_to = [&](size_t end) {
      while (written < end) {
        const size_t n = std::min<size_t>(32, end - written);
        out.write(next.data() + written, static_cast<std::streamsize>(n));
        out.flush();
        written += n;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    };
    write_to(stall);
    {
      std::unique_lock<std::mutex> lock(stall_mu);
      stalled = true;
      stall_cv.notify_all();
      stall_cv.wait_for(lock, std::chrono::seconds(5), [&] { return resume; });
    }
    write_to(next.size());
  });
  {
    std::unique_lock<std::mutex> lock(stall_mu);
    stall_cv.wait(lock, [&] { return stalled; });
  }
  const json refused = s.WaitFor([](const json& j) { return Text(j["last_reload"], "code") == "reload.tests_failed"; });
  writer.Join();
  INFO(refused.dump(2));
  const json& refusal = refused["last_reload"];
  CHECK(refusal["ok"] == false);
  CHECK(Text(refusal, "code") == "reload.tests_failed");
  CHECK_THAT(Text(refusal, "message"), Catch::Contains("tests of the new rules failed: `"));
  CHECK(refused["digest"] == old_digest);
  CHECK(refusal.contains("diagnostics"));
  CHECK(refusal.value("diagnostics", json::array()).size() >= 1);
  CHECK(refusal.value("diagnostics", json::array()).size() <= 10);  // a bounded list
  for (const auto& d : refusal.value("diagnostics", json::array())) {
    CHECK(Text(d, "code") == "test.failed");
    CHECK(Text(d, "file").rfind((dir / "tests").string(), 0) == 0);
  }

  // The whole new version, once quiet, is served.
  const json served = s.WaitFor([&](const json& j) { return j["digest"] != old_digest; });
  const std::string new_digest = served["digest"];
  CHECK(served["last_reload"]["ok"] == true);
  CHECK(new_digest == DigestOf(dir));
  CHECK(ReadText(file.string()) == next);
  const int served_before_break = answers.load();

  // A version that fails one of its tests, published atomically: refused at
  // once, and /v1/ruleset names the test.
  std::string broken = next;
  const size_t rule = broken.find("- id: R1.solo_en_escena");
  const std::string duty = "{service: POLICIA_INFANCIA, priority: urgente}";
  broken.replace(broken.find(duty, rule), duty.size(), "{service: POLICIA_INFANCIA, priority: prioritaria}");
  std::ofstream(dir / "proteccion.yaml.tmp", std::ios::binary) << broken;
  fs::rename(dir / "proteccion.yaml.tmp", file);
  const json named = s.WaitFor([](const json& j) { return j["last_reload"]["ok"] == false; });
  INFO(named.dump(2));
  CHECK(Text(named["last_reload"], "code") == "reload.tests_failed");
  CHECK(named["digest"] == new_digest);
  const std::string test = "solo en la escena: ICBF + Policía de Infancia";
  CHECK_THAT(Text(named["last_reload"], "message"), Catch::Contains("`" + test + "`"));
  bool located = false;
  for (const auto& d : named["last_reload"].value("diagnostics", json::array())) {
    located = located || (Text(d, "code") == "test.failed" &&
                          Text(d, "file") == (dir / "tests" / "proteccion.yaml").string() &&
                          d.value("line", 0) > 0 && Text(d, "message").find(test) != std::string::npos);
  }
  CHECK(located);
  CHECK(Metric(*s.client, "referral_reloads_refused_total{reason=\"reload.tests_failed\"}") >= 2);
  CHECK(Metric(*s.client, "referral_reloads_total{result=\"ok\"}") >= 1);

  // SIGHUP goes through the same gate: no wait, but the tests must pass.
  const int generation = named.value("generation", -1);
  s.process.Signal(SIGHUP);
  for (int i = 0; i < 200 && s.process.Stderr().find("refused the new rules (SIGHUP)") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK_THAT(s.process.Stderr(), Catch::Contains("refused the new rules (SIGHUP): reload.tests_failed"));
  CHECK(s.Ruleset()["generation"] == generation);
  CHECK(s.Ruleset()["digest"] == new_digest);
  for (int i = 0; i < 100 && answers.load() < served_before_break + 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  clients.Join();
  CHECK(failed == 0);
  CHECK(answers > 0);
  CHECK(without_duties == 0);  // no answer ever came from the half-copied file
  for (const auto& d : digests) CHECK((d == old_digest || d == new_digest));
  CHECK(digests.count(new_digest) == 1);
  const std::string log = s.process.Stderr();
  CHECK_THAT(log, Catch::Contains("refused the new rules (a rule file changed): reload.tests_failed"));
  CHECK_THAT(log, Catch::Contains("test.failed"));
  fs::remove_all(dir);
}

TEST_CASE("serve: refuses to start on rules that fail their own tests", "[cli][serve][gate]") {
  const fs::path dir = CopyOfRulesWithTests("rules/bogota", "serve-gate-start");
  std::string text = ReadText((dir / "proteccion.yaml").string());
  const std::string duty = "{service: POLICIA_INFANCIA, priority: urgente}";
  text.replace(text.find(duty, text.find("- id: R1.solo_en_escena")), duty.size(),
               "{service: POLICIA_INFANCIA, priority: prioritaria}");
  std::ofstream(dir / "proteccion.yaml", std::ios::binary | std::ios::trunc) << text;
  Background serve({"serve", "--rules", dir.string(), "--listen", "127.0.0.1:0"});
  CHECK(serve.ReadLine() == "");  // never "listening on ..."
  CHECK(serve.Stop() == 3);
  CHECK_THAT(serve.Stderr(), Catch::Contains("reload.tests_failed"));
  CHECK_THAT(serve.Stderr(), Catch::Contains("solo en la escena"));
  fs::remove_all(dir);
}

TEST_CASE("serve: rules published by swapping a symbolic link are served once they pass their tests",
          "[cli][serve][gate]") {
  const fs::path v1 = CopyOfRulesWithTests("rules/bogota", "serve-link-v1");
  const fs::path v2 = CopyOfRulesWithTests("rules/bogota", "serve-link-v2");
  referral::testing::SetRulesetVersion(v2, "link-2");
  const fs::path link = v1.parent_path() / ("referral-serve-link-current-" + std::to_string(::getpid()));
  fs::remove(link);
  fs::create_directory_symlink(v1, link);
  Sidecar s({"--rules", link.string(), "--poll", "0.05", "--settle", "0.1"});
  CHECK(s.Ruleset()["version"] != "link-2");
  // ln -sfn + mv -T, as docs/serve.md shows.
  const fs::path tmp = link.string() + ".next";
  fs::remove(tmp);
  fs::create_directory_symlink(v2, tmp);
  fs::rename(tmp, link);
  const json j = s.WaitFor([](const json& r) { return r["version"] == "link-2"; });
  CHECK(j["version"] == "link-2");
  CHECK(j["last_reload"]["ok"] == true);
  fs::remove(link);
  fs::remove_all(v1);
  fs::remove_all(v2);
}
