using System.CommandLine;

namespace ReleaseTrain.Cli;

/// <summary>
/// A string option with one name shown in <c>--help</c> and former names that still parse but are hidden, so that
/// one concept has one name on every command (e.g. the release version is <c>--version</c>; <c>--release</c> and
/// <c>--tag</c> still work). System.CommandLine shows every alias of an option in help, hence hidden options of
/// their own, read through <see cref="GetValue"/>. Giving the value under two names is a usage error (RT1013).
/// </summary>
internal sealed class RenamedOption
{
    private readonly Option<string?> _current;
    private readonly Option<string?>[] _former;
    private readonly bool _required;

    private RenamedOption(string name, string description, bool required, string[] formerNames)
    {
        _required = required;
        _current = new Option<string?>(name) { Description = description + (required ? " Required." : string.Empty) };
        _former = [.. formerNames.Select(n => new Option<string?>(n) { Hidden = true })];
    }

    /// <summary>The name shown in help, e.g. <c>--version</c>.</summary>
    public string Name => _current.Name;

    /// <summary>
    /// The release version (a NuGet version, e.g. 1.2.0; the tag is v + version), <c>--version</c>; former names
    /// <c>--release</c> and <c>--tag</c>.
    /// </summary>
    /// <param name="description">What the version is for on this command.</param>
    /// <param name="required">Whether the command refuses to run without it.</param>
    /// <returns>The option.</returns>
    public static RenamedOption Version(string description, bool required) =>
        new("--version", description, required, ["--release", "--tag"]);

    /// <summary>The commit, <c>--commit</c>; former name <c>--sha</c>.</summary>
    /// <param name="description">Which commit and its default.</param>
    /// <returns>The option.</returns>
    public static RenamedOption Commit(string description) => new("--commit", description, false, ["--sha"]);

    /// <summary>
    /// Adds the option and its hidden former names to a command, with the check of how often it is given.
    /// </summary>
    /// <param name="command">The command.</param>
    public void AddTo(Command command)
    {
        command.Options.Add(_current);
        foreach (var former in _former)
        {
            command.Options.Add(former);
        }

        command.Validators.Add(result =>
        {
            var given = _former.Prepend(_current).Where(o => result.GetResult(o) is not null).ToList();
            if (given.Count > 1)
            {
                result.AddError($"{string.Join(" and ", given.Select(o => o.Name))} are one option: give {Name} once.");
            }
            else if (given.Count == 0 && _required)
            {
                result.AddError($"Option '{Name}' is required.");
            }
        });
    }

    /// <summary>The value given under the current name or a former one; null when none was given.</summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The value.</returns>
    public string? GetValue(ParseResult parse) =>
        _former.Prepend(_current).Select(parse.GetValue).FirstOrDefault(v => v is not null);
}
