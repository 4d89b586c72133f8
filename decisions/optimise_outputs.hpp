#pragma once
// What `tiaokuai optimise` writes into its output folder (docs/decisions.md
// describes each): front.csv, dropped.csv, generations.csv, front.json,
// summary.txt, report.html with its figures (figures/*.svg) and each
// front design as a ready scenario file (designs/design-N.yaml), all or
// none.

#include <string>

#include "decisions/noisy_nsga2.hpp"
#include "decisions/optimise_spec.hpp"

namespace tiaokuai::decisions {

// How the search went, for the outputs' provenance.
struct OptimiseRun {
  std::string database;
  std::size_t runs_simulated = 0, batches_replayed = 0;
};

// The degrees of freedom of the search's and the re-evaluation's estimates
// (calibration::interval_95 turns them into intervals).
std::size_t search_degrees_of_freedom(const OptimiseSpec& spec);
std::size_t final_degrees_of_freedom(const OptimiseSpec& spec);

// Whether any design met the constraints: when none did, the search
// reports the least violating designs as its front, flagged infeasible.
bool met_constraints(const SearchResult& result);

// What the command prints: the search's course, the front with intervals,
// what the re-evaluation dropped and why.
std::string optimise_summary_text(const OptimiseSpec& spec, const SearchResult& result, const OptimiseRun& run);

// Throws std::runtime_error if gnuplot is missing or fails (before creating
// anything) or a write fails.
void write_optimise_outputs(const std::string& folder, const OptimiseSpec& spec, const SearchResult& result, const OptimiseRun& run);

}  // namespace tiaokuai::decisions
