// See http_server.h. A connection's life, each step on its strand: wait for
// a first byte (idle timeout) -> read the header (header timeout, from that
// byte) -> read the body (body timeout, body limit) -> the handler -> write
// -> wait again, or close.
#include "serve/http_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

namespace referral::cli {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

const std::string* Find(const HttpFields& fields, std::string_view name) {
  for (const auto& [k, v] : fields) {
    if (SameName(k, name)) return &v;
  }
  return nullptr;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding of one query component: `+` is
// a space, `%XX` a byte; a `%` not followed by two hex digits stays as is.
std::string Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexDigit(s[i + 1]) >= 0 && HexDigit(s[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

HttpFields ParseQuery(std::string_view query) {
  HttpFields params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    params.emplace_back(Decode(item.substr(0, eq)), eq == std::string_view::npos ? "" : Decode(item.substr(eq + 1)));
  }
  return params;
}

}  // namespace

std::string HttpRequest::Header(std::string_view name) const {
  const std::string* v = Find(headers, name);
  return v ? *v : std::string();
}

bool HttpRequest::HasHeader(std::string_view name) const { return Find(headers, name) != nullptr; }

const std::string* HttpRequest::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return &v;
  }
  return nullptr;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (SameName(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string HttpResponse::Header(std::string_view name) const {
  const std::string* v = Find(headers, name);
  return v ? *v : std::string();
}

struct HttpServer::Impl {
  Impl(HttpServerOptions o, Handler h, Refusal r, Logger l)
      : options(std::move(o)), handler(std::move(h)), refusal(std::move(r)), logger(std::move(l)) {}

  void Accept();

  const HttpServerOptions options;
  const Handler handler;
  const Refusal refusal;
  const Logger logger;
  std::atomic<size_t> connections{0};  // destroyed after the sessions the io_context still holds
  net::io_context io;
  // The acceptor's own strand: Stop() closes it from another thread.
  net::strand<net::io_context::executor_type> accepting = net::make_strand(io);
  tcp::acceptor acceptor{accepting};
  net::steady_timer retry{accepting};  // after an accept error (out of descriptors), try again shortly
  std::vector<std::thread> threads;  // besides the one in Run()
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), server_(server) {
    ++server_.connections;
  }
  ~Session() { --server_.connections; }

  void Start() { WaitForRequest(); }

 private:
  // A deadline for what the connection does next: when it passes, the
  // operation under way is cancelled and its handler sees timed_out_.
  // (Beast's tcp_stream timeouts close the socket, leaving no way to answer
  // 408.) One timer wait serves many deadlines: it waits for the earliest,
  // and when it wakes before the deadline in force (moved later since),
  // waits again; only a deadline earlier than the wait restarts it.
  void Arm(std::chrono::milliseconds after) {
    timed_out_ = false;
    deadline_ = Clock::now() + after;
    if (!waiting_ || timer_.expiry() > deadline_) Wait();
  }
  void Disarm() { deadline_ = Clock::time_point::max(); }

  void Wait() {
    timer_.expires_at(deadline_);  // a wait under way ends with an error, and is superseded
    waiting_ = true;
    timer_.async_wait([self = shared_from_this(), wait = ++waits_](beast::error_code ec) {
      if (wait != self->waits_) return;  // superseded
      self->waiting_ = false;
      if (ec) return;  // closed
      if (Clock::now() < self->deadline_) {
        if (self->deadline_ != Clock::time_point::max()) self->Wait();
        return;
      }
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.cancel(ignored);
    });
  }

  // Nothing of a request has come yet: wait for a byte (or the next
  // pipelined request, already buffered), at most the idle timeout.
  void WaitForRequest() {
    if (buffer_.size() > 0) return ReadHeader();
    Arm(server_.options.idle);
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t n) {
      if (ec) return self->Close();  // idle too long, or the client left
      self->buffer_.commit(n);
      self->ReadHeader();
    });
  }

  void ReadHeader() {
    started_ = Clock::now();
    request_ = HttpRequest();
    response_ = HttpResponse();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header));
    // The body limit is set once the header is read (OnHeader): over it, the
    // header is then known, and the refusal can echo the request id.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    Arm(server_.options.header);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) {
      if (timed_out_) return Refuse(408);
      if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset) {
        return Close();
      }
      if (ec == http::error::header_limit) return Refuse(RequestLineRead() ? 431 : 414);
      return Refuse(400);  // a bad request line or field, two Content-Lengths, Content-Length with chunked
    }
    CopyHeader();
    // A Content-Length over the limit is refused before any of the body is
    // read; a chunked body is stopped where it passes the limit.
    if (parser_->content_length() && *parser_->content_length() > server_.options.max_body) return Refuse(413);
    parser_->body_limit(server_.options.max_body);
    const auto& header = parser_->get();
    if (SameName(std::string_view(header[http::field::expect].data(), header[http::field::expect].size()),
                 "100-continue")) {
      // curl sends `Expect: 100-continue` before a body over 1 KiB and waits
      // a second for this line.
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      Arm(server_.options.write);
      return net::async_write(stream_, net::buffer(kContinue),
                              [self = shared_from_this()](beast::error_code e, size_t) {
                                if (e) return self->Close();
                                self->ReadBody();
                              });
    }
    ReadBody();
  }

  void ReadBody() {
    Arm(server_.options.body);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec) {
      if (timed_out_) return Refuse(408);
      if (ec == http::error::body_limit) return Refuse(413);
      if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == net::error::eof ||
          ec == net::error::connection_reset) {
        return Close();  // the client left mid-body: nobody to answer
      }
      return Refuse(400);  // a bad chunk
    }
    keep_alive_ = parser_->get().keep_alive();
    request_.body = std::move(parser_->get().body());
    parser_.reset();
    Disarm();
    Handle();
  }

  // On this thread: the decision is short, and other connections go on on
  // the other threads meanwhile.
  void Handle() {
    try {
      server_.handler(request_, response_);
    } catch (...) {
      response_ = HttpResponse();
      response_.status = 500;
    }
    Write();
  }

  // A request that cannot be served: answered, then the connection closed
  // (what follows on it cannot be trusted to start at a request).
  void Refuse(int status) {
    response_ = HttpResponse();
    response_.status = status;
    try {
      server_.refusal(status, request_, response_);
    } catch (...) {
    }
    keep_alive_ = false;
    refused_ = true;
    Write();
  }

  void Write() {
    auto message = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response_.status), 11);
    for (const auto& [name, value] : response_.headers) message->insert(name, value);
    if (!response_.content_type.empty()) message->set(http::field::content_type, response_.content_type);
    out_bytes_ = response_.body.size();
    message->body() = std::move(response_.body);
    message->keep_alive(keep_alive_);
    message->prepare_payload();
    Arm(server_.options.write);
    http::async_write(stream_, *message, [self = shared_from_this(), message](beast::error_code ec, size_t) {
      self->OnWritten(ec);
    });
  }

  void OnWritten(beast::error_code ec) {
    if (server_.logger) {
      try {
        server_.logger(HttpExchange{request_, response_, Clock::now() - started_, out_bytes_});
      } catch (...) {
      }
    }
    if (ec) return Close();
    if (refused_) return Linger();
    if (!keep_alive_) return Close();
    WaitForRequest();
  }

  // After a refusal: stop sending, and read (and drop) what the client is
  // still sending for a moment, so that it reads the answer instead of a
  // reset. Bounded in time; memory stays one small buffer.
  void Linger() {
    beast::error_code ignored;
    stream_.shutdown(tcp::socket::shutdown_send, ignored);
    linger_until_ = Clock::now() + std::chrono::seconds(2);
    Drain();
  }

  void Drain() {
    if (Clock::now() >= linger_until_) return Close();
    Arm(std::chrono::duration_cast<std::chrono::milliseconds>(linger_until_ - Clock::now()));
    stream_.async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->Drain();
    });
  }

  // The timer's wait goes too: it holds the session alive.
  void Close() {
    Disarm();
    timer_.cancel();
    beast::error_code ignored;
    stream_.shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close(ignored);
  }

  // The request line (and whatever fields were read) of a header that
  // could not be read in full.
  void CopyHeader() {
    if (!parser_ || !parser_->is_header_done()) return;
    const auto& header = parser_->get();
    request_.method = std::string(header.method_string());
    const std::string_view target(header.target().data(), header.target().size());
    const size_t q = target.find('?');
    request_.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request_.params = ParseQuery(target.substr(q + 1));
    for (const auto& field : header) {
      request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
  }

  // Whether the request line was read (the parser takes it before the
  // fields): a header over the limit is then too many fields (431), else too
  // long a line (414).
  bool RequestLineRead() const { return parser_ && !parser_->get().target().empty(); }

  tcp::socket stream_;
  net::steady_timer timer_;
  bool timed_out_ = false;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool waiting_ = false;  // a timer wait is under way
  unsigned waits_ = 0;    // which wait is the current one
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpRequest request_;
  HttpResponse response_;
  Clock::time_point started_;
  Clock::time_point linger_until_;
  size_t out_bytes_ = 0;
  bool keep_alive_ = false;
  bool refused_ = false;
  std::array<char, 8192> drain_{};
};

}  // namespace

void HttpServer::Impl::Accept() {
  // Each connection on a strand of its own: its steps never run at once.
  acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (ec) {  // e.g. out of file descriptors: the connection waits in the backlog
      retry.expires_after(std::chrono::milliseconds(50));
      retry.async_wait([this](beast::error_code) { Accept(); });
      return;
    }
    if (connections.load() >= options.max_connections) {
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);  // small answers without Nagle's 40 ms
      std::make_shared<Session>(std::move(socket), *this)->Start();
    }
    Accept();
  });
}

HttpServer::HttpServer(HttpServerOptions options, Handler handler, Refusal refusal, Logger logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(refusal), std::move(logger))) {}

HttpServer::~HttpServer() {
  Stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

int HttpServer::Bind(std::string* error) {
  beast::error_code ec;
  tcp::resolver resolver(impl_->io);
  auto found = resolver.resolve(impl_->options.host, std::to_string(impl_->options.port), ec);
  if (ec || found.empty()) {
    *error = "cannot resolve `" + impl_->options.host + "`: " + ec.message();
    return -1;
  }
  const tcp::endpoint endpoint = found.begin()->endpoint();
  tcp::acceptor& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    *error = "cannot listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) + ": " +
             ec.message();
    return -1;
  }
  return a.local_endpoint().port();
}

bool HttpServer::Run() {
  if (!impl_->acceptor.is_open()) return false;
  impl_->Accept();
  for (int i = 1; i < impl_->options.threads; ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  return true;
}

void HttpServer::Stop() {
  net::post(impl_->accepting, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->io.stop();
}

bool ResolvesToLoopbackOnly(const std::string& host) {
  net::io_context io;
  tcp::resolver resolver(io);
  beast::error_code ec;
  auto found = resolver.resolve(host, "0", ec);
  if (ec || found.empty()) return false;
  return std::all_of(found.begin(), found.end(),
                     [](const tcp::resolver::results_type::value_type& r) { return r.endpoint().address().is_loopback(); });
}

}  // namespace referral::cli
