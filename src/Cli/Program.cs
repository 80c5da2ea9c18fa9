using ReleaseTrain.Cli;

// Commands that canonicalize JSON files get the canonicalizer compiled on a spare core while the command line starts.
if (args.Contains("hash") || args.Contains("evidence"))
{
    ReleaseTrain.Core.Json.JsonCanonicalizer.PrepareOnSpareCore();
}

// Colour only on a terminal, never when redirected or when NO_COLOR is set; FORCE_COLOR forces it (ConsoleStyle).
var stdout = ConsoleStyle.UseColour(Console.IsOutputRedirected, Environment.GetEnvironmentVariable)
    ? new ConsoleStyle.ColourWriter(Console.Out)
    : Console.Out;
try
{
    return CliApplication.Run(args, stdout, Console.Error, Environment.CurrentDirectory);
}
finally
{
    stdout.Flush();
}
