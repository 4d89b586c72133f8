#pragma once
// InlineCallback: a move-only `void()` callable stored inline, never on the
// heap, so scheduling an event allocates nothing.
//
// A callable larger than `Capacity` bytes is a compile error (static_assert):
// capture a pointer or an index to the agent instead of copying its state.
// Trivially copyable callables (the usual lambda capturing pointers and
// integers) are moved with a plain byte copy; others go through a small
// manager function that move-constructs and destroys them.

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace tiaokuai::sim {

template <std::size_t Capacity>
class InlineCallback {
 public:
  InlineCallback() = default;

  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, InlineCallback> && std::is_invocable_r_v<void, F&>)
  InlineCallback(F&& f) {  // NOLINT(google-explicit-constructor): built implicitly from lambdas
    using Stored = std::remove_cvref_t<F>;
    static_assert(sizeof(Stored) <= Capacity, "event callback captures too much: capture a pointer or index");
    static_assert(alignof(Stored) <= alignof(std::max_align_t), "event callback is over-aligned");
    ::new (static_cast<void*>(storage_)) Stored(std::forward<F>(f));
    invoke_ = [](void* self) { (*static_cast<Stored*>(self))(); };
    if constexpr (!std::is_trivially_copyable_v<Stored>) {
      manage_ = [](void* target, void* source) {
        auto* stored = static_cast<Stored*>(source);
        if (target != nullptr) ::new (target) Stored(std::move(*stored));
        stored->~Stored();
      };
    }
  }

  InlineCallback(InlineCallback&& other) noexcept { take(other); }
  InlineCallback& operator=(InlineCallback&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  InlineCallback(const InlineCallback&) = delete;
  InlineCallback& operator=(const InlineCallback&) = delete;
  ~InlineCallback() { reset(); }

  explicit operator bool() const { return invoke_ != nullptr; }
  void operator()() { invoke_(storage_); }

  void reset() {
    if (manage_ != nullptr) manage_(nullptr, storage_);
    invoke_ = nullptr;
    manage_ = nullptr;
  }

 private:
  using Invoke = void (*)(void*);
  using Manage = void (*)(void* target, void* source);  // target null: destroy only

  void take(InlineCallback& other) noexcept {
    if (other.manage_ != nullptr) {
      other.manage_(storage_, other.storage_);
    } else {
      std::memcpy(storage_, other.storage_, Capacity);
    }
    invoke_ = other.invoke_;
    manage_ = other.manage_;
    other.invoke_ = nullptr;
    other.manage_ = nullptr;
  }

  alignas(std::max_align_t) std::byte storage_[Capacity];
  Invoke invoke_ = nullptr;
  Manage manage_ = nullptr;
};

}  // namespace tiaokuai::sim
