#pragma once
// closest_name: the "did you mean" hint for unknown keys and names.

#include <span>
#include <string>
#include <string_view>

namespace tiaokuai::models {

// The candidate nearest to `word` by edit distance, if it is close enough
// to be a plausible typo (at most a third of the word's length, at least 1);
// otherwise empty.
std::string closest_name(std::string_view word, std::span<const std::string> candidates);

}  // namespace tiaokuai::models
