#include "models/governance/run_summary.hpp"

#include <cmath>
#include <limits>

namespace tiaokuai::models::governance {
namespace {

// Department effort averaged over the assessment periods that end after the
// warm-up: its level over the measured window, which varies between
// replications through the effort shocks (effort.end is one moment of it).
double measured_mean_effort(const RunReport& report) {
  double sum = 0;
  std::size_t periods = 0;
  for (const PeriodReport& period : report.periods) {
    if (period.day <= report.warm_up_days) continue;
    sum += period.mean_effort;
    ++periods;
  }
  return periods == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(periods);
}

double ratio(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

std::uint64_t outcome_count(const RunReport& report, Outcome outcome) {
  return report.by_outcome[static_cast<std::size_t>(outcome)];
}

// `extra` fields follow p99, before the quantile grid.
nlohmann::ordered_json latency_json(const LatencySummary& latency, const nlohmann::ordered_json& extra = nlohmann::ordered_json::object()) {
  nlohmann::ordered_json json{{"count", latency.count}, {"mean", latency.mean}, {"median", latency.median},
                              {"p90", latency.p90}, {"p99", latency.p99}};
  for (const auto& [key, value] : extra.items()) json[key] = value;
  for (std::size_t q = 0; q < LatencySummary::grid_size; ++q) {
    char key[8];
    std::snprintf(key, sizeof key, "q%02zu", 5 * (q + 1));
    json["quantiles"][key] = latency.grid[q];
  }
  return json;
}

// Calls that reached the department they were meant for.
double delivered_calls(const RunReport& report) { return static_cast<double>(report.calls - report.misroutes); }

// All staff time the window took: departments, townships, Party and
// county leaders, and the county office's clerks.
double staff_hours(const RunReport& report) {
  const CostLedger& ledger = report.ledger;
  return ledger.department_hours() + ledger.township_hours() + ledger.party_leader_hours + ledger.county_escalation_hours +
         report.county_office_staff_hours;
}

}  // namespace

nlohmann::ordered_json summary_json(const RunReport& report) {
  nlohmann::ordered_json json;
  json["scenario"] = report.scenario;
  json["mode"] = report.mode;
  json["seed"] = report.seed;
  json["run_index"] = report.run_index;
  json["horizon_days"] = report.horizon_days;
  json["warm_up_days"] = report.warm_up_days;
  json["events"] = report.events;
  json["issues"] = {
      {"arisen", report.arisen},
      {"resolved", report.resolved()},
      {"resolved_by_residents", outcome_count(report, Outcome::social)},
      {"resolved_by_township", outcome_count(report, Outcome::township)},
      {"resolved_by_departments", outcome_count(report, Outcome::department)},
      {"resolved_after_escalation", outcome_count(report, Outcome::county)},
      {"open_at_end", outcome_count(report, Outcome::open)},
      {"called", report.called},
      {"escalated", report.escalated},
      {"within_deadline", report.within_deadline},
  };
  json["response_hours"] = latency_json(report.response);
  json["response_hours"]["required_calls_mean"] = report.required_call_response_hours;
  // count, mean, median, p90, p99 and quantiles: resolved issues only. The
  // Kaplan–Meier fields count every issue, the open ones as censored.
  const SurvivalSummary& survival = report.resolution_survival;
  json["resolution_hours"] = latency_json(report.resolution, {{"censored", survival.censored},
                                                              {"km_median", survival.median},
                                                              {"rmst", survival.restricted_mean},
                                                              {"rmst_tau_hours", survival.tau_hours}});
  const double arisen = static_cast<double>(report.arisen);
  json["rates"] = {
      {"resolution_within_deadline", ratio(static_cast<double>(report.within_deadline), arisen)},
      {"resolved", ratio(static_cast<double>(report.resolved()), arisen)},
      {"called", ratio(static_cast<double>(report.called), arisen)},
      {"shirking", ratio(static_cast<double>(report.refusals), delivered_calls(report))},
      {"misrouting", ratio(static_cast<double>(report.misroutes), static_cast<double>(report.calls))},
      {"recalls_per_called_issue", ratio(static_cast<double>(report.recalls), static_cast<double>(report.called))},
      {"failed_attempts_per_called_issue", ratio(static_cast<double>(report.failures), static_cast<double>(report.called))},
      {"escalation", ratio(static_cast<double>(report.escalated), arisen)},
      {"joint_breakup", ratio(static_cast<double>(report.breakups), static_cast<double>(report.joint_actions))},
      {"reports_without_resolution", ratio(static_cast<double>(report.ledger.reports_without_resolution), arisen)},
      // Repeat complaints that follow a sham fix (docs/sources.md S31: half
      // of the 10-20 % repeats), so a calibration can target them.
      {"repeats_after_sham", ratio(static_cast<double>(report.ledger.reappeared), arisen)},
  };
  // The two routes: the whistle share is the townships' decision, an output.
  const double whistled = static_cast<double>(report.whistled);
  json["routes"] = {
      {"whistled", report.whistled},
      {"dispatched", report.dispatched},
      {"whistle_share", ratio(whistled, arisen)},
      {"routine_dispatch_share", ratio(static_cast<double>(report.dispatched), arisen)},
      {"multi_department_share_of_whistles", ratio(static_cast<double>(report.whistled_multi_department), whistled)},
      {"multi_department_share_of_issues", ratio(static_cast<double>(report.multi_department), arisen)},
      {"arrival_rule_minutes", report.arrival_rule_minutes},
      {"whistle_arrivals_within_rule", ratio(static_cast<double>(report.whistle_reports_within_rule),
                                             static_cast<double>(report.whistle_reports))},
      {"mean_response_hours", {{"routine", report.mean_response_hours_by_route[static_cast<std::size_t>(Route::routine)]},
                               {"whistle", report.mean_response_hours_by_route[static_cast<std::size_t>(Route::whistle)]}}},
  };
  json["calls"] = {{"sent", report.calls}, {"refused", report.refusals}, {"misrouted", report.misroutes},
                   {"recall_rounds", report.recalls}, {"failed_attempts", report.failures},
                   {"joint_actions", report.joint_actions}, {"joint_breakups", report.breakups}};
  json["utilisation"] = {{"departments", report.department_utilisation},
                         {"townships", report.township_utilisation},
                         {"townships_share_on_pushed_tasks", report.township_pushed_share}};
  json["pushed_tasks"] = {{"received", report.pushed_tasks},
                          {"accepted", report.pushed_accepted},
                          {"returned", report.pushed_returned},
                          {"department_hours_on_returned", report.returned_task_hours}};
  // Pre-reform only (zeros after the reform).
  json["county_office"] = {{"utilisation", report.county_office_utilisation},
                           {"relayed_requests", report.county_office_relayed},
                           {"mean_relay_hours", report.county_office_mean_relay_hours},
                           {"county_office_staff_hours", report.county_office_staff_hours}};
  // A city's hotline only, so a county's metrics stay as they were.
  if (report.hotline.in_scenario) {
    const HotlineReport& hotline = report.hotline;
    json["hotline"] = {{"contacts", hotline.contacts},
                       {"by_phone", hotline.by_phone},
                       {"answered", hotline.answered},
                       {"abandoned", hotline.abandoned},
                       {"abandoned_share", ratio(static_cast<double>(hotline.abandoned), static_cast<double>(hotline.by_phone))},
                       {"queued_share", ratio(static_cast<double>(hotline.queued), static_cast<double>(hotline.by_phone))},
                       {"mean_wait_seconds", hotline.mean_wait_seconds},
                       {"seat_utilisation", hotline.seat_utilisation},
                       {"mean_staffed_seats", hotline.mean_staffed_seats},
                       {"consultations", hotline.consultations},
                       {"orders", hotline.orders}};
  }
  const CostLedger& ledger = report.ledger;
  json["costs"] = {
      {"window_hours", ledger.window_hours},
      {"department_team_hours",
       {{"calls", ledger.department_call_hours},
        {"joint_actions", ledger.department_joint_action_hours},
        {"vertical_work", ledger.department_vertical_hours},
        {"returned_tasks", ledger.department_returned_task_hours},
        {"stationed", ledger.department_stationed_hours},
        {"stationed_on_calls", ledger.department_stationed_busy_hours},
        {"total", ledger.department_hours()}}},
      {"township_team_hours",
       {{"local_issues", ledger.township_local_issue_hours},
        {"pushed_tasks", ledger.township_pushed_task_hours},
        {"total", ledger.township_hours()}}},
      {"convening_issue_hours", ledger.township_convening_hours},
      {"party_leader_hours", ledger.party_leader_hours},
      {"county_leader_hours", ledger.county_escalation_hours},
      {"county_office_staff_hours", report.county_office_staff_hours},
      // All staff time the window took, the sum of the five above: what an
      // optimisation weighs a design's speed against (docs/decisions.md).
      {"staff_hours", staff_hours(report)},
      {"by_lever",
       {{"stationed_staff_team_hours", ledger.department_stationed_hours},
        {"joint_action_team_hours", ledger.department_joint_action_hours},
        {"party_coordination_leader_hours", ledger.party_leader_hours},
        {"escalation_leader_hours", ledger.county_escalation_hours},
        {"information_extra_reported_issues", ledger.reported_by_information},
        {"formalism_shams_caught", ledger.shams_caught},
        {"formalism_reports_without_resolution", ledger.reports_without_resolution},
        {"formalism_reappeared_issues", ledger.reappeared}}},
  };
  json["satisfaction"] = report.satisfaction;
  json["effort"] = {{"start", report.mean_effort_start}, {"end", report.mean_effort_end}, {"measured_mean", measured_mean_effort(report)}};
  nlohmann::ordered_json phases;
  for (std::size_t p = 0; p < phase_count; ++p) phases[phase_names[p]] = report.mean_phase_hours[p];
  json["mean_phase_hours"] = phases;
  json["littles_law"] = {{"mean_open", report.mean_open},
                         {"mean_open_from_sojourns", report.mean_open_from_sojourns},
                         {"arrival_rate_per_hour", report.arrival_rate_per_hour},
                         {"mean_sojourn_hours", report.mean_sojourn_hours},
                         {"arrival_rate_times_sojourn", report.arrival_rate_per_hour * report.mean_sojourn_hours}};
  for (const PeriodReport& period : report.periods) {
    json["periods"].push_back({{"name", std::to_string(period.period)},
                               {"day", period.day},
                               {"mean_effort", period.mean_effort},
                               {"attempts", period.attempts},
                               {"failed_share", ratio(static_cast<double>(period.failures), static_cast<double>(period.attempts))},
                               {"effort_sd", period.effort_sd}});
  }
  for (const CategoryReport& category : report.categories) {
    json["categories"].push_back({{"name", category.name},
                                  {"arisen", category.arisen},
                                  {"resolved", category.resolved},
                                  {"within_deadline", category.within_deadline},
                                  {"escalated", category.escalated},
                                  {"mean_resolution_hours", category.mean_resolution_hours}});
  }
  for (const DepartmentReport& department : report.departments) {
    json["departments"].push_back({{"name", department.name},
                                   {"calls", department.calls},
                                   {"refusals", department.refusals},
                                   {"reports", department.reports},
                                   {"mean_response_hours", department.mean_response_hours},
                                   {"utilisation", department.utilisation},
                                   {"call_hours", department.call_hours},
                                   {"joint_action_hours", department.joint_action_hours},
                                   {"vertical_hours", department.vertical_hours},
                                   {"stationed_hours", department.stationed_hours},
                                   {"final_effort", department.final_effort},
                                   {"mean_score", department.mean_score},
                                   {"returned_tasks", department.returned_tasks},
                                   {"returned_task_hours", department.returned_task_hours}});
  }
  for (const TownshipReport& township : report.townships) {
    json["townships"].push_back({{"name", township.name},
                                 {"arisen", township.arisen},
                                 {"resolved_alone", township.resolved_alone},
                                 {"called", township.called},
                                 {"utilisation", township.utilisation},
                                 {"local_share_of_load", township.local_share_of_load},
                                 {"pushed_received", township.pushed_tasks},
                                 {"pushed_accepted", township.pushed_accepted},
                                 {"pushed_returned", township.pushed_returned},
                                 {"local_issue_hours", township.local_issue_hours},
                                 {"pushed_task_hours", township.pushed_task_hours},
                                 {"convening_hours", township.convening_hours},
                                 {"party_leader_hours", township.party_leader_hours},
                                 {"mean_resolution_hours", township.mean_resolution_hours}});
  }
  return json;
}

void print_summary(const RunReport& report, std::FILE* out) {
  const double arisen = static_cast<double>(report.arisen);
  const auto percent = [](double part, double whole) { return 100.0 * ratio(part, whole); };
  std::fprintf(out, "%s (%s), seed %llu: %.0f days after a %.0f-day warm-up, %llu events\n", report.scenario.c_str(),
               report.mode.c_str(), static_cast<unsigned long long>(report.seed), report.horizon_days - report.warm_up_days,
               report.warm_up_days, static_cast<unsigned long long>(report.events));
  std::fprintf(out, "\nissues                      %8llu arisen\n", static_cast<unsigned long long>(report.arisen));
  const std::pair<const char*, Outcome> rows[] = {{"resolved by residents", Outcome::social},
                                                  {"resolved by the township", Outcome::township},
                                                  {"resolved by departments", Outcome::department},
                                                  {"resolved after escalation", Outcome::county},
                                                  {"open at the end", Outcome::open}};
  for (const auto& [label, outcome] : rows) {
    const double count = static_cast<double>(outcome_count(report, outcome));
    std::fprintf(out, "  %-26s%8.0f  %5.1f %%\n", label, count, percent(count, arisen));
  }
  std::fprintf(out, "  %-26s%8llu  %5.1f %%\n", "called departments", static_cast<unsigned long long>(report.called),
               percent(static_cast<double>(report.called), arisen));
  std::fprintf(out, "    %-24s%8llu  %5.1f %%   (%.1f %% of them need several departments)\n", "by the whistle",
               static_cast<unsigned long long>(report.whistled), percent(static_cast<double>(report.whistled), arisen),
               percent(static_cast<double>(report.whistled_multi_department), static_cast<double>(report.whistled)));
  std::fprintf(out, "    %-24s%8llu  %5.1f %%\n", "by routine dispatch", static_cast<unsigned long long>(report.dispatched),
               percent(static_cast<double>(report.dispatched), arisen));
  std::fprintf(out, "  %-26s%8llu  %5.1f %%\n", "escalated to the county", static_cast<unsigned long long>(report.escalated),
               percent(static_cast<double>(report.escalated), arisen));
  std::fprintf(out, "\nlatency (hours)                mean   median      p90      p99\n");
  const auto latency_row = [out](const char* label, const LatencySummary& latency) {
    std::fprintf(out, "  %-26s%8.1f %8.1f %8.1f %8.1f\n", label, latency.mean, latency.median, latency.p90, latency.p99);
  };
  latency_row("response (call to report)", report.response);
  latency_row("resolution (resolved only)", report.resolution);
  // The row above is the mean (and quantiles) of resolved issues only; these
  // count the issues still open too, as censored at their age.
  const SurvivalSummary& survival = report.resolution_survival;
  std::fprintf(out, "  resolution, open issues counted as censored at their age (%llu open at the end)\n",
               static_cast<unsigned long long>(survival.censored));
  if (std::isnan(survival.median)) {
    std::fprintf(out, "    %-24s%8s %8s   (over half unresolved at their age)\n", "Kaplan-Meier median", "", "not reached");
  } else {
    std::fprintf(out, "    %-24s%8s %8.1f   (of resolved issues only: %.1f)\n", "Kaplan-Meier median", "", survival.median,
                 report.resolution.median);
  }
  std::fprintf(out, "    %-24s%8.1f            (area under the Kaplan-Meier curve to tau = %.0f h)\n", "restricted mean",
               survival.restricted_mean, survival.tau_hours);
  std::fprintf(out, "\nresolved within deadline      %5.1f %% of issues arisen\n",
               percent(static_cast<double>(report.within_deadline), arisen));
  std::fprintf(out, "need several departments      %5.1f %% of issues arisen\n",
               percent(static_cast<double>(report.multi_department), arisen));
  std::fprintf(out, "whistle arrivals in %3.0f min   %5.1f %% of whistled departments' reports\n", report.arrival_rule_minutes,
               percent(static_cast<double>(report.whistle_reports_within_rule), static_cast<double>(report.whistle_reports)));
  std::fprintf(out, "response by route             %5.1f h routine, %.1f h whistle (mean)\n",
               report.mean_response_hours_by_route[static_cast<std::size_t>(Route::routine)],
               report.mean_response_hours_by_route[static_cast<std::size_t>(Route::whistle)]);
  std::fprintf(out, "shirking                      %5.1f %% of calls delivered\n",
               percent(static_cast<double>(report.refusals), delivered_calls(report)));
  std::fprintf(out, "misrouting                    %5.1f %% of calls\n",
               percent(static_cast<double>(report.misroutes), static_cast<double>(report.calls)));
  std::fprintf(out, "re-call rounds                %5.2f per called issue\n",
               ratio(static_cast<double>(report.recalls), static_cast<double>(report.called)));
  std::fprintf(out, "utilisation                   %5.1f %% departments, %.1f %% townships\n",
               100.0 * report.department_utilisation, 100.0 * report.township_utilisation);
  if (report.mode == "pre_reform") {
    std::fprintf(out, "county office                 %5.1f %% busy, %llu requests relayed in %.1f h (wait + handling), %.0f staff-hours\n",
                 100.0 * report.county_office_utilisation, static_cast<unsigned long long>(report.county_office_relayed),
                 report.county_office_mean_relay_hours, report.county_office_staff_hours);
  }
  if (report.hotline.in_scenario) {
    const HotlineReport& hotline = report.hotline;
    const auto phone = static_cast<double>(hotline.by_phone);
    std::fprintf(out, "hotline                    %8llu contacts, %.1f %% by phone: %.1f %% waited, %.1f s mean wait, %.1f %% hung up;"
                 " seats %.1f %% busy (%.0f staffed on average)\n",
                 static_cast<unsigned long long>(hotline.contacts), percent(phone, static_cast<double>(hotline.contacts)),
                 percent(static_cast<double>(hotline.queued), phone), hotline.mean_wait_seconds,
                 percent(static_cast<double>(hotline.abandoned), phone), 100.0 * hotline.seat_utilisation, hotline.mean_staffed_seats);
    std::fprintf(out, "                           %8llu consultations closed at the seat, %llu work orders dispatched\n",
                 static_cast<unsigned long long>(hotline.consultations), static_cast<unsigned long long>(hotline.orders));
  }
  std::fprintf(out, "reports without resolution    %5.1f %% of issues arisen (sham fixes call-backs missed)\n",
               percent(static_cast<double>(report.ledger.reports_without_resolution), arisen));
  std::fprintf(out, "pushed-down tasks          %8llu received, %llu accepted, %llu returned (%.0f department staff-hours);"
               " %.1f %% of township time\n",
               static_cast<unsigned long long>(report.pushed_tasks), static_cast<unsigned long long>(report.pushed_accepted),
               static_cast<unsigned long long>(report.pushed_returned), report.returned_task_hours,
               100.0 * report.township_pushed_share);
  std::fprintf(out, "department effort             %5.2f at the start of the run (before the warm-up), %.2f at the end\n", report.mean_effort_start,
               report.mean_effort_end);
  std::fprintf(out, "satisfaction                  %5.2f (1 = resolved at once)\n", report.satisfaction);
  std::fprintf(out, "\nwhere the time went (mean hours per resolved issue)\n ");
  for (std::size_t p = 0; p < phase_count; ++p) std::fprintf(out, " %s %.1f", phase_names[p], report.mean_phase_hours[p]);
  std::fprintf(out, "\n");
  const CostLedger& ledger = report.ledger;
  std::fprintf(out, "\ncosts over the %.0f-hour window (team- or leader-hours)\n", ledger.window_hours);
  std::fprintf(out, "  departments  %9.0f: calls %.0f, joint actions %.0f, own work %.0f, returned tasks %.0f, stationed %.0f (%.0f on calls)\n",
               ledger.department_hours(), ledger.department_call_hours, ledger.department_joint_action_hours,
               ledger.department_vertical_hours, ledger.department_returned_task_hours, ledger.department_stationed_hours,
               ledger.department_stationed_busy_hours);
  std::fprintf(out, "  townships    %9.0f: local issues %.0f, pushed-down tasks %.0f; joint actions convening %.0f issue-hours\n",
               ledger.township_hours(), ledger.township_local_issue_hours, ledger.township_pushed_task_hours,
               ledger.township_convening_hours);
  std::fprintf(out, "  Party leaders %8.0f convening joint actions; county leaders %.0f on escalations\n", ledger.party_leader_hours,
               ledger.county_escalation_hours);
  std::fprintf(out, "  all staff    %9.0f (the sum of the above and the county office's %.0f clerk-hours)\n", staff_hours(report),
               report.county_office_staff_hours);
  std::fprintf(out, "  issues reported thanks to the information level %llu; shams caught %llu, missed %llu, reappeared %llu\n",
               static_cast<unsigned long long>(ledger.reported_by_information), static_cast<unsigned long long>(ledger.shams_caught),
               static_cast<unsigned long long>(ledger.reports_without_resolution), static_cast<unsigned long long>(ledger.reappeared));
}

}  // namespace tiaokuai::models::governance
