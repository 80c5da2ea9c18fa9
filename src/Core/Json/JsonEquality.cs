namespace ReleaseTrain.Core.Json;

/// <summary>
/// Semantic JSON equality: objects compare by member set regardless of order, arrays in order, strings
/// ordinally, numbers by their exact decimal value (<see cref="JsonNumber"/>: <c>1.0</c> equals <c>1</c>, <c>1e2</c>
/// equals <c>100</c>, nothing is rounded), and a value never equals one of another kind
/// (<c>false</c> is not <c>0</c> nor <c>"false"</c>).
/// </summary>
public static class JsonEquality
{
    /// <summary>Compares two values.</summary>
    /// <param name="a">The first value.</param>
    /// <param name="b">The second value.</param>
    /// <returns>True when equal as JSON.</returns>
    public static bool DeepEquals(LocatedJsonNode? a, LocatedJsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        switch (a)
        {
            case LocatedJsonObject objectA:
                var objectB = (LocatedJsonObject)b;
                if (objectA.Properties.Count != objectB.Properties.Count)
                {
                    return false;
                }

                foreach (var property in objectA.Properties)
                {
                    if (!objectB.TryGetProperty(property.Name, out var other) || !DeepEquals(property.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            case LocatedJsonArray arrayA:
                var arrayB = (LocatedJsonArray)b;
                if (arrayA.Items.Count != arrayB.Items.Count)
                {
                    return false;
                }

                for (var i = 0; i < arrayA.Items.Count; i++)
                {
                    if (!DeepEquals(arrayA.Items[i], arrayB.Items[i]))
                    {
                        return false;
                    }
                }

                return true;
            case LocatedJsonScalar scalarA:
                var scalarB = (LocatedJsonScalar)b;
                return a.Kind switch
                {
                    JsonKind.String => string.Equals(scalarA.Text, scalarB.Text, StringComparison.Ordinal),
                    JsonKind.Boolean => scalarA.Boolean == scalarB.Boolean,
                    JsonKind.Number => NumbersEqual(scalarA, scalarB),
                    _ => true,
                };
            default:
                return false;
        }
    }

    // Exact: by decimal value (JsonNumber), never through a double or a decimal, so 1e400 is not 2e999 and 30-digit
    // integers differing in the last digit differ.
    private static bool NumbersEqual(LocatedJsonScalar a, LocatedJsonScalar b) => JsonNumber.TextsEqual(a.Text, b.Text);
}
