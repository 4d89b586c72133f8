#include "experiments/results_database.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <stdexcept>

#include "experiments/results_check.hpp"
#include "models/config_node.hpp"
#include "models/interrupt_cleanup.hpp"
#include "models/output_file.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::experiments {
namespace {

// Metric rows go in blocks of this many per INSERT: one statement step per
// block instead of per row. (bench_sweep: the writer's time per run fell
// from 0.7-0.8 ms to 0.4-0.6 ms.)
constexpr int metrics_per_statement = 64;


// An undefined number (NaN) is NULL, as summary.json writes null. So is an
// infinite one, which no run summary holds (ratios guard a zero whole,
// times are bounded by the horizon) but which summary.json would also write
// as null: the checker (results_check.hpp) refuses a stored infinity as damage.
void bind_real(sqlite3_stmt* statement, int index, double value) {
  if (!std::isfinite(value)) {
    sqlite3_bind_null(statement, index);
  } else {
    sqlite3_bind_double(statement, index, value);
  }
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// Takes an exclusive flock on the open file `fd`, held while the sweep
// writes, so that a second sweep into the same file is refused at once
// instead of running the same runs. On Linux flock does not interact with
// SQLite's fcntl locks; the descriptor is closed only after SQLite has
// closed the file (see release), because closing any descriptor of a file
// drops the process's fcntl locks on it.
int lock_or_refuse(int fd, const std::string& path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    throw models::ConfigError({path, 0, 0}, "", "the database is in use by another process (busy): another sweep is writing it");
  }
  return fd;
}

[[noreturn]] void cannot_create_or_open(const std::string& path, int error_number) {
  if (error_number == ENOSPC) throw std::runtime_error(path + ": disk full");
  throw models::ConfigError({path, 0, 0}, "", std::string("cannot create or open the results database: ") + std::strerror(error_number));
}

// Opens the existing file and locks it; -1 if there is no such file.
int open_existing_and_lock(const std::string& path) {
  // O_NONBLOCK: a FIFO named as the database must be refused, not waited on.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0 && errno == ENOENT) return -1;
  if (fd < 0) cannot_create_or_open(path, errno);
  return lock_or_refuse(fd, path);
}

// Gives the finished file `temporary` the name `path` unless a file has
// that name already (false). link never replaces a file; a file system
// without hard links (vfat, some network file systems) falls back on
// rename without replacing, else on rename after checking the name is free.
bool publish(const std::string& temporary, const std::string& path) {
  if (::link(temporary.c_str(), path.c_str()) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EMLINK) cannot_create_or_open(path, errno);
  if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP) cannot_create_or_open(path, errno);
  std::error_code error;
  if (std::filesystem::exists(path, error) || std::filesystem::is_symlink(path, error)) return false;
  if (::rename(temporary.c_str(), path.c_str()) != 0) cannot_create_or_open(path, errno);
  return true;
}

void release(int& lock) {
  if (lock >= 0) ::close(lock);
  lock = -1;
}

}  // namespace

void check_sqlite(sqlite3* db, int code, const char* what, int expected) {
  if (code != expected) throw std::runtime_error(std::string(what) + ": " + sqlite_problem(db, code));
}

ResultsDatabase::ResultsDatabase(const std::string& path, const SweepSpec& spec) : path_(path), spec_(spec) {
  try {
    lock_ = open_existing_and_lock(path);
    if (lock_ < 0) {
      lock_ = create_atomically(spec);
      created_ = lock_ >= 0;
      // Another sweep created it meanwhile: resume it as any existing file
      // (or be told it is busy).
      if (!created_) lock_ = open_existing_and_lock(path);
      if (lock_ < 0) cannot_create_or_open(path, ENOENT);
    }
    // Everything is checked before SQLite opens the file for writing: a
    // file that is refused is never changed, not even switched to WAL.
    if (!created_) check_results_database(open_read_only(path).get(), path, &spec);
    open_for_writing(path);
    // Another program holding the write lock says so now, not after the
    // first batch of runs.
    execute("BEGIN IMMEDIATE");
    execute("COMMIT");
    sqlite3_busy_timeout(db_, 10000);
    prepare_statements();
  } catch (...) {
    close();
    remove_if_own_and_empty();
    release(lock_);
    throw;
  }
}

void ResultsDatabase::open_for_writing(const std::string& file) {
  const int opened = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (opened != SQLITE_OK) fail(opened);
  // Short while opening: a lock held by another program is reported
  // soon; longer once running, where only checkpoints contend.
  sqlite3_busy_timeout(db_, 1000);
  execute("PRAGMA journal_mode=WAL");
  execute("PRAGMA synchronous=NORMAL");
  // Fewer, larger checkpoints: a sweep writes a steady stream of small
  // transactions, and each checkpoint copies pages back to the main file.
  execute("PRAGMA wal_autocheckpoint=10000");
}

// The file appears whole or not at all: its tables are written into a
// temporary file beside it (".NAME.creating-PID"), which is then linked to
// the final name; link, unlike rename, never replaces a file another sweep
// made meanwhile. A sweep killed while creating (even by SIGKILL) thus never
// leaves an empty or table-less file that the same command would refuse;
// Ctrl-C or SIGTERM also removes the temporary file. Returns the locked
// descriptor of the new file, or -1 if another process created the file
// first.
int ResultsDatabase::create_atomically(const SweepSpec& spec) {
  const std::filesystem::path final_path(path_);
  std::string name = ".";
  name += final_path.filename().string();
  name += ".creating-" + std::to_string(::getpid());
  const std::string temporary = (final_path.parent_path() / name).string();
  // Registered before the files exist, so no moment leaves them unremovable.
  const models::RemoveOnInterrupt remove_file(temporary), remove_wal(temporary + "-wal"), remove_shm(temporary + "-shm"),
      remove_journal(temporary + "-journal");
  const auto remove_temporary = [&temporary] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((temporary + suffix).c_str());
  };
  // A file of this name can only be left by a dead process of the same id.
  int fd = ::open(temporary.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EEXIST) {
    remove_temporary();
    fd = ::open(temporary.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  }
  if (fd < 0) cannot_create_or_open(path_, errno);
  fd = lock_or_refuse(fd, path_);  // nobody else knows the name: never busy
  try {
    open_for_writing(temporary);
    create(spec);
    // Everything into the one file, so that linking it publishes it all.
    const int code = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (code != SQLITE_OK) fail(code);
    close();
    std::error_code error;
    if (std::filesystem::exists(temporary + "-wal", error) && std::filesystem::file_size(temporary + "-wal", error) > 0) {
      throw std::runtime_error(path_ + ": SQLite left part of the new database in " + temporary + "-wal");
    }
    if (::fsync(fd) != 0) throw std::runtime_error(path_ + ": " + models::write_error_text(errno));
    if (!publish(temporary, path_)) {
      remove_temporary();
      release(fd);
      return -1;
    }
  } catch (...) {
    close();
    remove_temporary();
    release(fd);
    throw;
  }
  remove_temporary();
  return fd;
}

void ResultsDatabase::prepare_statements() {
  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO runs VALUES (?,?,?,?,?,?,?,?)", -1, &insert_run_, nullptr), "prepare");
  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO metrics VALUES (?,?,?)", -1, &insert_metric_, nullptr), "prepare");
  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO metric_names(name) VALUES (?)", -1, &insert_metric_name_, nullptr), "prepare");
  std::string block = "INSERT INTO metrics VALUES (?,?,?)";
  for (int i = 1; i < metrics_per_statement; ++i) block += ",(?,?,?)";
  check_sqlite(db_, sqlite3_prepare_v2(db_, block.c_str(), -1, &insert_metric_block_, nullptr), "prepare");
  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO call_network VALUES (?,?,?,?,?,?,?)", -1, &insert_call_, nullptr), "prepare");
  sqlite3_stmt* names = nullptr;
  check_sqlite(db_, sqlite3_prepare_v2(db_, "SELECT metric, name FROM metric_names", -1, &names, nullptr), "prepare");
  while (sqlite3_step(names) == SQLITE_ROW) {
    metric_ids_[reinterpret_cast<const char*>(sqlite3_column_text(names, 1))] = sqlite3_column_int64(names, 0);
  }
  sqlite3_finalize(names);
}

ResultsDatabase::~ResultsDatabase() {
  close();
  // Left by an error (a full disk at the first write, say): nothing to resume.
  if (std::uncaught_exceptions() > 0) remove_if_own_and_empty();
  release(lock_);
}

void ResultsDatabase::remove_if_own_and_empty() const {
  if (!created_ || recorded_) return;
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + suffix, ignored);
}

void ResultsDatabase::close() {
  for (sqlite3_stmt** statement : {&insert_run_, &insert_metric_, &insert_metric_block_, &insert_metric_name_, &insert_call_}) {
    sqlite3_finalize(*statement);
    *statement = nullptr;
  }
  sqlite3_close(db_);
  db_ = nullptr;
}

void ResultsDatabase::fail(int code) const {
  const std::string problem = sqlite_problem(db_, code);
  const int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw models::ConfigError({path_, 0, 0}, "", problem);
  throw std::runtime_error(path_ + ": " + problem);
}

void ResultsDatabase::execute(const char* sql) const {
  const int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) fail(code);
}

void ResultsDatabase::create(const SweepSpec& spec) {
  execute("BEGIN");
  execute(results_schema);
  sqlite3_stmt* statement = nullptr;
  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO sweep VALUES (1,?,?,?,?,?,?,?,?,?,?,?)", -1, &statement, nullptr), "prepare");
  sqlite3_bind_text(statement, 1, spec.file.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 2, spec.description.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 3, spec.text.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 4, spec.fingerprint.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 5, spec.design.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(statement, 6, static_cast<sqlite3_int64>(spec.samples));
  sqlite3_bind_int64(statement, 7, spec.replications);
  sqlite3_bind_int64(statement, 8, static_cast<sqlite3_int64>(spec.master_seed));
  sqlite3_bind_text(statement, 9, tiaokuai::version, -1, SQLITE_STATIC);
  sqlite3_bind_text(statement, 10, tiaokuai::git_commit, -1, SQLITE_STATIC);
  const std::string created = utc_now();
  sqlite3_bind_text(statement, 11, created.c_str(), -1, SQLITE_TRANSIENT);
  check_sqlite(db_, sqlite3_step(statement), "write sweep", SQLITE_DONE);
  sqlite3_finalize(statement);

  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO factors VALUES (?,?)", -1, &statement, nullptr), "prepare");
  for (std::size_t f = 0; f < spec.factors.size(); ++f) {
    sqlite3_bind_int64(statement, 1, static_cast<sqlite3_int64>(f));
    sqlite3_bind_text(statement, 2, spec.factors[f].path.c_str(), -1, SQLITE_TRANSIENT);
    check_sqlite(db_, sqlite3_step(statement), "write factors", SQLITE_DONE);
    sqlite3_reset(statement);
  }
  sqlite3_finalize(statement);

  sqlite3_stmt* value = nullptr;
  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO points VALUES (?,?,?)", -1, &statement, nullptr), "prepare");
  check_sqlite(db_, sqlite3_prepare_v2(db_, "INSERT INTO point_values VALUES (?,?,?,?)", -1, &value, nullptr), "prepare");
  for (std::size_t p = 0; p < spec.points.size(); ++p) {
    sqlite3_bind_int64(statement, 1, static_cast<sqlite3_int64>(p));
    sqlite3_bind_text(statement, 2, spec.points[p].label.c_str(), -1, SQLITE_TRANSIENT);
    if (spec.points[p].role.empty()) {
      sqlite3_bind_null(statement, 3);
    } else {
      sqlite3_bind_text(statement, 3, spec.points[p].role.c_str(), -1, SQLITE_TRANSIENT);
    }
    check_sqlite(db_, sqlite3_step(statement), "write points", SQLITE_DONE);
    sqlite3_reset(statement);
    for (std::size_t f = 0; f < spec.factors.size(); ++f) {
      const std::string& text = spec.points[p].values[f];
      sqlite3_bind_int64(value, 1, static_cast<sqlite3_int64>(p));
      sqlite3_bind_int64(value, 2, static_cast<sqlite3_int64>(f));
      sqlite3_bind_text(value, 3, text.c_str(), -1, SQLITE_TRANSIENT);
      // Booleans and choices have no number; analysis codes them itself.
      char* end = nullptr;
      const double number = std::strtod(text.c_str(), &end);
      if (end != text.c_str() && *end == '\0') {
        sqlite3_bind_double(value, 4, number);
      } else {
        sqlite3_bind_null(value, 4);
      }
      check_sqlite(db_, sqlite3_step(value), "write point values", SQLITE_DONE);
      sqlite3_reset(value);
    }
  }
  sqlite3_finalize(statement);
  sqlite3_finalize(value);
  execute("COMMIT");
}

std::vector<bool> ResultsDatabase::finished_runs() const {
  std::vector<bool> finished(spec_.run_count(), false);
  sqlite3_stmt* statement = nullptr;
  check_sqlite(db_, sqlite3_prepare_v2(db_, "SELECT run FROM runs", -1, &statement, nullptr), "prepare");
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const auto run = static_cast<std::size_t>(sqlite3_column_int64(statement, 0));
    if (run < finished.size()) finished[run] = true;
  }
  sqlite3_finalize(statement);
  return finished;
}

std::int64_t ResultsDatabase::metric_id(const std::string& name) {
  const auto found = metric_ids_.find(name);
  if (found != metric_ids_.end()) return found->second;
  sqlite3_bind_text(insert_metric_name_, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  check_sqlite(db_, sqlite3_step(insert_metric_name_), "write metric names", SQLITE_DONE);
  sqlite3_reset(insert_metric_name_);
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  metric_ids_.emplace(name, id);
  return id;
}

void ResultsDatabase::record(const std::vector<RunRecord>& records) {
  if (records.empty()) return;
  execute("BEGIN IMMEDIATE");
  try {
    for (const RunRecord& record : records) {
      const auto run = static_cast<sqlite3_int64>(record.run);
      sqlite3_bind_int64(insert_run_, 1, run);
      sqlite3_bind_int64(insert_run_, 2, static_cast<sqlite3_int64>(spec_.point_of(record.run)));
      sqlite3_bind_int64(insert_run_, 3, spec_.replication_of(record.run));
      sqlite3_bind_int64(insert_run_, 4, static_cast<sqlite3_int64>(spec_.master_seed));
      sqlite3_bind_text(insert_run_, 5, record.ok ? "ok" : "failed", -1, SQLITE_STATIC);
      if (record.ok) {
        sqlite3_bind_null(insert_run_, 6);
      } else {
        sqlite3_bind_text(insert_run_, 6, record.message.c_str(), -1, SQLITE_TRANSIENT);
      }
      sqlite3_bind_double(insert_run_, 7, record.wall_seconds);
      sqlite3_bind_int64(insert_run_, 8, static_cast<sqlite3_int64>(record.events));
      check_sqlite(db_, sqlite3_step(insert_run_), "write run", SQLITE_DONE);
      sqlite3_reset(insert_run_);
      if (last_ids_.size() < record.metrics.size()) last_ids_.resize(record.metrics.size());
      std::size_t m = 0;
      const auto id_of = [this](std::size_t position, const std::string& name) {
        auto& [known, id] = last_ids_[position];
        if (known != name) {
          known = name;
          id = metric_id(name);
        }
        return id;
      };
      for (; m + metrics_per_statement <= record.metrics.size(); m += metrics_per_statement) {
        for (int i = 0; i < metrics_per_statement; ++i) {
          sqlite3_bind_int64(insert_metric_block_, 3 * i + 1, run);
          sqlite3_bind_int64(insert_metric_block_, 3 * i + 2, id_of(m + i, record.metrics[m + i].name));
          bind_real(insert_metric_block_, 3 * i + 3, record.metrics[m + i].value);
        }
        check_sqlite(db_, sqlite3_step(insert_metric_block_), "write metrics", SQLITE_DONE);
        sqlite3_reset(insert_metric_block_);
      }
      for (; m < record.metrics.size(); ++m) {
        sqlite3_bind_int64(insert_metric_, 1, run);
        sqlite3_bind_int64(insert_metric_, 2, id_of(m, record.metrics[m].name));
        bind_real(insert_metric_, 3, record.metrics[m].value);
        check_sqlite(db_, sqlite3_step(insert_metric_), "write metric", SQLITE_DONE);
        sqlite3_reset(insert_metric_);
      }
      const models::Scenario& scenario = spec_.scenarios[spec_.point_of(record.run)];
      for (const CallNetworkRow& cell : record.calls) {
        sqlite3_bind_int64(insert_call_, 1, run);
        sqlite3_bind_text(insert_call_, 2, scenario.townships[cell.township].name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert_call_, 3, scenario.departments[cell.department].name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert_call_, 4, static_cast<sqlite3_int64>(cell.calls));
        sqlite3_bind_int64(insert_call_, 5, static_cast<sqlite3_int64>(cell.reports));
        sqlite3_bind_int64(insert_call_, 6, static_cast<sqlite3_int64>(cell.refusals));
        bind_real(insert_call_, 7, cell.mean_response_hours);
        check_sqlite(db_, sqlite3_step(insert_call_), "write call network", SQLITE_DONE);
        sqlite3_reset(insert_call_);
      }
    }
    execute("COMMIT");
    recorded_ = true;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace tiaokuai::experiments
