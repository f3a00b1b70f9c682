// Plain-text and Markdown reader (text_reader.h).
#include "indexer/text_reader.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "indexer/article_validation.h"
#include "indexer/utf8_repair.h"

namespace facette {
namespace {

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
  line = TrimBlanks(line);
  std::size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes > 0 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ')) {
    line.remove_prefix(hashes);
    line = TrimBlanks(line);
    // An ATX heading's optional closing sequence: '#'s after a space.
    std::size_t end = line.size();
    while (end > 0 && line[end - 1] == '#') --end;
    if (end < line.size() && (end == 0 || line[end - 1] == ' ')) line = line.substr(0, end);
  }
  return TrimBlanks(line);
}

// A setext heading's underline: only '=' or only '-' (white space around).
bool IsSetextUnderline(std::string_view line) {
  line = TrimBlanks(line);
  return !line.empty() && (line.find_first_not_of('=') == std::string_view::npos ||
                           line.find_first_not_of('-') == std::string_view::npos);
}

std::string_view Unquote(std::string_view s) {
  s = TrimBlanks(s);
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
  if (contents.find('\0') != std::string_view::npos) {
    reject("binary file (contains NUL bytes), not a text article");
    return;
  }
  std::string text(contents);
  const std::uint64_t repaired_utf8 = RepairUtf8(text);
  // The file's strings as they are: ValidateArticle checks them.
  Article article;
  article.id = id;
  std::uint64_t title_line = 1;
  // Reported once the article is known to be valid: a rejected file gets
  // its reason alone.
  std::vector<Warning> warnings;
  std::string_view view = text;
  if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);

  std::vector<std::string_view> lines = Lines(view);
  std::size_t i = 0;
  std::optional<Date> found_date;

  // Markdown front matter: "---" ... "---" with "title:" and "date:" keys.
  if (options.markdown && !lines.empty() && TrimBlanks(lines[0]) == "---") {
    for (std::size_t j = 1; j < lines.size(); ++j) {
      std::string_view line = TrimBlanks(lines[j]);
      if (line == "---" || line == "...") {
        i = j + 1;
        break;
      }
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view key = TrimBlanks(line.substr(0, colon));
      std::string_view value = Unquote(line.substr(colon + 1));
      if (key == "title") article.title.assign(value);
      if (key == "date") {
        Result<Date> date = ParseArticleDate(value);
        if (!date.ok()) {
          // Or a day as the date line takes it ("7 février 2017").
          std::optional<Result<Date>> day = ReadLeadingDate(value);
          if (day.has_value() && day->ok()) date = day->value();
        }
        if (date.ok()) {
          found_date = date.value();
        } else {
          warnings.push_back(
              Warning{SourcePosition{display_name, j + 1},
                      "front matter \"date\": " + date.status().message() + "; ignored"});
        }
      }
    }
  }

  // Title: the first non-empty line, unless the front matter gave one.
  while (i < lines.size() && TrimBlanks(lines[i]).empty()) ++i;
  if (article.title.empty() && i < lines.size()) {
    article.title.assign(options.markdown ? StripHeadingMarks(lines[i]) : TrimBlanks(lines[i]));
    title_line = i + 1;
    ++i;
    if (options.markdown && i < lines.size() && IsSetextUnderline(lines[i])) ++i;
  }

  // A date on one of the first non-empty lines after the title. A line
  // that starts like a date but names a day that does not exist is the date
  // line, wrong: a warning, and no date.
  if (!found_date && !options.date) {
    std::size_t seen = 0;
    for (std::size_t j = i; j < lines.size() && seen < 2; ++j) {
      if (TrimBlanks(lines[j]).empty()) continue;
      ++seen;
      std::optional<Result<Date>> date = ReadLeadingDate(lines[j]);
      if (!date) continue;
      if (date->ok()) {
        found_date = date->value();
      } else {
        warnings.push_back(
            Warning{SourcePosition{display_name, j + 1},
                    "date line: " + date->status().message() + "; the article has no date"});
      }
      break;
    }
  }
  if (options.date) {
    article.date = FormatIsoDate(*options.date);
  } else if (found_date) {
    article.date = FormatIsoDate(*found_date);
  }

  // Body: the rest of the text.
  std::string body;
  for (; i < lines.size(); ++i) {
    body.append(lines[i]);
    body.push_back('\n');
  }
  article.body.assign(TrimBlanks(body));
  ValidationOptions validation;
  validation.id_origin = ValidationOptions::IdOrigin::kFilePath;
  validation.valid_utf8 = true;  // the text is repaired already; the id is the path as it is
  Result<ParsedArticle> parsed = ValidateArticle(std::move(article), validation);
  if (!parsed.ok()) {
    reject(parsed.status().message());
    return;
  }
  for (Warning& warning : warnings) sink.OnWarning(std::move(warning));
  if (repaired_utf8 > 0) {
    sink.OnWarning(
        Warning{SourcePosition{display_name, 0},
                std::to_string(repaired_utf8) + " invalid UTF-8 sequence(s) replaced by U+FFFD"});
  }
  parsed->repaired_utf8 = repaired_utf8;
  parsed->position = SourcePosition{display_name, title_line};
  sink.OnArticle(std::move(parsed.value()));
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
