// Documents built on helper threads, taken back in order (document_pipeline.h).
#include "indexer/document_pipeline.h"

#include <algorithm>
#include <utility>

#include "indexer/extraction.h"

namespace facette {

DocumentPipeline::DocumentPipeline(const AliasTable& aliases, bool rank_slots, ExtractMode extract,
                                   int threads, std::size_t window)
    : aliases_(aliases),
      rank_slots_(rank_slots),
      extract_(extract),
      window_(std::max<std::size_t>(window, 1)) {
  const int count = std::max(threads, 1);
  threads_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Work(); });
}

DocumentPipeline::~DocumentPipeline() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void DocumentPipeline::Push(ParsedArticle&& article) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_.emplace_back();
    slots_.back().built.article = std::move(article);
    ++pushed_;
  }
  work_.notify_one();
}

std::optional<BuiltArticle> DocumentPipeline::Take(bool wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (slots_.empty()) return std::nullopt;
  if (wait) {
    done_.wait(lock, [this] { return slots_.front().done; });
  } else if (!slots_.front().done) {
    return std::nullopt;
  }
  BuiltArticle built = std::move(slots_.front().built);
  slots_.pop_front();
  ++first_;
  return built;
}

std::size_t DocumentPipeline::InFlight() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return slots_.size();
}

void DocumentPipeline::Work() {
  // Each helper its own builder: it keeps analysis buffers between
  // articles.
  DocumentBuilder builder(aliases_, rank_slots_);
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return stopping_ || claimed_ < pushed_; });
    if (stopping_) return;
    // Slots are popped only once done, so this one stays in place (and at
    // this address: deque) while it is built without the lock.
    Slot& slot = slots_[static_cast<std::size_t>(claimed_ - first_)];
    ++claimed_;
    lock.unlock();
    ExtractInto(slot.built.article, extract_);
    slot.built.document = builder.Build(slot.built.article);
    lock.lock();
    slot.done = true;
    // The importing thread waits for the oldest slot only.
    if (&slot == &slots_.front()) done_.notify_all();
  }
}

}  // namespace facette
