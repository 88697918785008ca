// JSON written straight into a caller's buffer, without building a tree: the
// decision JSON is written on every decision, and a tree costs hundreds of
// allocations. Output is byte-identical to nlohmann's dump() of the same
// document on one line (JsonText in util/json_text.h): the same escapes
// (\b \t \n \f \r \" \\, other control characters as \u00xx), UTF-8 copied
// as is, and a string that is not UTF-8 written as nlohmann writes it with
// U+FFFD for each stray byte. tests/engine/util/json_writer_test.cc checks
// both on random text.
#ifndef REFERRAL_ENGINE_UTIL_JSON_WRITER_H_
#define REFERRAL_ENGINE_UTIL_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace referral::internal {

class JsonWriter {
 public:
  // Appends to `*out`, which must outlive the writer.
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // An object's key; the next call writes its value.
  void Key(std::string_view key) {
    Separate();
    Quote(key);
    out_->push_back(':');
    comma_ = false;
  }
  void String(std::string_view s) {
    Separate();
    Quote(s);
    comma_ = true;
  }
  // A string, or null when it is empty.
  void StringOrNull(std::string_view s) {
    if (s.empty()) {
      Null();
    } else {
      String(s);
    }
  }
  void Null() { Literal("null"); }
  void Bool(bool b) { Literal(b ? "true" : "false"); }
  void Int(int64_t n);

 private:
  void Separate() {
    if (comma_) out_->push_back(',');
  }
  void Open(char c) {
    Separate();
    out_->push_back(c);
    comma_ = false;
  }
  void Close(char c) {
    out_->push_back(c);
    comma_ = true;
  }
  void Literal(std::string_view text) {
    Separate();
    out_->append(text);
    comma_ = true;
  }
  void Quote(std::string_view s);

  std::string* out_;
  bool comma_ = false;  // a value was written at this level: the next one needs a comma
};

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_JSON_WRITER_H_
