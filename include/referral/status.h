// Status and StatusOr<T>: how every fallible call in the library reports failure.
// A non-OK Status carries a stable error code (e.g. `case.unknown_field`), the
// input field it concerns (if any) and a message for people; where one input
// has several problems (a case with three invalid fields), it carries every
// one of them, the first being its code, field and message.
#ifndef REFERRAL_STATUS_H_
#define REFERRAL_STATUS_H_

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace referral {

// One problem with an input: a stable dotted code (`case.bad_type`), the input
// field it concerns (empty: the input as a whole) and a message for people.
struct ErrorDetail {
  std::string code;
  std::string field;
  std::string message;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  // `code` is a stable dotted identifier; `field` names the offending input
  // field or is empty.
  static Status Error(std::string code, std::string message,
                      std::string field = {}) {
    Status s;
    s.errors_.push_back({std::move(code), std::move(field), std::move(message)});
    return s;
  }
  // Every problem found at once, in a stable order: the first is the status's
  // code(), field() and message(). An empty list is OK.
  static Status Errors(std::vector<ErrorDetail> errors) {
    Status s;
    s.errors_ = std::move(errors);
    return s;
  }

  bool ok() const { return errors_.empty(); }
  // The first problem's code, message and field; empty strings when OK.
  const std::string& code() const { return ok() ? Empty() : errors_[0].code; }
  const std::string& message() const { return ok() ? Empty() : errors_[0].message; }
  const std::string& field() const { return ok() ? Empty() : errors_[0].field; }
  // Every problem: one for most errors; for a case, every invalid field
  // (docs/diagnostics.md). Empty when OK.
  const std::vector<ErrorDetail>& errors() const { return errors_; }

 private:
  static const std::string& Empty() {
    static const std::string empty;
    return empty;
  }
  std::vector<ErrorDetail> errors_;
};

// Holds either a value or a non-OK Status. Misuse is a checked failure,
// never undefined behaviour: made from an OK Status (which holds no value),
// it holds the error `internal.ok_status_without_value` instead; reading the
// value of an error (value(), *, ->) prints the error and aborts.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}   // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) {
      status_ = Status::Error("internal.ok_status_without_value",
                              "a StatusOr was made from an OK Status, which holds no value");
    }
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return Checked(), *value_; }
  const T& value() const& { return Checked(), *value_; }
  T&& value() && { return Checked(), std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void Checked() const {
    if (value_.has_value()) return;
    std::fprintf(stderr, "referral: the value of a StatusOr holding an error was read: %s: %s\n",
                 status_.code().c_str(), status_.message().c_str());
    std::abort();
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace referral

#endif  // REFERRAL_STATUS_H_
