using System;
using System.Collections.Generic;

namespace Collect.Runtime;

/// <summary>
/// Where a Collect! API lives and how it spells what the docs leave open (CONTRACT.md): the base
/// address, the database to select and the names of the list parameters.
/// </summary>
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
    /// The value of the <see cref="DatabaseHeaderName"/> header for <see cref="Database"/>
    /// (<c>cv_</c> prefixed), or null when no database is selected.
    /// </summary>
    public string? DatabaseHeaderValue
    {
        get
        {
            var name = Database?.Trim();
            if (string.IsNullOrEmpty(name)) return null;
            return name.StartsWith(DatabasePrefix, StringComparison.OrdinalIgnoreCase) ? name : DatabasePrefix + name;
        }
    }

    /// <summary>Checks the options and throws a clear exception for the first problem found.</summary>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public void Validate()
    {
        if (BaseAddress is null)
            throw Invalid(nameof(BaseAddress), "is missing: set it to the API's absolute address, e.g. https://api.example.com/.");
        if (!BaseAddress.IsAbsoluteUri)
            throw Invalid(nameof(BaseAddress), $"'{BaseAddress.OriginalString}' is relative: it must be an absolute address, e.g. https://api.example.com/.");
        if (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps)
            throw Invalid(nameof(BaseAddress), $"'{BaseAddress}' must be an http or https address.");
        if (BaseAddress.Query.Length > 0 || BaseAddress.Fragment.Length > 0)
            throw Invalid(nameof(BaseAddress), $"'{BaseAddress.GetLeftPart(UriPartial.Path)}' must not carry a query string or fragment.");

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
