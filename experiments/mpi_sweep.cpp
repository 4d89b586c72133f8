#include "experiments/mpi_sweep.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "experiments/pending_runs.hpp"
#include "experiments/results_database.hpp"
#include "experiments/run_pool.hpp"

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

MpiOutcome run_sweep_mpi(const SweepSpec&, const std::string&, const SweepOptions&, const std::atomic<bool>&) {
  throw std::logic_error("run_sweep_mpi called without MPI support");
}

MpiOutcome run_runs_mpi(const SweepSpec&, RunStore*, const SweepOptions&, const std::atomic<bool>&) {
  throw std::logic_error("run_runs_mpi called without MPI support");
}

void mpi_broadcast(std::vector<double>&) {}

#else

namespace {

// A thread asks for a run with tag_ready (first, for all of a rank's
// threads at once: the message is their number) or tag_result (the record
// of its last run); rank 0 answers each thread with tag_work (a run index)
// or tag_stop.
enum Tag : int { tag_ready = 1, tag_result = 2, tag_work = 3, tag_stop = 4 };

// Main threads look for messages and sleep in between rather than wait
// inside MPI, because Open MPI's blocking calls spin and would take a core
// from the simulations. Each look costs the simulations a little (about
// 20 us of CPU here, a wake-up and MPI's progress), so rank 0, to which
// results come at any time, looks every hundredth of a run: a run
// finished on another rank waits about 0.5 % of its time for its next
// one, and the looks take well under 1 % of a core. Before any run has
// finished, and for runs shorter than 50 ms, it looks every 0.5 ms; for
// runs longer than 2 s, every 20 ms.
std::chrono::microseconds result_poll_interval(double mean_run_seconds) {
  const double microseconds = std::clamp(mean_run_seconds * 1e6 / 100, 500.0, 20'000.0);
  return std::chrono::microseconds(static_cast<std::int64_t>(microseconds));
}
// The other ranks only hear from rank 0 in answer to a request, so they
// look only while one is unanswered, when a thread of theirs is idle.
constexpr std::chrono::microseconds reply_poll_interval{100};

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

unsigned threads_per_rank(const SweepOptions& options) { return options.jobs > 0 ? options.jobs : 1; }

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

// A message from `source` (or any rank) has arrived; `status` says which.
bool message_waiting(int source, MPI_Status& status) {
  int waiting = 0;
  MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status);
  return waiting != 0;
}

std::string receive_text(const MPI_Status& status) {
  int length = 0;
  MPI_Get_count(&status, MPI_CHAR, &length);
  std::string text(static_cast<std::size_t>(length), '\0');
  MPI_Recv(text.data(), length, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

void send_text(const std::string& text, int rank, Tag tag) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, rank, tag, MPI_COMM_WORLD);
}

// Rank 0: runs what `runs` hands out on `local_threads` threads here and,
// on request, on every other rank's threads, and passes each batch of
// finished runs to `record`. Returns, with the runs each rank ran, once
// every thread of every rank has been told to stop and every run handed
// out has come back.
std::vector<std::size_t> hand_out_runs(const SweepSpec& spec, PendingRuns& runs, unsigned local_threads, int ranks,
                                       const RecordBatch& record) {
  std::vector<std::size_t> runs_per_rank(static_cast<std::size_t>(ranks), 0);
  RunPool pool(spec, local_threads, [&runs] { return runs.take(); });
  int ranks_unheard = ranks - 1;          // their tag_ready has not come yet
  std::size_t remote_threads_working = 0;  // not yet sent tag_stop
  const auto answer = [&](int rank) {
    if (const std::optional<std::size_t> run = runs.take()) {
      const std::uint64_t index = *run;
      MPI_Send(&index, 1, MPI_UINT64_T, rank, tag_work, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_UINT64_T, rank, tag_stop, MPI_COMM_WORLD);
      --remote_threads_working;
    }
  };
  const auto remote_busy = [&] { return ranks_unheard > 0 || remote_threads_working > 0; };
  double run_seconds = 0;
  std::size_t runs_back = 0;
  while (remote_busy() || !pool.done()) {
    const double mean_run_seconds = runs_back > 0 ? run_seconds / static_cast<double>(runs_back) : 0;
    std::vector<RunRecord> batch =
        pool.collect(remote_busy() ? std::optional(result_poll_interval(mean_run_seconds)) : std::nullopt);
    runs_per_rank[0] += batch.size();
    MPI_Status status;
    while (remote_busy() && message_waiting(MPI_ANY_SOURCE, status)) {
      const std::string text = receive_text(status);
      if (status.MPI_TAG == tag_ready) {
        const unsigned threads = static_cast<unsigned>(std::stoul(text));
        --ranks_unheard;
        remote_threads_working += threads;
        for (unsigned t = 0; t < threads; ++t) answer(status.MPI_SOURCE);
      } else {
        batch.push_back(deserialise(text));
        ++runs_per_rank[static_cast<std::size_t>(status.MPI_SOURCE)];
        answer(status.MPI_SOURCE);
      }
    }
    for (const RunRecord& finished : batch) run_seconds += finished.wall_seconds;
    runs_back += batch.size();
    record(batch);
  }
  return runs_per_rank;
}

// The runs rank 0 has sent this rank and not yet given to a thread; an
// empty entry tells one thread to end.
class Inbox {
 public:
  void put(std::optional<std::size_t> run) {
    const std::lock_guard lock(mutex_);
    runs_.push_back(run);
    arrived_.notify_one();
  }
  std::optional<std::size_t> take() {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [this] { return !runs_.empty(); });
    const std::optional<std::size_t> run = runs_.front();
    runs_.pop_front();
    return run;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<std::optional<std::size_t>> runs_;
};

// Ranks 1..K-1: run what rank 0 hands out on `threads` threads and send
// back each record, until rank 0 has told every thread to stop.
void run_for_rank_0(const SweepSpec& spec, unsigned threads) {
  Inbox inbox;
  RunPool pool(spec, threads, [&inbox] { return inbox.take(); });
  send_text(std::to_string(threads), 0, tag_ready);
  unsigned unanswered = threads;  // requests (tag_ready counts one per thread)
  while (!pool.done()) {
    for (const RunRecord& record : pool.collect(unanswered > 0 ? std::optional(reply_poll_interval) : std::nullopt)) {
      send_text(serialise(record), 0, tag_result);
      ++unanswered;
    }
    MPI_Status status;
    while (unanswered > 0 && message_waiting(0, status)) {
      std::uint64_t run = 0;
      MPI_Recv(&run, 1, MPI_UINT64_T, 0, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      inbox.put(status.MPI_TAG == tag_work ? std::optional(static_cast<std::size_t>(run)) : std::nullopt);
      --unanswered;
    }
  }
}

}  // namespace

int mpi_world_size() { return session().size; }

int mpi_rank() { return session().rank; }

MpiOutcome run_runs_mpi(const SweepSpec& spec, RunStore* store, const SweepOptions& options,
                        const std::atomic<bool>& stop_requested) {
  const MpiSession& mpi = session();
  MpiOutcome outcome;
  if (mpi.rank != 0) {
    run_for_rank_0(spec, threads_per_rank(options));
    return outcome;
  }
  static_cast<SweepOutcome&>(outcome) =
      run_sweep_with(spec, *store, options, stop_requested, [&](PendingRuns& runs, const RecordBatch& record) {
        outcome.runs_per_rank = hand_out_runs(spec, runs, threads_per_rank(options), mpi.size, record);
      });
  return outcome;
}

void mpi_broadcast(std::vector<double>& values) {
  std::uint64_t count = values.size();
  MPI_Bcast(&count, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  values.resize(count);
  if (count > 0) MPI_Bcast(values.data(), static_cast<int>(count), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

MpiOutcome run_sweep_mpi(const SweepSpec& spec, const std::string& database_path, const SweepOptions& options,
                         const std::atomic<bool>& stop_requested) {
  const MpiSession& mpi = session();
  if (mpi.rank != 0) return run_runs_mpi(spec, nullptr, options, stop_requested);
  std::unique_ptr<ResultsDatabase> database;
  try {
    database = std::make_unique<ResultsDatabase>(database_path, spec);
  } catch (...) {
    // The other ranks wait for runs: every thread is told to stop.
    const std::atomic<bool> no_stop{false};
    PendingRuns none({}, 0, no_stop);
    hand_out_runs(spec, none, 0, mpi.size, [](const std::vector<RunRecord>&) {});
    throw;
  }
  const unsigned threads = threads_per_rank(options);
  std::fprintf(stderr, "%s: %zu runs over %d MPI ranks, %u simulation thread%s each; results in %s\n", spec.file.c_str(),
               spec.run_count(), mpi.size, threads, threads == 1 ? "" : "s", database_path.c_str());
  return run_runs_mpi(spec, database.get(), options, stop_requested);
}

#endif

}  // namespace tiaokuai::experiments
