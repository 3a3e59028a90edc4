// The headless script language.
#include <doctest/doctest.h>

#include "core/script.h"

using namespace ess;

TEST_CASE("every command parses")
{
    std::vector<ScriptCommand> c;
    ScriptError e;
    REQUIRE(ParseScript("# tour\n"
                        "tap \"Touchez l'écran\"\n"
                        "tap 10 20\n"
                        "drag 1 2 3 4\n"
                        "drag 1 2 3 4 500\n"
                        "swipe left\n"
                        "key Escape\n"
                        "wait 250\n"
                        "shot welcome\n"
                        "expect screen mutation\n"
                        "expect text \"Un \\\"futur\\\"\"\n"
                        "quit\n",
                        c, e));
    REQUIRE(c.size() == 11);
    CHECK(c[0].Type == ScriptCommand::TapLabel);
    CHECK(c[0].Text == "Touchez l'écran");
    CHECK(c[0].Line == 2);
    CHECK(c[1].Type == ScriptCommand::TapAt);
    CHECK(c[2].Milliseconds == 300);
    CHECK(c[3].Milliseconds == 500);
    CHECK(c[4].Direction == -1);
    CHECK(c[6].Milliseconds == 250);
    CHECK(c[9].Text == "Un \"futur\"");
    CHECK(c[10].Type == ScriptCommand::Quit);
}

TEST_CASE("a bad line stops parsing with its number")
{
    std::vector<ScriptCommand> c;
    ScriptError e;
    CHECK_FALSE(ParseScript("tap 1 2\n\nfly away\n", c, e));
    CHECK(e.Line == 3);
    CHECK(e.Message.find("fly away") != std::string::npos);
    CHECK_FALSE(ParseScript("tap \"unclosed\n", c, e));
    CHECK(e.Line == 1);
    CHECK_FALSE(ParseScript("wait soon\n", c, e));
    CHECK_FALSE(ParseScript("swipe up\n", c, e));
    CHECK_FALSE(ParseScript("shot ../escape\n", c, e));
    CHECK_FALSE(ParseScript("tap welcome\n", c, e)); // a label must be quoted
}

TEST_CASE("what was read aloud: expect said and expect said-language")
{
    std::vector<ScriptCommand> c;
    ScriptError e;
    REQUIRE(ParseScript("expect said \"Comment agir ?\"\nexpect said-language fr\n", c, e));
    REQUIRE(c.size() == 2);
    CHECK(c[0].Type == ScriptCommand::ExpectSaid);
    CHECK(c[0].Text == "Comment agir ?");
    CHECK(c[1].Type == ScriptCommand::ExpectSaidLanguage);
    CHECK(c[1].Text == "fr");
    CHECK_FALSE(ParseScript("expect said agir\n", c, e)); // the text must be quoted, as for expect text
    CHECK_FALSE(ParseScript("expect said-language\n", c, e));
}
