// An event-driven HTTP/1.1 server (Boost.Beast on Boost.Asio) for `referral
// serve`. `threads` threads run every connection's reads, writes and handler
// calls as they become ready (each connection on a strand, so its steps never
// overlap). A connection that is idle, or sends its header or body slowly,
// holds a socket and a timer, never a thread, and is closed by the idle,
// header and body timeouts. The body limit applies however the
// body is framed (Content-Length, chunked); a request without either has an
// empty body (RFC 9112, 6.3). Requests that could smuggle (two
// Content-Lengths, Content-Length with Transfer-Encoding) are refused.
//
// The server knows nothing of routes: every request that was read goes to the
// handler; a request refused while reading (400, 413, 414, 431) goes to the
// refusal callback, which shapes the answer. Beast stays inside
// http_server.cc: this header is plain C++.
#ifndef REFERRAL_TOOLS_SERVE_HTTP_SERVER_H_
#define REFERRAL_TOOLS_SERVE_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace referral::cli {

using HttpFields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // as sent ("GET", "POST", ...); empty when the request line could not be read
  std::string path;    // the target up to `?`, not decoded
  HttpFields params;   // the query, percent-decoded, in order
  HttpFields headers;  // as sent, in order
  std::string body;

  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // The first query parameter of that name, or nullptr.
  const std::string* Param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  HttpFields headers;  // besides Content-Type and Content-Length, which the server writes
  std::string content_type;
  std::string body;

  void SetContent(std::string text, std::string type) {
    body = std::move(text);
    content_type = std::move(type);
  }
  void SetHeader(std::string name, std::string value);  // replaces one of that name
  std::string Header(std::string_view name) const;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  int threads = 8;  // threads that run the connections and the handler
  size_t max_body = 1 << 20;
  size_t max_header = 16 * 1024;  // request line and fields together
  // A connection with no request under way is closed after `idle`; a request
  // whose header (from its first byte) or body takes longer is answered 408
  // and closed.
  std::chrono::milliseconds idle{std::chrono::seconds(30)};
  std::chrono::milliseconds header{std::chrono::seconds(10)};
  std::chrono::milliseconds body{std::chrono::seconds(30)};
  std::chrono::milliseconds write{std::chrono::seconds(30)};
  size_t max_connections = 1000;  // more are accepted and closed at once
};

// One request's life, for the access log: when its first byte came, and the
// request as far as it was read (refused ones may lack a method or path).
struct HttpExchange {
  const HttpRequest& request;
  const HttpResponse& response;  // its body already sent: see body_bytes
  std::chrono::steady_clock::duration took;
  size_t body_bytes;
};

class HttpServer {
 public:
  using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;
  // status: 400 (unreadable or ambiguous), 408 (too slow), 413 (body over
  // the limit), 414 (request line too long), 431 (header too large).
  using Refusal = std::function<void(int status, const HttpRequest&, HttpResponse&)>;
  using Logger = std::function<void(const HttpExchange&)>;

  HttpServer(HttpServerOptions options, Handler handler, Refusal refusal, Logger logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Resolves the host and binds; returns the port, or -1 with *error set.
  int Bind(std::string* error);
  // Serves until Stop(); returns false if it could not run. REQUIRES: Bind().
  bool Run();
  // Safe from any thread (not from a signal handler).
  void Stop();

  struct Impl;  // named here for http_server.cc's connections; defined there

 private:
  std::unique_ptr<Impl> impl_;
};

// Whether every address `host` resolves to is a loopback address (127/8,
// ::1). False when it resolves to nothing.
bool ResolvesToLoopbackOnly(const std::string& host);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_SERVE_HTTP_SERVER_H_
