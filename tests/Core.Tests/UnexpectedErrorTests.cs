using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Tests;

public sealed class UnexpectedErrorTests
{
    [Fact]
    public void An_unforeseen_exception_is_rt1015_on_one_line_without_its_stack_trace()
    {
        Exception caught;
        try
        {
            Throw();
            throw new InvalidOperationException("not reached");
        }
        catch (InvalidOperationException ex)
        {
            caught = ex;
        }

        Assert.Contains(nameof(Throw), caught.ToString(), StringComparison.Ordinal);

        var diagnostic = ReleaseTrainException.Unexpected(caught);

        Assert.Equal("RT1015", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(
            "System.InvalidOperationException: outer state broken ---> System.IO.IOException: disk gone away",
            diagnostic.Message,
            StringComparison.Ordinal
        );
        var line = diagnostic.ToCanonicalString();
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain(nameof(Throw), line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    private static void Throw()
    {
        try
        {
            throw new IOException("disk gone\naway");
        }
        catch (IOException inner)
        {
            throw new InvalidOperationException("outer state\r\nbroken", inner);
        }
    }
}
