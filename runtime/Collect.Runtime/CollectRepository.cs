using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime;

/// <summary>
/// CRUD, paging and counts for one table. Generated repositories derive from it and add only the
/// table's typed sub-record calls, so generated code stays small.
/// </summary>
/// <typeparam name="T">The generated record type.</typeparam>
public abstract class CollectRepository<T> where T : ICollectRecord<T>
{
    /// <summary>Creates the repository over a record API.</summary>
    protected CollectRepository(ICollectRecordApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        Api = api;
    }

    /// <summary>The record API the calls go through.</summary>
    protected ICollectRecordApi Api { get; }

    /// <summary>The table's name in the API.</summary>
    public string TableName => T.TableName;

    /// <summary>Reads one page of rows.</summary>
    public Task<CollectPage<T>> ListAsync(CollectQuery? query = null, CancellationToken cancellationToken = default) =>
        Api.ListAsync<T>(query, cancellationToken);

    /// <summary>Reads every matching row, page after page (from the query's page, or the first).</summary>
    public IAsyncEnumerable<T> ListAllAsync(CollectQuery? query = null, CancellationToken cancellationToken = default) =>
        Pages(query, (q, ct) => Api.ListAsync<T>(q, ct), cancellationToken);

    /// <summary>Reads one row by id.</summary>
    public Task<T> GetAsync(RowId rowId, CancellationToken cancellationToken = default) =>
        Api.GetAsync<T>(rowId, cancellationToken);

    /// <summary>Counts the row's sub-records per child table.</summary>
    public Task<IReadOnlyList<RecordCount>> CountsAsync(RowId rowId, CancellationToken cancellationToken = default) =>
        Api.CountsAsync<T>(rowId, cancellationToken);

    /// <summary>Creates a row with the given business logic; returns the stored (or staged) row.</summary>
    public Task<T> CreateAsync(T record, BusinessLogic businessLogic = BusinessLogic.InsertOnly, CancellationToken cancellationToken = default) =>
        Api.CreateAsync(record, businessLogic, cancellationToken);

    /// <summary>Updates a row, sending only the columns that differ between <paramref name="original"/> and <paramref name="changed"/>.</summary>
    public Task<T> UpdateAsync(T original, T changed, CancellationToken cancellationToken = default) =>
        Api.UpdateAsync(original, changed, cancellationToken);

    /// <summary>Deletes a row.</summary>
    public Task DeleteAsync(RowId rowId, CancellationToken cancellationToken = default) =>
        Api.DeleteAsync<T>(rowId, cancellationToken);

    /// <summary>Reads one page of a row's sub-records in the child table <typeparamref name="TChild"/>.</summary>
    protected Task<CollectPage<TChild>> SubRecordsAsync<TChild>(RowId rowId, CollectQuery? query, CancellationToken cancellationToken)
        where TChild : ICollectRecord<TChild> =>
        Api.ListSubRecordsAsync<T, TChild>(rowId, query, cancellationToken);

    /// <summary>Reads all of a row's sub-records in the child table <typeparamref name="TChild"/>, page after page.</summary>
    protected IAsyncEnumerable<TChild> AllSubRecordsAsync<TChild>(RowId rowId, CollectQuery? query, CancellationToken cancellationToken)
        where TChild : ICollectRecord<TChild> =>
        Pages(query, (q, ct) => Api.ListSubRecordsAsync<T, TChild>(rowId, q, ct), cancellationToken);

    private static async IAsyncEnumerable<TRow> Pages<TRow>(
        CollectQuery? query,
        Func<CollectQuery, CancellationToken, Task<CollectPage<TRow>>> readPage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = query ?? new CollectQuery();
        var page = current.Page ?? 1;
        while (true)
        {
            var result = await readPage(current with { Page = page }, cancellationToken).ConfigureAwait(false);
            foreach (var row in result.Rows)
            {
                // A caller that cancels while going through a page stops at the next row, not the next page.
                cancellationToken.ThrowIfCancellationRequested();
                yield return row;
            }
            if (result.Rows.Count == 0 || page >= result.NumPages) yield break;
            page++;
        }
    }
}
