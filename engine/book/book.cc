// RenderBook(): the rule set as a document. It is built once as a list of
// blocks (headings, paragraphs, lists) and written as Markdown or HTML, so
// both say the same thing.
#include "referral/book.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "diag/diag_sink.h"
#include "explain/words.h"
#include "referral/analysis.h"
#include "model/model.h"
#include "util/html.h"

namespace referral {

namespace {

using internal::Model;

struct Block {
  enum class Kind { kTitle, kStage, kSection, kRule, kPara, kItem } kind;
  std::string text;
  std::string anchor;  // kStage, kRule, kSection: an id to link to
  // Against an earlier version (--base): a rule, service or fact that is new,
  // or whose text changed. Items that only say where it is written
  // (file:line) do not count as a change.
  enum class Mark { kNone, kNew, kChanged } mark = Mark::kNone;
  bool location = false;
};

// Analysis findings by the place they point at (file:line of a rule, a
// service or a fact).
using FindingsAt = std::map<std::pair<std::string, int>, std::vector<const Finding*>>;

struct W {
  const char* version;
  const char* effective;
  const char* digest;
  const char* language;
  const char* how_to_read;
  const char* stage;
  const char* first;
  const char* collect;
  const char* unique;
  const char* rule;
  const char* in_force;
  const char* when;
  const char* refers;
  const char* priority;
  const char* timeframe;
  const char* basis;
  const char* then;
  const char* outcome;
  const char* follow_up;
  const char* warning;
  const char* confirm;
  const char* because;
  const char* grounds;
  const char* verified;
  const char* partly;
  const char* assumption;
  const char* sources;
  const char* source;
  const char* services;
  const char* eligibility;
  const char* everyone;
  const char* fallback;
  const char* confirm_all;
  const char* local;
  const char* facts;
  const char* values;
  const char* default_value;
  const char* required;
  const char* sensitive;
  const char* derived;
  const char* scope;
  const char* out_of_scope;
  const char* no_route;
  const char* definitions;
  const char* definitions_intro;
  const char* finding;
  const char* analysis;
  const char* analysis_clean;
  const char* analysis_findings;
  const char* analysis_incomplete;
  const char* before;
  const char* changes_since;
  const char* changes_new;
  const char* changes_changed;
  const char* changes_removed;
  const char* removed;
  const char* mark_new;
  const char* mark_changed;
};

// Its words, from the message catalogue (book.*; engine/diag/messages.cc).
const W& WordsFor(Lang lang) {
  const auto in = [](Lang l) {
    const auto t = [l](std::string_view code) { return internal::MessageText(code, l); };
    return W{t("book.version"), t("book.effective"), t("book.digest"), t("book.language"), t("book.how_to_read"), t("book.stage"), t("book.first"), t("book.collect"), t("book.unique"), t("book.rule"), t("book.in_force"), t("book.when"), t("book.refers"), t("book.priority"), t("book.timeframe"), t("book.basis"), t("book.then"), t("book.outcome"), t("book.follow_up"), t("book.warning"), t("book.confirm"), t("book.because"), t("book.grounds"), t("book.verified"), t("book.partly"), t("book.assumption"), t("book.sources"), t("book.source"), t("book.services"), t("book.eligibility"), t("book.everyone"), t("book.fallback"), t("book.confirm_all"), t("book.local"), t("book.facts"), t("book.values"), t("book.default_value"), t("book.required"), t("book.sensitive"), t("book.derived"), t("book.scope"), t("book.out_of_scope"), t("book.no_route"), t("book.definitions"), t("book.definitions_intro"), t("book.finding"), t("book.analysis"), t("book.analysis_clean"), t("book.analysis_findings"), t("book.analysis_incomplete"), t("book.before"), t("book.changes_since"), t("book.changes_new"), t("book.changes_changed"), t("book.changes_removed"), t("book.removed"), t("book.mark_new"), t("book.mark_changed")};
  };
  static const W es = in(Lang::kEs), en = in(Lang::kEn);
  return lang == Lang::kEs ? es : en;
}

// A because-text as written, its `{fact}` quotes named: «edad».
std::string Template(const Model& m, const std::string& text, Lang lang) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t open = text.find('{', pos);
    const size_t close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    std::string name = text.substr(open + 1, close - open - 1);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ":age") == 0) name.resize(name.size() - 4);
    const int f = m.FindFact(name);
    out += "«" + (f < 0 ? name : internal::FactWords(m.facts[f], lang)) + "»";
    pos = close + 1;
  }
  return out;
}

std::vector<Block> Build(const Model& m, Lang lang, const AnalysisReport* analysis) {
  const W& w = WordsFor(lang);
  std::vector<Block> b;
  FindingsAt findings;
  std::set<const Finding*> placed;
  if (analysis) {
    for (const Finding& f : analysis->findings) findings[{f.file, f.line}].push_back(&f);
  }
  // The findings about the definition at `loc`, as items.
  auto findings_at = [&](const internal::Location& loc) {
    auto it = findings.find({loc.file, loc.line});
    if (it == findings.end()) return;
    for (const Finding* f : it->second) {
      b.push_back({Block::Kind::kItem, std::string(w.finding) + " (" + f->code + "): " + f->message, {}});
      placed.insert(f);
    }
  };
  auto para = [&](std::string t) { b.push_back({Block::Kind::kPara, std::move(t), {}}); };
  auto item = [&](std::string t) { b.push_back({Block::Kind::kItem, std::move(t), {}}); };
  const std::string& title = m.title.Get(lang);
  b.push_back({Block::Kind::kTitle, title.empty() ? m.id : title, m.id});
  para(std::string(w.version) + " " + m.version +
       (m.effective_date.empty() ? "" : std::string(", ") + w.effective + " " + m.effective_date) + ". " + w.digest +
       ": " + m.digest + ". " + w.language + ": " + (m.language == Lang::kEs ? "es" : "en") + ".");
  para(w.how_to_read);
  if (m.scope >= 0) {
    para(std::string(w.scope) + ": " + internal::ConditionWords(m, m.scope, lang) + "; " + w.out_of_scope + " (" +
         m.scope_reason + ").");
  }
  para(std::string(w.no_route) + ": " + m.fallback_reason + (m.fallback_follow_up ? std::string(", ") + w.follow_up : "") +
       ". " + m.fallback_because.Get(lang));
  if (analysis) {
    size_t shown = 0;
    for (const Finding& f : analysis->findings) shown += f.severity != Severity::kInfo;
    para(std::string(w.analysis) + ": " +
         (shown == 0 ? std::string(w.analysis_clean) : std::to_string(shown) + " " + w.analysis_findings) +
         (analysis->complete ? "" : " " + std::string(w.analysis_incomplete)) + ".");
  }

  if (!m.predicates.empty()) {
    b.push_back({Block::Kind::kSection, w.definitions, "definitions"});
    para(w.definitions_intro);
    for (const internal::Predicate& p : m.predicates) {
      b.push_back({Block::Kind::kItem, "«" + internal::PredicateWords(p, lang) + "»: " + internal::ConditionWords(m, p.condition, lang) + ".",
                   "def-" + p.name});
    }
  }

  int stage = 0;
  for (int n : m.node_order) {
    const internal::Node& node = m.nodes[n];
    b.push_back({Block::Kind::kStage,
                 std::string(w.stage) + " " + std::to_string(++stage) + ": " + node.id +
                     (node.description.empty() ? "" : " — " + node.description.Get(lang)),
                 "stage-" + node.id});
    para(node.hit == internal::HitPolicy::kFirst     ? w.first
         : node.hit == internal::HitPolicy::kCollect ? w.collect
                                                     : w.unique);
    for (int r : node.rules) {
      const internal::Rule& rule = m.rules[r];
      b.push_back({Block::Kind::kRule,
                   std::string(w.rule) + " " + rule.id +
                       (rule.effective.empty() ? "" : " (" + std::string(w.in_force) + " " + rule.effective + ")"),
                   "rule-" + rule.id + (rule.effective.empty() ? "" : "@" + rule.effective)});
      item(std::string(w.when) + ": " + internal::ConditionWords(m, rule.when, lang) + ".");
      for (const internal::ReferTo& to : rule.refer) {
        const internal::Service& s = m.services[to.service];
        std::string t = std::string(w.refers) + ": " + s.name.Get(lang) + " (" + s.id + ")";
        if (to.priority >= 0) {
          const internal::Priority& p = m.priorities[to.priority];
          t += "; " + std::string(w.priority) + " " + internal::PriorityWords(p, lang);
          if (!p.timeframe.empty()) t += ", " + std::string(w.timeframe) + " " + internal::TimeframeWords(p.timeframe, lang);
        }
        const std::string& basis = to.legal_basis.empty() ? s.legal_basis : to.legal_basis;
        t += "; " + std::string(w.basis) + ": " + internal::LegalBasisWords(basis, lang) +
             (s.citation.empty() ? "" : " (" + s.citation + ")") + ".";
        item(t);
      }
      if (!rule.next.empty()) {
        std::string t;
        for (int x : rule.next) t += (t.empty() ? "" : ", ") + m.nodes[x].id;
        item(std::string(w.then) + ": " + t + ".");
      }
      if (rule.has_outcome) {
        item(std::string(w.outcome) + ": " + rule.reason + (rule.follow_up ? std::string(", ") + w.follow_up : "") + ".");
      }
      for (const std::string& code : rule.warn) {
        const std::string text = internal::WarningWords(m, code, lang);
        item(std::string(w.warning) + ": " + (text.empty() ? code : text + " (" + code + ")"));
      }
      if (rule.require_confirmation) item(w.confirm);
      if (!rule.because.empty()) item(std::string(w.because) + ": " + Template(m, rule.because.Get(lang), lang));
      const std::string& st = rule.basis.status;
      std::string grounds = st == "verified" ? w.verified : st == "partly_verified" ? w.partly : st == "assumption" ? w.assumption : st;
      if (!rule.basis.sources.empty()) {
        std::string list;
        for (const auto& s : rule.basis.sources) list += (list.empty() ? "" : ", ") + s;
        grounds += (grounds.empty() ? "" : "; ") + std::string(w.sources) + ": " + list;
      }
      if (!rule.basis.note.empty()) grounds += (grounds.empty() ? "" : ". ") + rule.basis.note;
      if (!grounds.empty()) item(std::string(w.grounds) + ": " + grounds);
      findings_at(rule.loc);
      if (!rule.source.empty()) {
        item(std::string(w.source) + ": " + rule.source);
        b.back().location = true;
      }
    }
  }

  b.push_back({Block::Kind::kSection, w.services, "services"});
  for (const internal::Service& s : m.services) {
    b.push_back({Block::Kind::kRule, s.name.Get(lang) + " (" + s.id + ")", "service-" + s.id});
    item(std::string(w.basis) + ": " + internal::LegalBasisWords(s.legal_basis, lang) +
         (s.citation.empty() ? "" : " (" + s.citation + ")") + ".");
    item(std::string(w.eligibility) + ": " +
         (s.eligibility < 0 ? std::string(w.everyone) : internal::ConditionWords(m, s.eligibility, lang)) + ".");
    if (!s.fallback.empty()) {
      std::string list;
      for (int f : s.fallback) list += (list.empty() ? "" : ", ") + m.services[f].name.Get(lang);
      item(std::string(w.fallback) + ": " + list + ".");
    }
    if (s.human_confirmation) item(w.confirm_all);
    if (s.local) item(w.local);
    findings_at(s.loc);
  }

  b.push_back({Block::Kind::kSection, w.facts, "facts"});
  for (size_t f = 0; f < m.facts.size(); ++f) {
    const internal::Fact& fact = m.facts[f];
    b.push_back({Block::Kind::kRule, internal::FactWords(fact, lang) + " (" + fact.name + ")", "fact-" + fact.name});
    if (!fact.values.empty()) {
      std::string list;
      for (size_t v = 0; v < fact.values.size(); ++v) {
        list += (list.empty() ? "" : ", ") + internal::ValueLabel(fact, v, lang) + " (" + fact.values[v] + ")";
      }
      item(std::string(w.values) + ": " + list + ".");
    }
    if (fact.required) item(w.required);
    if (fact.has_default) {
      std::string value;
      switch (fact.type) {
        case internal::FactType::kBool: value = internal::MessageText(fact.default_value ? "words.yes" : "words.no", lang); break;
        case internal::FactType::kEnum: value = internal::ValueLabel(fact, static_cast<size_t>(fact.default_value), lang); break;
        case internal::FactType::kSet:
          value = fact.default_value == 0 ? internal::MessageText("words.none", lang) : std::to_string(fact.default_value);
          break;
        default: value = std::to_string(fact.default_value);
      }
      item(std::string(w.default_value) + ": " + value + ".");
    }
    if (fact.derived) item(w.derived);
    if (fact.sensitive) item(w.sensitive);
    if (!fact.description.empty()) item(fact.description);
  }
  // Findings that point at no rule, service or fact (a gap is about the
  // whole rule set), with warnings and errors before notes.
  if (analysis && placed.size() < analysis->findings.size()) {
    b.push_back({Block::Kind::kSection, w.analysis, "analysis"});
    for (const Finding& f : analysis->findings) {
      if (!placed.count(&f) && f.severity != Severity::kInfo) {
        item(std::string(w.finding) + " (" + f.code + "): " + f.message);
      }
    }
    for (const Finding& f : analysis->findings) {
      if (!placed.count(&f) && f.severity == Severity::kInfo) item(f.message + " (" + f.code + ")");
    }
  }
  return b;
}

// What a rule, service or fact says: its heading's anchor and its items, but
// where it is written.
std::map<std::string, std::vector<std::string>> Contents(const std::vector<Block>& blocks) {
  std::map<std::string, std::vector<std::string>> out;
  std::vector<std::string>* current = nullptr;
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::kItem && !b.anchor.empty()) {  // a definition: an entry of its own
      out[b.anchor].push_back(b.text);
      current = nullptr;
    } else if (b.kind == Block::Kind::kRule) {
      current = &out[b.anchor];
      current->push_back(b.text);
    } else if (b.kind == Block::Kind::kItem) {
      if (current && !b.location && b.text.rfind(WordsFor(Lang::kEs).finding, 0) != 0 &&
          b.text.rfind(WordsFor(Lang::kEn).finding, 0) != 0) {
        current->push_back(b.text);
      }
    } else {
      current = nullptr;
    }
  }
  return out;
}

// Marks what is new or changed since `base`, adds what it said before under a
// changed heading, and opens the book with a summary that lists what was
// removed.
void MarkChanges(std::vector<Block>& head, const std::vector<Block>& base, const Model& base_model, Lang lang) {
  const W& w = WordsFor(lang);
  const auto before = Contents(base), after = Contents(head);
  std::vector<Block> out;
  int added = 0, changed = 0;
  for (size_t i = 0; i < head.size(); ++i) {
    out.push_back(head[i]);
    const bool entry = head[i].kind == Block::Kind::kRule || (head[i].kind == Block::Kind::kItem && !head[i].anchor.empty());
    if (!entry) continue;
    auto it = before.find(head[i].anchor);
    if (it == before.end()) {
      out.back().mark = Block::Mark::kNew;
      ++added;
      continue;
    }
    const std::vector<std::string>& now = after.at(head[i].anchor);
    if (now == it->second) continue;
    out.back().mark = Block::Mark::kChanged;
    ++changed;
    for (const std::string& old : it->second) {
      if (std::find(now.begin(), now.end(), old) == now.end()) {
        out.push_back({Block::Kind::kItem, std::string(w.before) + ": " + old, {}});
      }
    }
  }
  std::vector<std::string> removed;
  for (const Block& b : base) {
    const bool entry = b.kind == Block::Kind::kRule || (b.kind == Block::Kind::kItem && !b.anchor.empty());
    if (entry && !after.count(b.anchor)) removed.push_back(b.text);
  }
  std::vector<Block> summary = {{Block::Kind::kSection,
                                 std::string(w.changes_since) + " " + base_model.version + " (" +
                                     base_model.digest.substr(0, 12) + ")",
                                 "changes"},
                                {Block::Kind::kPara,
                                 std::to_string(added) + " " + w.changes_new + ", " + std::to_string(changed) + " " +
                                     w.changes_changed + ", " + std::to_string(removed.size()) + " " +
                                     w.changes_removed + ".",
                                 {}}};
  for (const std::string& r : removed) summary.push_back({Block::Kind::kItem, std::string(w.removed) + ": " + r, {}});
  // After the header paragraphs, before the first section.
  auto first_section = std::find_if(out.begin(), out.end(), [](const Block& b) {
    return b.kind == Block::Kind::kSection || b.kind == Block::Kind::kStage;
  });
  out.insert(first_section, summary.begin(), summary.end());
  head = std::move(out);
}

// " (nuevo)", " (cambiado)": how a heading shows its mark.
std::string MarkText(Block::Mark mark, Lang lang) {
  if (mark == Block::Mark::kNone) return "";
  const W& w = WordsFor(lang);
  return std::string(" (") + (mark == Block::Mark::kNew ? w.mark_new : w.mark_changed) + ")";
}

std::string Markdown(const std::vector<Block>& blocks, Lang lang) {
  std::ostringstream out;
  Block::Kind last = Block::Kind::kPara;
  for (const Block& b : blocks) {
    if (last == Block::Kind::kItem && b.kind != Block::Kind::kItem) out << "\n";
    switch (b.kind) {
      case Block::Kind::kTitle: out << "# " << b.text << "\n\n"; break;
      case Block::Kind::kStage:
      case Block::Kind::kSection: out << "## " << b.text << "\n\n"; break;
      case Block::Kind::kRule: out << "### " << b.text << MarkText(b.mark, lang) << "\n\n"; break;
      case Block::Kind::kPara: out << b.text << "\n\n"; break;
      case Block::Kind::kItem: out << "- " << b.text << MarkText(b.mark, lang) << "\n"; break;
    }
    last = b.kind;
  }
  return out.str();
}

std::string Html(const std::vector<Block>& blocks, Lang lang) {
  using internal::HtmlEscape;
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::kEs ? "es" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>" << HtmlEscape(blocks.empty() ? "" : blocks[0].text) << "</title>\n<style>\n"
      << "body{font-family:'Liberation Serif',Georgia,serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}\n"
      << "h1{font-size:1.7em}h2{border-bottom:2px solid #2f6690;padding-bottom:.2em;margin-top:2em}\n"
      << "h3{font-size:1.05em;margin:1.4em 0 .3em;color:#2f6690}ul{margin:.2em 0 .8em;padding-left:1.3em}\n"
      << "li{margin:.15em 0}h3.new{border-left:4px solid #2e7d32;padding-left:.4em}\n"
      << "h3.changed{border-left:4px solid #b26a00;padding-left:.4em}li.new{color:#1b5e20}li.changed{color:#8a5200}\n"
      << "@media print{body{margin:0;max-width:none}section.stage,section.part{break-before:page}"
      << "h3{break-after:avoid}li{break-inside:avoid}}\n"
      << "</style>\n</head>\n<body>\n<main>\n";
  bool in_list = false, in_section = false;
  auto close_list = [&] {
    if (in_list) out << "</ul>\n";
    in_list = false;
  };
  for (const Block& b : blocks) {
    if (b.kind != Block::Kind::kItem) close_list();
    switch (b.kind) {
      case Block::Kind::kTitle: out << "<h1 id=\"" << HtmlEscape(b.anchor) << "\">" << HtmlEscape(b.text) << "</h1>\n"; break;
      case Block::Kind::kStage:
      case Block::Kind::kSection:
        if (in_section) out << "</section>\n";
        out << "<section class=\"" << (b.kind == Block::Kind::kStage ? "stage" : "part") << "\" id=\""
            << HtmlEscape(b.anchor) << "\">\n<h2>" << HtmlEscape(b.text) << "</h2>\n";
        in_section = true;
        break;
      case Block::Kind::kRule:
        out << "<h3 id=\"" << HtmlEscape(b.anchor) << "\""
            << (b.mark == Block::Mark::kNew ? " class=\"new\"" : b.mark == Block::Mark::kChanged ? " class=\"changed\"" : "")
            << ">" << HtmlEscape(b.text + MarkText(b.mark, lang)) << "</h3>\n";
        break;
      case Block::Kind::kPara: out << "<p>" << HtmlEscape(b.text) << "</p>\n"; break;
      case Block::Kind::kItem:
        if (!in_list) out << "<ul>\n";
        in_list = true;
        out << "<li" << (b.anchor.empty() ? "" : " id=\"" + HtmlEscape(b.anchor) + "\"")
            << (b.mark == Block::Mark::kNew ? " class=\"new\"" : b.mark == Block::Mark::kChanged ? " class=\"changed\"" : "")
            << ">" << HtmlEscape(b.text + MarkText(b.mark, lang)) << "</li>\n";
        break;
    }
  }
  close_list();
  if (in_section) out << "</section>\n";
  out << "</main>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace

std::string RenderBook(const Ruleset& rules, BookFormat format, Lang lang) {
  return RenderBook(rules, format, BookOptions{lang, nullptr});
}

std::string RenderBook(const Ruleset& rules, BookFormat format, const BookOptions& options) {
  const Lang lang = options.lang;
  AnalyzeOptions analyze;
  analyze.include_info = false;  // unused facts and values are the policy team's notes, not the committee's
  const AnalysisReport analysis = Analyze(rules, analyze, lang);
  std::vector<Block> blocks = Build(internal::ModelOf(rules), lang, &analysis);
  if (options.base) {
    const std::vector<Block> base = Build(internal::ModelOf(*options.base), lang, nullptr);
    MarkChanges(blocks, base, internal::ModelOf(*options.base), lang);
  }
  return format == BookFormat::kHtml ? Html(blocks, lang) : Markdown(blocks, lang);
}

}  // namespace referral
