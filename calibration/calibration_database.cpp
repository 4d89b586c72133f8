#include "calibration/calibration_database.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "calibration/prior.hpp"
#include "models/config_node.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::calibration {
namespace {

const char* const schema = R"sql(
CREATE TABLE calibration_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parameters(idx INTEGER PRIMARY KEY, path TEXT NOT NULL, integer INTEGER NOT NULL, prior TEXT NOT NULL,
                        low REAL NOT NULL, high REAL NOT NULL, mean REAL, sd REAL);
CREATE TABLE targets(idx INTEGER PRIMARY KEY, metric TEXT NOT NULL, observed REAL NOT NULL, sd REAL NOT NULL,
                     discrepancy REAL NOT NULL, source TEXT NOT NULL);
CREATE TABLE batches(stage TEXT NOT NULL, round INTEGER NOT NULL, batch INTEGER NOT NULL, candidates INTEGER NOT NULL,
                     runs INTEGER NOT NULL, failed_runs INTEGER NOT NULL, events INTEGER NOT NULL, run_seconds REAL NOT NULL,
                     PRIMARY KEY(stage, round, batch));
CREATE TABLE evaluations(stage TEXT NOT NULL, round INTEGER NOT NULL, batch INTEGER NOT NULL, candidate INTEGER NOT NULL,
                         parameter_values TEXT NOT NULL, target_means TEXT NOT NULL, target_variances TEXT NOT NULL,
                         PRIMARY KEY(stage, round, batch, candidate));
CREATE TABLE rounds(stage TEXT NOT NULL, round INTEGER NOT NULL, tolerance REAL, evaluated INTEGER NOT NULL,
                    accepted INTEGER NOT NULL, ess REAL, non_implausible_share REAL, evaluations_so_far INTEGER NOT NULL,
                    PRIMARY KEY(stage, round));
CREATE TABLE posterior(particle INTEGER PRIMARY KEY, weight REAL NOT NULL, distance REAL);
CREATE TABLE posterior_values(particle INTEGER NOT NULL, parameter INTEGER NOT NULL, value REAL NOT NULL,
                              PRIMARY KEY(particle, parameter));
CREATE TABLE predictive(draw INTEGER NOT NULL, target INTEGER NOT NULL, value REAL, PRIMARY KEY(draw, target));
)sql";

void check(sqlite3* db, int code, const std::string& what, int expected = SQLITE_OK) {
  if (code == expected) return;
  const std::string file = db != nullptr && sqlite3_db_filename(db, "main") != nullptr ? sqlite3_db_filename(db, "main") : "";
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    throw models::ConfigError({file, 0, 0}, "", "the calibration database is in use by another process (busy)");
  }
  if (code == SQLITE_FULL) throw std::runtime_error(file + ": disk full");
  throw std::runtime_error(file + ": " + what + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

// A statement that finalises itself.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) { check(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr), "prepare"); }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  // NaN and infinities are NULL.
  Statement& bind_real(int index, double value) {
    if (std::isfinite(value)) {
      sqlite3_bind_double(statement_, index, value);
    } else {
      sqlite3_bind_null(statement_, index);
    }
    return *this;
  }
  bool step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    check(db_, code, "write", SQLITE_DONE);
    return false;
  }
  void run() {
    step();
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  std::string text(int column) const {
    const unsigned char* value = sqlite3_column_text(statement_, column);
    return value != nullptr ? reinterpret_cast<const char*>(value) : "";
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  double real(int column) const { return sqlite3_column_double(statement_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

// Numbers as a JSON array: exact round trip, NaN as null.
std::string json_array(const std::vector<double>& values) {
  nlohmann::json array = nlohmann::json::array();
  for (const double v : values) array.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));
  return array.dump();
}

std::string meta(sqlite3* db, const std::string& key) {
  Statement select(db, "SELECT value FROM calibration_meta WHERE key = ?");
  select.bind(1, key);
  return select.step() ? select.text(0) : "";
}

// The method `tiaokuai optimise` stores its evaluations under: the file
// then holds an optimisation, not a calibration.
constexpr const char* optimisation_method = "nsga2";

// What a file of `method` holds, as its refusals name it: "a calibration
// by abc-smc", "an optimisation (nsga2)".
std::string search_by(const std::string& method) {
  return method == optimisation_method ? "an optimisation (" + method + ")" : "a calibration by " + method;
}

void create(const std::string& path, const CalibrationSpec& spec, const std::string& method) {
  const std::string partial = path + ".partial-" + std::to_string(::getpid());
  std::filesystem::remove(partial);
  sqlite3* db = nullptr;
  try {
    const int code = sqlite3_open_v2(partial.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (code != SQLITE_OK) {
      throw models::ConfigError({path, 0, 0}, "", std::string("cannot create the calibration database: ") + sqlite3_errstr(code));
    }
    check(db, sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), "begin");
    check(db, sqlite3_exec(db, schema, nullptr, nullptr, nullptr), "create tables");
    {  // the statements are finalised before the file is closed
      Statement put_meta(db, "INSERT INTO calibration_meta(key, value) VALUES (?, ?)");
      for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
               {"format", experiments::calibration_format},
               {"status", "running"},
               {"method", method},
               {"fingerprint", spec.fingerprint},
               {"targets_file", spec.file},
               {"targets_text", spec.text},
               {"base", spec.base_path},
               {"replications", std::to_string(spec.replications)},
               {"master_seed", std::to_string(spec.master_seed)},
               {"code_version", std::string(tiaokuai::version) + " (" + tiaokuai::git_commit + ")"}}) {
        put_meta.bind(1, key).bind(2, value).run();
      }
      Statement put_parameter(db, "INSERT INTO parameters VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
        const Parameter& p = spec.parameters[i];
        const bool has_mean = p.prior.kind == PriorKind::normal || p.prior.kind == PriorKind::truncated_normal;
        put_parameter.bind(1, static_cast<std::int64_t>(i)).bind(2, p.path).bind(3, std::int64_t{p.integer})
            .bind(4, prior_name(p.prior.kind)).bind_real(5, p.prior.low).bind_real(6, p.prior.high)
            .bind_real(7, has_mean ? p.prior.mean : NAN).bind_real(8, has_mean ? p.prior.sd : NAN).run();
      }
      Statement put_target(db, "INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?)");
      for (std::size_t k = 0; k < spec.targets.size(); ++k) {
        const Target& t = spec.targets[k];
        put_target.bind(1, static_cast<std::int64_t>(k)).bind(2, t.metric).bind_real(3, t.observed).bind_real(4, t.sd)
            .bind_real(5, spec.discrepancy_sd[k]).bind(6, t.source).run();
      }
    }
    check(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "commit");
    check(db, sqlite3_close(db), "close");
    db = nullptr;
    // link() refuses an existing name, so a file another process created
    // meanwhile is never replaced.
    if (::link(partial.c_str(), path.c_str()) != 0) {
      const int error = errno;
      throw models::ConfigError({path, 0, 0}, "", std::string("cannot create the calibration database: ") + std::strerror(error));
    }
    std::filesystem::remove(partial);
  } catch (...) {
    if (db != nullptr) sqlite3_close(db);
    std::filesystem::remove(partial);
    throw;
  }
}

}  // namespace

CalibrationDatabase::CalibrationDatabase(const std::string& path, const CalibrationSpec& spec, const std::string& method) : path_(path) {
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (exists) {
    // Checked before SQLite opens it: SQLite would take an empty or foreign
    // file for a new database and write to it.
    experiments::refuse_unless_sqlite_file(path);
  } else {
    create(path, spec, method);
  }
  const int code = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
  if (code != SQLITE_OK) {
    sqlite3_close(db_);
    throw models::ConfigError({path, 0, 0}, "", std::string("cannot open the calibration database: ") + sqlite3_errstr(code));
  }
  const auto refuse = [&path](const std::string& why) { throw models::ConfigError({path, 0, 0}, "", why); };
  try {
    // An exclusive lock held while this object lives: a second calibrate on
    // the same file is refused at once rather than simulating the same
    // batches. A damaged file fails here.
    try {
      execute("PRAGMA locking_mode = EXCLUSIVE");
      execute("BEGIN EXCLUSIVE");
      execute("COMMIT");
    } catch (const std::runtime_error& failure) {
      if (dynamic_cast<const models::ConfigError*>(&failure) != nullptr) throw;
      refuse(std::string("is damaged or not a calibration database (") + sqlite3_errmsg(db_) + "); delete it or name another file with --db");
    }
    std::string format;
    try {
      format = meta(db_, "format");
    } catch (const std::runtime_error&) {
      refuse("is not a calibration database (no calibration_meta table); name another file with --db");
    }
    if (format != experiments::calibration_format) refuse("is not a calibration database of this version (format '" + format + "')");
    Statement integrity(db_, "PRAGMA quick_check");
    if (!integrity.step() || integrity.text(0) != "ok") refuse("is damaged (PRAGMA quick_check: " + integrity.text(0) + "); delete it and calibrate again");
    const std::string stored_method = meta(db_, "method");
    if (stored_method != method) {
      refuse("holds " + search_by(stored_method) + ", not " + search_by(method) + "; name another file with --db");
    }
    if (meta(db_, "fingerprint") != spec.fingerprint) {
      refuse(std::string(method == optimisation_method ? "holds another optimisation (another spec" : "holds another calibration (another targets file") +
             ", settings or build: fingerprint " + meta(db_, "fingerprint") + ", this one " + spec.fingerprint +
             "); name another file with --db, or delete it to start again");
    }
    // What the fingerprint leaves out (the description, sources, the file's
    // name) is recorded as the targets file now has it.
    execute("BEGIN IMMEDIATE");
    Statement put_meta(db_, "UPDATE calibration_meta SET value = ? WHERE key = ?");
    put_meta.bind(1, spec.file).bind(2, std::string("targets_file")).run();
    put_meta.bind(1, spec.text).bind(2, std::string("targets_text")).run();
    Statement put_source(db_, "UPDATE targets SET source = ? WHERE idx = ?");
    for (std::size_t k = 0; k < spec.targets.size(); ++k) put_source.bind(1, spec.targets[k].source).bind(2, static_cast<std::int64_t>(k)).run();
    execute("COMMIT");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

CalibrationDatabase::~CalibrationDatabase() { sqlite3_close(db_); }

void CalibrationDatabase::execute(const std::string& sql) const {
  check(db_, sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), sql);
}

std::optional<std::vector<Evaluation>> CalibrationDatabase::stored_batch(const BatchKey& key, const Candidates& candidates) const {
  Statement batch(db_, "SELECT candidates FROM batches WHERE stage = ? AND round = ? AND batch = ?");
  batch.bind(1, key.stage).bind(2, static_cast<std::int64_t>(key.round)).bind(3, static_cast<std::int64_t>(key.batch));
  if (!batch.step()) return std::nullopt;
  const auto diverged = [&](const std::string& why) {
    return std::runtime_error(path_ + ": batch " + key.stage + " " + std::to_string(key.round) + "/" + std::to_string(key.batch) +
                              " " + why + "; the replay differs from the run that wrote the file. Delete it and calibrate again.");
  };
  if (batch.integer(0) != static_cast<std::int64_t>(candidates.size())) throw diverged("holds another number of candidates");
  Statement rows(db_,
                 "SELECT parameter_values, target_means, target_variances FROM evaluations "
                 "WHERE stage = ? AND round = ? AND batch = ? ORDER BY candidate");
  rows.bind(1, key.stage).bind(2, static_cast<std::int64_t>(key.round)).bind(3, static_cast<std::int64_t>(key.batch));
  std::vector<Evaluation> evaluations;
  while (rows.step()) {
    if (evaluations.size() >= candidates.size() || experiments::calibration_numbers(path_, rows.text(0)) != candidates[evaluations.size()]) {
      throw diverged("holds other candidates");
    }
    evaluations.push_back({experiments::calibration_numbers(path_, rows.text(1)), experiments::calibration_numbers(path_, rows.text(2))});
  }
  if (evaluations.size() != candidates.size()) throw diverged("is incomplete");
  return evaluations;
}

void CalibrationDatabase::store_batch(const BatchKey& key, const Candidates& candidates, const std::vector<Evaluation>& evaluations,
                                      const BatchCost& cost) {
  execute("BEGIN IMMEDIATE");
  try {
    Statement put(db_, "INSERT INTO evaluations VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      put.bind(1, key.stage).bind(2, static_cast<std::int64_t>(key.round)).bind(3, static_cast<std::int64_t>(key.batch))
          .bind(4, static_cast<std::int64_t>(c)).bind(5, json_array(candidates[c])).bind(6, json_array(evaluations[c].mean))
          .bind(7, json_array(evaluations[c].variance_of_mean)).run();
    }
    Statement batch(db_, "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    batch.bind(1, key.stage).bind(2, static_cast<std::int64_t>(key.round)).bind(3, static_cast<std::int64_t>(key.batch))
        .bind(4, static_cast<std::int64_t>(candidates.size())).bind(5, static_cast<std::int64_t>(cost.runs))
        .bind(6, static_cast<std::int64_t>(cost.failed_runs)).bind(7, static_cast<std::int64_t>(cost.events))
        .bind_real(8, cost.run_seconds).run();
    execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

BatchCost CalibrationDatabase::stored_cost() const {
  Statement totals(db_, "SELECT COALESCE(SUM(runs), 0), COALESCE(SUM(failed_runs), 0), COALESCE(SUM(events), 0), COALESCE(SUM(run_seconds), 0) FROM batches");
  totals.step();
  return {static_cast<std::size_t>(totals.integer(0)), static_cast<std::size_t>(totals.integer(1)),
          static_cast<std::uint64_t>(totals.integer(2)), totals.real(3)};
}

void CalibrationDatabase::store_results(const std::vector<RoundRecord>& rounds, const WeightedSample& posterior,
                                        const std::vector<std::vector<double>>& predictive) {
  execute("BEGIN IMMEDIATE");
  try {
    execute("DELETE FROM rounds; DELETE FROM posterior; DELETE FROM posterior_values; DELETE FROM predictive");
    Statement put_round(db_, "INSERT INTO rounds VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const RoundRecord& r : rounds) {
      put_round.bind(1, r.stage).bind(2, static_cast<std::int64_t>(r.round)).bind_real(3, r.tolerance)
          .bind(4, static_cast<std::int64_t>(r.evaluated)).bind(5, static_cast<std::int64_t>(r.accepted)).bind_real(6, r.ess)
          .bind_real(7, r.non_implausible_share).bind(8, static_cast<std::int64_t>(r.evaluations_so_far)).run();
    }
    Statement put_particle(db_, "INSERT INTO posterior VALUES (?, ?, ?)");
    Statement put_value(db_, "INSERT INTO posterior_values VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < posterior.values.size(); ++i) {
      put_particle.bind(1, static_cast<std::int64_t>(i)).bind_real(2, posterior.weights[i]).bind_real(3, posterior.distances[i]).run();
      for (std::size_t p = 0; p < posterior.values[i].size(); ++p) {
        put_value.bind(1, static_cast<std::int64_t>(i)).bind(2, static_cast<std::int64_t>(p)).bind_real(3, posterior.values[i][p]).run();
      }
    }
    Statement put_predictive(db_, "INSERT INTO predictive VALUES (?, ?, ?)");
    for (std::size_t d = 0; d < predictive.size(); ++d) {
      for (std::size_t k = 0; k < predictive[d].size(); ++k) {
        put_predictive.bind(1, static_cast<std::int64_t>(d)).bind(2, static_cast<std::int64_t>(k)).bind_real(3, predictive[d][k]).run();
      }
    }
    execute("UPDATE calibration_meta SET value = 'complete' WHERE key = 'status'");
    execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace tiaokuai::calibration
