#pragma once
// The roles a variant of a sweep may declare (`role:` in a `design:
// variants` list, docs/sweeps.md): what the variant is in the W-county
// study's experiment. The study's findings (analysis/study_claims.hpp)
// find the variants they compare by role, so a copy of the experiment may
// name its variants as it likes (in Chinese, or after a county's own
// policies) and still be read right; a sweep says which variant is which
// instead of the program guessing from names.

#include <string>
#include <vector>

namespace tiaokuai::experiments {

struct VariantRole {
  std::string name;     // as written after role:, e.g. "status_quo", "step_incentives"
  std::string meaning;  // one line, for messages and docs
  bool one_lever = false;  // the variant moves one of the study's levers alone (a lever or its common-scale step)
};

// Every role, in the order of scenarios/sweeps/reproduce.yaml.
const std::vector<VariantRole>& variant_roles();

// The role named `name`, or null.
const VariantRole* find_variant_role(const std::string& name);

}  // namespace tiaokuai::experiments
