// Input expansion (inputs.h).
#include "indexer/inputs.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

namespace facette {
namespace fs = std::filesystem;
namespace {

// Files that document a folder rather than being articles: README.md,
// LICENSE-winer-fr.txt, ... are skipped when walking a directory (given by
// name they are read like any other file). The conventional names are
// written in capitals, which tells "LICENCE.txt" from
// "licence-professionnelle.txt".
bool IsFolderDocumentation(const fs::path& path) {
  std::string stem = path.stem().string();
  for (std::string_view name :
       {"README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "CONTRIBUTING"}) {
    if (stem.compare(0, name.size(), name) != 0) continue;
    if (stem.size() == name.size()) return true;
    char next = stem[name.size()];
    if (next == '-' || next == '_' || next == '.') return true;
  }
  return false;
}

}  // namespace

bool FormatFromExtension(const std::string& path, InputFormat& format) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  if (ext == ".jsonl" || ext == ".ndjson") {
    format = InputFormat::kJsonLines;
  } else if (ext == ".txt") {
    format = InputFormat::kText;
  } else if (ext == ".md" || ext == ".markdown") {
    format = InputFormat::kMarkdown;
  } else {
    return false;
  }
  return true;
}

Result<std::vector<InputFile>> ExpandInputs(const std::vector<std::string>& args) {
  std::vector<InputFile> files;
  for (const std::string& arg : args) {
    if (arg == "-") {
      files.push_back(InputFile{"-", "<stdin>", InputFormat::kJsonLines, "", ""});
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(arg, ec);
    if (ec || !fs::exists(status)) {
      return Status::NotFound(arg + ": no such file or directory");
    }
    if (fs::is_directory(status)) {
      std::vector<InputFile> found;
      fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec);
      if (ec) return Status::IOError(arg + ": cannot read directory: " + ec.message());
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return Status::IOError(arg + ": cannot read directory: " + ec.message());
        const fs::path& path = it->path();
        if (path.filename().string().front() == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;  // hidden files and folders (.git, editors' files)
        }
        if (!it->is_regular_file(ec)) continue;
        InputFormat format;
        if (!FormatFromExtension(path.string(), format)) continue;
        if (IsFolderDocumentation(path)) continue;
        std::string relative = fs::relative(path, arg, ec).generic_string();
        if (ec) relative = path.filename().string();
        found.push_back(InputFile{path.string(), path.string(), format, relative, ""});
      }
      std::sort(found.begin(), found.end(),
                [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
      files.insert(files.end(), found.begin(), found.end());
      continue;
    }
    InputFormat format = InputFormat::kJsonLines;
    FormatFromExtension(arg, format);
    files.push_back(InputFile{arg, arg, format, fs::path(arg).filename().string(), ""});
  }
  // Ids of text files are made from paths, and two paths can make one id:
  // the later file is marked rather than silently replacing the first.
  std::map<std::string_view, const InputFile*> by_id;
  for (InputFile& file : files) {
    if (file.format == InputFormat::kJsonLines) continue;
    auto [it, added] = by_id.emplace(file.text_id, &file);
    if (added) continue;
    std::error_code ec;
    if (fs::equivalent(it->second->path, file.path, ec)) continue;  // named twice
    file.same_id_as = it->second->display_name;
  }
  return files;
}

}  // namespace facette
