# check_exim_results.cmake - the fixture around the numbered tests of one Exim
# (see tests/CMakeLists.txt). Every such test writes its JUnit report to
# RESULTS/NNNN[-real].xml.
#   -DMODE=reset   empty RESULTS (the fixture's setup)
#   -DMODE=check   fail unless at least one report shows a test that was not
#                  skipped (the fixture's cleanup, after the tests): an Exim
#                  whose every test skipped has been tested for nothing.
if(MODE STREQUAL "reset")
  file(REMOVE_RECURSE "${RESULTS}")
  file(MAKE_DIRECTORY "${RESULTS}")
  return()
endif()
file(GLOB reports "${RESULTS}/*.xml")
set(ran 0)
set(skipped 0)
set(reasons "")
foreach(report ${reports})
  file(READ "${report}" xml)
  if(xml MATCHES "<skipped message=\"([^\"]*)\"")
    math(EXPR skipped "${skipped} + 1")
    get_filename_component(name "${report}" NAME_WE)
    string(APPEND reasons "\n  ${name}: ${CMAKE_MATCH_1}")
  elseif(xml MATCHES "<testcase ")
    math(EXPR ran "${ran} + 1")
  endif()
endforeach()
if(ran EQUAL 0)
  message(FATAL_ERROR "Exim ${EXIM}: none of its tests ran (${skipped} skipped, "
                      "no report in ${RESULTS} otherwise); skip reasons:${reasons}")
endif()
message(STATUS "Exim ${EXIM}: ${ran} test(s) ran, ${skipped} skipped")
