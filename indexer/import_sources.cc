// The read stage of an import (import_sources.h).
#include "indexer/import_sources.h"

#include <utility>

#include "indexer/jsonl_reader.h"
#include "indexer/text_reader.h"

namespace facette {

Result<std::vector<ImportSource>> SourcesOfPaths(const std::vector<std::string>& paths,
                                                 std::istream* standard_input) {
  Result<std::vector<InputFile>> files = ExpandInputs(paths);
  if (!files.ok()) return files.status();
  std::vector<ImportSource> sources;
  sources.reserve(files->size());
  for (InputFile& file : files.value()) {
    ImportSource source{std::move(file), nullptr};
    if (source.file.path == "-") {
      if (standard_input == nullptr) {
        return Status::InvalidArgument(
            "-: standard input is not given to the import (ImportOptions::standard_input)");
      }
      source.stream = standard_input;
    }
    sources.push_back(std::move(source));
  }
  return sources;
}

Result<std::optional<Date>> ParseTextDate(const std::string& text) {
  if (text.empty()) return std::optional<Date>();
  Result<PartialDate> date = ParsePartialDate(text);
  if (!date.ok()) return Status::InvalidArgument(date.status().message(), "text_date");
  if (date->precision != PartialDate::Precision::kDay) {
    return Status::InvalidArgument("a full day is needed, e.g. 2025-02-07", "text_date");
  }
  return std::optional<Date>(FirstDay(date.value()));
}

void ReadSources(const std::vector<ImportSource>& sources, const std::optional<Date>& text_date,
                 SourceSink& sink) {
  // One reader for the whole import: it warns once per unknown field name.
  JsonLinesReader jsonl;
  TextFileOptions text_options;
  text_options.date = text_date;
  for (const ImportSource& source : sources) {
    if (sink.Stopping()) break;
    const InputFile& file = source.file;
    if (!file.same_id_as.empty()) {
      sink.OnRejection(Rejection{
          SourcePosition{file.display_name, 0},
          "the article id \"" + file.text_id + "\" is already the id of " + file.same_id_as +
              " in this run (a text file's id is its path from the folder given, or its name); "
              "give their common folder to tell them apart",
          ""});
      continue;
    }
    Status status;
    switch (file.format) {
      case InputFormat::kJsonLines:
        status = source.stream != nullptr
                     ? jsonl.ReadStream(*source.stream, file.display_name, sink)
                     : jsonl.ReadFile(file.path, file.display_name, sink);
        break;
      case InputFormat::kText:
      case InputFormat::kMarkdown:
        text_options.markdown = file.format == InputFormat::kMarkdown;
        status = ReadTextFile(file.path, file.text_id, file.display_name, text_options, sink);
        break;
    }
    // An unreadable file loses nothing of the others: reported, and on.
    if (!status.ok()) {
      sink.OnUnreadable(Rejection{SourcePosition{file.display_name, 0}, status.message(), ""});
    }
  }
}

}  // namespace facette
