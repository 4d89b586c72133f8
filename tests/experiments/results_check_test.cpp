// The results-database check on hand-damaged copies of a good database:
// each damage is caught by its own check and named, and checking never
// changes the file or leaves SQLite side files behind.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "experiments/results_check.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using namespace tiaokuai::experiments;

namespace {

const std::string factorial = std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-factorial.yaml";

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A complete database of small-factorial.yaml (4 points x 3 replications).
std::string good_database(const ScratchFolder& folder, const SweepSpec& spec) {
  const std::string path = (folder.path() / "good.db").string();
  ResultsDatabase database(path, spec);
  const std::atomic<bool> no_stop{false};
  run_sweep(spec, database, {2, 0, false}, no_stop);
  return path;
}

// A copy of the good database with `damage` (SQL) applied.
std::string damaged_copy(const ScratchFolder& folder, const std::string& good, const std::string& damage) {
  const std::string path = (folder.path() / "damaged.db").string();
  std::filesystem::copy_file(good, path, std::filesystem::copy_options::overwrite_existing);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int code = sqlite3_exec(db, ("PRAGMA journal_mode=DELETE; PRAGMA ignore_check_constraints=1; " + damage).c_str(), nullptr, nullptr, &error);
  INFO(damage << ": " << (error != nullptr ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(code == SQLITE_OK);
  return path;
}

// Checks the file as a reader does (with `spec`, as a resumed sweep does)
// and returns the message; "" if it passes. The file must come out
// byte-identical and without -wal, -shm or -journal beside it.
std::string problem_of(const std::string& path, const SweepSpec* spec = nullptr) {
  const std::string before = bytes_of(path);
  std::string message;
  try {
    const DatabaseConnection db = open_read_only(path);
    check_results_database(db.get(), path, spec);
  } catch (const models::ConfigError& error) {
    message = error.what();
  }
  CHECK(bytes_of(path) == before);
  for (const char* suffix : {"-wal", "-shm", "-journal"}) CHECK_FALSE(std::filesystem::exists(path + suffix));
  return message;
}

}  // namespace

TEST_CASE("a complete results database passes the check, as a reader and as the sweep that made it") {
  const ScratchFolder folder("check-good");
  const SweepSpec spec = load_sweep(factorial);
  const std::string good = good_database(folder, spec);
  CHECK(problem_of(good) == "");
  CHECK(problem_of(good, &spec) == "");
}

TEST_CASE("each hand-edit of a results database is refused by name") {
  const ScratchFolder folder("check-damage");
  const SweepSpec spec = load_sweep(factorial);
  const std::string good = good_database(folder, spec);
  const struct {
    const char* damage;
    const char* problem;
  } cases[] = {
      {"UPDATE runs SET point = 9 WHERE run = 3", "run 3 is recorded at point 9, but belongs to point 1"},
      {"UPDATE runs SET replication = 7 WHERE run = 3", "run 3 is recorded as replication 7, but is replication 0"},
      {"UPDATE runs SET run = 99 WHERE run = 11", "run 99 is outside the design (4 points x 3 replications make runs 0 to 11)"},
      {"UPDATE runs SET run = -1 WHERE run = 11", "run -1 is outside the design"},
      {"UPDATE runs SET status = 'weird' WHERE run = 2", "run 2 has status 'weird'"},
      {"UPDATE runs SET events = NULL WHERE run = 1", "run 1 lacks its seed, events or wall time"},
      {"UPDATE runs SET wall_seconds = 'slow' WHERE run = 1", "run 1 lacks its seed, events or wall time"},
      {"UPDATE metrics SET metric = 9999 WHERE run = 0 AND metric = 1", "metric id 9999 (run 0), which metric_names does not name"},
      {"DELETE FROM runs WHERE run = 5", "metrics holds values of run 5, which runs does not hold"},
      {"UPDATE runs SET status = 'failed' WHERE run = 5", "metrics holds values of run 5, which failed"},
      {"UPDATE metrics SET value = 'abc' WHERE run = 0 AND metric = 1", "metric 1 of run 0 is text, not a number"},
      {"DELETE FROM metrics WHERE run = 4", "run 4 is recorded as ok but has no metrics"},
      {"UPDATE metric_names SET name = x'00ff' WHERE metric = 1", "metric id 1 has no name"},
      {"UPDATE point_values SET factor = 5 WHERE point = 0 AND factor = 1", "point_values has a row (point 0, factor 5) outside the design's 4 points x 2 factors"},
      {"UPDATE point_values SET point = 8 WHERE point = 0 AND factor = 1", "point_values has a row (point 8, factor 1)"},
      {"DELETE FROM point_values WHERE point = 2 AND factor = 0", "point_values has 7 rows, not 8"},
      {"DELETE FROM sweep", "its sweep table has 0 rows, not one"},
      {"INSERT INTO sweep SELECT 2, file, description, yaml, fingerprint, design, samples, replications, master_seed, tiaokuai_version, "
       "git_commit, created FROM sweep",
       "its sweep table has 2 rows, not one"},
      {"UPDATE sweep SET id = 2", "its sweep row lacks the id"},
      {"UPDATE sweep SET replications = NULL", "its sweep row lacks the id, fingerprint, design, samples, replications or master seed"},
      {"UPDATE sweep SET replications = 0", "it says 0 replications"},
      {"UPDATE sweep SET fingerprint = ''", "its sweep row lacks"},
      {"UPDATE sweep SET tiaokuai_version = '0.0.1'", "made by tiaokuai 0.0.1, and this is tiaokuai"},
      // An older version's tables (before points.role): refused as another version's, not as damaged.
      {"ALTER TABLE points DROP COLUMN role; UPDATE sweep SET tiaokuai_version = '0.1.0'", "made by tiaokuai 0.1.0, and this is tiaokuai"},
      {"UPDATE points SET point = 7 WHERE point = 3", "the design points are not numbered 0 to 3"},
      {"DELETE FROM points", "it has no design points"},
      {"UPDATE factors SET factor = 4 WHERE factor = 1", "the factors are not numbered 0 to 1"},
      {"UPDATE call_network SET run = 77 WHERE run = 0", "call_network holds run 77, which is not a successful run in runs"},
      {"UPDATE call_network SET calls = NULL WHERE run = 0", "a call_network row of run 0 lacks a name or a count"},
      {"DROP TABLE call_network", "the table call_network is missing"},
      {"UPDATE metrics SET value = 9e999 WHERE run = 3 AND metric = (SELECT metric FROM metric_names WHERE name = 'response_hours.mean')",
       "metrics.value of run 3 is Inf for metric 'response_hours.mean'"},
      {"UPDATE metrics SET value = -9e999 WHERE run = 3 AND metric = 1", "metrics.value of run 3 is -Inf"},
      {"UPDATE call_network SET calls = -5 WHERE run = 0", "run 0 has call_network.calls -5 (township"},
      {"UPDATE call_network SET refusals = -1 WHERE run = 2", "run 2 has call_network.refusals -1"},
      {"UPDATE call_network SET mean_response_hours = 9e999 WHERE run = 1", "run 1 has call_network.mean_response_hours Inf"},
      {"UPDATE call_network SET mean_response_hours = -2 WHERE run = 1", "run 1 has call_network.mean_response_hours -2"},
      {"UPDATE runs SET seed = 12345 WHERE run = 3", "run 3 has runs.seed 12345, not the sweep's master seed"},
      {"UPDATE runs SET events = -1 WHERE run = 4", "run 4 has runs.events -1, below 0"},
      {"UPDATE runs SET wall_seconds = -9e999 WHERE run = 4", "run 4 has runs.wall_seconds -Inf"},
      {"ALTER TABLE runs DROP COLUMN events", "the table runs has columns (run, point, replication, seed, status, message, wall_seconds), not"},
      {"ALTER TABLE points ADD COLUMN extra", "the table points has columns (point, label, role, extra)"},
      {"UPDATE points SET role = zeroblob(1) WHERE point = 1", "the design points are not numbered 0 to 3 with a text each"},
      {"DROP TABLE sweep", "not a tiaokuai results database (it has no sweep table)"},
      {"DROP TABLE sweep; DROP TABLE factors; DROP TABLE points; DROP TABLE point_values; DROP TABLE runs; DROP TABLE metric_names; "
       "DROP TABLE metrics; DROP TABLE call_network",
       "an SQLite database without tables"},
  };
  for (const auto& c : cases) {
    INFO(std::string(c.damage));
    const std::string copy = damaged_copy(folder, good, c.damage);
    const std::string message = problem_of(copy);
    CHECK(message.find(c.problem) != std::string::npos);
    CHECK(message.find(copy + ": ") == 0);
  }
}

TEST_CASE("a resumed sweep is refused a database of another sweep") {
  const ScratchFolder folder("check-fingerprint");
  const SweepSpec spec = load_sweep(factorial);
  const std::string copy = damaged_copy(folder, good_database(folder, spec), "UPDATE sweep SET fingerprint = '0123456789abcdef'");
  CHECK(problem_of(copy) == "");  // a reader cannot know the sweep file
  CHECK(problem_of(copy, &spec).find("this database holds a different sweep (fingerprint 0123456789abcdef") != std::string::npos);
  const std::string before = bytes_of(copy);
  CHECK_THROWS_WITH_AS(ResultsDatabase(copy, spec), doctest::Contains("different sweep"), models::ConfigError);
  CHECK(bytes_of(copy) == before);
}

TEST_CASE("files that are not results databases are refused without being changed") {
  const ScratchFolder folder("check-files");
  const SweepSpec spec = load_sweep(factorial);
  const std::string good = good_database(folder, spec);
  CHECK(problem_of((folder.path() / "absent.db").string()).find("no such results database") != std::string::npos);
  CHECK(problem_of(folder.write("empty.db", "")).find("an empty file (0 bytes)") != std::string::npos);
  CHECK(problem_of(folder.write("garbage.db", std::string(8192, 'x'))).find("not an SQLite database") != std::string::npos);
  CHECK_THROWS_WITH_AS(open_read_only(folder.path().string()), doctest::Contains("not a file"), models::ConfigError);
  std::string zeroed = bytes_of(good);
  REQUIRE(zeroed.size() > 4 * 4096);
  std::fill(zeroed.begin() + 2 * 4096, zeroed.begin() + 4 * 4096, '\0');
  CHECK(problem_of(folder.write("zeroed.db", zeroed)).find("corrupt") != std::string::npos);
  const std::string foreign = damaged_copy(folder, good, "PRAGMA journal_mode=WAL; CREATE TABLE notes(text)");
  CHECK(problem_of(foreign) == "");  // extra tables are allowed; the data is whole
}

TEST_CASE("a sweep refuses a file it may not write into and changes nothing") {
  const ScratchFolder folder("check-writer");
  const SweepSpec spec = load_sweep(factorial);
  const std::string foreign = (folder.path() / "foreign.db").string();
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(foreign.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE notes(text); INSERT INTO notes VALUES ('mine')", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string before = bytes_of(foreign);
  CHECK_THROWS_WITH_AS(ResultsDatabase(foreign, spec), doctest::Contains("no sweep table"), models::ConfigError);
  CHECK(bytes_of(foreign) == before);  // not even switched to WAL
  for (const char* suffix : {"-wal", "-shm", "-journal"}) CHECK_FALSE(std::filesystem::exists(foreign + suffix));

  const std::string empty = folder.write("empty.db", "");
  CHECK_THROWS_WITH_AS(ResultsDatabase(empty, spec), doctest::Contains("an empty file"), models::ConfigError);
  CHECK(std::filesystem::file_size(empty) == 0);
}

TEST_CASE("a second sweep into a database being written is told it is busy") {
  const ScratchFolder folder("check-busy");
  const SweepSpec spec = load_sweep(factorial);
  const std::string path = (folder.path() / "busy.db").string();
  const ResultsDatabase first(path, spec);
  CHECK_THROWS_WITH_AS(ResultsDatabase(path, spec), doctest::Contains("in use by another process (busy)"), models::ConfigError);
}

TEST_CASE("a sweep whose database cannot be created leaves no file") {
  const ScratchFolder folder("check-create");
  const SweepSpec spec = load_sweep(factorial);
  const std::string path = (folder.path() / "no-such-folder" / "r.db").string();
  CHECK_THROWS_WITH_AS(ResultsDatabase(path, spec), doctest::Contains("cannot create or open the results database"), models::ConfigError);
  CHECK_FALSE(std::filesystem::exists(folder.path() / "no-such-folder"));
}

TEST_CASE("a sweep stores an undefined or infinite metric as NULL, so the stored numbers are all finite") {
  const ScratchFolder folder("check-infinite");
  const SweepSpec spec = load_sweep(factorial);
  const std::string path = (folder.path() / "r.db").string();
  {
    ResultsDatabase database(path, spec);
    RunRecord record;
    record.metrics = {{"undefined", std::nan("")}, {"infinite", HUGE_VAL}, {"finite", 1.5}};
    database.record({record});
  }
  std::string rows;
  {
    const DatabaseConnection connection = open_read_only(path);
    sqlite3* db = connection.get();
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT n.name, typeof(m.value) FROM metrics m JOIN metric_names n USING (metric) ORDER BY n.name", -1,
                               &statement, nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      rows += std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) + "=" +
              reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)) + " ";
    }
    sqlite3_finalize(statement);
  }
  CHECK(rows == "finite=real infinite=null undefined=null ");
  CHECK(problem_of(path) == "");
}

namespace {

// Every file in `folder` with its bytes, and every folder.
std::map<std::string, std::string> contents_of(const std::filesystem::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    files[entry.path().string()] = entry.is_regular_file() ? bytes_of(entry.path()) : "(folder)";
  }
  return files;
}

std::int64_t runs_in(const std::string& path) {
  const DatabaseConnection db = open_read_only(path);
  check_results_database(db.get(), path);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db.get(), "SELECT count(*) FROM runs", -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  const std::int64_t count = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  return count;
}

}  // namespace

TEST_CASE("reading creates no file beside a database, whatever side files a writer left") {
  const ScratchFolder folder("check-side-files");
  const std::filesystem::path temporary = folder.path() / "tmp";
  std::filesystem::create_directory(temporary);
  // The copy of a -wal without -shm goes here, and must go again.
  struct TemporaryFolder {
    std::string previous;
    bool had;
    explicit TemporaryFolder(const std::filesystem::path& folder) : had(std::getenv("TMPDIR") != nullptr) {
      if (had) previous = std::getenv("TMPDIR");
      setenv("TMPDIR", folder.c_str(), 1);
    }
    ~TemporaryFolder() { had ? setenv("TMPDIR", previous.c_str(), 1) : unsetenv("TMPDIR"); }
  } temporary_folder(temporary);
  const SweepSpec spec = load_sweep(factorial);
  const std::string good = good_database(folder, spec);
  const auto copy_to = [&](const std::string& name, std::initializer_list<const char*> suffixes) {
    const std::filesystem::path sub = folder.path() / name;
    std::filesystem::create_directory(sub);
    for (const char* suffix : suffixes) std::filesystem::copy_file(good + suffix, sub / (std::string("r.db") + suffix));
    return (sub / "r.db").string();
  };

  SUBCASE("an empty -journal is no journal") {
    const std::string path = copy_to("journal", {""});
    std::ofstream(path + "-journal").close();
    const auto before = contents_of(folder.path());
    CHECK(runs_in(path) == 12);
    CHECK(contents_of(folder.path()) == before);
  }
  SUBCASE("a -wal of garbage without its -shm holds no transaction") {
    const std::string path = copy_to("garbage-wal", {""});
    std::ofstream(path + "-wal") << std::string(5000, 'x');
    const auto before = contents_of(folder.path());
    CHECK(runs_in(path) == 12);
    CHECK(contents_of(folder.path()) == before);
  }
  SUBCASE("a -wal holding committed runs without its -shm is read whole, through a copy that is deleted again") {
    // A writer's files while it holds 5 committed runs, all in the WAL: the
    // main file alone has no runs (nor tables).
    const std::string writing = (folder.path() / "writing.db").string();
    ResultsDatabase writer(writing, spec);
    const std::atomic<bool> no_stop{false};
    run_sweep(spec, writer, {1, 5, false}, no_stop);
    std::filesystem::create_directory(folder.path() / "wal");
    const std::string path = (folder.path() / "wal" / "r.db").string();
    std::filesystem::copy_file(writing, path);
    std::filesystem::copy_file(writing + "-wal", path + "-wal");
    REQUIRE(std::filesystem::file_size(path + "-wal") > 0);
    const auto before = contents_of(folder.path() / "wal");
    CHECK(runs_in(path) == 5);
    CHECK(contents_of(folder.path() / "wal") == before);
  }
  SUBCASE("a -wal that is a folder is refused, naming it") {
    const std::string path = copy_to("wal-folder", {""});
    std::filesystem::create_directory(path + "-wal");
    CHECK_THROWS_WITH_AS(open_read_only(path), doctest::Contains("r.db-wal is not a file"), models::ConfigError);
  }
  CHECK(std::filesystem::is_empty(temporary));
}

TEST_CASE("a sweep killed while creating its database leaves no file, or a whole one that the same sweep resumes") {
  const ScratchFolder folder("check-killed-creating");
  const SweepSpec spec = load_sweep(factorial);
  const std::string path = (folder.path() / "r.db").string();
  int whole = 0, absent = 0;
  for (int delay_us = 0; delay_us <= 6000; delay_us += 200) {
    for (const auto& entry : std::filesystem::directory_iterator(folder.path())) std::filesystem::remove(entry.path());
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      { const ResultsDatabase database(path, spec); }
      _exit(0);
    }
    usleep(static_cast<useconds_t>(delay_us));
    kill(child, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    INFO("killed after " << delay_us << " us");
    if (!std::filesystem::exists(path)) {
      ++absent;
    } else {
      ++whole;
      // As the same sweep resuming would: every table, the sweep's rows.
      const DatabaseConnection db = open_read_only(path);
      CHECK_NOTHROW(check_results_database(db.get(), path, &spec));
    }
    CHECK_NOTHROW(ResultsDatabase(path, spec));
  }
  MESSAGE(absent << " kills left no file, " << whole << " a whole one");
}

TEST_CASE("a new database is created whole under its name, with no temporary file left beside it") {
  const ScratchFolder folder("check-create-whole");
  const SweepSpec spec = load_sweep(factorial);
  const std::string path = (folder.path() / "r.db").string();
  // A temporary left by a killed process of this id is replaced.
  const std::string stale = (folder.path() / (".r.db.creating-" + std::to_string(getpid()))).string();
  std::ofstream(stale) << "left by a killed sweep";
  { const ResultsDatabase database(path, spec); }
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) names.push_back(entry.path().filename().string());
  CHECK(names == std::vector<std::string>{"r.db"});
  CHECK(problem_of(path, &spec) == "");
}
