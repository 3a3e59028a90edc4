// Whole-or-nothing writes and the output checks of the organisers' tool.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include <csignal>

#include <sys/resource.h>
#include <sys/stat.h>

#include "storage/database.h"
#include "core/durable_file.h"
#include "storage/output_check.h"
#include "temp_dir.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {

std::string ReadAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

size_t FilesIn(const fs::path& dir)
{
    return (size_t)std::distance(fs::directory_iterator(dir), fs::directory_iterator());
}

} // namespace

TEST_CASE("a durable write replaces the file whole, or leaves it as it was")
{
    TempDir dir("durable");
    const std::string path = dir / "report.csv";
    std::string error;
    REQUIRE(WriteFileDurably(path, std::string("first\r\n"), error));
    CHECK(ReadAll(path) == "first\r\n");
    REQUIRE(WriteFileDurably(path, std::string("second\r\n"), error));
    CHECK(ReadAll(path) == "second\r\n");

    // A writer that gives up halfway: the old content stays, no temporary file is left.
    bool ok = WriteFileDurably(
        path,
        [](std::ostream& out, std::string& why) {
            out << "half of a thi";
            why = "the database went away";
            return false;
        },
        error);
    CHECK_FALSE(ok);
    CHECK(error == "the database went away");
    CHECK(ReadAll(path) == "second\r\n");
    CHECK(FilesIn(dir.Path) == 1);
}

TEST_CASE("a durable write on a full disk leaves the old file and no temporary one")
{
    TempDir dir("durable-full");
    const std::string path = dir / "votes.csv";
    std::string error;
    REQUIRE(WriteFileDurably(path, std::string("the old export\r\n"), error));
    // A file size limit fails writes past 4 KiB as a full disk would (EFBIG instead of ENOSPC).
    rlimit old_limit{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old_limit;
    small.rlim_cur = 4096;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    bool ok = WriteFileDurably(path, std::string(64 * 1024, 'x'), error);
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);
    CHECK_FALSE(ok);
    CHECK(error.find(path) != std::string::npos);
    CHECK(ReadAll(path) == "the old export\r\n");
    CHECK(FilesIn(dir.Path) == 1);
}

TEST_CASE("a durable write follows a link and keeps the replaced file's mode")
{
    TempDir dir("durable-link");
    const std::string real = dir / "real.csv", link = dir / "link.csv";
    std::string error;
    REQUIRE(WriteFileDurably(real, std::string("old"), error));
    ::chmod(real.c_str(), 0640);
    fs::create_symlink("real.csv", link);
    REQUIRE(WriteFileDurably(link, std::string("new"), error));
    CHECK(fs::is_symlink(link));
    CHECK(ReadAll(real) == "new");
    struct stat st {};
    REQUIRE(::stat(real.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(FilesIn(dir.Path) == 2);
}

TEST_CASE("a durable write into a folder that is not there says which folder")
{
    TempDir dir("durable-missing");
    std::string error;
    CHECK_FALSE(WriteFileDurably(dir / "gone/report.csv", std::string("x"), error));
    CHECK(error.find(dir / "gone") != std::string::npos);
    CHECK(error.find("cannot create") != std::string::npos);
}

TEST_CASE("an output that is an input by any path, or any database, is refused")
{
    TempDir dir("output-check");
    const std::string db_path = dir / "kiosk.db";
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(db_path, error));
    }
    fs::create_symlink("kiosk.db", dir / "link.db");
    fs::create_hard_link(db_path, dir / "hard.db");
    std::string error;
    for (const std::string& out : {db_path, dir / "link.db", dir / "hard.db", dir / "./kiosk.db"}) {
        CAPTURE(out);
        CHECK_FALSE(CheckOutputPath(out, {db_path}, OutputKind::Report, error));
        CHECK(error.find("is the input " + db_path + " itself") != std::string::npos);
        CHECK_FALSE(CheckOutputPath(out, {db_path}, OutputKind::Database, error));
    }
    CHECK_FALSE(CheckOutputPath(db_path + "-wal", {db_path}, OutputKind::Database, error));
    CHECK(error.find("-wal file") != std::string::npos);
    // Another database: never replaced by a report; merge decides for itself.
    CHECK_FALSE(CheckOutputPath(db_path, {dir / "other.db"}, OutputKind::Report, error));
    CHECK(error.find("is an SQLite database") != std::string::npos);
    CHECK(CheckOutputPath(db_path, {dir / "other.db"}, OutputKind::Database, error));
    // A new file, or an old report, is fine; a folder is not.
    CHECK(CheckOutputPath(dir / "new.csv", {db_path}, OutputKind::Report, error));
    REQUIRE(WriteFileDurably(dir / "old.csv", std::string("a,b\r\n"), error));
    CHECK(CheckOutputPath(dir / "old.csv", {db_path}, OutputKind::Report, error));
    CHECK_FALSE(CheckOutputPath(dir.Path.string(), {db_path}, OutputKind::Report, error));
    CHECK(error.find("is a folder") != std::string::npos);
}
