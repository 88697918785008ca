#include "support/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace referral::testing {

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  size_t sent = 0;
  while (fd_ >= 0 && sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return fd_ >= 0;
}

bool RawConnection::ReadSome(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  if (fd_ < 0 || ::poll(&p, 1, timeout_ms) <= 0) return true;  // nothing yet: not closed
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  received_.append(buf, static_cast<size_t>(n));
  return true;
}

std::string RawConnection::ReadResponse(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    const size_t end = received_.find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t length = 0;
      const size_t at = received_.find("Content-Length: ");
      if (at != std::string::npos && at < end) length = std::strtoul(received_.c_str() + at + 16, nullptr, 10);
      if (received_.size() >= end + 4 + length) {
        std::string response = received_.substr(0, end + 4 + length);
        received_.erase(0, end + 4 + length);
        return response;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!ReadSome(static_cast<int>(std::max<long long>(1, left.count())))) break;
  }
  std::string partial;
  partial.swap(received_);
  return partial;
}

bool RawConnection::ClosedWithin(int timeout_ms) {
  // Looks at least once, so that ClosedWithin(0) tells whether it is closed now.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  do {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!ReadSome(static_cast<int>(std::max<long long>(0, left.count())))) return true;
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.c_str() + 9);
}

}  // namespace referral::testing
