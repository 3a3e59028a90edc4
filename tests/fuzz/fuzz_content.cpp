// libFuzzer target for the content loader (ess::LoadContent, then the dump): the real content
// folder with one of its files replaced by the input. The first byte picks the file ('0' the
// first in path order, '1' the next...), the rest is its new text.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <signal.h>
#include <unistd.h>

#include "content/loader.h"
#include "scratch.h"

namespace fs = std::filesystem;

namespace {

// The content is copied once per process; each input overwrites one file and puts it back
// afterwards, so every input meets the real content with exactly one file changed and inputs
// never depend on one another.
struct ContentCopy {
    fs::path Dir;
    std::vector<fs::path> Files;        // relative to Dir, in path order
    std::vector<std::string> Originals; // each file's bytes, to restore it
};
ContentCopy Work;

void RemoveCopy()
{
    std::error_code ec;
    fs::remove_all(Work.Dir, ec);
}

void WriteFile(const fs::path& path, const char* bytes, size_t size)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes, static_cast<std::streamsize>(size));
    if (!out) {
        std::fprintf(stderr, "fuzz_content: cannot write %s\n", path.c_str());
        std::exit(1);
    }
}

void Require(bool condition, const char* promise)
{
    if (condition) return;
    std::fprintf(stderr, "fuzz_content: broken promise: %s\n", promise);
    std::abort();
}

// What loader.h promises the rest of the kiosk once a load is usable: ballots key on lever ids,
// the mutations screen needs at least one mutation.
void CheckUsable(const ess::Content& content)
{
    Require(!content.Mutations.empty(), "usable content has at least one mutation");
    std::set<std::string> lever_ids;
    for (const ess::Axis& axis : content.Act.Axes)
        for (const ess::Lever& lever : axis.Levers) {
            Require(!lever.Id.empty(), "every lever of usable content has an id");
            Require(lever_ids.insert(lever.Id).second, "lever ids of usable content are unique");
        }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Work.Dir = fuzz::MakeScratchDir("content");
    std::atexit(RemoveCopy);
    std::error_code ec;
    fs::copy(ESS_FUZZ_CONTENT_DIR, Work.Dir, fs::copy_options::recursive, ec);
    if (ec) {
        std::fprintf(stderr, "fuzz_content: cannot copy %s: %s\n", ESS_FUZZ_CONTENT_DIR, ec.message().c_str());
        std::exit(1);
    }
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(Work.Dir))
        if (entry.is_regular_file()) Work.Files.push_back(fs::relative(entry.path(), Work.Dir));
    std::sort(Work.Files.begin(), Work.Files.end());
    for (const fs::path& file : Work.Files) {
        std::ifstream in(Work.Dir / file, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        Work.Originals.push_back(bytes.str());
    }
    if (Work.Files.empty()) {
        std::fprintf(stderr, "fuzz_content: no file in %s\n", ESS_FUZZ_CONTENT_DIR);
        std::exit(1);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) return 0;
    size_t index = static_cast<unsigned char>(data[0] - '0') % Work.Files.size();
    const fs::path path = Work.Dir / Work.Files[index];
    WriteFile(path, reinterpret_cast<const char*>(data + 1), size - 1);

    ess::ContentLoad load = ess::LoadContent(Work.Dir.string(), ESS_FUZZ_ASSETS_DIR);
    for (const ess::ContentProblem& p : load.Problems) Require(!p.Format().empty(), "every problem can be printed");
    if (load.Usable()) {
        CheckUsable(load.Data);
        std::vector<std::string> strings = ess::AllVisibleStrings(load.Data);
        std::string dump = ess::DumpContent(load.Data);
        Require(!strings.empty() && !dump.empty(), "usable content has something to read");
    }

    WriteFile(path, Work.Originals[index].data(), Work.Originals[index].size());
    return 0;
}
