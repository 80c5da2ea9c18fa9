using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace ReleaseTrain.GitHub;

/// <summary>
/// What System.Text.Json 8 does not check: that a member a model declares non-nullable (<c>User User</c>,
/// <c>string Sha</c>, a list and its items) is present and not null in GitHub's answer. A member left null by a
/// malformed answer would otherwise surface later as a NullReferenceException; the connection turns the member named
/// here into RT5034.
/// </summary>
internal static class ModelCheck
{
    /// <summary>The JSON path (<c>$.head.sha</c>) of the first non-nullable member that is null, or null.</summary>
    /// <param name="value">A deserialized model of this namespace, or a list of them.</param>
    /// <returns>The path, or null when every member is there.</returns>
    public static string? FirstMissing(object value) => Walk(value, "$", new NullabilityInfoContext(), 0);

    private static string? Walk(object value, string path, NullabilityInfoContext nullability, int depth)
    {
        if (depth > 16 || value is string)
        {
            return null;
        }

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                var at = $"{path}[{index++}]";
                if (item is null)
                {
                    return at;
                }

                if (Walk(item, at, nullability, depth + 1) is { } missing)
                {
                    return missing;
                }
            }

            return null;
        }

        var type = value.GetType();
        if (type.Namespace != typeof(ModelCheck).Namespace)
        {
            return null;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var at = path + "." + JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var member = property.GetValue(value);
            if (member is null)
            {
                if (
                    !property.PropertyType.IsValueType
                    && nullability.Create(property).ReadState == NullabilityState.NotNull
                )
                {
                    return at;
                }

                continue;
            }

            if (Walk(member, at, nullability, depth + 1) is { } missing)
            {
                return missing;
            }
        }

        return null;
    }
}
