// A client that speaks HTTP by hand over a plain loopback socket, for what a
// well-behaved client library will not send: a header one line at a time,
// two Content-Lengths, a chunked body that never ends, a connection left idle.
#ifndef REFERRAL_TESTS_SUPPORT_RAW_HTTP_H_
#define REFERRAL_TESTS_SUPPORT_RAW_HTTP_H_

#include <string>

namespace referral::testing {

class RawConnection {
 public:
  explicit RawConnection(int port);  // connects to 127.0.0.1:port
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False once the server has closed (or reset) the connection.
  bool Send(const std::string& bytes);
  // One whole response (header and Content-Length body), or what came before
  // `timeout_ms` passed or the server closed.
  std::string ReadResponse(int timeout_ms = 10000);
  // Whether the server closes the connection within `timeout_ms` (what it
  // sent before is kept in `received()`); 0: whether it is closed now.
  bool ClosedWithin(int timeout_ms);
  const std::string& received() const { return received_; }

 private:
  // Reads what is there within `timeout_ms`; false at end of stream or error.
  bool ReadSome(int timeout_ms);

  int fd_ = -1;
  std::string received_;
};

// The status code of a response's first line, or 0.
int StatusOf(const std::string& response);

}  // namespace referral::testing

#endif  // REFERRAL_TESTS_SUPPORT_RAW_HTTP_H_
