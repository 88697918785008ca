// SHA-256 through OpenSSL's EVP interface.
#ifndef REFERRAL_ENGINE_UTIL_SHA256_H_
#define REFERRAL_ENGINE_UTIL_SHA256_H_

#include <string>
#include <string_view>

namespace referral::internal {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  std::string HexDigest();  // finishes; lower-case hex

 private:
  void* ctx_;
};

// The lower-case hex SHA-256 of `bytes`, in one call.
std::string Sha256Hex(std::string_view bytes);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_SHA256_H_
