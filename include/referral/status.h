// Status and StatusOr<T>: how every fallible call in the library reports failure.
// A non-OK Status carries a stable error code (e.g. `case.unknown_field`), the
// input field it concerns (if any) and a message for people.
#ifndef REFERRAL_STATUS_H_
#define REFERRAL_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace referral {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  // `code` is a stable dotted identifier; `field` names the offending input
  // field or is empty.
  static Status Error(std::string code, std::string message,
                      std::string field = {}) {
    Status s;
    s.code_ = std::move(code);
    s.message_ = std::move(message);
    s.field_ = std::move(field);
    return s;
  }

  bool ok() const { return code_.empty(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

 private:
  std::string code_;
  std::string message_;
  std::string field_;
};

// Holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}   // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace referral

#endif  // REFERRAL_STATUS_H_
