// `referral serve` as a hostile client meets its connections (issue 16, items
// 2 and 3): idle, slow and huge requests cost no worker and are cut off by
// timeouts and limits however the body is framed; requests that could be
// smuggled are refused; the body is the case whatever its content type; the
// loopback check is made on the resolved address. Each test speaks raw HTTP
// over loopback where a client library would not misbehave on purpose.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/paths.h"
#include "support/process.h"
#include "support/raw_http.h"

using nlohmann::json;
using referral::testing::Background;
using referral::testing::RawConnection;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;
using referral::testing::StatusOf;
using Clock = std::chrono::steady_clock;

namespace {

const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";

struct Server {
  explicit Server(std::vector<std::string> extra) : process(Args(std::move(extra))) {
    const std::string line = process.ReadLine();
    INFO(process.Stderr());
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    port = std::stoi(line.substr(line.rfind(':') + 1));
  }
  static std::vector<std::string> Args(std::vector<std::string> extra) {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  Background process;
  int port = 0;
};

std::string Girl() {
  std::string text = ReadText(SourcePath(kGirl));
  text.erase(std::remove(text.begin(), text.end(), '\n'), text.end());
  return text;
}

std::string Post(const std::string& path, const std::string& headers, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

json BodyOf(const std::string& response) {
  const size_t end = response.find("\r\n\r\n");
  return json::parse(end == std::string::npos ? "" : response.substr(end + 4), nullptr, false);
}

long MillisSince(Clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

}  // namespace

TEST_CASE("serve: idle, slow-header and slow-body connections hold no worker", "[cli][serve][transport]") {
  // Seen (2 workers): two idle keep-alive connections made a third client
  // wait 5 s; 8 slow headers or 8 slow bodies left /healthz unanswered.
  Server s({"--threads", "2"});
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 40; ++i) {  // idle keep-alive: one request answered, then silence
    auto c = std::make_unique<RawConnection>(s.port);
    REQUIRE(c->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(StatusOf(c->ReadResponse()) == 200);
    held.push_back(std::move(c));
  }
  for (int i = 0; i < 8; ++i) {  // a header that never ends
    auto c = std::make_unique<RawConnection>(s.port);
    REQUIRE(c->Send("POST /v1/decide HTTP/1.1\r\nHost: x\r\n"));
    held.push_back(std::move(c));
  }
  for (int i = 0; i < 8; ++i) {  // a body that never ends
    auto c = std::make_unique<RawConnection>(s.port);
    REQUIRE(c->Send("POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Content-Length: 1000\r\n\r\n{\"case_id\":"));
    held.push_back(std::move(c));
  }
  httplib::Client client("127.0.0.1", s.port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(2, 0);  // before: 5 s and more, or never
  for (int i = 0; i < 5; ++i) {
    auto health = client.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    auto decided = client.Post("/v1/decide", Girl(), "application/json");
    REQUIRE(decided);
    CHECK(decided->status == 200);
  }
  for (auto& c : held) CHECK_FALSE(c->ClosedWithin(0));  // all still open: held by a timer, not refused
}

TEST_CASE("serve: idle, slow-header and slow-body connections are closed by their timeouts",
          "[cli][serve][transport]") {
  Server s({"--idle-timeout", "0.5", "--header-timeout", "0.5", "--body-timeout", "0.5"});
  RawConnection idle(s.port);
  RawConnection header(s.port);
  RawConnection body(s.port);
  REQUIRE(header.Send("POST /v1/decide HTTP/1.1\r\nHost: x\r\n"));
  REQUIRE(body.Send("POST /v1/decide HTTP/1.1\r\nHost: x\r\nX-Request-Id: slow-1\r\nContent-Length: 100\r\n\r\n{"));
  const auto start = Clock::now();
  CHECK(idle.ClosedWithin(5000));
  CHECK(idle.received().empty());  // nothing was asked: nothing answered
  const std::string slow_header = header.ReadResponse(5000);
  CHECK(StatusOf(slow_header) == 408);
  CHECK(BodyOf(slow_header)["error"]["code"] == "http.timeout");
  const std::string slow_body = body.ReadResponse(5000);
  CHECK(StatusOf(slow_body) == 408);
  CHECK_THAT(slow_body, Catch::Contains("X-Request-Id: slow-1"));
  CHECK(header.ClosedWithin(5000));
  CHECK(body.ClosedWithin(5000));
  CHECK(MillisSince(start) < 5000);

  // A keep-alive connection between requests is idle too.
  RawConnection kept(s.port);
  REQUIRE(kept.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(StatusOf(kept.ReadResponse()) == 200);
  CHECK(kept.ClosedWithin(5000));
}

TEST_CASE("serve: the body limit holds for chunked bodies, and a POST without a length has an empty body",
          "[cli][serve][transport]") {
  Server s({"--max-body", "4096"});
  // Seen: --max-body was not applied to chunked bodies (a 200 MB body grew
  // memory by ~200 MB before the 413).
  RawConnection chunked(s.port);
  REQUIRE(chunked.Send("POST /v1/decide HTTP/1.1\r\nHost: x\r\nX-Request-Id: big-1\r\nTransfer-Encoding: chunked\r\n"
                       "Content-Type: application/json\r\n\r\n"));
  const std::string chunk = "400\r\n" + std::string(1024, ' ') + "\r\n";
  for (int i = 0; i < 5 && chunked.Send(chunk); ++i) {
  }
  const std::string refused = chunked.ReadResponse(5000);
  CHECK(StatusOf(refused) == 413);
  CHECK(BodyOf(refused)["error"]["code"] == "http.body_too_large");
  CHECK_THAT(refused, Catch::Contains("X-Request-Id: big-1"));
  CHECK(chunked.ClosedWithin(5000));

  // Under the limit, chunked is read whole and decided.
  RawConnection small(s.port);
  const std::string girl = Girl();
  char size[16];
  std::snprintf(size, sizeof size, "%zx", girl.size());
  REQUIRE(small.Send("POST /v1/decide?trace=off HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     std::string(size) + "\r\n" + girl + "\r\n0\r\n\r\n"));
  const std::string decided = small.ReadResponse(5000);
  CHECK(StatusOf(decided) == 200);
  CHECK(BodyOf(decided)["outcome"] == "referred");

  // Seen: a POST with no Content-Length waited 5 s. It is an empty body.
  RawConnection bare(s.port);
  const auto start = Clock::now();
  REQUIRE(bare.Send("POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n"));
  const std::string empty = bare.ReadResponse(5000);
  CHECK(StatusOf(empty) == 400);
  CHECK(BodyOf(empty)["error"]["code"] == "case.bad_json");
  CHECK(MillisSince(start) < 1000);
}

TEST_CASE("serve: requests that could be smuggled are refused at once", "[cli][serve][transport]") {
  // Seen: two different Content-Lengths, or Content-Length with chunked, were
  // accepted: a proxy in front could read a different request than we do.
  Server s({});
  const std::string girl = Girl();
  const std::vector<std::string> ambiguous = {
      "POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(girl.size()) +
          "\r\nContent-Length: 5\r\n\r\n" + girl,
      "POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(girl.size()) +
          "\r\nTransfer-Encoding: chunked\r\n\r\n" + girl,
      "POST /v1/decide HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
  };
  for (const std::string& request : ambiguous) {
    RawConnection c(s.port);
    const auto start = Clock::now();
    REQUIRE(c.Send(request));
    const std::string answer = c.ReadResponse(5000);
    INFO(request.substr(0, 120));
    CHECK(StatusOf(answer) == 400);
    CHECK(BodyOf(answer)["error"]["code"] == "http.bad_request");
    CHECK(c.ClosedWithin(5000));  // nothing after it is read as a request
    CHECK(MillisSince(start) < 3000);
  }
  // The server goes on.
  RawConnection after(s.port);
  REQUIRE(after.Send(Post("/v1/decide", "", girl)));
  CHECK(StatusOf(after.ReadResponse()) == 200);
}

TEST_CASE("serve: the body is the case whatever its content type, and a body that is not JSON is 415",
          "[cli][serve][transport]") {
  Server s({"--max-body", "65536"});
  // Seen: curl's default `--data` (a form) was parsed as form fields: a
  // case id holding `&trace=bogus` became a query parameter, and a form body
  // over 8,192 bytes was 413 whatever --max-body said.
  std::string text = Girl();
  text.replace(text.find("muestra-nina-venezolana-3"), 25, "caso-1&trace=bogus");
  text.insert(text.rfind('}'), std::string(9000, ' '));
  RawConnection form(s.port);
  REQUIRE(form.Send(Post("/v1/decide", "Content-Type: application/x-www-form-urlencoded\r\n", text)));
  const std::string decided = form.ReadResponse(5000);
  CHECK(StatusOf(decided) == 200);
  const json decision = BodyOf(decided);
  CHECK(decision["case_id"] == "caso-1&trace=bogus");
  CHECK(decision.contains("trace"));  // the default (full), not a bogus one

  for (const auto& [type, path] : {std::pair{"application/x-www-form-urlencoded", "/v1/decide"},
                                   std::pair{"text/plain", "/v1/explain"},
                                   std::pair{"multipart/form-data; boundary=x", "/v1/decide/batch"}}) {
    RawConnection c(s.port);
    REQUIRE(c.Send(Post(path, std::string("Content-Type: ") + type + "\r\n", "case_id=1&age=3")));
    const std::string answer = c.ReadResponse(5000);
    INFO(type);
    CHECK(StatusOf(answer) == 415);
    const json error = BodyOf(answer)["error"];
    CHECK(error["code"] == "http.unsupported_media_type");
    CHECK(error["field"] == "Content-Type");
    CHECK_THAT(error["message"].get<std::string>(), Catch::Contains("application/"));
  }
  // A broken body declared as JSON stays the case's error.
  RawConnection broken(s.port);
  REQUIRE(broken.Send(Post("/v1/decide", "Content-Type: application/json\r\n", "case_id=1")));
  const std::string answer = broken.ReadResponse(5000);
  CHECK(StatusOf(answer) == 400);
  CHECK(BodyOf(answer)["error"]["code"] == "case.bad_json");
}

TEST_CASE("serve: a batch has a maximum line count, checked before any line is decided", "[cli][serve][transport]") {
  // Seen: 1 MiB of newlines produced 141 MB of answer and 352 MB of memory.
  Server s({"--max-batch-lines", "3"});
  httplib::Client client("127.0.0.1", s.port);
  client.set_read_timeout(10, 0);
  const std::string girl = Girl();
  auto three = client.Post("/v1/decide/batch", girl + "\n" + girl + "\n" + girl + "\n", "application/x-ndjson");
  REQUIRE(three);
  CHECK(three->status == 200);
  auto four = client.Post("/v1/decide/batch", girl + "\n" + girl + "\n" + girl + "\n" + girl, "application/x-ndjson");
  REQUIRE(four);
  CHECK(four->status == 413);
  CHECK(json::parse(four->body)["error"]["code"] == "limit.batch_lines");

  Server defaults({});
  httplib::Client plain("127.0.0.1", defaults.port);
  plain.set_read_timeout(10, 0);
  auto newlines = plain.Post("/v1/decide/batch", std::string(1 << 20, '\n'), "application/x-ndjson");
  REQUIRE(newlines);
  CHECK(newlines->status == 413);
  CHECK(newlines->body.size() < 1000);
  CHECK_THAT(json::parse(newlines->body)["error"]["message"].get<std::string>(), Catch::Contains("como máximo 1000"));
}

TEST_CASE("serve: a request line or header too long is refused with 414 or 431", "[cli][serve][transport]") {
  Server s({});
  RawConnection line(s.port);
  REQUIRE(line.Send("GET /healthz?" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string too_long = line.ReadResponse(5000);
  CHECK(StatusOf(too_long) == 414);
  CHECK(BodyOf(too_long)["error"]["code"] == "http.uri_too_long");
  RawConnection fields(s.port);
  REQUIRE(fields.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n"));
  const std::string too_large = fields.ReadResponse(5000);
  CHECK(StatusOf(too_large) == 431);
  CHECK(BodyOf(too_large)["error"]["code"] == "http.header_too_large");
}

TEST_CASE("serve: a timeout, connection or batch limit that cannot work is refused at start", "[cli][serve][transport]") {
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{"--idle-timeout", "0"}, {"--header-timeout", "-1"}, {"--body-timeout", "3601"},
        {"--max-connections", "0"}, {"--max-batch-lines", "0"}, {"--threads", "-2"}}) {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto r = RunReferral(args);
    INFO(flags[0] << " " << flags[1]);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(flags[0]));
  }
}

TEST_CASE("serve: the loopback check is made on the resolved address, not on the name's text",
          "[cli][serve][transport]") {
  // Seen: `--listen 127.attacker.example:0` (a hosts entry pointing at
  // 0.0.0.0) listened on every interface without a token: the check was a
  // text prefix. A name that does not resolve to loopback only is refused.
  auto named = RunReferral({"serve", "--listen", "127.attacker.example:0"});
  CHECK(named.exit_code == 2);
  CHECK_THAT(named.err, Catch::Contains("--token-file"));
  auto any = RunReferral({"serve", "--listen", "0.0.0.0:0"});
  CHECK(any.exit_code == 2);
  // A loopback name still needs no token.
  Background local({"serve", "--listen", "localhost:0", "--quiet"});
  CHECK(local.ReadLine().rfind("listening on localhost:", 0) == 0);
}

TEST_CASE("serve: its own refusals speak the request's language, else --lang, else the rule set's",
          "[cli][serve][lang]") {
  auto message = [](const httplib::Result& r) { return json::parse(r->body)["error"]["message"].get<std::string>(); };
  Server bogota({});
  httplib::Client client("127.0.0.1", bogota.port);
  client.set_read_timeout(10, 0);
  // Bogotá's rules are Spanish: a request that names no language hears Spanish.
  auto missing = client.Get("/v1/nada");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(json::parse(missing->body)["error"]["code"] == "http.not_found");
  CHECK(message(missing) == "esa dirección no existe; vea docs/serve.md");
  auto method = client.Get("/v1/decide");
  REQUIRE(method);
  CHECK(method->status == 405);
  CHECK(message(method) == "`/v1/decide` solo admite POST");
  // Accept-Language and ?lang choose English.
  auto english = client.Get("/v1/nada", httplib::Headers{{"Accept-Language", "en-GB,en;q=0.8"}});
  REQUIRE(english);
  CHECK(message(english) == "no such endpoint; see docs/serve.md");
  auto trace = client.Post("/v1/decide?trace=todo&lang=en", Girl(), "application/json");
  REQUIRE(trace);
  CHECK(trace->status == 400);
  CHECK(message(trace) == "`trace` must be one of: off, rules, full");
  auto traza = client.Post("/v1/decide?trace=todo", Girl(), "application/json");
  REQUIRE(traza);
  CHECK(message(traza) == "`trace` debe ser uno de: off, rules, full");
  auto foreign = client.Post("/v1/decide", "<caso/>", "application/xml");
  REQUIRE(foreign);
  CHECK(foreign->status == 415);
  CHECK(message(foreign) ==
        "el cuerpo no es JSON: envíe un caso como application/json (o application/yaml) (el Content-Type era "
        "`application/xml`)");
  auto review = client.Post("/v1/reviews", R"({"decision_id":"x"})", "application/json");
  REQUIRE(review);
  CHECK(review->status == 409);
  CHECK_THAT(message(review), Catch::StartsWith("este servidor no registra nada"));
  // `serve --lang en` makes English the default, and a request may still ask for Spanish.
  Server english_default({"--lang", "en"});
  httplib::Client en("127.0.0.1", english_default.port);
  en.set_read_timeout(10, 0);
  auto en_missing = en.Get("/v1/nada");
  REQUIRE(en_missing);
  CHECK(message(en_missing) == "no such endpoint; see docs/serve.md");
  auto es_missing = en.Get("/v1/nada?lang=es");
  REQUIRE(es_missing);
  CHECK(message(es_missing) == "esa dirección no existe; vea docs/serve.md");
}
