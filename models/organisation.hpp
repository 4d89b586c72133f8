#pragma once
// Organisation: the county's structure as a Boost.Graph, built from a
// validated Scenario.
//
// Vertices: the county (or city), each department (tiao), each township
// (kuai, or a city's street), each community, and each issue category. A
// city's departments and townships belong to districts (Scenario::city);
// a district's departments serve only its townships. Edges:
//   command      county -> department, county -> township
//   membership   township -> community
//   jurisdiction department -> category: of the kinds the category lists
//                (all must act on an issue of it)
//   channel      department -> township it serves: the call/report channel, with the
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
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  explicit Organisation(const Scenario& scenario);

  const OrganisationGraph& graph() const { return graph_; }
  OrganisationVertex county() const { return county_; }
  OrganisationVertex department(std::size_t d) const { return departments_[d]; }
  OrganisationVertex township(std::size_t t) const { return townships_[t]; }
  OrganisationVertex category(std::size_t c) const { return categories_[c]; }
  // Community j of township t.
  OrganisationVertex community(std::size_t t, std::size_t j) const { return communities_[t][j]; }
  std::size_t community_count() const { return community_total_; }

  // Departments (scenario indices) holding jurisdiction over category c in
  // township t, in the order the category lists their kinds: for each kind,
  // the department of that kind in t's district, else the city-level one.
  // The first is the lead when the lead-department lever is on. Computed
  // once per district from the jurisdiction edges.
  const std::vector<std::size_t>& jurisdiction(std::size_t c, std::size_t t) const {
    return jurisdiction_[c][township_district_[t]];
  }

  // The district government serving township t (the department of kind
  // district_government in its district, else at city level), which takes
  // the issues whose owner is unclear; npos if there is none.
  std::size_t district_government(std::size_t t) const { return district_government_[township_district_[t]]; }

  // Whether department d serves township t: a city-level (or county)
  // department serves every township, a district's only its district's.
  bool serves(std::size_t d, std::size_t t) const;

  // The departments serving township t, in scenario order (where a
  // misrouted call may land).
  const std::vector<std::size_t>& serving(std::size_t t) const { return serving_[township_district_[t]]; }

  // The channel edge between department d and a township t it serves.
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
  // District indices: 0 .. districts - 1, and one more for "no district".
  std::vector<std::size_t> township_district_, department_district_;
  std::size_t no_district_ = 0;
  std::vector<std::vector<std::vector<std::size_t>>> jurisdiction_;  // [category][district]
  std::vector<std::size_t> district_government_;                     // [district]
  std::vector<std::vector<std::size_t>> serving_;                    // [district]: departments serving it
  std::vector<OrganisationGraph::edge_descriptor> channels_;          // d * townships + t; served pairs only
};

}  // namespace tiaokuai::models
