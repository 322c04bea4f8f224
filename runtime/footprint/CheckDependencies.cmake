# CheckDependencies.cmake: fails if the runtime needs the C++ runtime library.
# The archive may only import C symbols (and its own nnc:: functions), and
# the linked binaries must not list libstdc++ as a needed library.

execute_process(COMMAND ${NM} -u --format=just-symbols ${ARCHIVE}
                OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${ARCHIVE}")
endif()
string(REGEX MATCHALL "[^\n]+" symbols "${undefined}")
foreach(symbol ${symbols})
  if(symbol MATCHES "^(_Z|__cxa_|__gxx_|_Unwind)" AND
     NOT symbol MATCHES "^_ZN3nnc")
    list(APPEND bad ${symbol})
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "runtime imports C++ runtime symbols: ${bad}")
endif()

foreach(binary ${BINARIES})
  execute_process(COMMAND ${READELF} -d ${binary} OUTPUT_VARIABLE dynamic)
  if(dynamic MATCHES "libstdc\\+\\+|libc\\+\\+")
    message(FATAL_ERROR "${binary} needs a C++ runtime library")
  endif()
endforeach()
message(STATUS "runtime depends on libc and libm only")
