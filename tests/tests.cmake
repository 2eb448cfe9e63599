# Unit tests (cmocka): tests/unit/test_<name>.c -> ctest "unit/<name>".
if(NOT DEFINED KZ_SHARED_DIR)
	get_filename_component(KZ_SHARED_DIR ${CMAKE_SOURCE_DIR}/../shared ABSOLUTE)
endif()
set(KZ_TEST_ENV
	"KZ_SHARED_DIR=${KZ_SHARED_DIR}"
	"KZ_SOURCE_DIR=${CMAKE_SOURCE_DIR}"
	"KZ_BUILD_DIR=${CMAKE_BINARY_DIR}"
	"KUZET=$<TARGET_FILE:kuzet>"
	"ASAN_OPTIONS=detect_leaks=1:abort_on_error=1"
	"UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")

file(GLOB KZ_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${KZ_UNIT_TESTS})
	get_filename_component(base ${src} NAME_WE)
	string(REPLACE "test_" "" name ${base})
	add_executable(${base} ${src})
	target_include_directories(${base} PRIVATE ${CMAKE_SOURCE_DIR}/include
		${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
	target_link_libraries(${base} PRIVATE kz_server kz_app PkgConfig::CMOCKA)
	add_test(NAME unit/${name} COMMAND ${base})
	set_tests_properties(unit/${name} PROPERTIES LABELS unit TIMEOUT 300
		ENVIRONMENT "${KZ_TEST_ENV}")
endforeach()

# End-to-end runs of the binary: tests/cli/test_<name>.sh -> "cli/<name>".
file(GLOB KZ_CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/test_*.sh)
foreach(src ${KZ_CLI_TESTS})
	get_filename_component(base ${src} NAME_WE)
	string(REPLACE "test_" "" name ${base})
	add_test(NAME cli/${name} COMMAND bash ${src})
	set_tests_properties(cli/${name} PROPERTIES LABELS cli TIMEOUT 600
		ENVIRONMENT "${KZ_TEST_ENV}")
endforeach()

# Style: clang-format over the sources.
find_program(KZ_CLANG_FORMAT clang-format)
if(KZ_CLANG_FORMAT)
	add_test(NAME style/clang-format COMMAND sh -c
		"cd ${CMAKE_SOURCE_DIR} && ${KZ_CLANG_FORMAT} --dry-run -Werror src/*/*.c include/kuzet/*.h fuzz/*.c")
	set_tests_properties(style/clang-format PROPERTIES LABELS style)
endif()
