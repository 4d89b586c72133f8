#pragma once
// PairingHeap: a pairing heap over intrusive nodes indexed by slot.
//
// The second event-list implementation, different in kind from the implicit
// QuaternaryHeap: pointer-linked (by index), O(1) push, amortised O(log n)
// pop and erase (Fredman, Sedgewick, Sleator, Tarjan 1986), two-pass pairing
// on removal. Nodes live in a vector indexed by slot, and the pairing scratch
// list is kept between calls, so nothing allocates in steady state.

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "sim/event_key.hpp"

namespace tiaokuai::sim {

class PairingHeap {
 public:
  void push(EventKey key, std::uint32_t slot) {
    if (slot >= nodes_.size()) nodes_.resize(slot + 1);
    Node& node = nodes_[slot];
    node = Node{QueueEntry{key, slot}, none, none, none, true};
    root_ = meld(root_, slot);
    ++size_;
  }

  const QueueEntry& top() { return nodes_[root_].entry; }

  QueueEntry pop() {
    const std::uint32_t old_root = root_;
    root_ = merge_pairs(nodes_[old_root].child);
    return release(old_root);
  }

  bool erase(std::uint32_t slot) {
    if (!contains(slot)) return false;
    if (slot == root_) {
      pop();
      return true;
    }
    Node& node = nodes_[slot];
    // Unlink from the parent's child list: prev is the parent when this is
    // the first child, else the left sibling.
    Node& prev = nodes_[node.prev];
    if (prev.child == slot) {
      prev.child = node.next;
    } else {
      prev.next = node.next;
    }
    if (node.next != none) nodes_[node.next].prev = node.prev;
    const std::uint32_t subtree = merge_pairs(node.child);
    release(slot);
    root_ = meld(root_, subtree);
    return true;
  }

  bool contains(std::uint32_t slot) const { return slot < nodes_.size() && nodes_[slot].queued; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() {
    for (Node& node : nodes_) node.queued = false;
    root_ = none;
    size_ = 0;
  }

 private:
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  struct Node {
    QueueEntry entry;
    std::uint32_t child = none;  // first child
    std::uint32_t next = none;   // right sibling
    std::uint32_t prev = none;   // left sibling, or parent for a first child
    bool queued = false;
  };

  QueueEntry release(std::uint32_t slot) {
    Node& node = nodes_[slot];
    node.queued = false;
    node.child = node.next = node.prev = none;
    --size_;
    return node.entry;
  }

  // Melds two detached roots; the larger becomes the first child of the smaller.
  std::uint32_t meld(std::uint32_t a, std::uint32_t b) {
    if (a == none) return b;
    if (b == none) return a;
    if (nodes_[b].entry.key < nodes_[a].entry.key) std::swap(a, b);
    Node& parent = nodes_[a];
    Node& child = nodes_[b];
    child.prev = a;
    child.next = parent.child;
    if (parent.child != none) nodes_[parent.child].prev = b;
    parent.child = b;
    return a;
  }

  // Two-pass pairing of a sibling list into one detached root.
  std::uint32_t merge_pairs(std::uint32_t first) {
    if (first == none) return none;
    scratch_.clear();
    for (std::uint32_t current = first; current != none;) {
      Node& node = nodes_[current];
      const std::uint32_t next = node.next;
      node.next = node.prev = none;
      scratch_.push_back(current);
      current = next;
    }
    std::size_t paired = 0;
    for (std::size_t i = 0; i + 1 < scratch_.size(); i += 2) scratch_[paired++] = meld(scratch_[i], scratch_[i + 1]);
    if (scratch_.size() % 2 == 1) scratch_[paired++] = scratch_.back();
    std::uint32_t result = scratch_[paired - 1];
    for (std::size_t i = paired - 1; i-- > 0;) result = meld(scratch_[i], result);
    return result;
  }

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> scratch_;
  std::uint32_t root_ = none;
  std::size_t size_ = 0;
};

static_assert(EventQueue<PairingHeap>);

}  // namespace tiaokuai::sim
