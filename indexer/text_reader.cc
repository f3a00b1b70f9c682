// Plain-text and Markdown reader (text_reader.h).
#include "indexer/text_reader.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "indexer/utf8_repair.h"
#include "schema/fields.h"

namespace facette {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// Splits into lines, dropping the '\r' of CRLF ends.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string_view StripHeadingMarks(std::string_view line) {
  line = Trim(line);
  std::size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes > 0 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ')) {
    line.remove_prefix(hashes);
  }
  return Trim(line);
}

std::string_view Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  return s;
}

}  // namespace

void ParseTextArticle(std::string_view contents, const std::string& id,
                      const std::string& display_name, const TextFileOptions& options,
                      RecordSink& sink) {
  // A whole file is no JSON Lines record: nothing for the rejects file.
  auto reject = [&](std::string reason) {
    sink.OnRejection(Rejection{SourcePosition{display_name, 1}, std::move(reason), ""});
  };
  if (id.size() > kMaxIdBytes) {
    reject("the article id (the file's path, " + std::to_string(id.size()) +
           " bytes) is longer than the limit of " + std::to_string(kMaxIdBytes) + " bytes");
    return;
  }
  if (std::string defect = IdDefect(id); !defect.empty()) {
    reject("the article id (the file's path) " + defect);
    return;
  }
  if (contents.find('\0') != std::string_view::npos) {
    reject("binary file (contains NUL bytes), not a text article");
    return;
  }
  std::string text(contents);
  ParsedArticle article;
  article.id = id;
  article.position = SourcePosition{display_name, 1};
  article.repaired_utf8 = RepairUtf8(text);
  std::string_view view = text;
  if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);

  std::vector<std::string_view> lines = Lines(view);
  std::size_t i = 0;
  std::optional<Date> found_date;

  // Markdown front matter: "---" ... "---" with "title:" and "date:" keys.
  if (options.markdown && !lines.empty() && Trim(lines[0]) == "---") {
    for (std::size_t j = 1; j < lines.size(); ++j) {
      std::string_view line = Trim(lines[j]);
      if (line == "---" || line == "...") {
        i = j + 1;
        break;
      }
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view key = Trim(line.substr(0, colon));
      std::string_view value = Unquote(line.substr(colon + 1));
      if (key == "title") article.title.assign(value);
      if (key == "date") {
        Result<Date> date = ParseArticleDate(value);
        if (date.ok()) {
          found_date = date.value();
        } else {
          sink.OnWarning(
              Warning{SourcePosition{display_name, j + 1},
                      "front matter \"date\": " + date.status().message() + "; ignored"});
        }
      }
    }
  }

  // Title: the first non-empty line, unless the front matter gave one.
  while (i < lines.size() && Trim(lines[i]).empty()) ++i;
  if (article.title.empty() && i < lines.size()) {
    article.title.assign(options.markdown ? StripHeadingMarks(lines[i]) : Trim(lines[i]));
    article.position.line = i + 1;
    ++i;
  }

  // A date on one of the first non-empty lines after the title. A line
  // that starts like a date but names a day that does not exist is the date
  // line, wrong: a warning, and no date.
  if (!found_date && !options.date) {
    std::size_t seen = 0;
    for (std::size_t j = i; j < lines.size() && seen < 2; ++j) {
      if (Trim(lines[j]).empty()) continue;
      ++seen;
      std::optional<Result<Date>> date = ReadLeadingDate(lines[j]);
      if (!date) continue;
      if (date->ok()) {
        found_date = date->value();
      } else {
        sink.OnWarning(
            Warning{SourcePosition{display_name, j + 1},
                    "date line: " + date->status().message() + "; the article has no date"});
      }
      break;
    }
  }
  if (options.date) {
    article.date = *options.date;
    article.has_date = true;
  } else if (found_date) {
    article.date = *found_date;
    article.has_date = true;
  }

  // Body: the rest of the text.
  std::string body;
  for (; i < lines.size(); ++i) {
    body.append(lines[i]);
    body.push_back('\n');
  }
  article.body.assign(Trim(body));
  if (Trim(article.title).empty() && article.body.empty()) {
    reject("no text: the file is empty or only white space");
    return;
  }
  if (article.repaired_utf8 > 0) {
    sink.OnWarning(Warning{
        SourcePosition{display_name, 0},
        std::to_string(article.repaired_utf8) + " invalid UTF-8 sequence(s) replaced by U+FFFD"});
  }
  sink.OnArticle(std::move(article));
}

Status ReadTextFile(const std::string& path, const std::string& id, const std::string& display_name,
                    const TextFileOptions& options, RecordSink& sink) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open for reading");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return Status::IOError("read error");
  ParseTextArticle(contents.str(), id, display_name, options, sink);
  return Status::Ok();
}

}  // namespace facette
