using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime;

/// <summary>
/// Where a Collect! API lives, how to sign in to it and how it spells what the docs leave open
/// (CONTRACT.md): the base address (and an optional separate authorization server), the database to
/// select, the operator's credentials, the sign-in and refresh paths, the names of the list
/// parameters and the timeouts.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> never prints <see cref="Password"/>. With
/// <c>services.AddCollectClient(...)</c> the options are validated at start-up (see
/// <see cref="Validate"/>); a client built by hand validates them in its constructor.
/// </remarks>
public sealed class CollectClientOptions
{
    /// <summary>The header that selects the database on a multi-database install.</summary>
    public const string DatabaseHeaderName = "x-collect-database";

    private const string DatabasePrefix = "cv_";

    /// <summary>
    /// The API's absolute address, e.g. <c>https://api.example.com/</c>. Paths such as
    /// <c>api/v1/collect/data/debtor</c> are resolved below it; a missing trailing <c>/</c> is added,
    /// so <c>https://host/collect</c> and <c>https://host/collect/</c> mean the same.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The database to select, with or without its <c>cv_</c> prefix: <c>demodb</c> and
    /// <c>cv_demodb</c> both send <c>x-collect-database: cv_demodb</c>. Null sends no header, so the
    /// server uses its default database.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>The path of the data endpoints below <see cref="BaseAddress"/>. Default <c>api/v1/collect/data</c>.</summary>
    public string DataPath { get; set; } = "api/v1/collect/data";

    /// <summary>The name of the list parameter carrying the filter. Default <c>filter</c>.</summary>
    public string FilterParameter { get; set; } = "filter";

    /// <summary>The name of the list parameter carrying the columns to return. Default <c>fields</c>.</summary>
    public string FieldsParameter { get; set; } = "fields";

    /// <summary>The name of the list parameter carrying the sort keys. Default <c>sort</c>.</summary>
    public string SortParameter { get; set; } = "sort";

    /// <summary>The name of the list parameter carrying the page size. Default <c>limit</c>.</summary>
    public string LimitParameter { get; set; } = "limit";

    /// <summary>The name of the list parameter carrying the 1-based page number. Default <c>page</c>.</summary>
    public string PageParameter { get; set; } = "page";

    /// <summary>
    /// The largest response body the client reads, in bytes (default 64 MiB); a larger answer fails
    /// with a <see cref="CollectApiException"/> instead of exhausting memory.
    /// </summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The authorization server's absolute address, when sign-in is not served below
    /// <see cref="BaseAddress"/> (the docs show it on its own port, e.g. <c>http://host:40000/</c>
    /// beside the API's <c>http://host:4001/</c>). Null: <see cref="LoginPath"/> and
    /// <see cref="RefreshPath"/> are resolved below <see cref="BaseAddress"/>.
    /// </summary>
    public Uri? AuthAddress { get; set; }

    /// <summary>The operator id to sign in as (<c>op_id</c>, e.g. <c>OWN</c>), together with <see cref="Password"/>.</summary>
    public string? OperatorId { get; set; }

    /// <summary>
    /// The operator's password (<c>op_password</c>). It is sent only in the sign-in request's body and
    /// never appears in logs, exception messages or <see cref="ToString"/>.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>
    /// Supplies the credentials at each sign-in, instead of <see cref="OperatorId"/> and
    /// <see cref="Password"/> (e.g. read from a secret store). Called again whenever the client has
    /// to sign in anew.
    /// </summary>
    public Func<CancellationToken, ValueTask<CollectCredentials>>? CredentialsProvider { get; set; }

    /// <summary>The sign-in path below <see cref="AuthAddress"/> (or <see cref="BaseAddress"/>). Default <c>api/v1/auth/login</c>.</summary>
    public string LoginPath { get; set; } = "api/v1/auth/login";

    /// <summary>
    /// The token-refresh path below <see cref="AuthAddress"/> (or <see cref="BaseAddress"/>), which
    /// takes <c>{"refresh_token": "..."}</c> and answers like sign-in. Default <c>api/v1/auth/refresh</c>
    /// (CONTRACT.md; the docs do not name it).
    /// </summary>
    public string RefreshPath { get; set; } = "api/v1/auth/refresh";

    /// <summary>The path of the application endpoints (<c>runplan</c>, <c>report</c>, <c>upload</c>, <c>download</c>) below <see cref="BaseAddress"/>. Default <c>api/v1/collect/app</c>.</summary>
    public string AppPath { get; set; } = "api/v1/collect/app";

    /// <summary>The path of the form-structure endpoint below <see cref="BaseAddress"/>. Default <c>api/v1/collect/ui/forms</c>.</summary>
    public string FormsPath { get; set; } = "api/v1/collect/ui/forms";

    /// <summary>
    /// How long before an access token's expiry the client refreshes it (default 1 minute). Applies
    /// only to tokens that say when they expire (a JWT with an <c>exp</c> claim); a token is never
    /// refreshed earlier than half-way through its life. Other tokens are renewed when the server
    /// answers 401.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The clock behind <see cref="RequestTimeout"/> and <see cref="JobRequestTimeout"/> (null: the system
    /// clock). Dependency injection sets it to the registered <see cref="System.TimeProvider"/>; tests set a
    /// manual clock so that a time limit fires exactly when they move it.
    /// </summary>
    internal TimeProvider? Clock { get; set; }

    /// <summary>
    /// How long one call may take (default 100 seconds), sign-in included; a slower call fails with a
    /// <see cref="TimeoutException"/>. For a download it covers the wait for the answer's headers and
    /// then each read of the file (a server that sends nothing for that long fails the read; the whole
    /// file may take longer); for an upload it covers sending the file. Plans and reports that name a
    /// web socket use <see cref="JobRequestTimeout"/> instead.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long a contact-plan or report call that names a web socket may take (default 1 hour). Such a
    /// call answers only when its job ends, after a person may have answered its prompts, so
    /// <see cref="RequestTimeout"/> does not apply to it; the job's own limits do
    /// (<c>CollectJobOptions.PromptTimeout</c> per prompt, <c>CollectJobOptions.AnswerTimeout</c> per
    /// answer and <c>CollectJobOptions.JobTimeout</c>, 30 minutes by default, for the whole job), and
    /// this longer limit is the backstop for calls made outside <c>CollectSocket.RunJobAsync</c> or
    /// with <c>JobTimeout</c> raised. <see cref="Timeout.InfiniteTimeSpan"/> turns it off. A call
    /// without a web socket cannot prompt and keeps <see cref="RequestTimeout"/>.
    /// </summary>
    public TimeSpan JobRequestTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The value of the <see cref="DatabaseHeaderName"/> header for <see cref="Database"/>
    /// (<c>cv_</c> prefixed), or null when no database is selected.
    /// </summary>
    public string? DatabaseHeaderValue => ToHeaderValue(Database);

    /// <summary>The <see cref="DatabaseHeaderName"/> value for a database name, with or without its <c>cv_</c> prefix; null for none.</summary>
    internal static string? ToHeaderValue(string? database)
    {
        var name = database?.Trim();
        if (string.IsNullOrEmpty(name)) return null;
        return name.StartsWith(DatabasePrefix, StringComparison.OrdinalIgnoreCase) ? name : DatabasePrefix + name;
    }

    /// <summary>Checks the options and throws a clear exception for the first problem found.</summary>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public void Validate()
    {
        if (BaseAddress is null)
            throw Invalid(nameof(BaseAddress), "is missing: set it to the API's absolute address, e.g. https://api.example.com/.");
        ValidateAddress(nameof(BaseAddress), BaseAddress);
        if (AuthAddress is not null) ValidateAddress(nameof(AuthAddress), AuthAddress);

        if (Database is not null)
        {
            var name = Database.Trim();
            if (name.Length == 0 || string.Equals(name, DatabasePrefix, StringComparison.OrdinalIgnoreCase))
                throw Invalid(nameof(Database), "is empty: name a database (e.g. demodb) or set it to null for the server's default.");
            foreach (var c in name)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c) || c > '\x7e')
                    throw Invalid(nameof(Database), $"'{name}' holds a character that cannot go into the {DatabaseHeaderName} header.");
            }
        }

        if (string.IsNullOrWhiteSpace(DataPath?.Trim('/')))
            throw Invalid(nameof(DataPath), "is empty.");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (option, value) in ListParameters())
        {
            if (string.IsNullOrWhiteSpace(value))
                throw Invalid(option, "is empty: every list parameter needs a name.");
            if (!names.Add(value))
                throw Invalid(option, $"'{value}' names the same parameter as another list option.");
        }

        if (MaxResponseBytes <= 0)
            throw Invalid(nameof(MaxResponseBytes), "must be positive.");

        ValidatePath(nameof(LoginPath), LoginPath);
        ValidatePath(nameof(RefreshPath), RefreshPath);
        ValidatePath(nameof(AppPath), AppPath);
        ValidatePath(nameof(FormsPath), FormsPath);

        if (CredentialsProvider is not null && (OperatorId is not null || Password is not null))
            throw Invalid(nameof(CredentialsProvider), "is set together with OperatorId/Password: use either OperatorId and Password, or CredentialsProvider.");
        if (OperatorId is not null && string.IsNullOrWhiteSpace(OperatorId))
            throw Invalid(nameof(OperatorId), "is empty: name the operator to sign in as (op_id), e.g. OWN.");
        if (OperatorId is not null && Password is null)
            throw Invalid(nameof(Password), $"is missing: operator '{OperatorId}' needs a password to sign in (it may be empty, but not null).");
        if (Password is not null && OperatorId is null)
            throw Invalid(nameof(OperatorId), "is missing: a Password is set, but not the operator to sign in as (op_id).");

        if (TokenRefreshMargin < TimeSpan.Zero)
            throw Invalid(nameof(TokenRefreshMargin), $"is {TokenRefreshMargin}: it must not be negative.");
        ValidateTimeout(nameof(RequestTimeout), RequestTimeout);
        ValidateTimeout(nameof(JobRequestTimeout), JobRequestTimeout);
    }

    private static void ValidateTimeout(string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            throw Invalid(option, $"is {value}: it must be positive (or Timeout.InfiniteTimeSpan for none).");
        if (value != Timeout.InfiniteTimeSpan && value.TotalMilliseconds > int.MaxValue)
            throw Invalid(option, $"is {value}: at most {TimeSpan.FromMilliseconds(int.MaxValue)} (or Timeout.InfiniteTimeSpan for none).");
    }

    /// <summary>Whether credentials are configured (<see cref="OperatorId"/> or <see cref="CredentialsProvider"/>).</summary>
    internal bool HasCredentials => OperatorId is not null || CredentialsProvider is not null;

    /// <summary>
    /// <see cref="Validate"/>, and also that the client can sign in: <see cref="OperatorId"/> and
    /// <see cref="Password"/>, or <see cref="CredentialsProvider"/>, are set.
    /// </summary>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    internal void ValidateForSignIn()
    {
        Validate();
        if (!HasCredentials)
            throw Invalid(nameof(OperatorId), "is missing: set OperatorId and Password (or CredentialsProvider) so that the client can sign in.");
    }

    /// <summary>The absolute address of <paramref name="path"/> below <see cref="AuthAddress"/>, or <see cref="BaseAddress"/> when none is set.</summary>
    internal Uri AuthUri(string path) => Below(AuthAddress ?? BaseAddress!, path);

    /// <summary>The absolute address of <paramref name="path"/> below <paramref name="address"/> (a missing trailing <c>/</c> is added).</summary>
    internal static Uri Below(Uri address, string path)
    {
        var text = address.AbsoluteUri;
        if (!text.EndsWith('/')) text += "/";
        return new Uri(text + path.Trim('/'), UriKind.Absolute);
    }

    /// <summary>The options that say where and as whom the client signs in; never the password.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("CollectClientOptions { ");
        text.Append("BaseAddress = ").Append(BaseAddress is null ? "(none)" : Show(BaseAddress));
        if (AuthAddress is not null) text.Append(", AuthAddress = ").Append(Show(AuthAddress));
        text.Append(", Database = ").Append(DatabaseHeaderValue ?? "(default)");
        text.Append(", OperatorId = ").Append(OperatorId ?? "(none)");
        text.Append(", Password = ").Append(Password is null ? "(none)" : "***");
        if (CredentialsProvider is not null) text.Append(", CredentialsProvider = (set)");
        text.Append(", RequestTimeout = ").Append(RequestTimeout == Timeout.InfiniteTimeSpan ? "infinite" : RequestTimeout.ToString());
        text.Append(", JobRequestTimeout = ").Append(JobRequestTimeout == Timeout.InfiniteTimeSpan ? "infinite" : JobRequestTimeout.ToString());
        return text.Append(" }").ToString();
    }

    // An address as it may be shown: without a user name or password it might carry.
    private static string Show(Uri address) =>
        address.IsAbsoluteUri && address.UserInfo.Length > 0
            ? address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : address.OriginalString;

    private static void ValidateAddress(string option, Uri address)
    {
        if (!address.IsAbsoluteUri)
            throw Invalid(option, $"'{address.OriginalString}' is relative: it must be an absolute address, e.g. https://api.example.com/.");
        if (address.UserInfo.Length > 0)
            throw Invalid(option, $"'{address.Scheme + "://" + address.Host}' must not carry a user name or password: set OperatorId and Password instead.");
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
            throw Invalid(option, $"'{address}' must be an http or https address.");
        if (address.Query.Length > 0 || address.Fragment.Length > 0)
            throw Invalid(option, $"'{address.GetLeftPart(UriPartial.Path)}' must not carry a query string or fragment.");
    }

    private static void ValidatePath(string option, string? path)
    {
        if (string.IsNullOrWhiteSpace(path?.Trim('/')))
            throw Invalid(option, "is empty.");
        if (path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal))
            throw Invalid(option, $"'{path}' must be a path below the address, without a query string or scheme.");
    }

    private IEnumerable<(string Option, string Value)> ListParameters()
    {
        yield return (nameof(FilterParameter), FilterParameter);
        yield return (nameof(FieldsParameter), FieldsParameter);
        yield return (nameof(SortParameter), SortParameter);
        yield return (nameof(LimitParameter), LimitParameter);
        yield return (nameof(PageParameter), PageParameter);
    }

    private static InvalidOperationException Invalid(string option, string problem) =>
        new($"CollectClientOptions.{option} {problem}");
}
