using System.Collections.Generic;

namespace Collect.Runtime;

/// <summary>The list parameters of a read: filter, fields, sort, limit and page.</summary>
public sealed record CollectQuery
{
    /// <summary>Conditions the rows must meet.</summary>
    public CollectFilter? Filter { get; init; }

    /// <summary>The columns to return (the row id is always returned). Null: all columns.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>The sort keys, most significant first.</summary>
    public IReadOnlyList<SortKey>? Sort { get; init; }

    /// <summary>Rows per page (server default 100, maximum 1000).</summary>
    public int? Limit { get; init; }

    /// <summary>The 1-based page to read.</summary>
    public int? Page { get; init; }
}

/// <summary>One page of a list read.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Rows">The rows of this page.</param>
/// <param name="NumRecords">Matching rows across all pages.</param>
/// <param name="NumPages">Number of pages.</param>
public sealed record CollectPage<T>(IReadOnlyList<T> Rows, long NumRecords, int NumPages);

/// <summary>The number of sub-records a row has in one child table.</summary>
/// <param name="Table">The child table.</param>
/// <param name="NumRecords">Its rows linked to the parent.</param>
public readonly record struct RecordCount(string Table, long NumRecords);

/// <summary>How much of the server's business logic a create runs (the API's <c>business-logic</c> value).</summary>
public enum BusinessLogic
{
    /// <summary>0: no business logic; the row is written from the supplied columns plus defaults.</summary>
    InsertOnly = 0,
    /// <summary>1: pre-logic runs on a virtual record that is returned, not saved.</summary>
    PreLogicStaging = 1,
    /// <summary>2: the row is inserted with only pre-logic applied.</summary>
    PreLogicOnly = 2,
    /// <summary>3: the row is inserted with only post-logic applied (for re-submitting a staged record).</summary>
    PostLogicOnly = 3,
    /// <summary>4: pre- and post-logic both run; recommended for blind submissions.</summary>
    FullLogic = 4,
}
