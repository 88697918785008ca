// The rule book: a rule set as a document that legal and committee reviewers
// read and sign, without YAML (docs/book.md).
#ifndef REFERRAL_BOOK_H_
#define REFERRAL_BOOK_H_

#include <string>

#include "referral/export.h"
#include "referral/options.h"
#include "referral/ruleset.h"

namespace referral {

enum class BookFormat { kMarkdown, kHtml };

// The rule set in `lang`: its version, digest and dates; for each stage (node)
// in routing order, its rules in order, each with its condition written as a
// sentence, the services it sends to with priority, deadline and legal basis
// (and citation), its outcome, warnings and instructions, whether its basis is
// verified or an assumption (with sources), and its file:line; then the
// services catalogue and the facts with their values and defaults. HTML is one
// self-contained page that prints one stage per page. Thread-safe.
// The analysis findings (referral analyze, without its notes on unused facts
// and values) appear under the rule or service they concern.
REFERRAL_API std::string RenderBook(const Ruleset& rules, BookFormat format, Lang lang);

struct BookOptions {
  Lang lang = Lang::kEs;
  // An earlier version of the rule set: each rule, service and fact that is
  // new or changed since it is marked (a changed one also shows what it said
  // before), and the book opens with what changed and what was removed.
  const Ruleset* base = nullptr;
};
REFERRAL_API std::string RenderBook(const Ruleset& rules, BookFormat format, const BookOptions& options);

}  // namespace referral

#endif  // REFERRAL_BOOK_H_
