// Persons, organisations and locations named in raw French text (issue 5):
// a structured averaged perceptron over BIO tags with Viterbi decoding,
// hashed features (ner_features.h) and a gazetteer learnt from the training
// articles. The built-in model (indexer/extract/model/ner.model, made by
// scripts/train-ner.sh) is compiled into the library: no data file at run
// time.
#ifndef FACETTE_INDEXER_EXTRACT_ENTITY_TAGGER_H_
#define FACETTE_INDEXER_EXTRACT_ENTITY_TAGGER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"
#include "schema/fields.h"

namespace facette {

namespace ner {
struct NerModel;
}  // namespace ner

struct EntityMention {
  EntityType type;        // schema/fields.h: kPerson, kOrganization, kLocation
  std::size_t begin = 0;  // byte offsets in the text given to Tag()
  std::size_t end = 0;
  std::string text;  // the bytes [begin, end)
  bool operator==(const EntityMention& o) const {
    return type == o.type && begin == o.begin && end == o.end && text == o.text;
  }
};

class EntityTagger {
 public:
  // The model compiled into the library.
  static const EntityTagger& BuiltIn();
  // A tagger over a model file's bytes (ner_model.h); an error when they are
  // not a model of this version of the features.
  static Result<EntityTagger> FromModel(std::string_view model_bytes);
  explicit EntityTagger(ner::NerModel model);

  EntityTagger(EntityTagger&&) noexcept;
  EntityTagger& operator=(EntityTagger&&) noexcept;
  ~EntityTagger();

  // The mentions of `text` (title + "\n\n" + body for an article), in text
  // order, without titles ("M. Macron" gives "Macron"). Thread-safe (const),
  // callable from several threads at once; invalid UTF-8 is tolerated.
  std::vector<EntityMention> Tag(std::string_view text) const;

  // The same mentions handed to `sink` one at a time, in text order. The
  // text is read a window of tokens at a time: memory grows with the window
  // and the number of distinct words of the text, not with its length, nor
  // (with a sink that keeps little) with its mentions. `sink` must not tag
  // on the same thread (the buffers are per thread).
  void Tag(std::string_view text, const std::function<void(EntityMention&&)>& sink) const;

  const ner::NerModel& model() const { return *model_; }

 private:
  std::unique_ptr<const ner::NerModel> model_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_EXTRACT_ENTITY_TAGGER_H_
