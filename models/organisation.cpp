#include "models/organisation.hpp"

#include <boost/graph/graphviz.hpp>
#include <map>
#include <ostream>
#include <stdexcept>

namespace tiaokuai::models {
namespace {

const char* kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::county: return "county";
    case NodeKind::department: return "department";
    case NodeKind::township: return "township";
    case NodeKind::community: return "community";
    case NodeKind::category: return "category";
  }
  return "";
}

const char* link_name(LinkKind kind) {
  switch (kind) {
    case LinkKind::command: return "command";
    case LinkKind::membership: return "membership";
    case LinkKind::jurisdiction: return "jurisdiction";
    case LinkKind::channel: return "channel";
  }
  return "";
}

}  // namespace

Organisation::Organisation(const Scenario& scenario) {
  county_ = boost::add_vertex(OrganisationNode{NodeKind::county, "county", 0}, graph_);
  std::map<std::string, std::size_t> department_index;
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    const Department& department = scenario.departments[d];
    departments_.push_back(boost::add_vertex(OrganisationNode{NodeKind::department, department.name, d}, graph_));
    boost::add_edge(county_, departments_.back(), OrganisationLink{LinkKind::command}, graph_);
    department_index[department.name] = d;
  }
  for (std::size_t t = 0; t < scenario.townships.size(); ++t) {
    const Township& township = scenario.townships[t];
    townships_.push_back(boost::add_vertex(OrganisationNode{NodeKind::township, township.name, t}, graph_));
    boost::add_edge(county_, townships_.back(), OrganisationLink{LinkKind::command}, graph_);
    communities_.emplace_back();
    for (int j = 0; j < township.communities; ++j) {
      const std::string name = township.name + "/" + std::to_string(j + 1);
      communities_.back().push_back(boost::add_vertex(OrganisationNode{NodeKind::community, name, community_total_++}, graph_));
      boost::add_edge(townships_.back(), communities_.back().back(), OrganisationLink{LinkKind::membership}, graph_);
    }
  }
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    const Department& department = scenario.departments[d];
    for (std::size_t t = 0; t < scenario.townships.size(); ++t) {
      // Stationed teams go one each to the townships in turn (as the model places them).
      const auto count = static_cast<std::size_t>(department.stationed_staff);
      const double stationed = static_cast<double>(count / scenario.townships.size() + (t < count % scenario.townships.size() ? 1 : 0));
      const OrganisationLink channel{LinkKind::channel, department.travel_minutes + scenario.townships[t].travel_minutes, stationed};
      channels_.push_back(boost::add_edge(departments_[d], townships_[t], channel, graph_).first);
    }
  }
  for (std::size_t c = 0; c < scenario.categories.size(); ++c) {
    const Category& category = scenario.categories[c];
    categories_.push_back(boost::add_vertex(OrganisationNode{NodeKind::category, category.name, c}, graph_));
    for (const std::string& name : category.departments) {
      const auto found = department_index.find(name);
      if (found == department_index.end()) {
        throw std::invalid_argument("category '" + category.name + "' names unknown department '" + name + "'");
      }
      boost::add_edge(departments_[found->second], categories_.back(), OrganisationLink{LinkKind::jurisdiction}, graph_);
    }
  }
  // Routing reads the jurisdiction edges back from the graph (in insertion
  // order, which is the scenario's order).
  for (const OrganisationVertex category : categories_) {
    std::vector<std::size_t> holders;
    for (const auto edge : boost::make_iterator_range(boost::in_edges(category, graph_))) {
      if (graph_[edge].kind == LinkKind::jurisdiction) holders.push_back(graph_[boost::source(edge, graph_)].index);
    }
    jurisdiction_.push_back(std::move(holders));
  }
}

const OrganisationLink& Organisation::channel(std::size_t d, std::size_t t) const {
  return graph_[channels_[d * townships_.size() + t]];
}

void Organisation::write_graphviz(std::ostream& out) const {
  boost::write_graphviz(
      out, graph_,
      [this](std::ostream& o, OrganisationVertex v) {
        o << "[label=" << boost::escape_dot_string(graph_[v].name) << ", kind=" << kind_name(graph_[v].kind) << "]";
      },
      [this](std::ostream& o, OrganisationGraph::edge_descriptor e) {
        const OrganisationLink& link = graph_[e];
        o << "[kind=" << link_name(link.kind);
        if (link.kind == LinkKind::channel) o << ", travel_minutes=" << link.travel_minutes << ", stationed=" << link.stationed_teams;
        o << "]";
      });
}

}  // namespace tiaokuai::models
