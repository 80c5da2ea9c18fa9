namespace Orders.Producer;

/// <summary>The producer's error codes, published in producer/contract-manifest.json.</summary>
public static class OrderErrors
{
    public const string NotFound = "order_not_found";
}
