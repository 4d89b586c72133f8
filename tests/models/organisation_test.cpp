#include <doctest/doctest.h>

#include <boost/graph/adjacency_list.hpp>
#include <sstream>

#include "models/organisation.hpp"
#include "models/scenario_schema.hpp"

using namespace tiaokuai::models;

namespace {

Scenario small_scenario() {
  Scenario scenario;
  Department water;
  water.name = "water";
  water.kind = "water";
  water.travel_minutes = 50;
  water.stationed_staff = 4;
  Department environment;
  environment.name = "environment";
  environment.kind = "environment";
  scenario.departments = {water, environment};
  Township east;
  east.name = "east";
  east.communities = 3;
  Township west;
  west.name = "west";
  west.communities = 2;
  west.travel_minutes = 10;
  scenario.townships = {east, west};
  Category flood;
  flood.name = "flood";
  flood.departments = {"environment", "water"};
  Category leak;
  leak.name = "leak";
  leak.departments = {"water"};
  scenario.categories = {flood, leak};
  return scenario;
}

}  // namespace

TEST_CASE("the organisation graph has every agent and link of the scenario") {
  const Organisation organisation(small_scenario());
  const OrganisationGraph& graph = organisation.graph();
  // 1 county + 2 departments + 2 townships + 5 communities + 2 categories.
  CHECK(boost::num_vertices(graph) == 12);
  // command 4 + membership 5 + channel 2x2 + jurisdiction 3.
  CHECK(boost::num_edges(graph) == 16);
  CHECK(organisation.community_count() == 5);
  CHECK(graph[organisation.community(0, 2)].name == "east/3");
  CHECK(graph[organisation.department(1)].kind == NodeKind::department);
  CHECK(boost::out_degree(organisation.township(1), graph) == 2);  // its communities
}

TEST_CASE("jurisdiction routes a category to its departments in the scenario's order") {
  const Organisation organisation(small_scenario());
  CHECK(organisation.jurisdiction(0, 0) == std::vector<std::size_t>{1, 0});
  CHECK(organisation.jurisdiction(1, 0) == std::vector<std::size_t>{0});
}

TEST_CASE("channels carry travel time (department's plus township's) and stationed teams") {
  const Organisation organisation(small_scenario());
  CHECK(organisation.channel(0, 1).travel_minutes == 60);
  CHECK(organisation.channel(0, 1).stationed_teams == doctest::Approx(2.0));
  CHECK(organisation.channel(1, 0).stationed_teams == 0);
}

TEST_CASE("the organisation writes as GraphViz") {
  const Organisation organisation(small_scenario());
  std::ostringstream dot;
  organisation.write_graphviz(dot);
  CHECK(dot.str().find("digraph G {") == 0);
  CHECK(dot.str().find("label=water, kind=department") != std::string::npos);
  CHECK(dot.str().find("kind=channel, travel_minutes=60, stationed=2") != std::string::npos);
}

TEST_CASE("the bundled default scenario builds into a graph") {
  const Scenario scenario = load_scenario(std::string(TIAOKUAI_SCENARIO_DIR) + "/w-county.yaml");
  const Organisation organisation(scenario);
  CHECK(boost::num_vertices(organisation.graph()) ==
        1 + scenario.departments.size() + scenario.townships.size() + organisation.community_count() + scenario.categories.size());
  for (std::size_t c = 0; c < scenario.categories.size(); ++c) {
    CHECK(organisation.jurisdiction(c, 0).size() == scenario.categories[c].departments.size());
  }
}
