# The central PostgreSQL server, end to end: a throwaway cluster for the run (a CTest fixture,
# stopped even when a test fails), then the kiosk's --sync and ess-tally's central commands
# against it, and ess_central's own tests (unit_central). tests/central/*.sh say what each proves.
set(CENTRAL_CLUSTER ${CMAKE_BINARY_DIR}/central)
set(CENTRAL_SCRIPTS ${CMAKE_CURRENT_SOURCE_DIR}/central)
add_test(NAME central_cluster_start COMMAND ${CENTRAL_SCRIPTS}/cluster.sh start ${CENTRAL_CLUSTER} fast)
add_test(NAME central_cluster_stop COMMAND ${CENTRAL_SCRIPTS}/cluster.sh stop ${CENTRAL_CLUSTER})
set_tests_properties(central_cluster_start PROPERTIES FIXTURES_SETUP central_server LABELS central)
set_tests_properties(central_cluster_stop PROPERTIES FIXTURES_CLEANUP central_server LABELS central)

# init runs first: the cluster-wide roles (ess_organiser, ess_kiosk) are then made once (the
# migration also copes with two inits racing to make them, as unit_central's may).
add_test(NAME central_init_upgrade_refusals COMMAND ${CENTRAL_SCRIPTS}/init.sh ${CENTRAL_CLUSTER} ${CMAKE_BINARY_DIR})
set_tests_properties(central_init_upgrade_refusals PROPERTIES FIXTURES_REQUIRED central_server FIXTURES_SETUP central_roles
    LABELS central)
set(CENTRAL_TESTS)
foreach(script sync_three roles visits tls_and_down concurrent sigkill frozen)
    add_test(NAME central_${script} COMMAND ${CENTRAL_SCRIPTS}/${script}.sh ${CENTRAL_CLUSTER} ${CMAKE_BINARY_DIR})
    list(APPEND CENTRAL_TESTS central_${script})
endforeach()
set_tests_properties(${CENTRAL_TESTS} PROPERTIES FIXTURES_REQUIRED "central_server;central_roles" LABELS central TIMEOUT 300)
# It freezes the whole server: nothing else may use it meanwhile.
set_tests_properties(central_frozen PROPERTIES RUN_SERIAL ON)

add_executable(unit_central test_central.cpp $<TARGET_OBJECTS:doctest_main>)
target_link_libraries(unit_central PRIVATE ess_central doctest::doctest)
doctest_discover_tests(unit_central TEST_PREFIX "central: " PROPERTIES LABELS central
    FIXTURES_REQUIRED central_server ENVIRONMENT ESS_CENTRAL_DIR=${CENTRAL_CLUSTER})
add_dependencies(unit_tests unit_central)

# The kiosk's upload worker on that server: the visit log never holds the ballots back.
add_executable(unit_upload_central test_upload_central.cpp $<TARGET_OBJECTS:doctest_main>)
target_link_libraries(unit_upload_central PRIVATE ess_session doctest::doctest)
doctest_discover_tests(unit_upload_central TEST_PREFIX "central worker: " PROPERTIES LABELS central
    FIXTURES_REQUIRED central_server ENVIRONMENT ESS_CENTRAL_DIR=${CENTRAL_CLUSTER})
add_dependencies(unit_tests unit_upload_central)

# The kiosk's own upload worker, on a cluster of its own that it stops and freezes.
add_test(NAME central_kiosk_worker COMMAND ${CENTRAL_SCRIPTS}/kiosk_worker.sh ${CMAKE_BINARY_DIR})
set_tests_properties(central_kiosk_worker PROPERTIES LABELS central TIMEOUT 300)
