using NodaTime;

namespace ReleaseTrain.Core.Config;

/// <summary>
/// <c>signing</c> of release-train.json: how evidence signatures are checked (docs/evidence.md, "Signing evidence";
/// UML_OS deployment runbook section II.I). With a ledger configured it is read from the remote's default branch, as
/// the sign-off roles are.
/// </summary>
/// <param name="AllowedSigners">Root-relative path of the allowed-signers file (default
/// <see cref="SignOffPolicy.DefaultAllowedSigners"/>, the ledger's file).</param>
/// <param name="RevocationList">The revocation list and its pinned digest, or null when none is configured.</param>
/// <param name="Keys">The signing keys in use, with their principal and rotation cadence.</param>
/// <param name="Location">Where <c>signing</c> is in the configuration.</param>
public sealed record SigningPolicy(
    string AllowedSigners,
    RevocationListPin? RevocationList,
    IReadOnlyList<SigningKeyPolicy> Keys,
    ConfigLocation Location
);

/// <summary><c>signing.revocationList</c>: the file listing revoked key fingerprints and the sha256 its bytes must
/// have.</summary>
/// <param name="Path">Root-relative path of the list.</param>
/// <param name="Sha256">The pin, <c>sha256:</c> and 64 lowercase hex characters.</param>
/// <param name="Location">Where it is in the configuration.</param>
public sealed record RevocationListPin(string Path, string Sha256, ConfigLocation Location);

/// <summary>One entry of <c>signing.keys</c>.</summary>
/// <param name="Id">The key id: its fingerprint (<c>SHA256:</c> and unpadded base64; for an ECDSA P-256 key, of its
/// SubjectPublicKeyInfo).</param>
/// <param name="Principal">The principal (GitHub login) the key signs for.</param>
/// <param name="RotationCadence">How long the key may be used before a rotation record is required (an ISO 8601
/// duration of elapsed time, e.g. <c>P90D</c>).</param>
/// <param name="Since">When the key was put in use (an ISO 8601 instant with an offset).</param>
/// <param name="Location">Where the entry is in the configuration.</param>
public sealed record SigningKeyPolicy(
    string Id,
    string Principal,
    Duration RotationCadence,
    Instant Since,
    ConfigLocation Location
);
