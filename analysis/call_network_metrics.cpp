#include "analysis/call_network_metrics.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <map>

namespace tiaokuai::analysis {

std::vector<double> betweenness_centrality(std::size_t vertices, const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                                           const std::vector<double>& lengths) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                      boost::property<boost::edge_weight_t, double>>;
  Graph graph(vertices);
  for (std::size_t e = 0; e < edges.size(); ++e) {
    boost::add_edge(edges[e].first, edges[e].second, lengths.empty() ? 1.0 : lengths[e], graph);
  }
  std::vector<double> centrality(vertices, 0.0);
  const auto centrality_map = boost::make_iterator_property_map(centrality.begin(), boost::get(boost::vertex_index, graph));
  if (lengths.empty()) {
    boost::brandes_betweenness_centrality(graph, boost::centrality_map(centrality_map));
  } else {
    boost::brandes_betweenness_centrality(graph, boost::centrality_map(centrality_map).weight_map(boost::get(boost::edge_weight, graph)));
  }
  return centrality;
}

std::vector<DepartmentCentrality> department_centrality(const SweepResults& results, std::size_t point) {
  std::map<std::string, std::size_t> townships, departments;
  for (const CallNetworkCell& cell : results.call_network[point]) {
    townships.emplace(cell.township, townships.size());
    departments.emplace(cell.department, departments.size());
  }
  // Vertices: townships first, then departments.
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  std::vector<double> lengths;  // 1 / calls: a busy channel is a short one
  std::vector<DepartmentCentrality> rows(departments.size());
  std::vector<double> reports(departments.size(), 0.0), response_sum(departments.size(), 0.0), refusals(departments.size(), 0.0);
  for (const auto& [name, d] : departments) rows[d].department = name;
  const double runs = std::max(1, results.replications);
  for (const CallNetworkCell& cell : results.call_network[point]) {
    const std::size_t d = departments.at(cell.department);
    edges.emplace_back(townships.at(cell.township), townships.size() + d);
    lengths.push_back(1.0 / std::max(cell.calls, 1e-9));
    rows[d].calls_per_run += cell.calls / runs;
    rows[d].degree += 1;
    reports[d] += cell.reports;
    response_sum[d] += cell.response_hours_sum;
    refusals[d] += cell.refusals;
  }
  const std::vector<double> centrality = betweenness_centrality(townships.size() + departments.size(), edges, lengths);
  double waiting_total = 0;
  for (std::size_t d = 0; d < rows.size(); ++d) {
    rows[d].mean_response_hours = reports[d] > 0 ? response_sum[d] / reports[d] : 0.0;
    rows[d].refusal_share = rows[d].calls_per_run > 0 ? refusals[d] / runs / rows[d].calls_per_run : 0.0;
    rows[d].betweenness = centrality[townships.size() + d];
    waiting_total += response_sum[d];
  }
  for (std::size_t d = 0; d < rows.size(); ++d) rows[d].waiting_burden = waiting_total > 0 ? response_sum[d] / waiting_total : 0.0;
  std::vector<std::size_t> order(rows.size());
  for (std::size_t d = 0; d < order.size(); ++d) order[d] = d;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows[a].waiting_burden > rows[b].waiting_burden; });
  for (std::size_t k = 0; k < std::min<std::size_t>(2, order.size()); ++k) rows[order[k]].bottleneck = true;
  return rows;
}

}  // namespace tiaokuai::analysis
