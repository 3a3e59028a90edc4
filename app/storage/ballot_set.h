// Inside storage only: the merge's ballots in memory (about 150 bytes each, text kept once in an
// arena), filled from the inputs by merge_read.cpp and stored by merge_write.cpp.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/exchange.h"

namespace ess {

// Text kept for the whole merge in large blocks, so views into it stay valid as it grows.
class TextArena {
public:
    std::string_view Store(std::string_view text)
    {
        if (text.empty()) return std::string_view("", 0); // never a null pointer: SQLite would bind NULL
        if (text.size() > Free) {
            size_t size = std::max(kBlockSize, text.size());
            Blocks.emplace_back(new char[size]);
            Next = Blocks.back().get();
            Free = size;
        }
        std::memcpy(Next, text.data(), text.size());
        std::string_view stored(Next, text.size());
        Next += text.size();
        Free -= text.size();
        return stored;
    }

private:
    static constexpr size_t kBlockSize = 1 << 20;
    std::vector<std::unique_ptr<char[]>> Blocks;
    char* Next = nullptr;
    size_t Free = 0;
};

// Kiosk ids, content versions, lever ids: a few distinct values repeated a million times, kept once.
class Names {
public:
    uint32_t Id(std::string_view name, TextArena& arena)
    {
        if (Last < List.size() && List[Last] == name) return Last; // a kiosk's file repeats its own id
        auto it = Index.find(name);
        if (it == Index.end()) {
            it = Index.emplace(arena.Store(name), (uint32_t)List.size()).first;
            List.push_back(it->first);
        }
        return Last = it->second;
    }
    std::string_view operator[](uint32_t id) const { return List[id]; }
    size_t Size() const { return List.size(); }

private:
    std::unordered_map<std::string_view, uint32_t> Index;
    std::vector<std::string_view> List;
    uint32_t Last = UINT32_MAX;
};

constexpr uint32_t kStored = UINT32_MAX; // MergedBallot::Source of a ballot OUT already has

struct MergedBallot {
    std::string_view Uuid, CreatedUtc;        // in BallotSet::Text
    uint32_t KioskId = 0, ContentVersion = 0; // in BallotSet::Kiosks, ::Contents
    uint32_t FirstLever = 0, LeverCount = 0;  // in BallotSet::LeverIds, by id
    int Flags = 0;
    uint32_t Source = 0; // the first input it was found in, or kStored
};

// Distinct ballots in memory (about 150 bytes each), found by uuid: one input's, or the merge's.
class BallotSet {
public:
    TextArena Text;
    Names Kiosks, Contents, Levers;
    std::vector<MergedBallot> Ballots;
    std::vector<uint32_t> LeverIds;
    int64_t New = 0; // ballots not kStored

    // Adds a ballot with this uuid and returns its index, or -1 if the uuid is already in.
    int64_t Add(std::string_view uuid)
    {
        if ((Ballots.size() + 1) * 2 > Slots.size()) Grow();
        size_t slot = Probe(uuid);
        if (Slots[slot] != 0) return -1;
        Slots[slot] = (uint32_t)Ballots.size() + 1;
        Ballots.emplace_back();
        Ballots.back().Uuid = Text.Store(uuid);
        return (int64_t)Ballots.size() - 1;
    }
    int64_t Find(std::string_view uuid) const
    {
        if (Slots.empty()) return -1;
        return (int64_t)Slots[Probe(uuid)] - 1;
    }

private:
    // Open addressing over indexes into Ballots, 0 for none: 8 bytes a ballot at most, where a
    // std::unordered_set would allocate a node of some 50 bytes for each uuid.
    std::vector<uint32_t> Slots;
    static size_t Hash(std::string_view uuid) { return std::hash<std::string_view>()(uuid); }
    size_t Probe(std::string_view uuid) const // the slot holding this uuid, or the empty one where it would go
    {
        size_t mask = Slots.size() - 1, slot = Hash(uuid) & mask;
        while (Slots[slot] != 0 && Ballots[Slots[slot] - 1].Uuid != uuid) slot = (slot + 1) & mask;
        return slot;
    }
    void Grow()
    {
        std::vector<uint32_t> slots(std::max<size_t>(Slots.size() * 2, 1 << 16), 0);
        size_t mask = slots.size() - 1;
        for (size_t i = 0; i < Ballots.size(); i++) {
            size_t slot = Hash(Ballots[i].Uuid) & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = (uint32_t)i + 1;
        }
        Slots.swap(slots);
    }
};

// Checks and reads every input (and checks OUT if `check_out`) on worker threads, one file at a
// time each, while this thread adds each input's ballots to `set` in the inputs' order: the order
// that decides which input a ballot counts as added from. Nothing is written before all are
// checked. The first refusal in the inputs' order is reported, then OUT's, then a reading error.
bool ReadCheckedInputs(const std::vector<std::string>& inputs, const std::string& out_path, bool check_out, BallotSet& set,
                       MergeReport& report, std::string& error);

} // namespace ess
