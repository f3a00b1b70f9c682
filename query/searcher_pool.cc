// SearcherPool (facette/searcher.h): searchers lent to threads, one each,
// kept for the next leases.
#include <mutex>
#include <utility>
#include <vector>

#include "facette/searcher.h"

namespace facette {

struct SearcherPool::Rep {
  Rep(std::string path_in, const SearcherOptions& options_in)
      : path(std::move(path_in)), options(options_in) {}
  const std::string path;
  const SearcherOptions options;
  mutable std::mutex mutex;
  std::vector<std::unique_ptr<Searcher>> idle;  // guarded by mutex
};

SearcherPool::SearcherPool(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
SearcherPool::~SearcherPool() = default;

Result<std::unique_ptr<SearcherPool>> SearcherPool::Open(const std::string& path,
                                                         const SearcherOptions& options) {
  Result<std::unique_ptr<Searcher>> first = Searcher::Open(path, options);
  if (!first.ok()) return first.status();
  auto rep = std::make_unique<Rep>(path, options);
  rep->idle.push_back(std::move(first.value()));
  return std::unique_ptr<SearcherPool>(new SearcherPool(std::move(rep)));
}

Result<SearcherPool::Lease> SearcherPool::Acquire() {
  std::unique_ptr<Searcher> searcher;
  {
    std::lock_guard<std::mutex> lock(rep_->mutex);
    if (!rep_->idle.empty()) {
      searcher = std::move(rep_->idle.back());
      rep_->idle.pop_back();
    }
  }
  // Opening and reopening read files: outside the lock, so that other
  // threads get their searchers meanwhile.
  if (searcher == nullptr) {
    Result<std::unique_ptr<Searcher>> opened = Searcher::Open(rep_->path, rep_->options);
    if (!opened.ok()) return opened.status();
    searcher = std::move(opened.value());
  } else {
    Result<bool> reopened = searcher->Reopen();
    if (!reopened.ok()) return reopened.status();
  }
  return Lease(this, std::move(searcher));
}

std::size_t SearcherPool::Idle() const {
  std::lock_guard<std::mutex> lock(rep_->mutex);
  return rep_->idle.size();
}

void SearcherPool::Return(std::unique_ptr<Searcher> searcher) {
  std::lock_guard<std::mutex> lock(rep_->mutex);
  rep_->idle.push_back(std::move(searcher));
}

SearcherPool::Lease::Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher)
    : pool_(pool), searcher_(std::move(searcher)) {}

SearcherPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), searcher_(std::move(other.searcher_)) {}

SearcherPool::Lease& SearcherPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    searcher_ = std::move(other.searcher_);
  }
  return *this;
}

SearcherPool::Lease::~Lease() { Release(); }

void SearcherPool::Lease::Release() {
  if (pool_ != nullptr && searcher_ != nullptr) pool_->Return(std::move(searcher_));
  pool_ = nullptr;
  searcher_.reset();
}

}  // namespace facette
