// ReleaseTrain recipe for your own Cake build (Cake.Tool 7.0.0 or later; README, "Use it from your Cake build").
//
//   #load nuget:?package=ReleaseTrain.Cake.Recipe&version=1.2.0     (from a NuGet feed), or
//   #load "path/to/recipe/releasetrain.cake"                         (from a copy of the recipe folder)
//
// defines the tasks Verify, Evidence, Freeze, Decide, SignOff, Status, Release and Report. Each one runs the installed
// release-train tool, which holds every rule; the tasks only pass arguments. Cake arguments:
//
//   --release-version=1.2.0    the release version (Cake keeps --version for itself); default: $RELEASE_VERSION
//   --rt-config=PATH           release-train.json (default: the nearest one in the working directory or above)
//   --rt-format=FORMAT         output format (default: github for Verify on GitHub Actions, text otherwise)
//   --rt-tool=PATH             the release-train executable (default: `dotnet release-train` of the local tool
//                              manifest, .config/dotnet-tools.json)
//   --pr=N                     the release PR whose reviews count as sign-off (SignOff, Status, Decide, Release)
//   --record                   Decide records the decision on the ledger (default: a dry run)
//
// Run them as targets (dotnet cake --target=Verify), or after tasks of your own:
// Task("Ci").IsDependentOn("Build").IsDependentOn("Verify"). Your script must not define these task names again.
#load "parts/tool.cake"
#load "parts/tasks.cake"
