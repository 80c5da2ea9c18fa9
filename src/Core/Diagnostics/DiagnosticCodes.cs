namespace ReleaseTrain.Core.Diagnostics;

/// <summary>
/// Every diagnostic ReleaseTrain reports. Areas: RT1xxx configuration and input, RT2xxx contract drift
/// (DESIGN.md, "Conventions"). Documented in docs/diagnostics.md.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>RT1001: a JSON file is malformed (RFC 8259), at the first bad token.</summary>
    public static readonly DiagnosticDescriptor MalformedJson = new("RT1001", "MalformedJson");

    /// <summary>RT1002: an object has the same member name twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new("RT1002", "DuplicateKey");

    /// <summary>RT1003: a file named by the configuration does not exist.</summary>
    public static readonly DiagnosticDescriptor FileNotFound = new("RT1003", "FileNotFound");

    /// <summary>RT1004: release-train.json violates schemas/release-train.schema.json.</summary>
    public static readonly DiagnosticDescriptor SchemaViolation = new("RT1004", "SchemaViolation");

    /// <summary>RT1005: a configured path leaves the repository root.</summary>
    public static readonly DiagnosticDescriptor PathEscapesRoot = new("RT1005", "PathEscapesRoot");

    /// <summary>RT1006: no release-train.json was found.</summary>
    public static readonly DiagnosticDescriptor ConfigNotFound = new("RT1006", "ConfigNotFound");

    /// <summary>RT1007: a JSON Pointer in the configuration is not valid RFC 6901 syntax.</summary>
    public static readonly DiagnosticDescriptor InvalidJsonPointer = new("RT1007", "InvalidJsonPointer");

    /// <summary>RT1008: a pattern in the configuration is not a valid regular expression.</summary>
    public static readonly DiagnosticDescriptor InvalidPattern = new("RT1008", "InvalidPattern");

    /// <summary>RT1009: a contract id asked for is not in the configuration.</summary>
    public static readonly DiagnosticDescriptor UnknownContract = new("RT1009", "UnknownContract");

    /// <summary>RT1010: a rule names a file that its contract does not declare.</summary>
    public static readonly DiagnosticDescriptor UnknownFileReference = new("RT1010", "UnknownFileReference");

    /// <summary>RT1011: a file exists but cannot be read.</summary>
    public static readonly DiagnosticDescriptor FileUnreadable = new("RT1011", "FileUnreadable");

    /// <summary>RT1012: a contract id or rule id is used twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateId = new("RT1012", "DuplicateId");

    /// <summary>RT1013: the command line is invalid.</summary>
    public static readonly DiagnosticDescriptor InvalidUsage = new("RT1013", "InvalidUsage");

    /// <summary>RT1014: a file is larger than ReleaseTrain reads.</summary>
    public static readonly DiagnosticDescriptor FileTooLarge = new("RT1014", "FileTooLarge");

    /// <summary>RT1015: an unexpected error stopped a command; it fails closed.</summary>
    public static readonly DiagnosticDescriptor UnexpectedError = new("RT1015", "UnexpectedError");

    /// <summary>RT2001: a payload value differs from the value the contract derives it from.</summary>
    public static readonly DiagnosticDescriptor ValueMismatch = new("RT2001", "ValueMismatch");

    /// <summary>RT2002: a list differs from its source as an ordered list (a reorder is drift).</summary>
    public static readonly DiagnosticDescriptor OrderedListMismatch = new("RT2002", "OrderedListMismatch");

    /// <summary>RT2003: a list differs from its source as a set.</summary>
    public static readonly DiagnosticDescriptor SetMismatch = new("RT2003", "SetMismatch");

    /// <summary>RT2004: a required key is missing.</summary>
    public static readonly DiagnosticDescriptor RequiredKeyMissing = new("RT2004", "RequiredKeyMissing");

    /// <summary>RT2005: a forbidden key is present.</summary>
    public static readonly DiagnosticDescriptor ForbiddenKeyPresent = new("RT2005", "ForbiddenKeyPresent");

    /// <summary>RT2006: a key of a mirrored object is missing or differs from the source object.</summary>
    public static readonly DiagnosticDescriptor MirrorMismatch = new("RT2006", "MirrorMismatch");

    /// <summary>RT2007: a value does not match its pattern.</summary>
    public static readonly DiagnosticDescriptor PatternMismatch = new("RT2007", "PatternMismatch");

    /// <summary>RT2008: a value is not one of the allowed values.</summary>
    public static readonly DiagnosticDescriptor EnumMismatch = new("RT2008", "EnumMismatch");

    /// <summary>RT2009: a sha256 pin differs from the sha256 of the pinned file's raw bytes.</summary>
    public static readonly DiagnosticDescriptor Sha256PinMismatch = new("RT2009", "Sha256PinMismatch");

    /// <summary>RT2010: a value a rule checks is missing from the payload.</summary>
    public static readonly DiagnosticDescriptor ValueMissing = new("RT2010", "ValueMissing");

    /// <summary>RT2011: a value has the wrong JSON type for its rule.</summary>
    public static readonly DiagnosticDescriptor TypeMismatch = new("RT2011", "TypeMismatch");

    /// <summary>RT2012: the canonical source of a rule (manifest or another file) lacks the value the rule derives from.</summary>
    public static readonly DiagnosticDescriptor SourceValueMissing = new("RT2012", "SourceValueMissing");

    /// <summary>RT3001: project.assets.json lacks what an SBOM needs (restore first).</summary>
    public static readonly DiagnosticDescriptor InvalidRestoreModel = new("RT3001", "InvalidRestoreModel");

    /// <summary>RT3002: packages.lock.json disagrees with project.assets.json.</summary>
    public static readonly DiagnosticDescriptor LockFileMismatch = new("RT3002", "LockFileMismatch");

    /// <summary>RT3003: a file of an evidence bundle is missing or its digest differs.</summary>
    public static readonly DiagnosticDescriptor EvidenceMismatch = new("RT3003", "EvidenceMismatch");

    /// <summary>RT3004: an evidence bundle has no COMMITTED file (torn or never finished).</summary>
    public static readonly DiagnosticDescriptor EvidenceNotCommitted = new("RT3004", "EvidenceNotCommitted");

    /// <summary>RT3005: a digest given on the command line is not sha256:&lt;64 hex&gt;.</summary>
    public static readonly DiagnosticDescriptor InvalidDigest = new("RT3005", "InvalidDigest");

    /// <summary>RT3006: there is nothing to bundle (no package of the version).</summary>
    public static readonly DiagnosticDescriptor NoPackages = new("RT3006", "NoPackages");

    /// <summary>RT3007: SOURCE_DATE_EPOCH is set but is not a number of seconds.</summary>
    public static readonly DiagnosticDescriptor InvalidSourceDate = new("RT3007", "InvalidSourceDate");

    /// <summary>Every descriptor, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        MalformedJson, DuplicateKey, FileNotFound, SchemaViolation, PathEscapesRoot, ConfigNotFound,
        InvalidJsonPointer, InvalidPattern, UnknownContract, UnknownFileReference, FileUnreadable,
        DuplicateId, InvalidUsage, FileTooLarge, UnexpectedError,
        ValueMismatch, OrderedListMismatch, SetMismatch, RequiredKeyMissing, ForbiddenKeyPresent,
        MirrorMismatch, PatternMismatch, EnumMismatch, Sha256PinMismatch, ValueMissing, TypeMismatch,
        SourceValueMissing,
        InvalidRestoreModel, LockFileMismatch, EvidenceMismatch, EvidenceNotCommitted, InvalidDigest, NoPackages, InvalidSourceDate,
    ];
}
