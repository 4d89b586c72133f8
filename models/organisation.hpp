#pragma once
// Organisation: the county's structure as a Boost.Graph, built from a
// validated Scenario.
//
// Vertices: the county, each department (tiao), each township (kuai), each
// community, and each issue category. Edges:
//   command      county -> department, county -> township
//   membership   township -> community
//   jurisdiction department -> category (all must act on an issue of it)
//   channel      department -> township: the call/report channel, with the
//                travel time (the department's own plus the township's
//                distance from the county seat) and its teams stationed there
// The model routes calls through the jurisdiction edges and reports the
// realised call network over the channel edges.

#include <boost/graph/adjacency_list.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace tiaokuai::models {

enum class NodeKind { county, department, township, community, category };
enum class LinkKind { command, membership, jurisdiction, channel };

struct OrganisationNode {
  NodeKind kind = NodeKind::county;
  std::string name;
  std::size_t index = 0;  // position among the scenario's entities of its kind
};

struct OrganisationLink {
  LinkKind kind = LinkKind::command;
  double travel_minutes = 0;   // channel: department to township, without a stationed team
  double stationed_teams = 0;  // channel: department teams stationed in the township
};

using OrganisationGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, OrganisationNode,
                                                OrganisationLink>;
using OrganisationVertex = OrganisationGraph::vertex_descriptor;

class Organisation {
 public:
  explicit Organisation(const Scenario& scenario);

  const OrganisationGraph& graph() const { return graph_; }
  OrganisationVertex county() const { return county_; }
  OrganisationVertex department(std::size_t d) const { return departments_[d]; }
  OrganisationVertex township(std::size_t t) const { return townships_[t]; }
  OrganisationVertex category(std::size_t c) const { return categories_[c]; }
  // Community j of township t.
  OrganisationVertex community(std::size_t t, std::size_t j) const { return communities_[t][j]; }
  std::size_t community_count() const { return community_total_; }

  // Departments (scenario indices) holding jurisdiction over category c, in
  // the order the scenario lists them; the first is the lead when the
  // lead-department lever is on. Computed once from the jurisdiction edges.
  const std::vector<std::size_t>& jurisdiction(std::size_t c) const { return jurisdiction_[c]; }

  // The channel edge between department d and township t.
  const OrganisationLink& channel(std::size_t d, std::size_t t) const;

  // GraphViz (dot) text of the whole organisation.
  void write_graphviz(std::ostream& out) const;

 private:
  OrganisationGraph graph_;
  OrganisationVertex county_{};
  std::vector<OrganisationVertex> departments_;
  std::vector<OrganisationVertex> townships_;
  std::vector<OrganisationVertex> categories_;
  std::vector<std::vector<OrganisationVertex>> communities_;
  std::size_t community_total_ = 0;
  std::vector<std::vector<std::size_t>> jurisdiction_;
  std::vector<OrganisationGraph::edge_descriptor> channels_;  // d * townships + t
};

}  // namespace tiaokuai::models
