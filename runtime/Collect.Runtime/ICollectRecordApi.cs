using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime;

/// <summary>The generic record API that generated repositories call: the data endpoints of the REST API.</summary>
public interface ICollectRecordApi
{
    /// <summary>Reads one page of a table (<c>GET /data/{table}</c>).</summary>
    Task<CollectPage<T>> ListAsync<T>(CollectQuery? query, CancellationToken cancellationToken) where T : ICollectRecord<T>;

    /// <summary>Reads one row (<c>GET /data/{table}/{rowid}</c>).</summary>
    Task<T> GetAsync<T>(RowId rowId, CancellationToken cancellationToken) where T : ICollectRecord<T>;

    /// <summary>Counts a row's sub-records per child table (<c>GET /data/{table}/{rowid}/counts</c>).</summary>
    Task<IReadOnlyList<RecordCount>> CountsAsync<T>(RowId rowId, CancellationToken cancellationToken) where T : ICollectRecord<T>;

    /// <summary>Reads one page of a row's sub-records in a child table (<c>GET /data/{table}/{rowid}/{child}</c>).</summary>
    Task<CollectPage<TChild>> ListSubRecordsAsync<TParent, TChild>(RowId parentRowId, CollectQuery? query, CancellationToken cancellationToken)
        where TParent : ICollectRecord<TParent>
        where TChild : ICollectRecord<TChild>;

    /// <summary>Creates a row (<c>POST /data/{table}</c>); returns the stored (or, when staging, the staged) row.</summary>
    Task<T> CreateAsync<T>(T record, BusinessLogic businessLogic, CancellationToken cancellationToken) where T : ICollectRecord<T>;

    /// <summary>Updates a row (<c>PATCH /data/{table}/{rowid}</c>) sending only the columns that differ from <paramref name="original"/>.</summary>
    Task<T> UpdateAsync<T>(T original, T changed, CancellationToken cancellationToken) where T : ICollectRecord<T>;

    /// <summary>Deletes a row (<c>DELETE /data/{table}/{rowid}</c>).</summary>
    Task DeleteAsync<T>(RowId rowId, CancellationToken cancellationToken) where T : ICollectRecord<T>;
}
