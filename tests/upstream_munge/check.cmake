# check.cmake - extracts the upstream tarball and runs the idempotence check
# on the goldens of 0000-Basic 0001-0100, 3400-plaintext, 3550-dovecot and
# 3900-Dovecot. -DTARBALL= -DWORK= -DTOOL=
if(NOT EXISTS "${TARBALL}")
  message(FATAL_ERROR "upstream tarball not found: ${TARBALL} "
                      "(set HARNESS_UPSTREAM_TARBALL to Exim 4.99.1's tarball)")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND ${CMAKE_COMMAND} -E tar xzf "${TARBALL}"
                WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot extract ${TARBALL} (${rc})")
endif()
file(GLOB test_dirs "${WORK}/*/test")
list(LENGTH test_dirs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "${TARBALL}: expected one */test directory, found ${n}")
endif()
execute_process(COMMAND "${TOOL}" ${test_dirs} 0000-Basic:1-100 3400-plaintext 3550-dovecot 3900-Dovecot
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "upstream goldens change when munged again (see above)")
endif()
