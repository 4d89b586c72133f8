#include "experiments/mpi_sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "experiments/pending_runs.hpp"
#include "experiments/progress_meter.hpp"
#include "experiments/results_database.hpp"
#include "experiments/run_pool.hpp"
#include "experiments/sweep_runner.hpp"

#ifdef TIAOKUAI_HAVE_MPI
#include <mpi.h>
#endif

namespace tiaokuai::experiments {
namespace {

// Open MPI and MPICH set these in every process mpirun starts.
int ranks_requested_by_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return 1;
}

}  // namespace

#ifndef TIAOKUAI_HAVE_MPI

int mpi_world_size() {
  if (ranks_requested_by_launcher() > 1) {
    throw std::runtime_error("this tiaokuai was built without MPI, so mpirun would run the whole sweep in every rank; "
                             "install libopenmpi-dev and rebuild, or run without mpirun (--jobs N uses all cores)");
  }
  return 1;
}

int mpi_rank() { return 0; }

int run_sweep_mpi(const SweepSpec&, const std::string&, std::size_t, bool) {
  throw std::logic_error("run_sweep_mpi called without MPI support");
}

MpiOutcome run_runs_mpi(const SweepSpec&, RunStore*, std::size_t, bool) {
  throw std::logic_error("run_runs_mpi called without MPI support");
}

void mpi_broadcast(std::vector<double>&) {}

#else

namespace {

enum Tag : int { tag_ready = 1, tag_result = 2, tag_work = 3, tag_stop = 4 };

// MPI lives as long as the process: finalised at exit.
struct MpiSession {
  int size = 1;
  int rank = 0;
  bool initialised = false;
  MpiSession() {
    if (ranks_requested_by_launcher() <= 1) return;
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    initialised = true;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  }
  ~MpiSession() {
    if (initialised) MPI_Finalize();
  }
};

MpiSession& session() {
  static MpiSession instance;
  return instance;
}

double number_or_nan(const nlohmann::json& value) {
  return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
}

std::string serialise(const RunRecord& record) {
  nlohmann::json json{{"run", record.run}, {"ok", record.ok}, {"message", record.message},
                      {"wall", record.wall_seconds}, {"events", record.events}};
  json["metrics"] = nlohmann::json::array();
  for (const Metric& metric : record.metrics) json["metrics"].push_back({metric.name, metric.value});
  json["calls"] = nlohmann::json::array();
  for (const CallNetworkRow& cell : record.calls) {
    json["calls"].push_back({cell.township, cell.department, cell.calls, cell.reports, cell.refusals, cell.mean_response_hours});
  }
  return json.dump();
}

RunRecord deserialise(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text);
  RunRecord record;
  record.run = json.at("run").get<std::size_t>();
  record.ok = json.at("ok").get<bool>();
  record.message = json.at("message").get<std::string>();
  record.wall_seconds = json.at("wall").get<double>();
  record.events = json.at("events").get<std::uint64_t>();
  for (const auto& metric : json.at("metrics")) record.metrics.push_back({metric[0].get<std::string>(), number_or_nan(metric[1])});
  for (const auto& cell : json.at("calls")) {
    record.calls.push_back({cell[0].get<std::uint32_t>(), cell[1].get<std::uint32_t>(), cell[2].get<std::uint64_t>(),
                            cell[3].get<std::uint64_t>(), cell[4].get<std::uint64_t>(), number_or_nan(cell[5])});
  }
  return record;
}

// Hands out the pending runs to whichever rank asks and records each
// result in `store`. A `failure` already caught (the database could not be
// opened) still releases every worker before it is rethrown.
MpiOutcome coordinate(const SweepSpec& spec, RunStore* store, std::exception_ptr failure, std::size_t limit, bool quiet, int size) {
  MpiOutcome outcome;
  std::vector<bool> finished;
  if (!failure) {
    try {
      finished = store->finished_runs();
      outcome.already_done = static_cast<std::size_t>(std::count(finished.begin(), finished.end(), true));
    } catch (...) {
      failure = std::current_exception();
    }
  }
  static const std::atomic<bool> no_stop{false};
  PendingRuns pending(finished, limit, no_stop);
  ProgressMeter progress(spec.run_count(), outcome.already_done, stderr);
  int working = size - 1;
  while (working > 0) {
    MPI_Status status;
    MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    int length = 0;
    MPI_Get_count(&status, MPI_CHAR, &length);
    std::string buffer(static_cast<std::size_t>(length), '\0');
    MPI_Recv(buffer.data(), length, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (status.MPI_TAG == tag_result && !failure) {
      const RunRecord record = deserialise(buffer);
      try {
        store->record({record});
      } catch (...) {
        failure = std::current_exception();
      }
      ++outcome.ran;
      outcome.failed += record.ok ? 0 : 1;
      if (!quiet) progress.update(outcome.ran, outcome.failed);
    }
    const std::optional<std::size_t> next = failure ? std::nullopt : pending.take();
    if (next) {
      const std::uint64_t run = *next;
      MPI_Send(&run, 1, MPI_UINT64_T, status.MPI_SOURCE, tag_work, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_UINT64_T, status.MPI_SOURCE, tag_stop, MPI_COMM_WORLD);
      --working;
    }
  }
  if (failure) std::rethrow_exception(failure);
  if (!quiet) progress.finish(outcome.ran, outcome.failed);
  return outcome;
}

void work(const SweepSpec& spec) {
  MPI_Send(nullptr, 0, MPI_CHAR, 0, tag_ready, MPI_COMM_WORLD);
  while (true) {
    std::uint64_t run = 0;
    MPI_Status status;
    MPI_Recv(&run, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    if (status.MPI_TAG == tag_stop) return;
    const std::string record = serialise(execute_run(spec, static_cast<std::size_t>(run)));
    MPI_Send(record.data(), static_cast<int>(record.size()), MPI_CHAR, 0, tag_result, MPI_COMM_WORLD);
  }
}

}  // namespace

int mpi_world_size() { return session().size; }

int mpi_rank() { return session().rank; }

MpiOutcome run_runs_mpi(const SweepSpec& spec, RunStore* store, std::size_t limit, bool quiet) {
  const MpiSession& mpi = session();
  if (mpi.rank == 0) return coordinate(spec, store, nullptr, limit, quiet, mpi.size);
  work(spec);
  return {};
}

void mpi_broadcast(std::vector<double>& values) {
  std::uint64_t count = values.size();
  MPI_Bcast(&count, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  values.resize(count);
  if (count > 0) MPI_Bcast(values.data(), static_cast<int>(count), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

int run_sweep_mpi(const SweepSpec& spec, const std::string& database_path, std::size_t limit, bool quiet) {
  const MpiSession& mpi = session();
  if (mpi.rank != 0) {
    work(spec);
    return 0;
  }
  std::exception_ptr failure;
  std::unique_ptr<ResultsDatabase> database;
  try {
    database = std::make_unique<ResultsDatabase>(database_path, spec);
    std::fprintf(stderr, "%s: %zu runs over %d MPI ranks (%d running simulations); results in %s\n", spec.file.c_str(),
                 spec.run_count(), mpi.size, mpi.size - 1, database_path.c_str());
  } catch (...) {
    failure = std::current_exception();  // still release the workers
  }
  const MpiOutcome outcome = coordinate(spec, database.get(), failure, limit, quiet, mpi.size);
  std::fprintf(stderr, "%zu of %zu runs in %s, %zu failed this time\n", outcome.already_done + outcome.ran, spec.run_count(),
               database_path.c_str(), outcome.failed);
  return outcome.failed > 0 ? 3 : 0;
}

#endif

}  // namespace tiaokuai::experiments
