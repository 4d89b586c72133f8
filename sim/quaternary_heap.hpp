#pragma once
// QuaternaryHeap: an implicit 4-ary min-heap of QueueEntry with a position
// index per slot, so that cancellation removes the entry eagerly in O(log n).
//
// Why 4-ary: half the depth of a binary heap, and the four children of a node
// sit in one or two cache lines, which pays off at the 10^4..10^6 pending
// events of large scenarios. Eager removal (rather than tombstones) keeps
// memory proportional to live events even when most timers are cancelled.
//
// Deferred pop ("hold"): a simulation usually pops an event and, while
// running it, pushes the next. pop() therefore only vacates the root; the
// next push() fills the vacancy and sifts down once, instead of a full
// removal followed by an insertion. Any other operation first completes the
// pending removal (settle()).

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/event_key.hpp"

namespace tiaokuai::sim {

class QuaternaryHeap {
 public:
  void push(EventKey key, std::uint32_t slot) {
    if (slot >= position_.size()) position_.resize(slot + 1, absent);
    if (root_vacant_) {
      // Bottom-up as in settle(): new events mostly belong near the leaves.
      root_vacant_ = false;
      const std::size_t leaf = descend_hole(0);
      heap_[leaf] = QueueEntry{key, slot};
      sift_up(leaf);
      return;
    }
    heap_.push_back(QueueEntry{key, slot});
    sift_up(heap_.size() - 1);
  }

  const QueueEntry& top() {
    settle();
    return heap_.front();
  }

  QueueEntry pop() {
    settle();
    const QueueEntry result = heap_.front();
    position_[result.slot] = absent;
    root_vacant_ = true;
    return result;
  }

  bool erase(std::uint32_t slot) {
    if (!contains(slot)) return false;
    settle();
    const std::size_t index = position_[slot];
    position_[slot] = absent;
    remove_at(index);
    return true;
  }

  bool contains(std::uint32_t slot) const { return slot < position_.size() && position_[slot] != absent; }
  std::size_t size() const { return heap_.size() - (root_vacant_ ? 1 : 0); }
  bool empty() const { return size() == 0; }
  void clear() {
    root_vacant_ = false;
    heap_.clear();
    position_.assign(position_.size(), absent);
  }

 private:
  static constexpr std::uint32_t absent = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::size_t arity = 4;

  // Completes a deferred pop: Floyd's bottom-up removal of the root. The
  // last entry almost always belongs near the leaves, so walk the hole down
  // along smallest children without comparing against it, then sift it up.
  void settle() {
    if (!root_vacant_) return;
    root_vacant_ = false;
    const QueueEntry last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return;
    const std::size_t leaf = descend_hole(0);
    heap_[leaf] = last;
    sift_up(leaf);
  }

  // Fills the hole at `index` with the last entry and restores the heap.
  void remove_at(std::size_t index) {
    const QueueEntry last = heap_.back();
    heap_.pop_back();
    if (index == heap_.size()) return;
    heap_[index] = last;
    position_[last.slot] = static_cast<std::uint32_t>(index);
    if (index > 0 && last.key < heap_[(index - 1) / arity].key) {
      sift_up(index);
    } else {
      sift_down(index);
    }
  }

  void sift_up(std::size_t index) {
    const QueueEntry moving = heap_[index];
    while (index > 0) {
      const std::size_t parent = (index - 1) / arity;
      if (!(moving.key < heap_[parent].key)) break;
      place(index, heap_[parent]);
      index = parent;
    }
    place(index, moving);
  }

  void sift_down(std::size_t index) {
    const QueueEntry moving = heap_[index];
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = index * arity + 1;
      if (first >= n) break;
      const std::size_t best = smallest_child(first, n);
      if (!(heap_[best].key < moving.key)) break;
      place(index, heap_[best]);
      index = best;
    }
    place(index, moving);
  }

  // Moves the hole at `index` down to a leaf, pulling up the smallest child
  // at each level; returns the leaf index where the hole ends.
  std::size_t descend_hole(std::size_t index) {
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = index * arity + 1;
      if (first >= n) return index;
      const std::size_t best = smallest_child(first, n);
      place(index, heap_[best]);
      index = best;
    }
  }

  // Index of the smallest of the children starting at `first` (at most
  // `arity`, fewer at the end of the array). A full family is compared as a
  // tournament of conditional moves, without data-dependent branches.
  std::size_t smallest_child(std::size_t first, std::size_t n) const {
    if (first + arity <= n) {
      const std::size_t a = heap_[first + 1].key < heap_[first].key ? first + 1 : first;
      const std::size_t b = heap_[first + 3].key < heap_[first + 2].key ? first + 3 : first + 2;
      return heap_[b].key < heap_[a].key ? b : a;
    }
    std::size_t best = first;
    for (std::size_t child = first + 1; child < n; ++child) best = heap_[child].key < heap_[best].key ? child : best;
    return best;
  }

  void place(std::size_t index, const QueueEntry& entry) {
    heap_[index] = entry;
    position_[entry.slot] = static_cast<std::uint32_t>(index);
  }

  std::vector<QueueEntry> heap_;
  std::vector<std::uint32_t> position_;  // heap index of each slot, or `absent`
  bool root_vacant_ = false;             // heap_[0] was popped; see settle()
};

static_assert(EventQueue<QuaternaryHeap>);

}  // namespace tiaokuai::sim
