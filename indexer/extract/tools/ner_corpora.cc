// Reading other annotated corpora (ner_corpora.h).
#include "indexer/extract/tools/ner_corpora.h"

#include <fstream>
#include <optional>
#include <string_view>

namespace facette::ner {
namespace {

// One token of an annotated sentence: its text, whether a space follows it
// in the source (when the format says), and its entity: the type ("PER",
// "ORG", "LOC" or empty) and whether it starts one.
struct AnnotatedToken {
  std::string text;
  std::string type;
  bool begins = false;
  std::optional<bool> space_after;
};

bool EndsWithApostrophe(std::string_view s) {
  return (!s.empty() && s.back() == '\'') ||
         (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\x99");  // ’
}

bool NoSpaceBefore(std::string_view s) {
  return s == "," || s == "." || s == ")" || s == "]" || s == "..." || s == "\xE2\x80\xA6";
}

// Builds an article from sentences of tokens.
class ArticleBuilder {
 public:
  explicit ArticleBuilder(std::string id) { article_.id = std::move(id); }

  void AddSentence(const std::vector<AnnotatedToken>& tokens) {
    if (tokens.empty()) return;
    if (!article_.text.empty()) article_.text += "\n";
    bool space = false;
    for (const AnnotatedToken& t : tokens) {
      if (open_ && (t.type != entity_.type || t.begins)) Close();
      if (space && !NoSpaceBefore(t.text)) article_.text += ' ';
      const std::size_t begin = article_.text.size();
      article_.text += t.text;
      if (!t.type.empty()) {
        if (!open_) {
          entity_ = GoldEntity();
          entity_.type = t.type;
          entity_.begin = begin;
          open_ = true;
        }
        entity_.end = article_.text.size();
      }
      space = t.space_after.value_or(!EndsWithApostrophe(t.text) && t.text != "(");
    }
    if (open_) Close();
    ++sentences_;
  }

  std::size_t sentences() const { return sentences_; }

  GoldArticle Take() {
    GoldArticle done = std::move(article_);
    article_ = GoldArticle();
    sentences_ = 0;
    return done;
  }

 private:
  void Close() {
    entity_.text = article_.text.substr(entity_.begin, entity_.end - entity_.begin);
    article_.entities.push_back(entity_);
    open_ = false;
  }

  GoldArticle article_;
  GoldEntity entity_;
  bool open_ = false;
  std::size_t sentences_ = 0;
};

std::string TypeOf(std::string_view name) {
  if (name == "PERS" || name == "PER" || name == "pers") return "PER";
  if (name == "ORG" || name == "org") return "ORG";
  if (name == "LOC" || name == "loc") return "LOC";
  return "";
}

std::vector<std::string_view> Columns(std::string_view line, char separator) {
  std::vector<std::string_view> columns;
  while (true) {
    const std::size_t at = line.find(separator);
    columns.push_back(line.substr(0, at));
    if (at == std::string_view::npos) break;
    line.remove_prefix(at + 1);
  }
  return columns;
}

bool EndsWith(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

Status BadLine(const std::string& path, std::size_t number, const std::string& why) {
  return Status::InvalidArgument(path + ":" + std::to_string(number) + ": " + why);
}

// Sequoia: "# sent_id = annodis.er_00002" then one token a line (ID FORM
// ... UPOS at 3 ... PARSEME:NE last), a blank line after each sentence.
Status ReadConllu(std::istream& in, const std::string& path, std::size_t per_article,
                  std::vector<GoldArticle>* out) {
  std::string line;
  std::size_t number = 0;
  std::string document;  // the sentence id without its number
  std::string sentence_id;
  std::vector<AnnotatedToken> tokens;
  std::vector<std::string> upos;
  std::optional<ArticleBuilder> article;
  std::string current_type;
  auto flush_article = [&] {
    if (article && article->sentences() > 0) out->push_back(article->Take());
  };
  auto end_sentence = [&] {
    if (tokens.empty()) return;
    // "de le" -> "du", "de les" -> "des", "à le" -> "au", "à les" -> "aux"
    // (Sequoia splits them), when no entity starts or ends between.
    std::vector<AnnotatedToken> joined;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const AnnotatedToken& t = tokens[i];
      if (i + 1 < tokens.size() && upos[i] == "ADP" && upos[i + 1] == "DET" &&
          t.type == tokens[i + 1].type && !tokens[i + 1].begins) {
        const std::string& a = t.text;
        const std::string& b = tokens[i + 1].text;
        const bool de = a == "de" || a == "De";
        const bool to = a == "à" || a == "À";
        const char* contracted = nullptr;
        if (de && b == "le") contracted = a == "de" ? "du" : "Du";
        if (de && b == "les") contracted = a == "de" ? "des" : "Des";
        if (to && b == "le") contracted = a == "à" ? "au" : "Au";
        if (to && b == "les") contracted = a == "à" ? "aux" : "Aux";
        if (contracted != nullptr) {
          AnnotatedToken c = t;
          c.text = contracted;
          joined.push_back(c);
          ++i;
          continue;
        }
      }
      joined.push_back(t);
    }
    const std::size_t dot = sentence_id.rfind('_');
    const std::string doc = sentence_id.substr(0, dot);
    if (!article || doc != document || article->sentences() >= per_article) {
      flush_article();
      document = doc;
      article.emplace("sequoia/" + sentence_id);
    }
    article->AddSentence(joined);
    tokens.clear();
    upos.clear();
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) {
      end_sentence();
      continue;
    }
    if (line[0] == '#') {
      constexpr std::string_view kId = "# sent_id = ";
      if (line.compare(0, kId.size(), kId) == 0) sentence_id = line.substr(kId.size());
      continue;
    }
    const std::vector<std::string_view> c = Columns(line, '\t');
    if (c.size() < 4) return BadLine(path, number, "fewer than 4 columns");
    if (c[0].find_first_of("-.") != std::string_view::npos) continue;  // ranges, empty nodes
    AnnotatedToken t;
    t.text = c[1];
    const std::string_view ne = c.back();
    if (ne != "*") {
      const std::size_t colon = ne.find(':');
      if (colon != std::string_view::npos) {
        current_type = TypeOf(ne.substr(colon + 1));
        t.begins = true;
      }
      t.type = current_type;
    }
    tokens.push_back(std::move(t));
    upos.emplace_back(c[3]);
  }
  end_sentence();
  flush_article();
  return Status::Ok();
}

// Europeana: "token TAG" lines, IO tags, no sentence breaks.
Status ReadBio(std::istream& in, const std::string& path, std::size_t per_article,
               std::vector<GoldArticle>* out) {
  std::string line;
  std::size_t number = 0;
  std::vector<AnnotatedToken> tokens;
  ArticleBuilder article("europeana/1");
  std::size_t articles = 1;
  auto end_sentence = [&] {
    article.AddSentence(tokens);
    tokens.clear();
    if (article.sentences() >= per_article) {
      out->push_back(article.Take());
      article = ArticleBuilder("europeana/" + std::to_string(++articles));
    }
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const std::size_t space = line.rfind(' ');
    if (space == std::string::npos || space == 0) return BadLine(path, number, "no tag");
    AnnotatedToken t;
    t.text = line.substr(0, space);
    const std::string_view tag = std::string_view(line).substr(space + 1);
    if (tag.size() > 2 && tag[1] == '-') {
      t.type = TypeOf(tag.substr(2));
      t.begins = tag[0] == 'B';
    }
    const bool stop = t.text == "." || t.text == "?" || t.text == "!";
    tokens.push_back(std::move(t));
    if (stop) end_sentence();
  }
  if (!tokens.empty()) end_sentence();
  if (article.sentences() > 0) out->push_back(article.Take());
  return Status::Ok();
}

// HIPE-2022: a header line, "# hipe2022:document_id = ..." before each
// document, TOKEN NE-COARSE-LIT ... MISC columns.
Status ReadHipe(std::istream& in, const std::string& path, std::size_t per_article,
                std::vector<GoldArticle>* out) {
  std::string line;
  std::size_t number = 0;
  std::vector<AnnotatedToken> tokens;
  std::optional<ArticleBuilder> article;
  std::string document;
  std::size_t part = 0;
  auto end_sentence = [&] {
    if (tokens.empty()) return;
    if (!article || article->sentences() >= per_article) {
      if (article && article->sentences() > 0) out->push_back(article->Take());
      article.emplace("hipe/" + document + "/" + std::to_string(++part));
    }
    article->AddSentence(tokens);
    tokens.clear();
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == '#') {
      constexpr std::string_view kDocument = "# hipe2022:document_id = ";
      if (line.compare(0, kDocument.size(), kDocument) == 0) {
        end_sentence();
        if (article && article->sentences() > 0) out->push_back(article->Take());
        article.reset();
        document = line.substr(kDocument.size());
        part = 0;
      }
      continue;
    }
    if (number == 1 || line.compare(0, 6, "TOKEN\t") == 0) continue;
    const std::vector<std::string_view> c = Columns(line, '\t');
    if (c.size() < 10) return BadLine(path, number, "fewer than 10 columns");
    AnnotatedToken t;
    t.text = c[0];
    const std::string_view tag = c[1];
    if (tag.size() > 2 && tag[1] == '-') {
      t.type = TypeOf(tag.substr(2));
      t.begins = tag[0] == 'B';
    }
    const std::string_view misc = c[9];
    t.space_after = misc.find("NoSpaceAfter") == std::string_view::npos;
    tokens.push_back(std::move(t));
    if (misc.find("EndOfSentence") != std::string_view::npos) end_sentence();
  }
  end_sentence();
  if (article && article->sentences() > 0) out->push_back(article->Take());
  return Status::Ok();
}

}  // namespace

Result<std::vector<GoldArticle>> ReadExtraCorpus(const std::string& path, std::size_t sentences) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read");
  std::vector<GoldArticle> articles;
  Status status;
  if (EndsWith(path, ".conllu")) {
    status = ReadConllu(in, path, sentences, &articles);
  } else if (EndsWith(path, ".bio")) {
    status = ReadBio(in, path, sentences, &articles);
  } else if (EndsWith(path, ".tsv")) {
    status = ReadHipe(in, path, sentences, &articles);
  } else {
    return Status::InvalidArgument(path + ": not a .conllu, .bio or .tsv corpus");
  }
  if (!status.ok()) return status;
  return articles;
}

}  // namespace facette::ner
