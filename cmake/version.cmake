# Writes the version header that every output carries as provenance. Run at
# every build (not only when CMake configures), so the git commit in
# manifests and results databases is the one actually built; "-dirty" marks
# uncommitted changes. configure_file rewrites the header only when its
# text changes, so an unchanged commit rebuilds nothing.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... -DPROJECT_VERSION=... -P version.cmake
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE TIAOKUAI_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(NOT TIAOKUAI_GIT_COMMIT)
  set(TIAOKUAI_GIT_COMMIT "unknown")
else()
  execute_process(
    COMMAND git diff --quiet HEAD --
    WORKING_DIRECTORY ${SOURCE_DIR}
    RESULT_VARIABLE dirty
    ERROR_QUIET)
  if(dirty)
    string(APPEND TIAOKUAI_GIT_COMMIT "-dirty")
  endif()
endif()
configure_file(${SOURCE_DIR}/sim/version.hpp.in ${OUTPUT} @ONLY)
