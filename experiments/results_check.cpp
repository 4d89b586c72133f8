#include "experiments/results_check.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <vector>

#include "experiments/database_query.hpp"
#include "models/config_node.hpp"
#include "models/interrupt_cleanup.hpp"
#include "models/output_file.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::experiments {

const char* const results_schema = R"sql(
CREATE TABLE sweep(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  file TEXT, description TEXT, yaml TEXT, fingerprint TEXT NOT NULL,
  design TEXT, samples INTEGER, replications INTEGER, master_seed INTEGER,
  tiaokuai_version TEXT, git_commit TEXT, created TEXT);
CREATE TABLE factors(factor INTEGER PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE points(point INTEGER PRIMARY KEY, label TEXT NOT NULL, role TEXT);
CREATE TABLE point_values(point INTEGER, factor INTEGER, value TEXT, number REAL, PRIMARY KEY (point, factor)) WITHOUT ROWID;
CREATE TABLE runs(run INTEGER PRIMARY KEY, point INTEGER NOT NULL, replication INTEGER NOT NULL, seed INTEGER NOT NULL,
  status TEXT NOT NULL, message TEXT, wall_seconds REAL, events INTEGER);
CREATE TABLE metric_names(metric INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);
CREATE TABLE metrics(run INTEGER, metric INTEGER, value REAL, PRIMARY KEY (run, metric)) WITHOUT ROWID;
CREATE TABLE call_network(run INTEGER, township TEXT, department TEXT, calls INTEGER, reports INTEGER, refusals INTEGER,
  mean_response_hours REAL, PRIMARY KEY (run, township, department)) WITHOUT ROWID;
)sql";

namespace {

// The column names of every table of `db`, in order.
std::map<std::string, std::vector<std::string>> columns_of(sqlite3* db, const std::string& path) {
  std::map<std::string, std::vector<std::string>> tables;
  Query names(db, path, "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (names.row()) tables[names.text(0)];
  for (auto& [table, columns] : tables) {
    Query info(db, path, "SELECT name FROM pragma_table_info(?1)");
    info.bind(1, table);
    while (info.row()) columns.push_back(info.text(0));
  }
  return tables;
}

// The tables and columns results_schema makes, read back from SQLite itself
// so that the check can never disagree with what a sweep writes.
const std::map<std::string, std::vector<std::string>>& expected_columns() {
  static const std::map<std::string, std::vector<std::string>> expected = [] {
    sqlite3* memory = nullptr;
    sqlite3_open(":memory:", &memory);
    const DatabaseConnection db(memory, sqlite3_close);
    if (sqlite3_exec(db.get(), results_schema, nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::logic_error(std::string("the results schema does not compile: ") + sqlite3_errmsg(db.get()));
    }
    return columns_of(db.get(), ":memory:");
  }();
  return expected;
}

[[noreturn]] void refuse_made_by(const std::string& path, const std::string& made_by) {
  refuse_file(path, "made by tiaokuai " + (made_by.empty() ? std::string("of unknown version") : made_by) + ", and this is tiaokuai " +
                   tiaokuai::version + ", whose model and files may differ: read it with that version, or run the sweep again "
                   "into a new database");
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// A database made by another version holds the tables that version made:
// refused as such, not as damaged, when its tables differ from ours.
void refuse_if_made_by_another_version(sqlite3* db, const std::string& path, const std::vector<std::string>& sweep_columns) {
  if (std::find(sweep_columns.begin(), sweep_columns.end(), "tiaokuai_version") == sweep_columns.end()) return;
  Query made(db, path, "SELECT tiaokuai_version FROM sweep WHERE typeof(tiaokuai_version) = 'text'");
  if (made.row() && made.text(0) != tiaokuai::version) refuse_made_by(path, made.text(0));
}

void check_tables(sqlite3* db, const std::string& path) {
  const auto found = columns_of(db, path);
  if (found.empty()) refuse_file(path, "an SQLite database without tables, not a tiaokuai results database");
  if (found.count("sweep") == 0) refuse_file(path, "not a tiaokuai results database (it has no sweep table)");
  for (const auto& [table, columns] : expected_columns()) {
    const auto here = found.find(table);
    if (here == found.end() || here->second != columns) refuse_if_made_by_another_version(db, path, found.at("sweep"));
    if (here == found.end()) refuse_file(path, "damaged results database: the table " + table + " is missing");
    if (here->second != columns) {
      refuse_file(path, "damaged results database: the table " + table + " has columns (" + joined(here->second) + "), not (" +
                       joined(columns) + ")");
    }
  }
}

struct Design {
  std::int64_t points = 0, factors = 0, replications = 0;
  std::int64_t runs() const { return points * replications; }
};

// A table's integer key must run 0, 1, ..., count - 1; returns the count.
std::int64_t dense_count(sqlite3* db, const std::string& path, const char* sql, const std::string& what) {
  Query query(db, path, sql);
  query.row();
  const std::int64_t count = query.integer(0);
  if (count > 0 && (query.integer(1) != 0 || query.integer(2) != count - 1 || query.integer(3) != 0)) {
    refuse_file(path, "damaged results database: the " + what + " are not numbered 0 to " + std::to_string(count - 1) +
                     " with a text each");
  }
  return count;
}

Design check_sweep_row(sqlite3* db, const std::string& path, const SweepSpec* sweep) {
  Query count(db, path, "SELECT count(*) FROM sweep");
  count.row();
  if (count.integer(0) != 1) {
    refuse_file(path, "damaged results database: its sweep table has " + std::to_string(count.integer(0)) + " rows, not one");
  }
  Query row(db, path,
            "SELECT id, typeof(fingerprint) = 'text' AND fingerprint != '', fingerprint, typeof(replications) = 'integer', replications, "
            "typeof(design) = 'text' AND typeof(samples) = 'integer' AND typeof(master_seed) = 'integer', tiaokuai_version FROM sweep");
  row.row();
  if (row.integer(0) != 1 || row.integer(1) == 0 || row.integer(3) == 0 || row.integer(5) == 0) {
    refuse_file(path, "damaged results database: its sweep row lacks the id, fingerprint, design, samples, replications or master seed");
  }
  Design design;
  design.replications = row.integer(4);
  // A bound far above any sweep keeps points x replications inside 64 bits.
  if (design.replications < 1 || design.replications > (std::int64_t{1} << 31)) {
    refuse_file(path, "damaged results database: it says " + std::to_string(design.replications) + " replications");
  }
  const std::string made_by = row.text(6);
  if (made_by != tiaokuai::version) refuse_made_by(path, made_by);
  if (sweep != nullptr && row.text(2) != sweep->fingerprint) {
    refuse_file(path, "this database holds a different sweep (fingerprint " + row.text(2) + "; " + sweep->file + " now gives " +
                     sweep->fingerprint + "): the sweep file, its base scenario, a default or the model changed, or, for "
                     "reproduce, its --replications, --draws, --draw-replications or --quick. Use another --db (for reproduce, "
                     "another --out), or delete this one to start afresh");
  }
  design.factors = dense_count(db, path, "SELECT count(*), min(factor), max(factor), total(typeof(path) != 'text') FROM factors",
                               "factors");
  design.points = dense_count(db, path, "SELECT count(*), min(point), max(point), total(typeof(label) != 'text' OR typeof(role) NOT IN ('text', 'null')) FROM points",
                              "design points");
  if (design.points == 0) refuse_file(path, "damaged results database: it has no design points");
  if (sweep != nullptr && (design.points != static_cast<std::int64_t>(sweep->points.size()) ||
                           design.factors != static_cast<std::int64_t>(sweep->factors.size()) ||
                           design.replications != sweep->replications)) {
    refuse_file(path, "damaged results database: it holds " + std::to_string(design.points) + " points x " +
                     std::to_string(design.replications) + " replications of " + std::to_string(design.factors) + " factors, but " +
                     sweep->file + " (same fingerprint) makes " + std::to_string(sweep->points.size()) + " x " +
                     std::to_string(sweep->replications) + " of " + std::to_string(sweep->factors.size()));
  }
  return design;
}

void check_point_values(sqlite3* db, const std::string& path, const Design& design) {
  Query outside(db, path,
                "SELECT point, factor FROM point_values WHERE typeof(point) != 'integer' OR typeof(factor) != 'integer' "
                "OR point < 0 OR point >= ?1 OR factor < 0 OR factor >= ?2 OR typeof(value) != 'text' "
                "OR typeof(number) NOT IN ('real', 'integer', 'null') LIMIT 1");
  outside.bind(1, design.points).bind(2, design.factors);
  if (outside.row()) {
    refuse_file(path, "damaged results database: point_values has a row (point " + outside.text(0) + ", factor " + outside.text(1) +
                     ") outside the design's " + std::to_string(design.points) + " points x " + std::to_string(design.factors) +
                     " factors, or without its value");
  }
  Query count(db, path, "SELECT count(*) FROM point_values");
  count.row();
  if (count.integer(0) != design.points * design.factors) {
    refuse_file(path, "damaged results database: point_values has " + std::to_string(count.integer(0)) + " rows, not " +
                     std::to_string(design.points * design.factors) + " (points x factors)");
  }
}

void check_runs(sqlite3* db, const std::string& path, const Design& design) {
  Query wrong(db, path,
              "SELECT run, point, replication, status, run >= 0 AND run < ?1, typeof(point) = 'integer' AND point = run / ?2, "
              "typeof(replication) = 'integer' AND replication = run % ?2, status IN ('ok', 'failed') FROM runs "
              "WHERE NOT (typeof(run) = 'integer' AND run >= 0 AND run < ?1 AND typeof(point) = 'integer' AND point = run / ?2 "
              "AND typeof(replication) = 'integer' AND replication = run % ?2 AND status IN ('ok', 'failed') "
              "AND typeof(seed) = 'integer' AND typeof(events) = 'integer' AND typeof(wall_seconds) IN ('real', 'integer')) LIMIT 1");
  wrong.bind(1, design.runs()).bind(2, design.replications);
  if (!wrong.row()) return;
  const std::string run = "damaged results database: run " + wrong.text(0);
  if (wrong.integer(4) == 0) {
    refuse_file(path, run + " is outside the design (" + std::to_string(design.points) + " points x " +
                     std::to_string(design.replications) + " replications make runs 0 to " + std::to_string(design.runs() - 1) + ")");
  }
  if (wrong.integer(5) == 0) {
    refuse_file(path, run + " is recorded at point " + wrong.text(1) + ", but belongs to point " +
                     std::to_string(wrong.integer(0) / design.replications));
  }
  if (wrong.integer(6) == 0) {
    refuse_file(path, run + " is recorded as replication " + wrong.text(2) + ", but is replication " +
                     std::to_string(wrong.integer(0) % design.replications));
  }
  if (wrong.integer(7) == 0) refuse_file(path, run + " has status '" + wrong.text(3) + "', neither 'ok' nor 'failed'");
  refuse_file(path, run + " lacks its seed, events or wall time, or holds text there");
}

// Every run of a sweep is seeded from the sweep's master seed (the run's
// own stream is derived from it and the run number), counts no fewer than
// 0 events and takes a finite, non-negative wall time.
void check_run_values(sqlite3* db, const std::string& path) {
  Query wrong(db, path,
              "SELECT r.run, r.seed, s.master_seed, r.seed != s.master_seed, r.events, r.events < 0, r.wall_seconds FROM runs r, sweep s "
              "WHERE r.seed != s.master_seed OR r.events < 0 OR r.wall_seconds < 0 OR r.wall_seconds IN (9e999, -9e999) "
              "ORDER BY r.run LIMIT 1");
  if (!wrong.row()) return;
  const std::string run = "damaged results database: run " + wrong.text(0) + " has ";
  if (wrong.integer(3) != 0) {
    refuse_file(path, run + "runs.seed " + wrong.text(1) + ", not the sweep's master seed " + wrong.text(2) + " (every run records it)");
  }
  if (wrong.integer(5) != 0) refuse_file(path, run + "runs.events " + wrong.text(4) + ", below 0");
  refuse_file(path, run + "runs.wall_seconds " + wrong.text(6) + ", not a finite number of 0 or more");
}

void check_metrics(sqlite3* db, const std::string& path) {
  Query names(db, path, "SELECT metric FROM metric_names WHERE typeof(name) != 'text' LIMIT 1");
  if (names.row()) refuse_file(path, "damaged results database: metric id " + names.text(0) + " has no name");
  Query wrong(db, path,
              "SELECT m.run, m.metric, r.run IS NULL, r.status, n.metric IS NULL, typeof(m.value), m.value, n.name FROM metrics m "
              "LEFT JOIN runs r ON r.run = m.run LEFT JOIN metric_names n ON n.metric = m.metric "
              "WHERE r.run IS NULL OR r.status != 'ok' OR n.metric IS NULL OR typeof(m.value) NOT IN ('real', 'integer', 'null') "
              "OR m.value IN (9e999, -9e999) LIMIT 1");
  if (wrong.row()) {
    const std::string run = wrong.text(0), metric = wrong.text(1);
    if (wrong.integer(2) != 0) refuse_file(path, "damaged results database: metrics holds values of run " + run + ", which runs does not hold");
    if (wrong.text(3) != "ok") refuse_file(path, "damaged results database: metrics holds values of run " + run + ", which failed");
    if (wrong.integer(4) != 0) {
      refuse_file(path, "damaged results database: metrics holds metric id " + metric + " (run " + run + "), which metric_names does not name");
    }
    if (wrong.text(5) == "real") {
      // A sweep never writes an infinite metric (it stores an undefined or
      // infinite one as NULL, as summary.json writes null), so one is damage.
      refuse_file(path, "damaged results database: metrics.value of run " + run + " is " + wrong.text(6) + " for metric '" + wrong.text(7) +
                       "' (id " + metric + "), not a finite number");
    }
    refuse_file(path, "damaged results database: metric " + metric + " of run " + run + " is " + wrong.text(5) + ", not a number");
  }
  Query bare(db, path,
             "SELECT run FROM runs r WHERE status = 'ok' AND NOT EXISTS (SELECT 1 FROM metrics m WHERE m.run = r.run) LIMIT 1");
  if (bare.row()) refuse_file(path, "damaged results database: run " + bare.text(0) + " is recorded as ok but has no metrics");
}

void check_call_network(sqlite3* db, const std::string& path) {
  Query wrong(db, path,
              "SELECT c.run, r.run IS NULL OR r.status != 'ok' FROM call_network c LEFT JOIN runs r ON r.run = c.run "
              "WHERE r.run IS NULL OR r.status != 'ok' OR typeof(c.township) != 'text' OR typeof(c.department) != 'text' "
              "OR typeof(c.calls) != 'integer' OR typeof(c.reports) != 'integer' OR typeof(c.refusals) != 'integer' "
              "OR typeof(c.mean_response_hours) NOT IN ('real', 'integer', 'null') LIMIT 1");
  if (!wrong.row()) return;
  if (wrong.integer(1) != 0) {
    refuse_file(path, "damaged results database: call_network holds run " + wrong.text(0) + ", which is not a successful run in runs");
  }
  refuse_file(path, "damaged results database: a call_network row of run " + wrong.text(0) + " lacks a name or a count, or holds text there");
}

// Counts are never below 0, and a mean response time is a finite number of
// hours, 0 or more (NULL without reports).
void check_call_network_values(sqlite3* db, const std::string& path) {
  Query wrong(db, path,
              "SELECT run, township, department, calls, reports, refusals, mean_response_hours FROM call_network "
              "WHERE calls < 0 OR reports < 0 OR refusals < 0 OR mean_response_hours < 0 OR mean_response_hours IN (9e999, -9e999) "
              "ORDER BY run LIMIT 1");
  if (!wrong.row()) return;
  const std::string row = "damaged results database: run " + wrong.text(0) + " has call_network.";
  const std::string cell = " (township " + wrong.text(1) + ", department " + wrong.text(2) + ")";
  int column = 3;
  for (const char* name : {"calls", "reports", "refusals"}) {
    if (wrong.integer(column) < 0) refuse_file(path, row + name + " " + wrong.text(column) + cell + ", below 0");
    ++column;
  }
  refuse_file(path, row + "mean_response_hours " + wrong.text(6) + cell + ", not a finite number of 0 or more");
}

// The path as the path part of an SQLite URI: absolute, with the characters
// that URIs give a meaning percent-encoded.
std::string uri_path(const std::string& path) {
  std::string out;
  for (const char c : std::filesystem::absolute(path).lexically_normal().string()) {
    if (c == '%' || c == '?' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string sqlite_problem(sqlite3* db, int code) {
  // SQLite reports a full disk met while growing its -shm or syncing as an
  // I/O error; the system's errno says what it was.
  if ((code & 0xff) == SQLITE_IOERR && sqlite3_system_errno(db) == ENOSPC) return "disk full";
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "the database is in use by another process (busy); wait until it is done, or use another file";
    case SQLITE_FULL: return "disk full";
    case SQLITE_NOTADB: return "not an SQLite database, so not a tiaokuai results database";
    case SQLITE_CORRUPT: return std::string("corrupt (") + sqlite3_errmsg(db) + ")";
    default: return sqlite3_errmsg(db);
  }
}

namespace {

enum class SideFile { absent, empty, holds_data };

// What lies at `path` + `suffix`: SQLite's side files must be files.
SideFile side_file(const std::string& path, const char* suffix) {
  const std::string side = path + suffix;
  std::error_code error;
  const auto status = std::filesystem::status(side, error);
  if (status.type() == std::filesystem::file_type::not_found) return SideFile::absent;
  if (error || !std::filesystem::is_regular_file(status)) {
    refuse_file(path, "its SQLite side file " + side + " is not a file (" + (error ? error.message() : "a folder or device") +
                     "); move it away if no sweep is writing this database");
  }
  const auto size = std::filesystem::file_size(side, error);
  if (error) refuse_file(path, "cannot read its SQLite side file " + side + ": " + error.message());
  return size == 0 ? SideFile::empty : SideFile::holds_data;
}

sqlite3* open_uri(const std::string& path, const std::string& uri, int flags) {
  sqlite3* db = nullptr;
  const int code = sqlite3_open_v2(uri.c_str(), &db, flags | SQLITE_OPEN_URI, nullptr);
  if (code != SQLITE_OK) {
    const std::string problem = db != nullptr ? sqlite_problem(db, code) : "out of memory";
    sqlite3_close(db);
    refuse_file(path, problem);
  }
  return db;
}

// Reads page 1, so that SQLite has opened the file and acted on its side
// files (recovered the WAL, rolled back a journal) before we go on.
void touch_schema(sqlite3* db, const std::string& path) {
  const int code = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) refuse_file(path, sqlite_problem(db, code));
}

// A database whose side files SQLite must act on, but cannot without
// creating a file beside it: a -wal without its -shm (SQLite would create
// the -shm to read the WAL), or a non-empty -journal (a hot journal is
// rolled back by writing). It is read through a copy in a temporary folder:
// SQLite recovers the copy exactly as it would the original (a WAL's
// committed transactions count, an unfinished one does not; a journal's
// unfinished transaction is rolled back), checkpoints it into the copied
// file, and that file is then read as immutable and the folder deleted.
DatabaseConnection open_through_copy(const std::string& path, SideFile wal, SideFile journal) {
  const std::string pattern = (std::filesystem::temp_directory_path() / "tiaokuai-read-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  // Ctrl-C or SIGTERM meanwhile removes the copies and the folder.
  models::RemoveFoldersOnInterrupt remove_folder(1, name.size());
  {
    const models::HoldInterrupts hold;  // registered as soon as it exists
    if (::mkdtemp(name.data()) == nullptr) {
      throw std::runtime_error(path + ": cannot make a temporary folder to read it through: " + models::write_error_text(errno));
    }
    remove_folder.push(name.data());
  }
  const std::filesystem::path folder(name.data());
  const std::string copy = (folder / "results.db").string();
  const models::RemoveOnInterrupt remove_copy(copy), remove_wal(copy + "-wal"), remove_shm(copy + "-shm"),
      remove_journal(copy + "-journal");
  struct RemoveAfterwards {
    const std::filesystem::path& folder;
    ~RemoveAfterwards() {
      std::error_code ignored;
      std::filesystem::remove_all(folder, ignored);
    }
  } remove_afterwards{folder};

  std::error_code error;
  std::filesystem::copy_file(path, copy, error);
  if (!error && wal == SideFile::holds_data) std::filesystem::copy_file(path + "-wal", copy + "-wal", error);
  if (!error && journal == SideFile::holds_data) std::filesystem::copy_file(path + "-journal", copy + "-journal", error);
  if (error) {
    throw std::runtime_error(path + ": cannot copy it to " + folder.string() + " to read it: " + models::write_error_text(error.value()));
  }
  {
    const DatabaseConnection recover(open_uri(path, "file:" + uri_path(copy), SQLITE_OPEN_READWRITE), sqlite3_close);
    touch_schema(recover.get(), path);
    // Moves the WAL's committed pages into the copied file, so that the
    // immutable reader below, which ignores a WAL, sees them.
    const int code = sqlite3_wal_checkpoint_v2(recover.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (code != SQLITE_OK) refuse_file(path, sqlite_problem(recover.get(), code));
  }
  if (std::filesystem::exists(copy + "-wal", error) && std::filesystem::file_size(copy + "-wal", error) > 0) {
    throw std::runtime_error(path + ": SQLite did not finish reading its -wal file in a temporary copy");
  }
  DatabaseConnection connection(open_uri(path, "file:" + uri_path(copy) + "?immutable=1", SQLITE_OPEN_READONLY), sqlite3_close);
  touch_schema(connection.get(), path);  // the file is open; its name may go
  return connection;
}

}  // namespace

DatabaseConnection open_read_only(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) refuse_file(path, "no such results database");
  if (!std::filesystem::is_regular_file(status)) refuse_file(path, "not a file, so not a results database");
  if (std::filesystem::file_size(path, error) == 0) refuse_file(path, "an empty file (0 bytes), not a tiaokuai results database");
  // Reading creates no file beside the database, whatever side files lie there.
  const SideFile wal = side_file(path, "-wal"), shm = side_file(path, "-shm"), journal = side_file(path, "-journal");
  // A -wal with its -shm: a sweep is running, or was killed. The WAL holds
  // committed runs, and SQLite reads it through its usual locking; both
  // side files exist, so it creates none.
  if (wal != SideFile::absent && shm != SideFile::absent) {
    return {open_uri(path, "file:" + uri_path(path) + "?mode=ro", SQLITE_OPEN_READONLY), sqlite3_close};
  }
  // A WAL without its -shm, or a journal with an unfinished transaction:
  // SQLite must act on them, which it cannot do here without a new file.
  if (wal == SideFile::holds_data || journal == SideFile::holds_data) return open_through_copy(path, wal, journal);
  // Otherwise the database is all in the one file (an empty -wal or
  // -journal holds nothing, a lone -shm is only an index), and SQLite may
  // read it as immutable: no locks, no -shm, nothing written, which also
  // works on a read-only medium.
  return {open_uri(path, "file:" + uri_path(path) + "?immutable=1", SQLITE_OPEN_READONLY), sqlite3_close};
}

void check_results_database(sqlite3* db, const std::string& path, const SweepSpec* sweep) {
  {
    Query integrity(db, path, "PRAGMA quick_check(1)");
    if (integrity.row() && integrity.text(0) != "ok") refuse_file(path, "corrupt (SQLite's quick_check: " + integrity.text(0) + ")");
  }
  check_tables(db, path);
  const Design design = check_sweep_row(db, path, sweep);
  check_point_values(db, path, design);
  check_runs(db, path, design);
  check_run_values(db, path);
  check_metrics(db, path);
  check_call_network(db, path);
  check_call_network_values(db, path);
}

DatabaseConnection open_checked(const std::string& path) {
  DatabaseConnection db = open_read_only(path);
  check_results_database(db.get(), path, nullptr);
  return db;
}

}  // namespace tiaokuai::experiments
