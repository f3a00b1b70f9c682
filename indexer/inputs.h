// Expanding the command line's inputs (files, directories, "-") into the
// list of files to read, each with its format and its article id root.
#ifndef FACETTE_INDEXER_INPUTS_H_
#define FACETTE_INDEXER_INPUTS_H_

#include <string>
#include <vector>

#include "facette/status.h"

namespace facette {

enum class InputFormat { kJsonLines, kText, kMarkdown };

struct InputFile {
  std::string path;          // to open; "-" for standard input
  std::string display_name;  // in messages: the path as the user would write it
  InputFormat format = InputFormat::kJsonLines;
  // For text and Markdown: the article id (path relative to the directory
  // given, or the file name when the file was given itself).
  std::string text_id;
  // For a text or Markdown file whose text_id an earlier text file of the
  // same run already has ("note.txt" from two folders): that file's
  // display_name, else "". Such a file is rejected, not read.
  std::string same_id_as;
};

// The format of a file from its extension (.jsonl/.ndjson, .txt,
// .md/.markdown, case-insensitive); false when it is none of them.
bool FormatFromExtension(const std::string& path, InputFormat& format);

// Expands `args`: a file is taken as it is (its format from its extension,
// JSON Lines when it has none of the known ones), a directory is walked
// recursively for *.jsonl, *.txt and *.md files in sorted order (skipping
// hidden files and README, LICENSE, LICENCE, COPYING, CHANGELOG and
// CONTRIBUTING files — in capitals, alone or followed by . - or _ — which
// document the folder), "-" is
// standard input (JSON Lines). A path that does not exist is an error. Two
// different text files with the same id are marked (same_id_as); the same
// file named twice is not.
Result<std::vector<InputFile>> ExpandInputs(const std::vector<std::string>& args);

}  // namespace facette

#endif  // FACETTE_INDEXER_INPUTS_H_
