# ReportSize.cmake: strips copies of the runtime artifacts and prints sizes.
# Run by the nnc_runtime_size target; see CMakeLists.txt next to it.

file(MAKE_DIRECTORY ${WORK_DIR})

function(stripped_size file out)
  get_filename_component(name ${file} NAME)
  set(copy ${WORK_DIR}/${name})
  execute_process(COMMAND ${STRIP} --strip-unneeded -o ${copy} ${file}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "strip failed on ${file}")
  endif()
  file(SIZE ${copy} size)
  set(${out} ${size} PARENT_SCOPE)
endfunction()

stripped_size(${SHARED} shared)
stripped_size(${ARCHIVE} archive)
stripped_size(${PROBE} probe)
stripped_size(${BASELINE} baseline)
math(EXPR delta "${probe} - ${baseline}")
message(STATUS "libnnc_runtime.so, stripped:           ${shared} bytes")
message(STATUS "libnnc_runtime.a, stripped:            ${archive} bytes")
message(STATUS "minimal program, stripped:             ${probe} bytes")
message(STATUS "same program without the runtime:      ${baseline} bytes")
message(STATUS "runtime's contribution to the program: ${delta} bytes")
