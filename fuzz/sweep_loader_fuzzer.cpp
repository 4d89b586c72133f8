// libFuzzer target: any bytes as a sweep file, next to a valid base scenario
// (base.yaml). Loading must either give a sweep or a ConfigError, never crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "experiments/sweep_spec.hpp"
#include "models/config_node.hpp"

namespace {

const std::filesystem::path& folder() {
  static const std::filesystem::path path = [] {
    const auto made = std::filesystem::temp_directory_path() / ("tiaokuai-sweep-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(made);
    std::ofstream(made / "base.yaml") << "run: {horizon_days: 10, warm_up_days: 1}\n"
                                         "departments: [{name: water, staff: 2}, {name: environment}]\n"
                                         "townships: [{name: east, communities: 2}]\n"
                                         "categories: [{name: leak, departments: [water]}]\n";
    return made;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = folder() / "sweep.yaml";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    const auto spec = tiaokuai::experiments::load_sweep(path.string());
    if (spec.points.size() > 100000) return 0;
  } catch (const tiaokuai::models::ConfigError&) {
  }
  return 0;
}
