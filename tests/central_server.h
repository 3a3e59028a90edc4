// Tests only: the suite's throwaway PostgreSQL server (tests/central/cluster.sh, the CTest
// fixture central_server) and a database of a test's own on it, with the central schema.
#pragma once
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include <doctest/doctest.h>

#include "central/central_api.h"
#include "central/pg.h"

namespace ess {

// The cluster's settings, from the env file cluster.sh wrote (ESS_CENTRAL_DIR names its folder).
inline std::map<std::string, std::string> ClusterEnv()
{
    std::map<std::string, std::string> env;
    const char* dir = std::getenv("ESS_CENTRAL_DIR");
    std::ifstream in(std::string(dir ? dir : "") + "/env");
    for (std::string line; std::getline(in, line);) {
        size_t eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
        env[line.substr(0, eq)] = value;
    }
    return env;
}

// The administrator's connection string to a database made fresh for the test, with the
// central schema.
inline std::string FreshDatabase(const std::string& name, int up_to = kCentralSchema)
{
    auto env = ClusterEnv();
    REQUIRE_MESSAGE(!env["ESS_PG_SOCKET"].empty(), "no test server: run through ctest (fixture central_server)");
    const std::string base = "host=" + env["ESS_PG_SOCKET"] + " port=" + env["ESS_PG_PORT"] + " user=postgres dbname=";
    pg::Connection admin;
    std::string error;
    pg::ConnectOptions options;
    options.Url = base + "postgres";
    REQUIRE_MESSAGE(admin.Open(options, error) == pg::Outcome::Ok, error);
    const auto deadline = pg::Clock::now() + std::chrono::seconds(30);
    REQUIRE_MESSAGE(admin.ExecScript("DROP DATABASE IF EXISTS " + name, deadline, error) == pg::Outcome::Ok, error);
    REQUIRE_MESSAGE(admin.ExecScript("CREATE DATABASE " + name, deadline, error) == pg::Outcome::Ok, error);
    pg::Connection conn;
    options.Url = base + name;
    REQUIRE_MESSAGE(conn.Open(options, error) == pg::Outcome::Ok, error);
    std::string report;
    REQUIRE_MESSAGE(InitCentral(conn, report, error, deadline, up_to), error);
    return options.Url;
}

} // namespace ess
