#pragma once
// Scenario: the frozen, validated input of one governance run, as plain
// data. It is produced only by read_scenario() (scenario_schema.hpp), which
// fills every default and checks every range, so a run never sees an
// unchecked value. Units are in the member names or comments; the declared
// tables in scenario_schema.cpp are the single source of each parameter's
// unit, default, range and meaning (`tiaokuai describe` prints them).

#include <cstdint>
#include <string>
#include <vector>

namespace tiaokuai::models {

struct RunControl {
  double horizon_days = 725;   // the warm-up and one measured year
  double warm_up_days = 360;   // effort settles within 12 assessment periods (docs/odd.md A60)
  std::uint64_t seed = 1;
  std::string mode = "reform";  // "reform" (townships call directly) or "pre_reform" (via the county)
  double max_events = 2e8;      // event budget: a runaway scenario stops with a message
  double max_open_issues = 1e6; // memory budget: issues open at once (about 300 bytes each)
};

// The study's levers. One global set; departments and townships carry their
// own copy, overridden where the scenario says so (the scope of each lever is
// declared in scenario_schema.cpp). How each lever acts is written once in
// models/governance/lever_effects.hpp and described in docs/odd.md.
struct Levers {
  // Strong administrative resources, integration of upper and lower forces.
  int escalation_capacity = 2;          // escalated issues the county leaders push at once
  double escalation_delay_hours = 24;   // county leaders' time to take up an escalated issue
  // Pre-reform: the county coordinating office that relays townships' requests.
  int county_office_staff = 4;                 // clerks relaying requests in parallel
  double county_office_hours_per_request = 2;  // mean clerk time to relay one request
  double county_office_own_load = 0.2;         // share of the clerks' time on other county business
  double township_power = 0.3;          // chance a township may act alone on a category that allows it
  // Direct-reverse incentives.
  double incentive_weight = 0.33;       // weight of township scores in a department's assessment
  double reward = 1.0;                  // pull of rewards for good scores
  double penalty = 1.0;                 // push of penalties for poor scores
  double adaptation_rate = 0.3;         // share of the distance to the resting effort closed each period
  double effort_drift = 0.1;            // pull of effort towards zero ("report but don't act")
  double assessment_period_days = 30;
  double response_target_share = 0.1;   // a call's response target, as a share of its category's deadline
  double target_score = 0.7;            // period score below which penalties fall
  std::string ranking = "call_score";   // the period score: call_score (calls rated, call-backs) or three_rates (Beijing's)
  // Party lead.
  double party_coordination = 0.3;      // 0 none .. 1 full: joint-action delay, shirking, break-up
  double coordination_hours = 8;        // time to convene a joint action without Party coordination
  double joint_breakup = 0.3;           // chance a joint action falls apart without Party coordination
  // Technological empowerment.
  double information_level = 0.3;       // 0 paper .. 1 integrated platform
  double misrouting = 0.2;              // chance a call goes to the wrong department at information level 0
  // Multiple governance subjects.
  double social_participation = 0.1;    // share of minor issues residents resolve themselves
  // Policy implementation deviation.
  double over_calling = 0.1;            // chance a township whistles an issue that needs no whistle
  double under_calling = 0.05;          // chance a township sits on an issue it should call
  double unauthorised_success = 0.3;    // chance a township without the power still fixes an issue
  double formalism = 0.1;               // chance a department reports without really solving (before its assessment's pull)
  double callback_verification = 0.5;  // share of sham fixes residents' call-backs catch
  // The two routes: routine dispatch and the whistle (docs/odd.md section 3, step 4).
  double whistle_multi_department = 0.3; // chance a township whistles a multi-department issue that is not hard
  double whistle_memory_weight = 0.5;    // extra chance to whistle a department whose routine answers were all slow
  double routine_patience_hours = 24;    // a routine answer slower than this (or a failed one) counts as slow
  double memory_rate = 0.1;              // weight of the latest routine case in a township's memory of a department
  double arrival_rule_minutes = 30;      // a whistled department must be on site within this
  // Communication between tiao and kuai.
  double message_delay_hours = 2;       // call to department, at information level 0
  double recall_delay_hours = 8;        // before a failed or refused call is repeated
  int max_recalls = 2;                  // re-calls before the issue escalates
  // Less power, more responsibility.
  double pushed_tasks_per_week = 2;     // tasks a department pushes down to each township
  double pushed_task_hours = 3;         // township staff time one pushed-down task takes
  bool duty_list = false;               // a duty list caps the pushed-down tasks a township accepts
  int duty_list_tasks_per_week = 10;    // with a duty list: tasks a township accepts a week; the rest go back
  // Lead department (first receiver leads, others may not refuse).
  bool lead_department = false;
  // Demand feedback: elasticity of arrivals to recent satisfaction (0 = off).
  double demand_feedback = 0;
};

// Behavioural assumptions: the constants of the functional forms in
// models/governance/lever_effects.hpp and of the agents' behaviour. They are
// not levers (no policy sets them) but each shapes a finding, so each is
// declared with unit, range and source like any parameter. County-wide.
struct Assumptions {
  double information_reach = 0.8;         // share of paper-era delay and misrouting an integrated platform removes
  double success_floor = 0.75;            // chance a real attempt succeeds at effort 0 (1 at full effort)
  double lead_department_factor = 0.5;    // multiplier on joint-action delay and break-up under the lead-department rule
  double penalty_efficacy = 0.5;          // pull of a unit of penalty relative to a unit of reward
  double promptness_share = 0.5;          // share of a call's score for promptness (the rest for a solution)
  double satisfaction_share = 1.0 / 3;    // share of a department's period score for residents' call-back satisfaction
  double effort_shock_sd = 0.03;          // sd of the random change in a department's effort each period
  double satisfaction_patience = 2;       // deadlines of latency at which satisfaction falls to 1/e
  double initial_score = 0.5;             // a department's mean score before its first scored call
  double escalated_effort = 1.0;          // a department's effort on an issue the county has taken up
  double vertical_job_hours = 4;          // mean length of one job of the line ministry's own work
  double stationed_travel_minutes = 10;   // a stationed team's travel to the site
  double party_leader_hours = 4;          // a township Party leader's time per convening, at full Party coordination
  double reporting_gain = 1;              // extra share of latent issues reported at information level 1 (vs 0)
  double formalism_incentive = 0.2;       // sham share of real fixes per unit of incentive weight
  double sham_reappear_days = 14;         // before a missed sham's problem is reported again
};

struct Category {
  std::string name;
  double rate_per_community_per_day = 0.01;
  std::vector<std::string> departments;  // jurisdiction: all must act
  bool township_may_resolve = false;     // within township power at all
  std::string urgency = "general";       // emergency | utility | general | complex
  double deadline_hours = 168;
  double detection_hours = 24;           // mean time before it is seen, at information level 0
  double work_hours = 4;                 // on-site work once all departments have reported
  double minor_share = 0.3;              // share of issues minor enough for residents
  double ambiguity = 0.2;                // how unclear the responsibility is (drives shirking)
  double hard_share = 0.1;               // share of issues hard enough that the township whistles
  bool enforcement = false;              // needs law enforcement on site: always whistled (after the reform)
  double unclear_owner_share = 0;        // city: share whose owner is unclear, sent to the district government
};

struct Department {
  std::string name;
  std::string kind;      // the duty-list name categories route to (the name if not given)
  std::string district;  // empty: county or city level, serving every township
  int staff = 5;                 // parallel teams
  double vertical_load = 0.3;    // share of staff time taken by the line ministry's own work
  int stationed_staff = 0;       // teams stationed in townships (shorten travel; taken from the central pool)
  double travel_minutes = 40;    // getting a team from the department to a township's edge
  double mobilise_hours = 4;     // time to get a team moving, at effort 0
  double initial_effort = 0.7;   // 0..1
  Levers levers;
};

struct Township {
  std::string name;
  std::string district;  // empty outside a city
  int staff = 6;                 // parallel teams
  int communities = 10;
  int party_leaders = 2;         // Party leaders who can convene joint actions at once
  double travel_minutes = 30;    // from the county seat, added to each department's travel
  Levers levers;
};

// The city's 12345 hotline (docs/odd.md section 3, step 1b): citizens'
// contacts reach seats, consultations are closed there and demands become
// work orders for the streets. Off (contacts_per_day 0) outside a city.
struct Hotline {
  double contacts_per_day = 0;         // mean over the week; 0: issues arise in communities instead
  double phone_share = 0.907;          // by phone, through the seats; the rest online, straight to dispatch
  double demand_share = 0.415;         // demands (work orders); the rest consultations closed at the seat
  int seats = 750;                     // seats staffed at the busiest hour
  double handle_minutes = 5.6;         // a seat's mean time on one contact
  double dispatch_minutes = 6;         // a seat's extra time to write and send one work order
  double patience_minutes = 3;         // a caller's mean patience in the queue before hanging up
  // Relative contact rates (scaled to mean 1 where used): a day-time peak
  // and busier weekdays, argued in docs/odd.md A81.
  std::vector<double> hour_profile{0.2, 0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.7, 1.3, 1.7, 1.8, 1.7,
                                   1.3, 1.4, 1.6, 1.6, 1.5, 1.3, 1.1, 1.0, 0.9, 0.8, 0.6, 0.4};  // hour 0 first
  std::vector<double> day_profile{1.1, 1.05, 1.05, 1.0, 1.0, 0.9, 0.9};  // Monday first
};

// The names the compact `city:` form (docs/scenario.md) expanded into; its
// entities are already among the scenario's townships and departments.
struct City {
  std::vector<std::string> districts;  // empty: not a city
  // With the compact form, the townships and departments it made follow
  // those listed in the file: townships from index listed_townships (each
  // from city.street), departments from listed_departments (district k's
  // j-th is city.district_departments[j], k * templates + j places on).
  bool compact = false;
  std::size_t listed_townships = 0, listed_departments = 0, department_templates = 0;

  // Whether the city form made township t (department d), not the file's list.
  bool made_township(std::size_t t) const { return compact && t >= listed_townships; }
  bool made_department(std::size_t d) const { return compact && d >= listed_departments; }
  // The city.district_departments entry department d was made from.
  std::size_t department_template(std::size_t d) const { return (d - listed_departments) % department_templates; }
};

struct Scenario {
  std::string source;  // the file it was read from
  RunControl run;
  Hotline hotline;
  City city;
  Levers levers;
  Assumptions assumptions;
  std::vector<Category> categories;
  std::vector<Department> departments;
  std::vector<Township> townships;
};

}  // namespace tiaokuai::models
