namespace Orders.Consumer;

/// <summary>A consumer of the producer's contract.</summary>
public static class OrdersClient
{
    public static bool IsNotFound(string code) => code == Orders.Producer.OrderErrors.NotFound;
}
