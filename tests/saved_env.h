// An environment variable set by a test and put back as it was afterwards: the other test cases
// of the same process read the same environment.
#pragma once
#include <cstdlib>
#include <string>

struct SavedVariable {
    std::string Name, Value;
    bool Set = false;
    explicit SavedVariable(const char* name) : Name(name)
    {
        if (const char* v = std::getenv(name)) Value = v, Set = true;
    }
    ~SavedVariable() { Set ? setenv(Name.c_str(), Value.c_str(), 1) : unsetenv(Name.c_str()); }
};
