#pragma once
// QuaternaryHeap: an implicit 4-ary min-heap of QueueEntry with a position
// index per slot, so that cancellation removes the entry eagerly in O(log n).
//
// Why 4-ary: half the depth of a binary heap, and the four children of a node
// sit in one or two cache lines, which pays off at the 10^4..10^6 pending
// events of large scenarios. Eager removal (rather than tombstones) keeps
// memory proportional to live events even when most timers are cancelled.

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/event_key.hpp"

namespace tiaokuai::sim {

class QuaternaryHeap {
 public:
  void push(EventKey key, std::uint32_t slot) {
    if (slot >= position_.size()) position_.resize(slot + 1, absent);
    heap_.push_back(QueueEntry{key, slot});
    sift_up(heap_.size() - 1);
  }

  const QueueEntry& top() const { return heap_.front(); }

  QueueEntry pop() {
    const QueueEntry result = heap_.front();
    position_[result.slot] = absent;
    remove_at(0);
    return result;
  }

  bool erase(std::uint32_t slot) {
    if (!contains(slot)) return false;
    const std::size_t index = position_[slot];
    position_[slot] = absent;
    remove_at(index);
    return true;
  }

  bool contains(std::uint32_t slot) const { return slot < position_.size() && position_[slot] != absent; }
  std::size_t size() const { return heap_.size(); }
  bool empty() const { return heap_.empty(); }
  void clear() {
    heap_.clear();
    position_.assign(position_.size(), absent);
  }

 private:
  static constexpr std::uint32_t absent = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::size_t arity = 4;

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
      const std::size_t last = first + arity < n ? first + arity : n;
      std::size_t best = first;
      for (std::size_t child = first + 1; child < last; ++child) {
        if (heap_[child].key < heap_[best].key) best = child;
      }
      if (!(heap_[best].key < moving.key)) break;
      place(index, heap_[best]);
      index = best;
    }
    place(index, moving);
  }

  void place(std::size_t index, const QueueEntry& entry) {
    heap_[index] = entry;
    position_[entry.slot] = static_cast<std::uint32_t>(index);
  }

  std::vector<QueueEntry> heap_;
  std::vector<std::uint32_t> position_;  // heap index of each slot, or `absent`
};

static_assert(EventQueue<QuaternaryHeap>);

}  // namespace tiaokuai::sim
