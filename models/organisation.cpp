#include "models/organisation.hpp"

#include <algorithm>
#include <boost/graph/graphviz.hpp>
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

namespace {

// Each entity's district as an index; `no_district` for none.
std::size_t district_index(const std::vector<std::string>& districts, const std::string& district) {
  return static_cast<std::size_t>(std::find(districts.begin(), districts.end(), district) - districts.begin());
}

}  // namespace

Organisation::Organisation(const Scenario& scenario) {
  const std::vector<std::string>& districts = scenario.city.districts;
  no_district_ = districts.size();
  county_ = boost::add_vertex(OrganisationNode{NodeKind::county, districts.empty() ? "county" : "city", 0}, graph_);
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    const Department& department = scenario.departments[d];
    departments_.push_back(boost::add_vertex(OrganisationNode{NodeKind::department, department.name, d}, graph_));
    boost::add_edge(county_, departments_.back(), OrganisationLink{LinkKind::command}, graph_);
    department_district_.push_back(district_index(districts, department.district));
  }
  for (std::size_t t = 0; t < scenario.townships.size(); ++t) {
    const Township& township = scenario.townships[t];
    townships_.push_back(boost::add_vertex(OrganisationNode{NodeKind::township, township.name, t}, graph_));
    boost::add_edge(county_, townships_.back(), OrganisationLink{LinkKind::command}, graph_);
    township_district_.push_back(district_index(districts, township.district));
    communities_.emplace_back();
    for (int j = 0; j < township.communities; ++j) {
      const std::string name = township.name + "/" + std::to_string(j + 1);
      communities_.back().push_back(boost::add_vertex(OrganisationNode{NodeKind::community, name, community_total_++}, graph_));
      boost::add_edge(townships_.back(), communities_.back().back(), OrganisationLink{LinkKind::membership}, graph_);
    }
  }
  channels_.assign(scenario.departments.size() * scenario.townships.size(), OrganisationGraph::edge_descriptor{});
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    const Department& department = scenario.departments[d];
    std::vector<std::size_t> served;
    for (std::size_t t = 0; t < scenario.townships.size(); ++t) {
      if (serves(d, t)) served.push_back(t);
    }
    for (std::size_t s = 0; s < served.size(); ++s) {
      const std::size_t t = served[s];
      // Stationed teams go one each to the townships it serves in turn (as the model places them).
      const auto count = static_cast<std::size_t>(department.stationed_staff);
      const double stationed = static_cast<double>(count / served.size() + (s < count % served.size() ? 1 : 0));
      const OrganisationLink channel{LinkKind::channel, department.travel_minutes + scenario.townships[t].travel_minutes, stationed};
      channels_[d * townships_.size() + t] = boost::add_edge(departments_[d], townships_[t], channel, graph_).first;
    }
  }
  for (std::size_t c = 0; c < scenario.categories.size(); ++c) {
    const Category& category = scenario.categories[c];
    categories_.push_back(boost::add_vertex(OrganisationNode{NodeKind::category, category.name, c}, graph_));
    for (const std::string& kind : category.departments) {
      bool found = false;
      for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
        if (scenario.departments[d].kind != kind) continue;
        boost::add_edge(departments_[d], categories_.back(), OrganisationLink{LinkKind::jurisdiction}, graph_);
        found = true;
      }
      if (!found) throw std::invalid_argument("category '" + category.name + "' names unknown department '" + kind + "'");
    }
  }
  // Routing reads the jurisdiction edges back from the graph, and orders
  // each district's holders as the category lists their kinds.
  for (std::size_t c = 0; c < categories_.size(); ++c) {
    std::vector<std::size_t> holders;
    for (const auto edge : boost::make_iterator_range(boost::in_edges(categories_[c], graph_))) {
      if (graph_[edge].kind == LinkKind::jurisdiction) holders.push_back(graph_[boost::source(edge, graph_)].index);
    }
    std::vector<std::vector<std::size_t>>& by_district = jurisdiction_.emplace_back(no_district_ + 1);
    for (std::size_t k = 0; k <= no_district_; ++k) {
      for (const std::string& kind : scenario.categories[c].departments) {
        std::size_t chosen = departments_.size();
        for (const std::size_t d : holders) {
          if (scenario.departments[d].kind != kind) continue;
          if (department_district_[d] == k) chosen = d;  // the district's own first
          if (department_district_[d] == no_district_ && chosen == departments_.size()) chosen = d;
        }
        if (chosen < departments_.size()) by_district[k].push_back(chosen);
      }
    }
  }
  serving_.resize(no_district_ + 1);
  for (std::size_t k = 0; k <= no_district_; ++k) {
    for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
      if (department_district_[d] == no_district_ || department_district_[d] == k) serving_[k].push_back(d);
    }
  }
  district_government_.assign(no_district_ + 1, npos);
  for (std::size_t k = 0; k <= no_district_; ++k) {
    for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
      if (scenario.departments[d].kind != "district_government") continue;
      if (department_district_[d] == k) district_government_[k] = d;
      if (department_district_[d] == no_district_ && district_government_[k] == npos) district_government_[k] = d;
    }
  }
}

bool Organisation::serves(std::size_t d, std::size_t t) const {
  return department_district_[d] == no_district_ || department_district_[d] == township_district_[t];
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
