namespace ReleaseTrain.Core.Json;

/// <summary>
/// Semantic JSON equality: objects compare by member set regardless of order, arrays in order, strings
/// ordinally, numbers by value (<c>1.0</c> equals <c>1</c>), and a value never equals one of another kind
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

    private static bool NumbersEqual(LocatedJsonScalar a, LocatedJsonScalar b)
    {
        if (a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y))
        {
            return x == y;
        }

        return double.TryParse(
                a.Text,
                System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture,
                out var dx
            )
            && double.TryParse(
                b.Text,
                System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture,
                out var dy
            )
            && dx.Equals(dy);
    }
}
