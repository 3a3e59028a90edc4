// ess-kiosk: what the command line asks for, then that: the kiosk itself, or one of the checks.
#include "command_line.h"
#include "commands.h"

int main(int argc, char** argv)
{
    ess::Invocation run;
    int status = 0;
    if (!ess::ParseCommandLine(argc, argv, run, status)) return status; // --help, or a wrong option
    switch (run.Do) {
    case ess::Invocation::Command::CheckConfig: return ess::CheckConfig(run.File);
    case ess::Invocation::Command::CheckContent: return ess::CheckContent(run.File, run.Options.AssetsDir);
    case ess::Invocation::Command::DumpContent: return ess::DumpContent(run.File, run.Options.AssetsDir);
    case ess::Invocation::Command::SetPin: return ess::SetPin(run.ConfigFile, run.Options.PinFile);
    case ess::Invocation::Command::Sync:
        return ess::Sync(run.Options.CentralUrl, run.Options.DatabasePath, run.Options.KioskId, run.Options.VisitMonths);
    case ess::Invocation::Command::Kiosk: break;
    }
    return ess::RunKiosk(run.Options);
}
