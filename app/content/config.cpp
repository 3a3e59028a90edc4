// Loading kiosk/ess-kiosk.toml-style configuration files with toml++ (see config.h).
#include "content/config.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/durable_file.h"
#include "core/settings.h"

namespace ess {

namespace {

class ConfigReader {
public:
    ConfigReader(const std::string& path, std::vector<ContentProblem>& problems) : Path(path), Problems(problems) {}

    void Problem(const toml::source_region& where, const std::string& message)
    {
        Problems.push_back({Path, int(where.begin.line), int(where.begin.column), message + "; the default is used", false});
    }

    // Reads a setting's number into `out`; anything else keeps the default (settings.h says
    // the range, and the command line says the same of a bad value).
    template <typename T> void Number(const toml::table& t, const NumberSetting& setting, T& out)
    {
        const std::string key = setting.Key;
        Known.insert(&t);
        KnownKeys[&t].insert(key);
        const toml::node* node = t.get(key);
        if (!node) return;
        std::optional<double> value;
        if (const auto* i = node->as_integer())
            value = double(i->get());
        else if (const auto* f = node->as_floating_point())
            value = f->get();
        if (!value) {
            Problem(node->source(), "\"" + key + "\" must be " + DescribeRange(setting));
            return;
        }
        const std::string why = CheckNumber(setting, *value);
        if (!why.empty()) {
            Problem(node->source(), "\"" + key + "\" " + why);
            return;
        }
        out = T(*value);
    }

    void Text(const toml::table& t, const std::string& key, std::string& out)
    {
        Known.insert(&t);
        KnownKeys[&t].insert(key);
        const toml::node* node = t.get(key);
        if (!node) return;
        if (const auto* s = node->as_string())
            out = s->get();
        else
            Problem(node->source(), "\"" + key + "\" must be text (in quotes)");
    }

    void Flag(const toml::table& t, const std::string& key, bool& out)
    {
        Known.insert(&t);
        KnownKeys[&t].insert(key);
        const toml::node* node = t.get(key);
        if (!node) return;
        if (const auto* b = node->as_boolean())
            out = b->get();
        else
            Problem(node->source(), "\"" + key + "\" must be true or false");
    }

    const toml::table* Table(const toml::table& t, const std::string& key)
    {
        Known.insert(&t);
        KnownKeys[&t].insert(key);
        const toml::node* node = t.get(key);
        if (!node) return nullptr;
        if (!node->as_table()) {
            Problem(node->source(), "\"" + key + "\" must be a table [" + key + "]");
            return nullptr;
        }
        return node->as_table();
    }

    void ReportUnknown()
    {
        for (const toml::table* t : Known)
            for (auto&& [key, value] : *t)
                if (!KnownKeys[t].count(std::string(key.str())))
                    Problem(key.source(), "unknown key \"" + std::string(key.str()) + "\"");
    }

private:
    std::string Path;
    std::vector<ContentProblem>& Problems;
    std::set<const toml::table*> Known;
    std::map<const toml::table*, std::set<std::string>> KnownKeys;
};

namespace fs = std::filesystem;

} // namespace

void LoadConfig(const std::string& path, KioskConfig& c, std::vector<ContentProblem>& problems)
{
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& err) {
        problems.push_back({path, int(err.source().begin.line), int(err.source().begin.column),
                            "syntax error: " + std::string(err.description()) + "; every setting keeps its default", false});
        return;
    }
    ConfigReader r(path, problems);
    r.Text(root, "kiosk_id", c.KioskId);
    r.Text(root, "data_dir", c.DataDir);
    r.Text(root, "export_dir", c.ExportDir);
    if (const toml::table* t = r.Table(root, "visit")) {
        r.Number(*t, settings::kIdleSeconds, c.IdleSeconds);
        r.Number(*t, settings::kCountdownSeconds, c.CountdownSeconds);
        r.Number(*t, settings::kVisitMonths, c.VisitMonths);
        r.Text(*t, "language", c.Language);
    }
    // The accessibility panel's defaults: what a visitor finds on arriving, and gets back to.
    if (const toml::table* t = r.Table(root, "accessibility")) {
        r.Number(*t, settings::kLargeText, c.AccessDefaults.TextSize);
        r.Flag(*t, "contrast", c.AccessDefaults.Contrast);
        r.Flag(*t, "reduced_motion", c.AccessDefaults.ReducedMotion);
        r.Flag(*t, "controls_at_bottom", c.AccessDefaults.Bottom);
        r.Flag(*t, "speech", c.AccessDefaults.Speech);
        r.Number(*t, settings::kVolume, c.AccessDefaults.Volume);
        r.Number(*t, settings::kSpeechRate, c.AccessDefaults.Rate);
    }
    if (const toml::table* t = r.Table(root, "ballot")) {
        r.Number(*t, settings::kMaxLevers, c.Rules.MaxLevers);
        r.Number(*t, settings::kCooldownSeconds, c.Rules.Cooldown);
        r.Number(*t, settings::kRatePerMinute, c.Rules.RatePerMinute);
    }
    if (const toml::table* t = r.Table(root, "organiser")) {
        r.Text(*t, "pin_hash", c.PinHash);
        if (!c.PinHash.empty() && c.PinHash.rfind("$argon2", 0) != 0) {
            r.Problem(t->get("pin_hash")->source(), "\"pin_hash\" is not a PIN hash (set it with ess-kiosk --set-pin)");
            c.PinHash.clear();
        }
    }
    if (const toml::table* t = r.Table(root, "display")) {
        r.Number(*t, settings::kDisplayIndex, c.Display);
        r.Number(*t, settings::kDpi, c.Dpi);
    }
    if (const toml::table* t = r.Table(root, "central")) r.Text(*t, "url", c.CentralUrl);
    r.ReportUnknown();
}

std::string WithPinHash(const std::string& config_text, const std::string& hash)
{
    std::istringstream in(config_text);
    std::string line, out, section;
    bool done = false;
    const std::string entry = "pin_hash = \"" + hash + "\"";
    while (std::getline(in, line)) {
        std::string trimmed = line.substr(std::min(line.size(), line.find_first_not_of(" \t")));
        if (!trimmed.empty() && trimmed[0] == '[') {
            if (section == "[organiser]" && !done) {
                out += entry + "\n";
                done = true;
            }
            section = trimmed.substr(0, trimmed.find(']') + 1);
        }
        if (section == "[organiser]" && !done && trimmed.rfind("pin_hash", 0) == 0) {
            out += entry + "\n";
            done = true;
            continue;
        }
        out += line + "\n";
    }
    if (!done) out += (section == "[organiser]" ? "" : "\n[organiser]\n") + entry + "\n";
    return out;
}

bool StorePinHash(const std::string& config_file, const std::string& pin_file, const std::string& hash, std::string& target,
                  std::string& error)
{
    target = pin_file;
    std::string text = hash + "\n";
    if (!config_file.empty()) {
        std::ifstream in(config_file, std::ios::binary);
        std::stringstream current;
        current << in.rdbuf();
        target = config_file;
        text = WithPinHash(current.str(), hash);
    }
    // Readable by its owner only when new (it holds a PIN hash); an existing file keeps its owner,
    // group and mode (the service's group must still read /etc/ess-kiosk/ess-kiosk.toml).
    DurableOptions secret;
    secret.NewFileMode = 0600;
    secret.OwnerMustMatch = true;
    std::error_code ec;
    fs::create_directories(fs::path(target).parent_path(), ec);
    return WriteFileDurably(target, text, error, secret);
}

} // namespace ess
