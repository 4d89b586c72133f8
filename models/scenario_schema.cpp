#include "models/scenario_schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <span>
#include <sstream>
#include <type_traits>
#include <variant>

#include "models/closest_name.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::models {
namespace {

// Where a lever may also be set for one entity.
enum Scope : unsigned { global_only = 0, per_department = 1, per_township = 2 };

template <class Target>
struct Field {
  using Member = std::variant<double Target::*, int Target::*, bool Target::*, std::uint64_t Target::*,
                              std::string Target::*, std::vector<std::string> Target::*, std::vector<double> Target::*>;
  const char* key;
  Member member;
  const char* unit;
  double min;
  double max;
  const char* choices;  // "a|b|c" for a text field with fixed values, else nullptr
  const char* meaning;
  const char* source;
  unsigned scope = global_only;
};

// clang-format off
const Field<RunControl> run_fields[] = {
  {"horizon_days", &RunControl::horizon_days, "days", 1, 36500, nullptr, "simulated time of one run, warm-up included", "argument: docs/odd.md A1, the warm-up and one assessment year"},
  {"warm_up_days", &RunControl::warm_up_days, "days", 0, 36500, nullptr, "initial period discarded from every output", "argument: docs/odd.md A60, the time effort takes to settle (measured in W county)"},
  {"seed", &RunControl::seed, "", 0, 1.8e19, nullptr, "master seed of the random streams", "argument: docs/odd.md A3, any; runs are fixed by (scenario, seed)"},
  {"mode", &RunControl::mode, "", 0, 0, "reform|pre_reform", "reform: townships call departments directly; pre_reform: requests go through the county", "argument: docs/odd.md A5; pre_reform measures the mechanism (docs/sources.md S1, S2)"},
  {"max_events", &RunControl::max_events, "events", 1, 1e13, nullptr, "event budget; a run that reaches it stops with an error", "argument: docs/odd.md A4, about 1000 years of W county"},
  {"max_open_issues", &RunControl::max_open_issues, "issues", 1, 1e9, nullptr, "memory budget: a run with more issues open at once stops with an error", "argument: docs/odd.md A4, about 400 MB (400 bytes an issue, measured); W county holds under 100"},
};

const Field<Levers> lever_fields[] = {
  {"escalation_capacity", &Levers::escalation_capacity, "issues", 1, 1e6, nullptr, "escalated issues the county leaders push at once", "argument: docs/odd.md A6, a county has a handful of leaders", global_only},
  {"escalation_delay_hours", &Levers::escalation_delay_hours, "hours", 0, 1e5, nullptr, "mean time for county leaders to take up an escalated issue", "docs/sources.md S20: general issues dispatched within 24 h (by analogy)", global_only},
  {"county_office_staff", &Levers::county_office_staff, "clerks", 1, 1e4, nullptr, "pre-reform: clerks of the county coordinating office, who relay townships' requests in parallel", "argument: docs/odd.md A51, a small office (a guess; no source gives it)", global_only},
  {"county_office_hours_per_request", &Levers::county_office_hours_per_request, "hours", 0.01, 1e4, nullptr, "pre-reform: mean clerk time to relay one request (and one job of the office's own business)", "argument: docs/odd.md A52, paperwork, a signature, a dispatch (a guess)", global_only},
  {"county_office_own_load", &Levers::county_office_own_load, "fraction", 0, 0.99, nullptr, "pre-reform: share of the office clerks' time its other county business takes", "argument: docs/odd.md A53, the office serves the whole county government (a guess)", global_only},
  {"township_power", &Levers::township_power, "probability", 0, 1, nullptr, "chance a township holds the power to act alone on an issue whose category allows it", "argument: docs/odd.md A8, 'less power, more responsibility' (docs/sources.md S1)", per_township},
  {"incentive_weight", &Levers::incentive_weight, "fraction", 0, 1, nullptr, "weight of township scores in a department's assessment", "docs/sources.md S14: Dongcheng, about one third", per_department},
  {"reward", &Levers::reward, "per score", 0, 10, nullptr, "pull of rewards for good township scores on effort", "argument: docs/odd.md A9, sets the scale of the assessment", per_department},
  {"penalty", &Levers::penalty, "per score", 0, 10, nullptr, "push of penalties for poor township scores on effort (weighted by assumptions.penalty_efficacy against a reward)", "argument: docs/odd.md A10; its half weight: docs/sources.md S51", per_department},
  {"adaptation_rate", &Levers::adaptation_rate, "per period", 0, 1, nullptr, "share of the distance to its resting effort a department closes each assessment period", "argument: docs/odd.md A11 (a guess)", per_department},
  {"effort_drift", &Levers::effort_drift, "per period", 0, 1, nullptr, "pull of effort towards zero, which incentives must outweigh ('report but don't act')", "argument: docs/odd.md A12; direction: docs/sources.md S5", per_department},
  {"assessment_period_days", &Levers::assessment_period_days, "days", 1, 3650, nullptr, "how often the county turns scores into rewards and penalties", "docs/sources.md S15: monthly ranking", global_only},
  {"response_target_share", &Levers::response_target_share, "deadlines", 0.001, 10, nullptr, "a call's response target as a share of its category's deadline; a township scores promptness a half at the target", "argument: docs/odd.md A56; docs/sources.md S18, S20: feedback within 2 h of a 24 h deadline, dispatch within 24 h of 7 days (1/12 to 1/7)", global_only},
  {"target_score", &Levers::target_score, "0..1", 0, 1, nullptr, "period score a department must reach to escape penalties (0: no target)", "argument: docs/odd.md A57, a good but not perfect grade (ranking and bottom units called in: docs/sources.md S15)", per_department},
  {"ranking", &Levers::ranking, "", 0, 0, "call_score|three_rates", "what a department's period score is: call_score, the townships' ratings of its calls with residents' call-back satisfaction (docs/odd.md section 7); three_rates, the mean of the response rate, the resolution rate and satisfaction of the issues it closed in the period, as Beijing ranks units (units.csv)", "argument: docs/odd.md A84; Beijing's monthly ranking: docs/sources.md S15, S44", global_only},
  {"party_coordination", &Levers::party_coordination, "0..1", 0, 1, nullptr, "Party lead: cuts shirking (department), joint-action delay and break-up (township); convening then takes a township Party leader's time (assumptions.party_leader_hours)", "argument: docs/odd.md A14, the Party's role is unclear (docs/sources.md S5)", per_department | per_township},
  {"coordination_hours", &Levers::coordination_hours, "hours", 0, 1e4, nullptr, "mean time to convene a joint action without Party coordination", "argument: docs/odd.md A15, one working day (a guess)", per_township},
  {"joint_breakup", &Levers::joint_breakup, "probability", 0, 1, nullptr, "chance a joint action falls apart without Party coordination", "argument: docs/odd.md A16, weak integration of forces (docs/sources.md S4)", per_township},
  {"information_level", &Levers::information_level, "0..1", 0, 1, nullptr, "informatization: cuts detection, message and re-call delay and misrouting (by up to assumptions.information_reach), and more latent issues are reported (assumptions.reporting_gain)", "argument: docs/odd.md A17, informatization is low (docs/sources.md S4)", per_township},
  {"misrouting", &Levers::misrouting, "probability", 0, 1, nullptr, "chance a call reaches the wrong department, at information level 0", "argument: docs/odd.md A18, owners are sometimes unclear (docs/sources.md S22)", per_township},
  {"social_participation", &Levers::social_participation, "fraction", 0, 1, nullptr, "share of minor issues residents and social organisations resolve", "argument: docs/odd.md A19, a single governance subject (docs/sources.md S4)", per_township},
  {"over_calling", &Levers::over_calling, "probability", 0, 1, nullptr, "chance a township whistles an issue that needs no whistle: one it could handle itself, or one routine dispatch would serve", "argument: docs/odd.md A20, whistles are for hard cases (docs/sources.md S16)", per_township},
  {"under_calling", &Levers::under_calling, "probability", 0, 1, nullptr, "chance a township sits on an issue it should call and tries alone", "argument: docs/odd.md A21, avoiding friction with departments", per_township},
  {"unauthorised_success", &Levers::unauthorised_success, "probability", 0, 1, nullptr, "chance a township without the power still fixes an issue it sat on", "argument: docs/odd.md A22, it can persuade but not compel", per_township},
  {"callback_verification", &Levers::callback_verification, "fraction", 0, 1, nullptr, "share of sham fixes the hotline's call-backs to residents catch (caught: scored a failure and re-called; missed: closed unresolved, the problem comes back)", "argument: docs/odd.md A70; call-backs: docs/sources.md S15, S44", global_only},
  {"formalism", &Levers::formalism, "probability", 0, 1, nullptr, "chance a department reports without really solving, before the pull of its assessment (assumptions.formalism_incentive)", "docs/sources.md S31: half of 10-20 % repeat complaints follow sham fixes", per_department},
  {"whistle_multi_department", &Levers::whistle_multi_department, "probability", 0, 1, nullptr, "chance a township whistles an issue that needs several departments but is not hard (hard and enforcement issues are always whistled)", "argument: docs/odd.md A62, joint cases are the whistle's core (docs/sources.md S30)", per_township},
  {"whistle_memory_weight", &Levers::whistle_memory_weight, "probability", 0, 1, nullptr, "extra chance a township whistles an issue for a department all of whose recent routine answers were slow or failed (scaled by the remembered slow share)", "argument: docs/odd.md A63, townships learn whom to whistle (a guess)", per_township},
  {"routine_patience_hours", &Levers::routine_patience_hours, "hours", 0, 1e4, nullptr, "a routine answer slower than this, from call to arrival, counts as slow in the township's memory (a failed attempt always does)", "argument: docs/odd.md A63, one working day (a guess)", per_township},
  {"memory_rate", &Levers::memory_rate, "per case", 0, 1, nullptr, "weight of the latest completed routine case in a township's memory of a department's slow share (exponential smoothing)", "argument: docs/odd.md A63, about the last ten cases (a guess)", per_township},
  {"arrival_rule_minutes", &Levers::arrival_rule_minutes, "minutes", 0, 1e5, nullptr, "a whistled department must send a team at once and be on site within this (routine dispatch has no arrival rule)", "docs/sources.md S9: on site within half an hour (argued: docs/odd.md A64)", global_only},
  {"message_delay_hours", &Levers::message_delay_hours, "hours", 0, 1e4, nullptr, "mean delay of a call reaching a department, at information level 0", "argument: docs/odd.md A23 (a guess)", per_township},
  {"recall_delay_hours", &Levers::recall_delay_hours, "hours", 0, 1e4, nullptr, "mean wait before a failed or refused call is repeated, at information level 0", "argument: docs/odd.md A24 (a guess)", per_township},
  {"max_recalls", &Levers::max_recalls, "calls", 0, 100, nullptr, "re-calls before an issue escalates to the county", "argument: docs/odd.md A25 (a guess)", per_township},
  {"pushed_tasks_per_week", &Levers::pushed_tasks_per_week, "tasks per week", 0, 1000, nullptr, "tasks each department pushes down to each township", "argument: docs/odd.md A26; departments set tasks for townships (docs/sources.md S12)", per_department},
  {"pushed_task_hours", &Levers::pushed_task_hours, "hours", 0, 1e4, nullptr, "mean township staff time one pushed-down task takes", "argument: docs/odd.md A27, an inspection or a form", global_only},
  {"duty_list", &Levers::duty_list, "", 0, 0, nullptr, "a duty list is in force: the township accepts at most duty_list_tasks_per_week pushed-down tasks a week and returns the rest to the department that pushed them", "argument: docs/odd.md A28, off (lists exist in Beijing: docs/sources.md S17)", per_township},
  {"duty_list_tasks_per_week", &Levers::duty_list_tasks_per_week, "tasks per week", 0, 1e5, nullptr, "with a duty list: pushed-down tasks a township accepts in one week (from all departments); the department does the rest itself", "argument: docs/odd.md A74, the tasks that fall under a township's listed duties (docs/sources.md S17)", per_township},
  {"lead_department", &Levers::lead_department, "", 0, 0, nullptr, "the first department called leads; the others may not refuse", "argument: docs/odd.md A29, off (the rule: docs/sources.md S22)", global_only},
  {"demand_feedback", &Levers::demand_feedback, "elasticity", 0, 10, nullptr, "how strongly arrivals follow recent satisfaction (0: off)", "argument: docs/odd.md A30, off (demand tripled: docs/sources.md S26)", global_only},
};

const Field<Assumptions> assumption_fields[] = {
  {"information_reach", &Assumptions::information_reach, "fraction", 0, 1, nullptr, "share of the paper-era detection, message and re-call delay and misrouting an integrated platform (information level 1) removes", "argument: docs/odd.md A41, someone still walks the grid (a guess)"},
  {"success_floor", &Assumptions::success_floor, "probability", 0, 1, nullptr, "chance a department's real attempt succeeds at effort 0 (rising to 1 at full effort; formalism aside)", "argument: docs/odd.md A42, most issues are easy (a guess)"},
  {"lead_department_factor", &Assumptions::lead_department_factor, "multiplier", 0, 1, nullptr, "under the lead-department rule, multiplies the time to convene a joint action and its chance of breaking up", "argument: docs/odd.md A43, one owner halves the haggling (rule: docs/sources.md S22)"},
  {"penalty_efficacy", &Assumptions::penalty_efficacy, "per reward", 0, 10, nullptr, "pull of a unit of penalty on effort relative to a unit of reward", "argument: docs/odd.md A44; its direction: docs/sources.md S51"},
  {"promptness_share", &Assumptions::promptness_share, "fraction", 0, 1, nullptr, "share of a township's score of a call for promptness; the rest is for a real solution", "argument: docs/odd.md A45, equal halves (both scored: docs/sources.md S15, S44)"},
  {"satisfaction_share", &Assumptions::satisfaction_share, "fraction", 0, 1, nullptr, "share of a department's period score for residents' call-back satisfaction with the issues it worked on; the rest is the townships' ratings of its calls", "docs/sources.md S15: units ranked on response, resolution and satisfaction, a third for satisfaction"},
  {"effort_shock_sd", &Assumptions::effort_shock_sd, "per period", 0, 1, nullptr, "sd of the random change in a department's effort each assessment period (turnover, a leader's attention)", "argument: docs/odd.md A58, leaders rotate every few years (a guess)"},
  {"satisfaction_patience", &Assumptions::satisfaction_patience, "deadlines", 0.01, 100, nullptr, "resolution latency, in the category's deadlines, at which residents' satisfaction falls to 1/e", "argument: docs/odd.md A46, about 0.61 at the deadline (a guess)"},
  {"initial_score", &Assumptions::initial_score, "0..1", 0, 1, nullptr, "a department's mean township score until its first scored call (carried over periods without one)", "argument: docs/odd.md A47, the middle of the scale"},
  {"escalated_effort", &Assumptions::escalated_effort, "0..1", 0, 1, nullptr, "a department's effort on an issue the county leaders have taken up", "argument: docs/odd.md A48, under the county's eye (a guess)"},
  {"vertical_job_hours", &Assumptions::vertical_job_hours, "hours", 0.01, 1e4, nullptr, "mean length of one job of a line ministry's own work (its rate keeps vertical_load of the teams busy)", "argument: docs/odd.md A49, half a working day (a guess)"},
  {"stationed_travel_minutes", &Assumptions::stationed_travel_minutes, "minutes", 0, 1e5, nullptr, "travel of a team stationed in the township to the site", "argument: docs/odd.md A50, a short walk or drive (a guess)"},
  {"party_leader_hours", &Assumptions::party_leader_hours, "hours", 0, 1e4, nullptr, "mean leader time one convening takes at full Party coordination (scaled by party_coordination); the joint action waits for a free leader and for this time", "argument: docs/odd.md A67, a half-day meeting (a guess)"},
  {"reporting_gain", &Assumptions::reporting_gain, "multiple", 0, 100, nullptr, "how much more of the latent issues get reported at information level 1 than at 0 (reported rate = category rate x (1 + gain x information_level))", "argument: docs/odd.md A68; reports tripled as the hotline responded: docs/sources.md S26"},
  {"formalism_incentive", &Assumptions::formalism_incentive, "fraction", 0, 1, nullptr, "share of a department's real fixes that turn into box-ticking shams per unit of incentive_weight", "argument: docs/odd.md A69, scores reward reports, not solutions (a guess)"},
  {"sham_reappear_days", &Assumptions::sham_reappear_days, "days", 0.001, 1e4, nullptr, "mean time before the problem behind a sham fix the call-back missed is reported again, as a new issue", "argument: docs/odd.md A71; repeat complaints after sham fixes: docs/sources.md S31"},
};

const Field<Category> category_fields[] = {
  {"name", &Category::name, "", 0, 0, nullptr, "unique name (required)", ""},
  {"rate_per_community_per_day", &Category::rate_per_community_per_day, "issues per community per day", 0, 1e4, nullptr, "Poisson arrival rate of this category in each community", "argument: docs/odd.md A40, set by each scenario"},
  {"departments", &Category::departments, "", 0, 0, nullptr, "departments holding jurisdiction (all must act; required)", "argument: docs/odd.md A40, set by each scenario"},
  {"township_may_resolve", &Category::township_may_resolve, "", 0, 0, nullptr, "whether a township may ever act alone on it", "argument: docs/odd.md A40, set by each scenario"},
  {"urgency", &Category::urgency, "", 0, 0, "emergency|utility|general|complex", "urgency tier", "docs/sources.md S18-S21: the tiers of the 2023 Beijing standard"},
  {"deadline_hours", &Category::deadline_hours, "hours", 0.001, 1e5, nullptr, "resolution deadline from arising", "docs/sources.md S20: general issues, reply within 7 days (S18, S19, S21 for the other tiers)"},
  {"detection_hours", &Category::detection_hours, "hours", 0, 1e4, nullptr, "mean time before grid workers or residents bring it to notice, at information level 0", "argument: docs/odd.md A31, a daily grid round"},
  {"work_hours", &Category::work_hours, "hours", 0, 1e4, nullptr, "mean on-site work once all departments have reported", "argument: docs/odd.md A32, half a working day (a guess)"},
  {"minor_share", &Category::minor_share, "fraction", 0, 1, nullptr, "share of issues minor enough for social participation", "argument: docs/odd.md A33 (a guess)"},
  {"ambiguity", &Category::ambiguity, "0..1", 0, 1, nullptr, "how unclear the responsibility is; drives shirking", "argument: docs/odd.md A34 (a guess)"},
  {"hard_share", &Category::hard_share, "fraction", 0, 1, nullptr, "share of issues hard enough that the township whistles them (each issue draws its difficulty at detection)", "argument: docs/odd.md A61, a tenth of issues are hard (a guess)"},
  {"enforcement", &Category::enforcement, "", 0, 0, nullptr, "needs law enforcement on site: after the reform, always whistled unless the township may act alone", "argument: docs/odd.md A61, off by default"},
  {"unclear_owner_share", &Category::unclear_owner_share, "fraction", 0, 1, nullptr, "city: share of its issues whose owner is unclear; they go to the district government (a department of kind district_government) instead of the departments listed", "docs/sources.md S22; the share: docs/odd.md A78, 0 outside a city"},
};

const Field<Department> department_fields[] = {
  {"name", &Department::name, "", 0, 0, nullptr, "unique name (required)", ""},
  {"kind", &Department::kind, "", 0, 0, nullptr, "the duty-list name categories route to; in a city each district has its own department of a kind (the name if not given)", "docs/sources.md S22: routing follows the duty lists"},
  {"district", &Department::district, "", 0, 0, nullptr, "the district it serves (one of districts:); not given: county or city level, serving every township", "docs/sources.md S39: city and district departments"},
  {"staff", &Department::staff, "teams", 1, 1e5, nullptr, "teams for called issues and the line ministry's own work", "argument: docs/odd.md A40, set by each scenario"},
  {"vertical_load", &Department::vertical_load, "fraction", 0, 0.99, nullptr, "share of staff time the line ministry's own work takes", "argument: docs/odd.md A35, tiao answer upward first"},
  {"stationed_staff", &Department::stationed_staff, "teams", 0, 1e5, nullptr, "of its teams, how many are stationed in townships (one each to the first townships in turn; they arrive in assumptions.stationed_travel_minutes, serve only their township and leave the central pool for the rest, own work included)", "argument: docs/odd.md A36, none by default; their cost: A66"},
  {"travel_minutes", &Department::travel_minutes, "minutes", 0, 1e5, nullptr, "getting a team from the department to a township's edge", "argument: docs/odd.md A37, from the county seat (a guess)"},
  {"mobilise_hours", &Department::mobilise_hours, "hours", 0, 1e4, nullptr, "mean time to get a team moving, at effort 0 (none at effort 1)", "argument: docs/odd.md A38, half a working day"},
  {"initial_effort", &Department::initial_effort, "0..1", 0, 1, nullptr, "effort at the start of the run", "argument: docs/odd.md A39, near the default resting point"},
};

const Field<Township> township_fields[] = {
  {"name", &Township::name, "", 0, 0, nullptr, "unique name (required)", ""},
  {"district", &Township::district, "", 0, 0, nullptr, "the district it belongs to (one of districts:); not given outside a city", "docs/sources.md S39: streets and townships in districts"},
  {"staff", &Township::staff, "teams", 1, 1e5, nullptr, "teams for local issues and pushed-down tasks", "argument: docs/odd.md A40, set by each scenario"},
  {"party_leaders", &Township::party_leaders, "leaders", 1, 1e4, nullptr, "township Party leaders who can convene a joint action at once", "argument: docs/odd.md A72, a secretary and a deputy"},
  {"communities", &Township::communities, "communities", 1, 1e5, nullptr, "communities (grids) where issues arise", "argument: docs/odd.md A40, set by each scenario"},
  {"travel_minutes", &Township::travel_minutes, "minutes", 0, 1e5, nullptr, "distance from the county seat, added to each department's travel", "argument: docs/odd.md A40, set by each scenario"},
};
const Field<Hotline> hotline_fields[] = {
  {"contacts_per_day", &Hotline::contacts_per_day, "contacts per day", 0, 1e8, nullptr, "citizens' contacts with the hotline, mean over the week; 0 turns the hotline off and issues arise in communities (categories[].rate_per_community_per_day); above 0 every issue comes through the hotline and the category rates only set the mix", "docs/sources.md S42: 21.43 M in 2023 is 58,700 a day (scenarios/beijing.yaml); 0 outside a city"},
  {"phone_share", &Hotline::phone_share, "fraction", 0, 1, nullptr, "share of contacts by phone, which queue for a seat; the rest come online and go straight to dispatch", "docs/sources.md S37: 90.7 % by phone in 2020"},
  {"demand_share", &Hotline::demand_share, "fraction", 0, 1, nullptr, "share of contacts that are demands and become work orders; the rest are consultations closed at the seat", "docs/sources.md S38: 41.5 % demands, 2019-2021"},
  {"seats", &Hotline::seats, "seats", 1, 1e6, nullptr, "seats staffed at the busiest hour; other hours staff seats in proportion to hour_profile", "docs/sources.md S40: about 750 seats (2024); staffing by hour: docs/odd.md A79"},
  {"handle_minutes", &Hotline::handle_minutes, "minutes", 0.01, 1e4, nullptr, "mean time a seat spends on one contact (exponential)", "docs/sources.md S40: 70-100 calls in an 8-hour shift, 480 / 85 = 5.6 minutes"},
  {"dispatch_minutes", &Hotline::dispatch_minutes, "minutes", 0, 1e4, nullptr, "a seat's extra time to write up and send a demand's work order", "docs/sources.md S41: about 6 minutes per work order"},
  {"patience_minutes", &Hotline::patience_minutes, "minutes", 0.01, 1e5, nullptr, "a caller's mean patience waiting for a seat (exponential); a caller who waits longer hangs up and is lost", "argument: docs/odd.md A80, a few minutes (a guess)"},
  {"hour_profile", &Hotline::hour_profile, "relative rate", 0, 1e6, nullptr, "24 relative contact rates, hour 0 (midnight) first; scaled to mean 1", "argument: docs/odd.md A81, a day-time peak (a guess; no source gives the profile)"},
  {"day_profile", &Hotline::day_profile, "relative rate", 0, 1e6, nullptr, "7 relative contact rates, Monday first; scaled to mean 1", "argument: docs/odd.md A81, weekdays busier (a guess)"},
};
// clang-format on

std::string join_path(const std::string& prefix, const std::string& key) { return prefix.empty() ? key : prefix + "." + key; }

[[noreturn]] void unknown_key(const ConfigNode& value, const std::string& path, const std::string& key,
                              const std::vector<std::string>& known) {
  std::string message = "unknown key '" + key + "'";
  const std::string hint = closest_name(key, known);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  throw ConfigError(value.where, join_path(path, key), message + "; known keys: " + list);
}

const std::string& scalar_of(const ConfigNode& node, const std::string& path, const char* expected) {
  if (node.kind != ConfigNode::Kind::scalar) throw ConfigError(node.where, path, std::string("expected ") + expected);
  return node.scalar;
}

double parse_number(const ConfigNode& node, const std::string& path, double min, double max, bool integer) {
  const std::string& text = scalar_of(node, path, integer ? "a whole number" : "a number");
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end) {
    throw ConfigError(node.where, path, std::string("expected ") + (integer ? "a whole number" : "a number") + ", got '" + text + "'");
  }
  if (!std::isfinite(value)) throw ConfigError(node.where, path, "expected a finite number, got '" + text + "'");
  if (integer && value != std::floor(value)) throw ConfigError(node.where, path, "expected a whole number, got '" + text + "'");
  if (value < min || value > max) {
    std::ostringstream range;
    range << "out of range: " << text << " is not in [" << min << ", " << max << "]";
    throw ConfigError(node.where, path, range.str());
  }
  return value;
}

template <class Target>
void read_field(const Field<Target>& field, const ConfigNode& node, const std::string& path, Target& target) {
  std::visit(
      [&](auto member) {
        using Value = std::remove_cvref_t<decltype(target.*member)>;
        if constexpr (std::is_same_v<Value, double>) {
          target.*member = parse_number(node, path, field.min, field.max, false);
        } else if constexpr (std::is_same_v<Value, int>) {
          target.*member = static_cast<int>(parse_number(node, path, field.min, field.max, true));
        } else if constexpr (std::is_same_v<Value, std::uint64_t>) {
          const std::string& text = scalar_of(node, path, "a whole number");
          std::uint64_t value = 0;
          const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
          if (error != std::errc() || stop != text.data() + text.size()) {
            throw ConfigError(node.where, path, "expected a whole number from 0 to 2^64-1, got '" + text + "'");
          }
          target.*member = value;
        } else if constexpr (std::is_same_v<Value, bool>) {
          const std::string& text = scalar_of(node, path, "true or false");
          if (text != "true" && text != "false") throw ConfigError(node.where, path, "expected true or false, got '" + text + "'");
          target.*member = text == "true";
        } else if constexpr (std::is_same_v<Value, std::string>) {
          const std::string& text = scalar_of(node, path, "a name");
          if (text.empty()) throw ConfigError(node.where, path, "must not be empty");
          if (field.choices != nullptr) {
            std::vector<std::string> allowed;
            std::stringstream choices(field.choices);
            for (std::string choice; std::getline(choices, choice, '|');) allowed.push_back(choice);
            if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
              std::string message = "expected one of " + std::string(field.choices) + ", got '" + text + "'";
              const std::string hint = closest_name(text, allowed);
              if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
              throw ConfigError(node.where, path, message);
            }
          }
          target.*member = text;
        } else if constexpr (std::is_same_v<Value, std::vector<double>>) {
          if (node.kind != ConfigNode::Kind::sequence) throw ConfigError(node.where, path, "expected a list of numbers, e.g. [1, 2]");
          Value numbers;
          for (std::size_t i = 0; i < node.sequence.size(); ++i) {
            numbers.push_back(parse_number(node.sequence[i], path + "[" + std::to_string(i) + "]", field.min, field.max, false));
          }
          target.*member = std::move(numbers);
        } else {
          if (node.kind != ConfigNode::Kind::sequence) throw ConfigError(node.where, path, "expected a list of names, e.g. [a, b]");
          Value names;
          for (std::size_t i = 0; i < node.sequence.size(); ++i) {
            names.push_back(scalar_of(node.sequence[i], path + "[" + std::to_string(i) + "]", "a name"));
          }
          target.*member = std::move(names);
        }
      },
      field.member);
}

// Reads a map of declared fields. `nested` keys are left for the caller;
// `allowed_scope` filters lever fields for per-entity overrides.
template <class Target>
void read_map(const ConfigNode& node, const std::string& path, std::span<const Field<Target>> fields, Target& target,
              std::initializer_list<const char*> nested = {}, unsigned required_scope = global_only) {
  if (node.kind != ConfigNode::Kind::map) throw ConfigError(node.where, path, "expected a map of keys");
  std::vector<std::string> known;
  for (const Field<Target>& field : fields) {
    if (required_scope == global_only || (field.scope & required_scope) != 0) known.emplace_back(field.key);
  }
  for (const char* key : nested) known.emplace_back(key);
  for (const auto& [key, value] : node.map) {
    if (std::find(nested.begin(), nested.end(), key) != nested.end()) continue;
    const Field<Target>* match = nullptr;
    for (const Field<Target>& field : fields) {
      if (key == field.key && (required_scope == global_only || (field.scope & required_scope) != 0)) match = &field;
    }
    if (match == nullptr) {
      bool wrong_scope = false;
      for (const Field<Target>& field : fields) wrong_scope = wrong_scope || key == field.key;
      if (wrong_scope) {
        throw ConfigError(value.where, join_path(path, key), "this lever can only be set for the whole county (under the top-level levers:)");
      }
      unknown_key(value, path, key, known);
    }
    read_field(*match, value, join_path(path, key), target);
  }
}

// Reads a list of entities (`path` names it in messages). Each entry's
// levers start from `global_levers`.
template <class Entity>
std::vector<Entity> read_entity_list(const ConfigNode& list, const std::string& path, std::span<const Field<Entity>> fields,
                                     const Levers* global_levers, unsigned lever_scope) {
  if (list.kind != ConfigNode::Kind::sequence || list.sequence.empty()) throw ConfigError(list.where, path, "expected a non-empty list");
  std::vector<Entity> entities;
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.sequence.size(); ++i) {
    const ConfigNode& item = list.sequence[i];
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    Entity entity;
    if constexpr (requires { entity.levers; }) {
      entity.levers = *global_levers;
      read_map(item, item_path, fields, entity, {"levers"});
      if (const ConfigNode* levers = item.find("levers")) {
        read_map(*levers, item_path + ".levers", std::span<const Field<Levers>>(lever_fields), entity.levers, {}, lever_scope);
      }
    } else {
      read_map(item, item_path, fields, entity);
    }
    if (entity.name.empty()) throw ConfigError(item.where, item_path + ".name", "missing: every entry needs a name");
    if (!names.insert(entity.name).second) {
      throw ConfigError(item.find("name")->where, item_path + ".name", "duplicate name '" + entity.name + "'");
    }
    entities.push_back(std::move(entity));
  }
  return entities;
}

template <class Entity>
std::vector<Entity> read_entities(const ConfigNode& root, const char* section, std::span<const Field<Entity>> fields,
                                  const Levers* global_levers, unsigned lever_scope, bool optional = false) {
  const ConfigNode* list = root.find(section);
  if (list == nullptr) {
    if (optional) return {};
    throw ConfigError(root.where, section, "missing: a scenario needs at least one entry");
  }
  return read_entity_list(*list, section, fields, global_levers, lever_scope);
}

// --- The compact city form ---------------------------------------------------
// `city:` names the districts, spreads the streets over them, gives each
// street its communities and each district its departments, and expands
// into the townships and departments a run uses. The expansion is
// deterministic: community counts are drawn from streams keyed by the
// street's name, never by the run's seed, so every run of a file sees the
// same city.

constexpr std::size_t max_districts = 1000;
// A run packs a township index in 16 bits (governance_model.cpp refuses more).
constexpr int max_city_streets = 65535;

std::vector<std::string> read_district_names(const ConfigNode& node, const std::string& path) {
  std::vector<std::string> names;
  if (node.kind == ConfigNode::Kind::sequence) {
    if (node.sequence.empty()) throw ConfigError(node.where, path, "expected a count or a non-empty list of names");
    if (node.sequence.size() > max_districts) {
      throw ConfigError(node.where, path, "too many districts: " + std::to_string(node.sequence.size()) + ", at most " + std::to_string(max_districts));
    }
    for (std::size_t i = 0; i < node.sequence.size(); ++i) {
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      const std::string& name = scalar_of(node.sequence[i], item_path, "a name");
      if (name.empty() || name.find('/') != std::string::npos) throw ConfigError(node.sequence[i].where, item_path, "a district name must be non-empty and contain no '/'");
      if (std::find(names.begin(), names.end(), name) != names.end()) throw ConfigError(node.sequence[i].where, item_path, "duplicate district '" + name + "'");
      names.push_back(name);
    }
    return names;
  }
  if (node.kind != ConfigNode::Kind::scalar) throw ConfigError(node.where, path, "expected a count or a list of names, e.g. 16 or [east, west]");
  const auto count = static_cast<int>(parse_number(node, path, 1, static_cast<double>(max_districts), true));
  for (int k = 1; k <= count; ++k) {
    char name[16];
    std::snprintf(name, sizeof name, "D%02d", k);
    names.emplace_back(name);
  }
  return names;
}

// Streets per district: a total spread as evenly as it divides (the first
// districts take one more), or one count per district.
std::vector<int> read_street_counts(const ConfigNode& node, const std::string& path, std::size_t districts) {
  std::vector<int> counts;
  if (node.kind == ConfigNode::Kind::sequence) {
    if (node.sequence.size() != districts) {
      throw ConfigError(node.where, path, "expected one street count per district (" + std::to_string(districts) + "), got " +
                                              std::to_string(node.sequence.size()));
    }
    int total = 0;
    for (std::size_t k = 0; k < districts; ++k) {
      counts.push_back(static_cast<int>(parse_number(node.sequence[k], path + "[" + std::to_string(k) + "]", 1, 1e4, true)));
      total += counts.back();
    }
    // The same bound as a total: the streets are built before any budget is checked.
    if (total > max_city_streets) {
      throw ConfigError(node.where, path, "too many streets: " + std::to_string(total) + " in all, at most " + std::to_string(max_city_streets));
    }
    return counts;
  }
  if (node.kind != ConfigNode::Kind::scalar) throw ConfigError(node.where, path, "expected a count or one count per district, e.g. 343 or [20, 30]");
  const auto total = static_cast<std::size_t>(parse_number(node, path, static_cast<double>(districts), max_city_streets, true));
  for (std::size_t k = 0; k < districts; ++k) counts.push_back(static_cast<int>(total / districts + (k < total % districts ? 1 : 0)));
  return counts;
}

struct CommunityRange {
  int min = Township{}.communities, max = Township{}.communities;
};

// A number, or {min, max}: each street draws uniformly from the range.
CommunityRange read_community_range(const ConfigNode& node, const std::string& path) {
  CommunityRange range;
  if (node.kind == ConfigNode::Kind::sequence) throw ConfigError(node.where, path, "expected a number or {min, max}, e.g. 10 or {min: 14, max: 28}");
  if (node.kind != ConfigNode::Kind::map) {
    range.min = range.max = static_cast<int>(parse_number(node, path, 1, 1e5, true));
    return range;
  }
  static const std::vector<std::string> keys{"min", "max"};
  for (const auto& [key, value] : node.map) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) unknown_key(value, path, key, keys);
  }
  const ConfigNode* min = node.find("min");
  const ConfigNode* max = node.find("max");
  if (min == nullptr || max == nullptr) throw ConfigError(node.where, path, "expected a number, or both min and max");
  range.min = static_cast<int>(parse_number(*min, path + ".min", 1, 1e5, true));
  range.max = static_cast<int>(parse_number(*max, path + ".max", 1, 1e5, true));
  if (range.max < range.min) throw ConfigError(max->where, path + ".max", "max is below min");
  return range;
}

// Keys the expansion sets itself, refused in a template.
void refuse_expanded_keys(const ConfigNode& item, const std::string& path, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (const ConfigNode* value = item.find(key)) throw ConfigError(value->where, join_path(path, key), "set by the city form, not here");
  }
}

// A template's fields: all but the keys the expansion sets itself, so that
// an unknown key's hint lists only what the template takes.
template <class Target>
std::vector<Field<Target>> template_fields(std::span<const Field<Target>> fields, std::initializer_list<const char*> expanded) {
  std::vector<Field<Target>> kept;
  for (const Field<Target>& field : fields) {
    if (std::none_of(expanded.begin(), expanded.end(), [&](const char* key) { return std::string(key) == field.key; })) kept.push_back(field);
  }
  return kept;
}

void expand_city(const ConfigNode& city, Scenario& scenario) {
  if (city.kind != ConfigNode::Kind::map) throw ConfigError(city.where, "city", "expected a map of keys");
  static const std::vector<std::string> keys{"districts", "streets", "communities", "street", "district_departments"};
  for (const auto& [key, value] : city.map) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) unknown_key(value, "city", key, keys);
  }
  for (const char* required : {"districts", "streets"}) {
    if (city.find(required) == nullptr) throw ConfigError(city.where, std::string("city.") + required, "missing: the city form needs it");
  }
  const std::vector<std::string> districts = read_district_names(*city.find("districts"), "city.districts");
  const std::vector<int> streets = read_street_counts(*city.find("streets"), "city.streets", districts.size());
  const ConfigNode* communities_node = city.find("communities");
  const CommunityRange communities = communities_node != nullptr ? read_community_range(*communities_node, "city.communities") : CommunityRange{};

  Township street;
  street.levers = scenario.levers;
  if (const ConfigNode* node = city.find("street")) {
    const auto expanded = {"name", "district", "communities"};
    refuse_expanded_keys(*node, "city.street", expanded);
    const std::vector<Field<Township>> fields = template_fields(std::span<const Field<Township>>(township_fields), expanded);
    read_map(*node, "city.street", std::span<const Field<Township>>(fields), street, {"levers"});
    if (const ConfigNode* levers = node->find("levers")) {
      read_map(*levers, "city.street.levers", std::span<const Field<Levers>>(lever_fields), street.levers, {}, per_township);
    }
  }
  std::vector<Department> district_departments;
  if (const ConfigNode* node = city.find("district_departments")) {
    const auto expanded = {"kind", "district"};
    for (std::size_t i = 0; i < node->sequence.size(); ++i) {
      refuse_expanded_keys(node->sequence[i], "city.district_departments[" + std::to_string(i) + "]", expanded);
    }
    const std::vector<Field<Department>> fields = template_fields(std::span<const Field<Department>>(department_fields), expanded);
    district_departments =
        read_entity_list(*node, "city.district_departments", std::span<const Field<Department>>(fields), &scenario.levers, per_department);
  }

  for (std::size_t k = 0; k < districts.size(); ++k) {
    for (int s = 1; s <= streets[k]; ++s) {
      Township township = street;
      char suffix[16];
      std::snprintf(suffix, sizeof suffix, "/S%02d", s);
      township.name = districts[k] + suffix;
      township.district = districts[k];
      sim::RandomStream draw(0, 0, "city/communities/" + township.name);
      township.communities = communities.min + static_cast<int>(draw.uniform_int(static_cast<std::uint64_t>(communities.max - communities.min + 1)));
      scenario.townships.push_back(std::move(township));
    }
    for (const Department& proto : district_departments) {
      Department department = proto;
      department.kind = proto.name;
      department.name = districts[k] + "/" + proto.name;
      department.district = districts[k];
      scenario.departments.push_back(std::move(department));
    }
  }
  scenario.city.districts = districts;
  scenario.city.department_templates = district_departments.size();
}

template <class Target>
void describe_fields(std::vector<ParameterInfo>& out, const std::string& prefix, std::span<const Field<Target>> fields,
                     unsigned scope_filter = global_only) {
  static const Target defaults{};
  for (const Field<Target>& field : fields) {
    if (scope_filter != global_only && (field.scope & scope_filter) == 0) continue;
    ParameterInfo info;
    info.path = prefix + field.key;
    info.unit = field.unit;
    info.meaning = field.meaning;
    info.source = field.source;
    std::visit(
        [&](auto member) {
          using Value = std::remove_cvref_t<decltype(defaults.*member)>;
          char buffer[64];
          if constexpr (std::is_same_v<Value, double> || std::is_same_v<Value, int>) {
            info.type = std::is_same_v<Value, int> ? "integer" : "real";
            std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(defaults.*member));
            info.default_value = buffer;
            std::snprintf(buffer, sizeof buffer, "[%g, %g]", field.min, field.max);
            info.range = buffer;
          } else if constexpr (std::is_same_v<Value, std::uint64_t>) {
            info.type = "integer";
            info.default_value = std::to_string(defaults.*member);
            info.range = "[0, 2^64-1]";
          } else if constexpr (std::is_same_v<Value, bool>) {
            info.type = "boolean";
            info.default_value = defaults.*member ? "true" : "false";
            info.range = "true, false";
          } else if constexpr (std::is_same_v<Value, std::string>) {
            info.type = field.choices != nullptr ? "choice" : "text";
            info.default_value = !(defaults.*member).empty() ? defaults.*member : std::string(field.key) == "name" ? "(required)" : "(none)";
            info.range = field.choices != nullptr ? field.choices : "";
          } else if constexpr (std::is_same_v<Value, std::vector<double>>) {
            info.type = "list of numbers";
            for (const double value : defaults.*member) {
              std::snprintf(buffer, sizeof buffer, "%s%g", info.default_value.empty() ? "" : " ", value);
              info.default_value += buffer;
            }
            std::snprintf(buffer, sizeof buffer, "each in [%g, %g]", field.min, field.max);
            info.range = buffer;
          } else {
            info.type = "list of names";
            info.default_value = "(required)";
          }
        },
        field.member);
    out.push_back(std::move(info));
  }
}

// Where entity `index` of `section` (townships or departments) sets `key`:
// its entry in the file's list, or for one the city form made, the template
// it came from (city.street, city.district_departments[j]) or the city block.
struct Place {
  const ConfigNode& node;
  std::string path;
};
Place entity_place(const ConfigNode& root, const Scenario& scenario, const char* section, std::size_t index, const char* key) {
  const bool townships = std::string(section) == "townships";
  if (!(townships ? scenario.city.made_township(index) : scenario.city.made_department(index))) {
    const ConfigNode& item = root.find(section)->sequence[index];
    const ConfigNode* value = item.find(key);
    return {value != nullptr ? *value : item, std::string(section) + "[" + std::to_string(index) + "]." + key};
  }
  const ConfigNode& city = *root.find("city");
  const ConfigNode* item = city.find(townships ? "street" : "district_departments");
  std::string path = townships ? "city.street" : "city.district_departments";
  if (item == nullptr) return {city, "city"};
  if (!townships) {
    const std::size_t j = scenario.city.department_template(index);
    item = &item->sequence[j];
    path += "[" + std::to_string(j) + "]";
  }
  const ConfigNode* value = item->find(key);
  return {value != nullptr ? *value : *item, path + "." + key};
}

[[noreturn]] void entity_error(const ConfigNode& root, const Scenario& scenario, const char* section, std::size_t index, const char* key,
                               const std::string& message) {
  const Place place = entity_place(root, scenario, section, index, key);
  throw ConfigError(place.node.where, place.path, message);
}

// Every township's district, and every department's, is declared; a kind
// has at most one department per district (or at city level), so routing is
// never ambiguous; names are unique across the file and the city form. A
// clash between the file's lists and the city form is reported at the
// file's entry (the city form's entities come after it). Returns each
// department's (kind, district).
std::set<std::pair<std::string, std::string>> check_districts(const ConfigNode& root, const Scenario& scenario) {
  const std::vector<std::string>& districts = scenario.city.districts;
  const auto declared = [&](const std::string& district) {
    return district.empty() || std::find(districts.begin(), districts.end(), district) != districts.end();
  };
  const auto listed = [&](const char* section, std::size_t index) {
    return std::string(section) == "townships" ? !scenario.city.made_township(index) : !scenario.city.made_department(index);
  };
  // The entry a clash between `first` and `second` is reported at.
  const auto clash_at = [&](const char* section, std::size_t first, std::size_t second) { return listed(section, second) ? second : first; };
  // Its district is declared and its name unique among its section's.
  const auto check_entity = [&](const char* section, std::size_t index, const auto& entity, std::map<std::string, std::size_t>& names,
                                const std::string& noun, const char* pattern) {
    if (!declared(entity.district)) {
      entity_error(root, scenario, section, index, "district",
                   "no district named '" + entity.district + "' in districts:" + (districts.empty() ? " (none are declared)" : ""));
    }
    if (const auto [found, inserted] = names.emplace(entity.name, index); !inserted) {
      entity_error(root, scenario, section, clash_at(section, found->second, index), "name",
                   "duplicate " + noun + " name '" + entity.name + "' (the city form makes " + pattern + ")");
    }
  };
  std::map<std::string, std::size_t> township_names, department_names;
  for (std::size_t t = 0; t < scenario.townships.size(); ++t) {
    check_entity("townships", t, scenario.townships[t], township_names, "township", "DISTRICT/Snn");
  }
  std::map<std::pair<std::string, std::string>, std::size_t> kinds;
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    const Department& department = scenario.departments[d];
    check_entity("departments", d, department, department_names, "department", "DISTRICT/KIND");
    if (const auto [found, inserted] = kinds.emplace(std::pair{department.kind, department.district}, d); !inserted) {
      const std::size_t at = clash_at("departments", found->second, d);
      entity_error(root, scenario, "departments", at, "kind",
                   "a second department of kind '" + department.kind + "' " +
                       (department.district.empty() ? "at city level" : "in district '" + department.district + "'") + " (also " +
                       scenario.departments[at == d ? found->second : d].name + ")");
    }
  }
  // A city-level department whose kind every township's district has of its
  // own would never be called: the district's comes first.
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    const Department& department = scenario.departments[d];
    if (!department.district.empty() || districts.empty()) continue;
    const bool shadowed = std::all_of(scenario.townships.begin(), scenario.townships.end(), [&](const Township& township) {
      return !township.district.empty() && kinds.count({department.kind, township.district}) > 0;
    });
    if (shadowed) {
      entity_error(root, scenario, "departments", d, "name",
                   "city-level department '" + department.name + "' would never be called: every district has its own department of kind '" +
                       department.kind + "' (give it another name or kind, or leave it out)");
    }
  }
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& [pair, d] : kinds) pairs.insert(pair);
  return pairs;
}

// The first district (in township order) `kind` cannot serve, or nullptr:
// a kind routes a township's issue to the department of that kind in the
// township's district, else to the one at city (county) level.
const std::string* district_unserved(const Scenario& scenario, const std::set<std::pair<std::string, std::string>>& kinds,
                                     const std::string& kind) {
  if (kinds.count({kind, ""}) > 0) return nullptr;
  for (const Township& township : scenario.townships) {
    if (kinds.count({kind, township.district}) == 0) return &township.district;
  }
  return nullptr;
}

std::string unserved_message(const std::string& kind, const std::string& district) {
  return "no department of kind '" + kind + "' serves " + (district.empty() ? "townships outside a district" : "district '" + district + "'") +
         " (none there and none at city level)";
}

void check_cross_references(const ConfigNode& root, const Scenario& scenario) {
  const std::set<std::pair<std::string, std::string>> kinds = check_districts(root, scenario);
  std::vector<std::string> department_kinds;
  for (const Department& department : scenario.departments) {
    if (std::find(department_kinds.begin(), department_kinds.end(), department.kind) == department_kinds.end()) department_kinds.push_back(department.kind);
  }
  const ConfigNode& categories = *root.find("categories");
  for (std::size_t i = 0; i < scenario.categories.size(); ++i) {
    const Category& category = scenario.categories[i];
    const ConfigNode& item = categories.sequence[i];
    const std::string path = "categories[" + std::to_string(i) + "].departments";
    const ConfigNode* list = item.find("departments");
    if (list == nullptr || category.departments.empty()) {
      throw ConfigError(list != nullptr ? list->where : item.where, path,
                        "category '" + category.name + "' needs at least one department holding jurisdiction");
    }
    std::set<std::string> seen;
    for (std::size_t d = 0; d < category.departments.size(); ++d) {
      const std::string& name = category.departments[d];
      const std::string item_path = path + "[" + std::to_string(d) + "]";
      if (std::find(department_kinds.begin(), department_kinds.end(), name) == department_kinds.end()) {
        std::string message = "no department named '" + name + "'";
        const std::string hint = closest_name(name, department_kinds);
        if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
        throw ConfigError(list->sequence[d].where, item_path, message);
      }
      if (!seen.insert(name).second) throw ConfigError(list->sequence[d].where, path, "department '" + name + "' listed twice");
      if (const std::string* district = district_unserved(scenario, kinds, name)) {
        throw ConfigError(list->sequence[d].where, item_path, unserved_message(name, *district));
      }
    }
    if (category.unclear_owner_share > 0) {
      if (const std::string* district = district_unserved(scenario, kinds, "district_government")) {
        const ConfigNode* share = item.find("unclear_owner_share");
        throw ConfigError(share != nullptr ? share->where : item.where, "categories[" + std::to_string(i) + "].unclear_owner_share",
                          "issues with an unclear owner go to the district government: " + unserved_message("district_government", *district));
      }
    }
  }
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    const Department& department = scenario.departments[d];
    if (department.stationed_staff >= department.staff) {
      // A district department's entry is its city.district_departments template.
      entity_error(root, scenario, "departments", d, "stationed_staff",
                   "department '" + department.name + "' stations " + std::to_string(department.stationed_staff) + " of its " +
                       std::to_string(department.staff) + " teams; at least one must stay central for its own work");
    }
  }
  if (!(scenario.run.warm_up_days < scenario.run.horizon_days)) {
    const ConfigNode* run = root.find("run");
    const ConfigNode* warm_up = run != nullptr ? run->find("warm_up_days") : nullptr;
    throw ConfigError(warm_up != nullptr ? warm_up->where : root.where, "run.warm_up_days", "the warm-up must end before the horizon");
  }
  const ConfigNode* hotline = root.find("hotline");
  const auto check_profile = [&](const std::vector<double>& profile, const char* key, std::size_t length) {
    const ConfigNode* node = hotline != nullptr ? hotline->find(key) : nullptr;
    if (node == nullptr) return;
    const std::string path = std::string("hotline.") + key;
    if (profile.size() != length) {
      throw ConfigError(node->where, path, "expected " + std::to_string(length) + " numbers, got " + std::to_string(profile.size()));
    }
    if (!(std::accumulate(profile.begin(), profile.end(), 0.0) > 0)) throw ConfigError(node->where, path, "at least one rate must be above 0");
  };
  check_profile(scenario.hotline.hour_profile, "hour_profile", 24);
  check_profile(scenario.hotline.day_profile, "day_profile", 7);
  if (scenario.hotline.contacts_per_day > 0) {
    // The category rates set the mix of the hotline's contacts.
    const bool any_rate = std::any_of(scenario.categories.begin(), scenario.categories.end(),
                                      [](const Category& category) { return category.rate_per_community_per_day > 0; });
    if (!any_rate) {
      throw ConfigError(hotline->find("contacts_per_day")->where, "hotline.contacts_per_day",
                        "the hotline's contacts take the mix of categories[].rate_per_community_per_day, and every rate is 0");
    }
  }
}

template <class Target>
nlohmann::ordered_json fields_json(std::span<const Field<Target>> fields, const Target& target, unsigned scope_filter = global_only) {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (const Field<Target>& field : fields) {
    if (scope_filter != global_only && (field.scope & scope_filter) == 0) continue;
    std::visit(
        [&](auto member) {
          // An optional name left out (a township outside any district) stays out.
          if constexpr (std::is_same_v<std::remove_cvref_t<decltype(target.*member)>, std::string>) {
            if ((target.*member).empty()) return;
          }
          json[field.key] = target.*member;
        },
        field.member);
  }
  return json;
}

template <class Entity>
nlohmann::ordered_json entities_json(const std::vector<Entity>& entities, std::span<const Field<Entity>> fields,
                                     unsigned lever_scope) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Entity& entity : entities) {
    nlohmann::ordered_json item = fields_json(fields, entity);
    if constexpr (requires { entity.levers; }) {
      item["levers"] = fields_json(std::span<const Field<Levers>>(lever_fields), entity.levers, lever_scope);
    }
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace

nlohmann::ordered_json scenario_json(const Scenario& scenario) {
  nlohmann::ordered_json json;
  json["run"] = fields_json(std::span<const Field<RunControl>>(run_fields), scenario.run);
  json["hotline"] = fields_json(std::span<const Field<Hotline>>(hotline_fields), scenario.hotline);
  if (!scenario.city.districts.empty()) json["districts"] = scenario.city.districts;
  json["levers"] = fields_json(std::span<const Field<Levers>>(lever_fields), scenario.levers);
  json["assumptions"] = fields_json(std::span<const Field<Assumptions>>(assumption_fields), scenario.assumptions);
  json["categories"] = entities_json(scenario.categories, std::span<const Field<Category>>(category_fields), global_only);
  json["departments"] = entities_json(scenario.departments, std::span<const Field<Department>>(department_fields), per_department);
  json["townships"] = entities_json(scenario.townships, std::span<const Field<Township>>(township_fields), per_township);
  return json;
}

std::vector<ParameterInfo> scenario_parameters() {
  std::vector<ParameterInfo> out;
  describe_fields(out, "run.", std::span<const Field<RunControl>>(run_fields));
  describe_fields(out, "hotline.", std::span<const Field<Hotline>>(hotline_fields));
  describe_fields(out, "levers.", std::span<const Field<Levers>>(lever_fields));
  describe_fields(out, "assumptions.", std::span<const Field<Assumptions>>(assumption_fields));
  describe_fields(out, "categories[].", std::span<const Field<Category>>(category_fields));
  describe_fields(out, "departments[].", std::span<const Field<Department>>(department_fields));
  describe_fields(out, "departments[].levers.", std::span<const Field<Levers>>(lever_fields), per_department);
  describe_fields(out, "townships[].", std::span<const Field<Township>>(township_fields));
  describe_fields(out, "townships[].levers.", std::span<const Field<Levers>>(lever_fields), per_township);
  const std::string city_source = "docs/sources.md S39: 16 districts, 343 streets and townships (scenarios/beijing.yaml)";
  out.push_back({"districts", "list of names", "", "(none)", "", "the districts townships[].district and departments[].district name (not with city:)", city_source});
  out.push_back({"city.districts", "integer or list of names", "districts", "(required)", "[1, 1000]",
                 "the city form: a count (named D01, D02, ...) or the districts' names", city_source});
  out.push_back({"city.streets", "integer or list of integers", "streets", "(required)", "[districts, 65535]; each [1, 10000], at most 65535 in all",
                 "streets and townships: a total spread evenly over the districts (the first take one more), or one count per district; named DISTRICT/Snn", city_source});
  out.push_back({"city.communities", "integer or {min, max}", "communities", "10", "[1, 100000]",
                 "communities of each street: a number, or a range each street draws from uniformly (keyed by the street's name, not the run's seed, so every run sees the same city)", "argument: docs/odd.md A82"});
  out.push_back({"city.street", "map", "", "(the townships[] defaults)", "", "the fields of townships[] (and its levers) every street gets, except name, district and communities", "argument: docs/odd.md A82"});
  out.push_back({"city.district_departments", "list", "", "(none)", "",
                 "departments every district has, with the fields of departments[] except kind and district; each becomes DISTRICT/NAME of kind NAME. Top-level departments: are the city-level ones", "docs/sources.md S22, S39"});
  return out;
}

ParameterInfo declared_parameter(const std::string& path, const SourceLocation& where, const std::string& key) {
  // departments.0.staff is declared as departments[].staff; the declared
  // form itself is read as if it named the first entry.
  std::string any_entry = path;
  for (std::size_t at = any_entry.find("[]"); at != std::string::npos; at = any_entry.find("[]", at)) any_entry.replace(at, 2, "[0]");
  std::string declared;
  std::stringstream parts(canonical_key_path(any_entry, where, key));
  for (std::string part; std::getline(parts, part, '.');) {
    const bool index = std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    declared += index ? "[]" : (declared.empty() ? "" : ".") + part;
  }
  std::vector<ParameterInfo> parameters = scenario_parameters();
  for (ParameterInfo& parameter : parameters) {
    if (parameter.path == declared) return std::move(parameter);
  }
  std::vector<std::string> names;
  for (const ParameterInfo& parameter : parameters) names.push_back(parameter.path);
  std::string message = "'" + path + "' is not a declared scenario parameter";
  const std::string hint = closest_name(declared, names);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  throw ConfigError(where, key, message + "; `tiaokuai describe` lists them");
}

Scenario read_scenario(const ConfigNode& root) {
  if (root.kind != ConfigNode::Kind::map) throw ConfigError(root.where, "", "a scenario must be a map of keys");
  Scenario scenario;
  scenario.source = root.where.file;
  static const std::vector<std::string> sections{"run",       "levers",    "assumptions", "hotline", "city",
                                                  "districts", "categories", "departments", "townships"};
  for (const auto& [key, value] : root.map) {
    if (std::find(sections.begin(), sections.end(), key) == sections.end()) unknown_key(value, "", key, sections);
  }
  if (const ConfigNode* run = root.find("run")) read_map(*run, "run", std::span<const Field<RunControl>>(run_fields), scenario.run);
  if (const ConfigNode* levers = root.find("levers")) {
    read_map(*levers, "levers", std::span<const Field<Levers>>(lever_fields), scenario.levers);
  }
  if (const ConfigNode* assumptions = root.find("assumptions")) {
    read_map(*assumptions, "assumptions", std::span<const Field<Assumptions>>(assumption_fields), scenario.assumptions);
  }
  if (const ConfigNode* hotline = root.find("hotline")) {
    read_map(*hotline, "hotline", std::span<const Field<Hotline>>(hotline_fields), scenario.hotline);
  }
  // A city's streets and district departments come from the city form, so
  // the lists may be left out (or hold the city-level departments only).
  const ConfigNode* city = root.find("city");
  scenario.departments = read_entities(root, "departments", std::span<const Field<Department>>(department_fields),
                                       &scenario.levers, per_department, city != nullptr);
  scenario.townships = read_entities(root, "townships", std::span<const Field<Township>>(township_fields),
                                     &scenario.levers, per_township, city != nullptr);
  if (const ConfigNode* districts = root.find("districts")) {
    if (city != nullptr) throw ConfigError(districts->where, "districts", "give the districts either here or in city:, not both");
    if (districts->kind != ConfigNode::Kind::sequence) throw ConfigError(districts->where, "districts", "expected a list of names");
    scenario.city.districts = read_district_names(*districts, "districts");
  }
  if (city != nullptr) {
    scenario.city.compact = true;
    scenario.city.listed_townships = scenario.townships.size();
    scenario.city.listed_departments = scenario.departments.size();
    expand_city(*city, scenario);
  }
  if (scenario.departments.empty()) throw ConfigError(city->where, "city.district_departments", "the city has no departments: give departments: or city.district_departments");
  for (Department& department : scenario.departments) {
    if (department.kind.empty()) department.kind = department.name;
  }
  scenario.categories = read_entities(root, "categories", std::span<const Field<Category>>(category_fields), nullptr, global_only);
  check_cross_references(root, scenario);
  return scenario;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  ConfigNode root = load_with_extends(path);
  for (const std::string& assignment : overrides) apply_override(root, assignment);
  return read_scenario(root);
}

}  // namespace tiaokuai::models
