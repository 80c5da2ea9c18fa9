namespace ReleaseTrain.Core.Diagnostics;

/// <summary>
/// Every diagnostic ReleaseTrain reports. Areas: RT1xxx configuration and input, RT2xxx contract drift,
/// RT3xxx hashes and SBOM, RT4xxx freeze windows and no-cut decisions, RT5xxx sign-off and GitHub, RT6xxx the
/// seed-contract validators (DESIGN.md, "Conventions"). Documented in docs/diagnostics.md.
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

    /// <summary>RT1016: a path names something other than a regular file (a FIFO, a device, a socket, a folder).
    /// </summary>
    public static readonly DiagnosticDescriptor NotARegularFile = new("RT1016", "NotARegularFile");

    /// <summary>RT1017: a path (in the configuration or on the command line) holds a NUL character.</summary>
    public static readonly DiagnosticDescriptor NulInPath = new("RT1017", "NulInPath");

    /// <summary>RT1018: the repository root is the file system's root, which confines nothing.</summary>
    public static readonly DiagnosticDescriptor RootIsFileSystemRoot = new("RT1018", "RootIsFileSystemRoot");

    /// <summary>RT1019: a release is not a version, so it cannot name the release's folders and records.</summary>
    public static readonly DiagnosticDescriptor InvalidReleaseVersion = new("RT1019", "InvalidReleaseVersion");

    /// <summary>
    /// RT1020: a JSON file starts with a UTF-8 byte order mark, which RFC 8259 forbids and the contracts' own JSON
    /// parsers (Python's json, node's JSON.parse) reject.
    /// </summary>
    public static readonly DiagnosticDescriptor JsonByteOrderMark = new("RT1020", "JsonByteOrderMark");

    /// <summary>RT1021: a YAML contract file is malformed, or uses what a JSON Pointer cannot address.</summary>
    public static readonly DiagnosticDescriptor MalformedYaml = new("RT1021", "MalformedYaml");

    /// <summary>RT1022: a file a <c>text</c> rule searches is not UTF-8.</summary>
    public static readonly DiagnosticDescriptor TextNotUtf8 = new("RT1022", "TextNotUtf8");

    /// <summary>
    /// RT1023: <c>release-train init</c> or <c>schema</c> would replace a file that exists with other content.
    /// </summary>
    public static readonly DiagnosticDescriptor ScaffoldFileExists = new("RT1023", "ScaffoldFileExists");

    /// <summary>RT1024: <c>init --feed</c> names neither a folder nor an http(s) URL.</summary>
    public static readonly DiagnosticDescriptor FeedNotFound = new("RT1024", "FeedNotFound");

    /// <summary>RT1025: the repository's nuget.config is not XML with a configuration root, so init cannot edit it.
    /// </summary>
    public static readonly DiagnosticDescriptor NuGetConfigUnreadable = new("RT1025", "NuGetConfigUnreadable");

    /// <summary>RT1030: the configuration file given (--config, ReleaseTrainConfig) does not exist.</summary>
    public static readonly DiagnosticDescriptor ConfigFileMissing = new("RT1030", "ConfigFileMissing");

    /// <summary>
    /// RT1031 (warning): a sha256 pin names the right digest in upper-case hex, not the canonical form.
    /// </summary>
    public static readonly DiagnosticDescriptor Sha256PinNotLowerCase = new("RT1031", "Sha256PinNotLowerCase");

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

    /// <summary>
    /// RT2012: the canonical source of a rule (manifest or another file) lacks the value the rule derives from.
    /// </summary>
    public static readonly DiagnosticDescriptor SourceValueMissing = new("RT2012", "SourceValueMissing");

    /// <summary>RT2013: a <c>text</c> rule's <c>matches</c> pattern does not occur in its file.</summary>
    public static readonly DiagnosticDescriptor TextPatternMissing = new("RT2013", "TextPatternMissing");

    /// <summary>RT2014: a <c>text</c> rule's <c>notMatches</c> pattern occurs in its file.</summary>
    public static readonly DiagnosticDescriptor TextPatternPresent = new("RT2014", "TextPatternPresent");

    /// <summary>
    /// RT2015: a <c>type</c> rule's constraint is unmet (<c>minimum</c>, <c>minItems</c>, <c>uniqueItems</c>,
    /// <c>nonBlank</c>).
    /// </summary>
    public static readonly DiagnosticDescriptor ValueConstraintUnmet = new("RT2015", "ValueConstraintUnmet");

    /// <summary>RT2016: an <c>includes</c> rule: the array lacks items of its source.</summary>
    public static readonly DiagnosticDescriptor ItemsMissing = new("RT2016", "ItemsMissing");

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

    /// <summary>
    /// RT3008: a target of packages.lock.json cannot be read as a target framework or matches no target of
    /// project.assets.json, or an assets target has no lock target.
    /// </summary>
    public static readonly DiagnosticDescriptor LockFileTargetUnmatched = new("RT3008", "LockFileTargetUnmatched");

    /// <summary>RT3009: a folder walked for lock files cannot be read.</summary>
    public static readonly DiagnosticDescriptor UnreadableFolder = new("RT3009", "UnreadableFolder");

    /// <summary>RT3010: an evidence bundle's <c>files</c> entry names a path outside the bundle.</summary>
    public static readonly DiagnosticDescriptor EvidenceEntryOutsideBundle = new(
        "RT3010",
        "EvidenceEntryOutsideBundle"
    );

    /// <summary>
    /// RT3011: an evidence bundle holds a folder, link or other entry that is not a listed regular file.
    /// </summary>
    public static readonly DiagnosticDescriptor EvidenceUnexpectedEntry = new("RT3011", "EvidenceUnexpectedEntry");

    /// <summary>
    /// RT3012: a committed evidence bundle differs from what this run produced; one per file: added, removed, or
    /// changed (with both sha256 digests).
    /// </summary>
    public static readonly DiagnosticDescriptor EvidenceBundleDiffers = new("RT3012", "EvidenceBundleDiffers");

    /// <summary>RT3013: an evidence path holds a <c>{...}</c> placeholder other than <c>{version}</c>.</summary>
    public static readonly DiagnosticDescriptor UnknownPathPlaceholder = new("RT3013", "UnknownPathPlaceholder");

    /// <summary>
    /// RT3050: <c>release-train preflight</c>: a release package is not signed (<c>dotnet nuget verify</c>, NU3004);
    /// an error or a warning as <c>preflight.unsignedPackages</c> says.
    /// </summary>
    public static readonly DiagnosticDescriptor PackageUnsigned = new("RT3050", "PackageUnsigned");

    /// <summary>RT3051: <c>release-train preflight</c>: a release package's signature does not verify.</summary>
    public static readonly DiagnosticDescriptor PackageSignatureInvalid = new("RT3051", "PackageSignatureInvalid");

    /// <summary>
    /// RT3052: <c>release-train preflight</c>: the locked restore (<c>dotnet restore --locked-mode --force</c>)
    /// failed: the lock files do not match the projects, or the restore could not run.
    /// </summary>
    public static readonly DiagnosticDescriptor LockedRestoreFailed = new("RT3052", "LockedRestoreFailed");

    /// <summary>
    /// RT3053: <c>release-train preflight</c>: dotnet could not be started or did not finish in time.
    /// </summary>
    public static readonly DiagnosticDescriptor PreflightToolFailed = new("RT3053", "PreflightToolFailed");

    /// <summary>RT3020: a package's .nuspec in a NuGet package folder cannot be read as XML.</summary>
    public static readonly DiagnosticDescriptor UnreadableNuspec = new("RT3020", "UnreadableNuspec");

    /// <summary>
    /// RT3021: the SBOM's input is not a project, solution or folder of projects, or a project in it cannot be read.
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidSbomInput = new("RT3021", "InvalidSbomInput");

    /// <summary>RT3022: a project of the SBOM's input has no restore model (it was not restored).</summary>
    public static readonly DiagnosticDescriptor ProjectNotRestored = new("RT3022", "ProjectNotRestored");

    /// <summary>RT3030: an evidence signature file is not one DSSE envelope.</summary>
    public static readonly DiagnosticDescriptor SignatureEnvelopeInvalid = new("RT3030", "SignatureEnvelopeInvalid");

    /// <summary>RT3031: the statement a DSSE envelope signs is not the bundle's statement.</summary>
    public static readonly DiagnosticDescriptor SignedStatementMismatch = new("RT3031", "SignedStatementMismatch");

    /// <summary>RT3032: a signature does not verify over the envelope's PAE bytes.</summary>
    public static readonly DiagnosticDescriptor SignatureInvalid = new("RT3032", "SignatureInvalid");

    /// <summary>RT3033: no line of the allowed-signers file holds the signing key.</summary>
    public static readonly DiagnosticDescriptor SignerKeyUnknown = new("RT3033", "SignerKeyUnknown");

    /// <summary>RT3034: the signing key's line is no longer valid at the verification instant (valid-before).</summary>
    public static readonly DiagnosticDescriptor SignerKeyExpired = new("RT3034", "SignerKeyExpired");

    /// <summary>RT3035: the signing key's line is not yet valid at the verification instant (valid-after).</summary>
    public static readonly DiagnosticDescriptor SignerKeyNotYetValid = new("RT3035", "SignerKeyNotYetValid");

    /// <summary>RT3036: the signing key is on the pinned revocation list.</summary>
    public static readonly DiagnosticDescriptor SignerKeyRevoked = new("RT3036", "SignerKeyRevoked");

    /// <summary>RT3037: the revocation list's sha256 is not the configuration's pin.</summary>
    public static readonly DiagnosticDescriptor RevocationListPinMismatch = new("RT3037", "RevocationListPinMismatch");

    /// <summary>RT3038: the allowed-signers file maps the signing key to another principal.</summary>
    public static readonly DiagnosticDescriptor SignerPrincipalMismatch = new("RT3038", "SignerPrincipalMismatch");

    /// <summary>RT3039: a signing key file cannot be read or used.</summary>
    public static readonly DiagnosticDescriptor SigningKeyUnusable = new("RT3039", "SigningKeyUnusable");

    /// <summary>RT3040: signatures cannot be checked or made (ssh-keygen missing, no signing configuration).</summary>
    public static readonly DiagnosticDescriptor SignatureUnchecked = new("RT3040", "SignatureUnchecked");

    /// <summary>RT3041: an evidence bundle has no signature envelope.</summary>
    public static readonly DiagnosticDescriptor SignatureMissing = new("RT3041", "SignatureMissing");

    /// <summary>RT3042: a signing key rotation cannot be recorded.</summary>
    public static readonly DiagnosticDescriptor RotationRecordInvalid = new("RT3042", "RotationRecordInvalid");

    /// <summary>RT4001: a freeze window's schedule is not a 5-field cron expression.</summary>
    public static readonly DiagnosticDescriptor InvalidCron = new("RT4001", "InvalidCron");

    /// <summary>RT4002: a time zone is not an IANA (tzdb) zone id.</summary>
    public static readonly DiagnosticDescriptor UnknownTimeZone = new("RT4002", "UnknownTimeZone");

    /// <summary>RT4003: a duration is not a positive ISO 8601 duration of elapsed time.</summary>
    public static readonly DiagnosticDescriptor InvalidDuration = new("RT4003", "InvalidDuration");

    /// <summary>RT4004: a timestamp is not ISO 8601 with an explicit offset.</summary>
    public static readonly DiagnosticDescriptor InvalidTimestamp = new("RT4004", "InvalidTimestamp");

    /// <summary>RT4005: an action is frozen by an active window with no applicable exception.</summary>
    public static readonly DiagnosticDescriptor FreezeActive = new("RT4005", "FreezeActive");

    /// <summary>RT4006: a freeze window or exception has an impossible shape.</summary>
    public static readonly DiagnosticDescriptor InvalidFreezeWindow = new("RT4006", "InvalidFreezeWindow");

    /// <summary>RT4007: an exception names a window that does not exist.</summary>
    public static readonly DiagnosticDescriptor UnknownFreezeWindow = new("RT4007", "UnknownFreezeWindow");

    /// <summary>RT4008: a train's versions are not a NuGet version range.</summary>
    public static readonly DiagnosticDescriptor InvalidVersionRange = new("RT4008", "InvalidVersionRange");

    /// <summary>RT4009: a policy input file (gate results, backcompat results, evidence) has the wrong shape.</summary>
    public static readonly DiagnosticDescriptor InvalidPolicyInput = new("RT4009", "InvalidPolicyInput");

    /// <summary>RT4010: a decision log record was edited, deleted, reordered or inserted.</summary>
    public static readonly DiagnosticDescriptor DecisionLogTampered = new("RT4010", "DecisionLogTampered");

    /// <summary>RT4011: the decision log's last record is torn (no newline or not JSON).</summary>
    public static readonly DiagnosticDescriptor DecisionLogTorn = new("RT4011", "DecisionLogTorn");

    /// <summary>RT4012: the decision log stayed locked by another writer.</summary>
    public static readonly DiagnosticDescriptor DecisionLogBusy = new("RT4012", "DecisionLogBusy");

    /// <summary>RT4013: a hash-chained log, its folder or its lock cannot be written (read-only, permission).</summary>
    public static readonly DiagnosticDescriptor LogNotWritable = new("RT4013", "LogNotWritable");

    /// <summary>RT4014: an append to a hash-chained log failed (disk full, size limit) and was undone.</summary>
    public static readonly DiagnosticDescriptor LogAppendUndone = new("RT4014", "LogAppendUndone");

    /// <summary>RT4015: an append to a hash-chained log failed and undoing it failed too.</summary>
    public static readonly DiagnosticDescriptor LogAppendNotUndone = new("RT4015", "LogAppendNotUndone");

    /// <summary>RT4016: a hash-chained log record is larger than the maximum record size.</summary>
    public static readonly DiagnosticDescriptor LogRecordTooLarge = new("RT4016", "LogRecordTooLarge");

    /// <summary>RT4017: log repair refused: the damage is more than an incomplete last line.</summary>
    public static readonly DiagnosticDescriptor LogRepairRefused = new("RT4017", "LogRepairRefused");

    /// <summary>RT4020: a principal (approver, requester, sign-off principal) is not a GitHub login.</summary>
    public static readonly DiagnosticDescriptor InvalidPrincipal = new("RT4020", "InvalidPrincipal");

    /// <summary>RT4030: the ledger needs git, and git could not be started.</summary>
    public static readonly DiagnosticDescriptor LedgerGitMissing = new("RT4030", "LedgerGitMissing");

    /// <summary>RT4031: fetching the ledger branch failed (remote unreachable, refused, unknown).</summary>
    public static readonly DiagnosticDescriptor LedgerFetchFailed = new("RT4031", "LedgerFetchFailed");

    /// <summary>RT4032: every push of a ledger append was rejected: other writers kept winning.</summary>
    public static readonly DiagnosticDescriptor LedgerPushContended = new("RT4032", "LedgerPushContended");

    /// <summary>RT4033: pushing a ledger append failed for another reason than a moved branch.</summary>
    public static readonly DiagnosticDescriptor LedgerPushFailed = new("RT4033", "LedgerPushFailed");

    /// <summary>RT4034: the ledger branch's history is not linear or a commit adds other than one record line.
    /// </summary>
    public static readonly DiagnosticDescriptor LedgerHistoryInvalid = new("RT4034", "LedgerHistoryInvalid");

    /// <summary>RT4035: the ledger branch no longer contains the head log verify verified last (a force-push).
    /// </summary>
    public static readonly DiagnosticDescriptor LedgerAnchorLost = new("RT4035", "LedgerAnchorLost");

    /// <summary>RT4036: a local git step of the ledger failed (writing an object, signing a commit).</summary>
    public static readonly DiagnosticDescriptor LedgerGitFailed = new("RT4036", "LedgerGitFailed");

    /// <summary>RT4101: NO-GO: a strict, blocking compatibility scenario fails.</summary>
    public static readonly DiagnosticDescriptor StrictBackcompatFailing = new("RT4101", "StrictBackcompatFailing");

    /// <summary>RT4102: NO-GO: required evidence is missing.</summary>
    public static readonly DiagnosticDescriptor EvidenceMissing = new("RT4102", "EvidenceMissing");

    /// <summary>RT4103: NO-GO: required evidence is older than its maximum age.</summary>
    public static readonly DiagnosticDescriptor EvidenceStale = new("RT4103", "EvidenceStale");

    /// <summary>RT4104: NO-GO: evidence is dated in the future beyond the clock skew.</summary>
    public static readonly DiagnosticDescriptor EvidenceFromTheFuture = new("RT4104", "EvidenceFromTheFuture");

    /// <summary>RT4105: NO-GO: the rollback drill is missing, failing or too old.</summary>
    public static readonly DiagnosticDescriptor RollbackDrillFailing = new("RT4105", "RollbackDrillFailing");

    /// <summary>RT4106: NO-GO: a critical waiver has expired.</summary>
    public static readonly DiagnosticDescriptor WaiverExpired = new("RT4106", "WaiverExpired");

    /// <summary>RT4107: NO-GO: a critical waiver lacks its required approvals.</summary>
    public static readonly DiagnosticDescriptor WaiverUnapproved = new("RT4107", "WaiverUnapproved");

    /// <summary>RT4108: NO-GO: the release or cutover action is frozen.</summary>
    public static readonly DiagnosticDescriptor ReleaseFrozen = new("RT4108", "ReleaseFrozen");

    /// <summary>RT4109: NO-GO: gates passed out of their configured order.</summary>
    public static readonly DiagnosticDescriptor GatesOutOfOrder = new("RT4109", "GatesOutOfOrder");

    /// <summary>RT4110: NO-GO: the joint sign-off of the release is incomplete.</summary>
    public static readonly DiagnosticDescriptor SignOffIncompleteNoGo = new("RT4110", "SignOffIncompleteNoGo");

    /// <summary>RT5001: a required sign-off role has no counting approval.</summary>
    public static readonly DiagnosticDescriptor SignOffRoleMissing = new("RT5001", "SignOffRoleMissing");

    /// <summary>RT5002: a principal of a required sign-off role rejected the release.</summary>
    public static readonly DiagnosticDescriptor SignOffRoleRejected = new("RT5002", "SignOffRoleRejected");

    /// <summary>RT5003: a sign-off record or the sign-off configuration is invalid.</summary>
    public static readonly DiagnosticDescriptor InvalidSignOff = new("RT5003", "InvalidSignOff");

    /// <summary>RT5004: no GO decision is recorded for the release and commit.</summary>
    public static readonly DiagnosticDescriptor ReleaseNotDecided = new("RT5004", "ReleaseNotDecided");

    /// <summary>RT5005: the release action is frozen.</summary>
    public static readonly DiagnosticDescriptor ReleaseActionFrozen = new("RT5005", "ReleaseActionFrozen");

    /// <summary>RT5006: the GitHub API answered with an error.</summary>
    public static readonly DiagnosticDescriptor GitHubApiError = new("RT5006", "GitHubApiError");

    /// <summary>RT5007: the GitHub API stayed rate limited or unavailable through every retry.</summary>
    public static readonly DiagnosticDescriptor GitHubRetriesExhausted = new("RT5007", "GitHubRetriesExhausted");

    /// <summary>RT5008: GITHUB_TOKEN or GITHUB_REPOSITORY is not set (an unknown release commit is RT5011).</summary>
    public static readonly DiagnosticDescriptor GitHubSettingMissing = new("RT5008", "GitHubSettingMissing");

    /// <summary>RT5009: the existing GitHub release differs from the local release (asset, digest or commit).</summary>
    public static readonly DiagnosticDescriptor ReleaseMismatch = new("RT5009", "ReleaseMismatch");

    /// <summary>RT5010: the release has nothing to publish: no evidence bundle or no packages.</summary>
    public static readonly DiagnosticDescriptor ReleaseContentMissing = new("RT5010", "ReleaseContentMissing");

    /// <summary>RT5020: the release's author (who cannot approve it) cannot be determined.</summary>
    public static readonly DiagnosticDescriptor ReleaseAuthorUnknown = new("RT5020", "ReleaseAuthorUnknown");

    /// <summary>
    /// RT5021: <c>signoff add</c> on the ledger has no key to sign its commit with (no <c>--signing-key</c> and no
    /// <c>user.signingKey</c> in git's configuration): an unsigned ledger record never counts, so none is recorded.
    /// </summary>
    public static readonly DiagnosticDescriptor SigningKeyMissing = new("RT5021", "SigningKeyMissing");

    /// <summary>
    /// RT5030: a request to a host other than GITHUB_API_URL's (a Link header, an upload_url, a redirect) was refused
    /// before anything was sent: the token goes only to the API's origin.
    /// </summary>
    public static readonly DiagnosticDescriptor GitHubHostRefused = new("RT5030", "GitHubHostRefused");

    /// <summary>RT5031: a GitHub request did not complete within the per-request timeout.</summary>
    public static readonly DiagnosticDescriptor GitHubRequestTimeout = new("RT5031", "GitHubRequestTimeout");

    /// <summary>RT5032: the GitHub work of a command passed its overall deadline.</summary>
    public static readonly DiagnosticDescriptor GitHubDeadlineExceeded = new("RT5032", "GitHubDeadlineExceeded");

    /// <summary>RT5033: a GitHub answer's body is larger than the response limit.</summary>
    public static readonly DiagnosticDescriptor GitHubAnswerTooLarge = new("RT5033", "GitHubAnswerTooLarge");

    /// <summary>RT5034: a GitHub answer is not the JSON expected (syntax, type, missing member, null).</summary>
    public static readonly DiagnosticDescriptor GitHubAnswerMalformed = new("RT5034", "GitHubAnswerMalformed");

    /// <summary>
    /// RT5035: a GitHub setting cannot be used (GITHUB_TOKEN with a line break, space or control character;
    /// GITHUB_API_URL not https, or with credentials; a timeout, deadline or limit that is not a positive number).
    /// </summary>
    public static readonly DiagnosticDescriptor GitHubSettingInvalid = new("RT5035", "GitHubSettingInvalid");

    /// <summary>
    /// RT5040: <c>--run-id</c> or GITHUB_RUN_ID is not a workflow run id (a positive decimal number).
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidRunId = new("RT5040", "InvalidRunId");

    /// <summary>
    /// RT5041: the trusted sign-off policy cannot be fetched: the remote's default branch cannot be resolved or fetched
    /// (no sign-off counts).
    /// </summary>
    public static readonly DiagnosticDescriptor TrustedPolicyUnavailable = new("RT5041", "TrustedPolicyUnavailable");

    /// <summary>
    /// RT5042: the remote's default branch lacks the trusted sign-off policy, or holds one that cannot be read: no
    /// release-train.json with <c>signoff</c>, no allowed-signers file, or an invalid one (no sign-off counts).
    /// </summary>
    public static readonly DiagnosticDescriptor TrustedPolicyInvalid = new("RT5042", "TrustedPolicyInvalid");

    /// <summary>
    /// RT5043: the decision log's latest decision for the release and commit is GO, but the no-cut decision evaluated
    /// again at release time is NO-GO (a forged or outdated GO record): the release is refused.
    /// </summary>
    public static readonly DiagnosticDescriptor ReleaseDecisionNotReproduced = new(
        "RT5043",
        "ReleaseDecisionNotReproduced"
    );

    /// <summary>RT4111: NO-GO: a built-in validator contract fails.</summary>
    public static readonly DiagnosticDescriptor ValidatorFailingNoGo = new("RT4111", "ValidatorFailingNoGo");

    /// <summary>RT4112: NO-GO: a rules contract of release-train.json drifts.</summary>
    public static readonly DiagnosticDescriptor ContractDriftNoGo = new("RT4112", "ContractDriftNoGo");

    /// <summary>RT4113: NO-GO: trains are configured and none covers the release.</summary>
    public static readonly DiagnosticDescriptor ReleaseOutsideTrains = new("RT4113", "ReleaseOutsideTrains");

    /// <summary>RT4114: NO-GO: a signing key is past its rotation cadence without a rotation record.</summary>
    public static readonly DiagnosticDescriptor SigningKeyRotationDue = new("RT4114", "SigningKeyRotationDue");

    /// <summary>RT4115: NO-GO: a signing key in use is revoked.</summary>
    public static readonly DiagnosticDescriptor SigningKeyRevokedNoGo = new("RT4115", "SigningKeyRevokedNoGo");

    /// <summary>RT4116: NO-GO: the signing keys cannot be checked (revocation list, rotation records).</summary>
    public static readonly DiagnosticDescriptor SigningKeysUnchecked = new("RT4116", "SigningKeysUnchecked");

    /// <summary>RT5011: a command that binds to the release commit cannot tell which commit that is.</summary>
    public static readonly DiagnosticDescriptor ReleaseCommitUnknown = new("RT5011", "ReleaseCommitUnknown");

    /// <summary>RT5014: the release commit given is not a full object name (40 or 64 hexadecimal digits).</summary>
    public static readonly DiagnosticDescriptor ReleaseCommitInvalid = new("RT5014", "ReleaseCommitInvalid");

    /// <summary>RT5012: <c>--at</c> was given to a command that records or publishes.</summary>
    public static readonly DiagnosticDescriptor BackdatedAction = new("RT5012", "BackdatedAction");

    /// <summary>RT5013: the release's evidence bundle, or a package it would publish, does not verify.</summary>
    public static readonly DiagnosticDescriptor ReleaseEvidenceUnverified = new("RT5013", "ReleaseEvidenceUnverified");

    /// <summary>
    /// RT6001: A USR registry file's envelope is wrong (schemaVersion, registryId, rows, no other member).
    /// </summary>
    public static readonly DiagnosticDescriptor UsrEnvelopeInvalid = new("RT6001", "UsrEnvelopeInvalid");

    /// <summary>
    /// RT6002: A registry row breaks its row schema (missing, extra or mistyped field; value outside its enum).
    /// </summary>
    public static readonly DiagnosticDescriptor UsrRowInvalid = new("RT6002", "UsrRowInvalid");

    /// <summary>RT6003: Two rows share an id.</summary>
    public static readonly DiagnosticDescriptor UsrDuplicateId = new("RT6003", "UsrDuplicateId");

    /// <summary>RT6004: A USR version does not match ^usr-\d+\.\d+\.\d+$.</summary>
    public static readonly DiagnosticDescriptor UsrVersionInvalid = new("RT6004", "UsrVersionInvalid");

    /// <summary>RT6005: A backcompat row has no reader version.</summary>
    public static readonly DiagnosticDescriptor UsrReaderVersionsEmpty = new("RT6005", "UsrReaderVersionsEmpty");

    /// <summary>RT6006: An accept-with-adapter row is strict or blocking.</summary>
    public static readonly DiagnosticDescriptor UsrAdapterRowInvalid = new("RT6006", "UsrAdapterRowInvalid");

    /// <summary>RT6007: Warning: an accept-with-adapter row does not require USR-W-BACKCOMPAT-ADAPTER.</summary>
    public static readonly DiagnosticDescriptor UsrAdapterDiagnosticMissing = new(
        "RT6007",
        "UsrAdapterDiagnosticMissing"
    );

    /// <summary>RT6008: A reject row is not blocking or names no required diagnostic.</summary>
    public static readonly DiagnosticDescriptor UsrRejectRowInvalid = new("RT6008", "UsrRejectRowInvalid");

    /// <summary>RT6009: Warning: an accept row is not blocking.</summary>
    public static readonly DiagnosticDescriptor UsrNonBlockingAccept = new("RT6009", "UsrNonBlockingAccept");

    /// <summary>RT6010: A required scenario id (BC-001..BC-012) is missing.</summary>
    public static readonly DiagnosticDescriptor UsrScenarioMissing = new("RT6010", "UsrScenarioMissing");

    /// <summary>RT6011: No backcompat row covers more than one reader version.</summary>
    public static readonly DiagnosticDescriptor UsrNoMultiReaderScenario = new("RT6011", "UsrNoMultiReaderScenario");

    /// <summary>
    /// RT6020: The operational readiness policy lacks a phase (pre-cutover, cutover, post-cutover, incident).
    /// </summary>
    public static readonly DiagnosticDescriptor OpsPhaseMissing = new("RT6020", "OpsPhaseMissing");

    /// <summary>RT6021: Pre-cutover, cutover or incident has no blocking row.</summary>
    public static readonly DiagnosticDescriptor OpsBlockingRowMissing = new("RT6021", "OpsBlockingRowMissing");

    /// <summary>RT6022: A blocking readiness row names no required role.</summary>
    public static readonly DiagnosticDescriptor OpsBlockingRolesEmpty = new("RT6022", "OpsBlockingRolesEmpty");

    /// <summary>RT6023: An incident row names no communication channel.</summary>
    public static readonly DiagnosticDescriptor OpsIncidentChannelMissing = new("RT6023", "OpsIncidentChannelMissing");

    /// <summary>
    /// RT6024: A blocking row's runbook has no successful drill within 30 days before the cutover window.
    /// </summary>
    public static readonly DiagnosticDescriptor OpsDrillMissingOrStale = new("RT6024", "OpsDrillMissingOrStale");

    /// <summary>RT6025: A failed blocking drill lacks remediation owner, ETA or rerun evidence.</summary>
    public static readonly DiagnosticDescriptor OpsDrillRemediationMissing = new(
        "RT6025",
        "OpsDrillRemediationMissing"
    );

    /// <summary>RT6026: Drill evidence does not pin the runbook version.</summary>
    public static readonly DiagnosticDescriptor OpsRunbookVersionUnpinned = new("RT6026", "OpsRunbookVersionUnpinned");

    /// <summary>RT6027: A drill evidence file is malformed.</summary>
    public static readonly DiagnosticDescriptor OpsDrillInvalid = new("RT6027", "OpsDrillInvalid");

    /// <summary>RT6030: A waiver's scopeType is outside its enum.</summary>
    public static readonly DiagnosticDescriptor WaiverScopeTypeInvalid = new("RT6030", "WaiverScopeTypeInvalid");

    /// <summary>RT6031: A waiver uses a disallowed class (strict-security-bypass, schema-hard-block-bypass).</summary>
    public static readonly DiagnosticDescriptor WaiverClassDisallowed = new("RT6031", "WaiverClassDisallowed");

    /// <summary>RT6032: An approver is malformed or listed twice.</summary>
    public static readonly DiagnosticDescriptor WaiverApproverInvalid = new("RT6032", "WaiverApproverInvalid");

    /// <summary>RT6033: A blocking waiver has fewer than two approvers.</summary>
    public static readonly DiagnosticDescriptor WaiverTooFewApprovers = new("RT6033", "WaiverTooFewApprovers");

    /// <summary>
    /// RT6034: A waiver's allowedUntil is at or before the evaluation instant (an error in strict mode or when
    /// blocking, else a warning).
    /// </summary>
    public static readonly DiagnosticDescriptor UsrWaiverExpired = new("RT6034", "UsrWaiverExpired");

    /// <summary>RT6035: Warning: a waiver expires within 14 days.</summary>
    public static readonly DiagnosticDescriptor WaiverExpiringSoon = new("RT6035", "WaiverExpiringSoon");

    /// <summary>RT6040: The rollout approval lock lacks its state, record id or a role row.</summary>
    public static readonly DiagnosticDescriptor ApprovalLockMalformed = new("RT6040", "ApprovalLockMalformed");

    /// <summary>RT6041: The rollout approval lock's state does not follow from its role decisions.</summary>
    public static readonly DiagnosticDescriptor ApprovalLockInconsistent = new("RT6041", "ApprovalLockInconsistent");

    /// <summary>RT6050: A phase manifest or its input is malformed.</summary>
    public static readonly DiagnosticDescriptor PhaseManifestInvalid = new("RT6050", "PhaseManifestInvalid");

    /// <summary>RT6051: The phases are not the contract's phases in their fixed order.</summary>
    public static readonly DiagnosticDescriptor PhaseOrderInvalid = new("RT6051", "PhaseOrderInvalid");

    /// <summary>
    /// RT6052: A derived field (status, transitions, phase_count, artifact_refs) differs from what the phases give.
    /// </summary>
    public static readonly DiagnosticDescriptor PhaseDerivedMismatch = new("RT6052", "PhaseDerivedMismatch");

    /// <summary>RT6053: manifest_hash does not recompute.</summary>
    public static readonly DiagnosticDescriptor PhaseManifestHashMismatch = new("RT6053", "PhaseManifestHashMismatch");

    /// <summary>RT6054: A phase's status is fail: the manifest fails.</summary>
    public static readonly DiagnosticDescriptor PhaseFailed = new("RT6054", "PhaseFailed");

    /// <summary>
    /// RT6080: A backcompat row's required diagnostic is not a USR diagnostic code (grammar ^USR-[EWI]-[A-Z0-9-]+$ and
    /// PairOfCleats' canonical enum).
    /// </summary>
    public static readonly DiagnosticDescriptor UsrDiagnosticCodeUnknown = new("RT6080", "UsrDiagnosticCodeUnknown");

    /// <summary>
    /// RT6081: A backcompat scenario breaks its item-36 classification (a strict scenario is strict, blocking and
    /// accept or reject; a non-strict advisory one is non-strict, non-blocking and accept-with-adapter).
    /// </summary>
    public static readonly DiagnosticDescriptor UsrScenarioClassMismatch = new("RT6081", "UsrScenarioClassMismatch");

    /// <summary>RT6082: The item-36 scenario classification file is malformed or inconsistent.</summary>
    public static readonly DiagnosticDescriptor UsrScenarioConfigInvalid = new("RT6082", "UsrScenarioConfigInvalid");

    /// <summary>RT6083: Warning: a backcompat scenario id does not match ^BC-\d{3}$.</summary>
    public static readonly DiagnosticDescriptor UsrScenarioIdNonCanonical = new("RT6083", "UsrScenarioIdNonCanonical");

    /// <summary>
    /// RT6084: A waiver's compensating controls are empty, name a file that is not .json, or name no governed report
    /// artifact.
    /// </summary>
    public static readonly DiagnosticDescriptor WaiverControlInvalid = new("RT6084", "WaiverControlInvalid");

    /// <summary>RT6085: An artifact-scoped waiver's scopeId is not a USR report artifact.</summary>
    public static readonly DiagnosticDescriptor WaiverArtifactScopeUnknown = new(
        "RT6085",
        "WaiverArtifactScopeUnknown"
    );

    /// <summary>
    /// RT6086: A blocking waiver has no approver holding a governance role of the ownership or escalation matrix.
    /// </summary>
    public static readonly DiagnosticDescriptor WaiverNoGovernanceApprover = new(
        "RT6086",
        "WaiverNoGovernanceApprover"
    );

    /// <summary>
    /// RT6090: A member of the phases input has the wrong JSON type (a non-string status or drift_status, a non-boolean
    /// rollback_triggered or emergency_stop_active, ...): torghut would coerce it; ours refuses it.
    /// </summary>
    public static readonly DiagnosticDescriptor PhaseInputTypeInvalid = new("RT6090", "PhaseInputTypeInvalid");

    /// <summary>
    /// RT6091: A phase status is none of the manifest form's statuses (e.g. passed, blocked): torghut would read it
    /// as a skip; ours refuses it.
    /// </summary>
    public static readonly DiagnosticDescriptor PhaseStatusUnknown = new("RT6091", "PhaseStatusUnknown");

    /// <summary>
    /// RT6092: A member of autonomous-gate-policy.json that a torghut rule reads has the wrong JSON type.
    /// </summary>
    public static readonly DiagnosticDescriptor GatePolicyInvalid = new("RT6092", "GatePolicyInvalid");

    /// <summary>
    /// RT6093: A promotion-prerequisites phase passes without an artifact or gate the gate policy requires for the
    /// promotion target.
    /// </summary>
    public static readonly DiagnosticDescriptor PromotionPrerequisiteMissing = new(
        "RT6093",
        "PromotionPrerequisiteMissing"
    );

    /// <summary>RT6060: A file listed by an artifact manifest is missing.</summary>
    public static readonly DiagnosticDescriptor ArtifactMissing = new("RT6060", "ArtifactMissing");

    /// <summary>RT6061: A listed file's sha256 differs.</summary>
    public static readonly DiagnosticDescriptor ArtifactDigestMismatch = new("RT6061", "ArtifactDigestMismatch");

    /// <summary>RT6062: A listed file's size differs.</summary>
    public static readonly DiagnosticDescriptor ArtifactSizeMismatch = new("RT6062", "ArtifactSizeMismatch");

    /// <summary>RT6063: An artifact manifest is none of the known forms or an entry is malformed.</summary>
    public static readonly DiagnosticDescriptor ArtifactManifestInvalid = new("RT6063", "ArtifactManifestInvalid");

    /// <summary>RT6070: A canary stage breaches a threshold: roll back.</summary>
    public static readonly DiagnosticDescriptor CanaryBreach = new("RT6070", "CanaryBreach");

    /// <summary>
    /// RT6071: A canary stage cannot be judged (NaN, Inf, zero or missing baseline, too few samples): it blocks.
    /// </summary>
    public static readonly DiagnosticDescriptor CanaryInconclusive = new("RT6071", "CanaryInconclusive");

    /// <summary>RT6072: The canary metrics snapshot or thresholds are malformed.</summary>
    public static readonly DiagnosticDescriptor CanarySnapshotInvalid = new("RT6072", "CanarySnapshotInvalid");

    /// <summary>
    /// RT6100: An execution certificate's field differs from the release's value (deployment runbook II.F, promotion
    /// gate): the field, the expected and the actual value.
    /// </summary>
    public static readonly DiagnosticDescriptor PromotionFieldMismatch = new("RT6100", "PromotionFieldMismatch");

    /// <summary>RT6101: An execution certificate lacks a field the promotion gate must compare.</summary>
    public static readonly DiagnosticDescriptor PromotionFieldMissing = new("RT6101", "PromotionFieldMissing");

    /// <summary>
    /// RT6102: An execution certificate or its expected identities are malformed (not an object, a hash that is not
    /// 32 bytes of hex, a comparison rule other than exact_bytes32_equality).
    /// </summary>
    public static readonly DiagnosticDescriptor PromotionCertificateInvalid = new(
        "RT6102",
        "PromotionCertificateInvalid"
    );

    /// <summary>
    /// RT6103: The value a certificate field must equal cannot be resolved (nothing configured, the evidence bundle
    /// missing or not verifying, nothing to compare).
    /// </summary>
    public static readonly DiagnosticDescriptor PromotionExpectationUnresolved = new(
        "RT6103",
        "PromotionExpectationUnresolved"
    );

    /// <summary>RT6104: The signature of a certificate's signed_payload does not verify.</summary>
    public static readonly DiagnosticDescriptor PromotionSignatureInvalid = new("RT6104", "PromotionSignatureInvalid");

    /// <summary>Every descriptor, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        MalformedJson,
        DuplicateKey,
        FileNotFound,
        SchemaViolation,
        PathEscapesRoot,
        ConfigNotFound,
        InvalidJsonPointer,
        InvalidPattern,
        UnknownContract,
        UnknownFileReference,
        FileUnreadable,
        DuplicateId,
        InvalidUsage,
        FileTooLarge,
        UnexpectedError,
        NotARegularFile,
        NulInPath,
        RootIsFileSystemRoot,
        InvalidReleaseVersion,
        JsonByteOrderMark,
        MalformedYaml,
        TextNotUtf8,
        ScaffoldFileExists,
        FeedNotFound,
        NuGetConfigUnreadable,
        ConfigFileMissing,
        Sha256PinNotLowerCase,
        ValueMismatch,
        OrderedListMismatch,
        SetMismatch,
        RequiredKeyMissing,
        ForbiddenKeyPresent,
        MirrorMismatch,
        PatternMismatch,
        EnumMismatch,
        Sha256PinMismatch,
        ValueMissing,
        TypeMismatch,
        SourceValueMissing,
        TextPatternMissing,
        TextPatternPresent,
        ValueConstraintUnmet,
        ItemsMissing,
        InvalidRestoreModel,
        LockFileMismatch,
        EvidenceMismatch,
        EvidenceNotCommitted,
        InvalidDigest,
        NoPackages,
        InvalidSourceDate,
        LockFileTargetUnmatched,
        UnreadableFolder,
        EvidenceEntryOutsideBundle,
        EvidenceUnexpectedEntry,
        EvidenceBundleDiffers,
        UnknownPathPlaceholder,

        UnreadableNuspec,
        InvalidSbomInput,
        ProjectNotRestored,

        SignatureEnvelopeInvalid,
        SignedStatementMismatch,
        SignatureInvalid,
        SignerKeyUnknown,
        SignerKeyExpired,
        SignerKeyNotYetValid,
        SignerKeyRevoked,
        RevocationListPinMismatch,
        SignerPrincipalMismatch,
        SigningKeyUnusable,
        SignatureUnchecked,
        SignatureMissing,
        RotationRecordInvalid,
        InvalidCron,
        UnknownTimeZone,
        InvalidDuration,
        InvalidTimestamp,
        FreezeActive,
        InvalidFreezeWindow,
        UnknownFreezeWindow,
        InvalidVersionRange,
        InvalidPolicyInput,
        DecisionLogTampered,
        DecisionLogTorn,
        DecisionLogBusy,
        LogNotWritable,
        LogAppendUndone,
        LogAppendNotUndone,
        LogRecordTooLarge,
        LogRepairRefused,
        StrictBackcompatFailing,
        EvidenceMissing,
        EvidenceStale,
        EvidenceFromTheFuture,
        RollbackDrillFailing,
        WaiverExpired,
        WaiverUnapproved,
        ReleaseFrozen,
        GatesOutOfOrder,
        SignOffIncompleteNoGo,
        SignOffRoleMissing,
        SignOffRoleRejected,
        InvalidSignOff,
        ReleaseNotDecided,
        ReleaseActionFrozen,
        GitHubApiError,
        GitHubRetriesExhausted,
        GitHubSettingMissing,
        ReleaseMismatch,
        ReleaseContentMissing,
        GitHubHostRefused,
        GitHubRequestTimeout,
        GitHubDeadlineExceeded,
        GitHubAnswerTooLarge,
        GitHubAnswerMalformed,
        GitHubSettingInvalid,
        InvalidRunId,
        TrustedPolicyUnavailable,
        TrustedPolicyInvalid,
        ReleaseDecisionNotReproduced,
        ValidatorFailingNoGo,
        ContractDriftNoGo,
        ReleaseOutsideTrains,
        SigningKeyRotationDue,
        SigningKeyRevokedNoGo,
        SigningKeysUnchecked,
        ReleaseCommitUnknown,
        ReleaseCommitInvalid,
        BackdatedAction,
        ReleaseEvidenceUnverified,
        UsrEnvelopeInvalid,
        UsrRowInvalid,
        UsrDuplicateId,
        UsrVersionInvalid,
        UsrReaderVersionsEmpty,
        UsrAdapterRowInvalid,
        UsrAdapterDiagnosticMissing,
        UsrRejectRowInvalid,
        UsrNonBlockingAccept,
        UsrScenarioMissing,
        UsrNoMultiReaderScenario,
        OpsPhaseMissing,
        OpsBlockingRowMissing,
        OpsBlockingRolesEmpty,
        OpsIncidentChannelMissing,
        OpsDrillMissingOrStale,
        OpsDrillRemediationMissing,
        OpsRunbookVersionUnpinned,
        OpsDrillInvalid,
        WaiverScopeTypeInvalid,
        WaiverClassDisallowed,
        WaiverApproverInvalid,
        WaiverTooFewApprovers,
        UsrWaiverExpired,
        WaiverExpiringSoon,
        ApprovalLockMalformed,
        ApprovalLockInconsistent,
        PhaseManifestInvalid,
        PhaseOrderInvalid,
        PhaseDerivedMismatch,
        PhaseManifestHashMismatch,
        PhaseFailed,
        PhaseInputTypeInvalid,
        PhaseStatusUnknown,
        GatePolicyInvalid,
        PromotionPrerequisiteMissing,
        ArtifactMissing,
        ArtifactDigestMismatch,
        ArtifactSizeMismatch,
        ArtifactManifestInvalid,
        CanaryBreach,
        CanaryInconclusive,
        CanarySnapshotInvalid,
        InvalidPrincipal,
        LedgerGitMissing,
        LedgerFetchFailed,
        LedgerPushContended,
        LedgerPushFailed,
        LedgerHistoryInvalid,
        LedgerAnchorLost,
        LedgerGitFailed,
        ReleaseAuthorUnknown,
        SigningKeyMissing,
        UsrDiagnosticCodeUnknown,
        UsrScenarioClassMismatch,
        UsrScenarioConfigInvalid,
        UsrScenarioIdNonCanonical,
        WaiverControlInvalid,
        WaiverArtifactScopeUnknown,
        WaiverNoGovernanceApprover,
        PromotionFieldMismatch,
        PromotionFieldMissing,
        PromotionCertificateInvalid,
        PromotionExpectationUnresolved,
        PromotionSignatureInvalid,
        PackageUnsigned,
        PackageSignatureInvalid,
        LockedRestoreFailed,
        PreflightToolFailed,
    ];
}
