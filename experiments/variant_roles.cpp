#include "experiments/variant_roles.hpp"

#include <algorithm>

namespace tiaokuai::experiments {

const std::vector<VariantRole>& variant_roles() {
  static const std::vector<VariantRole> roles = [] {
    std::vector<VariantRole> list{
        {"status_quo", "the mechanism as the study found it: the base every claim compares with", false},
        {"pre_reform", "no direct calls: requests go through the county", false},
        {"administrative_resources", "strong administrative resources, alone", true},
        {"incentives", "direct-reverse incentives, alone", true},
        {"party_lead", "a stronger Party lead, alone", true},
        {"technology", "technological empowerment, alone", true},
        {"social_participation", "more social participation, alone", true},
        {"all_four_levers", "the study's four proposals together", false},
        {"no_incentives", "townships' scores count for nothing", false},
        {"over_calling", "townships call to shift responsibility", false},
    };
    // The common-scale steps the levers are ranked by: each lever moved by
    // the same share of its plausible range.
    for (const char* lever : {"administrative_resources", "incentives", "party_lead", "technology", "social_participation"}) {
      list.push_back({std::string("step_") + lever, std::string(lever) + " moved up by a quarter of its plausible range (ranking)", true});
    }
    return list;
  }();
  return roles;
}

const VariantRole* find_variant_role(const std::string& name) {
  const auto& roles = variant_roles();
  const auto found = std::find_if(roles.begin(), roles.end(), [&name](const VariantRole& role) { return role.name == name; });
  return found == roles.end() ? nullptr : &*found;
}

}  // namespace tiaokuai::experiments
