#pragma once
// The realised call network of a design point as a graph (Boost.Graph):
// townships and departments, an edge where a township called a department.
// Per department: calls, mean response latency, share of calls refused,
// degree (townships calling it) and betweenness centrality: how much of the
// network's shortest township-to-township paths run through it, with each
// channel's length 1 / calls, so busy channels are short. (Unweighted, every
// department of a county where every township calls every department would
// score the same.) Its waiting burden
// is its share of all hours townships spent waiting for a report (calls x
// mean response); the two departments with the largest burden are named
// the bottlenecks.

#include <string>
#include <utility>
#include <vector>

#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

// Brandes betweenness of an undirected graph (Boost.Graph), not normalised:
// for each vertex, the number of shortest paths between other pairs through
// it (split when several are shortest). `lengths` gives each edge's length;
// empty means every edge has length 1.
std::vector<double> betweenness_centrality(std::size_t vertices, const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                                           const std::vector<double>& lengths = {});

struct DepartmentCentrality {
  std::string department;
  double calls_per_run = 0, mean_response_hours = 0, refusal_share = 0;
  double degree = 0, betweenness = 0;
  double waiting_burden = 0;  // share of all waiting hours, 0..1
  bool bottleneck = false;
};

std::vector<DepartmentCentrality> department_centrality(const SweepResults& results, std::size_t point);

}  // namespace tiaokuai::analysis
