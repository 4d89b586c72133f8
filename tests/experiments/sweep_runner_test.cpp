// Running sweeps: results independent of job count and interruption,
// failures recorded, a changed sweep refused, export round-trips.
#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "experiments/csv_export.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_runner.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using namespace tiaokuai::experiments;

namespace {

const std::string factorial = std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-factorial.yaml";

// Every table's content in key order, leaving out what differs between
// identical sweeps (wall time, creation time).
std::string content(const std::string& path) {
  const SweepSpec spec = load_sweep(factorial);
  ResultsDatabase database(path, spec);
  std::ostringstream out;
  for (const char* sql : {"SELECT run, point, replication, seed, status, message, events FROM runs ORDER BY run",
                          "SELECT m.run, n.name, m.value FROM metrics m JOIN metric_names n USING (metric) ORDER BY m.run, n.name",
                          "SELECT * FROM call_network ORDER BY run, township, department",
                          "SELECT * FROM point_values ORDER BY point, factor", "SELECT fingerprint, design FROM sweep"}) {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(database.handle(), sql, -1, &statement, nullptr) == SQLITE_OK);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(statement); ++c) {
        const auto* text = sqlite3_column_text(statement, c);
        out << (text != nullptr ? reinterpret_cast<const char*>(text) : "NULL") << '|';
      }
      out << '\n';
    }
    sqlite3_finalize(statement);
  }
  return out.str();
}

SweepOutcome sweep(const std::string& db, unsigned jobs, std::size_t limit = 0, const std::string& file = factorial) {
  const SweepSpec spec = load_sweep(file);
  ResultsDatabase database(db, spec);
  const std::atomic<bool> no_stop{false};
  return run_sweep(spec, database, {jobs, limit, false}, no_stop);
}

}  // namespace

TEST_CASE("a sweep gives the same results on 1, 2 or 4 threads") {
  ScratchFolder folder("jobs");
  std::string first;
  for (const unsigned jobs : {1u, 2u, 4u}) {
    CAPTURE(jobs);
    const std::string db = (folder.path() / ("jobs" + std::to_string(jobs) + ".db")).string();
    const auto outcome = sweep(db, jobs);
    CHECK(outcome.ran == 12);
    CHECK(outcome.failed == 0);
    const std::string now = content(db);
    CHECK(now.size() > 1000);
    if (first.empty()) first = now;
    CHECK(now == first);
  }
}

TEST_CASE("a sweep resumed in pieces equals an uninterrupted one, each run once") {
  ScratchFolder folder("resume");
  const std::string whole = (folder.path() / "whole.db").string();
  const std::string pieces = (folder.path() / "pieces.db").string();
  sweep(whole, 2);
  CHECK(sweep(pieces, 2, 5).ran == 5);
  const auto second = sweep(pieces, 1, 4);
  CHECK(second.already_done == 5);
  CHECK(second.ran == 4);
  CHECK(sweep(pieces, 2).ran == 3);
  CHECK(sweep(pieces, 2).ran == 0);  // nothing left: nothing runs twice
  CHECK(content(pieces) == content(whole));
}

TEST_CASE("replication r shares its random numbers across design points") {
  ScratchFolder folder("crn");
  const std::string db = (folder.path() / "crn.db").string();
  sweep(db, 2);
  const SweepSpec spec = load_sweep(factorial);
  ResultsDatabase database(db, spec);
  // The arrivals do not depend on these levers, so with common random
  // numbers every point's replication r sees the same number of issues,
  // leaving out the problems of missed sham fixes reported again (formalism
  // follows the incentive weight).
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(database.handle(),
                             "SELECT r.replication, COUNT(DISTINCT a.value - b.value), COUNT(*) FROM runs r "
                             "JOIN metrics a ON a.run = r.run JOIN metric_names na ON na.metric = a.metric AND na.name = 'issues.arisen' "
                             "JOIN metrics b ON b.run = r.run JOIN metric_names nb ON nb.metric = b.metric "
                             "AND nb.name = 'costs.by_lever.formalism_reappeared_issues' GROUP BY r.replication",
                             -1, &statement, nullptr) == SQLITE_OK);
  int replications = 0;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    ++replications;
    CHECK(sqlite3_column_int(statement, 1) == 1);
    CHECK(sqlite3_column_int(statement, 2) == 4);
  }
  sqlite3_finalize(statement);
  CHECK(replications == 3);
}

TEST_CASE("a run that fails is recorded with its message and the sweep goes on") {
  ScratchFolder folder("failing");
  const std::string db = (folder.path() / "failing.db").string();
  const auto outcome = sweep(db, 2, 0, std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-failing.yaml");
  CHECK(outcome.ran == 6);
  CHECK(outcome.failed == 6);
  const SweepSpec spec = load_sweep(std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-failing.yaml");
  ResultsDatabase database(db, spec);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(database.handle(), "SELECT status, message FROM runs", -1, &statement, nullptr) == SQLITE_OK);
  int rows = 0;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    ++rows;
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == "failed");
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1))).find("event budget") != std::string::npos);
  }
  sqlite3_finalize(statement);
  CHECK(rows == 6);
}

TEST_CASE("a database made by another sweep is refused") {
  ScratchFolder folder("refuse");
  const std::string db = (folder.path() / "x.db").string();
  sweep(db, 1, 2);
  const SweepSpec other = load_sweep(std::string(TIAOKUAI_TEST_DATA_DIR) + "/sweeps/small-failing.yaml");
  CHECK_THROWS_WITH_AS(ResultsDatabase(db, other), doctest::Contains("holds a different sweep"), models::ConfigError);
  const std::string not_a_db = folder.write("text.db", "hello");
  CHECK_THROWS_WITH_AS(ResultsDatabase(not_a_db, other), doctest::Contains("not a tiaokuai results database"), std::runtime_error);
}

TEST_CASE("export writes one row per run that reads back to the database's values") {
  ScratchFolder folder("export");
  const std::string db = (folder.path() / "e.db").string();
  sweep(db, 2);
  export_csv(db, (folder.path() / "csv").string());
  std::ifstream in(folder.path() / "csv" / "runs.csv");
  std::string header_line;
  std::getline(in, header_line);
  std::vector<std::string> header;
  std::stringstream columns(header_line);
  for (std::string column; std::getline(columns, column, ',');) header.push_back(column);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  REQUIRE(column("levers.incentive_weight") < header.size());
  REQUIRE(column("rates.shirking") < header.size());

  const SweepSpec spec = load_sweep(factorial);
  ResultsDatabase database(db, spec);
  std::map<long, double> shirking;
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(database.handle(), "SELECT run, value FROM metrics JOIN metric_names USING (metric) WHERE name = 'rates.shirking'",
                             -1, &statement, nullptr) == SQLITE_OK);
  while (sqlite3_step(statement) == SQLITE_ROW) shirking[sqlite3_column_int64(statement, 0)] = sqlite3_column_double(statement, 1);
  sqlite3_finalize(statement);

  int rows = 0;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    REQUIRE(fields.size() >= header.size() - 1);
    const long run = std::stol(fields[0]);
    CHECK(fields[0] == std::to_string(rows));  // sorted by run
    CHECK(std::stod(fields[column("rates.shirking")]) == shirking.at(run));
    CHECK(fields[column("levers.incentive_weight")] == spec.points[spec.point_of(static_cast<std::size_t>(run))].values[0]);
    ++rows;
  }
  CHECK(rows == 12);
  CHECK(std::filesystem::file_size(folder.path() / "csv" / "call_network.csv") > 100);
}
