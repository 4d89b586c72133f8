#include "calibration/model_evaluator.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

#include "experiments/mpi_sweep.hpp"
#include "experiments/run_store.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/scenario_schema.hpp"

namespace tiaokuai::calibration {

Evaluation summarise_runs(const std::vector<Target>& targets, const std::vector<const std::vector<experiments::Metric>*>& runs) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  Evaluation evaluation{std::vector<double>(targets.size(), nan), std::vector<double>(targets.size(), nan)};
  if (runs.empty()) return evaluation;
  std::vector<std::vector<double>> values(targets.size());
  for (const std::vector<experiments::Metric>* metrics : runs) {
    if (metrics == nullptr) return evaluation;  // a failed run
    std::unordered_map<std::string, double> by_name;
    for (const experiments::Metric& metric : *metrics) by_name.emplace(metric.name, metric.value);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      const auto found = by_name.find(targets[k].metric);
      values[k].push_back(found != by_name.end() ? found->second : nan);
    }
  }
  const double n = static_cast<double>(runs.size());
  for (std::size_t k = 0; k < targets.size(); ++k) {
    double sum = 0;
    for (const double v : values[k]) sum += v;
    const double mean = sum / n;
    double squares = 0;
    for (const double v : values[k]) squares += (v - mean) * (v - mean);
    evaluation.mean[k] = mean;
    evaluation.variance_of_mean[k] = runs.size() > 1 ? squares / (n - 1) / n : 0.0;
  }
  return evaluation;
}

namespace {

// A batch as one array for a broadcast: the index of the spec that runs it,
// the candidates' count, then each one's values.
std::vector<double> flatten(std::size_t spec_index, const Candidates& candidates) {
  std::vector<double> flat{static_cast<double>(spec_index), static_cast<double>(candidates.size())};
  for (const std::vector<double>& candidate : candidates) flat.insert(flat.end(), candidate.begin(), candidate.end());
  return flat;
}

Candidates unflatten(const std::vector<double>& flat, std::size_t parameters) {
  const std::size_t count = static_cast<std::size_t>(flat.at(1));
  Candidates candidates(count);
  for (std::size_t c = 0; c < count; ++c) {
    const auto first = flat.begin() + static_cast<std::ptrdiff_t>(2 + c * parameters);
    candidates[c].assign(first, first + static_cast<std::ptrdiff_t>(parameters));
  }
  return candidates;
}

}  // namespace

BatchSweep batch_sweep(const CalibrationSpec& spec, const Candidates& candidates) {
  // One point per candidate the scenario accepts (a refused combination is
  // a failed candidate, not an error).
  BatchSweep batch;
  experiments::SweepSpec& sweep = batch.sweep;
  sweep.file = spec.file;
  sweep.design = "calibration";
  sweep.replications = spec.replications;
  sweep.master_seed = spec.master_seed;
  batch.point_of_candidate.assign(candidates.size(), candidates.size());
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    try {
      sweep.scenarios.push_back(models::read_scenario(candidate_tree(spec, candidates[c])));
    } catch (const models::ConfigError&) {
      continue;
    }
    sweep.scenarios.back().source = spec.base_path;
    batch.point_of_candidate[c] = sweep.points.size();
    sweep.points.push_back({{}, "candidate:" + std::to_string(c), {}});
  }
  return batch;
}

void serve_batches_over_mpi(const std::vector<const CalibrationSpec*>& specs, unsigned jobs) {
  const std::atomic<bool> stop_decided_by_rank_0{false};
  while (true) {
    std::vector<double> flat;
    experiments::mpi_broadcast(flat);
    if (flat.empty()) return;
    const CalibrationSpec& spec = *specs.at(static_cast<std::size_t>(flat.at(0)));
    experiments::run_runs_mpi(batch_sweep(spec, unflatten(flat, spec.parameters.size())).sweep, nullptr,
                              experiments::SweepOptions{jobs, 0, false}, stop_decided_by_rank_0);
  }
}

void release_mpi_workers() {
  std::vector<double> stop;
  experiments::mpi_broadcast(stop);
}

ModelEvaluator::ModelEvaluator(const CalibrationSpec& spec, CalibrationDatabase& database, unsigned jobs, bool progress,
                               const std::atomic<bool>& stop_requested, std::size_t mpi_spec_index)
    : spec_(spec),
      database_(database),
      jobs_(jobs),
      progress_(progress),
      stop_requested_(stop_requested),
      mpi_spec_index_(mpi_spec_index) {}

std::vector<Evaluation> ModelEvaluator::operator()(const BatchKey& key, const Candidates& candidates) {
  if (auto stored = database_.stored_batch(key, candidates)) {
    ++batches_replayed_;
    return *stored;
  }
  const BatchSweep batch = batch_sweep(spec_, candidates);
  const experiments::SweepSpec& sweep = batch.sweep;
  const std::vector<std::size_t>& point_of_candidate = batch.point_of_candidate;
  experiments::MemoryRunStore store(sweep.run_count());
  const experiments::SweepOptions options{jobs_, 0, progress_};
  experiments::SweepOutcome outcome;
  if (experiments::mpi_world_size() > 1) {
    std::vector<double> flat = flatten(mpi_spec_index_, candidates);
    experiments::mpi_broadcast(flat);
    outcome = experiments::run_runs_mpi(sweep, &store, options, stop_requested_);
  } else {
    outcome = experiments::run_sweep(sweep, store, options, stop_requested_);
  }
  if (outcome.interrupted) throw CalibrationInterrupted();
  runs_simulated_ += outcome.ran;

  std::vector<const std::vector<experiments::Metric>*> by_run(sweep.run_count(), nullptr);
  BatchCost cost;
  for (const experiments::RunRecord& record : store.records()) {
    if (record.ok) by_run[record.run] = &record.metrics;
    ++cost.runs;
    cost.failed_runs += record.ok ? 0 : 1;
    cost.events += record.events;
    cost.run_seconds += record.wall_seconds;
  }
  std::vector<Evaluation> evaluations;
  const std::size_t replications = static_cast<std::size_t>(spec_.replications);
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    std::vector<const std::vector<experiments::Metric>*> runs;
    if (point_of_candidate[c] < candidates.size()) {
      const std::size_t first = point_of_candidate[c] * replications;
      runs.assign(by_run.begin() + static_cast<std::ptrdiff_t>(first), by_run.begin() + static_cast<std::ptrdiff_t>(first + replications));
    }
    evaluations.push_back(summarise_runs(spec_.targets, runs));
  }
  database_.store_batch(key, candidates, evaluations, cost);
  return evaluations;
}

}  // namespace tiaokuai::calibration
