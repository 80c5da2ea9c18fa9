using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// The parts of <see cref="CommitSignatures"/> that are ours, not git's: which kind of signature a commit carries (GPG
/// and X.509 signatures are never handed to gpg and never count) and how an allowed-signers file is narrowed to one
/// principal (git 2.39 prints only the first principal of a line). The signature checks themselves run against real
/// git and ssh-keygen in tests/GitHub.Tests/AuthenticatedSignOffTests.cs.
/// </summary>
public sealed class CommitSignaturesTests
{
    private const string Headers =
        "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor a <a@x> 1 +0000\n" + "committer a <a@x> 1 +0000\n";

    [Fact]
    public void The_signature_kind_is_read_from_the_commit_headers_only()
    {
        Assert.Null(CommitSignatures.SignatureKind(Headers + "\nmessage\n"));
        Assert.Equal(
            "SSH",
            CommitSignatures.SignatureKind(Headers + "gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n \n\nm\n")
        );
        Assert.Equal(
            "GPG",
            CommitSignatures.SignatureKind(Headers + "gpgsig -----BEGIN PGP SIGNATURE-----\n x\n\nm\n")
        );
        Assert.Equal(
            "X.509",
            CommitSignatures.SignatureKind(Headers + "gpgsig -----BEGIN SIGNED MESSAGE-----\n x\n\nm\n")
        );
        Assert.Equal(
            "SSH",
            CommitSignatures.SignatureKind(Headers + "gpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n x\n\nm\n")
        );
        // A "gpgsig" line in the message is no signature.
        Assert.Null(CommitSignatures.SignatureKind(Headers + "\ngpgsig -----BEGIN SSH SIGNATURE-----\n"));
    }

    [Fact]
    public void Allowed_signers_are_narrowed_to_the_lines_listing_the_principal_exactly()
    {
        var file = string.Join(
            "\n",
            "# comment",
            "",
            "alice ssh-ed25519 AAAA1",
            "Bob,carol namespaces=\"git\" ssh-ed25519 AAAA2 bob@laptop",
            "*,dave ssh-ed25519 AAAA3",
            "alice2 ssh-ed25519 AAAA4",
            "  carol\tssh-ed25519 AAAA5\r"
        );
        Assert.Equal("alice ssh-ed25519 AAAA1\n", CommitSignatures.Narrow(file, "alice"));
        Assert.Equal(
            "carol namespaces=\"git\" ssh-ed25519 AAAA2 bob@laptop\ncarol\tssh-ed25519 AAAA5\n",
            CommitSignatures.Narrow(file, "carol")
        );
        Assert.Equal("bob namespaces=\"git\" ssh-ed25519 AAAA2 bob@laptop\n", CommitSignatures.Narrow(file, "bob"));
        Assert.Equal("dave ssh-ed25519 AAAA3\n", CommitSignatures.Narrow(file, "dave"));
        Assert.Equal(string.Empty, CommitSignatures.Narrow(file, "eve")); // '*' is no pattern here
    }

    [Fact]
    public void Narrowed_at_an_instant_only_lines_valid_then_are_kept()
    {
        var file = string.Join(
            "\n",
            "alice valid-before=\"20250101Z\" ssh-ed25519 OLD",
            "alice valid-after=\"20250101Z\",namespaces=\"git,file\" ssh-ed25519 NEW",
            "alice cert-authority,valid-after=\"20300101000000Z\" ssh-ed25519 LATER",
            "alice valid-before=\"someday\" ssh-ed25519 UNREADABLE",
            "alice ssh-ed25519 ALWAYS"
        );
        var in2024 = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var in2026 = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            "alice valid-before=\"20250101Z\" ssh-ed25519 OLD\nalice ssh-ed25519 ALWAYS\n",
            CommitSignatures.Narrow(file, "alice", in2024)
        );
        Assert.Equal(
            "alice valid-after=\"20250101Z\",namespaces=\"git,file\" ssh-ed25519 NEW\nalice ssh-ed25519 ALWAYS\n",
            CommitSignatures.Narrow(file, "alice", in2026)
        );
        Assert.Equal(
            5,
            CommitSignatures.Narrow(file, "alice").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length
        );
    }
}
