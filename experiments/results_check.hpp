#pragma once
// Whether a file may be trusted as a sweep's results database, checked in
// one place before any number is read from it: by `analyze`, `export`,
// `reproduce` and a resumed `sweep` (threads and MPI alike).
//
// The checks, in order: the file exists and is not empty; SQLite opens it
// and its quick_check passes; it has the tables and columns of
// docs/sweeps.md; one sweep row, written by this tiaokuai version (and, for
// a resumed sweep, with the sweep file's fingerprint and design); factor and
// point indices dense from 0; every point value inside points x factors;
// every run inside the design (run < points x replications, point = run /
// replications, replication = run % replications); metrics only of
// successful runs and of known metric ids; call-network rows only of known
// runs; numbers where numbers belong: finite, counts not below 0, and
// every run's seed the sweep's master seed. The first problem found becomes one
// models::ConfigError naming the file and the problem.
//
// Reading never changes the file and creates no file beside it: it is
// opened read-only, as immutable unless a writer left side files that hold
// data. A -wal with its -shm is read through SQLite's locking; a -wal
// without its -shm, or a non-empty -journal, through a copy in a temporary
// folder, deleted afterwards (see open_read_only). A database on a
// read-only medium reads like any other.

#include <sqlite3.h>

#include <memory>
#include <string>

#include "experiments/sweep_spec.hpp"

namespace tiaokuai::experiments {

// The tables of a results database (docs/sweeps.md), as a sweep creates them.
extern const char* const results_schema;

using DatabaseConnection = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;

// Opens the file read-only without checking its contents.
DatabaseConnection open_read_only(const std::string& path);

// Throws models::ConfigError (the file, the problem) unless the database is
// a consistent tiaokuai results database; with `sweep`, also unless it holds
// that sweep.
void check_results_database(sqlite3* db, const std::string& path, const SweepSpec* sweep = nullptr);

// open_read_only, then check_results_database: what every reader calls.
DatabaseConnection open_checked(const std::string& path);

// The message of an SQLite failure as a user should read it: "busy" for a
// lock held by another process, "disk full", "corrupt", else SQLite's own.
std::string sqlite_problem(sqlite3* db, int code);

}  // namespace tiaokuai::experiments
