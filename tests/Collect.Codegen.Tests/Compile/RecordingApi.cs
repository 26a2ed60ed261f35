using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime;

namespace Collect.Codegen.Tests.Compile;

/// <summary>A record API that answers nothing and records each call as its REST path, to show which tables generated code asks for.</summary>
public sealed class RecordingApi : ICollectRecordApi
{
    private readonly ConcurrentQueue<string> _calls = new();

    /// <summary>The calls so far, as <c>METHOD path</c>.</summary>
    public IReadOnlyCollection<string> Calls => _calls;

    public Task<CollectPage<T>> ListAsync<T>(CollectQuery? query, CancellationToken cancellationToken) where T : ICollectRecord<T> =>
        Page<T>($"GET {T.TableName}");

    public Task<T> GetAsync<T>(RowId rowId, CancellationToken cancellationToken) where T : ICollectRecord<T> =>
        throw Unused($"GET {T.TableName}/{rowId}");

    public Task<IReadOnlyList<RecordCount>> CountsAsync<T>(RowId rowId, CancellationToken cancellationToken) where T : ICollectRecord<T> =>
        throw Unused($"GET {T.TableName}/{rowId}/counts");

    public Task<CollectPage<TChild>> ListSubRecordsAsync<TParent, TChild>(RowId parentRowId, CollectQuery? query, CancellationToken cancellationToken)
        where TParent : ICollectRecord<TParent>
        where TChild : ICollectRecord<TChild> =>
        Page<TChild>($"GET {TParent.TableName}/{parentRowId}/{TChild.TableName}");

    public Task<T> CreateAsync<T>(T record, BusinessLogic businessLogic, CancellationToken cancellationToken) where T : ICollectRecord<T> =>
        throw Unused($"POST {T.TableName}");

    public Task<T> UpdateAsync<T>(T original, T changed, CancellationToken cancellationToken) where T : ICollectRecord<T> =>
        throw Unused($"PATCH {T.TableName}");

    public Task DeleteAsync<T>(RowId rowId, CancellationToken cancellationToken) where T : ICollectRecord<T> =>
        throw Unused($"DELETE {T.TableName}/{rowId}");

    private Task<CollectPage<T>> Page<T>(string call)
    {
        _calls.Enqueue(call);
        return Task.FromResult(new CollectPage<T>(Array.Empty<T>(), 0, 0));
    }

    private static NotSupportedException Unused(string call) => new($"{call} is not used by these tests.");
}
