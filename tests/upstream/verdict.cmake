# One upstream test run by our runtest on upstream's own tree and test-suite
# binary, its verdict compared with upstream runtest's recorded verdict
# (tests/upstream/verdicts-4.99.1-openssl.tsv). Passes when they agree.
#   -DRUNTEST= -DTREE=<exim-4.99.1> -DTEST=NNNN -DEXPECT=pass|fail -DNOTE=...
set(exim "${TREE}/src/build-openssl/exim")
foreach(path "${exim}" "${TREE}/test/bin/fakens")
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "${path} does not exist: build the upstream tree first (tools/upstream-runtest --build-only)")
  endif()
endforeach()
# A test upstream fails too fails here as expected: its run directory is not
# kept (each ctest run would leave another one in the work root).
set(keep)
if(EXPECT STREQUAL "fail")
  set(keep --no-keep)
endif()
execute_process(COMMAND "${RUNTEST}" --exim "${exim}" --caller exbuild --source-dir "${TREE}/test" --color=never ${keep} "${TEST}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 600)
if(rc EQUAL 0)
  set(ours pass)
elseif(rc EQUAL 1 AND out MATCHES "(^|\n)${TEST}[^\n]* FAIL ")
  set(ours fail)
else()
  message(FATAL_ERROR "runtest ${TEST}: neither a pass nor a fail (exit ${rc}):\n${out}${err}")
endif()
if(NOT ours STREQUAL EXPECT)
  message(FATAL_ERROR "verdicts differ for ${TEST}: upstream runtest ${EXPECT}, ours ${ours}\n${out}${err}")
endif()
message(STATUS "${TEST}: ours ${ours}, upstream ${EXPECT} ${NOTE}")
