#pragma once
// InlineCallback: a move-only `void()` callable stored inline, never on the
// heap, so scheduling an event allocates nothing.
//
// A callable larger than `Capacity` bytes is a compile error (static_assert):
// capture a pointer or an index to the agent instead of copying its state.
// The object is one pointer to a static table of operations plus the
// storage, so a simulator slot stays small (cache footprint is what limits
// event rates with 10^4 and more pending events). Trivially copyable
// callables (the usual lambda capturing pointers and integers) move with a
// byte copy and need no destructor call.

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
    emplace(std::forward<F>(f));
  }

  // Replaces the stored callable by constructing `f` in place.
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, InlineCallback> && std::is_invocable_r_v<void, F&>)
  void emplace(F&& f) {
    using Stored = std::remove_cvref_t<F>;
    static_assert(sizeof(Stored) <= Capacity, "event callback captures too much: capture a pointer or index");
    static_assert(alignof(Stored) <= alignof(void*), "event callback is over-aligned: capture pointers and integers");
    reset();
    ::new (static_cast<void*>(storage_)) Stored(std::forward<F>(f));
    operations_ = &operations_for<Stored>;
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

  explicit operator bool() const { return operations_ != nullptr; }
  void operator()() { operations_->invoke(storage_); }

  void reset() {
    if (operations_ != nullptr && operations_->relocate != nullptr) operations_->relocate(nullptr, storage_);
    operations_ = nullptr;
  }

 private:
  struct Operations {
    void (*invoke)(void* self);
    // Move-constructs into target (when not null) and destroys source;
    // null for trivially copyable callables.
    void (*relocate)(void* target, void* source);
  };

  template <class Stored>
  static void invoke_stored(void* self) {
    (*static_cast<Stored*>(self))();
  }
  template <class Stored>
  static void relocate_stored(void* target, void* source) {
    auto* stored = static_cast<Stored*>(source);
    if (target != nullptr) ::new (target) Stored(std::move(*stored));
    stored->~Stored();
  }
  template <class Stored>
  static constexpr Operations operations_for{
      &invoke_stored<Stored>, std::is_trivially_copyable_v<Stored> ? nullptr : &relocate_stored<Stored>};

  void take(InlineCallback& other) noexcept {
    if (other.operations_ != nullptr && other.operations_->relocate != nullptr) {
      other.operations_->relocate(storage_, other.storage_);
    } else {
      std::memcpy(storage_, other.storage_, Capacity);
    }
    operations_ = other.operations_;
    other.operations_ = nullptr;
  }

  const Operations* operations_ = nullptr;
  alignas(void*) std::byte storage_[Capacity];
};

}  // namespace tiaokuai::sim
