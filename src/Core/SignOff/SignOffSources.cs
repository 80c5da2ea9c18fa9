namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// The registry of sign-off sources: every sealed <see cref="SignOffSource"/> of this assembly (one file each in
/// <c>SignOff/Sources/</c>), in name order.
/// </summary>
public static class SignOffSources
{
    /// <summary>Every sign-off source, by name (ordinal order).</summary>
    public static IReadOnlyList<SignOffSource> All { get; } =
    [
        .. typeof(SignOffSource)
            .Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SignOffSource)) && !t.IsAbstract)
            .Select(t => (SignOffSource)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal),
    ];

    /// <summary>The one instance of a source.</summary>
    /// <typeparam name="T">The source's type.</typeparam>
    /// <returns>The registered instance (decisions refer to it).</returns>
    public static T Of<T>()
        where T : SignOffSource => All.OfType<T>().Single();
}
